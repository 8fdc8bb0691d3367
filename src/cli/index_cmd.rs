//! `newsdex index`, and the index building and opening that other commands share
//! (a search on a fresh clone indexes the default corpus first).

use super::common::DEFAULT_CORPUS;
use super::Cli;
use crate::index;
use crate::ingest::FieldMap;
use crate::output::{human, visible};
use crate::pipeline::status::{self, Staleness};
use crate::pipeline::{self, IndexRequest, Progress};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The corpus folder.
    #[arg(default_value = DEFAULT_CORPUS)]
    pub dir: PathBuf,
    /// Build the index from scratch instead of updating it.
    #[arg(long)]
    pub rebuild: bool,
    /// Give articles without an outlet of their own their parent folder's name as outlet
    /// (also `outlet_from_folder = true` in the corpus's newsdex.toml).
    #[arg(long)]
    pub outlet_from_folder: bool,
    /// Read article field FIELD from column COLUMN in JSON, CSV and Markdown files
    /// (repeatable): --field body=story_text --field outlet=site. Also `[fields]` in the
    /// corpus's newsdex.toml. Changing it re-reads nothing already indexed: add --rebuild.
    #[arg(long, value_name = "FIELD=COLUMN")]
    pub field: Vec<String>,
    /// Leave out files and folders matching GLOB (gitignore syntax, relative to the
    /// corpus folder; repeatable): --exclude '*.bak' --exclude drafts/. A
    /// `.newsdexignore` file in any corpus folder does the same, line by line.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read the corpus settings from FILE instead of the corpus's own newsdex.toml (for
    /// a corpus you cannot write to).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Follow symbolic links to files and folders (not followed by default; a file
    /// reached by several links is indexed once).
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Skip a file that takes longer than SECS seconds to read and analyse (checked
    /// between groups of articles), with a reason in the summary.
    #[arg(long, value_name = "SECS", default_value_t = pipeline::FILE_TIME.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub file_time: u64,
    /// Print only problems, not the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The indexing bar: bytes read and analysed (a large file advances it article by
/// article), with throughput and the time left; files and articles in the message.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} indexing {msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

/// Indexes with a progress bar on stderr.
fn build_index(req: &IndexRequest) -> anyhow::Result<pipeline::Summary> {
    let bar = progress_bar();
    let summary = pipeline::run(req, &|p: Progress| {
        bar.set_length(p.bytes_total);
        bar.set_position(p.bytes_done.min(p.bytes_total));
        bar.set_message(format!(
            "{}/{} files, {} articles",
            p.files_done, p.files_total, p.articles
        ));
    });
    bar.finish_and_clear();
    Ok(summary?)
}

pub fn run(cli: &Cli, args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let fields = FieldMap::parse(&args.field).map_err(anyhow::Error::msg)?;
    let summary = build_index(&IndexRequest {
        corpus: args.dir.clone(),
        index: cli.index.clone(),
        rebuild: args.rebuild,
        outlet_from_folder: args.outlet_from_folder.then_some(true),
        fields,
        config: args.config.clone(),
        exclude: args.exclude.clone(),
        follow_links: args.follow,
        file_time: std::time::Duration::from_secs(args.file_time),
    })?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.quiet {
        for (path, reason) in &summary.skipped {
            eprintln!("skipped {}: {}", visible::line(path), visible::line(reason));
        }
        for p in &summary.problems {
            eprintln!("skipped {}", visible::line(p));
        }
    } else {
        human::write_index_summary(&mut out, &summary, &cli.index.display().to_string())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Opens the index, first building it from the default corpus when there is none.
pub fn open_or_build(cli: &Cli, corpus: &Path) -> anyhow::Result<index::NewsIndex> {
    if !index::exists(&cli.index) && !cli.index.exists() {
        if !corpus.is_dir() {
            anyhow::bail!(
                "no index at {} and no folder {} to build one from: run `newsdex index CORPUS_DIR` first",
                cli.index.display(),
                corpus.display()
            );
        }
        eprintln!(
            "newsdex: no index at {} yet; indexing {} first (`newsdex index {}` does this on its own)",
            cli.index.display(),
            corpus.display(),
            corpus.display()
        );
        let summary = build_index(&IndexRequest::new(corpus, &cli.index))?;
        eprintln!(
            "newsdex: indexed {} articles ({} passages) from {} files in {:.2}s; {} skipped",
            summary.total_articles,
            summary.total_passages,
            summary.files_seen,
            summary.seconds,
            summary.skipped.len()
        );
    }
    let ni = index::open(&cli.index)?;
    start_stale_check(&ni);
    Ok(ni)
}

/// How long the staleness check beside a command may look at the corpus.
const STALE_CHECK_BUDGET: Duration = Duration::from_millis(5);
/// How long a finished command waits for the check.
const STALE_CHECK_GRACE: Duration = Duration::from_millis(1);

/// The staleness check running beside the command, if one was started.
static STALE_CHECK: Mutex<Option<(mpsc::Receiver<Staleness>, Instant, PathBuf)>> = Mutex::new(None);

/// Starts the quick staleness check on its own thread; `report_stale` says what it found.
fn start_stale_check(ni: &index::NewsIndex) {
    let (tx, rx) = mpsc::channel();
    let manifest = ni.manifest.clone();
    let index_path = ni.path.clone();
    let root = manifest.corpus_root.clone();
    std::thread::spawn(move || {
        let _ = tx.send(status::quick_check(
            &manifest,
            &index_path,
            STALE_CHECK_BUDGET,
        ));
    });
    if let Ok(mut slot) = STALE_CHECK.lock() {
        *slot = Some((rx, Instant::now() + STALE_CHECK_BUDGET, root));
    }
}

/// Says on stderr when the staleness check found corpus files changed after the index
/// was built.
pub fn report_stale() {
    let Some((rx, deadline, root)) = STALE_CHECK.lock().ok().and_then(|mut s| s.take()) else {
        return;
    };
    // The command is done: wait for the check no longer than a millisecond (and never
    // past its own budget), so that it adds nothing that grows with the corpus.
    let wait = deadline
        .saturating_duration_since(Instant::now())
        .min(STALE_CHECK_GRACE);
    if let Ok(Staleness::Changed(path)) = rx.recv_timeout(wait) {
        let root = root.display().to_string();
        let root = visible::line(&root);
        eprintln!(
            "newsdex: note: {} in {root} changed since the index was built: run `newsdex index {root}` to update it (`newsdex status` lists every change)",
            visible::line(&path),
        );
    }
}
