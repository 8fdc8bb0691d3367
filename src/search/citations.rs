//! The citation network of the articles matching a query (`newsdex cites`): for each
//! article's outlet, the sources it cites, with the number of articles that cite each
//! (an article counts once per source, however often it cites it).

use crate::index::document;
use crate::model::CitationKind;
use crate::search::compile::Filters;
use crate::search::query::Node;
use crate::search::{SearchError, Searcher};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tantivy::collector::DocSetCollector;
use tantivy::TantivyDocument;

/// The outlet of an article that names none.
pub const UNKNOWN_OUTLET: &str = "(unknown outlet)";

/// One edge: an outlet citing a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CiteEdge {
    /// The citing outlet.
    pub source: String,
    /// The cited source.
    pub target: String,
    pub kind: CitationKind,
    /// Articles of `source` that cite `target`.
    pub articles: usize,
}

/// The network, most-cited edges first.
#[derive(Debug, Clone, Default)]
pub struct CiteNetwork {
    /// Articles the query matched.
    pub articles: usize,
    pub edges: Vec<CiteEdge>,
}

impl Searcher {
    /// The outlet → cited-source edges of the articles that match `query` and `filters`.
    pub fn cite_network(
        &self,
        query: Option<&Node>,
        filters: &Filters,
    ) -> Result<CiteNetwork, SearchError> {
        let snap = self.snapshot();
        let p = self.prepare(&snap, query, filters)?;
        let mut matched: Vec<tantivy::DocAddress> = snap
            .search(p.query.as_ref(), &DocSetCollector)?
            .into_iter()
            .collect();
        matched.sort();
        let mut counts: HashMap<(String, String, CitationKind), usize> = HashMap::new();
        let mut seen = HashSet::new();
        for &addr in &matched {
            let doc: TantivyDocument = snap.doc(addr)?;
            let outlet = document::read_article(self.fields(), &doc)
                .outlet
                .unwrap_or_else(|| UNKNOWN_OUTLET.to_string());
            seen.clear();
            for c in document::read_citations(self.fields(), &doc) {
                if seen.insert((c.source.clone(), c.kind)) {
                    *counts
                        .entry((outlet.clone(), c.source, c.kind))
                        .or_default() += 1;
                }
            }
        }
        let mut edges: Vec<CiteEdge> = counts
            .into_iter()
            .map(|((source, target, kind), articles)| CiteEdge {
                source,
                target,
                kind,
                articles,
            })
            .collect();
        edges.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.source.cmp(&b.source))
                .then_with(|| a.target.cmp(&b.target))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        Ok(CiteNetwork {
            articles: matched.len(),
            edges,
        })
    }
}
