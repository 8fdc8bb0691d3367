//! The word table learnt from unlabelled news: how often each word is capitalised
//! inside a sentence, and its usual neighbours among the most frequent words.

use crate::analyze::ner::clusters::ClusterTable;
use crate::analyze::ner::hashing::{lower_hash, HashMapU64};
use crate::analyze::ner::tokenize::{sentences, tokenize};
use std::collections::HashMap;

/// How a word is used in running text, learnt from unlabelled news (Reuters-21578 and
/// BBC News). For each lower-case word hash: a bucket of the share of its occurrences
/// inside a sentence that are capitalised (1: under 5%, 2: under 30%, 3: under 70%,
/// 4: under 95%, 5: 95% or more; unseen words are 0), and its most frequent left and
/// right neighbour among the `CONTEXT_WORDS` most frequent words (a crude word class:
/// "said" after people, "in" before places). It also carries the word clusters
/// (`clusters`, from `data/ner/clusters.tsv`), so that the weights file holds every
/// table the tagger reads.
#[derive(Default, Debug)]
pub struct CapsTable {
    map: HashMapU64<WordUse>,
    pub clusters: ClusterTable,
}

/// What the table knows of one word.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WordUse {
    pub caps: u8,
    /// 1 + index of the usual left / right neighbour among the context words; 0 none.
    pub left: u16,
    pub right: u16,
}

/// Number of frequent words used as neighbours.
const CONTEXT_WORDS: usize = 1000;

fn sentences_of(text: &str) -> Vec<Vec<&str>> {
    let toks = tokenize(text);
    sentences(text, &toks)
        .into_iter()
        .map(|r| toks[r].iter().map(|t| &text[t.start..t.end]).collect())
        .collect()
}

impl CapsTable {
    /// Counts over texts (each tokenized and split into sentences); keeps words seen at
    /// least `min_count` times.
    pub fn build<'a>(texts: impl Iterator<Item = &'a str> + Clone, min_count: u32) -> CapsTable {
        let mut buf = String::new();
        // The most frequent words (ties by hash, for determinism) are the contexts.
        let mut freq: HashMapU64<u32> = HashMapU64::default();
        for text in texts.clone() {
            for sent in sentences_of(text) {
                for w in sent {
                    *freq.entry(lower_hash(w, &mut buf)).or_insert(0) += 1;
                }
            }
        }
        let mut top: Vec<(u32, u64)> = freq.iter().map(|(h, n)| (*n, *h)).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        let context: HashMapU64<u16> = top
            .iter()
            .take(CONTEXT_WORDS)
            .enumerate()
            .map(|(i, (_, h))| (*h, i as u16 + 1))
            .collect();
        let mut caps_counts: HashMapU64<(u32, u32)> = HashMapU64::default();
        let mut sides: HashMapU64<[HashMap<u16, u32>; 2]> = HashMapU64::default();
        for text in texts {
            for words in sentences_of(text) {
                let hashes: Vec<u64> = words.iter().map(|w| lower_hash(w, &mut buf)).collect();
                let all_caps = words
                    .iter()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .all(|w| !w.chars().any(char::is_lowercase));
                if all_caps {
                    continue;
                }
                for (i, w) in words.iter().enumerate().skip(1) {
                    let Some(c) = w.chars().next() else { continue };
                    if !c.is_alphabetic() || freq[&hashes[i]] < min_count {
                        continue;
                    }
                    let e = caps_counts.entry(hashes[i]).or_insert((0, 0));
                    e.0 += c.is_uppercase() as u32;
                    e.1 += 1;
                    let s = sides.entry(hashes[i]).or_default();
                    if let Some(&l) = context.get(&hashes[i - 1]) {
                        *s[0].entry(l).or_insert(0) += 1;
                    }
                    if let Some(&r) = hashes.get(i + 1).and_then(|h| context.get(h)) {
                        *s[1].entry(r).or_insert(0) += 1;
                    }
                }
            }
        }
        let usual = |m: &HashMap<u16, u32>| {
            m.iter()
                .map(|(k, n)| (*n, std::cmp::Reverse(*k)))
                .max()
                .map_or(0, |(_, k)| k.0)
        };
        let map = caps_counts
            .into_iter()
            .filter(|(_, (_, n))| *n >= min_count)
            .map(|(h, (caps, n))| {
                let share = caps as f64 / n as f64;
                let bucket = match share {
                    x if x < 0.05 => 1,
                    x if x < 0.3 => 2,
                    x if x < 0.7 => 3,
                    x if x < 0.95 => 4,
                    _ => 5,
                };
                let s = &sides[&h];
                (
                    h,
                    WordUse {
                        caps: bucket,
                        left: usual(&s[0]),
                        right: usual(&s[1]),
                    },
                )
            })
            .collect();
        CapsTable {
            map,
            clusters: ClusterTable::default(),
        }
    }

    pub fn get(&self, h: u64) -> WordUse {
        self.map.get(&h).copied().unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The table as bytes: u32 count, then (u64 hash, u8 bucket, u16 left, u16 right)
    /// sorted by hash; then the clusters (`ClusterTable::to_bytes`).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut entries: Vec<(u64, WordUse)> = self.map.iter().map(|(h, u)| (*h, *u)).collect();
        entries.sort_unstable();
        let mut out = (entries.len() as u32).to_le_bytes().to_vec();
        for (h, u) in entries {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(u.caps);
            out.extend_from_slice(&u.left.to_le_bytes());
            out.extend_from_slice(&u.right.to_le_bytes());
        }
        out.extend(self.clusters.to_bytes());
        out
    }

    /// Reads `to_bytes` output and the number of bytes it took; `None` when truncated.
    pub fn from_bytes(b: &[u8]) -> Option<(CapsTable, usize)> {
        const ENTRY: usize = 13;
        let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
        let body = b.get(4..4 + n * ENTRY)?;
        let u16_at = |c: &[u8], i: usize| u16::from_le_bytes([c[i], c[i + 1]]);
        let map = body
            .chunks_exact(ENTRY)
            .map(|c| {
                let h = u64::from_le_bytes(c[..8].try_into().expect("8 bytes"));
                let u = WordUse {
                    caps: c[8],
                    left: u16_at(c, 9),
                    right: u16_at(c, 11),
                };
                (h, u)
            })
            .collect();
        let (clusters, used) = ClusterTable::from_bytes(&b[4 + n * ENTRY..])?;
        Some((CapsTable { map, clusters }, 4 + n * ENTRY + used))
    }
}
