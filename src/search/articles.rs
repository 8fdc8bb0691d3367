//! Article-level collection: every article a query matches, with its best passages
//! (addresses and scores only, never texts) and its date, so that results can be
//! counted, sorted by date, paged and streamed without holding passages in memory.

use crate::index::document::columns;
use crate::search::SearchError;
use std::collections::{HashMap, HashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// One matching article: its best passages (best first) and its date.
#[derive(Debug, Clone)]
pub struct ArticleMatch {
    pub key: u64,
    /// The score of its best passage.
    pub score: f32,
    /// Midnight UTC of its day, in seconds since the epoch.
    pub date: Option<i64>,
    pub passages: Vec<(f32, DocAddress)>,
}

crate::choice_enum! {
    /// How to order matching articles.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SortOrder {
        /// Best passage score first.
        Score = "score",
        /// Oldest first (undated articles last).
        Date = "date",
        /// Newest first (undated articles last).
        DateDesc = "-date",
    }
}

/// Collects matching articles, keeping up to `per_article` passages of each.
pub struct ArticleCollector {
    pub per_article: usize,
    pub scoring: bool,
}

pub struct ArticleSegment {
    segment: SegmentOrdinal,
    per_article: usize,
    keys: Column<u64>,
    dates: Column<tantivy::DateTime>,
    found: HashMap<u64, ArticleMatch>,
}

impl Collector for ArticleCollector {
    type Fruit = Vec<ArticleMatch>;
    type Child = ArticleSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ArticleSegment> {
        Ok(ArticleSegment {
            segment,
            per_article: self.per_article.max(1),
            keys: columns::article_keys(reader)?,
            dates: columns::dates(reader)?,
            found: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Vec<ArticleMatch>>) -> tantivy::Result<Vec<ArticleMatch>> {
        let mut merged: HashMap<u64, ArticleMatch> = HashMap::new();
        for m in fruits.into_iter().flatten() {
            match merged.entry(m.key) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(m);
                }
                std::collections::hash_map::Entry::Occupied(mut o) => {
                    let a = o.get_mut();
                    a.score = a.score.max(m.score);
                    a.date = a.date.or(m.date);
                    a.passages.extend(m.passages);
                    sort_passages(&mut a.passages);
                    a.passages.truncate(self.per_article.max(1));
                }
            }
        }
        Ok(merged.into_values().collect())
    }
}

fn sort_passages(p: &mut [(f32, DocAddress)]) {
    p.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

impl SegmentCollector for ArticleSegment {
    type Fruit = Vec<ArticleMatch>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let key = self.keys.first(doc).unwrap_or(0);
        let addr = DocAddress::new(self.segment, doc);
        let per_article = self.per_article;
        let dates = &self.dates;
        let m = self.found.entry(key).or_insert_with(|| ArticleMatch {
            key,
            score,
            date: dates.first(doc).map(|d| d.into_timestamp_secs()),
            passages: Vec::new(),
        });
        m.score = m.score.max(score);
        if m.passages.len() < per_article {
            m.passages.push((score, addr));
        } else if let Some(worst) = m.passages.iter_mut().min_by(|a, b| a.0.total_cmp(&b.0)) {
            if score > worst.0 {
                *worst = (score, addr);
            }
        }
    }

    fn harvest(self) -> Vec<ArticleMatch> {
        self.found
            .into_values()
            .map(|mut m| {
                sort_passages(&mut m.passages);
                m
            })
            .collect()
    }
}

/// Orders articles: by score (ties by key, for a stable order) or by date.
pub fn sort_matches(matches: &mut [ArticleMatch], order: SortOrder) {
    let by_score =
        |a: &ArticleMatch, b: &ArticleMatch| b.score.total_cmp(&a.score).then(a.key.cmp(&b.key));
    match order {
        SortOrder::Score => matches.sort_by(by_score),
        SortOrder::Date | SortOrder::DateDesc => matches.sort_by(|a, b| {
            let dated = match (a.date, b.date) {
                (Some(x), Some(y)) if order == SortOrder::Date => x.cmp(&y),
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            dated.then_with(|| by_score(a, b))
        }),
    }
}

/// Counts the distinct articles with at least one matching passage.
pub struct DistinctArticles;

pub struct DistinctSegment {
    keys: Column<u64>,
    seen: HashSet<u64>,
}

impl Collector for DistinctArticles {
    type Fruit = usize;
    type Child = DistinctSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<DistinctSegment> {
        Ok(DistinctSegment {
            keys: columns::article_keys(reader)?,
            seen: HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashSet<u64>>) -> tantivy::Result<usize> {
        let mut all = HashSet::new();
        for f in fruits {
            all.extend(f);
        }
        Ok(all.len())
    }
}

impl SegmentCollector for DistinctSegment {
    type Fruit = HashSet<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.seen.insert(self.keys.first(doc).unwrap_or(0));
    }

    fn harvest(self) -> HashSet<u64> {
        self.seen
    }
}

/// Every article matching `query`, in `order`, with up to `per_article` passages each.
pub fn matching_articles(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    per_article: usize,
    order: SortOrder,
) -> Result<Vec<ArticleMatch>, SearchError> {
    let collector = ArticleCollector {
        per_article,
        scoring: true,
    };
    let mut found = searcher.search(query, &collector)?;
    sort_matches(&mut found, order);
    Ok(found)
}

/// The number of distinct articles matching `query`.
pub fn count_articles(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
) -> Result<usize, SearchError> {
    Ok(searcher.search(query, &DistinctArticles)?)
}
