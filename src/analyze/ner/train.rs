//! Training: a structured averaged perceptron over the beam decoder with early update
//! (when the gold prefix falls out of the beam, the prefixes so far are compared). Deterministic: documents are shuffled with a fixed-seed generator.

use crate::analyze::ner::conll::{Document, Scores};
use crate::analyze::ner::decode::{advance, path_rows, Beam, DocMemory, Scorer};
use crate::analyze::ner::features::{DocStats, Featurizer, NSTATIC, TABLE_BITS};
use crate::analyze::ner::labels::{spans, tags_of, NLABELS};
use crate::analyze::ner::model::tag_document;
use crate::analyze::ner::word_table::CapsTable;
use std::sync::Arc;

/// Dense perceptron weights with the sums needed for averaging.
pub struct Perceptron {
    w: Vec<i32>,
    /// Σ step × update, so that the average is `w - u / steps`.
    u: Vec<i64>,
    steps: i64,
}

impl Scorer for Perceptron {
    fn score(&self, rows: &[u32], scores: &mut [f32; NLABELS]) {
        for &r in rows {
            let w = &self.w[r as usize * NLABELS..(r as usize + 1) * NLABELS];
            for (s, &x) in scores.iter_mut().zip(w) {
                *s += x as f32;
            }
        }
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545F4914F6CDD1D) >> 33) as usize % n
    }
}

impl Default for Perceptron {
    fn default() -> Self {
        Self::new()
    }
}

impl Perceptron {
    pub fn new() -> Self {
        let n = (1usize << TABLE_BITS) * NLABELS;
        Perceptron {
            w: vec![0; n],
            u: vec![0; n],
            steps: 1,
        }
    }

    fn add(&mut self, rows: &[u32], l: u8, d: i32) {
        for &r in rows {
            let i = r as usize * NLABELS + l as usize;
            self.w[i] += d;
            self.u[i] += self.steps * d as i64;
        }
    }

    /// Rewards the gold tags' features along `gold` and penalises the predicted ones along
    /// `pred` (equal prefixes of the same length); positions whose features and tag
    /// agree cancel and are skipped.
    fn update(
        &mut self,
        stat: &[u32],
        f: &Featurizer,
        gold: &[u8],
        pred: &[u8],
        memory: &DocMemory,
    ) {
        let gd = path_rows(f, gold, memory);
        let pd = path_rows(f, pred, memory);
        for i in 0..gold.len() {
            if gold[i] == pred[i] && gd[i] == pd[i] {
                continue;
            }
            let srows = &stat[i * NSTATIC..(i + 1) * NSTATIC];
            if gold[i] != pred[i] {
                self.add(srows, gold[i], 1);
                self.add(srows, pred[i], -1);
            }
            self.add(&gd[i], gold[i], 1);
            self.add(&pd[i], pred[i], -1);
        }
    }

    /// One pass over the documents in a seeded random order; returns the tokens mis-tagged.
    pub fn epoch(&mut self, docs: &[Document], seed: u64, caps: &Arc<CapsTable>) -> usize {
        let mut order: Vec<usize> = (0..docs.len()).collect();
        let mut rng = Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1);
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut f = Featurizer::new(caps.clone());
        let mut memory = DocMemory::default();
        let mut stat = Vec::new();
        let mut tags = Vec::new();
        let mut beam = Beam::default();
        let mut errors = 0;
        let mut stats = DocStats::default();
        for &d in &order {
            memory.clear();
            stats.clear();
            let doc: Vec<Vec<&str>> = docs[d]
                .iter()
                .map(|s| s.words.iter().map(String::as_str).collect())
                .collect();
            for words in &doc {
                stats.add(words);
            }
            for (s, words) in docs[d].iter().zip(&doc) {
                let gold = tags_of(words.len(), &s.spans);
                f.sentence(words, &stats, &mut stat);
                beam.clear();
                // Index of the gold prefix in the beam, while it survives.
                let mut gold_at: Option<usize> = Some(0);
                for i in 0..gold.len() {
                    advance(&*self, &stat, &f, i, &memory, &mut beam);
                    self.steps += 1;
                    let Some(g) = gold_at else { continue };
                    gold_at = beam
                        .at(i)
                        .iter()
                        .position(|it| it.tag == gold[i] && (i == 0 || it.back as usize == g));
                    if gold_at.is_none() {
                        beam.path(i, 0, &mut tags);
                        errors += gold[..=i].iter().zip(&tags).filter(|(a, b)| a != b).count();
                        self.update(&stat, &f, &gold[..=i], &tags, &memory);
                    }
                }
                if gold.is_empty() {
                    continue;
                }
                beam.path(gold.len() - 1, 0, &mut tags);
                if gold_at.is_some_and(|g| g != 0) {
                    errors += gold.iter().zip(&tags).filter(|(a, b)| a != b).count();
                    self.update(&stat, &f, &gold, &tags, &memory);
                }
                memory.learn(&f.keys, &tags);
            }
        }
        errors
    }

    /// The averaged weights as a scorer.
    pub fn averaged_scorer(&self) -> Averaged {
        Averaged(self.averaged())
    }

    /// The averaged weights.
    pub fn averaged(&self) -> Vec<f32> {
        let c = self.steps as f64;
        self.w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| (w as f64 - u as f64 / c) as f32)
            .collect()
    }
}

/// Scores a model on documents.
pub fn evaluate<S: Scorer>(model: &S, caps: &Arc<CapsTable>, docs: &[Document]) -> Scores {
    let mut scores = Scores::default();
    for doc in docs {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        for (s, tags) in doc.iter().zip(tag_document(model, caps, &words)) {
            scores.add(&spans(&tags), &s.spans);
        }
    }
    scores
}

/// Dense averaged weights, for checking what quantisation costs.
pub struct Averaged(Vec<f32>);

impl Scorer for Averaged {
    fn score(&self, rows: &[u32], scores: &mut [f32; NLABELS]) {
        for &r in rows {
            let w = &self.0[r as usize * NLABELS..(r as usize + 1) * NLABELS];
            for (s, &x) in scores.iter_mut().zip(w) {
                *s += x;
            }
        }
    }
}
