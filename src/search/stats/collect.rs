//! The stats collector: the facts (date, outlet, entity and cite terms, and for `--dedup` the
//! near-duplicate sketch) of every matching article, read from fast fields only.

use crate::analyze::near_dup::Sketch;
use crate::index::document::columns;
use crate::search::stats::table::Facts;
use crate::search::stats::Dim;
use crate::search::SearchError;
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Collects the facts of every matching article, reading only the fast fields needed.
struct FactsCollector {
    outlets: bool,
    entities: bool,
    cites: bool,
    sketches: bool,
}

/// Per article: date, outlet ord, entity ords and cite ords (resolved to strings at
/// harvest), sketch.
type RawFacts = (Option<i64>, Option<u64>, Vec<u64>, Vec<u64>, Option<Sketch>);

struct FactsSegment {
    keys: Column<u64>,
    dates: Column<tantivy::DateTime>,
    outlet_col: Option<StrColumn>,
    entity_col: Option<StrColumn>,
    cite_col: Option<StrColumn>,
    sketch_cols: Option<[Column<u64>; 4]>,
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
        Ok(FactsSegment {
            keys: columns::article_keys(reader)?,
            dates: columns::dates(reader)?,
            outlet_col: if self.outlets {
                columns::outlet_keys(reader)?
            } else {
                None
            },
            entity_col: if self.entities {
                columns::entity_terms(reader)?
            } else {
                None
            },
            cite_col: if self.cites {
                columns::cite_terms(reader)?
            } else {
                None
            },
            sketch_cols: if self.sketches {
                Some(columns::sketches(reader)?)
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
        let cites = self
            .cite_col
            .as_ref()
            .map(|c| c.term_ords(doc).collect())
            .unwrap_or_default();
        let sketch = self.sketch_cols.as_ref().map(|c| {
            let word = |i: usize| c[i].first(doc).unwrap_or(0);
            Sketch([word(0), word(1), word(2), word(3)])
        });
        self.found
            .insert(key, (date, outlet, entities, cites, sketch));
    }

    fn harvest(self) -> HashMap<u64, Facts> {
        // Names by (column: 0 outlet, 1 entity, 2 cite; ord).
        let mut names: HashMap<(u8, u64), String> = HashMap::new();
        let mut name = |col: &Option<StrColumn>, which: u8, ord: u64| -> String {
            names
                .entry((which, ord))
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
            .map(|(k, (date, outlet, ents, cites, sketch))| {
                let facts = Facts {
                    date,
                    sketch,
                    outlet: outlet.map(|o| name(&self.outlet_col, 0, o)),
                    entities: ents
                        .into_iter()
                        .map(|e| name(&self.entity_col, 1, e))
                        .collect(),
                    cites: cites
                        .into_iter()
                        .map(|c| name(&self.cite_col, 2, c))
                        .collect(),
                };
                (k, facts)
            })
            .collect()
    }
}

/// The facts of every article `q` matches, with the columns `by` needs (and sketches
/// when `sketches`).
pub fn collect_facts(
    searcher: &tantivy::Searcher,
    q: &dyn Query,
    by: &[Dim],
    sketches: bool,
) -> Result<HashMap<u64, Facts>, SearchError> {
    let collector = FactsCollector {
        outlets: by.contains(&Dim::Outlet),
        entities: by
            .iter()
            .any(|d| matches!(d, Dim::Entity | Dim::EntityType)),
        cites: by.contains(&Dim::Cited),
        sketches,
    };
    Ok(searcher.search(q, &collector)?)
}
