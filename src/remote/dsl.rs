//! newsdex's query language on a cluster: the `Node` tree that `search::query` parsed
//! and the command-line `Filters`, translated into the Elasticsearch/OpenSearch query
//! DSL over the fields of `mapping`. Nothing is parsed again here.
//!
//! | newsdex | query DSL |
//! | --- | --- |
//! | word, `"phrase"` | `match_phrase` on title (boost 1.25), body and lead (boost 0.5), any of them |
//! | `sanction*` | `prefix` on title and body |
//! | `"a b"~5` | `intervals`: the words unordered with at most 5 + 1 − words gaps (first to last within 5) |
//! | `"a b"~passage` | `intervals` with fewer gaps than the position gap between passages |
//! | `title:` / `body:` | the same on that field alone |
//! | AND, OR, `-` | `bool` `must`, `should` (one at least), `must_not` |
//! | `outlet:`, `entity:` (canonical terms), `lang:`, `date:`/`since:`/`until:` and the flags | `bool.filter`: `term`/`terms`/`range` |
//!
//! Quickwit's `_elastic` API has no `intervals` query: there `"a b"~N` becomes
//! `match_phrase` with slop N (which counts moves, so reordered words need a little more
//! room than locally), and `~passage` is refused as untranslatable.

use super::mapping::PASSAGE_GAP;
use super::RemoteError;
use crate::analyze::date::Period;
use crate::analyze::outlet_key;
use crate::index::aliases::EntityAliases;
use crate::search::compile::{analyse, entity_terms, Filters, LEAD_BOOST, TITLE_BOOST};
use crate::search::query::{Node, QField, TextField, Within};
use serde_json::{json, Value};

/// The query DSL a cluster speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Elasticsearch and OpenSearch: the whole DSL.
    Elastic,
    /// Quickwit's `_elastic` endpoint: no `intervals`.
    Quickwit,
}

impl Dialect {
    /// Quickwit's endpoint is `/api/v1/_elastic`; anything else is Elasticsearch-like.
    pub fn of_url(url: &str) -> Dialect {
        if url.trim_end_matches('/').ends_with("/_elastic") {
            Dialect::Quickwit
        } else {
            Dialect::Elastic
        }
    }
}

/// The fields a text node is searched in.
#[derive(Debug, Clone, Copy)]
struct Scope {
    title: bool,
    body: bool,
}

const EVERYWHERE: Scope = Scope {
    title: true,
    body: true,
};

fn any_of(mut clauses: Vec<Value>) -> Value {
    if clauses.len() == 1 {
        return clauses.remove(0);
    }
    json!({"bool": {"should": clauses, "minimum_should_match": 1}})
}

fn phrase_in(field: &str, text: &str, boost: f32) -> Value {
    if boost == 1.0 {
        json!({"match_phrase": {field: {"query": text}}})
    } else {
        json!({"match_phrase": {field: {"query": text, "boost": boost}}})
    }
}

/// A word or phrase: the phrase of its words in the scope's fields.
fn phrase(text: &str, scope: Scope) -> Value {
    let mut alts = Vec::new();
    if scope.title {
        alts.push(phrase_in("title", text, TITLE_BOOST));
    }
    if scope.body {
        alts.push(phrase_in("body", text, 1.0));
        alts.push(phrase_in("lead", text, LEAD_BOOST));
    }
    any_of(alts)
}

fn prefix(p: &str, scope: Scope) -> Value {
    let value = p.to_lowercase();
    let mut alts = Vec::new();
    if scope.title {
        alts.push(json!({"prefix": {"title": {"value": value, "boost": TITLE_BOOST}}}));
    }
    if scope.body {
        alts.push(json!({"prefix": {"body": {"value": value}}}));
    }
    any_of(alts)
}

fn near(text: &str, within: Within, scope: Scope, dialect: Dialect) -> Result<Value, RemoteError> {
    let mut words = analyse(text);
    words.sort();
    words.dedup();
    if words.len() < 2 {
        return Ok(phrase(text, scope));
    }
    // Proximity is read in the body, or in the title when the query names it alone.
    let field = if scope.body { "body" } else { "title" };
    let k = words.len() as i64;
    Ok(match (within, dialect) {
        (Within::Words(n), Dialect::Elastic) => {
            let gaps = (i64::from(n) + 1 - k).max(0);
            json!({"intervals": {field: {"match": {"query": text, "ordered": false, "max_gaps": gaps}}}})
        }
        (Within::Passage, Dialect::Elastic) => {
            // Passages are array values PASSAGE_GAP positions apart: fewer gaps than
            // that keeps the words in one passage.
            let gaps = i64::from(PASSAGE_GAP) - 1;
            json!({"intervals": {field: {"match": {"query": text, "ordered": false, "max_gaps": gaps}}}})
        }
        (Within::Words(n), Dialect::Quickwit) => {
            json!({"match_phrase": {field: {"query": text, "slop": n}}})
        }
        (Within::Passage, Dialect::Quickwit) => {
            return Err(RemoteError::Untranslatable(format!(
                "\"{text}\"~passage (words in one passage) has no equivalent in Quickwit's query DSL; use \"{text}\"~N"
            )))
        }
    })
}

