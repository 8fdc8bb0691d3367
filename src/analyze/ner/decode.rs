//! Beam-search decoding over the BILOU tags, shared by training and tagging: the `BEAM`
//! best tag sequences so far are extended token by token with every tag that may follow;
//! the document remembers the type each word was last given.

use crate::analyze::ner::features::{
    dynamic, memory_rows, tag_rows, Featurizer, NDYNAMIC, NSTATIC, NTAG_ROWS,
};
use crate::analyze::ner::hashing::HashMapU64;
use crate::analyze::ner::labels::{allowed, may_end, spans, NLABELS, O};
use std::sync::LazyLock;

/// How many partial tag sequences the decoder keeps (training uses the same width).
pub const BEAM: usize = 4;

/// Anything that scores the tags of a token from its feature rows.
pub trait Scorer {
    fn score(&self, rows: &[u32], scores: &mut [f32; NLABELS]);

    /// Adds the scores of the rows `tag_rows` built for the previous tags `p1` and `p2`;
    /// a scorer may answer the rows that depend on the tags alone from a table.
    fn score_tags(&self, rows: &[u32; NTAG_ROWS], p1: u8, p2: u8, scores: &mut [f32; NLABELS]) {
        let _ = (p1, p2);
        self.score(rows, scores);
    }

    /// The scores of every item of the beam at once: `out[k]` is `base` plus the scores
    /// `score_tags` gives the rows `rows[k]` built for the previous tags `history[k]`.
    fn score_beam(
        &self,
        rows: &[[u32; NTAG_ROWS]],
        history: &[(u8, u8)],
        base: &[f32; NLABELS],
        out: &mut [[f32; NLABELS]],
    ) {
        for ((r, &(p1, p2)), o) in rows.iter().zip(history).zip(out) {
            *o = *base;
            self.score_tags(r, p1, p2, o);
        }
    }
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

/// One kept partial sequence ending at a token: its last tag, the index of the item it
/// extends at the previous token, and its total score.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub tag: u8,
    pub back: u8,
    pub score: f32,
}

/// The beam at every token of a sentence, best item first at each token.
#[derive(Default)]
pub struct Beam {
    items: Vec<[Item; BEAM]>,
    counts: Vec<u8>,
}

impl Beam {
    pub fn clear(&mut self) {
        self.items.clear();
        self.counts.clear();
    }

    /// The items kept at token `i`, best first.
    pub fn at(&self, i: usize) -> &[Item] {
        &self.items[i][..self.counts[i] as usize]
    }

    /// The tags at `i - 1` and `i - 2` on the path to item `k` at token `i`
    /// (255 before the sentence start), i.e. the history of a tag at `i + 1`.
    fn history(&self, i: usize, k: usize) -> (u8, u8) {
        let it = self.items[i][k];
        let p2 = if i > 0 {
            self.items[i - 1][it.back as usize].tag
        } else {
            255
        };
        (it.tag, p2)
    }

    /// The tags of the path ending at item `k` of token `i` (tokens `0..=i`).
    pub fn path(&self, i: usize, k: usize, out: &mut Vec<u8>) {
        out.clear();
        out.resize(i + 1, O);
        let mut k = k;
        for j in (0..=i).rev() {
            let it = self.items[j][k];
            out[j] = it.tag;
            k = it.back as usize;
        }
    }
}

