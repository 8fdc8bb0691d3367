//! `newsdex search`: parse, search, highlight, print; one query, or a batch of them
//! (`--queries`, in `batch`) over one opened index. Every query runs through `run_job`.

use super::index_cmd::open_or_build;
use super::{Cli, SearchArgs};
use crate::highlight::highlight;
use crate::output::fields::HitField;
use crate::output::hits::{Format, HitPrinter};
use crate::output::kwic::{kwic_lines, KwicPrinter};
use crate::search::articles::{count_articles, matching_articles, SortOrder};
use crate::search::compile::Filters;
use crate::search::{Hit, SearchError, Searcher};
use anyhow::Context;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// One query to run, with its own filters and paging.
#[derive(Debug, Clone)]
pub struct Job {
    /// The batch id (`None` for a single query).
    pub id: Option<String>,
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
}

/// How every query of a run is answered.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// Print only the number of matching articles.
    pub count: bool,
    /// Every matching article instead of the top `limit`.
    pub all: bool,
    pub sort: SortOrder,
    /// Passages per article.
    pub passages: usize,
    /// KWIC lines instead of passages; then `limit` caps lines, not articles.
    pub kwic: bool,
}

/// Where the answers go.
pub enum Printer {
    Hits(HitPrinter),
    Kwic(KwicPrinter),
}

impl Printer {
    pub fn header(&self, out: &mut dyn Write, mode: &Mode, batch: bool) -> io::Result<()> {
        match self {
            Printer::Hits(p) if mode.count => p.count_header(out, batch),
            Printer::Hits(p) => p.header(out),
            Printer::Kwic(p) => p.header(out),
        }
    }

    pub fn format(&self) -> Format {
        match self {
            Printer::Hits(p) => p.format,
            Printer::Kwic(p) => p.format,
        }
    }

    pub fn error(&self, out: &mut dyn Write, id: &str, query: &str, msg: &str) -> io::Result<()> {
        match self {
            Printer::Hits(p) => p.error(out, id, query, msg),
            Printer::Kwic(p) => {
                HitPrinter::new(p.format, &[], true, false).error(out, id, query, msg)
            }
        }
    }
}

/// Why one query failed: its own fault (reported, the batch goes on) or the output's.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("writing output: {0}")]
    Io(#[from] io::Error),
}

/// Highlights and prints the hits of one article.
fn print_article(
    out: &mut dyn Write,
    printer: &Printer,
    job: &Job,
    node: &crate::search::query::Node,
    mut hits: Vec<Hit>,
    lines_left: &mut usize,
) -> io::Result<()> {
    for hit in &mut hits {
        hit.highlights = highlight(node, &hit.text);
    }
    match printer {
        Printer::Hits(p) => p.hits(out, job.id.as_deref(), &job.query, &hits),
        Printer::Kwic(p) => {
            hits.sort_by_key(|h| h.passage);
            for hit in &hits {
                let mut lines = kwic_lines(hit, p.width);
                lines.truncate(*lines_left);
                *lines_left -= lines.len();
                p.lines(out, job.id.as_deref(), &job.query, &lines)?;
            }
            Ok(())
        }
    }
}

/// Runs one query and prints its answer; returns the number of articles found
/// (printed, or counted with `--count`).
pub fn run_job(
    searcher: &Searcher,
    job: &Job,
    mode: &Mode,
    printer: &Printer,
    out: &mut dyn Write,
) -> Result<usize, JobError> {
    let (node, q) = searcher.prepare(&job.query, &job.filters)?;
    if mode.count {
        let n = count_articles(&searcher.searcher(), q.as_ref())?;
        if let Printer::Hits(p) = printer {
            p.count(out, job.id.as_deref(), &job.query, n)?;
        }
        return Ok(n);
    }
    let mut lines_left = if mode.kwic && !mode.all {
        job.limit
    } else {
        usize::MAX
    };
    if !mode.all && !mode.kwic && mode.sort == SortOrder::Score {
        // The ranked path: top passages, widened until enough articles are covered.
        let hits = searcher.top_hits(q.as_ref(), job.offset + job.limit, mode.passages)?;
        let mut articles = 0;
        let mut group: Vec<Hit> = Vec::new();
        for hit in hits.into_iter().filter(|h| h.rank > job.offset) {
            if group.first().is_some_and(|g| g.rank != hit.rank) {
                print_article(
                    out,
                    printer,
                    job,
                    &node,
                    std::mem::take(&mut group),
                    &mut lines_left,
                )?;
                articles += 1;
            }
            group.push(hit);
        }
        if !group.is_empty() {
            print_article(out, printer, job, &node, group, &mut lines_left)?;
            articles += 1;
        }
        return Ok(articles);
    }
    // Every matching article (addresses only), sorted, then read and printed one by one.
    let tv = searcher.searcher();
    let per_article = if mode.kwic { usize::MAX } else { mode.passages };
    let matches = matching_articles(&tv, q.as_ref(), per_article, mode.sort)?;
    let take = if mode.all || mode.kwic {
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
            hits.push(searcher.hit(&tv, i + 1, score, addr)?);
        }
        print_article(out, printer, job, &node, hits, &mut lines_left)?;
        articles += 1;
    }
    Ok(articles)
}

/// The output format: `--json` is `--format json`.
pub fn format_of(json: bool, format: Format) -> Format {
    if json {
        Format::Json
    } else {
        format
    }
}

fn mode_of(args: &SearchArgs) -> Mode {
    Mode {
        count: args.count,
        all: args.all,
        sort: args.sort,
        passages: args.passages,
        kwic: args.kwic,
    }
}

fn printer_of(cli: &Cli, args: &SearchArgs, batch: bool) -> Printer {
    let format = format_of(args.json, args.format);
    let color = format == Format::Human && cli.color.enabled();
    if args.kwic {
        Printer::Kwic(KwicPrinter {
            format,
            width: args.width,
            color,
        })
    } else {
        let fields: &[HitField] = &args.fields;
        Printer::Hits(HitPrinter::new(format, fields, batch, color))
    }
}

/// Runs one job and prints its results to stdout; returns how many it found.
pub(super) fn print_job(
    searcher: &Searcher,
    job: &Job,
    mode: &Mode,
    printer: &Printer,
) -> anyhow::Result<usize> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    printer
        .header(&mut out, mode, false)
        .context("writing output")?;
    let found = match run_job(searcher, job, mode, printer, &mut out) {
        Ok(n) => n,
        Err(JobError::Search(e)) => return Err(e.into()),
        Err(JobError::Io(e)) => return Err(anyhow::Error::new(e).context("writing output")),
    };
    out.flush().context("writing output")?;
    Ok(found)
}

pub fn run(cli: &Cli, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    if let Some(file) = &args.queries {
        return super::batch::run(cli, args, file, mode_of(args), printer_of(cli, args, true));
    }
    let query = args.query.join(" ");
    // Parse before touching the index, so a bad query fails fast and alone.
    crate::search::query::parse(&query).map_err(SearchError::Query)?;
    let ni = open_or_build(cli, &args.corpus)?;
    let searcher = Searcher::new(ni)?;
    let job = Job {
        id: None,
        query: query.clone(),
        filters: args.filter.filters(),
        limit: args.limit,
        offset: args.offset,
    };
    let mode = mode_of(args);
    let printer = printer_of(cli, args, false);
    let found = print_job(&searcher, &job, &mode, &printer)?;
    if found == 0 && printer.format() == Format::Human && !mode.count && io::stderr().is_terminal()
    {
        eprintln!("no matches for {query}");
    }
    Ok(if found == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
