//! Counts of distinct matching articles (never passages) per bucket: time (year, month,
//! ISO week, day), outlet, entity, entity type, and cross tables of several of these.
//! Reads only fast fields (article_key, date, outlet_key, entity) through a custom
//! collector; time buckets carry the share of all articles in the bucket (normalised
//! attention) and run without holes from the first to the last dated article.

use crate::index::schema::Fields;
use crate::search::compile::{self, Filters};
use crate::search::{SearchError, Searcher};
use std::collections::{BTreeSet, HashMap, HashSet};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term, Value};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};

/// Most cells a cross table is filled out to (empty time buckets included); beyond
/// this, only non-empty cells are listed.
const MAX_FILLED_CELLS: usize = 200_000;
/// Most days a time axis may span when filled.
const MAX_DAYS: i64 = 400 * 366;

/// A dimension to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Dim {
    Year,
    Month,
    Week,
    Day,
    Outlet,
    Entity,
    EntityType,
}

impl Dim {
    pub fn is_time(self) -> bool {
        matches!(self, Dim::Year | Dim::Month | Dim::Week | Dim::Day)
    }

    pub fn name(self) -> &'static str {
        match self {
            Dim::Year => "year",
            Dim::Month => "month",
            Dim::Week => "week",
            Dim::Day => "day",
            Dim::Outlet => "outlet",
            Dim::Entity => "entity",
            Dim::EntityType => "entity_type",
        }
    }

    /// The bucket key of a day: `2024`, `2024-04`, `2024-W15` (ISO week), `2024-04-08`.
    pub fn time_key(self, day: jiff::civil::Date) -> String {
        match self {
            Dim::Year => format!("{:04}", day.year()),
            Dim::Month => format!("{:04}-{:02}", day.year(), day.month()),
            Dim::Week => {
                let w = day.iso_week_date();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            _ => day.to_string(),
        }
    }
}

/// What to count.
#[derive(Debug, Clone, Default)]
pub struct StatsRequest {
    /// `None` counts every article (that passes the filters).
    pub query: Option<String>,
    pub filters: Filters,
    pub by: Vec<Dim>,
    /// Keep only the `top` most frequent values of each non-time dimension.
    pub top: Option<usize>,
}

/// One cell of the table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StatsRow {
    /// One key per dimension, in the order of `by`.
    pub keys: Vec<String>,
    /// Distinct matching articles.
    pub count: u64,
    /// All articles in the cell (passing the filters), when a time dimension is present.
    pub total: Option<u64>,
    /// `count / total`, when a time dimension is present (0 when the cell is empty).
    pub share: Option<f64>,
}

/// The counts.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StatsTable {
    pub by: Vec<&'static str>,
    pub rows: Vec<StatsRow>,
    /// Distinct matching articles in all.
    pub matching: u64,
    /// All articles passing the filters, when a time dimension is present.
    pub articles: Option<u64>,
    /// Matching articles without a date (left out of time buckets).
    pub undated: u64,
    /// True when the table lists only non-empty cells (it was too large to fill out).
    pub sparse: bool,
}

/// What the fast fields say about one article.
#[derive(Debug, Clone, Default)]
struct Facts {
    date: Option<i64>,
    outlet: Option<String>,
    entities: Vec<String>,
}

/// Collects the facts of every matching article, reading only the fast fields needed.
struct FactsCollector {
    outlets: bool,
    entities: bool,
}

/// Per article: date, outlet ord, entity ords (resolved to strings at harvest).
type RawFacts = (Option<i64>, Option<u64>, Vec<u64>);

struct FactsSegment {
    keys: Column<u64>,
    dates: Column<tantivy::DateTime>,
    outlet_col: Option<StrColumn>,
    entity_col: Option<StrColumn>,
    found: HashMap<u64, RawFacts>,
}

