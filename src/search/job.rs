//! The search worker: one query (`Job`) answered in one `Mode`, each article's
//! highlighted passages (or KWIC lines, or the count) pushed into an `output::Sink`.
//! The ranked path reads only the top passages; `--all`, date order and KWIC walk every
//! matching article by address and read each one's passages as it is printed.

use crate::highlight::highlight;
use crate::output::{QueryRef, Sink};
use crate::search::articles::SortOrder;
use crate::search::compile::Filters;
use crate::search::kwic::kwic_lines;
use crate::search::query::{Node, ParsedQuery};
use crate::search::{Hit, SearchError, Searcher};
use std::io::{self, Write};
use tantivy::DocAddress;

/// The most results one query may ask for (`--all` streams every one).
pub const MAX_LIMIT: usize = 100_000;
/// The most results a query may skip.
pub const MAX_OFFSET: usize = 10_000_000;
/// The most passages shown per result.
pub const MAX_PASSAGES: usize = 1_000;
/// The most characters of context on each side of a keyword-in-context line.
pub const MAX_WIDTH: usize = 1_000;

/// One query to run, with its own filters and paging.
#[derive(Debug, Clone)]
pub struct Job {
    /// The batch id (`None` for a single query).
    pub id: Option<String>,
    pub query: ParsedQuery,
    pub filters: Filters,
    /// Articles to show (KWIC: lines).
    pub limit: usize,
    /// Articles to skip first.
    pub offset: usize,
}

impl Job {
    /// The query as printers name it.
    pub fn query_ref(&self) -> QueryRef<'_> {
        QueryRef {
            id: self.id.as_deref(),
            text: &self.query.text,
        }
    }
}

/// How every query of a run is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Only the number of matching articles.
    pub count: bool,
    /// Every matching article instead of the top `limit`.
    pub all: bool,
    pub sort: SortOrder,
    /// Passages per article.
    pub passages: usize,
    /// KWIC lines with this many characters of context, instead of passages; then
    /// `limit` caps lines, not articles.
    pub kwic: Option<usize>,
    /// Copies of one story shown as one result (with the others' ids), not one by one.
    pub collapse: bool,
    /// Hits carry their entities under the index's corpus-wide canonical names (for an
    /// output that shows them: it costs reading the alias table).
    pub canonical_entities: bool,
}

/// Why one query failed: its own fault (reported, a batch goes on) or the output's.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("writing output: {0}")]
    Io(#[from] io::Error),
}

/// What answering one query works with.
#[derive(Clone, Copy)]
struct Run<'a> {
    searcher: &'a Searcher,
    snap: &'a tantivy::Searcher,
    job: &'a Job,
    mode: &'a Mode,
    sink: &'a dyn Sink,
}

/// Highlights the hits of one article and pushes them (or their KWIC lines, within the
/// line budget) into the sink.
fn push_article(
    run: &Run,
    out: &mut dyn Write,
    mut hits: Vec<Hit>,
    lines_left: &mut usize,
) -> io::Result<()> {
    let Run {
        searcher,
        snap,
        job,
        mode,
        sink,
    } = *run;
    let mut memo: Vec<(*const Node, DocAddress, bool)> = Vec::new();
    for hit in &mut hits {
        let doc = hit.doc;
        let mut article_matches = |branch: &Node| {
            let key = branch as *const Node;
            if let Some(&(_, _, m)) = memo.iter().find(|(b, d, _)| *b == key && *d == doc) {
                return m;
            }
            let m = searcher.matches(snap, doc, branch);
            memo.push((key, doc, m));
            m
        };
        hit.highlights = highlight(&job.query.node, &hit.text, &mut article_matches);
    }
    let Some(width) = mode.kwic else {
        return sink.article(out, job.query_ref(), &hits);
    };
    hits.sort_by_key(|h| h.passage);
    for hit in &hits {
        let mut lines = kwic_lines(hit, width);
        lines.truncate(*lines_left);
        *lines_left -= lines.len();
        sink.kwic(out, job.query_ref(), &lines)?;
    }
    Ok(())
}

