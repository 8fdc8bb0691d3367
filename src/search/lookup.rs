//! Looking things up rather than ranking: one article rebuilt from its passages
//! (`newsdex show`), and what an index holds (`newsdex info`).

use crate::index::document::{self, columns};
use crate::index::manifest::Manifest;
use crate::search::{SearchError, Searcher};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::TantivyDocument;

/// An entity as stored with an article.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub mentions: usize,
}

/// A passage of an article.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    pub ordinal: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One article, rebuilt from its passages.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
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
    pub entities: Vec<EntityView>,
    pub passages: Vec<PassageView>,
    /// The passages in order: a gap of one character between two passages becomes a
    /// space, a longer gap a blank line (the indexed passages are all the text there is).
    pub text: String,
}

/// The article with this id, or `None`.
pub fn article(s: &Searcher, id: &str) -> Result<Option<ArticleView>, SearchError> {
    let f = *s.fields();
    let searcher = s.snapshot();
    let q = TermQuery::new(
        Term::from_field_text(f.article_id, id.trim()),
        IndexRecordOption::Basic,
    );
    let addrs = searcher.search(&q, &DocSetCollector)?;
    let mut docs: Vec<TantivyDocument> = Vec::with_capacity(addrs.len());
    for a in addrs {
        docs.push(searcher.doc(a)?);
    }
    let mut passages: Vec<PassageView> = docs
        .iter()
        .map(|d| {
            let p = document::read_passage(&f, d);
            PassageView {
                ordinal: p.ordinal,
                start: p.start,
                end: p.end,
                text: p.text,
            }
        })
        .collect();
    passages.sort_by_key(|p| p.ordinal);
    let Some(first) = docs.first() else {
        return Ok(None);
    };
    let entities = docs
        .iter()
        .find_map(|d| document::read_entities(&f, d))
        .unwrap_or_default()
        .into_iter()
        .map(|e| EntityView {
            kind: e.kind.as_str().to_string(),
            name: e.name,
            mentions: e.mentions,
        })
        .collect();
    let mut body = String::new();
    let mut last_end: Option<usize> = None;
    for p in &passages {
        if let Some(e) = last_end {
            body.push_str(if p.start <= e + 1 { " " } else { "\n\n" });
        }
        body.push_str(&p.text);
        last_end = Some(p.end);
    }
    let a = document::read_article(&f, first);
    Ok(Some(ArticleView {
        article_id: a.article_id,
        path: a.path,
        locator: a.locator,
        outlet: a.outlet,
        date: a.date,
        title: a.title,
        authors: a.authors,
        url: a.url,
        language: a.language,
        place: a.place,
        entities,
        passages,
        text: body,
    }))
}

/// What an index holds.
#[derive(Debug, Clone, Serialize)]
pub struct IndexInfo {
    pub path: String,
    pub articles: usize,
    pub passages: u64,
    pub outlets: usize,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub size_bytes: u64,
    pub segments: usize,
    pub files: usize,
    pub corpus_root: String,
    pub indexed_at: String,
    pub schema_version: u32,
    pub tantivy_version: String,
    pub tokenizer: String,
    pub newsdex_version: String,
}

fn dir_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn day_text(secs: i64) -> Option<String> {
    jiff::Timestamp::from_second(secs)
        .ok()
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
}

/// Reads the index's figures: counts from the live documents, versions from the manifest.
pub fn info(s: &Searcher) -> Result<IndexInfo, SearchError> {
    let searcher = s.snapshot();
    let mut outlets: BTreeSet<String> = BTreeSet::new();
    let mut range: Option<(i64, i64)> = None;
    let mut passages = 0u64;
    for seg in searcher.segment_readers() {
        let dates = columns::dates(seg)?;
        let outlet_col = columns::outlet_keys(seg)?;
        let mut ords = BTreeSet::new();
        for doc in seg.doc_ids_alive() {
            passages += 1;
            if let Some(d) = dates.first(doc).map(|d| d.into_timestamp_secs()) {
                range = Some(range.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
            }
            if let Some(c) = &outlet_col {
                ords.extend(c.term_ords(doc));
            }
        }
        if let Some(c) = &outlet_col {
            for o in ords {
                let mut name = String::new();
                if c.ord_to_str(o, &mut name).unwrap_or(false) {
                    outlets.insert(name);
                }
            }
        }
    }
    let articles = crate::search::articles::count_articles(&searcher, &tantivy::query::AllQuery)?;
    let m: &Manifest = &s.index.manifest;
    Ok(IndexInfo {
        path: s.index.path.display().to_string(),
        articles,
        passages,
        outlets: outlets.len(),
        first_date: range.and_then(|r| day_text(r.0)),
        last_date: range.and_then(|r| day_text(r.1)),
        size_bytes: dir_size(&s.index.path),
        segments: searcher.segment_readers().len(),
        files: m.files.len(),
        corpus_root: m.corpus_root.display().to_string(),
        indexed_at: m.indexed_at.clone(),
        schema_version: m.schema_version,
        tantivy_version: m.tantivy_version.clone(),
        tokenizer: m.tokenizer.clone(),
        newsdex_version: m.newsdex_version.clone(),
    })
}
