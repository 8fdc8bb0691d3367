//! `newsdex info`: what the index holds and what it was built with.

use super::{Cli, InfoArgs};
use crate::index;
use crate::output::show;
use crate::search::lookup::info;
use crate::search::Searcher;
use anyhow::Context;
use std::io::{self, Write};
use std::process::ExitCode;

pub fn run(cli: &Cli, args: &InfoArgs) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::new(index::open(&cli.index)?)?;
    let i = info(&searcher)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.json {
        show::write_info_json(&mut out, &i)
    } else {
        show::write_info(&mut out, &i)
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
