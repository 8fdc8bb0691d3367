//! Source noun phrases around a cue: the subject to the left of a verb (`the Labor
//! Department said`, `Carl Bildt, co-chair of ..., has said`) and the phrase to the right of
//! `according to`, `citing`, an inverted `said` or `told` (`said the spokesman`, `citing US
//! officials and Bloomberg`). A phrase is found by a bounded walk over the sentence's
//! tokens (at most a few dozen tokens each way), never by backtracking.

use super::lexicon::{self, NounClass};
use super::tokens::Tok;
use crate::analyze::outlets;

/// What a source phrase is headed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// `he`, `She`, `it`, `they`.
    Pronoun,
    /// `60%` of the people surveyed.
    Share,
    /// `telegraph.co.uk`.
    Domain,
    /// A capitalised name, tokens `first..=last` (with its `the`).
    Name { first: usize, last: usize },
    /// A common noun (`officials`, `the ministry`); `name` is a capitalised name among its
    /// modifiers (`USDA` in `the USDA crop report`, `CNN` in `the CNN television network`).
    Noun {
        class: NounClass,
        definite: bool,
        unnamed: bool,
        name: Option<(usize, usize)>,
    },
}

/// A source phrase: tokens `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    pub first: usize,
    pub last: usize,
    pub head: Head,
}

/// How far a phrase walk goes, in tokens.
const MAX_PHRASE: usize = 12;

fn is_name_word(t: &Tok) -> bool {
    t.word
        && (t.cap || (t.text.as_bytes()[0].is_ascii_digit() && t.text.len() <= 4))
        && !lexicon::is_function(&t.lower)
        && !lexicon::is_calendar(&t.lower)
        && lexicon::cue(&t.lower).is_none()
}

fn is_cap_name_word(t: &Tok) -> bool {
    t.word && t.cap && is_name_word(t)
}

/// Connectors inside a name (`Bank of England`, `Council on Foreign Relations`,
/// `Wagner and Brown`).
fn is_name_connector(t: &Tok) -> bool {
    t.text == "&"
        || t.any(&[
            "of", "and", "&", "de", "du", "der", "von", "van", "for", "on", "la", "le", "del",
        ])
}

/// The longest outlet of the table, of up to this many words, that a phrase can be.
const MAX_OUTLET_WORDS: usize = 5;

fn words_text(t: &[Tok], first: usize, last: usize) -> String {
    let mut s = String::new();
    for x in &t[first..=last] {
        if !s.is_empty() && x.word {
            s.push(' ');
        }
        s.push_str(x.text);
    }
    s
}

/// Whether the words `first..=last` are an outlet of the table: capitalised at both ends,
/// words only (`The Mail on Sunday`, `News of the World`, `The Sunday Times`).
fn is_table_outlet(t: &[Tok], first: usize, last: usize) -> bool {
    t[first].cap
        && (t[last].cap || t[last].poss)
        && t[first..=last].iter().all(|x| x.word)
        && outlets::lookup(&words_text(t, first, last)).is_some()
}

/// The first token of the longest table outlet (of two or more words) ending at `last`.
fn table_outlet_ending(t: &[Tok], last: usize, lo: usize) -> Option<usize> {
    let from = last.saturating_sub(MAX_OUTLET_WORDS - 1).max(lo);
    (from..last).find(|&f| is_table_outlet(t, f, last))
}

/// The last token of the longest table outlet (of two or more words) starting at `first`.
fn table_outlet_starting(t: &[Tok], first: usize, hi: usize) -> Option<usize> {
    let to = (first + MAX_OUTLET_WORDS - 1).min(hi);
    (first + 1..=to)
        .rev()
        .find(|&l| is_table_outlet(t, first, l))
}

/// The source class of the noun at `i`, seen with the word before it.
fn head_class(t: &[Tok], i: usize) -> Option<NounClass> {
    let before = i.checked_sub(1).map(|b| t[b].lower.as_ref());
    lexicon::head_class(t[i].stem(), before)
}

/// The first token of the capitalised name ending at `last`, not before `lo`.
fn name_start_left(t: &[Tok], last: usize, lo: usize) -> usize {
    let mut first = last;
    while first > lo && last - first < MAX_PHRASE {
        let p = &t[first - 1];
        if is_name_word(p) && (p.cap || t[first].cap) {
            first -= 1;
        } else if first >= lo + 2 && is_name_connector(p) && is_cap_name_word(&t[first - 2]) {
            first -= 2;
        } else if first >= lo + 3
            && p.lower == "the"
            && t[first - 2].lower == "of"
            && is_cap_name_word(&t[first - 3])
        {
            first -= 3;
        } else {
            break;
        }
    }
    // The first capitalised word: a number does not open a name.
    while first < last && !t[first].cap {
        first += 1;
    }
    first
}

