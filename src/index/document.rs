//! The document codec: how an `Article` becomes tantivy documents, and how stored
//! documents and fast-field columns read back. Both directions live here, beside the
//! schema, so that a field or a term convention changes in one place; the search layer
//! reads documents only through these functions.

use crate::index::schema::{names, Fields};
use crate::model::{Article, Entity, EntityType, NewsDate};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{Field, Value};
use tantivy::{DateTime, SegmentReader, TantivyDocument};

/// One tantivy document per passage, each carrying the article's fields; the article's
/// entities are stored (as JSON) on its first passage only.
pub fn documents(f: &Fields, a: &Article) -> Vec<TantivyDocument> {
    let entities_json = serde_json::to_string(&a.entities).expect("entities serialise");
    a.passages
        .iter()
        .map(|p| {
            let mut d = TantivyDocument::default();
            d.add_text(f.article_id, &a.id);
            d.add_u64(f.article_key, article_key(&a.id));
            d.add_text(f.path, &a.source.path);
            if let Some(l) = &a.source.locator {
                d.add_text(f.locator, l);
            }
            d.add_u64(f.ordinal, p.ordinal as u64);
            d.add_u64(f.span_start, p.start as u64);
            d.add_u64(f.span_end, p.end as u64);
            if let (Some(o), Some(k)) = (&a.outlet, &a.outlet_key) {
                d.add_text(f.outlet, o);
                d.add_text(f.outlet_key, k);
            }
            if let Some(date) = &a.date {
                d.add_date(f.date, index_date(date));
                d.add_text(f.date_text, date.to_string());
            }
            if let Some(t) = &a.title {
                d.add_text(f.title, t);
            }
            d.add_text(f.text, &p.text);
            for e in &a.entities {
                for term in entity_terms(e.kind, &e.name) {
                    d.add_text(f.entity, term);
                }
            }
            if p.ordinal == 0 {
                d.add_text(f.entities_json, &entities_json);
            }
            if !a.authors.is_empty() {
                d.add_text(f.authors, a.authors.join("; "));
            }
            if let Some(u) = &a.url {
                d.add_text(f.url, u);
            }
            if let Some(l) = &a.language {
                d.add_text(f.language, l);
            }
            if let Some(pl) = &a.place {
                d.add_text(f.place, pl);
            }
            d
        })
        .collect()
}

/// Midnight UTC of the article's own calendar day: day-precision filters then match the
/// day the source printed, whatever its time zone.
pub fn index_date(date: &NewsDate) -> DateTime {
    DateTime::from_timestamp_secs(day_start_secs(date.day))
}

