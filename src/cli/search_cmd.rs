//! `newsdex search`: flags to a job (or a query file), the search worker, the exit code.

use super::common::{
    batch_exit, bounded, choice, found_exit, pool, read_query_file, FilterArgs, FormatArgs,
    StderrObserver, DEFAULT_CORPUS,
};
use super::index_cmd::open_or_build;
use super::Cli;
use crate::output::fields::HitField;
use crate::output::hits::HitPrinter;
use crate::output::kwic::KwicPrinter;
use crate::output::{visible, Format, Sink};
use crate::search::articles::SortOrder;
use crate::search::batch::{run_batch, Defaults};
use crate::search::job::{
    run_job, Job, JobError, Mode, MAX_LIMIT, MAX_OFFSET, MAX_PASSAGES, MAX_WIDTH,
};
use crate::search::query::ParsedQuery;
use crate::search::{SearchError, Searcher};
use anyhow::Context;
use clap::Args;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query; several words are joined into one query.
    #[arg(required_unless_present = "queries", num_args = 1..)]
    pub query: Vec<String>,
    /// Run many queries from FILE (`-`: stdin): one query per line, or JSON Lines
    /// objects {"id","query","outlet","entity","entity_type","since","until","lang","limit","offset"}.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub queries: Option<PathBuf>,
    /// Results to show, 1 to 100,000 (`--all` streams every one).
    #[arg(short = 'n', long, default_value_t = 10, value_parser = bounded(1, MAX_LIMIT as u64))]
    pub limit: usize,
    /// Passages to show per result, 1 to 1,000.
    #[arg(long, default_value_t = 1, value_parser = bounded(1, MAX_PASSAGES as u64))]
    pub passages: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: FormatArgs,
    /// Columns of json/csv/tsv output, comma-separated (default: all).
    #[arg(long, value_parser = choice::<HitField>(), value_delimiter = ',')]
    pub fields: Vec<HitField>,
    /// Print only the number of matching articles.
    #[arg(long, conflicts_with_all = ["all", "kwic"])]
    pub count: bool,
    /// Every matching article, streamed, instead of the top --limit.
    #[arg(long)]
    pub all: bool,
    /// Article order: score (best first), date (oldest first) or -date (newest first).
    #[arg(long, value_parser = choice::<SortOrder>(), default_value = "score", allow_hyphen_values = true)]
    pub sort: SortOrder,
    /// Show every copy of a story as a result of its own, instead of the best-ranked
    /// copy with "+N similar" (copies: articles whose texts mostly agree).
    #[arg(long)]
    pub copies: bool,
    /// Skip this many articles first (paging: --offset 10 --limit 10 is page 2).
    #[arg(long, default_value_t = 0, value_parser = bounded(0, MAX_OFFSET as u64))]
    pub offset: usize,
    /// Print keyword-in-context lines instead of passages (as `newsdex kwic`).
    #[arg(long)]
    pub kwic: bool,
    /// Characters of context on each side of the match, with --kwic.
    #[arg(long, default_value_t = 40, requires = "kwic", value_parser = bounded(1, MAX_WIDTH as u64))]
    pub width: usize,
    /// Threads for a batch (default: all cores).
    #[arg(long, short = 'j', value_parser = bounded(1, 256))]
    pub threads: Option<usize>,
    /// Write each batch query's id and run time in microseconds to FILE (for benchmarks).
    #[arg(long, hide = true, value_name = "FILE")]
    pub timings: Option<PathBuf>,
    /// The corpus to index first when there is no index yet.
    #[arg(long, default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub remote: super::push_cmd::RemoteArgs,
}

impl SearchArgs {
    pub(super) fn mode(&self) -> Mode {
        Mode {
            count: self.count,
            all: self.all,
            sort: self.sort,
            passages: self.passages,
            kwic: self.kwic.then_some(self.width),
            collapse: !self.copies,
            canonical_entities: self.fields.contains(&HitField::Entities),
        }
    }

    pub(super) fn sink(&self, cli: &Cli, batch: bool) -> Box<dyn Sink> {
        let format = self.output.format();
        let color = format == Format::Human && cli.color.enabled();
        if self.kwic {
            Box::new(KwicPrinter {
                format,
                width: self.width,
                color,
            })
        } else {
            let printer = HitPrinter::new(format, &self.fields, batch, color);
            Box::new(if self.count {
                printer.counting()
            } else {
                printer
            })
        }
    }
}

/// Runs one job, its answer printed to stdout; returns how many articles it found.
pub(super) fn print_job(
    searcher: &Searcher,
    job: &Job,
    mode: &Mode,
    sink: &dyn Sink,
) -> anyhow::Result<usize> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    sink.begin(&mut out).context("writing output")?;
    let found = match run_job(searcher, job, mode, sink, &mut out) {
        Ok(n) => n,
        Err(JobError::Search(e)) => return Err(e.into()),
        Err(JobError::Io(e)) => return Err(anyhow::Error::new(e).context("writing output")),
    };
    out.flush().context("writing output")?;
    Ok(found)
}

/// `search --queries FILE`: every query of the file over one opened index.
fn run_queries(cli: &Cli, args: &SearchArgs, file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let defaults = Defaults {
        filters: args.filter.filters(),
        limit: args.limit,
        offset: args.offset,
    };
    let lines = read_query_file(file, &defaults)?;
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let workers = pool(args.threads)?;
    let mode = args.mode();
    let sink = args.sink(cli, true);
    let mut observer = StderrObserver::new(lines.len(), args.timings.as_ref())?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = run_batch(
        &lines,
        &workers,
        sink.as_ref(),
        &mut out,
        &mut observer,
        |job, buf| run_job(&searcher, job, &mode, sink.as_ref(), buf),
    )
    .context("writing output")?;
    observer.finish()?;
    out.flush().context("writing output")?;
    Ok(batch_exit(outcome, lines.len()))
}

pub fn run(cli: &Cli, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    if let Some(url) = &args.remote.remote {
        return super::push_cmd::search_remote(cli, args, url);
    }
    if let Some(file) = &args.queries {
        return run_queries(cli, args, file);
    }
    let query = ParsedQuery::parse(&args.query.join(" ")).map_err(SearchError::Query)?;
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let job = Job {
        id: None,
        query,
        filters: args.filter.filters(),
        limit: args.limit,
        offset: args.offset,
    };
    let mode = args.mode();
    let found = print_job(&searcher, &job, &mode, args.sink(cli, false).as_ref())?;
    if found == 0
        && args.output.format() == Format::Human
        && !mode.count
        && io::stderr().is_terminal()
    {
        eprintln!("no matches for {}", visible::line(&job.query.text));
    }
    Ok(found_exit(found > 0))
}
