//! `newsdex kwic`: keyword-in-context lines for every occurrence of the query's matches.

use super::index_cmd::open_or_build;
use super::search_cmd::{format_of, run_job, Job, JobError, Mode, Printer};
use super::{Cli, KwicArgs};
use crate::output::hits::Format;
use crate::output::kwic::KwicPrinter;
use crate::search::Searcher;
use anyhow::Context;
use std::io::{self, Write};
use std::process::ExitCode;

pub fn run(cli: &Cli, args: &KwicArgs) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    crate::search::query::parse(&query).map_err(|e| anyhow::anyhow!("bad query: {e}"))?;
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let format = format_of(args.json, args.format);
    let printer = Printer::Kwic(KwicPrinter {
        format,
        width: args.width,
        color: format == Format::Human && cli.color.enabled(),
    });
    let mode = Mode {
        count: false,
        all: false,
        sort: args.sort,
        passages: 1,
        kwic: true,
    };
    let job = Job {
        id: None,
        query,
        filters: args.filters.filters(),
        limit: args.limit.unwrap_or(usize::MAX),
        offset: 0,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    printer
        .header(&mut out, &mode, false)
        .context("writing output")?;
    let found = match run_job(&searcher, &job, &mode, &printer, &mut out) {
        Ok(n) => n,
        Err(JobError::Search(e)) => return Err(e.into()),
        Err(JobError::Io(e)) => return Err(anyhow::Error::new(e).context("writing output")),
    };
    out.flush().context("writing output")?;
    Ok(if found == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