fn day(d: jiff::civil::Date) -> String {
    d.to_string()
}

fn period(value: &str) -> Result<Period, RemoteError> {
    Period::parse(value)
        .map_err(|e| RemoteError::Query(crate::search::query::QueryError::BadValue(e)))
}

fn date_range(first: Option<jiff::civil::Date>, after: Option<jiff::civil::Date>) -> Value {
    let mut r = serde_json::Map::new();
    if let Some(f) = first {
        r.insert("gte".into(), json!(day(f)));
    }
    if let Some(a) = after {
        r.insert("lt".into(), json!(day(a)));
    }
    json!({"range": {"date": Value::Object(r)}})
}

/// Articles citing a source (by any of an outlet's names), or any source of a kind.
fn cites_filter(value: &str) -> Value {
    use crate::index::document::cite_term;
    use crate::model::CitationKind;
    if let Some(kind) = CitationKind::parse(value) {
        return json!({"prefix": {"cited": format!("{}:", kind.as_str())}});
    }
    let (kinds, name) = match value.split_once(':') {
        Some((k, name)) if CitationKind::parse(k).is_some() => {
            (vec![CitationKind::parse(k).expect("parsed")], name)
        }
        _ => (CitationKind::ALL.to_vec(), value),
    };
    let names = [
        crate::analyze::outlets::canonical(name),
        crate::analyze::entities::canonical_name(name),
    ];
    let terms: Vec<String> = kinds
        .iter()
        .flat_map(|&k| names.iter().map(move |n| cite_term(k, n)))
        .collect();
    json!({"terms": {"cited": terms}})
}

/// A filter on a field (`outlet:`, `entity:`, ... and the flags).
fn field_filter(field: QField, value: &str, aliases: &EntityAliases) -> Result<Value, RemoteError> {
    Ok(match field {
        QField::Outlet => json!({"term": {"outlet_key": outlet_key(value)}}),
        QField::Entity => json!({"terms": {"entity": entity_terms(value, None, aliases)}}),
        QField::Cites => cites_filter(value),
        QField::Language => json!({"term": {"language": value.trim().to_lowercase()}}),
        QField::Date => {
            let p = period(value)?;
            date_range(Some(p.first), Some(p.after))
        }
        QField::Since => date_range(Some(period(value)?.first), None),
        QField::Until => date_range(None, Some(period(value)?.after)),
    })
}

/// Translates one node.
fn node(n: &Node, dialect: Dialect, aliases: &EntityAliases) -> Result<Value, RemoteError> {
    let text = |inner: &Node, scope: Scope| -> Result<Value, RemoteError> {
        Ok(match inner {
            Node::Word(w) => phrase(w, scope),
            Node::Phrase(p) => phrase(p, scope),
            Node::Prefix(p) => prefix(p, scope),
            Node::Near(t, within) => near(t, *within, scope, dialect)?,
            other => {
                return Err(RemoteError::Untranslatable(format!(
                    "'{other}' inside a field restriction"
                )))
            }
        })
    };
    Ok(match n {
        Node::Word(_) | Node::Phrase(_) | Node::Prefix(_) | Node::Near(..) => text(n, EVERYWHERE)?,
        Node::In(field, inner) => text(
            inner,
            Scope {
                title: *field == TextField::Title,
                body: *field == TextField::Body,
            },
        )?,
        Node::Field(field, value) => {
            json!({"bool": {"filter": [field_filter(*field, value, aliases)?]}})
        }
        Node::Not(inner) => json!({"bool": {"must_not": [node(inner, dialect, aliases)?]}}),
        Node::Or(branches) => any_of(
            branches
                .iter()
                .map(|b| node(b, dialect, aliases))
                .collect::<Result<_, _>>()?,
        ),
        Node::And(items) => and(items, dialect, aliases)?,
    })
}

