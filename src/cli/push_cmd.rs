//! `newsdex push URL` (the index sent to a cluster, or a Quickwit index config written)
//! and the `--remote URL` flags with which `newsdex search` asks that cluster instead of
//! the local index (`kwic`, `stats` and `entities --remote` too).

use super::common::{batch_exit, found_exit, read_query_file, StderrObserver};
use super::search_cmd::SearchArgs;
use super::Cli;
use crate::index;
use crate::output::visible;
use crate::remote::client::Client;
use crate::remote::mapping::quickwit_config;
use crate::remote::push::{push, PushOptions, PushProgress, PushSummary};
use crate::remote::{search as remote_search, Target, DEFAULT_INDEX};
use crate::search::batch::Defaults;
use crate::search::job::Job;
use crate::search::query::ParsedQuery;
use crate::search::{SearchError, Searcher};
use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The cluster: http(s)://HOST:9200 (OpenSearch, Elasticsearch) or
    /// http://HOST:7280/api/v1/_elastic (Quickwit). Credentials come from
    /// NEWSDEX_REMOTE_API_KEY, or NEWSDEX_REMOTE_USER and NEWSDEX_REMOTE_PASSWORD.
    #[arg(required_unless_present = "quickwit_config")]
    pub url: Option<String>,
    /// The index on the cluster.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_INDEX)]
    pub remote_index: String,
    /// Write the Quickwit index config (YAML) for --remote-index to FILE (`-`: stdout);
    /// with a URL, push afterwards.
    #[arg(long, value_name = "FILE")]
    pub quickwit_config: Option<PathBuf>,
    /// Build every request and print its size; send nothing, change no state.
    #[arg(long)]
    pub dry_run: bool,
    /// Send every article, even those the state file says the cluster has.
    #[arg(long)]
    pub full: bool,
    /// Articles per _bulk request.
    #[arg(long, default_value_t = 500, value_parser = super::common::bounded(1, 10_000))]
    pub batch_size: usize,
    /// Tries per article before it is reported as failed (back-off doubles from 250 ms).
    #[arg(long, default_value_t = 5, value_parser = super::common::bounded(1, 20))]
    pub attempts: usize,
    /// Stop after N batches (tests resuming an interrupted push).
    #[arg(long, hide = true, value_name = "N")]
    pub max_batches: Option<usize>,
    /// Print only failures, not the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The flags that send `newsdex search` to a cluster.
#[derive(Debug, Args, Clone, Default)]
pub struct RemoteArgs {
    /// Search the cluster at URL (filled by `newsdex push URL`) instead of the local
    /// index; same query language, same output.
    #[arg(long, value_name = "URL")]
    pub remote: Option<String>,
    /// The index on the cluster, with --remote.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_INDEX, requires = "remote")]
    pub remote_index: String,
    /// The remote index's result window (its index.max_result_window): --all, kwic and
    /// pages beyond it are read page by page with search_after.
    #[arg(long, value_name = "N", default_value_t = remote_search::MAX_WINDOW, requires = "remote",
          value_parser = super::common::bounded(1, 1 << 31))]
    pub remote_window: usize,
}

impl RemoteArgs {
    /// The cluster and its client, when --remote is given.
    fn open(&self) -> anyhow::Result<Option<(Client, Target)>> {
        let Some(url) = &self.remote else {
            return Ok(None);
        };
        let target = Target::new(url, &self.remote_index)?;
        Ok(Some((Client::new(&target.url)?, target)))
    }
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} pushing {msg} [{bar:30}] {pos}/{len} articles eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn write_summary(out: &mut dyn Write, s: &PushSummary, from: &str, to: &str) -> io::Result<()> {
    writeln!(
        out,
        "pushed {} to {}: {} articles, {} sent ({} new, {} updated), {} unchanged, {} deleted, {} failed; {} batches ({:.1} MB, {} retries) in {:.2}s",
        visible::line(from),
        visible::line(to),
        s.articles,
        s.sent(),
        s.created,
        s.updated,
        s.unchanged,
        s.deleted,
        s.failed.len(),
        s.batches,
        s.bytes as f64 / 1e6,
        s.retries,
        s.seconds
    )?;
    if s.created_index {
        writeln!(out, "created the remote index with newsdex's mapping")?;
    }
    if s.stopped {
        writeln!(
            out,
            "stopped after {} batches: run the same command again to go on",
            s.batches
        )?;
    }
    writeln!(
        out,
        "push state: {}",
        visible::line(&s.state_file.display().to_string())
    )
}

fn write_dry_run(out: &mut dyn Write, s: &PushSummary, from: &str, to: &str) -> io::Result<()> {
    writeln!(
        out,
        "dry run, nothing sent: {} to {}: {} articles, {} would be sent, {} unchanged, {} would be deleted; {} _bulk requests, {} bytes in all",
        visible::line(from),
        visible::line(to),
        s.articles,
        s.would_send,
        s.unchanged,
        s.would_delete,
        s.batches,
        s.bytes
    )
}

fn write_quickwit_config(file: &PathBuf, index: &str) -> anyhow::Result<()> {
    let yaml = quickwit_config(index);
    if file.as_os_str() == "-" {
        io::stdout()
            .write_all(yaml.as_bytes())
            .context("writing output")?;
    } else {
        std::fs::write(file, yaml).with_context(|| format!("cannot write {}", file.display()))?;
        eprintln!(
            "newsdex: wrote {}: create the index with `quickwit index create --index-config {}`",
            file.display(),
            file.display()
        );
    }
    Ok(())
}

