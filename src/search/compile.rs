//! Compiling a parsed query and the command-line filters into a tantivy query.
//! Text words and phrases score by BM25; field terms and filters only narrow.

use crate::analyze::date::Period;
use crate::analyze::entities::canonical_name;
use crate::analyze::outlet_key;
use crate::index::document::{entity_key, typed_entity_pattern, typed_entity_term};
use crate::index::schema::{text_analyzer, Fields};
use crate::model::EntityType;
use crate::search::query::{Node, QField, QueryError};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::DateTime;

/// Weight of the bonus for query words that stand next to each other in a passage.
const ADJACENCY_BOOST: f32 = 1.5;

/// Filters given as flags rather than inside the query.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Any of these outlets.
    pub outlets: Vec<String>,
    /// All of these entities.
    pub entities: Vec<String>,
    /// The entities above are of this type; alone, articles naming any entity of it.
    pub entity_type: Option<EntityType>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub language: Option<String>,
}

/// The analysed tokens of a piece of query text, as the index holds them.
pub fn analyse(text: &str) -> Vec<String> {
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

fn text_query(field: Field, tokens: &[String]) -> Option<Box<dyn Query>> {
    let terms: Vec<Term> = tokens
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::WithFreqsAndPositions,
        ))),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn day_start(d: jiff::civil::Date) -> DateTime {
    let secs = d
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0);
    DateTime::from_timestamp_secs(secs)
}

fn date_range(
    f: &Fields,
    lower: Option<jiff::civil::Date>,
    upper: Option<jiff::civil::Date>,
) -> Box<dyn Query> {
    let bound = |d: Option<jiff::civil::Date>, inclusive: bool| match d {
        Some(d) if inclusive => Bound::Included(Term::from_field_date(f.date, day_start(d))),
        Some(d) => Bound::Excluded(Term::from_field_date(f.date, day_start(d))),
        None => Bound::Unbounded,
    };
    filter(Box::new(RangeQuery::new(
        bound(lower, true),
        bound(upper, false),
    )))
}

fn period(value: &str) -> Result<Period, QueryError> {
    Period::parse(value).map_err(QueryError::BadValue)
}

fn field_query(
    f: &Fields,
    field: QField,
    value: &str,
) -> Result<Option<Box<dyn Query>>, QueryError> {
    let keyword = |fld: Field, key: String| {
        filter(Box::new(TermQuery::new(
            Term::from_field_text(fld, &key),
            IndexRecordOption::Basic,
        )))
    };
    Ok(match field {
        QField::Text => text_query(f.text, &analyse(value)),
        QField::Title => text_query(f.title, &analyse(value)),
        QField::Outlet => Some(keyword(f.outlet_key, outlet_key(value))),
        QField::Entity => Some(keyword(f.entity, entity_term(value, None))),
        QField::Language => Some(keyword(f.language, value.trim().to_lowercase())),
        QField::Date => {
            let p = period(value)?;
            Some(date_range(f, Some(p.first), Some(p.after)))
        }
        QField::Since => Some(date_range(f, Some(period(value)?.first), None)),
        QField::Until => Some(date_range(f, None, Some(period(value)?.after))),
    })
}

/// The `entity` term a filter value looks up: the canonical name's key, qualified by a
/// type when one is given, in the value ("PER:Carl Bildt") or apart (`--entity-type`).
pub fn entity_term(value: &str, kind: Option<EntityType>) -> String {
    let (kind, name) = match value.split_once(':') {
        Some((t, name)) if EntityType::parse(t).is_some() => (EntityType::parse(t), name),
        _ => (kind, value),
    };
    let key = entity_key(&canonical_name(name));
    match kind {
        Some(k) => typed_entity_term(k, &key),
        None => key,
    }
}

/// Articles naming any entity of a type (their `entity` terms start with "per:", ...).
fn any_entity_of(f: &Fields, kind: EntityType) -> Result<Box<dyn Query>, QueryError> {
    let q = RegexQuery::from_pattern(&typed_entity_pattern(kind), f.entity)
        .map_err(|e| QueryError::BadValue(format!("entity type {kind}: {e}")))?;
    Ok(filter(Box::new(q)))
}

