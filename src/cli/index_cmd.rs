//! `newsdex index`, and the index building and opening that other commands share
//! (a search on a fresh clone indexes the default corpus first).

use super::common::DEFAULT_CORPUS;
use super::Cli;
use crate::index;
use crate::ingest::FieldMap;
use crate::output::human;
use crate::pipeline::{self, status, IndexRequest};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// Print only problems, not the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} indexing {pos}/{len} files [{bar:30}] {per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

fn build_index(
    corpus: &Path,
    index: &Path,
    rebuild: bool,
    outlet_from_folder: bool,
    fields: FieldMap,
) -> anyhow::Result<pipeline::Summary> {
    let req = IndexRequest {
        corpus: corpus.to_path_buf(),
        index: index.to_path_buf(),
        rebuild,
        outlet_from_folder: outlet_from_folder.then_some(true),
        fields,
    };
    let bar = progress_bar();
    let summary = pipeline::run(&req, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    Ok(summary?)
}

pub fn run(cli: &Cli, args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let fields = FieldMap::parse(&args.field).map_err(anyhow::Error::msg)?;
    let summary = build_index(
        &args.dir,
        &cli.index,
        args.rebuild,
        args.outlet_from_folder,
        fields,
    )?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.quiet {
        for (path, reason) in &summary.skipped {
            eprintln!("skipped {path}: {reason}");
        }
        for p in &summary.problems {
            eprintln!("skipped {p}");
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
        let summary = build_index(corpus, &cli.index, false, false, FieldMap::default())?;
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
    warn_if_stale(&ni.manifest);
    Ok(ni)
}

/// Says on stderr when corpus files changed after the index was built.
fn warn_if_stale(m: &index::manifest::Manifest) {
    let Some(changes) = status::corpus_changes(m) else {
        return;
    };
    if !changes.is_empty() {
        let root = &m.corpus_root;
        let mut names: Vec<&String> = changes
            .added
            .iter()
            .chain(&changes.modified)
            .chain(&changes.removed)
            .collect();
        names.truncate(3);
        eprintln!(
            "newsdex: note: {} file(s) in {} changed since the index was built ({}{}): run `newsdex index {}` to update it",
            changes.len(),
            root.display(),
            names.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            if changes.len() > 3 { ", …" } else { "" },
            root.display()
        );
    }
}
