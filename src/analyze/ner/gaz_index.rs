//! The gazetteer matcher: the shipped gazetteer (`data/gazetteer/`) as hashes of
//! lower-cased token sequences, and the gazetteer bits of each token of a sentence.

use crate::analyze::gazetteer::Gazetteer;
use crate::analyze::ner::hashing::{hash_bytes, lower_hash, mix, HashMapU64, HashSetU64};
use crate::analyze::ner::tokenize::tokenize;
use crate::model::EntityType;
use std::sync::LazyLock;

/// Longest gazetteer entry matched, in tokens.
const MAX_GAZ_TOKENS: usize = 6;

// Gazetteer bits of a token.
const G_BEGIN: u32 = 1; // shift by 3 * type index (LOC 0, ORG 1, MISC 2)
const G_INSIDE: u32 = 2;
const G_UNIT: u32 = 4;
const G_GIVEN: u32 = 1 << 9;
const G_TITLE: u32 = 1 << 10;
const G_COMMON: u32 = 1 << 11;
/// The place list's bits (begin, inside, unit), above the gazetteer's.
pub const PLACE_SHIFT: u32 = 12;

/// Places (`data/ner/places.txt`: GeoNames cities, countries, capitals, US states): a
/// list for the tagger's features only, too large and too ambiguous ("Reading", "Nice")
/// for the rule-based gazetteer.
const PLACES: &str = include_str!("../../../data/ner/places.txt");

/// The gazetteer as hashes of lower-cased token sequences.
pub struct GazIndex {
    names: HashMapU64<u8>,
    places: HashSetU64,
    given: HashSetU64,
    titles: HashSetU64,
    common: HashSetU64,
}

fn seq_hash(h: u64, token_lower: u64) -> u64 {
    mix(h, token_lower)
}

/// The hash of a name's lower-cased token sequence, as a sentence's tokens are matched
/// against it; none for a name of no tokens or of more than `MAX_GAZ_TOKENS`.
fn name_hash(name: &str, lower: &mut String) -> Option<u64> {
    let toks = tokenize(name);
    if toks.is_empty() || toks.len() > MAX_GAZ_TOKENS {
        return None;
    }
    Some(toks.iter().fold(0, |h, t| {
        seq_hash(h, lower_hash(&name[t.start..t.end], lower))
    }))
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
            if let Some(h) = name_hash(name, &mut lower) {
                *names.entry(h).or_insert(0) |= bit;
            }
        }
        let mut places = HashSetU64::default();
        for name in PLACES.lines().filter(|l| !l.starts_with('#')) {
            places.extend(name_hash(name, &mut lower));
        }
        GazIndex {
            names,
            places,
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
    pub fn marks(&self, plain: &[u64], capital: &[bool], out: &mut Vec<u32>) {
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
                if self.places.contains(&sh) {
                    if j == i {
                        out[i] |= G_UNIT << PLACE_SHIFT;
                    } else {
                        out[i] |= G_BEGIN << PLACE_SHIFT;
                        for m in &mut out[i + 1..=j] {
                            *m |= G_INSIDE << PLACE_SHIFT;
                        }
                    }
                }
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
