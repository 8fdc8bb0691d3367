//! `newsdex kwic`: keyword-in-context lines for every occurrence of the query's matches.

use super::common::{bounded, choice, found_exit, FilterArgs, FormatArgs, DEFAULT_CORPUS};
use super::index_cmd::open_or_build;
use super::search_cmd::print_job;
use super::Cli;
use crate::output::kwic::KwicPrinter;
use crate::output::Format;
use crate::search::articles::SortOrder;
use crate::search::job::{Job, Mode, MAX_WIDTH};
use crate::search::query::ParsedQuery;
use crate::search::{SearchError, Searcher};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct KwicArgs {
    /// The query; several words are joined into one query.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Characters of context on each side of the match, 1 to 1,000.
    #[arg(long, short = 'w', default_value_t = 40, value_parser = bounded(1, MAX_WIDTH as u64))]
    pub width: usize,
    /// Most lines to print (default: every occurrence).
    #[arg(short = 'n', long, value_parser = bounded(1, u32::MAX as u64))]
    pub limit: Option<usize>,
    /// Article order: score (best first), date (oldest first) or -date (newest first).
    #[arg(long, value_parser = choice::<SortOrder>(), default_value = "score", allow_hyphen_values = true)]
    pub sort: SortOrder,
    /// Lines from every copy of a story, not only from its best-ranked copy.
    #[arg(long)]
    pub copies: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub output: FormatArgs,
    /// The corpus to index first when there is no index yet.
    #[arg(long, default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub remote: super::push_cmd::RemoteArgs,
}

pub fn run(cli: &Cli, args: &KwicArgs) -> anyhow::Result<ExitCode> {
    let query = ParsedQuery::parse(&args.query.join(" ")).map_err(SearchError::Query)?;
    let format = args.output.format();
    let printer = KwicPrinter {
        format,
        width: args.width,
        color: format == Format::Human && cli.color.enabled(),
    };
    let mode = Mode {
        count: false,
        all: false,
        sort: args.sort,
        passages: 1,
        kwic: Some(args.width),
        collapse: !args.copies,
        canonical_entities: false,
    };
    let job = Job {
        id: None,
        query,
        filters: args.filters.filters(),
        limit: args.limit.unwrap_or(usize::MAX),
        offset: 0,
    };
    if let Some(found) = super::push_cmd::kwic_remote(&args.remote, &job, &mode, &printer)? {
        return Ok(found_exit(found > 0));
    }
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let found = print_job(&searcher, &job, &mode, &printer)?;
    Ok(found_exit(found > 0))
}
