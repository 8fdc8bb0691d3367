//! `newsdex stats --remote`: counts per bucket from the cluster's aggregations — a
//! `date_histogram` for year, month, week and day, `terms` for outlet, entity (the
//! canonical names `newsdex push` sent, aliases joined as locally) and entity type — laid out as the local `StatsTable`, so the same printers render it.
//!
//! One dimension at a time: cross tables (`--by month --by outlet`) and `--dedup` (which
//! needs every matching article's sketch) are refused as untranslatable. Time buckets
//! run without holes over the span of every article passing the filters and carry their
//! share, as locally.

use super::client::Client;
use super::dsl::{self, Dialect};
use super::{RemoteError, Target};
use crate::index::aliases::EntityAliases;
use crate::search::compile::Filters;
use crate::search::query::Node;
use crate::search::stats::{Dim, StatsRequest, StatsRow, StatsTable};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The most distinct values a `terms` aggregation returns.
const MAX_TERMS: usize = 10_000;

/// The aggregation of one dimension.
fn aggregation(dim: Dim, top: Option<usize>) -> Value {
    let size = top.unwrap_or(MAX_TERMS).min(MAX_TERMS);
    let interval = match dim {
        Dim::Year => "year",
        Dim::Month => "month",
        Dim::Week => "week",
        Dim::Day => "day",
        Dim::Outlet => {
            return json!({"terms": {"field": "outlet_key", "size": size},
                          "aggs": {"name": {"terms": {"field": "outlet", "size": 1}}}})
        }
        Dim::Entity => return json!({"terms": {"field": "entity_name", "size": size}}),
        Dim::EntityType => return json!({"terms": {"field": "entity_type", "size": size}}),
        Dim::Cited => return json!({"terms": {"field": "cited_name", "size": size}}),
    };
    json!({"date_histogram": {"field": "date", "calendar_interval": interval, "min_doc_count": 0}})
}

/// The request body of one count.
fn request(
    query: Option<&Node>,
    filters: &Filters,
    dim: Dim,
    top: Option<usize>,
    dialect: Dialect,
    aliases: &EntityAliases,
) -> Result<Value, RemoteError> {
    Ok(json!({
        "query": dsl::query(query, filters, dialect, aliases)?,
        "size": 0,
        "track_total_hits": true,
        "aggs": {"by": aggregation(dim, top)}
    }))
}

