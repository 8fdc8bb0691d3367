//! Word clusters learnt from unlabelled news, in the manner of Brown clusters: words that
//! are used in the same contexts share a cluster, at several nested granularities
//! (`LEVELS`, coarse to fine), so that a name the labelled data never saw still looks
//! like the names it did.
//!
//! Induction (`induce`) is an exchange algorithm over context distributions: every word
//! with at least `min_count` occurrences is described by the counts of its left and right
//! neighbours (lower case, the `CONTEXTS` most frequent per side, sentence edges
//! included); words are moved one at a time, most frequent first, to the cluster that
//! most raises Σ_c Σ_f N(c,f) log N(c,f) − Σ_c N(c) log N(c) (the mutual information
//! between cluster and context), until few words move. The finest clustering is made
//! from words; each coarser one by running the same algorithm over the clusters of the
//! level below, so the levels nest like prefixes of a Brown bit string. Deterministic:
//! no randomness, ties go to the lowest cluster index.
//!
//! Built by `examples/newsdex-clusters.rs` into `data/ner/clusters.tsv`; the training
//! tool copies the table into the weights file, so the tagger reads nothing else.

use crate::analyze::ner::hashing::{hash_bytes, HashMapU64};
use std::collections::HashMap;

/// Number of clusters at each level, coarse to fine.
pub const LEVELS: [usize; 4] = [16, 64, 256, 1024];
/// Neighbour words counted as contexts, per side.
pub const CONTEXTS: usize = 5000;
/// The cluster ids of a word not in the table.
pub const UNKNOWN: [u16; 4] = [u16::MAX; 4];

/// Word (exact form) → cluster id at each level.
#[derive(Default, Debug)]
pub struct ClusterTable {
    map: HashMapU64<[u16; 4]>,
}

impl ClusterTable {
    /// The key of a word: the hash of its exact form.
    #[inline]
    pub fn key(word: &str) -> u64 {
        hash_bytes(word.as_bytes())
    }

    /// Cluster ids of a word by the hash of its exact form, else of its lower-case form.
    #[inline]
    pub fn get(&self, exact: u64, lower: u64) -> [u16; 4] {
        match self.map.get(&exact) {
            Some(c) => *c,
            None => self.map.get(&lower).copied().unwrap_or(UNKNOWN),
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Reads the TSV `induce_tsv` writes: `word TAB count TAB id TAB id TAB id TAB id`.
    pub fn from_tsv(text: &str) -> Result<ClusterTable, String> {
        let mut map = HashMapU64::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 2 + LEVELS.len() {
                return Err(format!(
                    "line {}: expected {} columns",
                    n + 1,
                    2 + LEVELS.len()
                ));
            }
            let mut ids = [0u16; 4];
            for (k, id) in ids.iter_mut().enumerate() {
                *id = cols[2 + k]
                    .parse()
                    .ok()
                    .filter(|&x: &u16| (x as usize) < LEVELS[k])
                    .ok_or_else(|| format!("line {}: bad cluster id {:?}", n + 1, cols[2 + k]))?;
            }
            map.insert(Self::key(cols[0]), ids);
        }
        Ok(ClusterTable { map })
    }

    /// The table as bytes: u32 count, then (u64 hash, 4 × u16 ids) sorted by hash.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut entries: Vec<(u64, [u16; 4])> = self.map.iter().map(|(h, c)| (*h, *c)).collect();
        entries.sort_unstable();
        let mut out = (entries.len() as u32).to_le_bytes().to_vec();
        for (h, c) in entries {
            out.extend_from_slice(&h.to_le_bytes());
            for id in c {
                out.extend_from_slice(&id.to_le_bytes());
            }
        }
        out
    }

    /// Reads `to_bytes` output and the number of bytes it took; `None` when truncated.
    pub fn from_bytes(b: &[u8]) -> Option<(ClusterTable, usize)> {
        const ENTRY: usize = 16;
        let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
        let body = b.get(4..4 + n * ENTRY)?;
        let map = body
            .chunks_exact(ENTRY)
            .map(|c| {
                let h = u64::from_le_bytes(c[..8].try_into().expect("8 bytes"));
                let mut ids = [0u16; 4];
                for (k, id) in ids.iter_mut().enumerate() {
                    *id = u16::from_le_bytes([c[8 + 2 * k], c[9 + 2 * k]]);
                }
                (h, ids)
            })
            .collect();
        Some((ClusterTable { map }, 4 + n * ENTRY))
    }
}

/// x ln x for counts, from a table for small ones.
struct XLogX(Vec<f64>);

impl XLogX {
    const SMALL: usize = 1 << 16;

    fn new() -> Self {
        XLogX(
            (0..Self::SMALL)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        )
    }

