//! `newsdex entities`: the most frequent entities in the articles matching a query.

use super::index_cmd::open_or_build;
use super::{Cli, EntitiesArgs};
use crate::output;
use crate::search::entities::EntitiesRequest;
use crate::search::{SearchError, Searcher};
use anyhow::Context;
use std::io::{self, Write};
use std::process::ExitCode;

pub fn run(cli: &Cli, args: &EntitiesArgs) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    if !query.trim().is_empty() {
        // Parse before touching the index, so a bad query fails fast and alone.
        crate::search::query::parse(&query).map_err(SearchError::Query)?;
    }
    let ni = open_or_build(cli, &args.corpus)?;
    let searcher = Searcher::new(ni)?;
    let req = EntitiesRequest {
        query: query.clone(),
        filters: args.filter.filters(),
        kind: args.kind,
        limit: args.limit,
    };
    let result = searcher.top_entities(&req)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.json {
        output::entities::write_json(&mut out, &query, &result).context("writing output")?;
    } else {
        output::entities::write_human(&mut out, &result, cli.color.enabled())
            .context("writing output")?;
    }
    out.flush().context("writing output")?;
    Ok(if result.entities.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
