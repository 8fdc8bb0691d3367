//! `newsdex stats`: counts of matching articles per bucket, printed as a table, JSON
//! or CSV, and optionally drawn as an SVG timeline.

use super::batch::{pool, read_batch};
use super::index_cmd::open_or_build;
use super::search_cmd::Job;
use super::{Cli, StatsArgs};
use crate::output::csv::Style;
use crate::output::hits::write_json_line;
use crate::output::stats as printer;
use crate::search::stats::{stats, StatsRequest, StatsTable};
use crate::search::{SearchError, Searcher};
use anyhow::{bail, Context};
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn run(cli: &Cli, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    if let Some(file) = &args.queries {
        return run_batch(cli, args, file);
    }
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
        printer::write_json(&mut out, None, &query, &table)
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

/// `stats --queries FILE`: one table per query, computed on all cores, printed in order.
fn run_batch(cli: &Cli, args: &StatsArgs, file: &Path) -> anyhow::Result<ExitCode> {
    let defaults = Job {
        id: None,
        query: String::new(),
        filters: args.filters.filters(),
        limit: 0,
        offset: 0,
    };
    let batch = read_batch(file, &defaults)?;
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let tables: Vec<Result<StatsTable, String>> = pool(args.threads)?.install(|| {
        batch
            .par_iter()
            .map(|p| {
                let job = p.job.as_ref().map_err(Clone::clone)?;
                let req = StatsRequest {
                    query: Some(job.query.clone()),
                    filters: job.filters.clone(),
                    by: args.by.clone(),
                    top: args.top,
                };
                stats(&searcher, &req).map_err(|e| e.to_string())
            })
            .collect()
    });
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (mut failed, mut matched, mut header) = (0, false, false);
    for (p, t) in batch.iter().zip(tables) {
        match t {
            Ok(t) => {
                matched |= t.matching > 0;
                if args.json {
                    printer::write_json(&mut out, Some(&p.id), &p.query, &t)
                } else if args.csv {
                    if !header {
                        printer::write_csv_header(&mut out, Style::Csv, true, &t)?;
                        header = true;
                    }
                    printer::write_csv_rows(&mut out, Style::Csv, Some(&p.id), &t)
                } else {
                    writeln!(out, "## {}: {}", p.id, p.query)
                        .and_then(|_| printer::write_human(&mut out, &p.query, &t))
                        .and_then(|_| writeln!(out))
                }
                .context("writing output")?;
            }
            Err(msg) => {
                failed += 1;
                eprintln!("newsdex: query {} (line {}) failed: {msg}", p.id, p.line);
                if args.json {
                    write_json_line(
                        &mut out,
                        &[
                            ("version", serde_json::json!(crate::output::JSON_VERSION)),
                            ("query_id", serde_json::json!(p.id)),
                            ("query", serde_json::json!(p.query)),
                            ("error", serde_json::json!(msg)),
                        ],
                    )
                    .context("writing output")?;
                }
            }
        }
    }
    out.flush().context("writing output")?;
    Ok(if failed > 0 {
        eprintln!("newsdex: {failed} of {} queries failed", batch.len());
        ExitCode::from(2)
    } else if matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
