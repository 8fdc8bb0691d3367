//! `newsdex stats`: counts of matching articles per bucket, printed as a table, JSON
//! or CSV, and optionally drawn as an SVG timeline.

use super::index_cmd::open_or_build;
use super::{Cli, StatsArgs};
use crate::output::csv::Style;
use crate::output::stats as printer;
use crate::search::stats::{stats, StatsRequest};
use crate::search::{SearchError, Searcher};
use anyhow::{bail, Context};
use std::io::{self, Write};
use std::process::ExitCode;

pub fn run(cli: &Cli, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    if !query.trim().is_empty() {
        crate::search::query::parse(&query).map_err(SearchError::Query)?;
    }
    if let Some(plot) = &args.plot {
        if plot
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
            != Some("svg")
        {
            bail!("--plot {}: only SVG plots are drawn (name the file *.svg); convert with e.g. `rsvg-convert -o plot.png plot.svg`", plot.display());
        }
        if !args.by.first().is_some_and(|d| d.is_time()) {
            bail!("--plot draws a timeline: make the first --by a time unit (year, month, week or day)");
        }
    }
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let req = StatsRequest {
        query: (!query.trim().is_empty()).then(|| query.clone()),
        filters: args.filters.filters(),
        by: args.by.clone(),
        top: args.top,
    };
    let table = stats(&searcher, &req)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.json {
        printer::write_json(&mut out, &query, &table)
    } else if args.csv {
        printer::write_csv(&mut out, Style::Csv, &table)
    } else {
        printer::write_human(&mut out, &query, &table)
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    if let Some(plot) = &args.plot {
        let title = if query.is_empty() {
            "all articles".to_string()
        } else {
            query.clone()
        };
        printer::plot_svg(plot, &title, &table, args.plot_share).map_err(anyhow::Error::msg)?;
        eprintln!("newsdex: drew {}", plot.display());
    }
    Ok(if table.matching == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
