//! Paragraphs, sentences and passages: how a body is cut into the units that are
//! indexed and returned as hits.

use crate::model::Passage;

/// A paragraph longer than this many words is cut into windows of sentences.
pub const MAX_PASSAGE_WORDS: usize = 120;
/// The target size of a sentence window.
pub const WINDOW_WORDS: usize = 80;
/// The most words a window takes while a quotation is open; a sentence longer than this
/// (a table row, a list) is cut between words.
pub const MAX_WINDOW_WORDS: usize = 250;

/// Splits raw text into paragraphs: on blank lines when the text has any (lines inside
/// a paragraph are joined), else on line breaks. Whitespace inside a paragraph is collapsed.
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    let has_blank_line = text
        .split('\n')
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| !w[0].trim().is_empty() && w[1].trim().is_empty());
    let blocks: Vec<&str> = if has_blank_line {
        split_on_blank_lines(text)
    } else {
        text.split('\n').collect()
    };
    blocks
        .into_iter()
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn split_on_blank_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push(&text[start..offset]);
            start = offset + line.len();
        }
        offset += line.len();
    }
    out.push(&text[start..]);
    out
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st",
    "jr", "sr", "co", "corp", "inc", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "dept", "univ", "ave",
];

/// Byte ranges of the sentences of `text`. A sentence ends at `.`, `!` or `?` (with any
/// closing quotes) followed by a space and an upper-case letter, digit or opening quote,
/// unless the period ends an abbreviation ("Sen.", "Jan.") or an initial ("U.S.", "J.").
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    const CLOSING: &[char] = &['"', '\'', '”', '’', ')', ']'];
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let pos = i;
        i += c.len_utf8();
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = text.len() - text[i..].trim_start_matches(CLOSING).len();
        let after = &text[end..];
        let next = after.trim_start();
        let next_starts = after.starts_with(char::is_whitespace)
            && next.chars().next().is_some_and(|ch| {
                ch.is_uppercase()
                    || ch.is_ascii_digit()
                    || matches!(ch, '"' | '“' | '‘' | '\'' | '(')
            });
        if next_starts && !(c == '.' && ends_with_abbreviation(&text[start..pos])) {
            spans.push((start, end));
            start = text.len() - next.len();
            i = start;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        spans.push((start, text.len()));
    }
    spans
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .next()
        .unwrap_or("");
    let bare = word.trim_end_matches('.');
    let letters = bare.chars().filter(|c| c.is_alphabetic()).count();
    // An initial ("J"), an initialism ("U.S"), or a known abbreviation.
    (letters == 1 && bare.chars().all(|c| c.is_alphabetic()))
        || (bare.contains('.') && bare.split('.').all(|p| p.chars().count() <= 2))
        || ABBREVIATIONS.contains(&bare.to_lowercase().as_str())
}

/// Cuts a body (paragraphs joined by blank lines, as `analyze` builds it) into passages.
pub fn split_passages(body: &str) -> Vec<Passage> {
    let mut passages = Vec::new();
    let mut byte = 0;
    // Character offsets, counted incrementally: (byte, char) of the last position seen.
    let mut seen = (0usize, 0usize);
    let mut char_at = |b: usize| {
        seen = (b, seen.1 + body[seen.0..b].chars().count());
        seen.1
    };
    for para in body.split("\n\n") {
        let para_start = byte;
        byte += para.len() + 2;
        if para.trim().is_empty() {
            continue;
        }
        let mut ranges = vec![(0, para.len())];
        if para.split_whitespace().count() > MAX_PASSAGE_WORDS {
            ranges = sentence_windows(para);
        }
        for (s, e) in ranges {
            let (s, e) = (para_start + s, para_start + e);
            let (start, end) = (char_at(s), char_at(e));
            passages.push(Passage {
                ordinal: passages.len(),
                start,
                end,
                text: body[s..e].to_string(),
            });
        }
    }
    passages
}

/// How a sentence changes the state of quotations: the number of typographic quotes it
/// opens minus those it closes, and whether it holds an odd number of straight ones.
fn quote_effect(sentence: &str) -> (i32, bool) {
    let mut depth = 0;
    let mut straight = false;
    for c in sentence.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth -= 1,
            '"' => straight = !straight,
            _ => {}
        }
    }
    (depth, straight)
}