/// The buckets of an answer as (key, count), keys as newsdex names them.
fn buckets(answer: &Value, dim: Dim) -> Result<Vec<(String, u64)>, RemoteError> {
    if let Some(err) = answer.get("error") {
        return Err(RemoteError::Engine {
            status: answer.get("status").and_then(Value::as_u64).unwrap_or(0) as u16,
            reason: super::client::engine_reason(&json!({ "error": err }).to_string()),
        });
    }
    let list = answer["aggregations"]["by"]["buckets"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for b in &list {
        let count = b["doc_count"].as_u64().unwrap_or(0);
        let key = if dim.is_time() {
            let text = b["key_as_string"].as_str().unwrap_or_default();
            let day: jiff::civil::Date =
                text.get(..10)
                    .and_then(|d| d.parse().ok())
                    .ok_or_else(|| RemoteError::Engine {
                        status: 200,
                        reason: format!(
                            "a date bucket the cluster returned is not a date: '{text}'"
                        ),
                    })?;
            dim.time_key(day)
        } else if dim == Dim::Outlet {
            b["name"]["buckets"][0]["key"]
                .as_str()
                .or_else(|| b["key"].as_str())
                .unwrap_or_default()
                .to_string()
        } else {
            b["key"].as_str().unwrap_or_default().to_string()
        };
        if !out.contains_key(&key) {
            order.push(key.clone());
        }
        *out.entry(key).or_default() += count;
    }
    Ok(order
        .into_iter()
        .map(|k| {
            let c = out[&k];
            (k, c)
        })
        .collect())
}

fn total(answer: &Value) -> u64 {
    let t = &answer["hits"]["total"];
    t.get("value")
        .and_then(Value::as_u64)
        .or_else(|| t.as_u64())
        .unwrap_or(0)
}

/// Checks that the cluster can count what is asked, and names what it cannot.
fn check(req: &StatsRequest) -> Result<Dim, RemoteError> {
    if req.dedup {
        return Err(RemoteError::Untranslatable(
            "--dedup needs every matching article's near-duplicate sketch; count without it, or locally".into(),
        ));
    }
    match req.by.as_slice() {
        [] => Ok(Dim::Month),
        [one] => Ok(*one),
        _ => Err(RemoteError::Untranslatable(
            "cross tables (several --by) are counted locally only; give one --by".into(),
        )),
    }
}

/// The table of one dimension from the matching articles' buckets and, for time, every
/// filtered article's.
fn table(
    dim: Dim,
    top: Option<usize>,
    matching: &Value,
    all: Option<&Value>,
) -> Result<StatsTable, RemoteError> {
    let counts = buckets(matching, dim)?;
    let matched = total(matching);
    let rows: Vec<StatsRow> = match all {
        Some(all) => {
            let by_key: BTreeMap<String, u64> = counts.iter().cloned().collect();
            buckets(all, dim)?
                .into_iter()
                .map(|(k, t)| {
                    let count = by_key.get(&k).copied().unwrap_or(0);
                    StatsRow {
                        keys: vec![k],
                        count,
                        total: Some(t),
                        share: (t > 0).then(|| count as f64 / t as f64),
                    }
                })
                .collect()
        }
        None => {
            let mut counts = counts;
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            counts.truncate(top.unwrap_or(usize::MAX));
            counts
                .into_iter()
                .map(|(k, count)| StatsRow {
                    keys: vec![k],
                    count,
                    total: None,
                    share: None,
                })
                .collect()
        }
    };
    let dated: u64 = if dim.is_time() {
        rows.iter().map(|r| r.count).sum()
    } else {
        matched
    };
    Ok(StatsTable {
        by: vec![dim.name()],
        rows,
        matching: matched,
        articles: all.map(total),
        undated: matched.saturating_sub(dated),
        sparse: false,
    })
}

/// Counts on the cluster (one `_msearch`: the matching articles, and for a time
/// dimension every article passing the filters).
pub fn stats(
    client: &Client,
    target: &Target,
    req: &StatsRequest,
) -> Result<StatsTable, RemoteError> {
    let dim = check(req)?;
    let dialect = Dialect::of_url(&target.url);
    let terms = super::canon::entity_terms_of(req.query.as_ref(), &req.filters);
    let aliases = super::canon::resolve(client, target, &terms)?;
    let mut bodies = vec![request(
        req.query.as_ref(),
        &req.filters,
        dim,
        req.top,
        dialect,
        &aliases,
    )?];
    if dim.is_time() {
        bodies.push(request(
            None,
            &req.filters,
            dim,
            req.top,
            dialect,
            &aliases,
        )?);
    }
    let mut ndjson = Vec::new();
    for b in &bodies {
        ndjson.extend_from_slice(json!({"index": target.index}).to_string().as_bytes());
        ndjson.push(b'\n');
        ndjson.extend_from_slice(b.to_string().as_bytes());
        ndjson.push(b'\n');
    }
    let reply = client.ndjson("/_msearch", &ndjson)?;
    let responses = reply["responses"].as_array().cloned().unwrap_or_default();
    let matching = responses.first().ok_or(RemoteError::Engine {
        status: 200,
        reason: "_msearch answered no response".into(),
    })?;
    table(dim, req.top, matching, responses.get(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_run_without_holes_and_carry_shares() {
        let matching = json!({"hits": {"total": {"value": 3}}, "aggregations": {"by": {"buckets": [
            {"key_as_string": "2024-01-01T00:00:00.000Z", "doc_count": 2},
            {"key_as_string": "2024-03-01T00:00:00.000Z", "doc_count": 1}]}}});
        let all = json!({"hits": {"total": {"value": 9}}, "aggregations": {"by": {"buckets": [
            {"key_as_string": "2024-01-01T00:00:00.000Z", "doc_count": 4},
            {"key_as_string": "2024-02-01T00:00:00.000Z", "doc_count": 0},
            {"key_as_string": "2024-03-01T00:00:00.000Z", "doc_count": 4}]}}});
        let t = table(Dim::Month, None, &matching, Some(&all)).unwrap();
        let keys: Vec<&str> = t.rows.iter().map(|r| r.keys[0].as_str()).collect();
        assert_eq!(keys, ["2024-01", "2024-02", "2024-03"]);
        assert_eq!(t.rows[0].share, Some(0.5));
        assert_eq!((t.matching, t.articles, t.undated), (3, Some(9), 0));
    }

    #[test]
    fn terms_keep_the_top_and_cross_tables_are_refused() {
        let matching = json!({"hits": {"total": {"value": 2}}, "aggregations": {"by": {"buckets": [
            {"key": "carl bildt", "doc_count": 1}, {"key": "china", "doc_count": 2}]}}});
        let t = table(Dim::Entity, Some(1), &matching, None).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!((t.rows[0].keys[0].as_str(), t.rows[0].count), ("china", 2));
        let req = StatsRequest {
            by: vec![Dim::Month, Dim::Outlet],
            ..Default::default()
        };
        assert!(check(&req)
            .unwrap_err()
            .to_string()
            .contains("cross tables"));
    }
}
