//! Canonical entities on a cluster. `newsdex push` sends each article's entity terms
//! resolved through the index's corpus-wide alias table ("per:blair" goes out as
//! "per:tony blair"), with the links it followed (`entity_alias`, `entity_link`). A
//! query run with `--remote` has no local alias table to hand: each entity name it
//! filters on is looked up in those links instead (one `_msearch`, one small request per
//! typed term), so that `--entity "Mr Blair"` finds the Tony Blair articles, as locally.

use super::client::Client;
use super::{RemoteError, Target};
use crate::index::aliases::EntityAliases;
use crate::search::compile::{entity_terms, Filters};
use crate::search::query::{Node, QField};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

/// The typed terms the entity filters of a query (and of the command line) name, as
/// written ("per:blair", and every type when none is given).
pub fn entity_terms_of(node: Option<&Node>, filters: &Filters) -> BTreeSet<String> {
    let none = EntityAliases::default();
    let mut out = BTreeSet::new();
    if let Some(n) = node {
        n.visit_leaves(false, &mut |leaf, _| {
            if let Node::Field(QField::Entity, value) = leaf {
                out.extend(entity_terms(value, None, &none));
            }
        });
    }
    for e in &filters.entities {
        out.extend(entity_terms(e, filters.entity_type, &none));
    }
    out
}

/// The canonical term a pushed document's links give `term`, if it is an alias.
fn link_target(links: &Value, term: &str) -> Option<String> {
    let prefix = format!("{term}>");
    links
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find_map(|l| l.strip_prefix(&prefix))
        .map(str::to_string)
}

/// An alias table holding, for each of `terms` that the cluster's documents link to
/// another term, that canonical term (no request when `terms` is empty).
pub fn resolve(
    client: &Client,
    target: &Target,
    terms: &BTreeSet<String>,
) -> Result<EntityAliases, RemoteError> {
    let mut to: HashMap<String, String> = HashMap::new();
    if !terms.is_empty() {
        let mut body = Vec::new();
        for t in terms {
            body.extend_from_slice(json!({"index": target.index}).to_string().as_bytes());
            body.push(b'\n');
            let req = json!({
                "size": 1,
                "query": {"term": {"entity_alias": t}},
                "_source": ["entity_link"],
            });
            body.extend_from_slice(req.to_string().as_bytes());
            body.push(b'\n');
        }
        let reply = client.ndjson("/_msearch", &body)?;
        let responses = reply["responses"].as_array().cloned().unwrap_or_default();
        for (t, answer) in terms.iter().zip(&responses) {
            if let Some(err) = answer.get("error") {
                return Err(RemoteError::Engine {
                    status: answer.get("status").and_then(Value::as_u64).unwrap_or(0) as u16,
                    reason: super::client::engine_reason(&json!({ "error": err }).to_string()),
                });
            }
            let links = &answer["hits"]["hits"][0]["_source"]["entity_link"];
            if let Some(c) = link_target(links, t) {
                to.insert(t.clone(), c);
            }
        }
    }
    Ok(table(to))
}

/// An alias table of these links alone (its reverse index stays empty, so that an
/// entity's forms are its canonical term alone: what the pushed `entity` field holds).
pub fn table(to: HashMap<String, String>) -> EntityAliases {
    serde_json::from_value(json!({"to": to, "display": {}})).expect("an alias table")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityType;
    use crate::search::query::parse;

    #[test]
    fn the_entity_names_of_a_query_and_its_filters_are_collected() {
        let filters = Filters {
            entities: vec!["Mr Blair".into()],
            entity_type: Some(EntityType::Per),
            ..Default::default()
        };
        let q = parse("china -entity:ORG:\"European Commission\"").unwrap();
        let terms: Vec<String> = entity_terms_of(Some(&q), &filters).into_iter().collect();
        assert_eq!(terms, ["org:european commission", "per:blair"]);
    }

    #[test]
    fn links_lead_to_the_canonical_term() {
        let links = json!(["per:blair>per:tony blair", "org:ec>org:european commission"]);
        assert_eq!(
            link_target(&links, "per:blair").as_deref(),
            Some("per:tony blair")
        );
        assert_eq!(link_target(&links, "per:bla"), None);
        let t = table(HashMap::from([(
            "per:blair".to_string(),
            "per:tony blair".to_string(),
        )]));
        assert_eq!(
            entity_terms("Mr Blair", Some(EntityType::Per), &t),
            ["per:tony blair"]
        );
    }
}
