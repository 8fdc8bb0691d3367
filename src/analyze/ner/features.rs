//! Features of a token in its sentence, hashed into rows of a fixed weight table: the word
//! and its lower-case form, shape, prefixes and suffixes, neighbouring words and shapes,
//! sentence position, gazetteer membership (`data/gazetteer/`), and, computed while
//! decoding, the previous tags and what the document said about the same word before.

use crate::analyze::gazetteer::Gazetteer;
use crate::analyze::ner::tokenize::{sentences, tokenize};
use crate::model::EntityType;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// A hasher for keys that are already hashes: passes the u64 through.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Maps and sets keyed by hashes.
pub type HashMapU64<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;
pub type HashSetU64 = HashSet<u64, BuildHasherDefault<PassThrough>>;

/// The weight table has `1 << TABLE_BITS` rows, one per hashed feature.
pub const TABLE_BITS: u32 = 20;
/// Longest gazetteer entry matched, in tokens.
const MAX_GAZ_TOKENS: usize = 6;
/// Number of features computed before decoding, per token.
pub const NSTATIC: usize = 48;
/// Number of features that depend on the tags decoded so far.
pub const NDYNAMIC: usize = 6;

/// FNV-1a over bytes.
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &x in b {
        h = (h ^ x as u64).wrapping_mul(0x100000001b3);
    }
    h
}

fn mix(a: u64, b: u64) -> u64 {
    let mut x = (a ^ b.wrapping_mul(0x9E3779B97F4A7C15)).wrapping_mul(0xBF58476D1CE4E5B9);
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D049BB133111EB);
    x ^ (x >> 29)
}

/// The table row of feature template `template` with value `value`.
#[inline]
pub fn row(template: u64, value: u64) -> u32 {
    (mix(template.wrapping_add(0x51_7cc1_b727_220a), value) >> (64 - TABLE_BITS)) as u32
}

// Gazetteer bits of a token.
const G_BEGIN: u32 = 1; // shift by 3 * type index (LOC 0, ORG 1, MISC 2)
const G_INSIDE: u32 = 2;
const G_UNIT: u32 = 4;
const G_GIVEN: u32 = 1 << 9;
const G_TITLE: u32 = 1 << 10;
const G_COMMON: u32 = 1 << 11;

/// The gazetteer as hashes of lower-cased token sequences.
pub struct GazIndex {
    names: HashMapU64<u8>,
    given: HashSetU64,
    titles: HashSetU64,
    common: HashSetU64,
}

fn seq_hash(h: u64, token_lower: u64) -> u64 {
    mix(h, token_lower)
}

impl GazIndex {
    fn build(g: &Gazetteer) -> Self {
        let mut names = HashMapU64::default();
        let mut lower = String::new();
        for (name, kind) in g.names() {
            let bit = match kind {
                EntityType::Loc => 1,
                EntityType::Org => 2,
                EntityType::Misc => 4,
                EntityType::Per => 0,
            };
            let toks = tokenize(name);
            if toks.is_empty() || toks.len() > MAX_GAZ_TOKENS {
                continue;
            }
            let mut h = 0;
            for t in &toks {
                h = seq_hash(h, lower_hash(&name[t.start..t.end], &mut lower));
            }
            *names.entry(h).or_insert(0) |= bit;
        }
        GazIndex {
            names,
            given: g.given_names().map(|w| hash_bytes(w.as_bytes())).collect(),
            titles: g
                .titles()
                .flat_map(|w| {
                    [
                        hash_bytes(w.as_bytes()),
                        hash_bytes(format!("{w}.").as_bytes()),
                    ]
                })
                .collect(),
            common: g.common_words().map(|w| hash_bytes(w.as_bytes())).collect(),
        }
    }