/// Leaves job titles out of a name (`US Treasury Under-Secretary John Taylor` → `John
/// Taylor`); honorifics stay (`Mr Blair`).
fn after_titles(t: &[Tok], first: usize, last: usize) -> usize {
    let mut start = first;
    for i in first..last {
        if lexicon::is_job_title(t[i].text) && t[i + 1].cap {
            start = i + 1;
        }
    }
    start
}

/// `the` before a name, when there is one.
fn with_article(t: &[Tok], first: usize, lo: usize) -> usize {
    if first > lo && t[first - 1].lower == "the" {
        first - 1
    } else {
        first
    }
}

fn single(i: usize, head: Head) -> Phrase {
    Phrase {
        first: i,
        last: i,
        head,
    }
}

fn is_share(t: &Tok) -> bool {
    t.word && t.text.ends_with('%')
}

/// A phrase that is a single token: a pronoun, a share, a domain.
fn single_token_phrase(t: &[Tok], i: usize) -> Option<Phrase> {
    let w = &t[i];
    if lexicon::PRONOUNS.contains(&w.lower.as_ref()) {
        Some(single(i, Head::Pronoun))
    } else if is_share(w) {
        Some(single(i, Head::Share))
    } else if outlets::is_domain(w.text) {
        Some(single(i, Head::Domain))
    } else {
        None
    }
}

/// The source phrase ending at token `last`, starting at `lo` or later: a pronoun, a
/// name, or a common noun of a source class with its modifiers; extended to the left by a
/// preposition phrase's owner (`Traders in Shenzhen`).
pub fn left(t: &[Tok], last: usize, lo: usize) -> Option<Phrase> {
    let w = t.get(last)?;
    if !w.word || last < lo {
        return None;
    }
    if let Some(p) = single_token_phrase(t, last) {
        return Some(p);
    }
    if let Some(first) = table_outlet_ending(t, last, lo) {
        let first = with_article(t, first, lo);
        return Some(Phrase {
            first,
            last,
            head: Head::Name { first, last },
        });
    }
    if lexicon::is_function(&w.lower) || lexicon::is_calendar(&w.lower) {
        return None;
    }
    let class = lexicon::noun_class(w.stem());
    let after_name = w.cap && last > lo && is_cap_name_word(&t[last - 1]) && !t[last - 1].poss;
    let as_noun = class == Some(NounClass::Person) || (class.is_some() && !after_name);
    if as_noun {
        let p = noun_left(t, last, lo)?;
        return Some(extend_left(t, p, lo));
    }
    if w.cap {
        let first = name_start_left(t, last, lo);
        let first = with_article(t, after_titles(t, first, last), lo);
        let p = Phrase {
            first,
            last,
            head: Head::Name { first, last },
        };
        return Some(extend_left(t, p, lo));
    }
    // A generic noun phrase is a source only as the object of an owner's preposition
    // (`people familiar with the trade`, `officials from two other member states`).
    let p = generic_left(t, last, lo)?;
    let q = extend_left(t, p, lo);
    (q != p).then_some(q)
}

/// A common noun headed phrase ending at `last`: modifiers back to a determiner.
fn noun_left(t: &[Tok], last: usize, lo: usize) -> Option<Phrase> {
    let class = head_class(t, last)?;
    let mut first = last;
    let mut definite = false;
    let mut unnamed = false;
    while first > lo && last - first < MAX_PHRASE {
        let p = &t[first - 1];
        if !p.word {
            break;
        }
        if let Some(def) = lexicon::determiner(&p.lower) {
            first -= 1;
            definite |= def;
            if first > lo && t[first - 1].lower == "the" {
                first -= 1;
                definite = true;
            }
            break;
        }
        if p.poss {
            // Ukraine's defence ministry, The city's government, Miller's spokesman
            first -= 1;
            definite = true;
            if first > lo && t[first - 1].lower == "the" {
                first -= 1;
            }
            break;
        }
        if lexicon::is_function(&p.lower)
            || lexicon::is_calendar(&p.lower)
            || lexicon::cue(&p.lower).is_some()
            || p.lower.ends_with("ly")
        {
            // "of" between capitalised words belongs to a name modifier (Board of Trade).
            if p.lower == "of" && first >= lo + 2 && t[first - 2].cap && t[first].cap {
                first -= 1;
                continue;
            }
            break;
        }
        unnamed |= lexicon::is_unnaming_modifier(&p.lower);
        first -= 1;
    }
    let name = cap_run_before(t, first, last);
    Some(Phrase {
        first,
        last,
        head: Head::Noun {
            class,
            definite,
            unnamed,
            name,
        },
    })
}

