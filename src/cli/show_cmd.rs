//! `newsdex show ID`: one article rebuilt from its passages, with metadata and entities.

use super::common::FormatArgs;
use super::Cli;
use crate::index;
use crate::output::{show, Format};
use crate::search::lookup::article;
use crate::search::Searcher;
use anyhow::Context;
use clap::Args;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article id (as search prints it).
    pub id: String,
    #[command(flatten)]
    pub output: FormatArgs,
}

pub fn run(cli: &Cli, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::new(index::open(&cli.index)?)?;
    let Some(a) = article(&searcher, &args.id)? else {
        eprintln!(
            "newsdex: no article with id {} in {}: ids are the 16-hex-digit article_id that search prints",
            args.id,
            cli.index.display()
        );
        return Ok(ExitCode::from(1));
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let format = args.output.format();
    match format.csv_style() {
        Some(style) => show::write_article_csv(&mut out, style, &a),
        None if format == Format::Json => show::write_article_json(&mut out, &a),
        None => show::write_article(&mut out, &a),
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