    /// The shared instance, built on first use.
    pub fn get() -> &'static GazIndex {
        static G: LazyLock<GazIndex> = LazyLock::new(|| GazIndex::build(Gazetteer::get()));
        &G
    }

    /// Gazetteer bits for each token of a sentence, given the tokens' lower-case hashes
    /// (`plain`, without digit folding).
    fn marks(&self, plain: &[u64], capital: &[bool], out: &mut Vec<u32>) {
        out.clear();
        out.resize(plain.len(), 0);
        for i in 0..plain.len() {
            let h = plain[i];
            if self.given.contains(&h) {
                out[i] |= G_GIVEN;
            }
            if self.titles.contains(&h) {
                out[i] |= G_TITLE;
            }
            if self.common.contains(&h) {
                out[i] |= G_COMMON;
            }
            if !capital[i] {
                continue;
            }
            let mut sh = 0;
            for j in i..plain.len().min(i + MAX_GAZ_TOKENS) {
                sh = seq_hash(sh, plain[j]);
                let Some(&types) = self.names.get(&sh) else {
                    continue;
                };
                for ty in 0..3 {
                    if types & (1 << ty) == 0 {
                        continue;
                    }
                    if j == i {
                        out[i] |= G_UNIT << (3 * ty);
                    } else {
                        out[i] |= G_BEGIN << (3 * ty);
                        for m in &mut out[i + 1..=j] {
                            *m |= G_INSIDE << (3 * ty);
                        }
                    }
                }
            }
        }
    }
}

/// Hash of the lower-case form of `w` (typographic marks folded to ASCII).
fn lower_hash(w: &str, buf: &mut String) -> u64 {
    normalise_lower(w, buf, false);
    hash_bytes(buf.as_bytes())
}

/// Writes the lower-case form of `w` into `buf`: typographic quotes and dashes folded to
/// ASCII, and, with `fold_digits`, every digit written as 0.
fn normalise_lower(w: &str, buf: &mut String, fold_digits: bool) {
    buf.clear();
    for c in w.chars() {
        match c {
            'A'..='Z' => buf.push(c.to_ascii_lowercase()),
            '0'..='9' if fold_digits => buf.push('0'),
            c if c.is_ascii() => buf.push(c),
            '’' | '‘' => buf.push('\''),
            '“' | '”' | '«' | '»' => buf.push('"'),
            '—' | '–' => buf.push('-'),
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// Shapes of a word: X for upper case, x for lower, d for digits, other marks as they
/// are; the long shape caps runs at four, the short one collapses them ("Xx", "X.X.", "d-d").
fn shapes(w: &str) -> (u64, u64) {
    let (mut long, mut short): (u64, u64) = (0xcbf29ce484222325, 0xcbf29ce484222325);
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let s = shape_char(c);
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if run <= 4 {
            long = (long ^ s as u64).wrapping_mul(0x100000001b3);
        }
        if run == 1 {
            short = (short ^ s as u64).wrapping_mul(0x100000001b3);
        }
    }
    (long, short)
}

fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() || c.is_alphabetic() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else {
        match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '—' | '–' => '-',
            c => c,
        }
    }
}

/// What is known of one token before decoding.
#[derive(Clone, Copy, Default)]
struct Info {
    word: u64,
    lower: u64,
    shape: u64,
    short: u64,
}

const BOS: Info = Info {
    word: 1,
    lower: 1,
    shape: 1,
    short: 1,
};
const EOS: Info = Info {
    word: 2,
    lower: 2,
    shape: 2,
    short: 2,
};

/// What the whole document says about each word (by lower-case hash): whether it occurs
/// in lower case, and whether capitalised inside a sentence that is not all capitals.
#[derive(Default)]
pub struct DocStats {
    seen: HashMapU64<u8>,
    buf: String,
}

const SEEN_LOWER: u8 = 1;
const SEEN_CAPITAL_INSIDE: u8 = 2;

impl DocStats {
    pub fn clear(&mut self) {
        self.seen.clear();
    }

    /// Adds one sentence of the document.
    pub fn add(&mut self, words: &[&str]) {
        let all_caps = words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .all(|w| !w.chars().any(char::is_lowercase));
        for (i, w) in words.iter().enumerate() {
            let Some(c) = w.chars().next() else { continue };
            let bit = if c.is_lowercase() {
                SEEN_LOWER
            } else if c.is_uppercase() && i > 0 && !all_caps {
                SEEN_CAPITAL_INSIDE
            } else {
                continue;
            };
            let h = lower_hash(w, &mut self.buf);
            *self.seen.entry(h).or_insert(0) |= bit;
        }
    }

    fn get(&self, h: u64) -> u8 {
        self.seen.get(&h).copied().unwrap_or(0)
    }
}

