//! The arithmetic of `newsdex stats`, apart from the index: articles' facts to buckets,
//! the time axis without holes, the top values of other dimensions, and each cell's
//! count, total and share (undefined where the cell holds no article).

use crate::analyze::near_dup::Sketch;
use crate::index::document::{day_of, decode_cite_term, decode_entity_term};
use crate::search::collapse::{self, Candidate};
use crate::search::stats::{Dim, StatsRow, StatsTable};
use std::collections::{BTreeSet, HashMap};

/// Most cells a cross table is filled out to (empty time buckets included); beyond
/// this, only non-empty cells are listed.
const MAX_FILLED_CELLS: usize = 200_000;
/// Most days a time axis may span when filled.
const MAX_DAYS: i64 = 400 * 366;

/// What the fast fields say about one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Midnight UTC of its day, in seconds since the epoch.
    pub date: Option<i64>,
    /// Its outlet key.
    pub outlet: Option<String>,
    /// Its entity terms (see `index::document::entity_term`).
    pub entities: Vec<String>,
    /// Its cite terms (see `index::document::cite_term`).
    pub cites: Vec<String>,
    /// Its near-duplicate sketch, when copies are to be counted once.
    pub sketch: Option<Sketch>,
}

/// One article per story: of the copies of a story (see `analyze::near_dup`), the
/// earliest (then the lowest key) stands for it.
pub fn one_per_story(facts: HashMap<u64, Facts>) -> HashMap<u64, Facts> {
    let mut candidates: Vec<Candidate> = facts
        .iter()
        .map(|(&key, f)| Candidate {
            addr: tantivy::DocAddress::new(0, 0),
            score: 0.0,
            key,
            date: f.date,
            sketch: f.sketch.unwrap_or_default(),
        })
        .collect();
    candidates.sort_by_key(|c| (c.date.is_none(), c.date, c.key));
    let leads: std::collections::HashSet<u64> = collapse::group(candidates)
        .into_iter()
        .map(|s| s.lead.key)
        .collect();
    facts
        .into_iter()
        .filter(|(k, _)| leads.contains(k))
        .collect()
}

/// The distinct values an article has on one dimension (empty: it falls in no bucket).
fn values(dim: Dim, f: &Facts) -> Vec<String> {
    match dim {
        d if d.is_time() => f
            .date
            .and_then(day_of)
            .map(|day| vec![d.time_key(day)])
            .unwrap_or_default(),
        Dim::Outlet => vec![f.outlet.clone().unwrap_or_else(|| "(none)".into())],
        Dim::Entity => {
            let set: BTreeSet<&str> = f
                .entities
                .iter()
                .filter_map(|e| decode_entity_term(e).map(|(_, name)| name))
                .collect();
            set.into_iter().map(str::to_string).collect()
        }
        Dim::Cited => {
            let set: BTreeSet<&str> = f
                .cites
                .iter()
                .filter_map(|c| decode_cite_term(c).map(|(_, name)| name))
                .collect();
            set.into_iter().map(str::to_string).collect()
        }
        _ => {
            let set: BTreeSet<&str> = f
                .entities
                .iter()
                .filter_map(|e| decode_entity_term(e).map(|(kind, _)| kind.as_str()))
                .collect();
            set.into_iter().map(str::to_string).collect()
        }
    }
}

/// Counts articles per key tuple; also returns how many had no date (with a time dim).
fn bucket(facts: &HashMap<u64, Facts>, by: &[Dim]) -> (HashMap<Vec<String>, u64>, u64) {
    let mut counts: HashMap<Vec<String>, u64> = HashMap::new();
    let mut undated = 0;
    for f in facts.values() {
        if f.date.is_none() && by.iter().any(|d| d.is_time()) {
            undated += 1;
            continue;
        }
        let mut tuples: Vec<Vec<String>> = vec![Vec::new()];
        for &d in by {
            let vals = values(d, f);
            tuples = tuples
                .iter()
                .flat_map(|t| {
                    vals.iter().map(move |v| {
                        let mut t = t.clone();
                        t.push(v.clone());
                        t
                    })
                })
                .collect();
        }
        for t in tuples {
            *counts.entry(t).or_default() += 1;
        }
    }
    (counts, undated)
}

