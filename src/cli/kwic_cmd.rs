//! `newsdex kwic`: keyword-in-context lines for every occurrence of the query's matches.

use super::index_cmd::open_or_build;
use super::search_cmd::{format_of, print_job, Job, Mode, Printer};
use super::{Cli, KwicArgs};
use crate::output::hits::Format;
use crate::output::kwic::KwicPrinter;
use crate::search::{SearchError, Searcher};
use std::process::ExitCode;

pub fn run(cli: &Cli, args: &KwicArgs) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    crate::search::query::parse(&query).map_err(SearchError::Query)?;
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
    let found = print_job(&searcher, &job, &mode, &printer)?;
    Ok(if found == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
