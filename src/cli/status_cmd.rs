//! `newsdex status`: every corpus file compared with what the index recorded.

use super::common::FormatArgs;
use super::Cli;
use crate::index;
use crate::output::{show, Format};
use crate::pipeline::status::corpus_changes;
use anyhow::Context;
use clap::Args;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub output: FormatArgs,
}

/// Exit 0 when the index is up to date, 1 when corpus files changed.
pub fn run(cli: &Cli, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let ni = index::open(&cli.index)?;
    let root = ni.manifest.corpus_root.clone();
    let changes = corpus_changes(&ni)
        .with_context(|| format!("reading the file table of {}", ni.path.display()))?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "the corpus folder {} is gone: index another folder with `newsdex index DIR`",
                root.display()
            )
        })?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let format = args.output.format();
    match format.csv_style() {
        Some(style) => show::write_changes_csv(&mut out, style, &changes),
        None if format == Format::Json => show::write_changes_json(&mut out, &root, &changes),
        None => show::write_changes(&mut out, &root, &changes),
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    Ok(if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