/// The share of the `total` articles of a cell that match: undefined (`None`) when the
/// cell holds no article at all, which is not the same as no match (0).
fn share_of(count: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| count as f64 / total as f64)
}

/// Every key of a time dimension from the first to the last day, in order.
fn time_axis(dim: Dim, first: jiff::civil::Date, last: jiff::civil::Date) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut day = first;
    let mut steps = 0;
    while day <= last && steps <= MAX_DAYS {
        let k = dim.time_key(day);
        if out.last() != Some(&k) {
            out.push(k);
        }
        match day.tomorrow() {
            Ok(d) => day = d,
            Err(_) => break,
        }
        steps += 1;
    }
    out
}

/// The ordered values of each dimension: the whole time axis, or the observed values
/// by falling count (then name), cut to `top`.
fn axes(
    by: &[Dim],
    counts: &HashMap<Vec<String>, u64>,
    range: Option<(jiff::civil::Date, jiff::civil::Date)>,
    top: Option<usize>,
) -> Vec<Vec<String>> {
    by.iter()
        .enumerate()
        .map(|(i, &d)| {
            if d.is_time() {
                if let Some((a, b)) = range {
                    return time_axis(d, a, b);
                }
                let set: BTreeSet<&String> = counts.keys().map(|k| &k[i]).collect();
                return set.into_iter().cloned().collect();
            }
            let mut per: HashMap<&String, u64> = HashMap::new();
            for (k, c) in counts {
                *per.entry(&k[i]).or_default() += c;
            }
            let mut vals: Vec<(&String, u64)> = per.into_iter().collect();
            vals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            vals.truncate(top.unwrap_or(usize::MAX));
            vals.into_iter().map(|(v, _)| v.clone()).collect()
        })
        .collect()
}

/// Every combination of axis values, in axis order.
fn product(axes: &[Vec<String>]) -> Vec<Vec<String>> {
    axes.iter().fold(vec![Vec::new()], |acc, axis| {
        acc.iter()
            .flat_map(|t| {
                axis.iter().map(move |v| {
                    let mut t = t.clone();
                    t.push(v.clone());
                    t
                })
            })
            .collect()
    })
}

