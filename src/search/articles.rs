//! Article-level collection: every article a query matches, with its score, key, date
//! and near-duplicate sketch read from fast fields (never its text), so that results can
//! be counted, sorted by date, collapsed, paged and streamed without holding texts.

use crate::analyze::near_dup::Sketch;
use crate::index::document::columns;
use crate::search::collapse::Candidate;
use crate::search::compile::with_length_prior;
use crate::search::SearchError;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

crate::choice_enum! {
    /// How to order matching articles.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SortOrder {
        /// Best first.
        Score = "score",
        /// Oldest first (undated articles last).
        Date = "date",
        /// Newest first (undated articles last).
        DateDesc = "-date",
    }
}

/// The fast-field columns a candidate is read from.
pub struct CandidateColumns {
    keys: Column<u64>,
    dates: Column<tantivy::DateTime>,
    sketch: [Column<u64>; 4],
}

impl CandidateColumns {
    pub fn open(seg: &SegmentReader) -> tantivy::Result<Self> {
        Ok(CandidateColumns {
            keys: columns::article_keys(seg)?,
            dates: columns::dates(seg)?,
            sketch: columns::sketches(seg)?,
        })
    }

    /// The candidate for document `doc` of segment `segment`.
    pub fn candidate(&self, segment: SegmentOrdinal, doc: DocId, score: Score) -> Candidate {
        let word = |i: usize| self.sketch[i].first(doc).unwrap_or(0);
        Candidate {
            addr: DocAddress::new(segment, doc),
            score,
            key: self.keys.first(doc).unwrap_or(0),
            date: self.dates.first(doc).map(|d| d.into_timestamp_secs()),
            sketch: Sketch([word(0), word(1), word(2), word(3)]),
        }
    }
}

/// Collects every matching article as a candidate, scored with the length prior.
pub struct MatchCollector {
    /// The body field, whose lengths the prior reads.
    pub body: Field,
}

pub struct MatchSegment {
    segment: SegmentOrdinal,
    columns: CandidateColumns,
    norms: FieldNormReader,
    found: Vec<Candidate>,
}

impl Collector for MatchCollector {
    type Fruit = Vec<Candidate>;
    type Child = MatchSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<MatchSegment> {
        Ok(MatchSegment {
            segment,
            columns: CandidateColumns::open(reader)?,
            norms: reader.get_fieldnorms_reader(self.body)?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Candidate>>) -> tantivy::Result<Vec<Candidate>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for MatchSegment {
    type Fruit = Vec<Candidate>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let score = with_length_prior(score, self.norms.fieldnorm(doc));
        self.found
            .push(self.columns.candidate(self.segment, doc, score));
    }

    fn harvest(self) -> Vec<Candidate> {
        self.found
    }
}

/// Orders articles: by score (ties by key, for a stable order) or by date.
pub fn sort_candidates(found: &mut [Candidate], order: SortOrder) {
    let by_score =
        |a: &Candidate, b: &Candidate| b.score.total_cmp(&a.score).then(a.key.cmp(&b.key));
    match order {
        SortOrder::Score => found.sort_by(by_score),
        SortOrder::Date | SortOrder::DateDesc => found.sort_by(|a, b| {
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

/// Every article matching `query`, in `order`.
pub fn matching_articles(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    body: Field,
    order: SortOrder,
) -> Result<Vec<Candidate>, SearchError> {
    let collector = MatchCollector { body };
    let mut found = searcher.search(query, &collector)?;
    sort_candidates(&mut found, order);
    Ok(found)
}

/// The number of articles matching `query`.
pub fn count_articles(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
) -> Result<usize, SearchError> {
    Ok(searcher.search(query, &tantivy::collector::Count)?)
}
