//! Looking things up rather than ranking: one article with its passages (`newsdex
//! show`), and what an index holds (`newsdex info`).

use crate::index::aliases::EntityAliases;
use crate::index::document::{self, columns};
use crate::index::manifest::Manifest;
use crate::index::schema::Fields;
use crate::model::{Entity, EntityType};
use crate::search::{SearchError, Searcher};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use tantivy::TantivyDocument;

/// An entity as stored with an article.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: String,
    pub mentions: usize,
    /// The other names this article gives the entity: the names its mentions were
    /// written as, and those the corpus-wide aliases joined under `name` (`newsdex show`).
    pub aliases: Vec<String>,
}

/// A source the article cites, with the sentence it is cited in.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    pub source: String,
    pub kind: String,
    pub cue: String,
    pub sentence: String,
}

/// A passage of an article.
#[derive(Debug, Clone, Serialize)]
pub struct PassageView {
    pub ordinal: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl From<Entity> for EntityView {
    /// An entity as stored, with the other names its article gave it.
    fn from(e: Entity) -> Self {
        EntityView {
            kind: e.kind,
            name: e.name,
            mentions: e.mentions,
            aliases: e.aliases,
        }
    }
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
    pub citations: Vec<CitationView>,
    pub passages: Vec<PassageView>,
    /// The body as indexed: paragraphs separated by a blank line (a dateline is not part
    /// of it).
    pub text: String,
}

/// Where the article with this id is: its key looked up in the fast column of every
/// segment (ids are not indexed as terms: at a million articles their term dictionary
/// would weigh more than the lookup costs).
fn find_article(
    searcher: &tantivy::Searcher,
    id: &str,
) -> Result<Option<tantivy::DocAddress>, SearchError> {
    if id.len() != 16 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let key = document::article_key(&id.to_ascii_lowercase());
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let keys = columns::article_keys(seg)?;
        let mut docs = Vec::new();
        keys.get_docids_for_value_range(key..=key, 0..seg.max_doc(), &mut docs);
        // The range lookup may return near misses: check each value.
        let found = docs
            .iter()
            .find(|&&d| !seg.is_deleted(d) && keys.first(d) == Some(key));
        if let Some(&doc) = found {
            return Ok(Some(tantivy::DocAddress::new(ord as u32, doc)));
        }
    }
    Ok(None)
}

/// The article with this id, or `None`.
pub fn article(s: &Searcher, id: &str) -> Result<Option<ArticleView>, SearchError> {
    let searcher = s.snapshot();
    let Some(addr) = find_article(&searcher, id.trim())? else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(addr)?;
    let mut view = article_view(s.fields(), &doc);
    view.entities = canonical_entities(view.entities, s.aliases());
    Ok(Some(view))
}

/// A hit's entities under the corpus-wide canonical names, as `canonical_entities` joins
/// them (the names the article wrote are dropped: a hit's entities have no place for
/// them).
pub(crate) fn canonical_hit_entities(stored: Vec<Entity>, aliases: &EntityAliases) -> Vec<Entity> {
    let views = stored.into_iter().map(EntityView::from).collect();
    canonical_entities(views, aliases)
        .into_iter()
        .map(|v| Entity::new(v.kind, v.name, v.mentions))
        .collect()
}

/// An article's entities under the index's corpus-wide canonical names: one the alias
/// table joins to another ("Blair" to "Tony Blair") shows under that entity's display
/// name with the names the article wrote in `aliases`, and entities that join are one,
/// their mentions added. The order is kept (the first form's place).
fn canonical_entities(stored: Vec<EntityView>, aliases: &EntityAliases) -> Vec<EntityView> {
    let terms: Vec<String> = stored
        .iter()
        .map(|e| document::entity_term(e.kind, &e.name))
        .collect();
    let mut out: Vec<EntityView> = Vec::with_capacity(stored.len());
    let mut at: HashMap<String, usize> = HashMap::new();
    for (e, term) in stored.into_iter().zip(&terms) {
        let canonical = aliases.canonical_in(term, &terms);
        let name = if canonical == term.as_str() {
            e.name.clone()
        } else {
            aliases.name_for(canonical, &e.name)
        };
        let i = *at.entry(canonical.to_string()).or_insert_with(|| {
            out.push(EntityView {
                kind: e.kind,
                name,
                mentions: 0,
                aliases: Vec::new(),
            });
            out.len() - 1
        });
        let merged = &mut out[i];
        merged.mentions += e.mentions;
        for name in std::iter::once(e.name).chain(e.aliases) {
            if name != merged.name && !merged.aliases.contains(&name) {
                merged.aliases.push(name);
            }
        }
    }
    out
}

/// One stored document as an article view (also read by `newsdex push`).
pub fn article_view(f: &Fields, doc: &TantivyDocument) -> ArticleView {
    let body = document::read_body(f, doc);
    let spans = document::read_passage_spans(f, doc);
    let passages: Vec<PassageView> = document::cut_passages(&body, &spans, None)
        .into_iter()
        .map(|p| PassageView {
            ordinal: p.ordinal,
            start: p.start,
            end: p.end,
            text: p.text,
        })
        .collect();
    let entities = document::read_entities(f, doc)
        .into_iter()
        .map(EntityView::from)
        .collect();
    let citations = document::read_citations(f, doc)
        .into_iter()
        .map(|c| CitationView {
            sentence: body
                .get(c.sentence.clone())
                .unwrap_or("")
                .trim()
                .to_string(),
            source: c.source,
            kind: c.kind.as_str().to_string(),
            cue: c.cue,
        })
        .collect();
    let a = document::read_article(f, doc);
    ArticleView {
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
        citations,
        passages,
        text: body,
    }
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
    let m: &Manifest = &s.index.manifest;
    let mut outlets: BTreeSet<String> = BTreeSet::new();
    let mut range: Option<(i64, i64)> = None;
    for seg in searcher.segment_readers() {
        let dates = columns::dates(seg)?;
        let outlet_col = columns::outlet_keys(seg)?;
        let mut ords = BTreeSet::new();
        for doc in seg.doc_ids_alive() {
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
    Ok(IndexInfo {
        path: s.index.path.display().to_string(),
        articles,
        passages: m.passages as u64,
        outlets: outlets.len(),
        first_date: range.and_then(|r| day_text(r.0)),
        last_date: range.and_then(|r| day_text(r.1)),
        size_bytes: dir_size(&s.index.path),
        segments: searcher.segment_readers().len(),
        files: m.files,
        corpus_root: m.corpus_root.display().to_string(),
        indexed_at: m.indexed_at.clone(),
        schema_version: m.schema_version,
        tantivy_version: m.tantivy_version.clone(),
        tokenizer: m.tokenizer.clone(),
        newsdex_version: m.newsdex_version.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::job::tests::small_index;

    #[test]
    fn every_article_is_found_by_its_id_and_no_other_id_is() {
        let (_t, s) = small_index(12);
        let snap = s.snapshot();
        let mut found = 0;
        for seg in snap.segment_readers() {
            let keys = columns::article_keys(seg).unwrap();
            for doc in seg.doc_ids_alive() {
                let id = crate::search::collapse::id_of_key(keys.first(doc).unwrap());
                let a = article(&s, &id).unwrap().expect("found by id");
                assert_eq!(a.article_id, id);
                found += 1;
            }
        }
        assert_eq!(found, 12);
        assert!(article(&s, "0000000000000000").unwrap().is_none());
        assert!(article(&s, "not an id").unwrap().is_none());
    }
}
