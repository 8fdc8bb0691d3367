//! `newsdex info`: what the index holds and what it was built with.

use super::common::FormatArgs;
use super::Cli;
use crate::index;
use crate::output::{show, Format};
use crate::search::lookup::info;
use crate::search::Searcher;
use anyhow::Context;
use clap::Args;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct InfoArgs {
    #[command(flatten)]
    pub output: FormatArgs,
}

pub fn run(cli: &Cli, args: &InfoArgs) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::new(index::open(&cli.index)?)?;
    let i = info(&searcher)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let format = args.output.format();
    match format.csv_style() {
        Some(style) => show::write_info_csv(&mut out, style, &i),
        None if format == Format::Json => show::write_info_json(&mut out, &i),
        None => show::write_info(&mut out, &i),
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
