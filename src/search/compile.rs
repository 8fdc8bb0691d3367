//! Compiling a parsed query and the command-line filters into a tantivy query over
//! articles. A word matches an article when it is in the title or the body; AND, OR,
//! NOT and groups combine whole articles. The score is BM25 over the fields (a title
//! match weighs more, a word in the lead a little more), plus bonuses for query words
//! that stand next to each other or share a passage, times a length prior
//! (`with_length_prior`). Field terms and filters only narrow.

use crate::analyze::date::Period;
use crate::analyze::entities::{canonical_name, canonical_name_as, plain_name_as};
use crate::analyze::gazetteer::{without_legal_suffix, Gazetteer, Sport};
use crate::analyze::outlet_key;
use crate::index::aliases::{EntityAliases, LazyAliases};
use crate::index::document::{cite_term, entity_key, typed_entity_pattern, typed_entity_term};
use crate::index::schema::{hyphen_runs, text_analyzer, word_splitter, Fields};
use crate::model::CitationKind;
use crate::model::EntityType;
use crate::search::near::NearQuery;
use crate::search::query::{Node, QField, QueryError, TextField, Within};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::DateTime;

/// How much a match in the title counts against one in the body.
pub const TITLE_BOOST: f32 = 1.25;
/// How much a match in the lead (the first passage) adds to the body's.
pub const LEAD_BOOST: f32 = 0.5;
/// The bonus for two query words next to each other in the body.
pub const ADJACENCY_BOOST: f32 = 1.5;
/// The bonus for all of an AND group's words in one passage.
pub const PASSAGE_BOOST: f32 = 1.0;
/// The weight of the length prior (see `with_length_prior`).
pub const LENGTH_PRIOR: f32 = 0.4;

/// An article's final score: its query score times a prior that grows with the log of
/// its body's length, so that a story that discusses the subject outranks a two-line
/// market brief or a table that merely names it (BM25 alone favours short texts).
/// `body_words` is the body's length in words as the index records it.
pub fn with_length_prior(score: f32, body_words: u32) -> f32 {
    score * (1.0 + LENGTH_PRIOR * (1.0 + body_words as f32 / 100.0).ln())
}

/// Filters given as flags rather than inside the query.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Any of these outlets.
    pub outlets: Vec<String>,
    /// All of these entities.
    pub entities: Vec<String>,
    /// The entities above are of this type; alone, articles naming any entity of it.
    pub entity_type: Option<EntityType>,
    /// All of these cited sources (or kinds: `anonymous`, `outlet`, `named`).
    pub cites: Vec<String>,
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

/// The analysed form of each hyphenated run of a word ("e-mail" → "email"), which the
/// index also holds joined.
pub fn joined_runs(text: &str) -> Vec<String> {
    let mut splitter = word_splitter();
    let mut stream = splitter.token_stream(text);
    let mut words = Vec::new();
    while let Some(t) = stream.next() {
        words.push((t.offset_from, t.offset_to));
    }
    hyphen_runs(text, &words)
        .into_iter()
        .flat_map(|(a, b)| {
            let joined: String = words[a..=b].iter().map(|&(s, e)| &text[s..e]).collect();
            analyse(&joined)
        })
        .collect()
}

/// The expansion of prefixes: every word of the index (in `field`) that `prefix`
/// matches, or an error when there are too many.
pub trait Expand {
    fn prefix_terms(&self, field: Field, prefix: &str) -> Result<Vec<String>, QueryError>;
}

/// What compiling needs: the fields, and prefix expansion.
pub struct Compiler<'a> {
    pub fields: &'a Fields,
    pub expand: &'a dyn Expand,
    /// The corpus-wide entity aliases (`entity:` and `--entity` look up every form).
    pub aliases: &'a LazyAliases,
}

type Clauses = Vec<(Occur, Box<dyn Query>)>;

fn term_query(field: Field, token: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, token),
        IndexRecordOption::WithFreqs,
    ))
}

