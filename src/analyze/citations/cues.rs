//! The cues of the guidelines' closed inventory in one sentence, and the source phrases
//! each one points at: `X said/says/told/reported`, `said X`, `reported X`, `citing X`,
//! `according to X`, `in an interview with X`, `told X` (an outlet), `X quoted/cited Y (as
//! saying)`, `X, which first reported`, `X have been cited as saying`.
//!
//! One left-to-right pass over the tokens; every cue looks at a bounded window around it.

use super::lexicon::{self, Cue, NounClass};
use super::phrases::{self, Head, Phrase};
use super::tokens::Tok;

/// A source phrase and the cue that points at it (token ranges, inclusive).
#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub phrase: Phrase,
    pub cue: (usize, usize),
    /// Only an outlet counts (`told X`: an audience is not a source).
    pub outlets_only: bool,
}

fn is_quote(t: &Tok) -> bool {
    !t.word && matches!(t.text, "\"" | "“" | "”" | "'" | "‘" | "’" | "«" | "»")
}

fn is_dash(t: &Tok) -> bool {
    !t.word && matches!(t.text, "-" | "—" | "–")
}

/// Punctuation no source phrase reaches across.
fn is_hard(t: &Tok) -> bool {
    is_quote(t) || (!t.word && matches!(t.text, ";" | ":" | "(" | ")" | "[" | "]"))
}

/// The cues of one sentence's tokens, with their sources.
pub fn find(t: &[Tok]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut lo = 0;
    for c in 0..t.len() {
        let w = &t[c];
        if !w.word {
            if is_hard(w) {
                lo = c + 1;
            }
            continue;
        }
        match w.lower.as_ref() {
            "according" if t.get(c + 1).is_some_and(|n| n.lower == "to") => {
                push_list(&mut out, t, c + 2, (c, c + 1), false);
                continue;
            }
            "interview"
                if c >= 2
                    && t[c - 1].lower == "an"
                    && t[c - 2].lower == "in"
                    && t.get(c + 1).is_some_and(|n| n.lower == "with") =>
            {
                push_list(&mut out, t, c + 2, (c - 2, c + 1), false);
                continue;
            }
            _ => {}
        }
        let Some(cue) = lexicon::cue(&w.lower) else {
            continue;
        };
        verb(&mut out, t, c, cue, lo);
        lo = c + 1;
    }
    out
}

/// The sources of one cue verb at `c`.
fn verb(out: &mut Vec<Found>, t: &[Tok], c: usize, cue: Cue, lo: usize) {
    let w = t[c].lower.as_ref();
    let as_saying = t.get(c + 1).is_some_and(|n| n.lower == "as")
        && t.get(c + 2).is_some_and(|n| n.lower == "saying");
    match cue {
        Cue::Say if w == "saying" => {}
        Cue::Cite if w == "citing" => push_list(out, t, c + 1, (c, c), false),
        Cue::Quote if w == "quoting" => push_list(out, t, c + 1, (c, c), false),
        Cue::Cite | Cue::Quote => {
            let cue_span = if as_saying { (c, c + 2) } else { (c, c) };
            if let Some((subjects, passive, _)) = subject(t, c, lo) {
                if !passive || as_saying {
                    push_all(out, subjects, cue_span);
                }
            }
            if !as_saying {
                // "X cited Y", and "Y cited by X": X cites Y.
                let by = usize::from(t.get(c + 1).is_some_and(|n| n.lower == "by"));
                push_list(out, t, c + 1 + by, (c, c + by), false);
            }
        }
        Cue::Say => {
            if inverted(t, c) {
                if let Some(p) = inverted_source(t, c) {
                    out.push(Found {
                        phrase: p,
                        cue: (c, c),
                        outlets_only: false,
                    });
                    return;
                }
            }
            if let Some((subjects, false, from)) = subject(t, c, lo) {
                push_all(out, subjects, (from, c));
            }
        }
        Cue::Tell => {
            if let Some((subjects, false, from)) = subject(t, c, lo) {
                push_all(out, subjects, (from, c));
            }
            let mut k = c + 1;
            if t.get(k).is_some_and(|x| lexicon::is_audience(&x.lower))
                && t.get(k + 1)
                    .is_some_and(|x| x.any(&["on", "of", "at", "from"]))
            {
                k += 2;
            }
            if let Some(p) = phrases::right(t, k, t.len() - 1) {
                out.push(Found {
                    phrase: p,
                    cue: (c, c),
                    outlets_only: true,
                });
            }
        }
        Cue::Report => report(out, t, c, lo),
    }
}