/// Runs one query and pushes its answer into `sink`; returns the number of articles
/// found (pushed: one per story; or counted in count mode).
pub fn run_job(
    searcher: &Searcher,
    job: &Job,
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
) -> Result<usize, JobError> {
    let snap = searcher.snapshot();
    let prepared = searcher.prepare(&snap, Some(&job.query.node), &job.filters)?;
    if mode.count {
        let n = searcher.count(&snap, &prepared)?;
        sink.count(out, job.query_ref(), n)?;
        return Ok(n);
    }
    let mut lines_left = match mode.kwic {
        Some(_) if !mode.all => job.limit,
        _ => usize::MAX,
    };
    let per_article = if mode.kwic.is_some() {
        usize::MAX
    } else {
        mode.passages
    };
    let ranked = !mode.all && mode.kwic.is_none() && mode.sort == SortOrder::Score;
    let stories = if ranked {
        // The ranked path: only the top of the ranking is read.
        searcher.ranked(&snap, &prepared, job.offset, job.limit, mode.collapse)?
    } else {
        // Every matching article (scores and fast fields only), sorted, then paged.
        let take = if mode.all || mode.kwic.is_some() {
            usize::MAX
        } else {
            job.limit
        };
        searcher
            .every_match(&snap, &prepared, mode.sort, mode.collapse)?
            .into_iter()
            .skip(job.offset)
            .take(take)
            .collect()
    };
    let run = Run {
        searcher,
        snap: &snap,
        job,
        mode,
        sink,
    };
    let mut articles = 0;
    for (i, story) in stories.iter().enumerate() {
        if lines_left == 0 {
            break;
        }
        let rank = job.offset.saturating_add(i + 1);
        let mut hits = searcher.story_hits(&snap, story, rank, per_article, &prepared)?;
        if mode.canonical_entities {
            for h in &mut hits {
                h.entities = searcher.canonical_entities(std::mem::take(&mut h.entities));
            }
        }
        push_article(&run, out, hits, &mut lines_left)?;
        articles += 1;
    }
    if articles > 0 && sink.wants_total() {
        let total = searcher.count(&snap, &prepared)?;
        sink.total(out, job.offset, articles, total)?;
    }
    Ok(articles)
}

#[cfg(test)]
pub(crate) mod tests {
    //! The worker over a small index built in a temporary folder.
    use super::*;
    use crate::index::writer::Writer;
    use crate::model::RawArticle;
    use crate::search::kwic::KwicLine;
    use std::sync::Mutex;

    /// Records what the worker pushes.
    #[derive(Default)]
    pub struct Recorder {
        pub articles: Mutex<Vec<Vec<Hit>>>,
        pub lines: Mutex<Vec<KwicLine>>,
        pub counts: Mutex<Vec<usize>>,
    }

    impl Sink for Recorder {
        fn article(&self, _: &mut dyn Write, _: QueryRef, hits: &[Hit]) -> io::Result<()> {
            self.articles.lock().unwrap().push(hits.to_vec());
            Ok(())
        }
        fn kwic(&self, _: &mut dyn Write, _: QueryRef, lines: &[KwicLine]) -> io::Result<()> {
            self.lines.lock().unwrap().extend(lines.iter().cloned());
            Ok(())
        }
        fn count(&self, _: &mut dyn Write, _: QueryRef, n: usize) -> io::Result<()> {
            self.counts.lock().unwrap().push(n);
            Ok(())
        }
    }

