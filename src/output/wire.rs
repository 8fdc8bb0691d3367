//! The JSON wire format, version 1: every JSON record newsdex prints, as serde types.
//! README.md ("JSON Lines output" and "JSON output schemas") shows the same schema.
//!
//! Every record carries `"version": 1`, bumped on any incompatible change; new keys may
//! be added within a version. Absent values are `null`. Offsets count characters
//! (Unicode scalar values), `end` exclusive.
//!
//! | record | printed by | keys, in order |
//! | --- | --- | --- |
//! | `HitRecord` | `search --json`, one per returned passage | `version`, `query_id` (batch only), `query`, `rank`, `score`, `article_id`, `path`, `locator`, `outlet`, `date`, `title`, `passage`, `passage_span` `{start, end}`, `text`, `highlights` `[{start, end}]`, `cluster` (the story's id: its best-ranked copy's), `similar` (the ids of the copies collapsed into this result); with `--fields`, `version` and the chosen keys in the order given, which may also be `url`, `authors` `[string]`, `entities` `[{type, name, mentions}]`, `place`, `language` |
//! | `CountRecord` | `search --count --json` | `version`, `query_id` (batch only), `query`, `count` (matching articles) |
//! | `ErrorRecord` | a failed query of a batch | `version`, `query_id`, `query`, `error` |
//! | `KwicRecord` | `kwic --json`, one per occurrence | `version`, `query_id` (batch only), `query`, `article_id`, `path`, `outlet`, `date`, `title`, `passage`, `start`, `end`, `left`, `match`, `right` |
//! | `StatsRecord` | `stats --json`, one per query | `version`, `query_id` (batch only), `query`, `by`, `matching`, `articles`, `undated`, `sparse`, `rows` (one key per `--by`, then `count`, and `total`, `share` with a time unit) |
//! | `EntityRecord` | `entities --json`, one per entity | `version`, `query`, `rank`, `type`, `name`, `articles`, `mentions` |
//! | `ArticleRecord` | `show --json` | `version`, `article_id`, `path`, `locator`, `outlet`, `date`, `title`, `authors`, `url`, `language`, `place`, `entities` `[{type, name, mentions}]`, `passages` `[{ordinal, start, end, text}]`, `text` |
//! | `InfoRecord` | `info --json` | `version`, `path`, `articles`, `passages`, `outlets`, `first_date`, `last_date`, `size_bytes`, `segments`, `files`, `corpus_root`, `indexed_at`, `schema_version`, `tantivy_version`, `tokenizer`, `newsdex_version` |
//! | `StatusRecord` | `status --json` | `version`, `corpus_root`, `up_to_date`, `added`, `modified`, `removed` (relative paths) |
//! | `AnalyzedRecord` | `analyze --json`, one per article | `version`, then the article as analysed: `id`, `source` `{path, locator}`, `outlet`, `outlet_key`, `date`, `title`, `authors`, `url`, `language`, `place`, `body`, `passages`, `entities` |

use crate::model::Article;
use crate::output::fields::HitField;
use crate::output::QueryRef;
use crate::search::entities::EntityCount;
use crate::search::kwic::KwicLine;
use crate::search::lookup::{ArticleView, IndexInfo};
use crate::search::stats::StatsTable;
use crate::search::{Hit, Span};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::io::{self, Write};

/// The version of the JSON wire format; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// Writes one record as one line.
pub fn write_line<T: Serialize>(out: &mut dyn Write, record: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}

/// A character span: `{"start", "end"}`.
struct SpanRecord(Span);

impl Serialize for SpanRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Span", 2)?;
        m.serialize_field("start", &self.0.start)?;
        m.serialize_field("end", &self.0.end)?;
        m.end()
    }
}

/// One returned passage, with the columns `--fields` chose (`version` always first).
pub struct HitRecord<'a> {
    pub query: QueryRef<'a>,
    pub hit: &'a Hit,
    pub fields: &'a [HitField],
}