/// `reported X`, `X reported (that) ...`, `X, which first reported`.
fn report(out: &mut Vec<Found>, t: &[Tok], c: usize, lo: usize) {
    if c > 0 && t[c - 1].is(',') {
        let before = out.len();
        push_list(out, t, c + 1, (c, c), false);
        if out.len() > before {
            return;
        }
    }
    // "the FT report said": a noun.
    if t[c].lower != "reported"
        && t.get(c + 1)
            .is_some_and(|n| lexicon::cue(&n.lower).is_some())
    {
        return;
    }
    let Some((subjects, false, from)) = subject(t, c, lo) else {
        return;
    };
    for p in subjects {
        // "its World Production and Trade report", "a Reuter report": a noun.
        if p.first > 0
            && t[p.first - 1].any(&["a", "an", "its", "his", "her", "their", "our", "the"])
        {
            continue;
        }
        if t[c].lower != "reported"
            && !matches!(p.head, Head::Pronoun | Head::Noun { .. })
            && !is_outlet_phrase(t, &p)
        {
            continue;
        }
        let speaks = is_outlet_phrase(t, &p)
            || is_public_body(t, &p)
            || from < c && t[from].lower == "which"
            || reports_content(t, c);
        if speaks {
            out.push(Found {
                phrase: p,
                cue: (from, c),
                outlets_only: false,
            });
        }
    }
}

/// Whether a phrase is a public body, which reports facts about others (`The government
/// has officially reported 70 strikes`), where a company reports its own results.
fn is_public_body(t: &[Tok], p: &Phrase) -> bool {
    matches!(
        p.head,
        Head::Noun {
            class: NounClass::Org,
            definite: true,
            ..
        }
    ) && t[p.last].any(&[
        "government",
        "ministry",
        "department",
        "police",
        "authorities",
        "army",
        "military",
        "commission",
    ])
}

/// Whether a phrase names an outlet (a domain, a name in the table or shaped like an
/// outlet's, a common outlet noun).
fn is_outlet_phrase(t: &[Tok], p: &Phrase) -> bool {
    match p.head {
        Head::Domain => true,
        Head::Name { first, last } => {
            let name = name_text(t, first, last);
            crate::analyze::outlets::lookup(&name).is_some()
                || crate::analyze::outlets::looks_like_outlet_name(&name)
        }
        Head::Noun { class, .. } => class == NounClass::Outlet,
        _ => false,
    }
}

fn name_text(t: &[Tok], first: usize, last: usize) -> String {
    let mut s = String::new();
    for x in &t[first..=last] {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(x.text);
    }
    s
}

/// Whether `reported` at `c` reports content (`reported that ...`, `reported, citing`,
/// `reported on Monday that`), not an object (`reported a 37 pct drop`).
fn reports_content(t: &[Tok], c: usize) -> bool {
    for x in t.iter().skip(c + 1).take(5) {
        if !x.word || x.lower == "that" {
            return true;
        }
        let filler = lexicon::is_calendar(&x.lower)
            || x.any(&[
                "on",
                "last",
                "this",
                "earlier",
                "in",
                "month",
                "week",
                "year",
                "today",
                "yesterday",
                "late",
            ])
            || x.text.as_bytes()[0].is_ascii_digit();
        if !filler {
            return false;
        }
    }
    true
}

/// `..., said X` / `," said X`: the verb right after a comma or a closing quote.
fn inverted(t: &[Tok], c: usize) -> bool {
    c > 0 && (t[c - 1].is(',') || is_quote(&t[c - 1]))
}

/// The source after an inverted verb, when what follows it ends the clause (`said Jan
/// Egeland, head of ...`, `said the spokesman.`), not a clause of its own (`said VW had`).
fn inverted_source(t: &[Tok], c: usize) -> Option<Phrase> {
    let p = phrases::right(t, c + 1, t.len() - 1)?;
    let next = t.get(p.last + 1);
    let ends = next.is_none_or(|n| {
        !n.word
            || n.any(&[
                "in",
                "on",
                "at",
                "last",
                "yesterday",
                "today",
                "during",
                "after",
                "before",
                "when",
                "while",
                "earlier",
                "later",
                "here",
                "there",
                "this",
            ])
            || lexicon::is_calendar(&n.lower)
    });
    (ends && p.head != Head::Pronoun || next.is_none_or(|n| !n.word) && p.head == Head::Pronoun)
        .then_some(p)
}