pub fn run(cli: &Cli, args: &PushArgs) -> anyhow::Result<ExitCode> {
    if let Some(file) = &args.quickwit_config {
        crate::remote::check_index_name(&args.remote_index)?;
        write_quickwit_config(file, &args.remote_index)?;
    }
    let Some(url) = &args.url else {
        return Ok(ExitCode::SUCCESS);
    };
    let target = Target::new(url, &args.remote_index)?;
    let searcher = Searcher::new(index::open(&cli.index)?)?;
    let opts = PushOptions {
        batch_docs: args.batch_size,
        attempts: args.attempts as u32,
        dry_run: args.dry_run,
        max_batches: args.max_batches,
        full: args.full,
        ..Default::default()
    };
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        progress_bar()
    };
    let summary = push(&searcher, &target, &opts, &|p: PushProgress| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        bar.set_message(format!("{} sent", p.sent));
    });
    bar.finish_and_clear();
    let summary = summary?;
    for f in &summary.failed {
        eprintln!(
            "newsdex: article {} was not pushed: {}",
            f.article_id,
            visible::line(&f.reason)
        );
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let to = format!("{}/{}", target.url, target.index);
    if !args.quiet {
        let from = cli.index.display().to_string();
        if args.dry_run {
            write_dry_run(&mut out, &summary, &from, &to)?;
        } else {
            write_summary(&mut out, &summary, &from, &to)?;
        }
    }
    out.flush()?;
    if !summary.failed.is_empty() {
        anyhow::bail!(
            "{} articles were not pushed (reasons above): fix the cause and run `newsdex push` again, it sends only what the cluster lacks",
            summary.failed.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `newsdex stats --remote URL`: the counts from the cluster's aggregations.
pub fn stats_remote(
    url: &str,
    index: &str,
    req: &crate::search::stats::StatsRequest,
) -> anyhow::Result<crate::search::stats::StatsTable> {
    let target = Target::new(url, index)?;
    let client = Client::new(&target.url)?;
    Ok(crate::remote::stats::stats(&client, &target, req)?)
}

/// `newsdex search --remote URL`: the query (or query file) answered by the cluster.
pub fn search_remote(cli: &Cli, args: &SearchArgs, url: &str) -> anyhow::Result<ExitCode> {
    let target = Target::new(url, &args.remote.remote_index)?;
    let client = Client::new(&target.url)?;
    let mode = args.mode();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if let Some(file) = &args.queries {
        let defaults = Defaults {
            filters: args.filter.filters(),
            limit: args.limit,
            offset: args.offset,
        };
        let lines = read_query_file(file, &defaults)?;
        let sink = args.sink(cli, true);
        let mut observer = StderrObserver::new(lines.len(), args.timings.as_ref())?;
        let cluster = remote_search::Cluster {
            client: &client,
            target: &target,
            window: args.remote.remote_window,
        };
        let outcome = remote_search::run_batch(
            &cluster,
            &lines,
            &mode,
            sink.as_ref(),
            &mut out,
            &mut observer,
        )?;
        observer.finish()?;
        out.flush().context("writing output")?;
        return Ok(batch_exit(outcome, lines.len()));
    }
    let query = ParsedQuery::parse(&args.query.join(" ")).map_err(SearchError::Query)?;
    let job = Job {
        id: None,
        query,
        filters: args.filter.filters(),
        limit: args.limit,
        offset: args.offset,
    };
    let sink = args.sink(cli, false);
    let cluster = remote_search::Cluster {
        client: &client,
        target: &target,
        window: args.remote.remote_window,
    };
    sink.begin(&mut out).context("writing output")?;
    let found = remote_search::run_job(&cluster, &job, &mode, sink.as_ref(), &mut out)?;
    out.flush().context("writing output")?;
    Ok(found_exit(found > 0))
}

/// `newsdex kwic --remote URL`: the lines of the cluster's hits, cut by newsdex's own
/// highlighter; `None` when --remote is not given.
pub fn kwic_remote(
    remote: &RemoteArgs,
    job: &Job,
    mode: &crate::search::job::Mode,
    sink: &dyn crate::output::Sink,
) -> anyhow::Result<Option<usize>> {
    let Some((client, target)) = remote.open()? else {
        return Ok(None);
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    sink.begin(&mut out).context("writing output")?;
    let cluster = remote_search::Cluster {
        client: &client,
        target: &target,
        window: remote.remote_window,
    };
    let found = remote_search::run_job(&cluster, job, mode, sink, &mut out)?;
    out.flush().context("writing output")?;
    Ok(Some(found))
}

/// `newsdex entities --remote URL`: entity counts from the cluster's aggregations;
/// `None` when --remote is not given.
pub fn entities_remote(
    remote: &RemoteArgs,
    req: &crate::search::entities::EntitiesRequest,
) -> anyhow::Result<Option<crate::search::entities::EntitiesResult>> {
    let Some((client, target)) = remote.open()? else {
        return Ok(None);
    };
    Ok(Some(crate::remote::entities::entities(
        &client, &target, req,
    )?))
}
