//! Collapsing copies: matching articles that are copies of one story (see
//! `analyze::near_dup`) become one result, the best-ranked copy, which lists the others.
//! Candidates are compared through the bands of their sketches, so grouping costs a few
//! lookups per article however many there are.

use crate::analyze::near_dup::Sketch;
use std::collections::HashMap;
use tantivy::DocAddress;

/// A matching article, with what ranking and collapsing need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub addr: DocAddress,
    pub score: f32,
    /// The article key (its id as a number).
    pub key: u64,
    /// Midnight UTC of its day, in seconds since the epoch.
    pub date: Option<i64>,
    pub sketch: Sketch,
}

/// One story: its best-ranked article and the copies collapsed into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub lead: Candidate,
    pub copies: Vec<Candidate>,
}

/// Groups candidates, given in rank order, into stories in the same order: each joins
/// the first story whose lead it is a copy of.
pub fn group(candidates: Vec<Candidate>) -> Vec<Story> {
    let mut stories: Vec<Story> = Vec::new();
    let mut by_band: HashMap<u32, Vec<usize>> = HashMap::new();
    for c in candidates {
        let bands = c.sketch.bands();
        let home = bands
            .iter()
            .filter_map(|b| by_band.get(b))
            .flatten()
            .copied()
            .filter(|&s| stories[s].lead.sketch.is_near(&c.sketch))
            .min();
        match home {
            Some(s) => stories[s].copies.push(c),
            None => {
                let s = stories.len();
                for b in bands {
                    by_band.entry(b).or_default().push(s);
                }
                stories.push(Story {
                    lead: c,
                    copies: Vec::new(),
                });
            }
        }
    }
    stories
}

/// Every candidate as a story of its own (collapsing off).
pub fn alone(candidates: Vec<Candidate>) -> Vec<Story> {
    candidates
        .into_iter()
        .map(|lead| Story {
            lead,
            copies: Vec::new(),
        })
        .collect()
}

/// The 16-hex-digit id of an article key.
pub fn id_of_key(key: u64) -> String {
    format!("{key:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::near_dup::sketch;

    fn cand(doc: u32, text: &str) -> Candidate {
        Candidate {
            addr: DocAddress::new(0, doc),
            score: 10.0 - doc as f32,
            key: u64::from(doc),
            date: None,
            sketch: sketch(text),
        }
    }

    #[test]
    fn copies_join_the_best_ranked_one() {
        let story = "Oil prices rose on Monday after the producers agreed to cut output \
                     again, traders said, as stocks fell in the main consuming countries.";
        let other = "The football club sacked its manager after a run of seven defeats, \
                     the chairman said in a statement on the club's website on Sunday.";
        let stories = group(vec![
            cand(0, story),
            cand(1, other),
            cand(2, &story.to_uppercase()),
            cand(3, story),
        ]);
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].lead.key, 0);
        let copies: Vec<u64> = stories[0].copies.iter().map(|c| c.key).collect();
        assert_eq!(copies, vec![2, 3]);
        assert!(stories[1].copies.is_empty());
        assert_eq!(alone(vec![cand(0, story), cand(3, story)]).len(), 2);
        assert_eq!(id_of_key(255), "00000000000000ff");
    }
}