impl Collector for FactsCollector {
    type Fruit = HashMap<u64, Facts>;
    type Child = FactsSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FactsSegment> {
        let ff = reader.fast_fields();
        Ok(FactsSegment {
            keys: ff.u64("article_key")?,
            dates: ff.date("date")?,
            outlet_col: if self.outlets {
                ff.str("outlet_key")?
            } else {
                None
            },
            entity_col: if self.entities {
                ff.str("entity")?
            } else {
                None
            },
            found: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<HashMap<u64, Facts>>,
    ) -> tantivy::Result<HashMap<u64, Facts>> {
        let mut fruits = fruits.into_iter();
        let mut all = fruits.next().unwrap_or_default();
        for f in fruits {
            for (k, v) in f {
                all.entry(k).or_insert(v);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for FactsSegment {
    type Fruit = HashMap<u64, Facts>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let key = self.keys.first(doc).unwrap_or(0);
        if self.found.contains_key(&key) {
            return;
        }
        let date = self.dates.first(doc).map(|d| d.into_timestamp_secs());
        let outlet = self
            .outlet_col
            .as_ref()
            .and_then(|c| c.term_ords(doc).next());
        let entities = self
            .entity_col
            .as_ref()
            .map(|c| c.term_ords(doc).collect())
            .unwrap_or_default();
        self.found.insert(key, (date, outlet, entities));
    }

    fn harvest(self) -> HashMap<u64, Facts> {
        let mut names: HashMap<(bool, u64), String> = HashMap::new();
        let mut name = |col: &Option<StrColumn>, is_outlet: bool, ord: u64| -> String {
            names
                .entry((is_outlet, ord))
                .or_insert_with(|| {
                    let mut s = String::new();
                    if let Some(c) = col {
                        let _ = c.ord_to_str(ord, &mut s);
                    }
                    s
                })
                .clone()
        };
        self.found
            .into_iter()
            .map(|(k, (date, outlet, ents))| {
                let facts = Facts {
                    date,
                    outlet: outlet.map(|o| name(&self.outlet_col, true, o)),
                    entities: ents
                        .into_iter()
                        .map(|e| name(&self.entity_col, false, e))
                        .collect(),
                };
                (k, facts)
            })
            .collect()
    }
}

fn day_of(secs: i64) -> Option<jiff::civil::Date> {
    jiff::Timestamp::from_second(secs)
        .ok()
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// Entity terms are indexed twice: "carl bildt" and "per:carl bildt".
fn split_typed(term: &str) -> Option<(&str, &str)> {
    let (kind, name) = term.split_once(':')?;
    matches!(kind, "per" | "org" | "loc" | "misc").then_some((kind, name))
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
                .filter(|e| split_typed(e).is_none())
                .map(String::as_str)
                .collect();
            set.into_iter().map(str::to_string).collect()
        }
        _ => {
            let set: BTreeSet<String> = f
                .entities
                .iter()
                .filter_map(|e| split_typed(e))
                .map(|(kind, _)| kind.to_uppercase())
                .collect();
            set.into_iter().collect()
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

fn collect_facts(
    searcher: &tantivy::Searcher,
    q: &dyn Query,
    by: &[Dim],
) -> Result<HashMap<u64, Facts>, SearchError> {
    let collector = FactsCollector {
        outlets: by.contains(&Dim::Outlet),
        entities: by
            .iter()
            .any(|d| matches!(d, Dim::Entity | Dim::EntityType)),
    };
    Ok(searcher.search(q, &collector)?)
}

/// The display name ("Baltic Wire") of each outlet key ("baltic wire"), from one stored passage.
fn outlet_names(
    searcher: &tantivy::Searcher,
    f: &Fields,
    keys: &HashSet<String>,
) -> Result<HashMap<String, String>, SearchError> {
    let mut out = HashMap::new();
    for k in keys {
        let q = TermQuery::new(
            Term::from_field_text(f.outlet_key, k),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        if let Some((_, addr)) = top.first() {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            if let Some(name) = doc.get_first(f.outlet).and_then(|v| v.as_str()) {
                out.insert(k.clone(), name.to_string());
            }
        }
    }
    Ok(out)
}

/// Runs the counts.
pub fn stats(s: &Searcher, req: &StatsRequest) -> Result<StatsTable, SearchError> {
    let searcher = s.searcher();
    let fields = s.fields();
    let by: Vec<Dim> = if req.by.is_empty() {
        vec![Dim::Month]
    } else {
        req.by.clone()
    };
    let filters_only = compile::compile_filters(fields, &req.filters)?;
    let query = match &req.query {
        Some(q) if !q.trim().is_empty() => s.prepare(q, &req.filters)?.1,
        _ => compile::compile_filters(fields, &req.filters)?,
    };
    let facts = collect_facts(&searcher, query.as_ref(), &by)?;
    let matching = facts.len() as u64;
    let (mut counts, undated) = bucket(&facts, &by);
    drop(facts);
    let timed = by.iter().any(|d| d.is_time());
    let (totals, articles, range) = if timed {
        let all = collect_facts(&searcher, filters_only.as_ref(), &by)?;
        let days: Vec<jiff::civil::Date> = all
            .values()
            .filter_map(|f| f.date.and_then(day_of))
            .collect();
        let range = days.iter().min().copied().zip(days.iter().max().copied());
        let n = all.len() as u64;
        (Some(bucket(&all, &by).0), Some(n), range)
    } else {
        (None, None, None)
    };
    let axes = axes(&by, &counts, range, req.top);
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
    let mut rows: Vec<StatsRow> = keys
        .into_iter()
        .map(|k| {
            let count = counts.remove(&k).unwrap_or(0);
            let total = totals.as_ref().map(|t| t.get(&k).copied().unwrap_or(0));
            let share = total.map(|t| if t == 0 { 0.0 } else { count as f64 / t as f64 });
            StatsRow {
                keys: k,
                count,
                total,
                share,
            }
        })
        .collect();
    if let Some(i) = by.iter().position(|d| *d == Dim::Outlet) {
        let names = outlet_names(
            &searcher,
            fields,
            &rows.iter().map(|r| r.keys[i].clone()).collect(),
        )?;
        for r in &mut rows {
            if let Some(n) = names.get(&r.keys[i]) {
                r.keys[i] = n.clone();
            }
        }
    }
    Ok(StatsTable {
        by: by.iter().map(|d| d.name()).collect(),
        rows,
        matching,
        articles,
        undated,
        sparse,
    })
}