/// The table of `by` over the facts of the matching articles; `all` (the facts of every
/// article passing the filters) gives each time bucket its total and the axis its span.
/// Outlet keys stay keys (the caller names them).
pub fn build(
    matching: &HashMap<u64, Facts>,
    all: Option<&HashMap<u64, Facts>>,
    by: &[Dim],
    top: Option<usize>,
) -> StatsTable {
    let (mut counts, undated) = bucket(matching, by);
    let (totals, articles, range) = match all {
        Some(all) => {
            let days: Vec<jiff::civil::Date> = all
                .values()
                .filter_map(|f| f.date.and_then(day_of))
                .collect();
            let range = days.iter().min().copied().zip(days.iter().max().copied());
            (Some(bucket(all, by).0), Some(all.len() as u64), range)
        }
        None => (None, None, None),
    };
    let axes = axes(by, &counts, range, top);
    let cells: usize = axes.iter().map(Vec::len).product();
    let sparse = cells > MAX_FILLED_CELLS;
    let keys: Vec<Vec<String>> = if sparse {
        let rank: Vec<HashMap<&String, usize>> = axes
            .iter()
            .map(|a| a.iter().enumerate().map(|(i, v)| (v, i)).collect())
            .collect();
        let mut ks: Vec<(Vec<usize>, Vec<String>)> = counts
            .keys()
            .filter_map(|k| {
                let r: Option<Vec<usize>> = k
                    .iter()
                    .zip(&rank)
                    .map(|(v, r)| r.get(v).copied())
                    .collect();
                r.map(|r| (r, k.clone()))
            })
            .collect();
        ks.sort();
        ks.into_iter().map(|(_, k)| k).collect()
    } else {
        product(&axes)
    };
    let rows: Vec<StatsRow> = keys
        .into_iter()
        .map(|k| {
            let count = counts.remove(&k).unwrap_or(0);
            let total = totals.as_ref().map(|t| t.get(&k).copied().unwrap_or(0));
            let share = total.and_then(|t| share_of(count, t));
            StatsRow {
                keys: k,
                count,
                total,
                share,
            }
        })
        .collect();
    StatsTable {
        by: by.iter().map(|d| d.name()).collect(),
        rows,
        matching: matching.len() as u64,
        articles,
        undated,
        sparse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::document::day_start_secs;

    fn day(s: &str) -> Option<i64> {
        Some(day_start_secs(s.parse().unwrap()))
    }

    fn facts(list: &[(u64, Option<i64>, &str)]) -> HashMap<u64, Facts> {
        list.iter()
            .map(|&(k, date, outlet)| {
                let f = Facts {
                    date,
                    sketch: None,
                    outlet: Some(outlet.to_string()),
                    entities: vec!["per:carl bildt".into()],
                    cites: vec!["outlet:bloomberg".into()],
                };
                (k, f)
            })
            .collect()
    }

    #[test]
    fn months_run_without_holes_and_carry_shares() {
        let all = facts(&[
            (1, day("2024-01-05"), "a"),
            (2, day("2024-01-20"), "b"),
            (3, day("2024-03-02"), "a"),
            (4, None, "a"),
        ]);
        let matching: HashMap<u64, Facts> = all
            .iter()
            .filter(|(k, _)| **k != 2)
            .map(|(k, f)| (*k, f.clone()))
            .collect();
        let t = build(&matching, Some(&all), &[Dim::Month], None);
        let rows: Vec<(String, u64, Option<u64>, Option<f64>)> = t
            .rows
            .iter()
            .map(|r| (r.keys[0].clone(), r.count, r.total, r.share))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2024-01".into(), 1, Some(2), Some(0.5)),
                ("2024-02".into(), 0, Some(0), None),
                ("2024-03".into(), 1, Some(1), Some(1.0)),
            ]
        );
        assert_eq!((t.matching, t.articles, t.undated), (3, Some(4), 1));
        assert!(!t.sparse);
    }

    #[test]
    fn iso_weeks_and_days_are_keys() {
        let d: jiff::civil::Date = "2024-04-08".parse().unwrap();
        assert_eq!(Dim::Week.time_key(d), "2024-W15");
        assert_eq!(Dim::Day.time_key(d), "2024-04-08");
        assert_eq!(Dim::Year.time_key(d), "2024");
    }

    #[test]
    fn outlets_and_entities_count_articles_most_first_cut_to_top() {
        let m = facts(&[(1, None, "a"), (2, None, "b"), (3, None, "a")]);
        let t = build(&m, None, &[Dim::Outlet], Some(1));
        assert_eq!(t.rows.len(), 1);
        assert_eq!((t.rows[0].keys[0].as_str(), t.rows[0].count), ("a", 2));
        assert_eq!(t.rows[0].share, None, "no share without a time unit");
        let t = build(&m, None, &[Dim::Entity], None);
        assert_eq!(t.rows[0].keys, vec!["carl bildt".to_string()]);
        assert_eq!(t.rows[0].count, 3);
        let t = build(&m, None, &[Dim::EntityType], None);
        assert_eq!(t.rows[0].keys, vec!["PER".to_string()]);
    }

    #[test]
    fn cross_tables_fill_every_cell() {
        let all = facts(&[(1, day("2024-01-05"), "a"), (2, day("2024-02-20"), "b")]);
        let t = build(&all, Some(&all), &[Dim::Month, Dim::Outlet], None);
        assert_eq!(t.rows.len(), 4, "2 months x 2 outlets");
        let empty = t.rows.iter().find(|r| r.keys == ["2024-01", "b"]).unwrap();
        assert_eq!(
            (empty.count, empty.total, empty.share),
            (0, Some(0), None),
            "no article in the cell: the share is undefined"
        );
        let none = t.rows.iter().find(|r| r.keys == ["2024-01", "a"]).unwrap();
        assert_eq!(none.share, Some(1.0));
    }
}
