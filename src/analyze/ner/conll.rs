//! CoNLL-2003 files (word, POS, chunk, NER tag per line; blank lines between sentences;
//! `-DOCSTART-` between documents) and entity-level scoring as conlleval counts it:
//! a predicted entity is correct when its span and type both match a gold entity.

use crate::analyze::ner::labels::{iob_spans, EntitySpan, TYPES};
use std::collections::HashSet;

/// One sentence: words and their gold entity spans.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    pub spans: Vec<EntitySpan>,
}

/// A document: its sentences.
pub type Document = Vec<Sentence>;

/// A line that is neither blank, a document marker nor `word ... tag`.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: expected `WORD POS CHUNK TAG`, found {found:?}")]
pub struct ParseError {
    pub line: usize,
    pub found: String,
}

/// Parses a CoNLL-2003 file into documents.
pub fn parse(text: &str) -> Result<Vec<Document>, ParseError> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc: Document = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |doc: &mut Document, words: &mut Vec<String>, tags: &mut Vec<String>| {
        if !words.is_empty() {
            let t: Vec<&str> = tags.iter().map(String::as_str).collect();
            doc.push(Sentence {
                spans: iob_spans(&t),
                words: std::mem::take(words),
            });
            tags.clear();
        }
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut doc, &mut words, &mut tags);
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            flush(&mut doc, &mut words, &mut tags);
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            return Err(ParseError {
                line: n + 1,
                found: line.to_string(),
            });
        }
        words.push(cols[0].to_string());
        tags.push(cols[cols.len() - 1].to_string());
    }
    flush(&mut doc, &mut words, &mut tags);
    if !doc.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

/// Entity counts: per type index and in total.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// (correct, predicted, gold) per type index.
    pub per_type: [(usize, usize, usize); 4],
}

/// Precision, recall and F1 from counts.
pub fn prf(correct: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        0.0
    } else {
        correct as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        correct as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl Scores {
    /// Adds one sentence's predicted and gold spans.
    pub fn add(&mut self, predicted: &[EntitySpan], gold: &[EntitySpan]) {
        let g: HashSet<&EntitySpan> = gold.iter().collect();
        for s in predicted {
            self.per_type[s.ty].1 += 1;
            if g.contains(s) {
                self.per_type[s.ty].0 += 1;
            }
        }
        for s in gold {
            self.per_type[s.ty].2 += 1;
        }
    }

    /// Micro-averaged (precision, recall, F1) over all types.
    pub fn micro(&self) -> (f64, f64, f64) {
        let (c, p, g) = self
            .per_type
            .iter()
            .fold((0, 0, 0), |a, t| (a.0 + t.0, a.1 + t.1, a.2 + t.2));
        prf(c, p, g)
    }

    /// (type name, precision, recall, F1) per type.
    pub fn by_type(&self) -> Vec<(&'static str, f64, f64, f64)> {
        TYPES
            .iter()
            .zip(self.per_type)
            .map(|(t, (c, p, g))| {
                let (p, r, f) = prf(c, p, g);
                (t.as_str(), p, r, f)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_and_scores_exact_spans() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nX NN I-NP O\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].len(), 2);
        assert_eq!(
            docs[0][1].spans,
            vec![EntitySpan {
                start: 0,
                end: 2,
                ty: 0
            }]
        );
        let mut s = Scores::default();
        // Right span, wrong type; and a partial span: neither counts.
        s.add(
            &[EntitySpan {
                start: 0,
                end: 1,
                ty: 2,
            }],
            &docs[0][0].spans,
        );
        s.add(
            &[EntitySpan {
                start: 0,
                end: 1,
                ty: 0,
            }],
            &docs[0][1].spans,
        );
        s.add(&docs[0][0].spans, &docs[0][0].spans);
        let (p, r, f) = s.micro();
        assert_eq!((p, r), (2.0 / 4.0, 2.0 / 5.0));
        assert!((f - 2.0 * 0.5 * 0.4 / 0.9).abs() < 1e-12);
        assert!(parse("word\n").is_err());
    }
}