/// The dynamic features of token `i` after tags `p1` (at `i - 1`) and `p2` (at `i - 2`).
pub fn dynamic_rows(
    f: &Featurizer,
    i: usize,
    p1: u8,
    p2: u8,
    memory: &DocMemory,
) -> [u32; NDYNAMIC] {
    let mut out = [0u32; NDYNAMIC];
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

/// The dynamic features of every token along a full or partial tag sequence.
pub fn path_rows(f: &Featurizer, tags: &[u8], memory: &DocMemory) -> Vec<[u32; NDYNAMIC]> {
    (0..tags.len())
        .map(|i| {
            let p1 = if i > 0 { tags[i - 1] } else { 255 };
            let p2 = if i > 1 { tags[i - 2] } else { 255 };
            dynamic_rows(f, i, p1, p2, memory)
        })
        .collect()
}

/// `allowed` as a table: `FOLLOWS[prev][next]`.
static FOLLOWS: LazyLock<[[bool; NLABELS]; NLABELS]> = LazyLock::new(|| {
    let mut t = [[false; NLABELS]; NLABELS];
    for (p, row) in t.iter_mut().enumerate() {
        for (n, x) in row.iter_mut().enumerate() {
            *x = allowed(p as u8, n as u8);
        }
    }
    t
});

/// Inserts a candidate into a best-first list of at most `BEAM` items.
fn push(top: &mut [Item; BEAM], n: &mut usize, c: Item) {
    if *n == BEAM && c.score <= top[BEAM - 1].score {
        return;
    }
    let mut j = (*n).min(BEAM - 1);
    while j > 0 && top[j - 1].score < c.score {
        top[j] = top[j - 1];
        j -= 1;
    }
    top[j] = c;
    *n = (*n + 1).min(BEAM);
}

/// Extends the beam by token `i`.
pub fn advance<S: Scorer>(
    scorer: &S,
    stat: &[u32],
    f: &Featurizer,
    i: usize,
    memory: &DocMemory,
    beam: &mut Beam,
) {
    let last = i + 1 == f.keys.len();
    let mut base = [0f32; NLABELS];
    scorer.score(&stat[i * NSTATIC..(i + 1) * NSTATIC], &mut base);
    let (key, short) = (f.keys[i].0, f.shorts[i]);
    let mut mem = [0u32; NDYNAMIC - NTAG_ROWS];
    memory_rows(short, memory.get(f.keys[i]), &mut mem);
    scorer.score(&mem, &mut base);
    let start = [Item {
        tag: 255,
        back: 0,
        score: 0.0,
    }];
    let prev: &[Item] = if i > 0 { beam.at(i - 1) } else { &start };
    let empty = Item {
        tag: O,
        back: 0,
        score: f32::NEG_INFINITY,
    };
    let follows = &*FOLLOWS;
    let mut rows = [[0u32; NTAG_ROWS]; BEAM];
    let mut history = [(255u8, 255u8); BEAM];
    for (k, (r, h)) in rows
        .iter_mut()
        .zip(&mut history)
        .take(prev.len())
        .enumerate()
    {
        if i > 0 {
            *h = beam.history(i - 1, k);
        }
        tag_rows(key, short, h.0, h.1, r);
    }
    let mut all = [[0f32; NLABELS]; BEAM];
    let m = prev.len();
    scorer.score_beam(&rows[..m], &history[..m], &base, &mut all[..m]);
    let mut top = [empty; BEAM];
    let mut n = 0;
    for (k, (it, scores)) in prev.iter().zip(&all).enumerate() {
        let may = &follows[if i > 0 { it.tag as usize } else { O as usize }];
        for (l, &s) in scores.iter().enumerate() {
            if may[l] && (!last || may_end(l as u8)) {
                let c = Item {
                    tag: l as u8,
                    back: k as u8,
                    score: it.score + s,
                };
                push(&mut top, &mut n, c);
            }
        }
    }
    beam.items.push(top);
    beam.counts.push(n as u8);
}

/// Tags one sentence whose static features are already in `stat` and `f`.
pub fn decode_sentence<S: Scorer>(
    scorer: &S,
    stat: &[u32],
    f: &Featurizer,
    memory: &mut DocMemory,
    beam: &mut Beam,
    tags: &mut Vec<u8>,
) {
    beam.clear();
    tags.clear();
    let n = f.keys.len();
    if n == 0 {
        return;
    }
    for i in 0..n {
        advance(scorer, stat, f, i, memory, beam);
    }
    beam.path(n - 1, 0, tags);
    memory.learn(&f.keys, tags);
}
