//! `newsdex stats`: counts of matching articles per bucket, printed as a table, JSON,
//! CSV or TSV, and optionally drawn as a time line chart (SVG or PNG): one query, several
//! (`--query` repeated, or `--queries FILE`), one line per query and per further `--by`
//! value.

use super::common::{
    batch_exit, bounded, choice, found_exit, parse_query_words, pool, read_query_file, FilterArgs,
    StderrObserver, DEFAULT_CORPUS,
};
use super::index_cmd::open_or_build;
use super::Cli;
use crate::output::plot::{self, ChartFormat, Plot, PlotError};
use crate::output::stats::StatsPrinter;
use crate::output::{Format, QueryRef, Sink};
use crate::search::batch::{run_batch, BatchLine, Defaults};
use crate::search::job::Job;
use crate::search::query::ParsedQuery;
use crate::search::stats::{stats, Dim, StatsRequest, StatsTable};
use crate::search::Searcher;
use anyhow::{bail, Context};
use clap::Args;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The query; several words are joined into one query. None: every article.
    pub query: Vec<String>,
    /// One query of several, counted side by side (repeat: `--query oil --query gas`):
    /// one table per query as with --queries (ids 1, 2, ...), one line each in --plot.
    #[arg(long = "query", value_name = "QUERY", conflicts_with_all = ["query", "queries"])]
    pub each: Vec<String>,
    /// Count for many queries from FILE (`-`: stdin), as `search --queries` reads them:
    /// one table per query, each row with its query_id.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub queries: Option<PathBuf>,
    /// Threads for --queries (default: all cores).
    #[arg(long, short = 'j', requires = "queries", value_parser = bounded(1, 256))]
    pub threads: Option<usize>,
    /// What to count by; repeat for a cross table (`--by month --by outlet`).
    #[arg(long, value_parser = choice::<Dim>(), default_value = "month")]
    pub by: Vec<Dim>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Count each story once: of the copies of a story (articles whose texts mostly
    /// agree), only the earliest is counted.
    #[arg(long)]
    pub dedup: bool,
    /// Keep only the N most frequent values of outlet/entity dimensions.
    #[arg(long, value_parser = bounded(1, 1_000_000))]
    pub top: Option<usize>,
    /// Output format: human (the default), json, csv or tsv.
    #[arg(long, value_parser = choice::<Format>())]
    pub format: Option<Format>,
    /// Print one JSON document per table; same as --format json.
    #[arg(long, conflicts_with_all = ["csv", "format"])]
    pub json: bool,
    /// Print CSV: the dimensions, count, and total and share for time buckets; same as
    /// --format csv.
    #[arg(long, conflicts_with = "format")]
    pub csv: bool,
    /// Draw the time line (the first --by must be a time unit) into FILE: SVG or PNG by
    /// its extension; one line per query and per value of a further --by (the 8 largest).
    #[arg(long, value_name = "FILE.svg|FILE.png")]
    pub plot: Option<PathBuf>,
    /// Plot shares (normalised attention, in percent) instead of counts.
    #[arg(long, requires = "plot")]
    pub plot_share: bool,
    /// The corpus to index first when there is no index yet.
    #[arg(long, default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub remote: super::push_cmd::RemoteArgs,
}

impl StatsArgs {
    fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else if self.csv {
            Format::Csv
        } else {
            self.format.unwrap_or(Format::Human)
        }
    }

    fn printer(&self, batch: bool) -> StatsPrinter {
        StatsPrinter {
            format: self.format(),
            by: self.by.iter().map(|d| d.name()).collect(),
            timed: self.by.iter().any(|d| d.is_time()),
            batch,
        }
    }

    /// Refuses a chart that cannot be drawn before any counting: a file that is neither
    /// SVG nor PNG, or a first `--by` that is not time.
    fn check_plot(&self) -> Result<(), PlotError> {
        let Some(path) = &self.plot else {
            return Ok(());
        };
        ChartFormat::of(path)?;
        if !self.by.first().is_some_and(|d| d.is_time()) {
            return Err(PlotError::NotTimeline);
        }
        Ok(())
    }

    /// The time unit of the chart (checked by `check_plot`).
    fn unit(&self) -> Dim {
        self.by.first().copied().unwrap_or(Dim::Month)
    }
}

