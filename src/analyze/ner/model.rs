//! The shipped weights: a sparse, quantised table (one scale per row and an i8 per tag;
//! only rows whose largest weight reaches the pruning threshold), built into the binary
//! from `models/ner.bin` and loaded on first use.
//!
//! File format (little-endian): magic `NDXNER04`, u32 table bits, u32 tag count, u32 row
//! count, then the row numbers as LEB128 deltas, `rows` f32 scales, `rows × tags` i8
//! weights (weight = i8 × the row's scale), and the capitalisation table (`CapsTable`, with
//! the word clusters at its end).

use crate::analyze::ner::decode::{decode_sentence, Beam, DocMemory, Scorer, BEAM};
use crate::analyze::ner::features::{DocStats, Featurizer, NTAG_ROWS, TABLE_BITS};
use crate::analyze::ner::hashing::{lower_hash, row};
use crate::analyze::ner::labels::{spans, EntitySpan, NLABELS};
use crate::analyze::ner::tokenize::{sentences, tokenize, Token};
use crate::analyze::ner::word_table::CapsTable;
use std::sync::Arc;
use std::sync::LazyLock;

const MAGIC: &[u8; 8] = b"NDXNER04";
/// Weights other than the shipped ones, when `Model::use_weights` set them.
static OTHER: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
/// The weights shipped with newsdex (reproduce with `newsdex-train-ner`).
pub static SHIPPED: &[u8] = include_bytes!("../../../models/ner.bin");

/// A weights file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a newsdex NER weights file (bad magic); retrain with newsdex-train-ner")]
    Magic,
    #[error("weights file is truncated or corrupt at byte {0}; retrain with newsdex-train-ner")]
    Corrupt(usize),
    #[error("other weights were already set for this process")]
    AlreadySet,
    #[error("weights file was made for {0} table bits and {1} tags, this build expects {TABLE_BITS} and {NLABELS}; retrain with newsdex-train-ner")]
    Shape(u32, u32),
}

/// One non-empty row of the weight table, as the tagger reads it: its row number, its
/// scale and its quantised weights, in one 32-byte slot, so that reading a feature's
/// weights costs one cache line.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    row: u32,
    scale: f32,
    w: [i8; NLABELS],
}

/// A slot no row uses.
const EMPTY: u32 = u32::MAX;

/// The non-empty rows in an open-addressing table (row numbers are hashes already, so
/// their low bits pick the slot; a collision moves to the next slot).
struct RowTable {
    slots: Vec<Slot>,
    mask: usize,
    rows: usize,
}

impl RowTable {
    fn new(rows: usize) -> Self {
        let cap = (rows * 2).next_power_of_two().max(16);
        RowTable {
            slots: vec![
                Slot {
                    row: EMPTY,
                    scale: 0.0,
                    w: [0; NLABELS],
                };
                cap
            ],
            mask: cap - 1,
            rows: 0,
        }
    }

    fn insert(&mut self, row: u32, scale: f32, w: [i8; NLABELS]) {
        let mut at = row as usize & self.mask;
        while self.slots[at].row != EMPTY && self.slots[at].row != row {
            at = (at + 1) & self.mask;
        }
        if self.slots[at].row == EMPTY {
            self.rows += 1;
        }
        self.slots[at] = Slot { row, scale, w };
    }

    #[inline]
    fn get(&self, row: u32) -> Option<&Slot> {
        self.probe(row, row as usize & self.mask)
    }

    /// Calls `f` with the index and slot of each of `rows` that the table holds, in order.
    /// The table is far larger than the caches, so nearly every row is a cache miss: the
    /// rows are read in groups whose home slots are first loaded one after the other, with
    /// nothing between the loads, so that the processor waits for all of them at once
    /// rather than for each in turn (about one and a half times as fast as probing row by
    /// row).
    #[inline]
    fn each_hit(&self, rows: &[u32], mut f: impl FnMut(usize, &Slot)) {
        const GROUP: usize = 32;
        for (g, group) in rows.chunks(GROUP).enumerate() {
            let mut home = [0usize; GROUP];
            let mut first = [EMPTY; GROUP];
            for ((h, x), &r) in home.iter_mut().zip(&mut first).zip(group) {
                *h = r as usize & self.mask;
                *x = self.slots[*h].row;
            }
            for (j, ((&h, &x), &r)) in home.iter().zip(&first).zip(group).enumerate() {
                let slot = if x == r {
                    &self.slots[h]
                } else if x == EMPTY {
                    continue;
                } else if let Some(s) = self.probe(r, (h + 1) & self.mask) {
                    s
                } else {
                    continue;
                };
                f(g * GROUP + j, slot);
            }
        }
    }