/// The last run of capitalised modifiers in `first..last` (not the head itself).
fn cap_run_before(t: &[Tok], first: usize, last: usize) -> Option<(usize, usize)> {
    let mut end = None;
    for i in (first..last).rev() {
        if is_cap_name_word(&t[i]) || (t[i].word && t[i].text.as_bytes()[0].is_ascii_digit()) {
            if end.is_none() && t[i].cap {
                end = Some(i);
            }
        } else if end.is_some() {
            return end.map(|e| (name_start(t, i + 1, e), e));
        }
    }
    end.map(|e| (name_start(t, first, e), e))
}

fn name_start(t: &[Tok], from: usize, end: usize) -> usize {
    let mut s = end;
    while s > from && is_cap_name_word(&t[s - 1]) && !t[s - 1].poss {
        s -= 1;
    }
    s
}

/// Any noun phrase ending at `last` (determiner and content words), as the object of a
/// preposition.
fn generic_left(t: &[Tok], last: usize, lo: usize) -> Option<Phrase> {
    let w = &t[last];
    if !w.word || lexicon::is_function(&w.lower) || lexicon::cue(&w.lower).is_some() {
        return None;
    }
    let mut first = last;
    while first > lo && last - first < 5 {
        let p = &t[first - 1];
        if !p.word {
            break;
        }
        if lexicon::determiner(&p.lower).is_some() {
            first -= 1;
            if first > lo && t[first - 1].lower == "the" {
                first -= 1;
            }
            break;
        }
        if lexicon::is_function(&p.lower) || lexicon::cue(&p.lower).is_some() {
            break;
        }
        first -= 1;
    }
    Some(Phrase {
        first,
        last,
        head: Head::Noun {
            class: NounClass::Doc,
            definite: false,
            unnamed: true,
            name: None,
        },
    })
}

/// Extends `p` to the left over `<owner> <preposition>`: `Traders in Shenzhen`, `people
/// familiar with the matter`, `The Chinese mission to the EU`, `Officials in Denmark,
/// Finland and Estonia`. The owner must be a common noun of a source class.
fn extend_left(t: &[Tok], p: Phrase, lo: usize) -> Phrase {
    let mut f = p.first;
    // A list of places before the last: ", Finland" in "in Denmark, Finland and Estonia".
    let mut hops = 0;
    while hops < 3 && f >= lo + 3 && t[f - 1].is(',') && is_cap_name_word(&t[f - 2]) {
        let start = name_start_left(t, f - 2, lo);
        if start == 0
            || !lexicon::is_source_preposition(&t[start - 1].lower) && !t[start - 1].is(',')
        {
            if start > 0 && lexicon::is_source_preposition(&t[start - 1].lower) {
                f = start;
            }
            break;
        }
        f = start;
        hops += 1;
    }
    if f < lo + 2 || !t[f - 1].word || !lexicon::is_source_preposition(&t[f - 1].lower) {
        return p;
    }
    let prep = f - 1;
    let mut owner_last = prep - 1;
    if t[prep].any(&["with", "to"]) && t[owner_last].any(&["familiar", "close", "closest"]) {
        if owner_last == lo {
            return p;
        }
        owner_last -= 1;
    }
    if !t[owner_last].word || lexicon::noun_class(t[owner_last].stem()).is_none() {
        return p;
    }
    match noun_left(t, owner_last, lo) {
        Some(owner) => Phrase {
            first: owner.first,
            last: p.last,
            head: owner.head,
        },
        None => p,
    }
}

