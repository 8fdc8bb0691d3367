//! Highlighting: the character spans of a passage that the query matched. Phrase-aware
//! (a phrase is one span, and its words alone elsewhere are not marked), stem-aware
//! (`sanction` marks `sanctions`), and faithful to the boolean logic (excluded words and
//! OR branches that did not match are not marked). Adjacent matches join into one span.

use crate::index::schema::{text_analyzer, word_splitter};
use crate::search::query::{Node, QField};
use crate::search::Span;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

/// A word of the passage: its analysed form and byte offsets.
struct Word {
    text: Rc<str>,
    from: usize,
    to: usize,
}

/// Most words whose analysed form a thread remembers (then it forgets them all).
const STEM_CACHE_MAX: usize = 1 << 18;

thread_local! {
    /// The analysed form of each raw word seen (`None`: the analyzer drops it). Analysis
    /// (lower-case, fold, stem) works word by word, so a word's form never depends on its
    /// neighbours: caching it keeps batch highlighting from stemming the same words again.
    static STEMS: RefCell<HashMap<String, Option<Rc<str>>>> = RefCell::new(HashMap::new());
    static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(text_analyzer());
}

/// The analysed form of one word as the tokenizer split it.
fn analyse_word(analyzer: &mut TextAnalyzer, raw: &str) -> Option<Rc<str>> {
    let mut stream = analyzer.token_stream(raw);
    stream.next().map(|t| Rc::from(t.text.as_str()))
}

/// The words of `text` as the index analyses them: split by the index's own word
/// splitter, each word then analysed (through the per-thread cache).
fn passage_tokens(text: &str) -> Vec<Word> {
    let mut splitter = word_splitter();
    let mut stream = splitter.token_stream(text);
    let mut out = Vec::new();
    ANALYZER.with_borrow_mut(|analyzer| {
        STEMS.with_borrow_mut(|cache| {
            if cache.len() > STEM_CACHE_MAX {
                cache.clear();
            }
            while let Some(t) = stream.next() {
                let raw = &text[t.offset_from..t.offset_to];
                let stem = match cache.get(raw) {
                    Some(s) => s.clone(),
                    None => {
                        let s = analyse_word(analyzer, raw);
                        cache.insert(raw.to_string(), s.clone());
                        s
                    }
                };
                if let Some(stem) = stem {
                    out.push(Word {
                        text: stem,
                        from: t.offset_from,
                        to: t.offset_to,
                    });
                }
            }
        })
    });
    out
}

/// The analysed tokens of a piece of query text (as `compile::analyse`, cached).
fn analyse(text: &str) -> Vec<String> {
    passage_tokens(text)
        .into_iter()
        .map(|t| t.text.to_string())
        .collect()
}

/// Byte spans where the token sequence `needle` occurs, or `None` when it does not.
fn occurrences(toks: &[Word], needle: &[String]) -> Option<Vec<(usize, usize)>> {
    if needle.is_empty() {
        return Some(Vec::new());
    }
    let found: Vec<(usize, usize)> = toks
        .windows(needle.len())
        .filter(|w| w.iter().zip(needle).all(|(t, n)| *t.text == **n))
        .map(|w| (w[0].from, w[w.len() - 1].to))
        .collect();
    (!found.is_empty()).then_some(found)
}

/// The spans a node marks, or `None` when the node does not match this passage.
fn eval(node: &Node, toks: &[Word]) -> Option<Vec<(usize, usize)>> {
    match node {
        Node::Word(w) | Node::Phrase(w) | Node::Field(QField::Text, w) => {
            occurrences(toks, &analyse(w))
        }
        // Other fields are matched at the article level, not in the passage text.
        Node::Field(..) | Node::Not(_) => Some(Vec::new()),
        Node::And(items) => items.iter().try_fold(Vec::new(), |mut acc, n| {
            acc.extend(eval(n, toks)?);
            Some(acc)
        }),
        Node::Or(branches) => {
            let matched: Vec<Vec<(usize, usize)>> =
                branches.iter().filter_map(|b| eval(b, toks)).collect();
            (!matched.is_empty()).then(|| matched.concat())
        }
    }
}

/// Merges overlapping spans, and spans separated only by spaces or a hyphen.
fn merge(mut spans: Vec<(usize, usize)>, text: &str) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        if let Some(last) = out.last_mut() {
            let joinable = s <= last.1
                || text[last.1..s]
                    .chars()
                    .all(|c| c.is_whitespace() || c == '-');
            if joinable {
                last.1 = last.1.max(e);
                continue;
            }
        }
        out.push((s, e));
    }
    out
}

/// The character spans of `text` that the query marks.
pub fn highlight(query: &Node, text: &str) -> Vec<Span> {
    let toks = passage_tokens(text);
    let spans = eval(query, &toks).unwrap_or_default();
    let merged = merge(spans, text);
    // Byte offsets to character offsets, in one pass.
    let mut out = Vec::with_capacity(merged.len());
    let mut chars = 0;
    let mut byte = 0;
    for (s, e) in merged {
        chars += text[byte..s].chars().count();
        let start = chars;
        chars += text[s..e].chars().count();
        byte = e;
        out.push(Span { start, end: chars });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn marked(q: &str, text: &str) -> Vec<String> {
        highlight(&parse(q).unwrap(), text)
            .into_iter()
            .map(|s| text.chars().skip(s.start).take(s.end - s.start).collect())
            .collect()
    }

    #[test]
    fn phrase_is_one_span_and_not_its_lone_words() {
        let t = "A rocket launched; then rocket fuel arrived. Fuel was short.";
        assert_eq!(marked("\"rocket fuel\"", t), vec!["rocket fuel"]);
    }

    #[test]
    fn adjacent_words_join_and_stems_match() {
        let t = "Sending rocket fuel, and Western sanctions bite.";
        assert_eq!(marked("rocket fuel", t), vec!["rocket fuel"]);
        assert_eq!(marked("sanction", t), vec!["sanctions"]);
    }

    #[test]
    fn boolean_logic_is_followed() {
        let t = "China sent chips to Russia.";
        assert_eq!(marked("china -russia", t), vec!["China"]);
        assert_eq!(marked("(china iran) OR chips", t), vec!["chips"]);
        assert_eq!(marked("china OR iran", t), vec!["China"]);
    }

    #[test]
    fn cached_word_analysis_equals_the_index_analyzer() {
        let text = "Sanctions, SANCTIONED sanctioning; Zürich's naïve café—rocket-fuel 1992 \
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa x Ünïcode";
        for _ in 0..2 {
            let mut analyzer = text_analyzer();
            let mut stream = analyzer.token_stream(text);
            let mut want = Vec::new();
            while let Some(t) = stream.next() {
                want.push((t.text.clone(), t.offset_from, t.offset_to));
            }
            let got: Vec<(String, usize, usize)> = passage_tokens(text)
                .into_iter()
                .map(|t| (t.text.to_string(), t.from, t.to))
                .collect();
            assert_eq!(got, want);
            assert_eq!(analyse(text), crate::search::compile::analyse(text));
        }
    }

    #[test]
    fn offsets_are_characters() {
        let t = "Ünïcode “quotes” then Blinken.";
        let spans = highlight(&parse("blinken").unwrap(), t);
        assert_eq!(spans, vec![Span { start: 22, end: 29 }]);
    }
}
