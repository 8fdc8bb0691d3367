//! The hashing that features rest on: FNV-1a over bytes, the mix of a template with a
//! value into a table row, lower-cased word hashes, and maps keyed by hashes.

use crate::analyze::ner::features::TABLE_BITS;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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

/// FNV-1a over bytes.
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &x in b {
        h = (h ^ x as u64).wrapping_mul(0x100000001b3);
    }
    h
}

pub fn mix(a: u64, b: u64) -> u64 {
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

/// Hash of the lower-case form of `w` (typographic marks folded to ASCII).
pub fn lower_hash(w: &str, buf: &mut String) -> u64 {
    normalise_lower(w, buf, false);
    hash_bytes(buf.as_bytes())
}

/// Writes the lower-case form of `w` into `buf`: typographic quotes and dashes folded to
/// ASCII, and, with `fold_digits`, every digit written as 0.
pub fn normalise_lower(w: &str, buf: &mut String, fold_digits: bool) {
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
