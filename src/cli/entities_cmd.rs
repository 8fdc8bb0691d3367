//! `newsdex entities`: the most frequent entities in the articles matching a query.

use super::common::{
    bounded, found_exit, parse_entity_type, parse_query_words, FilterArgs, FormatArgs,
    DEFAULT_CORPUS,
};
use super::index_cmd::open_or_build;
use super::Cli;
use crate::model::EntityType;
use crate::output::entities::EntitiesPrinter;
use crate::output::{Format, QueryRef, Sink};
use crate::search::entities::EntitiesRequest;
use crate::search::Searcher;
use anyhow::Context;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// The query selecting articles (same syntax as search); none means all articles.
    #[arg(num_args = 0..)]
    pub query: Vec<String>,
    /// Only entities of this type: PER, ORG, LOC or MISC.
    #[arg(long = "type", short = 't', value_parser = parse_entity_type)]
    pub kind: Option<EntityType>,
    /// Entities to show, 1 to 100,000.
    #[arg(short = 'n', long, default_value_t = 20, value_parser = bounded(1, 100_000))]
    pub limit: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: FormatArgs,
    /// The corpus to index first when there is no index yet.
    #[arg(long, default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub remote: super::push_cmd::RemoteArgs,
}

pub fn run(cli: &Cli, args: &EntitiesArgs) -> anyhow::Result<ExitCode> {
    let query = parse_query_words(&args.query)?;
    let req = EntitiesRequest {
        query: query.as_ref().map(|q| q.node.clone()),
        filters: args.filter.filters(),
        kind: args.kind,
        limit: args.limit,
    };
    let result = match super::push_cmd::entities_remote(&args.remote, &req)? {
        Some(result) => result,
        None => Searcher::new(open_or_build(cli, &args.corpus)?)?.top_entities(&req)?,
    };
    let format = args.output.format();
    let printer = EntitiesPrinter {
        format,
        color: format == Format::Human && cli.color.enabled(),
    };
    let text = query.as_ref().map_or("", |q| q.text.as_str());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    printer
        .entities(&mut out, QueryRef { id: None, text }, &result)
        .context("writing output")?;
    out.flush().context("writing output")?;
    Ok(found_exit(!result.entities.is_empty()))
}