/// Cuts a span of more than `MAX_WINDOW_WORDS` words into pieces of that many words,
/// between words.
fn cut_long(para: &str, (s, e): (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = s;
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in para[s..e].char_indices() {
        let at = s + i;
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == MAX_WINDOW_WORDS {
                    out.push((start, at));
                    words = 0;
                    start = at;
                }
            }
            in_word = false;
        } else {
            if !in_word && words == 0 && start < at && para[start..at].trim().is_empty() {
                start = at;
            }
            in_word = true;
        }
    }
    if !para[start..e].trim().is_empty() {
        out.push((start, e));
    }
    out
}

/// Groups the sentences of a long paragraph into windows of about `WINDOW_WORDS` words.
/// A window does not end inside a quotation (up to `MAX_WINDOW_WORDS` words).
fn sentence_windows(para: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    // The open window: start, end, words, and the quotation state at its end.
    let mut current: Option<(usize, usize, usize)> = None;
    let (mut depth, mut straight) = (0i32, false);
    for (s, e) in sentence_spans(para) {
        let words = para[s..e].split_whitespace().count();
        if words > MAX_WINDOW_WORDS {
            if let Some((cs, ce, _)) = current.take() {
                out.push((cs, ce));
            }
            out.extend(cut_long(para, (s, e)));
            (depth, straight) = (0, false);
            continue;
        }
        let quoted = depth > 0 || straight;
        current = match current {
            Some((cs, _, cw)) if cw + words <= WINDOW_WORDS => Some((cs, e, cw + words)),
            Some((cs, _, cw)) if quoted && cw + words <= MAX_WINDOW_WORDS => {
                Some((cs, e, cw + words))
            }
            Some((cs, ce, _)) => {
                out.push((cs, ce));
                Some((s, e, words))
            }
            None => Some((s, e, words)),
        };
        let (d, st) = quote_effect(&para[s..e]);
        depth = (depth + d).max(0);
        straight ^= st;
    }
    if let Some((cs, ce, _)) = current {
        out.push((cs, ce));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_on_blank_lines_or_lines() {
        assert_eq!(paragraphs("a\nb\n\nc"), vec!["a b", "c"]);
        assert_eq!(paragraphs("a\nb\nc\n"), vec!["a", "b", "c"]);
        assert_eq!(paragraphs("\n\n  \n"), Vec::<String>::new());
    }

    #[test]
    fn sentences_respect_abbreviations() {
        let t = "The U.S. said so. Sen. Smith agreed on Jan. 5. Trade hit US$240 billion! “Fine,” he said.";
        let s: Vec<&str> = sentence_spans(t)
            .into_iter()
            .map(|(a, b)| &t[a..b])
            .collect();
        assert_eq!(
            s,
            vec![
                "The U.S. said so.",
                "Sen. Smith agreed on Jan. 5.",
                "Trade hit US$240 billion!",
                "“Fine,” he said."
            ]
        );
    }

    #[test]
    fn windows_do_not_end_inside_a_quotation() {
        let filler = |n: usize| -> String {
            (0..n)
                .map(|i| format!("Word{i} "))
                .collect::<String>()
                .trim()
                .to_string()
                + "."
        };
        let para = format!(
            "{} “{} {} {}” {}",
            filler(70),
            filler(20),
            filler(20),
            filler(20),
            filler(30)
        );
        let windows = sentence_windows(&para);
        for (s, e) in &windows {
            let w = &para[*s..*e];
            assert_eq!(
                w.matches('“').count(),
                w.matches('”').count(),
                "a window splits the quotation: {w}"
            );
        }
    }

    #[test]
    fn an_endless_sentence_is_cut_between_words() {
        let para: String = (0..700).map(|i| format!("w{i} ")).collect();
        let ps = split_passages(para.trim());
        assert_eq!(ps.len(), 3);
        assert!(ps
            .iter()
            .all(|p| p.text.split_whitespace().count() <= MAX_WINDOW_WORDS));
        let joined: Vec<&str> = ps.iter().flat_map(|p| p.text.split_whitespace()).collect();
        assert_eq!(joined.len(), 700, "no word is lost");
    }

    #[test]
    fn passages_have_char_spans_into_the_body() {
        let long: String = (0..60)
            .map(|i| format!("Sentence number {i} is here. "))
            .collect();
        let body = format!("Ünïcode first.\n\n{}", long.trim());
        let ps = split_passages(&body);
        assert!(ps.len() >= 3, "long paragraph is windowed");
        for p in &ps {
            let slice: String = body.chars().skip(p.start).take(p.end - p.start).collect();
            assert_eq!(slice, p.text);
            assert!(p.text.split_whitespace().count() <= WINDOW_WORDS.max(14));
        }
        assert_eq!(ps[0].text, "Ünïcode first.");
    }
}
