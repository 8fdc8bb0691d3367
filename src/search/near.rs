//! Proximity: articles whose body holds every one of a set of words close together, in
//! any order — within `n` positions (from the first word to the last), or in one
//! passage (the index lays each passage out in its own stride of positions, see
//! `index::schema::body_positions`). A tantivy query of our own: the words' postings are
//! intersected and each candidate's positions checked. It matches with a constant score
//! (its boost): ranking comes from the clauses beside it.

use crate::index::schema::body_positions::PASSAGE_STRIDE;
use crate::search::query::Within;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// Articles with all of `terms` (of one field) within `within`.
#[derive(Debug, Clone)]
pub struct NearQuery {
    terms: Vec<Term>,
    within: Within,
}

impl NearQuery {
    /// The terms, deduplicated (a repeated word counts once).
    pub fn new(mut terms: Vec<Term>, within: Within) -> Self {
        terms.sort();
        terms.dedup();
        NearQuery { terms, within }
    }
}

impl Query for NearQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for t in &self.terms {
            visitor(t, true);
        }
    }
}

impl Weight for NearQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut postings = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            match reader
                .inverted_index(term.field())?
                .read_postings(term, IndexRecordOption::WithFreqsAndPositions)?
            {
                Some(p) => postings.push(p),
                None => return Ok(Box::new(tantivy::query::EmptyScorer)),
            }
        }
        if postings.is_empty() {
            return Ok(Box::new(tantivy::query::EmptyScorer));
        }
        let mut scorer = NearScorer {
            postings,
            within: self.within,
            score: boost,
            doc: 0,
            positions: Vec::new(),
        };
        scorer.doc = scorer.settle(scorer.postings[0].doc());
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("NearQuery", scorer.score()))
    }
}

struct NearScorer {
    postings: Vec<SegmentPostings>,
    within: Within,
    score: Score,
    doc: DocId,
    /// Reused buffers: each word's positions (or passages) in the current document.
    positions: Vec<Vec<u32>>,
}

impl NearScorer {
    /// The first document at or after `target` that every word is in and whose positions
    /// are close enough.
    fn settle(&mut self, mut target: DocId) -> DocId {
        loop {
            // Leapfrog: every list at the same document.
            let mut agreed = false;
            while !agreed {
                if target == TERMINATED {
                    return TERMINATED;
                }
                agreed = true;
                for p in &mut self.postings {
                    let d = if p.doc() < target {
                        p.seek(target)
                    } else {
                        p.doc()
                    };
                    if d > target {
                        target = d;
                        agreed = false;
                        break;
                    }
                }
            }
            if self.close_enough() {
                return target;
            }
            target = self.postings[0].advance();
        }
    }

    /// Whether the current document has one position of every word within the window.
    fn close_enough(&mut self) -> bool {
        let n = self.postings.len();
        self.positions.resize_with(n, Vec::new);
        for (p, out) in self.postings.iter_mut().zip(&mut self.positions) {
            out.clear();
            p.positions(out);
            if let Within::Passage = self.within {
                for x in out.iter_mut() {
                    *x /= PASSAGE_STRIDE;
                }
                out.dedup();
            }
        }
        let limit = match self.within {
            Within::Words(w) => w,
            Within::Passage => 0,
        };
        min_span(&self.positions) <= limit
    }
}

/// The smallest span (last − first) of a window holding one value of every sorted list
/// (`u32::MAX` when a list is empty).
pub fn min_span(lists: &[Vec<u32>]) -> u32 {
    if lists.iter().any(Vec::is_empty) {
        return u32::MAX;
    }
    let mut at = vec![0usize; lists.len()];
    let mut best = u32::MAX;
    loop {
        let (mut lo, mut lo_list, mut hi) = (u32::MAX, 0, 0);
        for (i, l) in lists.iter().enumerate() {
            let v = l[at[i]];
            if v < lo {
                lo = v;
                lo_list = i;
            }
            hi = hi.max(v);
        }
        best = best.min(hi - lo);
        if best == 0 {
            return 0;
        }
        at[lo_list] += 1;
        if at[lo_list] == lists[lo_list].len() {
            return best;
        }
    }
}

impl DocSet for NearScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let next = self.postings[0].advance();
        self.doc = self.settle(next);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.doc = self.settle(target);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings
            .iter()
            .map(|p| p.size_hint())
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for NearScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_span_of_sorted_lists() {
        assert_eq!(min_span(&[vec![1, 10], vec![4, 30]]), 3);
        assert_eq!(min_span(&[vec![1, 10, 20], vec![15], vec![12, 40]]), 5);
        assert_eq!(min_span(&[vec![3], vec![3]]), 0);
        assert_eq!(min_span(&[vec![3], vec![]]), u32::MAX);
    }
}