fn push_all(out: &mut Vec<Found>, subjects: Vec<Phrase>, cue: (usize, usize)) {
    for p in subjects {
        out.push(Found {
            phrase: p,
            cue,
            outlets_only: false,
        });
    }
}

/// The source phrases after a cue, joined by "and" (`citing US officials and Bloomberg`).
fn push_list(
    out: &mut Vec<Found>,
    t: &[Tok],
    start: usize,
    cue: (usize, usize),
    outlets_only: bool,
) {
    let mut k = start;
    for _ in 0..4 {
        let Some(p) = phrases::right(t, k, t.len() - 1) else {
            return;
        };
        out.push(Found {
            phrase: p,
            cue,
            outlets_only,
        });
        match t.get(p.last + 1) {
            Some(n) if n.lower == "and" => k = p.last + 2,
            _ => return,
        }
    }
}

/// The subject of the verb at `c`, after the adverbs and auxiliaries before it: the
/// phrases, whether the verb is passive, and the first token of the cue (`which` in
/// `which first reported`, else `c`).
fn subject(t: &[Tok], c: usize, lo: usize) -> Option<(Vec<Phrase>, bool, usize)> {
    let mut i = c;
    let mut passive = false;
    let mut first_seen = false;
    loop {
        if i <= lo {
            return None;
        }
        i -= 1;
        let x = &t[i];
        if !x.word {
            break;
        }
        match lexicon::verb_filler(&x.lower) {
            // "have not said", "did not say": nothing is attributed.
            Some(_) if x.any(&["not", "never"]) => return None,
            Some(be) => {
                passive |= be;
                first_seen |= x.lower == "first";
            }
            None => break,
        }
    }
    let x = &t[i];
    if x.lower == "and" && t[c].lower != "reported" {
        // "The Game described ... and said he would not"
        return clause_subject(t, i).map(|p| (vec![p], passive, c));
    }
    if x.any(&["who", "which"]) {
        // "the Pacific Courier, which first reported it", "Giovanni Agnelli, who said"
        if i >= lo + 2 && t[i - 1].is(',') {
            let from = if first_seen || t[c].lower != "reported" {
                i
            } else {
                c
            };
            let from = if t[c].lower == "reported" {
                i
            } else {
                from.max(c)
            };
            let p = phrases::left(t, i - 2, segment_start(t, i - 2, lo))?;
            return Some((vec![p], passive, from));
        }
        return None;
    }
    if is_dash(x) {
        // "Gerry Conlon - who was wrongly convicted ... - said"
        let open = (lo..i).rev().find(|&k| is_dash(&t[k]))?;
        if open == lo || !t[open - 1].word {
            return None;
        }
        return Some((by_segments(t, open - 1, lo), passive, c));
    }
    if x.is(',') {
        return Some((after_apposition(t, i, lo)?, passive, c));
    }
    if !x.word {
        return None;
    }
    let found = by_segments(t, i, lo);
    (!found.is_empty()).then_some((found, passive, c))
}

/// The subject of the clause whose second verb follows the "and" at `and`: the phrase that
/// opens the clause (after a conjunction and an opening adverbial ending in a comma), when
/// a verb follows it. The clause starts at the sentence's start, `;` or `:`.
fn clause_subject(t: &[Tok], and: usize) -> Option<Phrase> {
    const MAX_ADVERBIAL: usize = 15;
    let start = (0..and)
        .rev()
        .find(|&k| lexicon::cue(&t[k].lower).is_some() || t[k].is(';') || t[k].is(':'));
    // After a verb of saying, the clause is what was said ("Mr Brown said it was ... and
    // said"): its subject is not the speaker.
    if start.is_some_and(|k| lexicon::cue(&t[k].lower).is_some()) {
        return None;
    }
    let mut s = start.map_or(0, |k| k + 1);
    while s < and && !t[s].word {
        s += 1;
    }
    if t[s].any(&["but", "and", "however", "meanwhile", "yet", "so", "now"]) {
        s += 1;
        while s < and && t[s].is(',') {
            s += 1;
        }
    }
    let opener = &t[s];
    let adverbial = opener.word
        && (lexicon::is_function(&opener.lower) || lexicon::is_calendar(&opener.lower))
        && lexicon::determiner(&opener.lower).is_none()
        && !lexicon::PRONOUNS.contains(&opener.lower.as_ref());
    if adverbial {
        let comma = (s..and.min(s + MAX_ADVERBIAL)).find(|&k| t[k].is(','))?;
        s = comma + 1;
    }
    if s >= and {
        return None;
    }
    let p = phrases::right(t, s, and - 1)?;
    let verb_follows = t
        .get(p.last + 1)
        .is_some_and(|n| n.word && !n.cap && p.last + 1 < and);
    let source = matches!(p.head, Head::Name { .. } | Head::Pronoun)
        || matches!(p.head, Head::Noun { class, .. } if class != NounClass::Doc);
    (verb_follows && source).then_some(p)
}