pub fn run(cli: &Cli, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    if let (Some(_), Some(_)) = (&args.queries, &args.remote.remote) {
        bail!(
            "stats --queries runs on the local index only: count one query at a time with --remote"
        );
    }
    args.check_plot()?;
    if !args.each.is_empty() {
        let lines = query_lines(&args.each, &args.filters.filters());
        return run_queries(cli, args, &lines);
    }
    if let Some(file) = &args.queries {
        let defaults = Defaults {
            filters: args.filters.filters(),
            limit: 0,
            offset: 0,
        };
        let lines = read_query_file(file, &defaults)?;
        return run_queries(cli, args, &lines);
    }
    let query = parse_query_words(&args.query)?;
    let req = StatsRequest {
        query: query.as_ref().map(|q| q.node.clone()),
        filters: args.filters.filters(),
        by: args.by.clone(),
        top: args.top,
        dedup: args.dedup,
    };
    let (table, corpus) = match &args.remote.remote {
        Some(url) => (
            super::push_cmd::stats_remote(url, &args.remote.remote_index, &req)?,
            format!("{} at {url}", args.remote.remote_index),
        ),
        None => {
            let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
            (stats(&searcher, &req)?, corpus_name(&searcher))
        }
    };
    let text = query.as_ref().map_or("", |q| q.text.as_str());
    let printer = args.printer(false);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    printer
        .begin(&mut out)
        .and_then(|_| printer.stats(&mut out, QueryRef { id: None, text }, &table))
        .context("writing output")?;
    out.flush().context("writing output")?;
    if let Some(path) = &args.plot {
        let name = if text.is_empty() {
            "all articles"
        } else {
            text
        };
        draw_chart(
            args,
            path,
            &corpus,
            &[text],
            vec![(name.to_string(), &table)],
        )?;
    }
    Ok(found_exit(table.matching > 0))
}

/// The `--query` values as batch lines (ids 1, 2, ...), with the command line's filters.
fn query_lines(queries: &[String], filters: &crate::search::compile::Filters) -> Vec<BatchLine> {
    queries
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let id = (i + 1).to_string();
            let job = ParsedQuery::parse(text)
                .map(|query| Job {
                    id: Some(id.clone()),
                    query,
                    filters: filters.clone(),
                    limit: 0,
                    offset: 0,
                })
                .map_err(|e| format!("bad query: {e}"));
            BatchLine {
                line: i + 1,
                id,
                query: text.clone(),
                job,
            }
        })
        .collect()
}

/// The corpus's name for a chart title: the last part of the indexed folder's path.
fn corpus_name(searcher: &Searcher) -> String {
    let root = &searcher.index.manifest.corpus_root;
    root.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| root.display().to_string())
}

/// Draws the chart of `tables` (each with its series name) into `path`, and says so.
fn draw_chart(
    args: &StatsArgs,
    path: &Path,
    corpus: &str,
    queries: &[&str],
    tables: Vec<(String, &StatsTable)>,
) -> anyhow::Result<()> {
    let unit = args.unit();
    let chart = Plot {
        title: plot::title(
            queries,
            corpus,
            unit,
            args.plot_share,
            args.by.get(1..).unwrap_or_default(),
        ),
        unit,
        share: args.plot_share,
        tables,
    };
    let drawn = plot::draw(path, &chart)?;
    if drawn.left_out > 0 {
        eprintln!(
            "newsdex: drew the {} largest of {} series into {} (narrow them with --top N or fewer queries)",
            drawn.series,
            drawn.series + drawn.left_out,
            path.display()
        );
    } else {
        eprintln!("newsdex: drew {}", path.display());
    }
    Ok(())
}

/// The name of a query's series in a chart: its own id when the query file gave one,
/// else the query text.
fn series_name(line: &BatchLine) -> String {
    if line.id != line.line.to_string() {
        line.id.clone()
    } else {
        line.query.clone()
    }
}

/// `stats --queries FILE` and `--query` repeated: one table per query, computed on all
/// cores, printed in order; with `--plot`, one chart of them all.
fn run_queries(cli: &Cli, args: &StatsArgs, lines: &[BatchLine]) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let workers = pool(args.threads)?;
    let printer = args.printer(true);
    let mut observer = StderrObserver::new(lines.len(), None)?;
    // The tables kept for the chart, by the address of their job.
    let kept: Mutex<HashMap<usize, StatsTable>> = Mutex::new(HashMap::new());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = run_batch(
        lines,
        &workers,
        &printer,
        &mut out,
        &mut observer,
        |job, buf| {
            let req = StatsRequest {
                query: Some(job.query.node.clone()),
                filters: job.filters.clone(),
                by: args.by.clone(),
                top: args.top,
                dedup: args.dedup,
            };
            let table = stats(&searcher, &req)?;
            printer.stats(buf, job.query_ref(), &table)?;
            let matching = table.matching as usize;
            if args.plot.is_some() {
                let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
                kept.insert(std::ptr::from_ref(job) as usize, table);
            }
            Ok(matching)
        },
    )
    .context("writing output")?;
    observer.finish()?;
    out.flush().context("writing output")?;
    if let Some(path) = &args.plot {
        let kept = kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let drawn: Vec<(&BatchLine, &StatsTable)> = lines
            .iter()
            .filter_map(|l| {
                let job = l.job.as_ref().ok()?;
                Some((l, kept.get(&(std::ptr::from_ref(job) as usize))?))
            })
            .collect();
        let queries: Vec<&str> = drawn.iter().map(|(l, _)| l.query.as_str()).collect();
        let tables = drawn.iter().map(|(l, t)| (series_name(l), *t)).collect();
        draw_chart(args, path, &corpus_name(&searcher), &queries, tables)?;
    }
    Ok(batch_exit(outcome, lines.len()))
}