/// Seconds since the epoch of midnight UTC on `day`.
pub fn day_start_secs(day: jiff::civil::Date) -> i64 {
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// The calendar day (UTC) of an indexed date, in seconds since the epoch.
pub fn day_of(secs: i64) -> Option<jiff::civil::Date> {
    jiff::Timestamp::from_second(secs)
        .ok()
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// The u64 form of an article id (its 16 hex digits), kept as a fast field to collapse
/// passages to articles.
pub fn article_key(id: &str) -> u64 {
    u64::from_str_radix(id, 16).unwrap_or_else(|_| {
        let h = blake3::hash(id.as_bytes());
        u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
    })
}

/// The lower-case, single-spaced key of an entity name.
pub fn entity_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The terms an entity is indexed under: its name, and its name qualified by type
/// ("carl bildt", "per:carl bildt"), lower-cased.
pub fn entity_terms(kind: EntityType, name: &str) -> [String; 2] {
    let key = entity_key(name);
    [typed_entity_term(kind, &key), key]
}

/// The typed form of an entity term: "per:carl bildt".
pub fn typed_entity_term(kind: EntityType, key: &str) -> String {
    format!("{}:{key}", kind.as_str().to_lowercase())
}

/// The regular expression matching every typed term of an entity type ("per:.*").
pub fn typed_entity_pattern(kind: EntityType) -> String {
    format!("{}:.*", kind.as_str().to_lowercase())
}

/// What an `entity` term says: a bare name key, or a name key with its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityTerm<'a> {
    Name(&'a str),
    Typed(EntityType, &'a str),
}

/// Reads an `entity` term back (the inverse of `entity_terms`).
pub fn decode_entity_term(term: &str) -> EntityTerm<'_> {
    match term.split_once(':') {
        Some((kind, name)) if matches!(kind, "per" | "org" | "loc" | "misc") => {
            EntityTerm::Typed(EntityType::parse(kind).expect("a known type"), name)
        }
        _ => EntityTerm::Name(term),
    }
}

fn stored_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn stored_num(doc: &TantivyDocument, field: Field) -> usize {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize
}

/// The article fields every passage document stores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredArticle {
    pub article_id: String,
    pub path: String,
    pub locator: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub authors: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub place: Option<String>,
}

/// One stored passage: where it sits in the article body, and its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredPassage {
    pub ordinal: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Reads the article fields of a stored passage document.
pub fn read_article(f: &Fields, doc: &TantivyDocument) -> StoredArticle {
    let text = |field| stored_text(doc, field);
    StoredArticle {
        article_id: text(f.article_id).unwrap_or_default(),
        path: text(f.path).unwrap_or_default(),
        locator: text(f.locator),
        outlet: text(f.outlet),
        date: text(f.date_text),
        title: text(f.title),
        authors: text(f.authors),
        url: text(f.url),
        language: text(f.language),
        place: text(f.place),
    }
}

/// Reads the passage of a stored passage document.
pub fn read_passage(f: &Fields, doc: &TantivyDocument) -> StoredPassage {
    StoredPassage {
        ordinal: stored_num(doc, f.ordinal),
        start: stored_num(doc, f.span_start),
        end: stored_num(doc, f.span_end),
        text: stored_text(doc, f.text).unwrap_or_default(),
    }
}

/// The article's entities, when this is the passage document that stores them.
pub fn read_entities(f: &Fields, doc: &TantivyDocument) -> Option<Vec<Entity>> {
    stored_text(doc, f.entities_json).map(|j| serde_json::from_str(&j).unwrap_or_default())
}

/// The fast-field columns of a segment that searches read.
pub mod columns {
    use super::*;

    /// The article key of each passage document.
    pub fn article_keys(seg: &SegmentReader) -> tantivy::Result<Column<u64>> {
        seg.fast_fields().u64(names::ARTICLE_KEY)
    }

    /// The passage ordinal of each document.
    pub fn ordinals(seg: &SegmentReader) -> tantivy::Result<Column<u64>> {
        seg.fast_fields().u64(names::ORDINAL)
    }

    /// The indexed date (midnight UTC of the article's day) of each document.
    pub fn dates(seg: &SegmentReader) -> tantivy::Result<Column<DateTime>> {
        seg.fast_fields().date(names::DATE)
    }

    /// The outlet key of each document (`None` when no document has one).
    pub fn outlet_keys(seg: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
        seg.fast_fields().str(names::OUTLET_KEY)
    }

    /// The entity terms of each document (see `entity_terms`).
    pub fn entity_terms(seg: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
        seg.fast_fields().str(names::ENTITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_terms_read_back() {
        let [typed, bare] = entity_terms(EntityType::Per, "Carl  Bildt");
        assert_eq!(
            decode_entity_term(&typed),
            EntityTerm::Typed(EntityType::Per, "carl bildt")
        );
        assert_eq!(decode_entity_term(&bare), EntityTerm::Name("carl bildt"));
        assert_eq!(
            decode_entity_term("u.s.: a"),
            EntityTerm::Name("u.s.: a"),
            "a colon in a name is not a type"
        );
    }

    #[test]
    fn article_keys_are_the_hex_ids() {
        assert_eq!(article_key("00000000000000ff"), 255);
        assert_ne!(article_key("not hex"), 0);
    }
}
