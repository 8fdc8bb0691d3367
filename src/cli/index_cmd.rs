//! `newsdex index`, and the index building and opening that other commands share
//! (a search on a fresh clone indexes the default corpus first).

use super::{Cli, IndexArgs};
use crate::index::{self, manifest};
use crate::ingest::FieldMap;
use crate::output::human;
use crate::pipeline::{self, IndexRequest};
use crate::walk::{relative_path, walk};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

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
        let m = summary.manifest.as_ref();
        eprintln!(
            "newsdex: indexed {} articles ({} passages) from {} files in {:.2}s; {} skipped",
            m.map_or(0, |m| m.articles()),
            m.map_or(0, |m| m.passages()),
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
fn warn_if_stale(m: &manifest::Manifest) {
    let root = &m.corpus_root;
    if !root.is_dir() {
        return;
    }
    let walked = walk(root, &[]);
    let on_disk: Vec<(String, u64, u64)> = walked
        .files
        .iter()
        .filter_map(|p| {
            manifest::stat(p)
                .ok()
                .map(|(s, t)| (relative_path(root, p), s, t))
        })
        .filter(|(rel, _, _)| !rel.starts_with(".newsdex"))
        .collect();
    let changes = manifest::changes(m, &on_disk);
    if !changes.is_empty() {
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