impl Serialize for HitRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = self.hit;
        let mut m = s.serialize_map(Some(self.fields.len() + 1))?;
        m.serialize_entry("version", &JSON_VERSION)?;
        for &f in self.fields {
            let key = f.name();
            match f {
                HitField::QueryId => m.serialize_entry(key, &self.query.id)?,
                HitField::Query => m.serialize_entry(key, self.query.text)?,
                HitField::Rank => m.serialize_entry(key, &h.rank)?,
                HitField::Score => m.serialize_entry(key, &f64::from(h.score))?,
                HitField::ArticleId => m.serialize_entry(key, &h.article_id)?,
                HitField::Path => m.serialize_entry(key, &h.path)?,
                HitField::Locator => m.serialize_entry(key, &h.locator)?,
                HitField::Outlet => m.serialize_entry(key, &h.outlet)?,
                HitField::Date => m.serialize_entry(key, &h.date)?,
                HitField::Title => m.serialize_entry(key, &h.title)?,
                HitField::Passage => m.serialize_entry(key, &h.passage)?,
                HitField::PassageSpan => m.serialize_entry(key, &SpanRecord(h.passage_span))?,
                HitField::Text => m.serialize_entry(key, &h.text)?,
                HitField::Highlights => {
                    let spans: Vec<SpanRecord> =
                        h.highlights.iter().copied().map(SpanRecord).collect();
                    m.serialize_entry(key, &spans)?
                }
                HitField::Cluster => m.serialize_entry(key, &h.cluster)?,
                HitField::Similar => m.serialize_entry(key, &h.similar)?,
                HitField::Url => m.serialize_entry(key, &h.url)?,
                HitField::Authors => m.serialize_entry(key, &h.authors)?,
                HitField::Entities => m.serialize_entry(key, &h.entities)?,
                HitField::Citations => {
                    let cs: Vec<CitationRecord> =
                        h.citations.iter().map(CitationRecord::of).collect();
                    m.serialize_entry(key, &cs)?
                }
                HitField::Place => m.serialize_entry(key, &h.place)?,
                HitField::Language => m.serialize_entry(key, &h.language)?,
            }
        }
        m.end()
    }
}

/// The number of articles a query matches.
#[derive(Serialize)]
pub struct CountRecord<'a> {
    pub version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_id: Option<&'a str>,
    pub query: &'a str,
    pub count: usize,
}

/// A query of a batch that failed, in band.
#[derive(Serialize)]
pub struct ErrorRecord<'a> {
    pub version: u32,
    pub query_id: &'a str,
    pub query: &'a str,
    pub error: &'a str,
}

/// One keyword-in-context line.
#[derive(Serialize)]
pub struct KwicRecord<'a> {
    pub version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_id: Option<&'a str>,
    pub query: &'a str,
    pub article_id: &'a str,
    pub path: &'a str,
    pub outlet: Option<&'a str>,
    pub date: Option<&'a str>,
    pub title: Option<&'a str>,
    pub passage: usize,
    pub start: usize,
    pub end: usize,
    pub left: &'a str,
    #[serde(rename = "match")]
    pub matched: &'a str,
    pub right: &'a str,
}

impl<'a> KwicRecord<'a> {
    pub fn new(q: QueryRef<'a>, l: &'a KwicLine) -> Self {
        KwicRecord {
            version: JSON_VERSION,
            query_id: q.id,
            query: q.text,
            article_id: &l.article_id,
            path: &l.path,
            outlet: l.outlet.as_deref(),
            date: l.date.as_deref(),
            title: l.title.as_deref(),
            passage: l.passage,
            start: l.start,
            end: l.end,
            left: &l.left,
            matched: &l.matched,
            right: &l.right,
        }
    }
}

/// One row of a stats table: one key per dimension, then `count`, `total`, `share`.
struct StatsRowRecord<'a> {
    table: &'a StatsTable,
    row: usize,
}

impl Serialize for StatsRowRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.table;
        let r = &t.rows[self.row];
        let mut m = s.serialize_map(None)?;
        for (name, key) in t.by.iter().zip(&r.keys) {
            m.serialize_entry(name, key)?;
        }
        m.serialize_entry("count", &r.count)?;
        if t.articles.is_some() {
            m.serialize_entry("total", &r.total)?;
            m.serialize_entry("share", &r.share)?;
        }
        m.end()
    }
}

/// The counts of one query (`stats --json`).
pub struct StatsRecord<'a> {
    pub query: QueryRef<'a>,
    pub table: &'a StatsTable,
}

