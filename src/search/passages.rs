//! Choosing an article's passages for a query: each passage is scored by the query words
//! it holds (their positions come from the index, so no text is re-read), weighted by how
//! rare each word is, with a bonus when it holds all of them; a one-line table row or a
//! bare list of words counts for less than a real paragraph; on a tie the earlier passage
//! wins.

use crate::index::schema::body_positions::passage_of;
use std::collections::{BTreeSet, HashMap};

/// A positive text term of a query, as the body words it stands for: alternative token
/// sequences (a word, a phrase, the words of a prefix), and how much it weighs.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyLeaf {
    pub alternatives: Vec<Vec<String>>,
    pub weight: f32,
}

/// The body words a query looks for, leaf by leaf.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassageTerms {
    pub leaves: Vec<BodyLeaf>,
}

impl PassageTerms {
    /// Every distinct token the leaves use.
    pub fn tokens(&self) -> BTreeSet<&str> {
        self.leaves
            .iter()
            .flat_map(|l| l.alternatives.iter().flatten())
            .map(String::as_str)
            .collect()
    }
}

/// How much a passage's text reads as prose: short passages and passages of mostly
/// numbers and symbols (table rows, lists of figures) count for less.
pub fn prose_quality(text: &str) -> f32 {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return 0.0;
    }
    let alpha = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    let ratio = alpha as f32 / words.len() as f32;
    let length = (words.len() as f32 / 12.0).clamp(0.35, 1.0);
    length * (0.3 + 0.7 * ratio)
}

/// The passages (ordinals) where each leaf occurs, with counts.
fn leaf_counts(leaf: &BodyLeaf, positions: &HashMap<&str, Vec<u32>>) -> HashMap<usize, u32> {
    let mut counts: HashMap<usize, u32> = HashMap::new();
    for alt in &leaf.alternatives {
        let Some(first) = alt.first().and_then(|t| positions.get(t.as_str())) else {
            continue;
        };
        'start: for &p in first {
            for (i, t) in alt.iter().enumerate().skip(1) {
                let want = p + i as u32;
                if positions
                    .get(t.as_str())
                    .is_none_or(|ps| ps.binary_search(&want).is_err())
                {
                    continue 'start;
                }
            }
            *counts.entry(passage_of(p)).or_default() += 1;
        }
    }
    counts
}

/// The best `n` passages of an article (ordinals, best first) given the positions of the
/// query's tokens in its body and the quality of a passage's text. Passages without any
/// query word are not chosen.
pub fn choose(
    terms: &PassageTerms,
    positions: &HashMap<&str, Vec<u32>>,
    quality: &dyn Fn(usize) -> f32,
    n: usize,
) -> Vec<usize> {
    let mut scores: HashMap<usize, (f32, usize)> = HashMap::new();
    for leaf in &terms.leaves {
        for (passage, count) in leaf_counts(leaf, positions) {
            let s = scores.entry(passage).or_default();
            s.0 += leaf.weight * (1.0 + (count as f32).ln());
            s.1 += 1;
        }
    }
    let total: f32 = terms.leaves.iter().map(|l| l.weight).sum();
    let mut ranked: Vec<(usize, f32)> = scores
        .into_iter()
        .map(|(p, (s, leaves))| {
            let all = if leaves == terms.leaves.len() && leaves > 1 {
                0.5 * total
            } else {
                0.0
            };
            (p, (s + all) * quality(p))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(n).map(|(p, _)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::body_positions::PASSAGE_STRIDE;

    fn leaf(words: &[&str]) -> BodyLeaf {
        BodyLeaf {
            alternatives: vec![words.iter().map(|w| w.to_string()).collect()],
            weight: 1.0,
        }
    }

    fn at(passage: u32, i: u32) -> u32 {
        passage * PASSAGE_STRIDE + i
    }

    #[test]
    fn all_words_together_beat_one_word_alone_and_ties_go_early() {
        let terms = PassageTerms {
            leaves: vec![leaf(&["rocket"]), leaf(&["fuel"])],
        };
        let positions = HashMap::from([
            ("rocket", vec![at(0, 3), at(2, 5), at(3, 1)]),
            ("fuel", vec![at(2, 6), at(3, 9)]),
        ]);
        let chosen = choose(&terms, &positions, &|_| 1.0, 3);
        assert_eq!(chosen, vec![2, 3, 0]);
    }

    #[test]
    fn a_table_row_does_not_beat_a_paragraph() {
        assert!(prose_quality("ZINC 455 457") < 0.3);
        assert!(
            prose_quality("Zinc prices fell on the London Metal Exchange as stocks rose again.")
                > 0.9
        );
        let terms = PassageTerms {
            leaves: vec![leaf(&["zinc"])],
        };
        let positions = HashMap::from([("zinc", vec![at(0, 0), at(0, 2), at(4, 7)])]);
        let quality = |p: usize| {
            if p == 0 {
                prose_quality("ZINC 455 457 ZINC")
            } else {
                1.0
            }
        };
        assert_eq!(choose(&terms, &positions, &quality, 1), vec![4]);
    }

    #[test]
    fn phrases_count_where_their_words_are_adjacent() {
        let terms = PassageTerms {
            leaves: vec![leaf(&["rocket", "fuel"])],
        };
        let positions = HashMap::from([
            ("rocket", vec![at(0, 1), at(1, 4)]),
            ("fuel", vec![at(0, 5), at(1, 5)]),
        ]);
        assert_eq!(choose(&terms, &positions, &|_| 1.0, 2), vec![1]);
    }
}
