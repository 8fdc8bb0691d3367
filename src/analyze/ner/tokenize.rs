//! Tokenizer and sentence splitter for raw news text, shaped like the CoNLL-2003 tokens the
//! tagger was trained on: keeps "U.S.", "Sen.", "Jan.", "pravda.com.ua", "US$240", "1,000.5"
//! and "O’Brien" whole, splits a possessive "’s", and makes typographic quotes and dashes
//! tokens of their own. Tokens are byte spans into the text; no allocation per token.

use std::ops::Range;

/// A token: the byte range `start..end` of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Words whose trailing period belongs to them (compared in lower case).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cpl",
    "adm", "maj", "rev", "st", "jr", "sr", "co", "corp", "inc", "ltd", "bros", "no", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "est", "dept", "univ", "ave", "mt", "ft", "pres", "supt", "messrs", "fig", "ca", "cf",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let end = if is_word_char(c) {
            word_end(text, i)
        } else {
            symbol_end(text, i, c)
        };
        out.push(Token { start: i, end });
        i = end;
    }
    out
}

/// The end of the word starting at `start`, joining the connectors that keep a unit whole.
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut all_digits = true;
    loop {
        // A run of letters and digits.
        let run = i;
        while let Some(c) = char_at(text, i) {
            if !is_word_char(c) {
                break;
            }
            all_digits &= c.is_ascii_digit();
            i += c.len_utf8();
        }
        let Some(sep) = char_at(text, i) else { break };
        let after = i + sep.len_utf8();
        let next = char_at(text, after);
        let joins = match (sep, next) {
            (_, None) => false,
            (_, Some(n)) if !is_word_char(n) => false,
            ('-', _) => !modifier_after_name(&text[run..i], &text[after..]),
            ('.', _) | ('@', _) | ('_', _) => true,
            (',', Some(n)) | (':', Some(n)) => all_digits && n.is_ascii_digit(),
            ('$', Some(n)) => n.is_ascii_digit() && text[start..i].chars().all(char::is_uppercase),
            ('&', Some(n)) => n.is_uppercase() && text[start..i].chars().all(char::is_uppercase),
            ('\'' | '’', Some(n)) => {
                // "Blinken’s" → "Blinken" "’s"; "O’Brien" and "Apr08’24" stay whole.
                let tail = char_at(text, after + n.len_utf8());
                !(matches!(n, 's' | 'S') && tail.is_none_or(|t| !is_word_char(t)))
            }
            _ => false,
        };
        if !joins {
            break;
        }
        all_digits &= sep != '$' && sep != '-';
        i = after;
    }
    // The trailing period of an initialism ("U.S."), an initial ("J.") or an abbreviation.
    if bytes.get(i) == Some(&b'.') && keeps_period(&text[start..i]) {
        i += 1;
    }
    i
}

/// Words that make a name before a hyphen a modifier ("US-led", "London-style").
const MODIFIER_WORDS: &[&str] = &[
    "led", "run", "born", "made", "style", "wide", "era", "language", "type", "owned", "bred",
];

/// Is the hyphen between a name and a modifier built on it ("US-based", "Oscar-winning",
/// "Europe-wide")? Then the name is a token of its own, so the tagger can tag it; a
/// hyphen inside a name ("Hewlett-Packard", "Ji-sung", "Al-Qaeda", "co-chair") joins.
pub fn modifier_after_name(before: &str, rest: &str) -> bool {
    let word: &str = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let participle =
        (word.len() >= 4 && word.ends_with("ed")) || (word.len() >= 5 && word.ends_with("ing"));
    before.starts_with(char::is_uppercase)
        && word.chars().all(|c| c.is_ascii_lowercase())
        && (participle || MODIFIER_WORDS.contains(&word))
}

fn keeps_period(word: &str) -> bool {
    let mut letters = word.split('.');
    let initialism = word.contains('.')
        && letters.all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initialism
        || initial
        || (word.len() <= 6
            && ABBREVIATIONS
                .iter()
                .any(|a| a.eq_ignore_ascii_case(word) && word.starts_with(char::is_uppercase)))
}

/// The end of a punctuation or symbol token at `start`.
fn symbol_end(text: &str, start: usize, c: char) -> usize {
    let rest = &text[start..];
    let after = start + c.len_utf8();
    match c {
        '\'' | '’' => {
            // A possessive "’s" split from its word.
            let mut it = text[after..].chars();
            match (it.next(), it.next()) {
                (Some('s' | 'S'), n) if n.is_none_or(|t| !is_word_char(t)) => after + 1,
                _ => after,
            }
        }
        '$' | '£' | '€' | '¥' if char_at(text, after).is_some_and(|n| n.is_ascii_digit()) => {
            word_end(text, after)
        }
        '.' if rest.starts_with("...") => start + 3,
        '-' if rest.starts_with("--") => start + 2,
        '`' if rest.starts_with("``") => start + 2,
        _ => after,
    }
}

/// Does this token end a sentence ("." "!" "?" "...")?
fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "..." | "…")
}

fn is_closing(t: &str) -> bool {
    matches!(t, "\"" | "”" | "’" | "'" | ")" | "]" | "''")
}