    #[inline]
    fn at(&self, x: u32) -> f64 {
        match self.0.get(x as usize) {
            Some(v) => *v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// Sparse context counts of each unit: (feature, count), sorted by feature.
type Contexts = Vec<Vec<(u32, u32)>>;

/// Exchange clustering of `units` (their context counts over `nfeat` features) into `k`
/// clusters; `iters` passes at most. Returns the cluster of each unit. Units are visited
/// in the given order (callers give the most frequent first) and start in cluster
/// `index mod k`.
fn exchange(
    units: &Contexts,
    nfeat: usize,
    k: usize,
    iters: usize,
    log: &mut dyn FnMut(&str),
) -> Vec<u32> {
    let xl = XLogX::new();
    let mut of: Vec<u32> = (0..units.len()).map(|u| (u % k) as u32).collect();
    // Feature-major counts: n[f * k + c].
    let mut n = vec![0u32; nfeat * k];
    let mut tot = vec![0u32; k];
    let sizes: Vec<u32> = units
        .iter()
        .map(|c| c.iter().map(|&(_, x)| x).sum())
        .collect();
    for (u, ctx) in units.iter().enumerate() {
        let c = of[u] as usize;
        for &(f, x) in ctx {
            n[f as usize * k + c] += x;
        }
        tot[c] += sizes[u];
    }
    let mut gain = vec![0f64; k];
    for it in 0..iters {
        let mut moves = 0;
        for (u, ctx) in units.iter().enumerate() {
            if ctx.is_empty() {
                continue;
            }
            let a = of[u] as usize;
            for &(f, x) in ctx {
                n[f as usize * k + a] -= x;
            }
            tot[a] -= sizes[u];
            let s = sizes[u];
            for (g, &t) in gain.iter_mut().zip(&tot) {
                *g = xl.at(t) - xl.at(t + s);
            }
            for &(f, x) in ctx {
                let row = &n[f as usize * k..(f as usize + 1) * k];
                for (g, &m) in gain.iter_mut().zip(row) {
                    *g += xl.at(m + x) - xl.at(m);
                }
            }
            let mut best = a;
            for (c, &g) in gain.iter().enumerate() {
                if g > gain[best] + 1e-9 {
                    best = c;
                }
            }
            if best != a {
                moves += 1;
            }
            of[u] = best as u32;
            for &(f, x) in ctx {
                n[f as usize * k + best] += x;
            }
            tot[best] += s;
        }
        log(&format!(
            "  k {k}: pass {} moved {moves} of {}",
            it + 1,
            units.len()
        ));
        if moves * 1000 < units.len() {
            break;
        }
    }
    of
}

/// Induces nested clusters from sentences of words. Returns (word, count, ids per level)
/// for every word seen at least `min_count` times, most frequent first (ties by word).
pub fn induce(
    sentences: &[Vec<String>],
    min_count: u32,
    iters: usize,
    log: &mut dyn FnMut(&str),
) -> Vec<(String, u32, [u16; 4])> {
    let lower = |w: &str| -> String {
        let mut s = String::new();
        crate::analyze::ner::hashing::normalise_lower(w, &mut s, true);
        s
    };
    let mut count: HashMap<&str, u32> = HashMap::new();
    let mut lcount: HashMap<String, u32> = HashMap::new();
    for s in sentences {
        for w in s {
            *count.entry(w.as_str()).or_insert(0) += 1;
            *lcount.entry(lower(w)).or_insert(0) += 1;
        }
    }
    let mut words: Vec<(&str, u32)> = count
        .iter()
        .filter(|(_, &n)| n >= min_count)
        .map(|(w, n)| (*w, *n))
        .collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let index: HashMap<&str, usize> = words
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i))
        .collect();
    let mut ctx_words: Vec<(&String, u32)> = lcount.iter().map(|(w, n)| (w, *n)).collect();
    ctx_words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // Feature ids: 0 sentence edge, 1.. the context words; right-side features follow.
    let side = CONTEXTS as u32 + 1;
    let ctx: HashMap<&str, u32> = ctx_words
        .iter()
        .take(CONTEXTS)
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i as u32 + 1))
        .collect();
    let mut maps: Vec<HashMap<u32, u32>> = vec![HashMap::new(); words.len()];
    for s in sentences {
        let ids: Vec<Option<u32>> = s
            .iter()
            .map(|w| ctx.get(lower(w).as_str()).copied())
            .collect();
        for (i, w) in s.iter().enumerate() {
            let Some(&u) = index.get(w.as_str()) else {
                continue;
            };
            let left = if i == 0 { Some(0) } else { ids[i - 1] };
            let right = if i + 1 == s.len() {
                Some(0)
            } else {
                ids[i + 1]
            };
            if let Some(f) = left {
                *maps[u].entry(f).or_insert(0) += 1;
            }
            if let Some(f) = right {
                *maps[u].entry(side + f).or_insert(0) += 1;
            }
        }
    }
    let units: Contexts = maps
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, u32)> = m.into_iter().collect();
            v.sort_unstable();
            v
        })
        .collect();
    log(&format!("{} words, {} contexts", words.len(), 2 * side));
    let nfeat = 2 * side as usize;
    let mut ids = vec![[0u16; 4]; words.len()];
    let fine = exchange(&units, nfeat, LEVELS[3], iters, log);
    let mut level_of: Vec<u32> = fine.clone();
    for (w, &c) in ids.iter_mut().zip(&fine) {
        w[3] = c as u16;
    }
    let mut members: Vec<u32> = fine;
    for lvl in (0..3).rev() {
        // The clusters of the level below as units, largest first.
        let kf = LEVELS[lvl + 1];
        let mut agg: Vec<HashMap<u32, u32>> = vec![HashMap::new(); kf];
        for (u, ctx) in units.iter().enumerate() {
            let c = members[u] as usize;
            for &(f, x) in ctx {
                *agg[c].entry(f).or_insert(0) += x;
            }
        }
        let mut cl: Vec<Vec<(u32, u32)>> = agg
            .into_iter()
            .map(|m| {
                let mut v: Vec<(u32, u32)> = m.into_iter().collect();
                v.sort_unstable();
                v
            })
            .collect();
        let mut order: Vec<usize> = (0..kf).collect();
        order.sort_by_key(|&c| {
            (
                std::cmp::Reverse(cl[c].iter().map(|x| x.1 as u64).sum::<u64>()),
                c,
            )
        });
        let sorted: Contexts = order.iter().map(|&c| std::mem::take(&mut cl[c])).collect();
        let coarse_sorted = exchange(&sorted, nfeat, LEVELS[lvl], iters * 2, log);
        let mut coarse = vec![0u32; kf];
        for (i, &c) in order.iter().enumerate() {
            coarse[c] = coarse_sorted[i];
        }
        for (u, w) in ids.iter_mut().enumerate() {
            level_of[u] = coarse[members[u] as usize];
            w[lvl] = level_of[u] as u16;
        }
        members = level_of.clone();
    }
    words
        .iter()
        .zip(ids)
        .map(|((w, n), c)| (w.to_string(), *n, c))
        .collect()
}

