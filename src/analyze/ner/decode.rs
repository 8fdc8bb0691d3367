//! Greedy left-to-right decoding over the BILOU tags, shared by training and tagging:
//! each token takes the best-scoring tag that may follow the previous one; the document
//! remembers the type each word was last given.

use crate::analyze::ner::features::{dynamic, Featurizer, HashMapU64, NDYNAMIC, NSTATIC};
use crate::analyze::ner::labels::{allowed, label, may_end, parts, spans, Part, NLABELS, O};

/// Anything that scores the tags of a token from its feature rows.
pub trait Scorer {
    fn score(&self, rows: &[u32], scores: &mut [f32; NLABELS]);
}

/// What the document said so far: lower-case word hash → 1 + type index last given.
#[derive(Default)]
pub struct DocMemory {
    types: HashMapU64<u8>,
}

impl DocMemory {
    pub fn clear(&mut self) {
        self.types.clear();
    }

    fn get(&self, key: (u64, bool)) -> u8 {
        if !key.1 {
            return 0;
        }
        self.types.get(&key.0).copied().unwrap_or(0)
    }

    /// Remembers the types of a decoded sentence.
    pub fn learn(&mut self, keys: &[(u64, bool)], tags: &[u8]) {
        for s in spans(tags) {
            for k in &keys[s.start..s.end] {
                if k.1 {
                    self.types.insert(k.0, 1 + s.ty as u8);
                }
            }
        }
    }
}

/// The best tag allowed after `prev` (and, at the last token, one that closes).
pub fn best(scores: &[f32; NLABELS], prev: u8, last: bool) -> u8 {
    let mut best = O;
    let mut best_score = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        let l = l as u8;
        if s > best_score && allowed(prev, l) && (!last || may_end(l)) {
            best = l;
            best_score = s;
        }
    }
    best
}

/// The dynamic features of token `i` if the previous tag were `p1`.
fn dynamic_rows(
    f: &Featurizer,
    i: usize,
    tags: &[u8],
    p1: u8,
    memory: &DocMemory,
) -> [u32; NDYNAMIC] {
    let mut out = [0u32; NDYNAMIC];
    let p2 = if i > 1 { tags[i - 2] } else { 255 };
    dynamic(
        f.keys[i].0,
        f.shorts[i],
        p1,
        p2,
        memory.get(f.keys[i]),
        &mut out,
    );
    out
}

/// The best tag allowed after `prev` from static scores plus the dynamic rows' scores.
fn best_with<S: Scorer>(
    scorer: &S,
    base: &[f32; NLABELS],
    rows: &[u32; NDYNAMIC],
    prev: u8,
    last: bool,
) -> (u8, f32) {
    let mut scores = *base;
    scorer.score(rows, &mut scores);
    let l = best(&scores, prev, last);
    (l, scores[l as usize])
}

/// Tags token `i` (appending to `tags`) and returns its tag and the dynamic feature rows
/// that decided it. When the model would rather end the open entity than continue it,
/// the previous tag is rewritten to close it there (B → U, I → L), scored with the
/// closed tag as history, so that a greedy decoder never drags an entity along.
pub fn step<S: Scorer>(
    scorer: &S,
    stat: &[u32],
    f: &Featurizer,
    i: usize,
    tags: &mut Vec<u8>,
    memory: &DocMemory,
) -> (u8, [u32; NDYNAMIC]) {
    let last = i + 1 == f.keys.len();
    let mut base = [0f32; NLABELS];
    scorer.score(&stat[i * NSTATIC..(i + 1) * NSTATIC], &mut base);
    let prev = if i > 0 { tags[i - 1] } else { O };
    let p1 = if i > 0 { prev } else { 255 };
    let rows = dynamic_rows(f, i, tags, p1, memory);
    let (mut pick, score) = best_with(scorer, &base, &rows, prev, last);
    let mut used = rows;
    if let Some((part @ (Part::Begin | Part::Inside), ty)) = parts(prev) {
        let closed = label(
            if part == Part::Begin {
                Part::Unit
            } else {
                Part::Last
            },
            ty,
        );
        let alt_rows = dynamic_rows(f, i, tags, closed, memory);
        let (alt, alt_score) = best_with(scorer, &base, &alt_rows, closed, last);
        if alt_score > score {
            *tags.last_mut().expect("an open tag") = closed;
            pick = alt;
            used = alt_rows;
        }
    }
    tags.push(pick);
    (pick, used)
}

/// Tags one sentence whose static features are already in `stat` and `f`.
pub fn decode_sentence<S: Scorer>(
    scorer: &S,
    stat: &[u32],
    f: &Featurizer,
    memory: &mut DocMemory,
    tags: &mut Vec<u8>,
) {
    tags.clear();
    for i in 0..f.keys.len() {
        step(scorer, stat, f, i, tags, memory);
    }
    memory.learn(&f.keys, tags);
}
