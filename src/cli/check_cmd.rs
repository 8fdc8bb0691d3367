//! `newsdex check`: verifies an index (checksums, segments, counts, file table) and says
//! how to repair it. Exit 0 when sound, 1 when damaged, 2 when it cannot be checked.

use super::common::FormatArgs;
use super::Cli;
use crate::index;
use crate::index::verify::verify;
use crate::output::{show, Format};
use anyhow::Context;
use clap::Args;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub output: FormatArgs,
}

pub fn run(cli: &Cli, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let ni = index::open(&cli.index)?;
    let v = verify(&ni);
    let repair = format!(
        "newsdex index {} --index {} --rebuild",
        ni.manifest.corpus_root.display(),
        cli.index.display()
    );
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.output.format() {
        Format::Json => show::write_check_json(&mut out, &cli.index, &v, &repair),
        _ => show::write_check(&mut out, &cli.index, &v, &repair),
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    Ok(ExitCode::from(if v.is_sound() { 0 } else { 1 }))
}