/// The first token of the comma or dash separated segment that ends at `end`.
fn segment_start(t: &[Tok], end: usize, lo: usize) -> usize {
    (lo..=end)
        .rev()
        .find(|&k| t[k].is(',') || is_dash(&t[k]))
        .map_or(lo, |k| k + 1)
}

/// The comma or dash separated segments of `lo..=end` (the last few), as inclusive ranges.
fn segments(t: &[Tok], lo: usize, end: usize) -> Vec<(usize, usize)> {
    const MAX_SEGMENTS: usize = 6;
    let mut segs = Vec::new();
    // The segment being read ends at `seg_end` (exclusive); it is empty when equal to `k`.
    let mut seg_end = end + 1;
    let mut k = end + 1;
    while k > lo && segs.len() < MAX_SEGMENTS {
        k -= 1;
        if t[k].is(',') || is_dash(&t[k]) {
            if k + 1 < seg_end {
                segs.push((k + 1, seg_end - 1));
            }
            seg_end = k;
        }
    }
    if k == lo && lo < seg_end && segs.len() < MAX_SEGMENTS {
        segs.push((lo, seg_end - 1));
    }
    segs.reverse();
    segs
}

/// The phrase that a whole segment is, after a leading conjunction or sentence adverb.
fn whole(t: &[Tok], (s, e): (usize, usize)) -> Option<Phrase> {
    let mut s = s;
    while s < e
        && t[s].any(&[
            "but",
            "and",
            "however",
            "while",
            "yet",
            "so",
            "meanwhile",
            "also",
            "then",
            "now",
            "whereas",
        ])
    {
        s += 1;
    }
    let p = phrases::left(t, e, s)?;
    (p.first == s
        && matches!(
            p.head,
            Head::Name { .. } | Head::Noun { .. } | Head::Domain | Head::Pronoun
        ))
    .then_some(p)
}

/// The subject whose last word is at `i`: the phrase there, unless an earlier segment is a
/// name followed by an appositive (`Buchheit, a partner with Cleary, Gottlieb, Steen and
/// Hamilton, told`); with a coordinated source before it (`foreign bankers and government
/// officials`).
fn by_segments(t: &[Tok], i: usize, lo: usize) -> Vec<Phrase> {
    let segs = segments(t, lo, i);
    let Some(&(last_s, _)) = segs.last() else {
        return Vec::new();
    };
    let Some(p) = phrases::left(t, i, lo) else {
        return Vec::new();
    };
    let (s1, e1) = segs[segs.len() - 1];
    if p.first == last_s || phrases::is_appositive(t, s1, e1) {
        for j in 0..segs.len().saturating_sub(1) {
            if let Some(q) = whole(t, segs[j]) {
                if phrases::is_appositive(t, segs[j + 1].0, segs[j + 1].1) {
                    return vec![q];
                }
            }
        }
    }
    let mut found = vec![p];
    if p.first >= last_s + 2 && t[p.first - 1].lower == "and" {
        if let Some(q) = phrases::left(t, p.first - 2, last_s) {
            let nouns = matches!(q.head, Head::Noun { .. }) && matches!(p.head, Head::Noun { .. });
            if nouns || is_outlet_phrase(t, &q) && is_outlet_phrase(t, &p) {
                found.insert(0, q);
            }
        }
    }
    found
}

/// The subject before a comma that ends an appositive or a relative clause (`Carl Bildt,
/// co-chair of ..., has said`; `The official, who asked not to be named, told`), or that
/// ends a name in apposition (`The programme's host, Jonathan Dimbleby, later told`).
fn after_apposition(t: &[Tok], comma: usize, lo: usize) -> Option<Vec<Phrase>> {
    if comma <= lo {
        return None;
    }
    let segs = segments(t, lo, comma - 1);
    let &(s1, e1) = segs.last()?;
    for j in 0..segs.len() - 1 {
        if let Some(q) = whole(t, segs[j]) {
            if phrases::is_appositive(t, segs[j + 1].0, segs[j + 1].1) {
                return Some(vec![q]);
            }
        }
    }
    if phrases::is_appositive(t, s1, e1) {
        return None;
    }
    whole(t, (s1, e1)).map(|p| vec![p])
}
