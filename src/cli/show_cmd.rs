//! `newsdex show ID`: one article rebuilt from its passages, with metadata and entities.

use super::{Cli, ShowArgs};
use crate::index;
use crate::output::show;
use crate::search::lookup::article;
use crate::search::Searcher;
use anyhow::Context;
use std::io::{self, Write};
use std::process::ExitCode;

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
    if args.json {
        show::write_article_json(&mut out, &a)
    } else {
        show::write_article(&mut out, &a)
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
