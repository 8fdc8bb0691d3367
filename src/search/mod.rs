//! The search layer: parse the query, compile it with the filters, rank articles by
//! BM25 over title, lead and body (with bonuses for query words close together),
//! collapse copies of one story, and choose each article's passages for the query. The
//! search worker (`job`: one query; `batch`: a query file on all cores) pushes what it
//! finds into an `output::Sink`.

pub mod articles;
pub mod batch;
pub mod citations;
pub mod collapse;
pub mod compile;
pub mod entities;
pub mod expand;
pub mod job;
pub mod kwic;
pub mod lookup;
pub mod near;
pub mod passages;
pub mod query;
pub mod stats;

use crate::index::aliases::{EntityAliases, LazyAliases};
use crate::index::document;
use crate::index::schema::Fields;
use crate::index::{IndexError, NewsIndex};
use crate::model::{Citation, Entity};
use articles::{CandidateColumns, SortOrder};
use collapse::{Candidate, Story};
use compile::{analyse, joined_runs, Compiler, Expand, Filters};
use passages::{BodyLeaf, PassageTerms};
use query::{Node, QueryError, TextField};
use std::cmp::Reverse;
use std::collections::HashMap;
use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, DocSet, IndexReader, ReloadPolicy, TantivyDocument};

/// Decompressed document-store blocks kept (about 16 KB each): a batch of queries reads
/// the same blocks again and again.
const DOC_STORE_CACHE_BLOCKS: usize = 1000;
/// Candidates first read for the top results: copies of a story score alike, so they
/// sit together near the top.
const MIN_POOL: usize = 64;

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
    /// The article's score.
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
    /// The story's id: the id of its best-ranked copy (this article's own id when it has
    /// no copies, or when copies are not collapsed).
    pub cluster: String,
    /// The ids of the copies collapsed into this article.
    pub similar: Vec<String>,
    /// The article's address, as its source gave it.
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// ISO 639-1 code, declared or detected.
    pub language: Option<String>,
    /// The place its dateline names.
    pub place: Option<String>,
    /// The entities the article names, as stored.
    pub entities: Vec<Entity>,
    /// The sources the article cites, as stored.
    pub citations: Vec<Citation>,
    /// Where the article is in the index snapshot it was read from.
    pub doc: DocAddress,
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Not a `source`: the message already holds the cause, so error chains print it once.
    #[error("bad query: {0}")]
    Query(QueryError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("reading the index failed ({}): the index may be damaged; `newsdex check` tells, and `newsdex index CORPUS --rebuild` rebuilds it", crate::index::damage_detail(.0))]
    Tantivy(tantivy::TantivyError),
    #[error("reading the index failed ({0}): the index may be damaged; `newsdex check` tells, and `newsdex index CORPUS --rebuild` rebuilds it")]
    Io(std::io::Error),
}

// By hand, not `#[from]`: the messages above already hold the cause, so error chains
// print it once.
impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Tantivy(e)
    }
}

impl From<std::io::Error> for SearchError {
    fn from(e: std::io::Error) -> Self {
        SearchError::Io(e)
    }
}

impl From<QueryError> for SearchError {
    fn from(e: QueryError) -> Self {
        SearchError::Query(e)
    }
}

/// A query compiled for one index snapshot, with the body words its passages are chosen by.
pub struct Prepared {
    pub query: Box<dyn Query>,
    pub terms: PassageTerms,
}

/// An open index, ready for many searches.
pub struct Searcher {
    pub index: NewsIndex,
    reader: IndexReader,
    /// The entity aliases, read when a query first needs them.
    aliases: LazyAliases,
}

impl Searcher {
    pub fn new(index: NewsIndex) -> Result<Self, SearchError> {
        let reader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()
            .map_err(|e| IndexError::Damaged {
                path: index.path.clone(),
                corpus: index.manifest.corpus_root.clone(),
                detail: crate::index::damage_detail(&e),
            })?;
        let aliases = LazyAliases::new(&index.path, &index.manifest.aliases);
        Ok(Searcher {
            index,
            reader,
            aliases,
        })
    }