/// The source phrase starting at token `first` and not past `hi`: a pronoun, a share, a
/// domain, a name, or a common noun of a source class with its modifiers and an
/// affiliation (`diplomats in Brussels`, `people familiar with the matter`).
pub fn right(t: &[Tok], first: usize, hi: usize) -> Option<Phrase> {
    let w = t.get(first)?;
    if !w.word || first > hi {
        return None;
    }
    if let Some(p) = single_token_phrase(t, first) {
        return Some(p);
    }
    // Determiner, then content words up to a function word or punctuation.
    let mut j = first;
    let mut definite = false;
    if let Some(def) = lexicon::determiner(&w.lower) {
        definite = def;
        j += 1;
        if j <= hi && t[j].word && t[j].lower != "the" {
            if let Some(d2) = lexicon::determiner(&t[j].lower) {
                definite |= d2;
                j += 1;
            }
        }
    }
    let body = j;
    if let Some(end) = table_outlet_starting(t, body, hi) {
        let first = if body > first {
            with_article(t, body, first)
        } else {
            body
        };
        return Some(Phrase {
            first,
            last: end,
            head: Head::Name { first, last: end },
        });
    }
    let mut end = None;
    let mut k = j;
    while k <= hi && k - body < MAX_PHRASE {
        let x = &t[k];
        let joins_name = k > body
            && is_name_connector(x)
            && !x.any(&["and"])
            && k < hi
            && t[k - 1].cap
            && (is_cap_name_word(&t[k + 1])
                || (t[k + 1].lower == "the" && k + 2 <= hi && t[k + 2].cap));
        if joins_name {
            k += if t[k + 1].lower == "the" { 2 } else { 1 };
            continue;
        }
        let digit_after_cap =
            x.word && x.text.as_bytes()[0].is_ascii_digit() && k > body && t[k - 1].cap;
        let ok = x.word
            && !lexicon::is_function(&x.lower)
            && !lexicon::is_calendar(&x.lower)
            && lexicon::cue(&x.lower).is_none()
            && (x.cap || digit_after_cap || !x.lower.ends_with("ly"));
        if !ok {
            break;
        }
        // A past participle after a head noun ends the phrase (`filings reviewed by`).
        if end.is_some() && !x.cap && (x.lower.ends_with("ed") || x.lower.ends_with("ing")) {
            break;
        }
        end = Some(k);
        k += 1;
        if x.poss && !(k <= hi && t[k].word) {
            break;
        }
    }
    let end = end?;
    let phrase = if t[end].cap
        || (t[end].text.as_bytes()[0].is_ascii_digit() && end > body && t[end - 1].cap)
    {
        // A name: from its first capitalised word (`editor David Roberts`).
        let mut s = end;
        while s > body
            && (is_name_word(&t[s - 1]) || is_name_connector(&t[s - 1]) || t[s - 1].lower == "the")
            && !t[s - 1].poss
        {
            s -= 1;
        }
        while s < end && !t[s].cap {
            s += 1;
        }
        let s = after_titles(t, s, end);
        let s = if s == body {
            first
        } else {
            with_article(t, s, first)
        };
        if lexicon::noun_class(t[end].stem()).is_some() && s == end {
            noun_phrase(t, first, end, definite)?
        } else {
            Phrase {
                first: s,
                last: end,
                head: Head::Name {
                    first: s,
                    last: end,
                },
            }
        }
    } else {
        // The last source noun is the head (`company filings`, `the official news agency`).
        let head = (body..=end)
            .rev()
            .find(|&i| lexicon::noun_class(t[i].stem()).is_some())?;
        noun_phrase(t, first, head, definite)?
    };
    Some(extend_right(t, phrase, hi))
}

fn noun_phrase(t: &[Tok], first: usize, head: usize, definite: bool) -> Option<Phrase> {
    let class = head_class(t, head)?;
    let unnamed = (first..head).any(|i| lexicon::is_unnaming_modifier(&t[i].lower));
    let definite = definite || (first..head).any(|i| t[i].poss);
    Some(Phrase {
        first,
        last: head,
        head: Head::Noun {
            class,
            definite,
            unnamed,
            name: cap_run_before(t, first, head),
        },
    })
}