    /// An index of `n` one-file articles: article `i` says "oil" `i + 1` times in its
    /// first passage and has a second passage about "oil markets" (each in words of its
    /// own, so that no two are copies of one story), and is dated day `i`.
    pub fn small_index(n: usize) -> (tempfile::TempDir, Searcher) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("corpus");
        std::fs::create_dir_all(&root).unwrap();
        let target = tmp.path().join("idx");
        let mut w = Writer::open(&target, &root, false, false).unwrap();
        for i in 0..n {
            let raw = RawArticle {
                path: format!("a{i:02}.txt"),
                title: Some(format!("Article {i}")),
                date: Some(format!("2024-01-{:02}", i + 1)),
                body: format!(
                    "{} spilled here {own}.\n\nLater, oil markets calmed {own}.",
                    vec!["oil"; i + 1].join(" "),
                    own = (0..12)
                        .map(|j| format!("w{i}x{j}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                ..Default::default()
            };
            let article = crate::analyze::analyze(raw);
            let entry = crate::index::manifest::FileEntry {
                size: 1,
                mtime_ns: 1,
                hash: i as u128,
                articles: 1,
                passages: article.passages.len(),
                skipped: None,
                problems: Vec::new(),
            };
            w.replace_file(&article.source.path.clone(), entry, &[article])
                .unwrap();
        }
        w.commit().unwrap();
        let searcher = Searcher::new(crate::index::open(&target).unwrap()).unwrap();
        (tmp, searcher)
    }

    fn job(query: &str, limit: usize, offset: usize) -> Job {
        Job {
            id: None,
            query: ParsedQuery::parse(query).unwrap(),
            filters: Filters::default(),
            limit,
            offset,
        }
    }

    const RANKED: Mode = Mode {
        count: false,
        all: false,
        sort: SortOrder::Score,
        passages: 1,
        kwic: None,
        collapse: true,
        canonical_entities: false,
    };

    fn paths(r: &Recorder) -> Vec<String> {
        r.articles
            .lock()
            .unwrap()
            .iter()
            .map(|a| a[0].path.clone())
            .collect()
    }

    #[test]
    fn ranked_path_gives_top_articles_with_highlights() {
        let (_t, s) = small_index(5);
        let r = Recorder::default();
        let n = run_job(&s, &job("oil spilled", 3, 0), &RANKED, &r, &mut io::sink()).unwrap();
        assert_eq!(n, 3);
        let arts = r.articles.lock().unwrap();
        assert_eq!(arts.len(), 3);
        assert!(arts
            .iter()
            .all(|a| a.len() == 1 && !a[0].highlights.is_empty()));
        let ranks: Vec<usize> = arts.iter().map(|a| a[0].rank).collect();
        assert_eq!(ranks, vec![1, 2, 3]);
    }

    #[test]
    fn paging_skips_the_first_articles() {
        let (_t, s) = small_index(6);
        let all = Recorder::default();
        run_job(&s, &job("oil", 6, 0), &RANKED, &all, &mut io::sink()).unwrap();
        let page = Recorder::default();
        let n = run_job(&s, &job("oil", 2, 2), &RANKED, &page, &mut io::sink()).unwrap();
        assert_eq!(n, 2);
        assert_eq!(paths(&page), paths(&all)[2..4].to_vec());
    }

    #[test]
    fn streamed_all_by_date_gives_every_article_in_order() {
        let (_t, s) = small_index(7);
        let mode = Mode {
            all: true,
            sort: SortOrder::Date,
            passages: 2,
            ..RANKED
        };
        let r = Recorder::default();
        let n = run_job(&s, &job("oil", 1, 0), &mode, &r, &mut io::sink()).unwrap();
        assert_eq!(n, 7, "--all ignores the limit");
        let want: Vec<String> = (0..7).map(|i| format!("a{i:02}.txt")).collect();
        assert_eq!(paths(&r), want);
        assert!(r.articles.lock().unwrap().iter().all(|a| a.len() == 2));
    }

    #[test]
    fn count_mode_counts_articles_not_passages() {
        let (_t, s) = small_index(4);
        let mode = Mode {
            count: true,
            ..RANKED
        };
        let r = Recorder::default();
        assert_eq!(
            run_job(&s, &job("oil", 1, 0), &mode, &r, &mut io::sink()).unwrap(),
            4
        );
        assert_eq!(*r.counts.lock().unwrap(), vec![4]);
    }

    #[test]
    fn kwic_limit_is_a_line_budget() {
        let (_t, s) = small_index(5);
        let mode = Mode {
            kwic: Some(10),
            ..RANKED
        };
        let r = Recorder::default();
        run_job(&s, &job("oil", 7, 0), &mode, &r, &mut io::sink()).unwrap();
        assert_eq!(
            r.lines.lock().unwrap().len(),
            7,
            "7 lines, whatever the articles"
        );
        let unbounded = Recorder::default();
        run_job(
            &s,
            &job("oil", usize::MAX, 0),
            &mode,
            &unbounded,
            &mut io::sink(),
        )
        .unwrap();
        // Article i has i + 1 adjacent "oil"s (one joined span) plus "oil markets".
        assert_eq!(unbounded.lines.lock().unwrap().len(), 10);
    }
}
