//! Entity extraction, first version: gazetteers plus rules over capitalised phrases.
//! `extract_entities` is the one entry point; a trained tagger can replace its inside.

use crate::analyze::gazetteer::Gazetteer;
use crate::analyze::passages::sentence_spans;
use crate::model::{Entity, EntityType};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\p{Lu}\.){2,}|[\p{L}\p{N}$]+(?:[.'’&-][\p{L}\p{N}]+)*").unwrap()
});
static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|info|news|tv|io|co|[a-z]{2})$")
        .unwrap()
});

const CONNECTORS: &[&str] = &[
    "of", "on", "for", "de", "la", "le", "du", "von", "van", "der", "den", "al", "bin", "&",
];
const ORG_SUFFIXES: &[&str] = &[
    "council",
    "union",
    "relations",
    "organization",
    "organisation",
    "ministry",
    "bank",
    "party",
    "corp",
    "corporation",
    "inc",
    "ltd",
    "plc",
    "group",
    "agency",
    "institute",
    "university",
    "committee",
    "commission",
    "fund",
    "association",
    "company",
    "army",
    "forces",
    "parliament",
    "congress",
    "senate",
    "court",
    "times",
    "post",
    "news",
    "wire",
    "foundation",
    "centre",
    "center",
    "office",
    "department",
    "reserve",
    "federation",
    "alliance",
    "authority",
    "board",
    "service",
    "network",
    "airlines",
    "motors",
    "technologies",
    "systems",
    "courier",
    "ledger",
    "review",
    "journal",
    "herald",
    "tribune",
    "telegraph",
    "gazette",
    "press",
    "club",
    "united",
    "assembly",
    "cabinet",
    "administration",
    "police",
    "school",
    "college",
    "holdings",
];
const MONTHS_AND_DAYS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    sentence_initial: bool,
}

fn tokens(paragraph: &str) -> Vec<Token<'_>> {
    let starts: Vec<usize> = sentence_spans(paragraph).into_iter().map(|s| s.0).collect();
    let mut next_start = starts.iter().peekable();
    TOKEN
        .find_iter(paragraph)
        .map(|m| {
            let mut initial = false;
            while next_start.peek().is_some_and(|&&s| s <= m.start()) {
                initial = true;
                next_start.next();
            }
            Token {
                text: strip_possessive(m.as_str()),
                start: m.start(),
                end: m.end(),
                sentence_initial: initial,
            }
        })
        .collect()
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && !word.chars().any(|c| c.is_ascii_digit() || c == '$')
        && !MONTHS_AND_DAYS.contains(&word.to_lowercase().as_str())
}

/// One run of capitalised words ("European Council on Foreign Relations").
struct Candidate<'a> {
    words: Vec<&'a str>,
    sentence_initial: bool,
    after_title: bool,
}

fn candidates<'a>(para: &'a str, toks: &[Token<'a>], g: &Gazetteer) -> Vec<Candidate<'a>> {
    let joined = |a: &Token, b: &Token| para[a.end..b.start] == *" ";
    let mut out = Vec::new();
    let mut after_title = false;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if DOMAIN.is_match(t.text) {
            out.push(Candidate {
                words: vec![t.text],
                sentence_initial: false,
                after_title: false,
            });
            i += 1;
            continue;
        }
        if !capitalised(t.text) {
            after_title = false;
            i += 1;
            continue;
        }
        if g.is_title(t.text) {
            // "Secretary of State Antony Blinken": skip the title and its "of X" tail.
            i += 1;
            while i + 1 < toks.len()
                && toks[i].text == "of"
                && capitalised(toks[i + 1].text)
                && g.is_title(toks[i + 1].text) | (toks[i + 1].text.len() < 9)
            {
                i += 2;
            }
            after_title = i < toks.len() && {
                let gap = &para[toks[i - 1].end..toks[i].start];
                gap == " " || gap == ". "
            };
            continue;
        }
        let mut words = vec![t.text];
        let mut j = i + 1;
        while j < toks.len() && joined(&toks[j - 1], &toks[j]) {
            let w = toks[j].text;
            if capitalised(w) && !g.is_title(w) {
                words.push(w);
                j += 1;
            } else if CONNECTORS.contains(&w)
                && j + 1 < toks.len()
                && joined(&toks[j], &toks[j + 1])
                && capitalised(toks[j + 1].text)
            {
                words.extend([w, toks[j + 1].text]);
                j += 2;
            } else {
                break;
            }
        }
        out.push(Candidate {
            words,
            sentence_initial: t.sentence_initial,
            after_title,
        });
        after_title = false;
        i = j;
    }
    out
}