    /// `get` starting from slot `at`.
    #[inline]
    fn probe(&self, row: u32, mut at: usize) -> Option<&Slot> {
        loop {
            let s = &self.slots[at];
            if s.row == row {
                return Some(s);
            }
            if s.row == EMPTY {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// Adds a row's weights to the scores.
#[inline]
fn add(scores: &mut [f32; NLABELS], slot: &Slot) {
    for (s, &x) in scores.iter_mut().zip(&slot.w) {
        *s += x as f32 * slot.scale;
    }
}

/// A loaded tagger.
pub struct Model {
    table: RowTable,
    caps: Arc<CapsTable>,
    /// The weights of the rows that depend on the previous tags alone, per tag value
    /// (`tag_slot`): first the previous tag's, then the previous two tags'.
    by_p1: Vec<[f32; NLABELS]>,
    by_p2: Vec<[f32; NLABELS]>,
}

/// Tag values as table slots: the tags, then 255 (before the sentence start).
const TAG_SLOTS: usize = NLABELS + 1;

fn tag_slot(t: u8) -> usize {
    (t as usize).min(NLABELS)
}

fn slot_tag(i: usize) -> u8 {
    if i == NLABELS {
        255
    } else {
        i as u8
    }
}

impl Scorer for Model {
    #[inline]
    fn score(&self, rows: &[u32], scores: &mut [f32; NLABELS]) {
        self.table.each_hit(rows, |_, slot| add(scores, slot));
    }

    #[inline]
    fn score_tags(&self, rows: &[u32; NTAG_ROWS], p1: u8, p2: u8, scores: &mut [f32; NLABELS]) {
        let (a, b) = self.by_tags(p1, p2);
        for ((s, &x), &y) in scores.iter_mut().zip(a).zip(b) {
            *s += x;
            *s += y;
        }
        self.score(&rows[2..], scores);
    }

    fn score_beam(
        &self,
        rows: &[[u32; NTAG_ROWS]],
        history: &[(u8, u8)],
        base: &[f32; NLABELS],
        out: &mut [[f32; NLABELS]],
    ) {
        let mut flat = [0u32; BEAM * (NTAG_ROWS - 2)];
        for (k, (r, &(p1, p2))) in rows.iter().zip(history).enumerate() {
            flat[k * (NTAG_ROWS - 2)..(k + 1) * (NTAG_ROWS - 2)].copy_from_slice(&r[2..]);
            let (a, b) = self.by_tags(p1, p2);
            for (((s, &z), &x), &y) in out[k].iter_mut().zip(base).zip(a).zip(b) {
                *s = z + x + y;
            }
        }
        let n = rows.len() * (NTAG_ROWS - 2);
        self.table.each_hit(&flat[..n], |i, slot| {
            add(&mut out[i / (NTAG_ROWS - 2)], slot)
        });
    }
}

fn read_u32(b: &[u8], at: usize) -> Result<u32, ModelError> {
    b.get(at..at + 4)
        .map(|x| u32::from_le_bytes(x.try_into().expect("4 bytes")))
        .ok_or(ModelError::Corrupt(at))
}

impl Model {
    /// Parses a weights file.
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        if b.get(..8) != Some(MAGIC) {
            return Err(ModelError::Magic);
        }
        let (bits, tags, rows) = (read_u32(b, 8)?, read_u32(b, 12)?, read_u32(b, 16)?);
        if bits != TABLE_BITS || tags as usize != NLABELS {
            return Err(ModelError::Shape(bits, tags));
        }
        if rows > 1 << TABLE_BITS {
            return Err(ModelError::Corrupt(16));
        }
        let mut numbers = Vec::with_capacity(rows as usize);
        let mut at = 20;
        let mut r: u64 = 0;
        for _ in 0..rows {
            let mut delta: u64 = 0;
            let mut shift = 0;
            loop {
                let byte = *b.get(at).ok_or(ModelError::Corrupt(at))?;
                at += 1;
                delta |= ((byte & 0x7f) as u64) << shift;
                shift += 7;
                if byte & 0x80 == 0 || shift > 35 {
                    break;
                }
            }
            r += delta;
            if r >= 1 << TABLE_BITS {
                return Err(ModelError::Corrupt(at));
            }
            numbers.push(r as u32);
        }
        let mut scales = Vec::with_capacity(rows as usize);
        for _ in 0..rows {
            scales.push(f32::from_bits(read_u32(b, at)?));
            at += 4;
        }
        let len = rows as usize * NLABELS;
        let w = b.get(at..at + len).ok_or(ModelError::Corrupt(at))?;
        let (caps, used) =
            CapsTable::from_bytes(&b[at + len..]).ok_or(ModelError::Corrupt(at + len))?;
        if at + len + used != b.len() {
            return Err(ModelError::Corrupt(at + len + used));
        }
        let mut table = RowTable::new(rows as usize);
        for (k, (&row, &scale)) in numbers.iter().zip(&scales).enumerate() {
            let mut weights = [0i8; NLABELS];
            for (o, &x) in weights.iter_mut().zip(&w[k * NLABELS..(k + 1) * NLABELS]) {
                *o = x as i8;
            }
            table.insert(row, scale, weights);
        }
        let mut m = Model {
            table,
            caps: Arc::new(caps),
            by_p1: Vec::new(),
            by_p2: Vec::new(),
        };
        m.by_p1 = (0..TAG_SLOTS)
            .map(|a| m.row_weights(row(60, slot_tag(a) as u64)))
            .collect();
        m.by_p2 = (0..TAG_SLOTS * TAG_SLOTS)
            .map(|i| {
                let (a, b) = (slot_tag(i / TAG_SLOTS), slot_tag(i % TAG_SLOTS));
                m.row_weights(row(61, (a as u64) << 8 | b as u64))
            })
            .collect();
        Ok(m)
    }

    /// The weights of the rows that depend on the previous tags alone (`p1`, then `p1`
    /// and `p2`), from their tables.
    #[inline]
    fn by_tags(&self, p1: u8, p2: u8) -> (&[f32; NLABELS], &[f32; NLABELS]) {
        (
            &self.by_p1[tag_slot(p1)],
            &self.by_p2[tag_slot(p1) * TAG_SLOTS + tag_slot(p2)],
        )
    }

    /// The weights of one table row (zeros when the row is empty).
    fn row_weights(&self, r: u32) -> [f32; NLABELS] {
        let mut out = [0f32; NLABELS];
        if let Some(slot) = self.table.get(r) {
            for (o, &x) in out.iter_mut().zip(&slot.w) {
                *o = x as f32 * slot.scale;
            }
        }
        out
    }

    /// Writes a weights file from dense float weights (`rows × NLABELS`): rows whose
    /// largest |weight| is below `prune` are dropped, the others quantised to i8 with the
    /// row's own scale.
    pub fn encode(dense: &[f32], prune: f32, caps: &CapsTable) -> Vec<u8> {
        let row_max = |w: &[f32]| w.iter().fold(0f32, |m, x| m.max(x.abs()));
        let kept: Vec<(usize, f32)> = dense
            .chunks(NLABELS)
            .enumerate()
            .map(|(r, w)| (r, row_max(w)))
            .filter(|&(_, m)| m > 0.0 && m >= prune)
            .map(|(r, m)| (r, m / 127.0))
            .collect();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for v in [TABLE_BITS, NLABELS as u32, kept.len() as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        let mut last = 0;
        for &(r, _) in &kept {
            let mut d = (r - last) as u64;
            last = r;
            loop {
                let byte = (d & 0x7f) as u8;
                d >>= 7;
                if d == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
        }
        for &(_, scale) in &kept {
            out.extend_from_slice(&scale.to_le_bytes());
        }
        for &(r, scale) in &kept {
            out.extend(
                dense[r * NLABELS..(r + 1) * NLABELS]
                    .iter()
                    .map(|&x| (x / scale).round().clamp(-127.0, 127.0) as i8 as u8),
            );
        }
        out.extend(caps.to_bytes());
        out
    }

    /// The capitalisation table the model was trained with.
    pub fn caps(&self) -> &Arc<CapsTable> {
        &self.caps
    }

    /// The model entities are tagged with: the weights set by `use_weights` if any (for
    /// evaluating other weights), else the shipped ones, loaded on first use.
    pub fn shipped() -> &'static Model {
        static M: LazyLock<Model> = LazyLock::new(|| {
            Model::from_bytes(SHIPPED).expect("the weights built into newsdex are valid")
        });
        // Lazily: with other weights set, the built-in ones are never parsed.
        OTHER.get().unwrap_or_else(|| &M)
    }

    /// Tags with these weights instead of the shipped ones for the rest of the process
    /// (`newsdex analyze --ner-weights`, used to score weights trained on a fold). Fails
    /// on a file that is not valid weights or when a model is already set.
    pub fn use_weights(bytes: &[u8]) -> Result<(), ModelError> {
        let m = Model::from_bytes(bytes)?;
        OTHER.set(m).map_err(|_| ModelError::AlreadySet)
    }

    /// Whether the unlabelled news behind the tagger writes a word in lower case inside
    /// sentences at least 70% of the time (its capitalisation bucket: "discount",
    /// "general"; not "Warner", "Salomon", nor a word it never saw).
    pub fn usually_lower_case(&self, word: &str) -> bool {
        let mut buf = String::new();
        let caps = self.caps.get(lower_hash(word, &mut buf)).caps;
        (1..=2).contains(&caps)
    }

    /// The word clusters the weights were trained with.
    pub fn clusters(&self) -> &crate::analyze::ner::clusters::ClusterTable {
        &self.caps.clusters
    }

    /// Number of non-empty rows.
    pub fn rows(&self) -> usize {
        self.table.rows
    }

    /// Tags a document given as sentences of words; returns one tag per word.
    pub fn tag_document(&self, doc: &[Vec<&str>]) -> Vec<Vec<u8>> {
        tag_document(self, &self.caps, doc)
    }

    /// Finds the entity mentions of raw text: byte ranges with their type index.
    pub fn tag_text(&self, text: &str) -> Vec<Mention> {
        self.tag_tokens(text, &tokenize(text))
    }

    /// `tag_text` over the text's tokens (`tokenize(text)`), for a caller that has them.
    pub fn tag_tokens(&self, text: &str, toks: &[Token]) -> Vec<Mention> {
        let mut f = Featurizer::new(self.caps.clone());
        let mut memory = DocMemory::default();
        let mut beam = Beam::default();
        let mut stat = Vec::new();
        let mut tags = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        let sents = sentences(text, toks);
        let mut stats = DocStats::default();
        for r in &sents {
            words.clear();
            words.extend(toks[r.clone()].iter().map(|t| &text[t.start..t.end]));
            stats.add(&words);
        }
        for r in sents {
            let sent = &toks[r];
            words.clear();
            words.extend(sent.iter().map(|t| &text[t.start..t.end]));
            f.sentence(&words, &stats, &mut stat);
            decode_sentence(self, &stat, &f, &mut memory, &mut beam, &mut tags);
            out.extend(
                spans(&tags)
                    .into_iter()
                    .map(|EntitySpan { start, end, ty }| Mention {
                        start: sent[start].start,
                        end: sent[end - 1].end,
                        ty,
                        sentence_initial: start == 0,
                    }),
            );
        }
        out
    }
}

/// Tags a document given as sentences of words with any scorer; one tag per word.
pub fn tag_document<S: Scorer>(
    scorer: &S,
    caps: &Arc<CapsTable>,
    doc: &[Vec<&str>],
) -> Vec<Vec<u8>> {
    let mut f = Featurizer::new(caps.clone());
    let mut memory = DocMemory::default();
    let mut beam = Beam::default();
    let mut stat = Vec::new();
    let mut stats = DocStats::default();
    for words in doc {
        stats.add(words);
    }
    doc.iter()
        .map(|words| {
            let mut tags = Vec::new();
            f.sentence(words, &stats, &mut stat);
            decode_sentence(scorer, &stat, &f, &mut memory, &mut beam, &mut tags);
            tags
        })
        .collect()
}

/// An entity mention in raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// Index into `labels::TYPES`.
    pub ty: usize,
    pub sentence_initial: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_weights_load_and_bad_files_are_errors() {
        let m = Model::from_bytes(SHIPPED).unwrap();
        assert!(m.rows() > 1000 && !m.caps().is_empty());
        assert!(matches!(
            Model::from_bytes(b"nonsense"),
            Err(ModelError::Magic)
        ));
        let cut = &SHIPPED[..SHIPPED.len() / 2];
        assert!(matches!(
            Model::from_bytes(cut),
            Err(ModelError::Corrupt(_))
        ));
    }

    #[test]
    fn encode_round_trips_through_quantisation() {
        let mut dense = vec![0f32; (1 << TABLE_BITS) * NLABELS];
        dense[5 * NLABELS + 3] = 2.0;
        dense[5 * NLABELS + 4] = -1.0;
        dense[9 * NLABELS] = 0.001; // pruned below
        let m = Model::from_bytes(&Model::encode(&dense, 0.01, &CapsTable::default())).unwrap();
        assert_eq!(m.rows(), 1);
        let mut scores = [0f32; NLABELS];
        m.score(&[5, 9, 7], &mut scores);
        assert!((scores[3] - 2.0).abs() < 0.02 && (scores[4] + 1.0).abs() < 0.02);
        assert_eq!(scores.iter().filter(|s| **s != 0.0).count(), 2);
    }

    #[test]
    fn tags_raw_text_into_typed_mentions() {
        let text = "Carl Bildt met officials in Moscow on Monday.";
        let got: Vec<(&str, usize)> = Model::shipped()
            .tag_text(text)
            .iter()
            .map(|m| (&text[m.start..m.end], m.ty))
            .collect();
        assert_eq!(got, vec![("Carl Bildt", 0), ("Moscow", 2)]);
    }

    #[test]
    fn the_beam_scores_at_once_as_item_by_item() {
        use crate::analyze::ner::features::tag_rows;
        let m = Model::from_bytes(SHIPPED).unwrap();
        let history = [(255, 255), (0, 255), (4, 3), (16, 0)];
        let mut rows = [[0u32; NTAG_ROWS]; BEAM];
        for (r, &(p1, p2)) in rows.iter_mut().zip(&history) {
            tag_rows(12345, 678, p1, p2, r);
        }
        let mut base = [0f32; NLABELS];
        m.score(&[row(1, 99), row(5, 7), row(60, 0)], &mut base);
        for n in 1..=BEAM {
            let mut all = [[0f32; NLABELS]; BEAM];
            m.score_beam(&rows[..n], &history[..n], &base, &mut all[..n]);
            for k in 0..n {
                let mut one = base;
                m.score_tags(&rows[k], history[k].0, history[k].1, &mut one);
                assert_eq!(all[k], one, "{n} items, item {k}");
            }
        }
    }

    #[test]
    fn grouped_reads_find_every_row_in_order() {
        // More rows than one group, rows that share a home slot, rows not in the table.
        let mut dense = vec![0f32; (1 << TABLE_BITS) * NLABELS];
        let stored: Vec<usize> = (0..40)
            .map(|i| i * 7 + 3)
            .chain([1 << 19, 1 << 18])
            .collect();
        for &r in &stored {
            dense[r * NLABELS + r % NLABELS] = 1.0;
        }
        let m = Model::from_bytes(&Model::encode(&dense, 0.01, &CapsTable::default())).unwrap();
        let asked: Vec<u32> = (0..300)
            .map(|r| r as u32)
            .chain([1 << 19, 1 << 18])
            .collect();
        let mut found = Vec::new();
        m.table.each_hit(&asked, |i, slot| {
            let ty = slot.w.iter().position(|&x| x != 0).unwrap();
            found.push((asked[i] as usize, ty));
        });
        let want: Vec<(usize, usize)> = stored.iter().map(|&r| (r, r % NLABELS)).collect();
        assert_eq!(found, want);
    }

    #[test]
    fn tag_tables_score_like_the_rows_they_replace() {
        use crate::analyze::ner::features::tag_rows;
        let m = Model::from_bytes(SHIPPED).unwrap();
        for (p1, p2) in [(255, 255), (0, 255), (1, 0), (2, 1), (4, 3), (16, 0)] {
            let mut rows = [0u32; NTAG_ROWS];
            tag_rows(12345, 678, p1, p2, &mut rows);
            let mut by_table = [0.5f32; NLABELS];
            m.score_tags(&rows, p1, p2, &mut by_table);
            let mut by_rows = [0.5f32; NLABELS];
            m.score(&rows, &mut by_rows);
            assert_eq!(by_table, by_rows, "p1 {p1} p2 {p2}");
        }
    }
}
