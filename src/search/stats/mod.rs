//! Counts of distinct matching articles (never passages) per bucket: time (year, month,
//! ISO week, day), outlet, entity, entity type, and cross tables of several of these.
//! `collect` reads the facts of the matching articles from fast fields; `table` does the
//! arithmetic: time buckets carry the share of all articles in the bucket (normalised
//! attention) and run without holes from the first to the last dated article.

pub mod collect;
pub mod table;

use crate::index::schema::Fields;
use crate::search::compile::Filters;
use crate::search::query::Node;
use crate::search::{SearchError, Searcher};
use std::collections::{HashMap, HashSet};
use table::Facts;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Term, Value};
use tantivy::TantivyDocument;

crate::choice_enum! {
    /// A dimension to count by.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Dim {
        /// Calendar year (`2024`).
        Year = "year",
        /// Month (`2024-04`).
        Month = "month",
        /// ISO week (`2024-W15`).
        Week = "week",
        /// Day (`2024-04-08`).
        Day = "day",
        /// Outlet.
        Outlet = "outlet",
        /// Entity (canonical name).
        Entity = "entity",
        /// Entity type (PER, ORG, LOC, MISC).
        EntityType = "entity-type",
        /// Cited source (outlet, named or anonymous; see `newsdex cites`).
        Cited = "cited",
    }
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
            Dim::Cited => "cited",
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
    pub query: Option<Node>,
    pub filters: Filters,
    pub by: Vec<Dim>,
    /// Keep only the `top` most frequent values of each non-time dimension.
    pub top: Option<usize>,
    /// Count each story once (its earliest copy), not every copy.
    pub dedup: bool,
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
    /// `count / total`, when a time dimension is present; `None` also when the cell
    /// holds no article at all (`total` 0: the share is undefined, not 0).
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

/// Puts each article's entity terms under their canonical entity (the corpus-wide
/// aliases: "per:blair" counts as "per:tony blair"), once per article.
fn canonical_entities(
    facts: &mut HashMap<u64, Facts>,
    aliases: &crate::index::aliases::EntityAliases,
) {
    for f in facts.values_mut() {
        let mut terms: Vec<String> = f
            .entities
            .iter()
            .map(|t| aliases.canonical_in(t, &f.entities).to_string())
            .collect();
        terms.sort();
        terms.dedup();
        f.entities = terms;
    }
}

/// Runs the counts.
pub fn stats(s: &Searcher, req: &StatsRequest) -> Result<StatsTable, SearchError> {
    let snapshot = s.snapshot();
    let by: Vec<Dim> = if req.by.is_empty() {
        vec![Dim::Month]
    } else {
        req.by.clone()
    };
    let facts = |query: Option<&Node>| -> Result<HashMap<u64, Facts>, SearchError> {
        let p = s.prepare(&snapshot, query, &req.filters)?;
        let mut found = collect::collect_facts(&snapshot, p.query.as_ref(), &by, req.dedup)?;
        if by.contains(&Dim::Entity) {
            canonical_entities(&mut found, s.aliases());
        }
        Ok(if req.dedup {
            table::one_per_story(found)
        } else {
            found
        })
    };
    let matching = facts(req.query.as_ref())?;
    let all = if by.iter().any(|d| d.is_time()) {
        Some(facts(None)?)
    } else {
        None
    };
    let mut t = table::build(&matching, all.as_ref(), &by, req.top);
    if let Some(i) = by.iter().position(|d| *d == Dim::Outlet) {
        let keys = t.rows.iter().map(|r| r.keys[i].clone()).collect();
        let names = outlet_names(&snapshot, s.fields(), &keys)?;
        for r in &mut t.rows {
            if let Some(n) = names.get(&r.keys[i]) {
                r.keys[i] = n.clone();
            }
        }
    }
    Ok(t)
}