    pub fn fields(&self) -> &Fields {
        &self.index.fields
    }

    /// The corpus-wide entity aliases (an empty table when they cannot be read: entity
    /// filters then match the names as written).
    pub fn aliases(&self) -> &EntityAliases {
        self.aliases.get()
    }

    /// An article's stored entities under the index's corpus-wide canonical names (as
    /// `show` gives them, without the names written: a hit's entities keep their shape).
    pub fn canonical_entities(&self, stored: Vec<Entity>) -> Vec<Entity> {
        lookup::canonical_hit_entities(stored, self.aliases())
    }

    /// A point-in-time view of the index for running queries (cheap: an `Arc` clone).
    pub fn snapshot(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Compiles a parsed query (`None`: every article) with its filters, for `snap`.
    pub fn prepare(
        &self,
        snap: &tantivy::Searcher,
        query: Option<&Node>,
        filters: &Filters,
    ) -> Result<Prepared, SearchError> {
        let compiler = Compiler {
            fields: self.fields(),
            expand: snap,
            aliases: &self.aliases,
        };
        Ok(match query {
            Some(node) => Prepared {
                query: compiler.compile(node, filters)?,
                terms: self.passage_terms(snap, node)?,
            },
            None => Prepared {
                query: compiler.compile_filters(filters)?,
                terms: PassageTerms::default(),
            },
        })
    }

    /// The body words of the query's positive text terms, each weighted by its rarity.
    fn passage_terms(
        &self,
        snap: &tantivy::Searcher,
        node: &Node,
    ) -> Result<PassageTerms, SearchError> {
        let body = self.fields().body;
        let mut leaves = Vec::new();
        let mut failed = None;
        node.visit_leaves(false, &mut |leaf, negated| {
            if negated || failed.is_some() {
                return;
            }
            let leaf = match leaf {
                Node::In(TextField::Body, inner) => inner.as_ref(),
                Node::In(TextField::Title, _) | Node::Field(..) => return,
                other => other,
            };
            let alternatives: Vec<Vec<String>> = match leaf {
                Node::Word(w) => {
                    let mut alts = vec![analyse(w)];
                    alts.extend(joined_runs(w).into_iter().map(|j| vec![j]));
                    alts
                }
                Node::Phrase(p) => vec![analyse(p)],
                Node::Near(text, _) => {
                    // Each word of a near query counts on its own.
                    for t in analyse(text) {
                        leaves.push(vec![vec![t]]);
                    }
                    return;
                }
                Node::Prefix(p) => match snap.prefix_terms(body, p) {
                    Ok(terms) => terms.into_iter().map(|t| vec![t]).collect(),
                    Err(e) => {
                        failed = Some(e);
                        return;
                    }
                },
                _ => return,
            };
            leaves.push(alternatives.into_iter().filter(|a| !a.is_empty()).collect());
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
        let docs = snap.num_docs().max(1) as f32;
        let mut out = Vec::new();
        for alternatives in leaves
            .into_iter()
            .filter(|a: &Vec<Vec<String>>| !a.is_empty())
        {
            // A leaf weighs as much as its most frequent alternative's rarest word.
            let mut df = 0u64;
            for alt in &alternatives {
                let mut alt_df = u64::MAX;
                for t in alt {
                    alt_df = alt_df.min(snap.doc_freq(&Term::from_field_text(body, t))?);
                }
                df = df.max(alt_df);
            }
            let weight = (1.0 + docs / (df as f32 + 1.0)).ln();
            out.push(BodyLeaf {
                alternatives,
                weight,
            });
        }
        Ok(PassageTerms { leaves: out })
    }

    /// The candidates behind scored addresses (their keys, dates and sketches).
    fn candidates(
        &self,
        snap: &tantivy::Searcher,
        scored: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<Candidate>, SearchError> {
        let mut columns: HashMap<u32, CandidateColumns> = HashMap::new();
        let mut out = Vec::with_capacity(scored.len());
        for (score, addr) in scored {
            let cols = match columns.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(CandidateColumns::open(
                    snap.segment_reader(addr.segment_ord),
                )?),
            };
            out.push(cols.candidate(addr.segment_ord, addr.doc_id, score));
        }
        Ok(out)
    }

    /// The stories ranked `skip + 1 ..= skip + take`, best first: copies collapsed into
    /// their best-ranked article unless `collapse` is off.
    pub fn ranked(
        &self,
        snap: &tantivy::Searcher,
        p: &Prepared,
        skip: usize,
        take: usize,
        collapse: bool,
    ) -> Result<Vec<Story>, SearchError> {
        let want = skip.saturating_add(take.max(1));
        // Never ask for more than the index holds (a huge --limit must not allocate).
        let all = (snap.num_docs() as usize).max(1);
        let mut k = want.saturating_mul(4).max(MIN_POOL).min(all);
        loop {
            let body = self.fields().body;
            // Equal scores are ordered by article key, not by where an article sits in the
            // index, so that two builds of one corpus rank (and cut at k) the same way.
            let collector =
                TopDocs::with_limit(k).tweak_score(move |seg: &tantivy::SegmentReader| {
                    let norms = seg
                        .get_fieldnorms_reader(body)
                        .unwrap_or_else(|_| FieldNormReader::constant(seg.max_doc(), 1));
                    let keys = crate::index::document::columns::article_keys(seg)
                        .unwrap_or_else(|_| Column::build_empty_column(seg.max_doc()));
                    move |doc: tantivy::DocId, score: f32| {
                        let score = compile::with_length_prior(score, norms.fieldnorm(doc));
                        (score, Reverse(keys.first(doc).unwrap_or(0)))
                    }
                });
            let top: Vec<(f32, DocAddress)> = snap
                .search(p.query.as_ref(), &collector)?
                .into_iter()
                .map(|((score, _), addr)| (score, addr))
                .collect();
            let exhausted = top.len() < k || k >= all;
            let candidates = self.candidates(snap, top)?;
            let last = candidates.last().map(|c| c.key);
            let stories = if collapse {
                collapse::group(candidates)
            } else {
                collapse::alone(candidates)
            };
            // The pool is deep enough when it holds the stories wanted and its last (lowest
            // scored) candidate is not a copy of one of them: more copies may follow.
            let tail_is_a_copy = last.is_some_and(|key| {
                stories
                    .iter()
                    .take(want)
                    .any(|s| s.copies.iter().any(|c| c.key == key))
            });
            if exhausted || (stories.len() >= want && !tail_is_a_copy) {
                return Ok(stories.into_iter().skip(skip).take(take).collect());
            }
            k = k.saturating_mul(4).min(all);
        }
    }

    /// Every matching article in `order`, as stories (copies collapsed unless `collapse`
    /// is off).
    pub fn every_match(
        &self,
        snap: &tantivy::Searcher,
        p: &Prepared,
        order: SortOrder,
        collapse: bool,
    ) -> Result<Vec<Story>, SearchError> {
        let found = articles::matching_articles(snap, p.query.as_ref(), self.fields().body, order)?;
        Ok(if collapse {
            collapse::group(found)
        } else {
            collapse::alone(found)
        })
    }

    /// The number of articles matching (copies counted one by one).
    pub fn count(&self, snap: &tantivy::Searcher, p: &Prepared) -> Result<usize, SearchError> {
        articles::count_articles(snap, p.query.as_ref())
    }

    /// The positions, in the body of the article at `addr`, of the query's tokens.
    fn token_positions<'t>(
        &self,
        snap: &tantivy::Searcher,
        addr: DocAddress,
        terms: &'t PassageTerms,
    ) -> Result<HashMap<&'t str, Vec<u32>>, SearchError> {
        let seg = snap.segment_reader(addr.segment_ord);
        let index = seg.inverted_index(self.fields().body)?;
        let mut out = HashMap::new();
        for token in terms.tokens() {
            let term = Term::from_field_text(self.fields().body, token);
            let Some(mut postings) =
                index.read_postings(&term, IndexRecordOption::WithFreqsAndPositions)?
            else {
                continue;
            };
            if postings.doc() <= addr.doc_id && postings.seek(addr.doc_id) == addr.doc_id {
                let mut positions = Vec::new();
                postings.positions(&mut positions);
                out.insert(token, positions);
            }
        }
        Ok(out)
    }

    /// The hits of one story: the best `passages` passages of its lead article for the
    /// query (its first passage when none holds a query word), not yet highlighted.
    pub fn story_hits(
        &self,
        snap: &tantivy::Searcher,
        story: &Story,
        rank: usize,
        passages: usize,
        p: &Prepared,
    ) -> Result<Vec<Hit>, SearchError> {
        let f = self.fields();
        let addr = story.lead.addr;
        let doc: TantivyDocument = snap.doc(addr)?;
        let a = document::read_article(f, &doc);
        let body = document::read_body(f, &doc);
        let spans = document::read_passage_spans(f, &doc);
        let positions = self.token_positions(snap, addr, &p.terms)?;
        let texts = document::cut_passages(&body, &spans, None);
        let quality = |i: usize| {
            texts
                .get(i)
                .map_or(0.0, |t| passages::prose_quality(&t.text))
        };
        let mut chosen = passages::choose(&p.terms, &positions, &quality, passages);
        if chosen.is_empty() && !texts.is_empty() && passages > 0 {
            chosen.push(0);
        }
        let entities = document::read_entities(f, &doc);
        let citations = document::read_citations(f, &doc);
        let authors: Vec<String> = a
            .authors
            .as_deref()
            .map(|joined| joined.split("; ").map(str::to_string).collect())
            .unwrap_or_default();
        let cluster = collapse::id_of_key(story.lead.key);
        let similar: Vec<String> = story
            .copies
            .iter()
            .map(|c| collapse::id_of_key(c.key))
            .collect();
        Ok(chosen
            .into_iter()
            .filter_map(|i| texts.get(i))
            .map(|t| Hit {
                rank,
                score: story.lead.score,
                article_id: a.article_id.clone(),
                path: a.path.clone(),
                locator: a.locator.clone(),
                outlet: a.outlet.clone(),
                date: a.date.clone(),
                title: a.title.clone(),
                passage: t.ordinal,
                passage_span: Span {
                    start: t.start,
                    end: t.end,
                },
                text: t.text.clone(),
                highlights: Vec::new(),
                cluster: cluster.clone(),
                similar: similar.clone(),
                url: a.url.clone(),
                authors: authors.clone(),
                language: a.language.clone(),
                place: a.place.clone(),
                entities: entities.clone(),
                citations: citations.clone(),
                doc: addr,
            })
            .collect())
    }

    /// Whether the article at `addr` matches `node` on its own (for highlighting the
    /// branches of an OR that the article matched). A node that cannot be compiled
    /// counts as matching.
    pub fn matches(&self, snap: &tantivy::Searcher, addr: DocAddress, node: &Node) -> bool {
        let compiler = Compiler {
            fields: self.fields(),
            expand: snap,
            aliases: &self.aliases,
        };
        let Ok(q) = compiler.compile(node, &Filters::default()) else {
            return true;
        };
        let Ok(weight) = q.weight(EnableScoring::disabled_from_searcher(snap)) else {
            return true;
        };
        let seg = snap.segment_reader(addr.segment_ord);
        let Ok(mut scorer) = weight.scorer(seg, 1.0) else {
            return true;
        };
        scorer.doc() <= addr.doc_id && scorer.seek(addr.doc_id) == addr.doc_id
    }
}
