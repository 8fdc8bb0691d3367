//! The search worker: one query (`Job`) answered in one `Mode`, each article's
//! highlighted passages (or KWIC lines, or the count) pushed into an `output::Sink`.
//! The ranked path reads only the top passages; `--all`, date order and KWIC walk every
//! matching article by address and read each one's passages as it is printed.

use crate::highlight::highlight;
use crate::output::{QueryRef, Sink};
use crate::search::articles::{count_articles, matching_articles, SortOrder};
use crate::search::compile::Filters;
use crate::search::kwic::kwic_lines;
use crate::search::query::ParsedQuery;
use crate::search::{Hit, SearchError, Searcher};
use std::io::{self, Write};

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
}

/// Why one query failed: its own fault (reported, a batch goes on) or the output's.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("writing output: {0}")]
    Io(#[from] io::Error),
}

/// Highlights the hits of one article and pushes them (or their KWIC lines, within the
/// line budget) into the sink.
fn push_article(
    out: &mut dyn Write,
    sink: &dyn Sink,
    job: &Job,
    mode: &Mode,
    mut hits: Vec<Hit>,
    lines_left: &mut usize,
) -> io::Result<()> {
    for hit in &mut hits {
        hit.highlights = highlight(&job.query.node, &hit.text);
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
/// found (pushed, or counted in count mode).
pub fn run_job(
    searcher: &Searcher,
    job: &Job,
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
) -> Result<usize, JobError> {
    let q = searcher.prepare(Some(&job.query.node), &job.filters)?;
    if mode.count {
        let n = count_articles(&searcher.snapshot(), q.as_ref())?;
        sink.count(out, job.query_ref(), n)?;
        return Ok(n);
    }
    let mut lines_left = match mode.kwic {
        Some(_) if !mode.all => job.limit,
        _ => usize::MAX,
    };
    if !mode.all && mode.kwic.is_none() && mode.sort == SortOrder::Score {
        // The ranked path: top passages, widened until enough articles are covered.
        let hits = searcher.top_hits(q.as_ref(), job.offset + job.limit, mode.passages)?;
        let mut articles = 0;
        let mut group: Vec<Hit> = Vec::new();
        for hit in hits.into_iter().filter(|h| h.rank > job.offset) {
            if group.first().is_some_and(|g| g.rank != hit.rank) {
                let article = std::mem::take(&mut group);
                push_article(out, sink, job, mode, article, &mut lines_left)?;
                articles += 1;
            }
            group.push(hit);
        }
        if !group.is_empty() {
            push_article(out, sink, job, mode, group, &mut lines_left)?;
            articles += 1;
        }
        return Ok(articles);
    }
    // Every matching article (addresses only), sorted, then read and pushed one by one.
    let snapshot = searcher.snapshot();
    let per_article = if mode.kwic.is_some() {
        usize::MAX
    } else {
        mode.passages
    };
    let matches = matching_articles(&snapshot, q.as_ref(), per_article, mode.sort)?;
    let take = if mode.all || mode.kwic.is_some() {
        usize::MAX
    } else {
        job.limit
    };
    let mut articles = 0;
    for (i, m) in matches.iter().enumerate().skip(job.offset).take(take) {
        if lines_left == 0 {
            break;
        }
        let mut hits = Vec::with_capacity(m.passages.len());
        for &(score, addr) in &m.passages {
            hits.push(searcher.hit(&snapshot, i + 1, score, addr)?);
        }
        push_article(out, sink, job, mode, hits, &mut lines_left)?;
        articles += 1;
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
    /// first passage and has a second passage about "oil markets", and is dated day `i`.
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
                    "{} spilled here.\n\nLater, oil markets calmed.",
                    vec!["oil"; i + 1].join(" ")
                ),
                ..Default::default()
            };
            let article = crate::analyze::analyze(raw);
            let entry = crate::index::manifest::FileEntry {
                size: 1,
                mtime_ns: 1,
                hash: format!("{i}"),
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