/// How a word is used in running text, learnt from unlabelled news (Reuters-21578 and
/// BBC News). For each lower-case word hash: a bucket of the share of its occurrences
/// inside a sentence that are capitalised (1: under 5%, 2: under 30%, 3: under 70%,
/// 4: under 95%, 5: 95% or more; unseen words are 0), and its most frequent left and
/// right neighbour among the `CONTEXT_WORDS` most frequent words (a crude word class:
/// "said" after people, "in" before places).
#[derive(Default, Debug)]
pub struct CapsTable {
    map: HashMapU64<WordUse>,
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
        CapsTable { map }
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
    /// sorted by hash.
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
        Some((CapsTable { map }, 4 + n * ENTRY))
    }
}

/// Reusable buffers for computing features; one per thread.
#[derive(Default)]
pub struct Featurizer {
    caps: std::sync::Arc<CapsTable>,
    affixes: Vec<[u32; 8]>,
    infos: Vec<Info>,
    plain: Vec<u64>,
    capital: Vec<bool>,
    gaz: Vec<u32>,
    buf: String,
    /// Per token of the sentence: lower-case hash, whether capitalised.
    pub keys: Vec<(u64, bool)>,
    /// Per token: short shape hash.
    pub shorts: Vec<u64>,
}

impl Featurizer {
    /// A featurizer using this capitalisation table.
    pub fn new(caps: std::sync::Arc<CapsTable>) -> Self {
        Featurizer {
            caps,
            ..Featurizer::default()
        }
    }

    /// Computes the static features of each word of a sentence into `out`
    /// (`NSTATIC` rows per word).
    pub fn sentence(&mut self, words: &[&str], doc: &DocStats, out: &mut Vec<u32>) {
        let n = words.len();
        self.infos.clear();
        self.affixes.clear();
        self.plain.clear();
        self.capital.clear();
        self.keys.clear();
        self.shorts.clear();
        let mut letters = 0;
        let mut caps = 0;
        for w in words {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            normalise_lower(w, &mut self.buf, false);
            let plain = hash_bytes(self.buf.as_bytes());
            let mut aff = [0u32; 8];
            affixes(&self.buf, &mut aff);
            self.affixes.push(aff);
            let lower = if w.bytes().any(|b| b.is_ascii_digit()) {
                normalise_lower(w, &mut self.buf, true);
                hash_bytes(self.buf.as_bytes())
            } else {
                plain
            };
            if w.chars().any(char::is_alphabetic) {
                letters += 1;
                if !w.chars().any(char::is_lowercase) {
                    caps += 1;
                }
            }
            let (shape, short) = shapes(w);
            self.infos.push(Info {
                word: hash_bytes(w.as_bytes()),
                lower,
                shape,
                short,
            });
            self.plain.push(plain);
            self.capital.push(capital);
            self.keys.push((plain, capital));
            self.shorts.push(self.infos[self.infos.len() - 1].short);
        }
        let all_caps = (letters >= 2 && caps == letters) as u64;
        GazIndex::get().marks(&self.plain, &self.capital, &mut self.gaz);
        out.clear();
        out.reserve(n * NSTATIC);
        let at = |i: isize| -> Info {
            if i < 0 {
                if i == -1 {
                    BOS
                } else {
                    Info { word: 3, ..BOS }
                }
            } else if i as usize >= n {
                if i as usize == n {
                    EOS
                } else {
                    Info { word: 4, ..EOS }
                }
            } else {
                self.infos[i as usize]
            }
        };
        let gaz = |i: isize| -> u64 {
            if i < 0 || i as usize >= n {
                1 << 20
            } else {
                self.gaz[i as usize] as u64
            }
        };
        for i in 0..n {
            let ii = i as isize;
            let (p2, p1, c, n1, n2) = (at(ii - 2), at(ii - 1), at(ii), at(ii + 1), at(ii + 2));
            let first = (i == 0) as u64;
            let u = self.caps.get(self.keys[i].0);
            let f = [
                row(0, 0),
                row(1, c.word),
                row(2, c.lower),
                row(3, c.shape),
                row(4, c.short),
                row(5, p1.lower),
                row(6, n1.lower),
                row(7, p2.lower),
                row(8, n2.lower),
                row(9, p1.short),
                row(10, n1.short),
                row(11, mix(p1.short, c.short)),
                row(12, mix(c.short, n1.short)),
                row(13, mix(p1.lower, c.lower)),
                row(14, mix(c.lower, n1.lower)),
                row(15, mix(first, c.shape)),
                row(16, mix(all_caps, c.short)),
                row(17, mix(all_caps, c.lower)),
                row(18, gaz(ii)),
                row(19, gaz(ii - 1)),
                row(20, gaz(ii + 1)),
                row(21, mix(gaz(ii), c.short)),
                row(22, mix(p1.word, c.short)),
                row(23, mix(n1.word, c.short)),
                row(24, mix(mix(p1.short, c.short), n1.short)),
                row(25, mix(first, c.lower)),
                row(26, mix(p1.lower, c.short)),
                row(27, mix(c.short, n1.lower)),
                row(28, (n - i).min(4) as u64 * 8 + i.min(4) as u64),
                row(29, mix(doc.get(self.keys[i].0) as u64, c.short)),
                row(
                    30,
                    mix(
                        doc.get(self.keys[i].0) as u64 | first << 8 | all_caps << 9,
                        c.lower,
                    ),
                ),
                row(31, at(ii - 3).lower),
                row(32, at(ii + 3).lower),
                row(33, mix(mix(p2.short, p1.short), c.short)),
                row(34, mix(mix(c.short, n1.short), n2.short)),
                row(35, mix(u.caps as u64, first | all_caps << 1)),
                row(36, mix(u.caps as u64, c.short)),
                row(37, u.left as u64),
                row(38, u.right as u64),
                row(39, mix(u.left as u64, u.right as u64)),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
            ];
            let start = out.len();
            out.extend_from_slice(&f);
            out[start + 40..start + NSTATIC].copy_from_slice(&self.affixes[i]);
        }
    }
}

