//! Articles annotated by hand (the JSON files of `data/ner/news/` and of the entity gold
//! sets in `tests/gold/`): their body, tokenized and split into sentences as the tagger
//! reads raw text, with the hand-made mentions as entity spans over the tokens. Used to
//! train the tagger on news as newsdex sees it and to score it there.

use crate::analyze::ner::conll::{Document, Sentence};
use crate::analyze::ner::labels::{type_index, EntitySpan};
use crate::analyze::ner::tokenize::{sentences, tokenize, Token};
use serde::Deserialize;

/// The fields of an annotated article file that the tagger needs.
#[derive(Deserialize)]
struct Article {
    body: String,
    mentions: Vec<AnnotatedMention>,
}

/// A mention: character offsets (Unicode scalar values, end exclusive) and its type.
#[derive(Deserialize)]
struct AnnotatedMention {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    ty: String,
}

/// An article file that cannot be read as annotations.
#[derive(Debug, thiserror::Error)]
pub enum AnnotatedError {
    #[error("not an annotated article: {0}")]
    Json(#[from] serde_json::Error),
    #[error("mention {index} ({start}..{end}) is outside the body or has an unknown type {ty:?}")]
    Mention {
        index: usize,
        start: usize,
        end: usize,
        ty: String,
    },
}

/// An article as training data: its sentences, and how many sentences were left out
/// because a mention's edge falls inside a token or a mention crosses sentences (the
/// tokens cannot carry such a mention; leaving the sentence out keeps the tagger from
/// learning that the name is not one).
pub struct AnnotatedDocument {
    pub doc: Document,
    pub dropped_sentences: usize,
}

/// Reads an annotated article file's text.
pub fn parse(json: &str) -> Result<AnnotatedDocument, AnnotatedError> {
    let art: Article = serde_json::from_str(json)?;
    let body = &art.body;
    // Character offset → byte offset (one past the last character maps to the length).
    let bytes: Vec<usize> = body
        .char_indices()
        .map(|(b, _)| b)
        .chain([body.len()])
        .collect();
    let mut spans = Vec::with_capacity(art.mentions.len());
    for (index, m) in art.mentions.iter().enumerate() {
        match (bytes.get(m.start), bytes.get(m.end), type_index(&m.ty)) {
            (Some(&s), Some(&e), Some(ty)) if s < e => spans.push((s, e, ty)),
            _ => {
                return Err(AnnotatedError::Mention {
                    index,
                    start: m.start,
                    end: m.end,
                    ty: m.ty.clone(),
                })
            }
        }
    }
    let toks = tokenize(body);
    let mut doc = Vec::new();
    let mut dropped_sentences = 0;
    for r in sentences(body, &toks) {
        let sent = &toks[r];
        let (first, last) = match (sent.first(), sent.last()) {
            (Some(f), Some(l)) => (f.start, l.end),
            _ => continue,
        };
        let inside: Vec<_> = spans
            .iter()
            .filter(|&&(s, e, _)| s < last && e > first)
            .collect();
        let mut out = Vec::with_capacity(inside.len());
        for &&(s, e, ty) in &inside {
            match token_range(sent, s, e) {
                Some((start, end)) => out.push(EntitySpan { start, end, ty }),
                None => break,
            }
        }
        if out.len() < inside.len() {
            dropped_sentences += 1;
            continue;
        }
        doc.push(Sentence {
            words: sent
                .iter()
                .map(|t| body[t.start..t.end].to_string())
                .collect(),
            spans: out,
        });
    }
    Ok(AnnotatedDocument {
        doc,
        dropped_sentences,
    })
}

/// The tokens `start..end` of a sentence that exactly cover the bytes `s..e`, if any.
fn token_range(sent: &[Token], s: usize, e: usize) -> Option<(usize, usize)> {
    let start = sent.iter().position(|t| t.start == s)?;
    let end = start + sent[start..].iter().position(|t| t.end == e)? + 1;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body: &str, mentions: &[(usize, usize, &str)]) -> String {
        let ms: Vec<_> = mentions
            .iter()
            .map(|&(s, e, t)| serde_json::json!({"start": s, "end": e, "type": t, "text": "", "entity": ""}))
            .collect();
        serde_json::json!({"id": "x", "body": body, "mentions": ms}).to_string()
    }

    #[test]
    fn mentions_become_token_spans_per_sentence() {
        // "Zoë" has a two-byte character: offsets are characters, not bytes.
        let body = "Zoë Ball met Tony Blair. He spoke in London.";
        let a = parse(&article(
            body,
            &[(0, 8, "PER"), (13, 23, "PER"), (37, 43, "LOC")],
        ))
        .unwrap();
        assert_eq!(a.dropped_sentences, 0);
        assert_eq!(a.doc.len(), 2);
        let s0 = &a.doc[0];
        assert_eq!(s0.words, ["Zoë", "Ball", "met", "Tony", "Blair", "."]);
        let got: Vec<_> = s0.spans.iter().map(|s| (s.start, s.end, s.ty)).collect();
        assert_eq!(got, [(0, 2, 0), (3, 5, 0)]);
        let s1 = &a.doc[1];
        assert_eq!(s1.words[s1.spans[0].start], "London");
        assert_eq!(s1.spans[0].ty, 2);
    }

    #[test]
    fn a_mention_inside_a_token_drops_its_sentence_only() {
        // "Blair" inside the token "Blair-Brown" cannot be tagged on tokens.
        let body = "The Blair-Brown feud. Paris agreed.";
        let a = parse(&article(body, &[(4, 9, "PER"), (22, 27, "LOC")])).unwrap();
        assert_eq!(a.dropped_sentences, 1);
        assert_eq!(a.doc.len(), 1);
        assert_eq!(a.doc[0].words[0], "Paris");
    }

    #[test]
    fn bad_offsets_and_types_are_errors() {
        assert!(parse(&article("Paris", &[(0, 9, "LOC")])).is_err());
        assert!(parse(&article("Paris", &[(0, 5, "CITY")])).is_err());
        assert!(parse("{}").is_err());
    }
}