/// Decides what a capitalised run is: a type and a canonical name, or nothing.
fn classify(c: &Candidate, g: &Gazetteer) -> Option<(EntityType, String)> {
    let mut words: &[&str] = &c.words;
    let mut initial = c.sentence_initial;
    // Drop leading words that are capitalised only because they open the sentence or
    // are articles ("The US", "While Russia").
    while let Some(first) = words.first() {
        let lead = first.eq_ignore_ascii_case("the") || (initial && g.is_common(first));
        if !lead
            || words.len() == 1 && !first.eq_ignore_ascii_case("the") && g.lookup(first).is_some()
        {
            break;
        }
        words = &words[1..];
        initial = false;
    }
    while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
        words = &words[..words.len() - 1];
    }
    let name = words.join(" ");
    if name.is_empty() {
        return None;
    }
    if DOMAIN.is_match(&name) {
        return Some((EntityType::Org, name.to_lowercase()));
    }
    if let Some((kind, canonical)) = g.lookup(&name) {
        return Some((kind, canonical.to_string()));
    }
    if c.after_title && words.len() <= 3 {
        return Some((EntityType::Per, name));
    }
    let last = words[words.len() - 1].to_lowercase();
    if words.len() == 1 {
        let w = words[0];
        let acronym =
            w.len() >= 2 && w.len() <= 6 && w.chars().all(|ch| ch.is_uppercase() || ch == '.');
        if initial || g.is_common(w) {
            return None;
        }
        // A lone surname is kept for now; `resolve` joins it to a full name or drops it.
        return Some((
            if acronym {
                EntityType::Org
            } else {
                EntityType::Misc
            },
            name,
        ));
    }
    if ORG_SUFFIXES.contains(&last.as_str()) || words.iter().any(|w| CONNECTORS.contains(w)) {
        return Some((EntityType::Org, name));
    }
    if g.is_given_name(words[0]) || words.len() <= 3 {
        return Some((EntityType::Per, name));
    }
    Some((EntityType::Misc, name))
}

/// Extracts the entities of a text (paragraphs separated by blank lines), each with its
/// canonical form and mention count, in order of first mention.
pub fn extract_entities(body: &str) -> Vec<Entity> {
    let g = Gazetteer::get();
    let mut mentions: Vec<(EntityType, String)> = Vec::new();
    for para in body.split("\n\n") {
        let toks = tokens(para);
        for c in candidates(para, &toks, g) {
            if let Some(m) = classify(&c, g) {
                mentions.push(m);
            }
        }
    }
    resolve(mentions)
}

/// Joins mentions into entities: a lone surname joins the full name it ends ("Blinken" →
/// "Antony Blinken"); lone unknown words that join nothing are dropped.
fn resolve(mentions: Vec<(EntityType, String)>) -> Vec<Entity> {
    let full_names: Vec<String> = mentions
        .iter()
        .filter(|(k, n)| *k == EntityType::Per && n.contains(' '))
        .map(|(_, n)| n.clone())
        .collect();
    let mut order: Vec<(EntityType, String)> = Vec::new();
    let mut counts: HashMap<(EntityType, String), usize> = HashMap::new();
    for (kind, name) in mentions {
        let single = !name.contains(' ');
        let (kind, name) = match full_names
            .iter()
            .find(|f| single && f.rsplit(' ').next() == Some(name.as_str()))
        {
            Some(full) => (EntityType::Per, full.clone()),
            None if single
                && kind == EntityType::Misc
                && Gazetteer::get().lookup(&name).is_none() =>
            {
                continue
            }
            None => (kind, name),
        };
        let key = (kind, name);
        let n = counts.entry(key.clone()).or_insert(0);
        if *n == 0 {
            order.push(key);
        }
        *n += 1;
    }
    order
        .into_iter()
        .map(|key| Entity {
            mentions: counts[&key],
            kind: key.0,
            name: key.1,
        })
        .collect()
}

/// The canonical form a user's entity name is looked up under ("US" → "United States").
pub fn canonical_name(name: &str) -> String {
    Gazetteer::get()
        .lookup(name.trim())
        .map(|(_, c)| c.to_string())
        .unwrap_or_else(|| name.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String)> {
        extract_entities(text)
            .into_iter()
            .map(|e| (e.kind.to_string(), e.name))
            .collect()
    }

    #[test]
    fn seed_entities() {
        let seed = include_str!("../../corpus/000_9c9abb03a0ba5449.txt");
        let body = crate::analyze::passages::paragraphs(seed).join("\n\n");
        let got = names(&body);
        let has = |k: &str, n: &str| got.contains(&(k.to_string(), n.to_string()));
        for (k, n) in [
            ("PER", "Antony Blinken"),
            ("PER", "Carl Bildt"),
            ("LOC", "China"),
            ("LOC", "Ukraine"),
            ("LOC", "Russia"),
            ("LOC", "Hong Kong"),
            ("LOC", "Moscow"),
            ("LOC", "Beijing"),
            ("ORG", "European Council on Foreign Relations"),
            ("ORG", "Bloomberg"),
            ("ORG", "European Union"),
            ("ORG", "pravda.com.ua"),
        ] {
            assert!(has(k, n), "missing {k} {n} in {got:?}");
        }
        for word in ["While", "Analysts", "Crucially", "Apr", "US$240"] {
            assert!(
                got.iter().all(|(_, n)| n != word),
                "{word} taken for a name: {got:?}"
            );
        }
    }

    #[test]
    fn surnames_join_full_names_and_aliases_canonicalise() {
        let got = names("Antony Blinken arrived. Officials said Blinken met U.S. allies.");
        assert!(got.contains(&("PER".into(), "Antony Blinken".into())));
        assert!(!got.iter().any(|(_, n)| n == "Blinken"));
        assert!(got.contains(&("LOC".into(), "United States".into())));
        assert_eq!(canonical_name("U.S."), "United States");
    }
}
