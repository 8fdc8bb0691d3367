//! The entities of the articles matching a query (`newsdex entities`): each entity with
//! the number of matching articles it appears in (articles, not passages) and its
//! mentions in them, most frequent first.

use crate::index::document::{self, entity_key};
use crate::model::EntityType;
use crate::search::compile::Filters;
use crate::search::query::Node;
use crate::search::{SearchError, Searcher};
use serde::Serialize;
use std::collections::HashMap;
use tantivy::collector::DocSetCollector;
use tantivy::TantivyDocument;

/// What to aggregate.
#[derive(Debug, Clone, Default)]
pub struct EntitiesRequest {
    /// The query; `None` means every article.
    pub query: Option<Node>,
    pub filters: Filters,
    /// Only entities of this type.
    pub kind: Option<EntityType>,
    /// Entities to return.
    pub limit: usize,
}

/// One entity and how often it comes up in the matching articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityCount {
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: String,
    /// Matching articles that name it.
    pub articles: usize,
    /// Its mentions in those articles.
    pub mentions: usize,
}

/// The aggregation's result.
#[derive(Debug, Clone, Default)]
pub struct EntitiesResult {
    /// Articles the query matched.
    pub articles: usize,
    /// The most frequent entities, most articles first (then most mentions, then name).
    pub entities: Vec<EntityCount>,
}

impl Searcher {
    /// Counts the entities of the articles that match `req`.
    pub fn top_entities(&self, req: &EntitiesRequest) -> Result<EntitiesResult, SearchError> {
        let snap = self.snapshot();
        let p = self.prepare(&snap, req.query.as_ref(), &req.filters)?;
        let mut matched: Vec<tantivy::DocAddress> = snap
            .search(p.query.as_ref(), &DocSetCollector)?
            .into_iter()
            .collect();
        // In store order, so that each compressed block is read once.
        matched.sort();
        let mut counts: HashMap<(EntityType, String), EntityCount> = HashMap::new();
        for &addr in &matched {
            let stored: TantivyDocument = snap.doc(addr)?;
            for e in document::read_entities(self.fields(), &stored) {
                if req.kind.is_some_and(|k| k != e.kind) {
                    continue;
                }
                let c = counts
                    .entry((e.kind, entity_key(&e.name)))
                    .or_insert_with(|| EntityCount {
                        kind: e.kind,
                        name: e.name.clone(),
                        articles: 0,
                        mentions: 0,
                    });
                c.articles += 1;
                c.mentions += e.mentions;
            }
        }
        let articles = matched.len();
        let mut entities: Vec<EntityCount> = counts.into_values().collect();
        entities.sort_by(|a, b| {
            (b.articles, b.mentions)
                .cmp(&(a.articles, a.mentions))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        entities.truncate(req.limit);
        Ok(EntitiesResult { articles, entities })
    }
}