fn opens_sentence(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || matches!(t, "\"" | "“" | "‘" | "'" | "(" | "``" | "[" | "—" | "-")
}

/// The most tokens the tagger takes as one sentence: text without sentence marks (a
/// table, a list, a transcript) is cut into pieces this long, so its features and beam
/// stay small whatever the text (the longest CoNLL sentence has 124 tokens).
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Groups tokens into sentences (ranges of token indices). A sentence ends at a terminal
/// mark (with its closing quotes) followed by a capitalised word, a digit or an opening
/// quote, at every blank line, and after `MAX_SENTENCE_TOKENS` tokens. Abbreviations keep
/// their period inside the token, so "Sen. Smith" does not end a sentence.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let word = |i: usize| &text[tokens[i].start..tokens[i].end];
    let mut i = 0;
    while i < tokens.len() {
        let mut end = i + 1;
        if is_terminal(word(i)) {
            while end < tokens.len() && is_closing(word(end)) && !gap_breaks(text, tokens, end) {
                end += 1;
            }
            if end < tokens.len() && !opens_sentence(word(end)) && !gap_breaks(text, tokens, end) {
                i += 1;
                continue;
            }
        } else if end < tokens.len() && !gap_breaks(text, tokens, end) {
            i += 1;
            continue;
        }
        out.push(start..end);
        start = end;
        i = end;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    if out.iter().all(|r| r.len() <= MAX_SENTENCE_TOKENS) {
        return out;
    }
    out.into_iter()
        .flat_map(|r| {
            (r.start..r.end)
                .step_by(MAX_SENTENCE_TOKENS)
                .map(move |s| s..(s + MAX_SENTENCE_TOKENS).min(r.end))
        })
        .collect()
}

/// Is there a blank line (a paragraph break) between token `i - 1` and token `i`?
fn gap_breaks(text: &str, tokens: &[Token], i: usize) -> bool {
    let gap = &text[tokens[i - 1].end..tokens[i].start];
    gap.bytes().filter(|&b| b == b'\n').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .into_iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn text_without_sentence_marks_is_cut_into_bounded_pieces() {
        let text = "oil price market ".repeat(300);
        let toks = tokenize(&text);
        let sents = sentences(&text, &toks);
        assert!(sents.iter().all(|r| r.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(sents.iter().map(|r| r.len()).sum::<usize>(), toks.len());
        assert!(sents.windows(2).all(|w| w[0].end == w[1].start));
    }

    #[test]
    fn keeps_units_whole() {
        assert_eq!(
            words("The U.S. and Sen. Smith met on Jan. 5, reported pravda.com.ua."),
            vec![
                "The",
                "U.S.",
                "and",
                "Sen.",
                "Smith",
                "met",
                "on",
                "Jan.",
                "5",
                ",",
                "reported",
                "pravda.com.ua",
                "."
            ]
        );
        assert_eq!(
            words("a record US$240 billion, $1,000.50 and AT&T"),
            vec![
                "a",
                "record",
                "US$240",
                "billion",
                ",",
                "$1,000.50",
                "and",
                "AT&T"
            ]
        );
    }

    #[test]
    fn quotes_dashes_and_possessives() {
        assert_eq!(
            words("“No limits” — Russia’s friend, O’Brien’s (Apr08’24) co-chair"),
            vec![
                "“",
                "No",
                "limits",
                "”",
                "—",
                "Russia",
                "’s",
                "friend",
                ",",
                "O’Brien",
                "’s",
                "(",
                "Apr08’24",
                ")",
                "co-chair"
            ]
        );
        assert_eq!(words("end.\" Then"), vec!["end", ".", "\"", "Then"]);
    }

    #[test]
    fn a_name_before_a_modifier_is_its_own_token() {
        assert_eq!(
            words("US-led, New York-based, Oscar-winning, Europe-wide"),
            vec![
                "US", "-", "led", ",", "New", "York", "-", "based", ",", "Oscar", "-", "winning",
                ",", "Europe", "-", "wide"
            ]
        );
        // Hyphens inside names and words join.
        assert_eq!(
            words("Hewlett-Packard, Park Ji-sung, Al-Qaeda, al-Qaeda, co-chaired, Half-Life"),
            vec![
                "Hewlett-Packard",
                ",",
                "Park",
                "Ji-sung",
                ",",
                "Al-Qaeda",
                ",",
                "al-Qaeda",
                ",",
                "co-chaired",
                ",",
                "Half-Life"
            ]
        );
    }

    #[test]
    fn sentences_split_at_terminals_not_abbreviations() {
        let t = "The U.S. said so. Sen. Smith agreed on Jan. 5. Trade hit US$240 billion! “Fine,” he said.\n\nA new paragraph";
        let toks = tokenize(t);
        let got: Vec<&str> = sentences(t, &toks)
            .into_iter()
            .map(|r| &t[toks[r.start].start..toks[r.end - 1].end])
            .collect();
        assert_eq!(
            got,
            vec![
                "The U.S. said so.",
                "Sen. Smith agreed on Jan. 5.",
                "Trade hit US$240 billion!",
                "“Fine,” he said.",
                "A new paragraph"
            ]
        );
    }
}
