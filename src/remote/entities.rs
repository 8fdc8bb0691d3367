//! `newsdex entities --remote`: the most frequent entities of the matching articles from
//! the cluster's aggregations over the pushed `entity_counts` (one nested document per
//! canonical entity of an article): a `terms` aggregation on the canonical term counts
//! articles, a `sum` adds the mentions, and `terms` on the names gives the printed name
//! and the names joined under it — the local `EntitiesResult`, for the same printers.
//!
//! Locally the order is articles, then mentions, then name; the engine orders buckets by
//! articles alone. Enough buckets are asked for that no entity tied with the last one
//! shown is left out (more when the cut falls inside a tie), then they are ordered as
//! locally. Quickwit has no nested aggregations: there it is refused by name.

use super::client::Client;
use super::dsl::{self, Dialect};
use super::{RemoteError, Target};
use crate::index::aliases::EntityAliases;
use crate::search::entities::{EntitiesRequest, EntitiesResult, EntityCount};
use serde_json::{json, Value};

/// The most buckets one aggregation asks for.
const MAX_BUCKETS: usize = 65_536;
/// The most names listed under one entity.
const MAX_FORMS: usize = 1_000;

/// The request body counting the entities of `req` in `size` buckets.
fn request(
    req: &EntitiesRequest,
    size: usize,
    dialect: Dialect,
    aliases: &EntityAliases,
) -> Result<Value, RemoteError> {
    let mut terms = json!({
        "field": "entity_counts.term",
        "size": size,
        "order": [{"_count": "desc"}, {"_key": "asc"}],
    });
    if let Some(kind) = req.kind {
        terms["include"] = json!(crate::index::document::typed_entity_pattern(kind));
    }
    Ok(json!({
        "query": dsl::query(req.query.as_ref(), &req.filters, dialect, aliases)?,
        "size": 0,
        "track_total_hits": true,
        "aggs": {"e": {
            "nested": {"path": "entity_counts"},
            "aggs": {"terms": {
                "terms": terms,
                "aggs": {
                    "mentions": {"sum": {"field": "entity_counts.mentions"}},
                    "name": {"terms": {"field": "entity_counts.name", "size": 1,
                                       "order": [{"_count": "desc"}, {"_key": "asc"}]}},
                    "forms": {"terms": {"field": "entity_counts.forms", "size": MAX_FORMS}}
                }
            }}
        }}
    }))
}

/// One bucket as an entity count.
fn entity(bucket: &Value) -> Option<EntityCount> {
    let term = bucket["key"].as_str()?;
    let (kind, key) = crate::index::document::decode_entity_term(term)?;
    let name = bucket["name"]["buckets"][0]["key"]
        .as_str()
        .map_or_else(|| key.to_string(), str::to_string);
    let mut aliases: Vec<String> = bucket["forms"]["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["key"].as_str())
        .filter(|f| *f != name)
        .map(str::to_string)
        .collect();
    aliases.sort();
    Some(EntityCount {
        kind,
        name,
        articles: bucket["doc_count"].as_u64().unwrap_or(0) as usize,
        mentions: bucket["mentions"]["value"].as_f64().unwrap_or(0.0).round() as usize,
        aliases,
    })
}

/// Whether the answer may have left out an entity as frequent as the `limit`-th: more
/// entities exist than it returned, and the last returned ties with the `limit`-th.
fn cut_in_tie(buckets: &[Value], others: u64, limit: usize, size: usize) -> bool {
    if others == 0 || buckets.len() < size {
        return false;
    }
    let count = |i: usize| buckets.get(i).and_then(|b| b["doc_count"].as_u64());
    match (count(limit.saturating_sub(1)), count(buckets.len() - 1)) {
        (Some(at_limit), Some(last)) => last >= at_limit,
        _ => false,
    }
}

/// Orders entities as locally (articles, mentions, name, type) and keeps `limit`.
fn ranked(mut entities: Vec<EntityCount>, limit: usize) -> Vec<EntityCount> {
    entities.sort_by(|a, b| {
        (b.articles, b.mentions)
            .cmp(&(a.articles, a.mentions))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    entities.truncate(limit);
    entities
}

/// Counts the entities of the articles matching `req` on the cluster.
pub fn entities(
    client: &Client,
    target: &Target,
    req: &EntitiesRequest,
) -> Result<EntitiesResult, RemoteError> {
    let dialect = Dialect::of_url(&target.url);
    if dialect == Dialect::Quickwit {
        return Err(RemoteError::Untranslatable(
            "entity counts need nested aggregations, which Quickwit's _elastic API lacks; count them locally".into(),
        ));
    }
    let terms = super::canon::entity_terms_of(req.query.as_ref(), &req.filters);
    let aliases = super::canon::resolve(client, target, &terms)?;
    let limit = req.limit.max(1);
    let mut size = (limit * 2 + 10).min(MAX_BUCKETS);
    loop {
        let body = request(req, size, dialect, &aliases)?;
        let answer = client.json("POST", &format!("/{}/_search", target.index), &body)?;
        let agg = &answer["aggregations"]["e"]["terms"];
        let buckets = agg["buckets"].as_array().cloned().unwrap_or_default();
        let others = agg["sum_other_doc_count"].as_u64().unwrap_or(0);
        if cut_in_tie(&buckets, others, limit, size) && size < MAX_BUCKETS {
            size = (size * 4).min(MAX_BUCKETS);
            continue;
        }
        let t = &answer["hits"]["total"];
        let articles = t
            .get("value")
            .and_then(Value::as_u64)
            .or_else(|| t.as_u64())
            .unwrap_or(0) as usize;
        let found = buckets.iter().filter_map(entity).collect();
        return Ok(EntitiesResult {
            articles,
            entities: ranked(found, limit),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityType;

    fn bucket(term: &str, articles: u64, mentions: f64, names: &[&str]) -> Value {
        json!({"key": term, "doc_count": articles, "mentions": {"value": mentions},
               "name": {"buckets": [{"key": names[0], "doc_count": articles}]},
               "forms": {"buckets": names.iter().map(|n| json!({"key": n, "doc_count": 1})).collect::<Vec<_>>()}})
    }

    #[test]
    fn buckets_become_entities_ordered_as_locally() {
        let b = [
            bucket(
                "per:tony blair",
                3,
                4.0,
                &["Tony Blair", "Blair", "Mr Blair"],
            ),
            bucket("loc:iraq", 3, 9.0, &["Iraq"]),
            bucket("org:labour", 1, 1.0, &["Labour"]),
        ];
        let got = ranked(b.iter().filter_map(entity).collect(), 2);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].name.as_str(), got[0].mentions), ("Iraq", 9));
        assert_eq!(got[1].name, "Tony Blair");
        assert_eq!(got[1].kind, EntityType::Per);
        assert_eq!(got[1].aliases, ["Blair", "Mr Blair"]);
    }

    #[test]
    fn a_cut_inside_a_tie_asks_for_more() {
        let b: Vec<Value> = [5, 3, 2, 2]
            .iter()
            .map(|n| json!({"doc_count": n}))
            .collect();
        assert!(
            cut_in_tie(&b, 7, 3, 4),
            "the 3rd and the 4th tie, and more exist"
        );
        assert!(!cut_in_tie(&b, 7, 2, 4), "the 2nd is above the last");
        assert!(!cut_in_tie(&b, 0, 3, 4), "nothing else exists");
        assert!(
            !cut_in_tie(&b, 7, 3, 10),
            "fewer buckets than asked: all of them"
        );
    }
}