/// The tokens as one query in one field: a term, or a phrase.
fn text_query(field: Field, tokens: &[String]) -> Option<Box<dyn Query>> {
    match tokens.len() {
        0 => None,
        1 => Some(term_query(field, &tokens[0])),
        _ => Some(Box::new(PhraseQuery::new(
            tokens
                .iter()
                .map(|t| Term::from_field_text(field, t))
                .collect(),
        ))),
    }
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn any_of(clauses: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match clauses.len() {
        0 => None,
        1 => clauses.into_iter().next(),
        _ => Some(Box::new(BooleanQuery::new(
            clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))),
    }
}

fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn day_start(d: jiff::civil::Date) -> DateTime {
    DateTime::from_timestamp_secs(crate::index::document::day_start_secs(d))
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

/// The `entity` terms a filter value looks up: the canonical name's key with the type
/// given, in the value ("PER:Carl Bildt") or apart (`--entity-type`), or with any type.
/// Every name the corpus-wide aliases join to it is looked up too ("Blair" and "Tony
/// Blair" find the same articles).
pub fn entity_terms(value: &str, kind: Option<EntityType>, aliases: &EntityAliases) -> Vec<String> {
    let (kind, name) = match value.split_once(':') {
        Some((t, name)) if EntityType::parse(t).is_some() => (EntityType::parse(t), name),
        _ => (kind, value),
    };
    let kinds: Vec<EntityType> = match kind {
        Some(k) => vec![k],
        None => EntityType::ALL.to_vec(),
    };
    // The name as given and as articles resolve it for each type ("Congress" → "United
    // States Congress" for an organisation; "Arsenal" → the club, "Arsenal FC", as a
    // sport report names it); a title goes from a person's name only ("Mr Blair", but
    // "General Motors").
    let g = Gazetteer::get();
    let mut terms: Vec<String> = kinds
        .into_iter()
        .flat_map(|k| {
            let key = entity_key(&plain_name_as(k, name));
            let mut names = vec![entity_key(&canonical_name_as(k, name))];
            if k == EntityType::Org {
                // A company asked for with its legal suffix ("Sovereign Corp") is the
                // company the articles name without it.
                names.push(without_legal_suffix(&key).to_string());
            }
            for sport in [Sport::Football, Sport::Rugby] {
                if let Some((club, kind)) = g.club(sport, name.trim()) {
                    if kind == k {
                        names.push(entity_key(club));
                    }
                }
            }
            let mut forms = aliases.forms(&typed_entity_term(k, &key));
            for known in names.iter().filter(|n| **n != key && !n.is_empty()) {
                forms.extend(aliases.forms(&typed_entity_term(k, known)));
            }
            forms
        })
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

/// Articles naming an entity (a filter value). An alias with a context (a surname
/// several people share) finds an article only beside one of its context terms, unless
/// it is the name asked for.
fn entity_filter(
    f: &Fields,
    aliases: &LazyAliases,
    value: &str,
    kind: Option<EntityType>,
) -> Box<dyn Query> {
    let table = aliases.get();
    let asked = entity_terms(value, kind, &EntityAliases::default());
    let term = |t: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(f.entity, t),
            IndexRecordOption::Basic,
        ))
    };
    let any: Vec<Box<dyn Query>> = entity_terms(value, kind, table)
        .into_iter()
        .map(|t| match table.context(&t) {
            Some(ctx) if !asked.contains(&t) => {
                let beside = any_of(ctx.iter().map(|c| term(c)).collect());
                match beside {
                    Some(beside) => Box::new(BooleanQuery::new(vec![
                        (Occur::Must, term(&t)),
                        (Occur::Must, beside),
                    ])) as Box<dyn Query>,
                    // No context at all: the alias holds nowhere.
                    None => Box::new(tantivy::query::EmptyQuery) as Box<dyn Query>,
                }
            }
            _ => term(&t),
        })
        .collect();
    filter(any_of(any).expect("at least one term"))
}

fn filter_query(
    f: &Fields,
    aliases: &LazyAliases,
    field: QField,
    value: &str,
) -> Result<Box<dyn Query>, QueryError> {
    let keyword = |fld: Field, key: String| {
        filter(Box::new(TermQuery::new(
            Term::from_field_text(fld, &key),
            IndexRecordOption::Basic,
        )))
    };
    Ok(match field {
        QField::Outlet => keyword(f.outlet_key, outlet_key(value)),
        QField::Entity => entity_filter(f, aliases, value, None),
        QField::Cites => cite_filter(f, value)?,
        QField::Language => keyword(f.language, value.trim().to_lowercase()),
        QField::Date => {
            let p = period(value)?;
            date_range(f, Some(p.first), Some(p.after))
        }
        QField::Since => date_range(f, Some(period(value)?.first), None),
        QField::Until => date_range(f, None, Some(period(value)?.after)),
    })
}