/// Extends a common-noun source to the right over its affiliation: `diplomats in
/// Brussels`, `people familiar with the matter`, `port records from Estonia and Finland`.
fn extend_right(t: &[Tok], p: Phrase, hi: usize) -> Phrase {
    let Head::Noun { class, .. } = p.head else {
        return p;
    };
    if !matches!(
        class,
        NounClass::Person | NounClass::Doc | NounClass::Outlet
    ) {
        return p;
    }
    let mut k = p.last + 1;
    if k < hi && t[k].any(&["familiar", "close"]) && t[k + 1].any(&["with", "to"]) {
        k += 1;
    } else if !(k < hi && t[k].any(&["in", "at", "from", "of", "within", "inside"])) {
        return p;
    }
    k += 1;
    // The object: a name (with "and" between names), or determiner and content words.
    let start = k;
    if t[k].lower == "the" || lexicon::determiner(&t[k].lower).is_some() {
        k += 1;
    }
    let mut last = None;
    while k <= hi && k - start < MAX_PHRASE {
        let x = &t[k];
        let name_word =
            x.word && x.cap && !lexicon::is_calendar(&x.lower) && !lexicon::is_function(&x.lower);
        let content_word = x.word
            && !x.cap
            && !lexicon::is_function(&x.lower)
            && lexicon::cue(&x.lower).is_none()
            && !x.lower.ends_with("ed");
        if name_word || content_word {
            last = Some(k);
        } else if x.any(&["and", "of", "on"])
            && k < hi
            && t[k + 1].cap
            && last.is_some_and(|l| t[l].cap)
        {
            // Estonia and Finland; Council on Foreign Relations
        } else {
            break;
        }
        k += 1;
    }
    match last {
        Some(l) => Phrase { last: l, ..p },
        None => p,
    }
}

/// Whether the token range `first..=last` reads as an appositive or a relative clause
/// after a name (`co-chair of ...`, `a partner with ...`, `Miller's spokesman`, `who ...`).
pub fn is_appositive(t: &[Tok], first: usize, last: usize) -> bool {
    let Some(w) = t.get(first) else {
        return false;
    };
    if first > last || !w.word {
        return false;
    }
    (!w.cap && !lexicon::PRONOUNS.contains(&w.lower.as_ref()))
        || (w.poss && t.get(first + 1).is_some_and(|n| n.word && !n.cap))
        || w.any(&["who", "which"])
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn text_left(s: &str, before: &str) -> Option<String> {
        let t = tokenize(s);
        let cue = t.iter().position(|x| x.text == before).unwrap();
        left(&t, cue - 1, 0).map(|p| s[t[p.first].start..t[p.last].end].to_string())
    }

    fn text_right(s: &str, after: &str) -> Option<String> {
        let t = tokenize(s);
        let cue = t.iter().position(|x| x.text == after).unwrap();
        right(&t, cue + 1, t.len() - 1).map(|p| s[t[p.first].start..t[p.last].end].to_string())
    }

    #[test]
    fn subjects() {
        assert_eq!(
            text_left("But US Treasury Under-Secretary John Taylor said", "said").as_deref(),
            Some("John Taylor")
        );
        assert_eq!(
            text_left("Last month her lawyers said", "said").as_deref(),
            Some("her lawyers")
        );
        assert_eq!(
            text_left("Traders in Shenzhen said", "said").as_deref(),
            Some("Traders in Shenzhen")
        );
        assert_eq!(
            text_left("people familiar with the trade said", "said").as_deref(),
            Some("people familiar with the trade")
        );
        assert_eq!(
            text_left("The Bank of England said", "said").as_deref(),
            Some("The Bank of England")
        );
        assert_eq!(
            text_left("A Board of Foreign Trade official told", "told").as_deref(),
            Some("A Board of Foreign Trade official")
        );
        assert_eq!(
            text_left("Officials in Denmark, Finland and Estonia said", "said").as_deref(),
            Some("Officials in Denmark, Finland and Estonia")
        );
        assert_eq!(
            text_left("in the past seven weeks reported", "reported"),
            None
        );
    }

    #[test]
    fn objects() {
        assert_eq!(
            text_right("according to company filings reviewed by the Ledger", "to").as_deref(),
            Some("company filings")
        );
        assert_eq!(
            text_right("According to the official news agency most of", "to").as_deref(),
            Some("the official news agency")
        );
        assert_eq!(
            text_right("said editor David Roberts.", "said").as_deref(),
            Some("David Roberts")
        );
        assert_eq!(
            text_right("citing port records from Estonia and Finland.", "citing").as_deref(),
            Some("port records from Estonia and Finland")
        );
        assert_eq!(
            text_right("citing lower oil and gas prices", "citing"),
            None
        );
        assert_eq!(
            text_right("told interviewers the CNN television network", "told").as_deref(),
            None
        );
    }
}