/// Tokens of consecutive bare words of an AND group, for the adjacency bonus.
fn adjacent_word_runs(items: &[Node]) -> Vec<Vec<String>> {
    let mut runs = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for item in items {
        match item {
            Node::Word(w) => {
                let toks = analyse(w);
                if toks.is_empty() {
                    continue;
                }
                run.extend(toks);
            }
            _ => {
                if run.len() > 1 {
                    runs.push(std::mem::take(&mut run));
                }
                run.clear();
            }
        }
    }
    if run.len() > 1 {
        runs.push(run);
    }
    runs
}

fn compile_node(f: &Fields, node: &Node) -> Result<Option<Box<dyn Query>>, QueryError> {
    Ok(match node {
        Node::Word(w) | Node::Phrase(w) => text_query(f.text, &analyse(w)),
        Node::Field(field, value) => field_query(f, *field, value)?,
        Node::Not(inner) => compile_node(f, inner)?.map(|q| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, q),
            ]))
        }),
        Node::Or(branches) => {
            let mut clauses = Vec::new();
            for b in branches {
                if let Some(q) = compile_node(f, b)? {
                    clauses.push((Occur::Should, q));
                }
            }
            (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
        }
        Node::And(items) => compile_and(f, items, Vec::new())?,
    })
}

fn compile_and(
    f: &Fields,
    items: &[Node],
    extra_filters: Vec<Box<dyn Query>>,
) -> Result<Option<Box<dyn Query>>, QueryError> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut positive = false;
    for item in items {
        match item {
            Node::Not(inner) => {
                if let Some(q) = compile_node(f, inner)? {
                    clauses.push((Occur::MustNot, q));
                }
            }
            other => {
                if let Some(q) = compile_node(f, other)? {
                    clauses.push((Occur::Must, q));
                    positive = true;
                }
            }
        }
    }
    for q in extra_filters {
        clauses.push((Occur::Must, q));
        positive = true;
    }
    for run in adjacent_word_runs(items) {
        for pair in run.windows(2) {
            if let Some(q) = text_query(f.text, pair) {
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, ADJACENCY_BOOST))));
            }
        }
    }
    if clauses.is_empty() {
        return Ok(None);
    }
    if !positive {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

/// The filters as query clauses.
fn filter_clauses(f: &Fields, filters: &Filters) -> Result<Vec<Box<dyn Query>>, QueryError> {
    let mut out = Vec::new();
    if !filters.outlets.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = filters
            .outlets
            .iter()
            .map(|o| {
                Ok((
                    Occur::Should,
                    field_query(f, QField::Outlet, o)?.expect("outlet query"),
                ))
            })
            .collect::<Result<_, QueryError>>()?;
        out.push(Box::new(BooleanQuery::new(any)) as Box<dyn Query>);
    }
    for e in &filters.entities {
        let term = Term::from_field_text(f.entity, &entity_term(e, filters.entity_type));
        out.push(filter(Box::new(TermQuery::new(
            term,
            IndexRecordOption::Basic,
        ))));
    }
    if let (Some(kind), true) = (filters.entity_type, filters.entities.is_empty()) {
        out.push(any_entity_of(f, kind)?);
    }
    if let Some(s) = &filters.since {
        out.extend(field_query(f, QField::Since, s)?);
    }
    if let Some(u) = &filters.until {
        out.extend(field_query(f, QField::Until, u)?);
    }
    if let Some(l) = &filters.language {
        out.extend(field_query(f, QField::Language, l)?);
    }
    Ok(out)
}

/// Compiles the query tree (an AND at the top, as `parse` returns it) and the filters.
pub fn compile(f: &Fields, node: &Node, filters: &Filters) -> Result<Box<dyn Query>, QueryError> {
    let extra = filter_clauses(f, filters)?;
    let items = match node {
        Node::And(items) => items.as_slice(),
        other => std::slice::from_ref(other),
    };
    compile_and(f, items, extra)?.ok_or(QueryError::BadValue(
        "the query has no word that can be searched for (punctuation only?)".into(),
    ))
}

/// The filters alone, over every passage: what a query-less `stats` counts, and the
/// denominator of normalised attention.
pub fn compile_filters(f: &Fields, filters: &Filters) -> Result<Box<dyn Query>, QueryError> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
    for q in filter_clauses(f, filters)? {
        clauses.push((Occur::Must, q));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}