/// An AND group: its items must match, its exclusions must not, its field terms filter.
fn and(items: &[Node], dialect: Dialect, aliases: &EntityAliases) -> Result<Value, RemoteError> {
    let (mut must, mut must_not, mut filter) = (Vec::new(), Vec::new(), Vec::new());
    for item in items {
        match item {
            Node::Not(inner) => must_not.push(node(inner, dialect, aliases)?),
            Node::Field(field, value) => filter.push(field_filter(*field, value, aliases)?),
            other => must.push(node(other, dialect, aliases)?),
        }
    }
    if must.is_empty() && filter.is_empty() {
        must.push(json!({"match_all": {}}));
    }
    let mut b = serde_json::Map::new();
    for (key, list) in [("must", must), ("must_not", must_not), ("filter", filter)] {
        if !list.is_empty() {
            b.insert(key.into(), Value::Array(list));
        }
    }
    Ok(json!({ "bool": Value::Object(b) }))
}

/// The command-line filters as `bool.filter` clauses.
pub fn filter_clauses(
    filters: &Filters,
    aliases: &EntityAliases,
) -> Result<Vec<Value>, RemoteError> {
    let mut out = Vec::new();
    if !filters.outlets.is_empty() {
        let keys: Vec<String> = filters.outlets.iter().map(|o| outlet_key(o)).collect();
        out.push(json!({"terms": {"outlet_key": keys}}));
    }
    for e in &filters.entities {
        out.push(json!({"terms": {"entity": entity_terms(e, filters.entity_type, aliases)}}));
    }
    for c in &filters.cites {
        out.push(cites_filter(c));
    }
    if let (Some(kind), true) = (filters.entity_type, filters.entities.is_empty()) {
        out.push(json!({"term": {"entity_type": kind.as_str()}}));
    }
    if let Some(s) = &filters.since {
        out.push(field_filter(QField::Since, s, aliases)?);
    }
    if let Some(u) = &filters.until {
        out.push(field_filter(QField::Until, u, aliases)?);
    }
    if let Some(l) = &filters.language {
        out.push(field_filter(QField::Language, l, aliases)?);
    }
    Ok(out)
}

/// The query of a search: the parsed query (every article when `None`) and the filters.
/// Entity names are looked up through `aliases` (from `remote::canon::resolve`: each
/// name's canonical term, as the pushed `entity` field holds them).
pub fn query(
    q: Option<&Node>,
    filters: &Filters,
    dialect: Dialect,
    aliases: &EntityAliases,
) -> Result<Value, RemoteError> {
    let main = match q {
        Some(n) => node(n, dialect, aliases)?,
        None => json!({"match_all": {}}),
    };
    let filter = filter_clauses(filters, aliases)?;
    if filter.is_empty() {
        return Ok(main);
    }
    Ok(json!({"bool": {"must": [main], "filter": filter}}))
}

#[cfg(test)]
mod tests {
    //! Snapshots of the DSL each operator becomes.
    use super::*;
    use crate::model::EntityType;
    use crate::search::query::parse;

    fn dsl(q: &str) -> String {
        query(
            Some(&parse(q).unwrap()),
            &Filters::default(),
            Dialect::Elastic,
            &EntityAliases::default(),
        )
        .unwrap()
        .to_string()
    }

    const WORD: &str = r#"{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"title":{"boost":1.25,"query":"rocket"}}},{"match_phrase":{"body":{"query":"rocket"}}},{"match_phrase":{"lead":{"boost":0.5,"query":"rocket"}}}]}}"#;

