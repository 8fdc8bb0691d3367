//! `newsdex cites`: the citation network (outlet → cited source, with the number of
//! citing articles) of the articles matching a query, as a table, CSV/TSV, JSON Lines, or
//! a GEXF or GraphML graph for Gephi.

use super::common::{found_exit, parse_query_words, FilterArgs, FormatArgs, DEFAULT_CORPUS};
use super::index_cmd::open_or_build;
use super::Cli;
use crate::output::cites;
use crate::output::csv::Style;
use crate::output::Format;
use crate::search::Searcher;
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A graph file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Gexf,
    Graphml,
}

#[derive(Debug, Args)]
pub struct CitesArgs {
    /// The query selecting articles (same syntax as search); none means all articles.
    #[arg(num_args = 0..)]
    pub query: Vec<String>,
    /// Write the network as a graph (gexf or graphml) instead of a table.
    #[arg(long, value_enum, conflicts_with_all = ["format", "json"])]
    pub graph: Option<GraphFormat>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: FormatArgs,
    /// The corpus to index first when there is no index yet.
    #[arg(long, default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
}

pub fn run(cli: &Cli, args: &CitesArgs) -> anyhow::Result<ExitCode> {
    let query = parse_query_words(&args.query)?;
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let net = searcher.cite_network(query.as_ref().map(|q| &q.node), &args.filter.filters())?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match (args.graph, args.output.format()) {
        (Some(GraphFormat::Gexf), _) => cites::write_gexf(&mut out, &net),
        (Some(GraphFormat::Graphml), _) => cites::write_graphml(&mut out, &net),
        (None, Format::Human) => cites::write_human(&mut out, &net),
        (None, Format::Json) => cites::write_json(&mut out, &net),
        (None, Format::Csv) => cites::write_csv(&mut out, Style::Csv, &net),
        (None, Format::Tsv) => cites::write_csv(&mut out, Style::Tsv, &net),
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    Ok(found_exit(!net.edges.is_empty()))
}
