//! `newsdex search`: parse, search, highlight, print.

use super::index_cmd::open_or_build;
use super::{Cli, SearchArgs};
use crate::highlight::highlight;
use crate::output::{self, human};
use crate::search::compile::Filters;
use crate::search::{SearchError, SearchRequest, Searcher};
use anyhow::Context;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

pub fn run(cli: &Cli, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    // Parse before touching the index, so a bad query fails fast and alone.
    crate::search::query::parse(&query).map_err(SearchError::Query)?;
    let ni = open_or_build(cli, &args.corpus)?;
    let searcher = Searcher::new(ni)?;
    let req = SearchRequest {
        query: query.clone(),
        filters: Filters {
            outlets: args.outlet.clone(),
            entities: args.entity.clone(),
            entity_type: args.entity_type,
            since: args.since.clone(),
            until: args.until.clone(),
            language: args.lang.clone(),
        },
        limit: args.limit,
        passages: args.passages,
    };
    let (node, mut hits) = searcher.search(&req)?;
    for hit in &mut hits {
        hit.highlights = highlight(&node, &hit.text);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.json {
        output::json::write_hits(&mut out, &query, &hits).context("writing output")?;
    } else {
        human::write_hits(&mut out, &hits, cli.color.enabled()).context("writing output")?;
    }
    out.flush().context("writing output")?;
    if hits.is_empty() && !args.json && io::stderr().is_terminal() {
        eprintln!("no matches for {query}");
    }
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
