//! Names one typing slip away from a name the annotators gave: wire copy misspells
//! ("Univerity of Maryland", "Matushita", "European Montetary System"), and the
//! guidelines name the thing by its right spelling. A name of several words may differ
//! from a known one in one word only, by one letter added, dropped, changed or two
//! swapped; that word has at least `MIN_WORD` letters in both, begins with the same
//! letter, and the slip is not a plural's "s". The correction is made only when exactly
//! one known name of the type is that close, and only for organisations and other
//! names: places one letter apart are as often two places ("Bolton" and "Boston",
//! "Almeria" and "Algeria"), and people too.

use crate::model::EntityType;
use std::collections::HashMap;

/// The shortest word a slip is looked for in (shorter ones are other names: "Iran" and
/// "Iraq").
const MIN_WORD: usize = 6;

/// Known names (display form) by the key of each of their long words: the type, the
/// other words and the word's first letter and length (`key`).
#[derive(Default)]
pub struct Respeller {
    names: Vec<String>,
    by_key: HashMap<String, Vec<u32>>,
}

/// The key of `words` with word `i` left out but for its first letter and its length.
fn key(kind: EntityType, words: &[String], i: usize, len: usize) -> String {
    let mut k = format!("{kind:?}|{}", words.len());
    for (j, w) in words.iter().enumerate() {
        k.push('|');
        if j == i {
            k.push(w.chars().next().unwrap_or(' '));
            k.push_str(&len.to_string());
            k.push('*');
        } else {
            k.push_str(w);
        }
    }
    k
}

/// The types whose names are respelt.
fn respelt_type(kind: EntityType) -> bool {
    matches!(kind, EntityType::Org | EntityType::Misc)
}

fn lower_words(name: &str) -> Vec<String> {
    name.split_whitespace().map(str::to_lowercase).collect()
}

/// Whether two words are one slip apart: Damerau–Levenshtein distance 1.
fn one_slip(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff[..] {
                [_] => true,
                [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 => (0..long.len())
            .any(|i| long[..i] == short[..i] && long[i + 1..] == *short.get(i..).unwrap_or(&[])),
        _ => false,
    }
}

/// Whether the slip between two words is only a plural's "s" (the words compared are
/// all letters, so no possessive's apostrophe).
fn plural(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short) == Some("s")
}

impl Respeller {
    /// The index of the names of `known_types.tsv` (name, type, ...; `#` comments).
    pub fn from_known_types(text: &str) -> Self {
        let mut r = Respeller::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t').map(str::trim);
            let (Some(name), Some(kind)) = (cols.next(), cols.next()) else {
                continue;
            };
            let Some(kind) = EntityType::parse(kind).filter(|&k| respelt_type(k)) else {
                continue;
            };
            let words = lower_words(name);
            let at = r.names.len() as u32;
            let mut indexed = false;
            for (i, w) in words.iter().enumerate() {
                let len = w.chars().count();
                if len >= MIN_WORD && w.chars().all(char::is_alphabetic) {
                    r.by_key
                        .entry(key(kind, &words, i, len))
                        .or_default()
                        .push(at);
                    indexed = true;
                }
            }
            if indexed {
                r.names.push(name.to_string());
            }
        }
        r
    }

    /// The one known name of `kind` that `name` misspells, if there is exactly one. A
    /// word that is a word of its own (`is_word`: "Iceland" beside a known "Central Bank
    /// of Ireland") is no slip.
    pub fn respelt(
        &self,
        kind: EntityType,
        name: &str,
        is_word: impl Fn(&str) -> bool,
    ) -> Option<&str> {
        if !respelt_type(kind) {
            return None;
        }
        let words = lower_words(name);
        let mut found: Option<u32> = None;
        for (i, w) in words.iter().enumerate() {
            let len = w.chars().count();
            if len < MIN_WORD || !w.chars().all(char::is_alphabetic) || is_word(w) {
                continue;
            }
            let mine: Vec<char> = w.chars().collect();
            for other_len in [len - 1, len, len + 1] {
                let Some(candidates) = self.by_key.get(&key(kind, &words, i, other_len)) else {
                    continue;
                };
                for &c in candidates {
                    let theirs: Vec<char> =
                        lower_words(&self.names[c as usize])[i].chars().collect();
                    let theirs_str: String = theirs.iter().collect();
                    // Indexed words have `MIN_WORD` letters at least, as this one has.
                    if theirs_str == *w || plural(w, &theirs_str) || !one_slip(&mine, &theirs) {
                        continue;
                    }
                    if found.is_some_and(|f| f != c) {
                        return None;
                    }
                    found = Some(c);
                }
            }
        }
        found.map(|c| self.names[c as usize].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &str = "# canonical\tTYPE\tarticles\tof\n\
        Harcourt Brace Jovanovich\tORG\t2\t2\n\
        University of Maryland\tORG\t1\t1\n\
        Matsushita\tORG\t3\t3\n\
        Nairobi\tLOC\t2\t2\n\
        Wellington\tORG\t1\t1\n\
        Wellingtin\tORG\t1\t1\n\
        Johnston\tPER\t1\t1\n\
        Academy Award\tMISC\t4\t4\n\
        Central Bank of Ireland\tORG\t1\t1\n";

    #[test]
    fn a_slip_in_one_long_word_finds_the_known_name() {
        let known = Respeller::from_known_types(KNOWN);
        let r = |kind, name| known.respelt(kind, name, |w| w == "iceland");
        let org = EntityType::Org;
        assert_eq!(
            r(org, "Harcourt Brace Jovanovice"),
            Some("Harcourt Brace Jovanovich")
        );
        assert_eq!(
            r(org, "Univerity of Maryland"),
            Some("University of Maryland")
        );
        assert_eq!(r(org, "Matushita"), Some("Matsushita"));
        assert_eq!(r(org, "Mitsushito"), None, "two slips");
        assert_eq!(r(EntityType::Loc, "Narobi"), None, "places are not respelt");
    }

    #[test]
    fn no_correction_for_plurals_types_people_or_two_candidates() {
        let known = Respeller::from_known_types(KNOWN);
        let r = |kind, name| known.respelt(kind, name, |w| w == "iceland");
        assert_eq!(r(EntityType::Misc, "Academy Awards"), None);
        assert_eq!(r(EntityType::Loc, "Matushita"), None, "another type");
        assert_eq!(
            r(EntityType::Per, "Johnstone"),
            None,
            "people are not respelt"
        );
        assert_eq!(
            r(EntityType::Org, "Wellingtun"),
            None,
            "two names are as close"
        );
        assert_eq!(
            r(EntityType::Org, "Matsushita"),
            None,
            "the known name itself"
        );
        assert_eq!(
            r(EntityType::Org, "Central Bank of Iceland"),
            None,
            "a word of its own"
        );
    }

    #[test]
    fn one_slip_is_one_edit_or_one_swap() {
        let w = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(one_slip(&w("jovanovich"), &w("jovanovice")));
        assert!(!one_slip(&w("contempory"), &w("contemporary")));
        assert!(one_slip(&w("acquisiton"), &w("acquisition")));
        assert!(one_slip(&w("montgomey"), &w("montgomery")));
        assert!(one_slip(&w("lehmna"), &w("lehman")));
        assert!(!one_slip(&w("lehman"), &w("lehman")));
    }
}
