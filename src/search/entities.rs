//! The entities of the articles matching a query (`newsdex entities`): each entity with
//! the number of matching articles it appears in (articles, not passages) and its
//! mentions in them, most frequent first.

use crate::index::document::{self, columns, entity_key};
use crate::model::EntityType;
use crate::search::compile::Filters;
use crate::search::query::Node;
use crate::search::{SearchError, Searcher};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
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
        let q = self.prepare(req.query.as_ref(), &req.filters)?;
        let searcher = self.snapshot();
        let matched = searcher.search(&q, &DocSetCollector)?;
        let mut keys: HashSet<u64> = HashSet::new();
        for addr in &matched {
            let col = columns::article_keys(searcher.segment_reader(addr.segment_ord))?;
            keys.extend(col.first(addr.doc_id));
        }
        // Each article's entities are stored once, on its first passage.
        let mut counts: HashMap<(EntityType, String), EntityCount> = HashMap::new();
        let mut articles = 0;
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let key_col = columns::article_keys(seg)?;
            let ordinal_col = columns::ordinals(seg)?;
            for doc in 0..seg.max_doc() {
                if seg.is_deleted(doc)
                    || ordinal_col.first(doc) != Some(0)
                    || !key_col.first(doc).is_some_and(|k| keys.contains(&k))
                {
                    continue;
                }
                articles += 1;
                let stored: TantivyDocument =
                    searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
                let entities = document::read_entities(self.fields(), &stored).unwrap_or_default();
                for e in entities {
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
        }
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
