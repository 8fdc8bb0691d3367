//! The search layer: parse the query, compile it with the filters, rank passages by
//! BM25 and collapse them to the best passages of the best articles.

pub mod articles;
pub mod compile;
pub mod entities;
pub mod lookup;
pub mod query;
pub mod stats;

use crate::index::schema::Fields;
use crate::index::{IndexError, NewsIndex};
use compile::Filters;
use query::{Node, QueryError};
use serde::Serialize;
use std::collections::HashMap;
use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument};

/// Decompressed document-store blocks kept (about 16 KB each): a batch of queries reads
/// the same blocks again and again.
const DOC_STORE_CACHE_BLOCKS: usize = 1000;

/// A search to run.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    /// Articles to return.
    pub limit: usize,
    /// Passages to return per article (best first).
    pub passages: usize,
}

/// A character span `[start, end)` in a passage's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One returned passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub article_id: String,
    pub path: String,
    pub locator: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub passage: usize,
    pub passage_span: Span,
    pub text: String,
    pub highlights: Vec<Span>,
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Not a `source`: the message already holds the cause, so error chains print it once.
    #[error("bad query: {0}")]
    Query(QueryError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("search failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// A stored text field of a passage document.
pub(crate) fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// A stored u64 field of a passage document (0 when absent).
pub(crate) fn stored_num(doc: &TantivyDocument, field: tantivy::schema::Field) -> usize {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize
}

impl From<QueryError> for SearchError {
    fn from(e: QueryError) -> Self {
        SearchError::Query(e)
    }
}

/// An open index, ready for many searches.
pub struct Searcher {
    pub index: NewsIndex,
    reader: IndexReader,
}

impl Searcher {
    pub fn new(index: NewsIndex) -> Result<Self, SearchError> {
        let reader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(Searcher { index, reader })
    }

    pub fn fields(&self) -> &Fields {
        &self.index.fields
    }

    /// A point-in-time view of the index for running queries (cheap: an `Arc` clone).
    pub fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Parses and compiles a query with its filters.
    pub fn prepare(
        &self,
        query: &str,
        filters: &Filters,
    ) -> Result<(Node, Box<dyn tantivy::query::Query>), SearchError> {
        let node = query::parse(query)?;
        let q = compile::compile(self.fields(), &node, filters)?;
        Ok((node, q))
    }

    /// Parses and runs a search; returns the parsed query (for highlighting) and the hits.
    pub fn search(&self, req: &SearchRequest) -> Result<(Node, Vec<Hit>), SearchError> {
        let (node, q) = self.prepare(&req.query, &req.filters)?;
        let hits = self.top_hits(q.as_ref(), req.limit, req.passages)?;
        Ok((node, hits))
    }

    /// The best `passages` passages of the best `limit` articles of a compiled query.
    pub fn top_hits(
        &self,
        q: &dyn tantivy::query::Query,
        limit: usize,
        passages: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let want = limit.max(1);
        let per_article = passages.max(1);
        let mut k = (want * per_article * 4).max(64);
        // Fetch top passages, widening until `want` articles are covered or all are seen.
        let groups = loop {
            let top = searcher.search(q, &TopDocs::with_limit(k).order_by_score())?;
            let exhausted = top.len() < k;
            let groups = self.group(&searcher, top, per_article)?;
            if groups.len() >= want || exhausted {
                break groups;
            }
            k *= 4;
        };
        let mut hits = Vec::new();
        for (rank, group) in groups.into_iter().take(want).enumerate() {
            for (score, addr) in group {
                hits.push(self.hit(&searcher, rank + 1, score, addr)?);
            }
        }
        Ok(hits)
    }

    /// Groups scored passages by article, best article first, keeping `per_article` each.
    fn group(
        &self,
        searcher: &tantivy::Searcher,
        top: Vec<(f32, DocAddress)>,
        per_article: usize,
    ) -> Result<Vec<Vec<(f32, DocAddress)>>, SearchError> {
        let mut columns = HashMap::new();
        let mut order: Vec<u64> = Vec::new();
        let mut groups: HashMap<u64, Vec<(f32, DocAddress)>> = HashMap::new();
        for (score, addr) in top {
            let col = match columns.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(
                    searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64("article_key")?,
                ),
            };
            let key = col.first(addr.doc_id).unwrap_or(0);
            let g = groups.entry(key).or_default();
            if g.is_empty() {
                order.push(key);
            }
            if g.len() < per_article {
                g.push((score, addr));
            }
        }
        Ok(order
            .into_iter()
            .map(|k| groups.remove(&k).unwrap_or_default())
            .collect())
    }

    /// The hit for the passage at `addr`, read from the document store.
    pub fn hit(
        &self,
        searcher: &tantivy::Searcher,
        rank: usize,
        score: f32,
        addr: DocAddress,
    ) -> Result<Hit, SearchError> {
        let f = self.fields();
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = |field| stored_text(&doc, field);
        let num = |field| stored_num(&doc, field);
        Ok(Hit {
            rank,
            score,
            article_id: text(f.article_id).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            locator: text(f.locator),
            outlet: text(f.outlet),
            date: text(f.date_text),
            title: text(f.title),
            passage: num(f.ordinal),
            passage_span: Span {
                start: num(f.span_start),
                end: num(f.span_end),
            },
            text: text(f.text).unwrap_or_default(),
            highlights: Vec::new(),
        })
    }
}