/// The TSV form of `induce`'s output, with a header comment.
pub fn to_tsv(rows: &[(String, u32, [u16; 4])], header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    for (w, n, c) in rows {
        if w.contains('\t') || w.contains('\n') {
            continue;
        }
        out.push_str(&format!(
            "{w}\t{n}\t{}\t{}\t{}\t{}\n",
            c[0], c[1], c[2], c[3]
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_groups_units_with_the_same_contexts() {
        // Features 0-1 (people: "Mr" before, "said" after), 2-3 (places).
        let units: Contexts = vec![
            vec![(0, 5), (1, 4)],
            vec![(2, 5), (3, 5)],
            vec![(0, 4), (1, 5)],
            vec![(2, 4), (3, 6)],
            vec![(0, 3), (1, 3)],
            vec![(2, 2), (3, 3)],
        ];
        let of = exchange(&units, 4, 2, 10, &mut |_| {});
        assert_eq!(of[0], of[2]);
        assert_eq!(of[0], of[4]);
        assert_eq!(of[1], of[3]);
        assert_eq!(of[1], of[5]);
        assert_ne!(of[0], of[1]);
    }

    #[test]
    fn induces_every_frequent_word_and_the_table_round_trips() {
        let mut sents = Vec::new();
        for name in ["Smith", "Jones", "Brown", "Green"] {
            for _ in 0..5 {
                sents.push(vec![
                    "Mr".into(),
                    name.into(),
                    "said".into(),
                    "today".into(),
                ]);
            }
        }
        sents.push(vec!["rare".into()]);
        let rows = induce(&sents, 3, 10, &mut |_| {});
        assert_eq!(rows.len(), 7);
        assert!(rows.iter().all(|r| r.0 != "rare"));
        let t = ClusterTable::from_tsv(&to_tsv(&rows, "test")).unwrap();
        assert_eq!(t.len(), rows.len());
        let (back, used) = ClusterTable::from_bytes(&t.to_bytes()).unwrap();
        assert_eq!(used, t.to_bytes().len());
        let k = ClusterTable::key("Smith");
        assert_eq!(back.get(k, 0), t.get(k, 0));
        assert_ne!(back.get(k, 0), UNKNOWN);
        assert_eq!(
            back.get(1, ClusterTable::key("Jones")),
            t.get(ClusterTable::key("Jones"), 0)
        );
        assert_eq!(back.get(1, 2), UNKNOWN);
    }
}
