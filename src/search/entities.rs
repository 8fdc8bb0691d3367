//! The entities of the articles matching a query (`newsdex entities`): each entity with
//! the number of matching articles it appears in (articles, not passages) and its
//! mentions in them, most frequent first. Names the corpus-wide aliases join are counted
//! as one entity ("Blair" under "Tony Blair"), an article once.

use crate::index::document::{self, entity_term};
use crate::model::EntityType;
use crate::search::compile::Filters;
use crate::search::query::Node;
use crate::search::{SearchError, Searcher};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
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
    /// The names counted under it, when they differ from `name` ("Blair" under "Tony
    /// Blair", "U.S." under "United States"): the names its mentions were written as in
    /// the articles, and the names the corpus-wide aliases joined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
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
        // Per canonical entity term: the count, and the names seen under it.
        let aliases = self.aliases();
        let mut counts: HashMap<String, (EntityCount, BTreeSet<String>)> = HashMap::new();
        let mut in_article: HashSet<String> = HashSet::new();
        for &addr in &matched {
            let stored: TantivyDocument = snap.doc(addr)?;
            in_article.clear();
            let entities = document::read_entities(self.fields(), &stored);
            let terms: Vec<String> = entities
                .iter()
                .map(|e| entity_term(e.kind, &e.name))
                .collect();
            for (e, term) in entities.into_iter().zip(&terms) {
                if req.kind.is_some_and(|k| k != e.kind) {
                    continue;
                }
                let canonical = aliases.canonical_in(term, &terms).to_string();
                let (c, names) = counts.entry(canonical.clone()).or_insert_with(|| {
                    let name = aliases.name_for(&canonical, &e.name);
                    let count = EntityCount {
                        kind: e.kind,
                        name,
                        articles: 0,
                        mentions: 0,
                        aliases: Vec::new(),
                    };
                    (count, BTreeSet::new())
                });
                if in_article.insert(canonical) {
                    c.articles += 1;
                }
                c.mentions += e.mentions;
                names.insert(e.name);
                names.extend(e.aliases);
            }
        }
        let mut entities: Vec<EntityCount> = counts
            .into_values()
            .map(|(mut c, names)| {
                c.aliases = names.into_iter().filter(|n| *n != c.name).collect();
                c
            })
            .collect();
        let articles = matched.len();
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
