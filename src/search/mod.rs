//! The search layer: parse the query, compile it with the filters, rank passages by
//! BM25 and collapse them to the best passages of the best articles. The search worker
//! (`job`: one query; `batch`: a query file on all cores) pushes what it finds into an
//! `output::Sink`.

pub mod articles;
pub mod batch;
pub mod compile;
pub mod entities;
pub mod job;
pub mod kwic;
pub mod lookup;
pub mod query;
pub mod stats;

use crate::index::document::{self, columns};
use crate::index::schema::Fields;
use crate::index::{IndexError, NewsIndex};
use compile::Filters;
use query::{Node, QueryError};
use std::collections::HashMap;
use tantivy::collector::TopDocs;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument};

/// Decompressed document-store blocks kept (about 16 KB each): a batch of queries reads
/// the same blocks again and again.
const DOC_STORE_CACHE_BLOCKS: usize = 1000;

/// A character span `[start, end)` in a passage's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One returned passage.
#[derive(Debug, Clone)]
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
    pub fn snapshot(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Compiles a parsed query (`None`: every article) with its filters.
    pub fn prepare(
        &self,
        query: Option<&Node>,
        filters: &Filters,
    ) -> Result<Box<dyn tantivy::query::Query>, SearchError> {
        Ok(match query {
            Some(node) => compile::compile(self.fields(), node, filters)?,
            None => compile::compile_filters(self.fields(), filters)?,
        })
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
        let mut keys = HashMap::new();
        let mut order: Vec<u64> = Vec::new();
        let mut groups: HashMap<u64, Vec<(f32, DocAddress)>> = HashMap::new();
        for (score, addr) in top {
            let col = match keys.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(columns::article_keys(
                    searcher.segment_reader(addr.segment_ord),
                )?),
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
        let doc: TantivyDocument = searcher.doc(addr)?;
        let a = document::read_article(self.fields(), &doc);
        let p = document::read_passage(self.fields(), &doc);
        Ok(Hit {
            rank,
            score,
            article_id: a.article_id,
            path: a.path,
            locator: a.locator,
            outlet: a.outlet,
            date: a.date,
            title: a.title,
            passage: p.ordinal,
            passage_span: Span {
                start: p.start,
                end: p.end,
            },
            text: p.text,
            highlights: Vec::new(),
        })
    }
}