impl Serialize for StatsRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.table;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("version", &JSON_VERSION)?;
        if let Some(id) = self.query.id {
            m.serialize_entry("query_id", id)?;
        }
        m.serialize_entry("query", self.query.text)?;
        m.serialize_entry("by", &t.by)?;
        m.serialize_entry("matching", &t.matching)?;
        m.serialize_entry("articles", &t.articles)?;
        m.serialize_entry("undated", &t.undated)?;
        m.serialize_entry("sparse", &t.sparse)?;
        let rows: Vec<StatsRowRecord> = (0..t.rows.len())
            .map(|row| StatsRowRecord { table: t, row })
            .collect();
        m.serialize_entry("rows", &rows)?;
        m.end()
    }
}

/// One cited source of an article: `{source, kind, cue}`.
#[derive(Serialize)]
pub struct CitationRecord<'a> {
    pub source: &'a str,
    pub kind: &'static str,
    pub cue: &'a str,
}

impl<'a> CitationRecord<'a> {
    pub fn of(c: &'a crate::model::Citation) -> Self {
        CitationRecord {
            source: &c.source,
            kind: c.kind.as_str(),
            cue: &c.cue,
        }
    }
}

/// One entity of `newsdex entities`.
#[derive(Serialize)]
pub struct EntityRecord<'a> {
    pub version: u32,
    pub query: &'a str,
    pub rank: usize,
    #[serde(flatten)]
    pub entity: &'a EntityCount,
}

/// One article (`newsdex show`).
#[derive(Serialize)]
pub struct ArticleRecord<'a> {
    pub version: u32,
    #[serde(flatten)]
    pub article: &'a ArticleView,
}

/// What an index holds (`newsdex info`).
#[derive(Serialize)]
pub struct InfoRecord<'a> {
    pub version: u32,
    #[serde(flatten)]
    pub info: &'a IndexInfo,
}

/// What `newsdex check` found: `sound` is false when `problems` lists any, and then
/// `repair` is the command that rebuilds the index.
#[derive(Serialize)]
pub struct CheckRecord<'a> {
    pub version: u32,
    pub index: &'a str,
    pub sound: bool,
    pub files_checked: usize,
    pub bytes_checked: u64,
    pub articles: Option<u64>,
    pub problems: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repair: Option<&'a str>,
}

/// How the corpus differs from the index (`newsdex status`).
#[derive(Serialize)]
pub struct StatusRecord<'a> {
    pub version: u32,
    pub corpus_root: &'a str,
    pub up_to_date: bool,
    pub added: &'a [String],
    pub modified: &'a [String],
    pub removed: &'a [String],
}

/// One article as `newsdex analyze` reads it.
#[derive(Serialize)]
pub struct AnalyzedRecord<'a> {
    pub version: u32,
    #[serde(flatten)]
    pub article: &'a Article,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit() -> Hit {
        Hit {
            rank: 1,
            score: 2.5,
            article_id: "a1".into(),
            path: "p.txt".into(),
            locator: None,
            outlet: Some("O".into()),
            date: None,
            title: None,
            passage: 0,
            passage_span: Span { start: 0, end: 5 },
            text: "hello".into(),
            highlights: vec![Span { start: 0, end: 5 }],
            cluster: "a1".into(),
            similar: vec!["b2".into()],
            url: None,
            authors: Vec::new(),
            language: None,
            place: None,
            entities: Vec::new(),
            citations: Vec::new(),
            doc: tantivy::DocAddress::new(0, 0),
        }
    }

    #[test]
    fn hit_records_follow_the_chosen_columns() {
        let h = hit();
        let q = QueryRef {
            id: Some("q1"),
            text: "hello",
        };
        let mut out = Vec::new();
        let fields = [HitField::QueryId, HitField::Rank, HitField::Highlights];
        write_line(
            &mut out,
            &HitRecord {
                query: q,
                hit: &h,
                fields: &fields,
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"version\":1,\"query_id\":\"q1\",\"rank\":1,\"highlights\":[{\"start\":0,\"end\":5}]}\n"
        );
    }

    #[test]
    fn count_and_error_records() {
        let mut out = Vec::new();
        write_line(
            &mut out,
            &CountRecord {
                version: JSON_VERSION,
                query_id: None,
                query: "q",
                count: 3,
            },
        )
        .unwrap();
        write_line(
            &mut out,
            &ErrorRecord {
                version: JSON_VERSION,
                query_id: "7",
                query: "(",
                error: "bad",
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"version\":1,\"query\":\"q\",\"count\":3}\n{\"version\":1,\"query_id\":\"7\",\"query\":\"(\",\"error\":\"bad\"}\n"
        );
    }
}