    #[test]
    fn words_are_anded_phrases_matched_as_phrases() {
        assert_eq!(dsl("rocket"), format!(r#"{{"bool":{{"must":[{WORD}]}}}}"#));
        assert_eq!(
            dsl("\"rocket fuel\""),
            r#"{"bool":{"must":[{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"title":{"boost":1.25,"query":"rocket fuel"}}},{"match_phrase":{"body":{"query":"rocket fuel"}}},{"match_phrase":{"lead":{"boost":0.5,"query":"rocket fuel"}}}]}}]}}"#
        );
        let two = dsl("rocket fuel");
        assert!(
            two.starts_with(r#"{"bool":{"must":[{"bool""#)
                && two.matches("match_phrase").count() == 6
        );
    }

    #[test]
    fn or_is_should_and_not_is_must_not() {
        assert_eq!(
            dsl("china OR russia"),
            r#"{"bool":{"must":[{"bool":{"minimum_should_match":1,"should":[{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"title":{"boost":1.25,"query":"china"}}},{"match_phrase":{"body":{"query":"china"}}},{"match_phrase":{"lead":{"boost":0.5,"query":"china"}}}]}},{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"title":{"boost":1.25,"query":"russia"}}},{"match_phrase":{"body":{"query":"russia"}}},{"match_phrase":{"lead":{"boost":0.5,"query":"russia"}}}]}}]}}]}}"#
        );
        assert_eq!(
            dsl("-rocket"),
            format!(r#"{{"bool":{{"must":[{{"match_all":{{}}}}],"must_not":[{WORD}]}}}}"#)
        );
    }

    #[test]
    fn proximity_becomes_intervals_and_prefix_prefix() {
        assert_eq!(
            dsl("\"rocket fuel\"~5"),
            r#"{"bool":{"must":[{"intervals":{"body":{"match":{"max_gaps":4,"ordered":false,"query":"rocket fuel"}}}}]}}"#
        );
        assert_eq!(
            dsl("\"rocket fuel police\"~passage"),
            r#"{"bool":{"must":[{"intervals":{"body":{"match":{"max_gaps":1023,"ordered":false,"query":"rocket fuel police"}}}}]}}"#
        );
        assert_eq!(
            dsl("Sanction*"),
            r#"{"bool":{"must":[{"bool":{"minimum_should_match":1,"should":[{"prefix":{"title":{"boost":1.25,"value":"sanction"}}},{"prefix":{"body":{"value":"sanction"}}}]}}]}}"#
        );
        let quickwit = query(
            Some(&parse("\"rocket fuel\"~5").unwrap()),
            &Filters::default(),
            Dialect::Quickwit,
            &EntityAliases::default(),
        )
        .unwrap();
        assert_eq!(
            quickwit.to_string(),
            r#"{"bool":{"must":[{"match_phrase":{"body":{"query":"rocket fuel","slop":5}}}]}}"#
        );
        let refused = query(
            Some(&parse("\"a b\"~passage").unwrap()),
            &Filters::default(),
            Dialect::Quickwit,
            &EntityAliases::default(),
        )
        .unwrap_err();
        assert!(refused.to_string().contains("~passage"), "{refused}");
    }

    #[test]
    fn field_restrictions_and_filters() {
        assert_eq!(
            dsl("title:drones"),
            r#"{"bool":{"must":[{"match_phrase":{"title":{"boost":1.25,"query":"drones"}}}]}}"#
        );
        assert_eq!(
            dsl("body:\"a b\"~3"),
            r#"{"bool":{"must":[{"intervals":{"body":{"match":{"max_gaps":2,"ordered":false,"query":"a b"}}}}]}}"#
        );
        assert_eq!(
            dsl("outlet:\"Baltic  Wire\" lang:EN date:2024-04"),
            r#"{"bool":{"filter":[{"term":{"outlet_key":"baltic wire"}},{"term":{"language":"en"}},{"range":{"date":{"gte":"2024-04-01","lt":"2024-05-01"}}}]}}"#
        );
        assert_eq!(
            dsl("entity:PER:\"Carl Bildt\" since:2024 until:2024"),
            r#"{"bool":{"filter":[{"terms":{"entity":["per:carl bildt"]}},{"range":{"date":{"gte":"2024-01-01"}}},{"range":{"date":{"lt":"2025-01-01"}}}]}}"#
        );
        let filters = Filters {
            outlets: vec!["BBC".into()],
            entities: vec!["Carl Bildt".into()],
            entity_type: Some(EntityType::Per),
            since: Some("2024-04".into()),
            until: Some("2024".into()),
            language: Some("en".into()),
            cites: Vec::new(),
        };
        assert_eq!(
            Value::Array(filter_clauses(&filters, &EntityAliases::default()).unwrap()).to_string(),
            r#"[{"terms":{"outlet_key":["bbc"]}},{"terms":{"entity":["per:carl bildt"]}},{"range":{"date":{"gte":"2024-04-01"}}},{"range":{"date":{"lt":"2025-01-01"}}},{"term":{"language":"en"}}]"#
        );
        let only_type = Filters {
            entity_type: Some(EntityType::Loc),
            ..Default::default()
        };
        assert_eq!(
            query(
                None,
                &only_type,
                Dialect::Elastic,
                &EntityAliases::default()
            )
            .unwrap()
            .to_string(),
            r#"{"bool":{"filter":[{"term":{"entity_type":"LOC"}}],"must":[{"match_all":{}}]}}"#
        );
    }

    #[test]
    fn quickwit_is_told_by_its_endpoint() {
        assert_eq!(
            Dialect::of_url("http://h:7280/api/v1/_elastic/"),
            Dialect::Quickwit
        );
        assert_eq!(Dialect::of_url("https://h:9200"), Dialect::Elastic);
    }
}