/// Prefix and suffix features (1 to 4 characters of the lower-case word in `buf`).
fn affixes(buf: &str, out: &mut [u32; 8]) {
    let b = buf.as_bytes();
    let mut bounds = [0usize; 5];
    let mut k = 0;
    for (pos, _) in buf.char_indices().skip(1).take(4) {
        bounds[k] = pos;
        k += 1;
    }
    let len = b.len();
    let nchars = buf.chars().count();
    for j in 0..4 {
        let end = if j < k { bounds[j] } else { len };
        out[j] = row(40 + j as u64, hash_bytes(&b[..end]));
    }
    let mut starts = [len; 4];
    for (j, (pos, _)) in buf.char_indices().rev().take(4).enumerate() {
        starts[j] = pos;
    }
    for j in 0..4 {
        let s = if j < nchars { starts[j] } else { 0 };
        out[4 + j] = row(50 + j as u64, hash_bytes(&b[s..]));
    }
}

/// The features that depend on decoding so far: the two previous tags, the previous tag
/// with the word and its shape (`out[0..4]`), and the last type the document gave the
/// same word (`out[4..6]`, the same for every history: see `memory_rows`).
pub fn dynamic(words_key: u64, short: u64, p1: u8, p2: u8, history: u8, out: &mut [u32]) {
    tag_rows(words_key, short, p1, p2, &mut out[..NTAG_ROWS]);
    memory_rows(short, history, &mut out[NTAG_ROWS..]);
}

/// Number of dynamic features that depend on the previous tags.
pub const NTAG_ROWS: usize = 4;

/// The dynamic features built from the previous tags.
#[inline]
pub fn tag_rows(words_key: u64, short: u64, p1: u8, p2: u8, out: &mut [u32]) {
    out[0] = row(60, p1 as u64);
    out[1] = row(61, (p1 as u64) << 8 | p2 as u64);
    out[2] = row(62, mix(p1 as u64, words_key));
    out[3] = row(63, mix(p1 as u64, short));
}

/// The dynamic features built from what the document said about the word before.
#[inline]
pub fn memory_rows(short: u64, history: u8, out: &mut [u32]) {
    out[0] = row(64, history as u64);
    out[1] = row(65, mix(history as u64, short));
}

/// Tokenizes raw text into sentences of words (used by callers that start from text).
pub fn sentence_words(text: &str) -> Vec<Vec<(usize, usize)>> {
    let toks = tokenize(text);
    sentences(text, &toks)
        .into_iter()
        .map(|r| toks[r].iter().map(|t| (t.start, t.end)).collect())
        .collect()
}
