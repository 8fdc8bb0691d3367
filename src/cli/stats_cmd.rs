//! `newsdex stats`: counts of matching articles per bucket, printed as a table, JSON,
//! CSV or TSV, and optionally drawn as an SVG timeline.

use super::common::{
    batch_exit, bounded, choice, found_exit, parse_query_words, pool, read_query_file, FilterArgs,
    StderrObserver, DEFAULT_CORPUS,
};
use super::index_cmd::open_or_build;
use super::Cli;
use crate::output::stats::{plot_svg, StatsPrinter};
use crate::output::{Format, QueryRef, Sink};
use crate::search::batch::{run_batch, Defaults};
use crate::search::stats::{stats, Dim, StatsRequest};
use crate::search::Searcher;
use anyhow::{bail, Context};
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The query; several words are joined into one query. None: every article.
    pub query: Vec<String>,
    /// Count for many queries from FILE (`-`: stdin), as `search --queries` reads them:
    /// one table per query, each row with its query_id.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["query", "plot"])]
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
    /// Print one JSON document (schema in README); same as --format json.
    #[arg(long, conflicts_with_all = ["csv", "format"])]
    pub json: bool,
    /// Print CSV: the dimensions, count, and total and share for time buckets; same as
    /// --format csv.
    #[arg(long, conflicts_with = "format")]
    pub csv: bool,
    /// Draw the timeline (the first --by must be a time unit) as SVG into FILE.svg.
    #[arg(long, value_name = "FILE.svg")]
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

    fn check_plot(&self) -> anyhow::Result<()> {
        let Some(plot) = &self.plot else {
            return Ok(());
        };
        let ext = plot
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if ext.as_deref() != Some("svg") {
            bail!("--plot {}: only SVG plots are drawn (name the file *.svg); convert with e.g. `rsvg-convert -o plot.png plot.svg`", plot.display());
        }
        if !self.by.first().is_some_and(|d| d.is_time()) {
            bail!("--plot draws a timeline: make the first --by a time unit (year, month, week or day)");
        }
        Ok(())
    }
}

pub fn run(cli: &Cli, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    if let (Some(_), Some(_)) = (&args.queries, &args.remote.remote) {
        bail!(
            "stats --queries runs on the local index only: count one query at a time with --remote"
        );
    }
    if let Some(file) = &args.queries {
        return run_queries(cli, args, file);
    }
    let query = parse_query_words(&args.query)?;
    args.check_plot()?;
    let req = StatsRequest {
        query: query.as_ref().map(|q| q.node.clone()),
        filters: args.filters.filters(),
        by: args.by.clone(),
        top: args.top,
        dedup: args.dedup,
    };
    let table = match &args.remote.remote {
        Some(url) => super::push_cmd::stats_remote(url, &args.remote.remote_index, &req)?,
        None => stats(&Searcher::new(open_or_build(cli, &args.corpus)?)?, &req)?,
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
    if let Some(plot) = &args.plot {
        let title = if text.is_empty() {
            "all articles"
        } else {
            text
        };
        plot_svg(plot, title, &table, args.plot_share).map_err(anyhow::Error::msg)?;
        eprintln!("newsdex: drew {}", plot.display());
    }
    Ok(found_exit(table.matching > 0))
}

/// `stats --queries FILE`: one table per query, computed on all cores, printed in order.
fn run_queries(cli: &Cli, args: &StatsArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let defaults = Defaults {
        filters: args.filters.filters(),
        limit: 0,
        offset: 0,
    };
    let lines = read_query_file(file, &defaults)?;
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let workers = pool(args.threads)?;
    let printer = args.printer(true);
    let mut observer = StderrObserver::new(lines.len(), None)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = run_batch(
        &lines,
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
            Ok(table.matching as usize)
        },
    )
    .context("writing output")?;
    observer.finish()?;
    out.flush().context("writing output")?;
    Ok(batch_exit(outcome, lines.len()))
}
