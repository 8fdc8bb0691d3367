//! Features of a token in its sentence, hashed into rows of a fixed weight table: the word
//! and its lower-case form, shape, prefixes and suffixes, neighbouring words and shapes,
//! sentence position, gazetteer membership (`data/gazetteer/`), the word clusters of the
//! word and its neighbours (`clusters`), the place list (`data/ner/places.txt`), and, computed while
//! decoding, the previous tags and what the document said about the same word before.

use crate::analyze::ner::gaz_index::{GazIndex, PLACE_SHIFT};
use crate::analyze::ner::hashing::{hash_bytes, lower_hash, mix, normalise_lower, row, HashMapU64};
use crate::analyze::ner::tokenize::{sentences, tokenize};
use crate::analyze::ner::word_table::CapsTable;

/// The weight table has `1 << TABLE_BITS` rows, one per hashed feature.
pub const TABLE_BITS: u32 = 20;
/// Number of word-cluster and place-list features per token.
pub const NCLUSTER: usize = 13;
/// Number of features computed before decoding, per token.
pub const NSTATIC: usize = 48 + NCLUSTER;
/// Number of features that depend on the tags decoded so far.
pub const NDYNAMIC: usize = 6;

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

/// Reusable buffers for computing features; one per thread.
#[derive(Default)]
pub struct Featurizer {
    caps: std::sync::Arc<CapsTable>,
    affixes: Vec<[u32; 8]>,
    infos: Vec<Info>,
    plain: Vec<u64>,
    capital: Vec<bool>,
    gaz: Vec<u32>,
    clus: Vec<[u16; 4]>,
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
        self.clus.clear();
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
            let word = hash_bytes(w.as_bytes());
            self.clus.push(self.caps.clusters.get(word, plain));
            self.infos.push(Info {
                word,
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
                (self.gaz[i as usize] & ((1 << PLACE_SHIFT) - 1)) as u64
            }
        };
        let place = |i: isize| -> u64 {
            if i < 0 || i as usize >= n {
                8
            } else {
                (self.gaz[i as usize] >> PLACE_SHIFT) as u64
            }
        };
        let clus = |i: isize| -> [u16; 4] {
            if i < 0 {
                [0xfffe; 4]
            } else if i as usize >= n {
                [0xfffd; 4]
            } else {
                self.clus[i as usize]
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
            out[start + 40..start + 48].copy_from_slice(&self.affixes[i]);
            let (cp2, cp1, cc, cn1, cn2) = (
                clus(ii - 2),
                clus(ii - 1),
                clus(ii),
                clus(ii + 1),
                clus(ii + 2),
            );
            let v = |x: u16| x as u64;
            // Clusters: the word's at every level, its neighbours' at two, the words
            // two away at one; then the place list around the word.
            let g = [
                row(70, v(cc[0])),
                row(71, v(cc[1])),
                row(72, v(cc[2])),
                row(73, v(cc[3])),
                row(74, v(cp1[1])),
                row(75, v(cp1[3])),
                row(76, v(cn1[1])),
                row(77, v(cn1[3])),
                row(78, v(cp2[2])),
                row(79, v(cn2[2])),
                row(86, place(ii)),
                row(87, mix(place(ii), c.short)),
                row(88, place(ii - 1) << 4 | place(ii) << 8 | place(ii + 1)),
            ];
            out.extend_from_slice(&g);
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
