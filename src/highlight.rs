//! Highlighting: the character spans of a passage that the query matched. Phrase-aware
//! (a phrase is one span, and its words alone elsewhere are not marked), stem-aware
//! (`sanction` marks `sanctions`), prefix- and proximity-aware, and faithful to the
//! boolean logic, which holds for the whole article: every positive word of the query is
//! marked wherever it occurs in the passage, excluded words never are, and the words of
//! an OR branch only when the article matched that branch (the caller says). Hyphenated
//! and joined spellings meet as they do in the index. Adjacent matches join into one span.

use crate::index::schema::{hyphen_runs, text_analyzer, word_splitter};
use crate::search::compile::{analyse as analyse_query, joined_runs};
use crate::search::expand::{fold_prefix, prefix_matches, prefix_stem};
use crate::search::query::{Node, TextField, Within};
use crate::search::Span;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};

/// A word of the passage: its analysed form, its place among the passage's words (as
/// the index counts positions) and its byte offsets.
struct Word {
    text: Rc<str>,
    pos: usize,
    from: usize,
    to: usize,
}

/// The passage's words, and its hyphenated runs joined ("e-mail" as "email").
struct Words {
    words: Vec<Word>,
    joined: Vec<Word>,
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

/// The analysed form of `raw`, through the per-thread cache.
fn cached(
    analyzer: &mut TextAnalyzer,
    cache: &mut HashMap<String, Option<Rc<str>>>,
    raw: &str,
) -> Option<Rc<str>> {
    if let Some(s) = cache.get(raw) {
        return s.clone();
    }
    let s = analyse_word(analyzer, raw);
    cache.insert(raw.to_string(), s.clone());
    s
}

/// The words of `text` as the index analyses them: split by the index's own word
/// splitter, each word then analysed, plus the hyphenated runs joined.
fn passage_words(text: &str) -> Words {
    let mut splitter = word_splitter();
    let mut stream = splitter.token_stream(text);
    let mut spans = Vec::new();
    while let Some(t) = stream.next() {
        spans.push((t.offset_from, t.offset_to));
    }
    let mut out = Words {
        words: Vec::with_capacity(spans.len()),
        joined: Vec::new(),
    };
    ANALYZER.with_borrow_mut(|analyzer| {
        STEMS.with_borrow_mut(|cache| {
            if cache.len() > STEM_CACHE_MAX {
                cache.clear();
            }
            for (pos, &(from, to)) in spans.iter().enumerate() {
                if let Some(stem) = cached(analyzer, cache, &text[from..to]) {
                    out.words.push(Word {
                        text: stem,
                        pos,
                        from,
                        to,
                    });
                }
            }
            for (a, b) in hyphen_runs(text, &spans) {
                let raw: String = spans[a..=b].iter().map(|&(s, e)| &text[s..e]).collect();
                if let Some(stem) = analyse_word(analyzer, &raw) {
                    out.joined.push(Word {
                        text: stem,
                        pos: a,
                        from: spans[a].0,
                        to: spans[b].1,
                    });
                }
            }
        })
    });
    out
}

/// Byte spans where the token sequence `needle` occurs among `words`.
fn occurrences(words: &[Word], needle: &[String]) -> Vec<(usize, usize)> {
    if needle.is_empty() || words.len() < needle.len() {
        return Vec::new();
    }
    words
        .windows(needle.len())
        .filter(|w| {
            w.iter().zip(needle).all(|(t, n)| *t.text == **n)
                && w.windows(2).all(|p| p[1].pos == p[0].pos + 1)
        })
        .map(|w| (w[0].from, w[w.len() - 1].to))
        .collect()
}

/// Where a word of the query occurs: as a word, a phrase of its parts, or joined.
fn word_spans(words: &Words, w: &str) -> Vec<(usize, usize)> {
    let tokens = analyse_query(w);
    let mut out = occurrences(&words.words, &tokens);
    if tokens.len() == 1 {
        out.extend(occurrences(&words.joined, &tokens));
    } else {
        for joined in joined_runs(w) {
            let one = [joined];
            out.extend(occurrences(&words.words, &one));
            out.extend(occurrences(&words.joined, &one));
        }
    }
    out
}

fn prefix_spans(words: &Words, prefix: &str) -> Vec<(usize, usize)> {
    let folded = fold_prefix(prefix);
    let stem = prefix_stem(&folded);
    words
        .words
        .iter()
        .chain(&words.joined)
        .filter(|w| prefix_matches(&w.text, &folded, stem.as_deref()))
        .map(|w| (w.from, w.to))
        .collect()
}

/// The occurrences of `tokens` that take part in a window holding all of them:
/// within `n` positions, or (for a passage) anywhere in it.
fn near_spans(words: &Words, text: &str, within: Within) -> Vec<(usize, usize)> {
    let mut tokens = analyse_query(text);
    tokens.sort();
    tokens.dedup();
    let found: Vec<Vec<&Word>> = tokens
        .iter()
        .map(|t| words.words.iter().filter(|w| *w.text == **t).collect())
        .collect();
    if found.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let n = match within {
        Within::Passage => return found.iter().flatten().map(|w| (w.from, w.to)).collect(),
        Within::Words(n) => n as usize,
    };
    let in_window = |start: usize| {
        found
            .iter()
            .all(|occ| occ.iter().any(|w| w.pos >= start && w.pos <= start + n))
    };
    found
        .iter()
        .flatten()
        .filter(|w| (w.pos.saturating_sub(n)..=w.pos).any(&in_window))
        .map(|w| (w.from, w.to))
        .collect()
}

/// The spans a node marks; `article_matches` tells whether the article matched an OR
/// branch.
fn eval(
    node: &Node,
    words: &Words,
    article_matches: &mut dyn FnMut(&Node) -> bool,
) -> Vec<(usize, usize)> {
    match node {
        Node::Word(w) => word_spans(words, w),
        Node::Phrase(p) => occurrences(&words.words, &analyse_query(p)),
        Node::Prefix(p) => prefix_spans(words, p),
        Node::Near(text, within) => near_spans(words, text, *within),
        Node::In(TextField::Body, inner) => eval(inner, words, article_matches),
        // Titles and filters match outside the passage text; excluded words never mark.
        Node::In(TextField::Title, _) | Node::Field(..) | Node::Not(_) => Vec::new(),
        Node::And(items) => items
            .iter()
            .flat_map(|n| eval(n, words, article_matches))
            .collect(),
        Node::Or(branches) => {
            let mut out = Vec::new();
            for b in branches {
                if article_matches(b) {
                    out.extend(eval(b, words, article_matches));
                }
            }
            out
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

/// The character spans of `text` (a passage of an article that matched `query`) that
/// the query marks. `article_matches` says whether the article matched an OR branch.
pub fn highlight(
    query: &Node,
    text: &str,
    article_matches: &mut dyn FnMut(&Node) -> bool,
) -> Vec<Span> {
    let words = passage_words(text);
    let spans = eval(query, &words, article_matches);
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

    fn marked_with(q: &str, text: &str, branches: &dyn Fn(&Node) -> bool) -> Vec<String> {
        highlight(&parse(q).unwrap(), text, &mut |n: &Node| branches(n))
            .into_iter()
            .map(|s| text.chars().skip(s.start).take(s.end - s.start).collect())
            .collect()
    }

    fn marked(q: &str, text: &str) -> Vec<String> {
        marked_with(q, text, &|_| true)
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
    fn every_positive_word_is_marked_and_no_excluded_one() {
        let t = "China sent chips to Russia.";
        assert_eq!(marked("china -russia", t), vec!["China"]);
        assert_eq!(marked("china iran", t), vec!["China"], "iran is elsewhere");
    }

    #[test]
    fn or_branches_mark_only_when_the_article_matched_them() {
        let t = "China sent chips to Russia.";
        let chips_only = |n: &Node| n.to_string().contains("chips");
        assert_eq!(
            marked_with("(china iran) OR chips", t, &chips_only),
            vec!["chips"]
        );
        assert_eq!(marked("china OR iran", t), vec!["China"]);
    }

    #[test]
    fn prefixes_proximity_and_hyphens() {
        let t = "New sanctions and a sanctioned bank; an e-mail and an email.";
        assert_eq!(marked("sanction*", t), vec!["sanctions", "sanctioned"]);
        assert_eq!(marked("email", t), vec!["e-mail", "email"]);
        assert_eq!(marked("e-mail", t), vec!["e-mail", "email"]);
        let t = "Rocket makers said fuel was short, and fuel prices rose.";
        assert_eq!(marked("\"rocket fuel\"~3", t), vec!["Rocket", "fuel"]);
        assert!(marked("\"rocket fuel\"~2", t).is_empty());
        assert_eq!(
            marked("\"fuel rocket\"~passage", t),
            vec!["Rocket", "fuel", "fuel"]
        );
        assert!(marked("title:rocket", t).is_empty());
        assert_eq!(marked("body:rocket", t), vec!["Rocket"]);
    }

    #[test]
    fn cached_word_analysis_equals_the_index_analyzer() {
        let text = "Sanctions, SANCTIONED sanctioning; Zürich's naïve café—rocket fuel 1992 \
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa x Ünïcode";
        for _ in 0..2 {
            let mut analyzer = text_analyzer();
            let mut stream = analyzer.token_stream(text);
            let mut want = Vec::new();
            while let Some(t) = stream.next() {
                want.push((t.text.clone(), t.offset_from, t.offset_to));
            }
            let got: Vec<(String, usize, usize)> = passage_words(text)
                .words
                .into_iter()
                .map(|t| (t.text.to_string(), t.from, t.to))
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn offsets_are_characters() {
        let t = "Ünïcode “quotes” then Blinken.";
        let spans = highlight(&parse("blinken").unwrap(), t, &mut |_| true);
        assert_eq!(spans, vec![Span { start: 22, end: 29 }]);
    }
}