/// Articles naming any entity of a type (their `entity` terms start with "per:", ...).
/// Articles citing a source (`Bloomberg`, `bloomberg.com` and `Bloomberg News` are one
/// outlet), a source of one kind (`anonymous:officials`), or any source of a kind
/// (`anonymous`).
fn cite_filter(f: &Fields, value: &str) -> Result<Box<dyn Query>, QueryError> {
    if let Some(kind) = CitationKind::parse(value) {
        let pattern = format!("{}:.*", kind.as_str());
        let q = RegexQuery::from_pattern(&pattern, f.cites)
            .map_err(|e| QueryError::BadValue(format!("cites:{value}: {e}")))?;
        return Ok(filter(Box::new(q)));
    }
    let (kinds, name) = match value.split_once(':') {
        Some((k, name)) if CitationKind::parse(k).is_some() => {
            (vec![CitationKind::parse(k).expect("parsed")], name)
        }
        _ => (CitationKind::ALL.to_vec(), value),
    };
    let mut names = vec![crate::analyze::outlets::canonical(name)];
    names.push(canonical_name(name));
    names.dedup();
    let any: Vec<Box<dyn Query>> = kinds
        .iter()
        .flat_map(|&k| names.iter().map(move |n| cite_term(k, n)))
        .map(|t| {
            Box::new(TermQuery::new(
                Term::from_field_text(f.cites, &t),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        })
        .collect();
    Ok(filter(any_of(any).expect("at least one term")))
}

fn any_entity_of(f: &Fields, kind: EntityType) -> Result<Box<dyn Query>, QueryError> {
    let q = RegexQuery::from_pattern(&typed_entity_pattern(kind), f.entity)
        .map_err(|e| QueryError::BadValue(format!("entity type {kind}: {e}")))?;
    Ok(filter(Box::new(q)))
}

/// The fields a text node is searched in: title, body and lead, or one of them.
#[derive(Debug, Clone, Copy)]
struct Scope {
    title: bool,
    body: bool,
}

const EVERYWHERE: Scope = Scope {
    title: true,
    body: true,
};

impl Compiler<'_> {
    /// A word (or a multi-token word as a phrase) in the scope's fields.
    fn word(&self, w: &str, scope: Scope) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let tokens = analyse(w);
        let mut alts: Vec<Box<dyn Query>> = Vec::new();
        let mut per_field = |tokens: &[String]| {
            if scope.title {
                alts.extend(text_query(f.title, tokens).map(|q| boosted(q, TITLE_BOOST)));
            }
            if scope.body {
                alts.extend(text_query(f.body, tokens));
                if tokens.len() == 1 {
                    alts.push(boosted(term_query(f.lead, &tokens[0]), LEAD_BOOST));
                }
            }
        };
        per_field(&tokens);
        if tokens.len() > 1 {
            for joined in joined_runs(w) {
                per_field(std::slice::from_ref(&joined));
            }
        }
        any_of(alts)
    }

    fn phrase(&self, text: &str, scope: Scope) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let tokens = analyse(text);
        if tokens.len() < 2 {
            return self.word(text, scope);
        }
        let mut alts = Vec::new();
        if scope.title {
            alts.extend(text_query(f.title, &tokens).map(|q| boosted(q, TITLE_BOOST)));
        }
        if scope.body {
            alts.extend(text_query(f.body, &tokens));
        }
        any_of(alts)
    }

    fn prefix(&self, prefix: &str, scope: Scope) -> Result<Option<Box<dyn Query>>, QueryError> {
        let f = self.fields;
        let mut alts = Vec::new();
        let mut fields = Vec::new();
        if scope.title {
            fields.push((f.title, TITLE_BOOST));
        }
        if scope.body {
            fields.push((f.body, 1.0));
        }
        for (field, boost) in fields {
            for t in self.expand.prefix_terms(field, prefix)? {
                alts.push(boosted(term_query(field, &t), boost));
            }
        }
        // A prefix no word has matches nothing (rather than everything).
        Ok(Some(any_of(alts).unwrap_or_else(|| {
            Box::new(tantivy::query::EmptyQuery) as Box<dyn Query>
        })))
    }

    fn near(&self, text: &str, within: Within, scope: Scope) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let tokens = analyse(text);
        if tokens.len() < 2 {
            return self.word(text, scope);
        }
        let field = if scope.body { f.body } else { f.title };
        let terms: Vec<Term> = tokens
            .iter()
            .map(|t| Term::from_field_text(field, t))
            .collect();
        let mut clauses: Clauses = vec![(Occur::Must, Box::new(NearQuery::new(terms, within)))];
        // The words' own scores rank the matches.
        for t in &tokens {
            clauses.push((Occur::Should, term_query(field, t)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// A text node in a scope.
    fn text_node(&self, node: &Node, scope: Scope) -> Result<Option<Box<dyn Query>>, QueryError> {
        Ok(match node {
            Node::Word(w) => self.word(w, scope),
            Node::Phrase(p) => self.phrase(p, scope),
            Node::Prefix(p) => self.prefix(p, scope)?,
            Node::Near(text, within) => self.near(text, *within, scope),
            _ => None,
        })
    }

    fn node(&self, node: &Node) -> Result<Option<Box<dyn Query>>, QueryError> {
        Ok(match node {
            Node::Word(_) | Node::Phrase(_) | Node::Prefix(_) | Node::Near(..) => {
                self.text_node(node, EVERYWHERE)?
            }
            Node::In(field, inner) => {
                let scope = Scope {
                    title: *field == TextField::Title,
                    body: *field == TextField::Body,
                };
                self.text_node(inner, scope)?
            }
            Node::Field(field, value) => {
                Some(filter_query(self.fields, self.aliases, *field, value)?)
            }
            Node::Not(inner) => self.node(inner)?.map(|q| -> Box<dyn Query> {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery)),
                    (Occur::MustNot, q),
                ]))
            }),
            Node::Or(branches) => {
                let mut clauses = Vec::new();
                for b in branches {
                    clauses.extend(self.node(b)?);
                }
                any_of(clauses)
            }
            Node::And(items) => self.and(items, Vec::new())?,
        })
    }

    /// The proximity bonuses of an AND group: adjacent bare words next to each other,
    /// and all its bare words in one passage.
    fn bonuses(&self, items: &[Node]) -> Clauses {
        let f = self.fields;
        let mut out: Clauses = Vec::new();
        let mut run: Vec<String> = Vec::new();
        let mut all: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, out: &mut Clauses| {
            for pair in run.windows(2) {
                if let Some(q) = text_query(f.body, pair) {
                    out.push((Occur::Should, boosted(q, ADJACENCY_BOOST)));
                }
            }
            run.clear();
        };
        for item in items {
            match item {
                Node::Word(w) => {
                    let toks = analyse(w);
                    all.extend(toks.iter().cloned());
                    run.extend(toks);
                }
                _ => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
        all.sort();
        all.dedup();
        if all.len() > 1 {
            let terms = all
                .iter()
                .map(|t| Term::from_field_text(f.body, t))
                .collect();
            let near: Box<dyn Query> = Box::new(NearQuery::new(terms, Within::Passage));
            out.push((Occur::Should, boosted(near, PASSAGE_BOOST)));
        }
        out
    }

    fn and(
        &self,
        items: &[Node],
        extra_filters: Vec<Box<dyn Query>>,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        let mut clauses: Clauses = Vec::new();
        let mut positive = false;
        for item in items {
            match item {
                Node::Not(inner) => {
                    if let Some(q) = self.node(inner)? {
                        clauses.push((Occur::MustNot, q));
                    }
                }
                other => {
                    if let Some(q) = self.node(other)? {
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
        if clauses.is_empty() {
            return Ok(None);
        }
        clauses.extend(self.bonuses(items));
        if !positive {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }
}

/// The filters as query clauses.
fn filter_clauses(
    f: &Fields,
    aliases: &LazyAliases,
    filters: &Filters,
) -> Result<Vec<Box<dyn Query>>, QueryError> {
    let mut out = Vec::new();
    if !filters.outlets.is_empty() {
        let any = filters
            .outlets
            .iter()
            .map(|o| filter_query(f, aliases, QField::Outlet, o))
            .collect::<Result<Vec<_>, QueryError>>()?;
        out.extend(any_of(any));
    }
    for e in &filters.entities {
        out.push(entity_filter(f, aliases, e, filters.entity_type));
    }
    for c in &filters.cites {
        out.push(cite_filter(f, c)?);
    }
    if let (Some(kind), true) = (filters.entity_type, filters.entities.is_empty()) {
        out.push(any_entity_of(f, kind)?);
    }
    if let Some(s) = &filters.since {
        out.push(filter_query(f, aliases, QField::Since, s)?);
    }
    if let Some(u) = &filters.until {
        out.push(filter_query(f, aliases, QField::Until, u)?);
    }
    if let Some(l) = &filters.language {
        out.push(filter_query(f, aliases, QField::Language, l)?);
    }
    Ok(out)
}

impl Compiler<'_> {
    /// Compiles the query tree (an AND at the top, as `parse` returns it) and the filters.
    pub fn compile(&self, node: &Node, filters: &Filters) -> Result<Box<dyn Query>, QueryError> {
        let extra = filter_clauses(self.fields, self.aliases, filters)?;
        let items = match node {
            Node::And(items) => items.as_slice(),
            other => std::slice::from_ref(other),
        };
        self.and(items, extra)?.ok_or(QueryError::BadValue(
            "the query has no word that can be searched for (punctuation only?)".into(),
        ))
    }

    /// The filters alone, over every article: what a query-less `stats` counts, and the
    /// denominator of normalised attention.
    pub fn compile_filters(&self, filters: &Filters) -> Result<Box<dyn Query>, QueryError> {
        let mut clauses: Clauses = vec![(Occur::Must, Box::new(AllQuery))];
        for q in filter_clauses(self.fields, self.aliases, filters)? {
            clauses.push((Occur::Must, q));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_words_have_their_joined_form() {
        assert_eq!(joined_runs("e-mail"), vec!["email".to_string()]);
        assert_eq!(joined_runs("well-to-do"), vec!["welltodo".to_string()]);
        assert!(joined_runs("email").is_empty());
        assert!(joined_runs("U.S.").is_empty());
    }
}
