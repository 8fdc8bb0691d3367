//! Printing counts (`newsdex stats`): a terminal table with bars, one JSON document,
//! CSV/TSV (one row per cell). A cell without any article in the corpus has no share:
//! `null` in JSON, an empty cell in CSV/TSV, a mark in the table. Charts are drawn by
//! `output::plot`.

use crate::output::csv::{self as csvout, Style};
use crate::output::hits::write_error;
use crate::output::wire::{self, StatsRecord};
use crate::output::{human, visible, Format, QueryRef, Sink};
use crate::search::stats::StatsTable;
use std::io::{self, Write};

/// Width of the longest bar, in characters.
const BAR_WIDTH: usize = 40;
/// What the table shows in the share column of a cell without any article.
const NO_SHARE: &str = "–";
/// What stands in place of the bar of such a cell.
const NO_ARTICLES: &str = "(no articles in the corpus)";

fn share_text(share: Option<f64>) -> String {
    share.map_or_else(|| NO_SHARE.to_string(), |s| format!("{:.2}%", s * 100.0))
}

/// True for a cell of a time table that holds no article at all (share undefined).
fn no_articles(timed: bool, total: Option<u64>) -> bool {
    timed && total == Some(0)
}

/// A table for a person: one row per cell, a bar scaled to the largest count.
pub fn write_human(out: &mut dyn Write, query: &str, t: &StatsTable) -> io::Result<()> {
    let timed = t.articles.is_some();
    let what = if query.is_empty() {
        "articles".to_string()
    } else {
        format!("articles matching {}", visible::line(query))
    };
    match t.articles {
        Some(all) => writeln!(
            out,
            "{} {what} (of {all}); {} undated",
            t.matching, t.undated
        )?,
        None => writeln!(out, "{} {what}", t.matching)?,
    }
    // Keys come from the data (outlets, entities): escaped before they are measured.
    let keys: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            r.keys
                .iter()
                .map(|k| visible::line(k).into_owned())
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..t.by.len())
        .map(|i| {
            keys.iter()
                .map(|k| k[i].chars().count())
                .chain([t.by[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let max = t.rows.iter().map(|r| r.count).max().unwrap_or(0).max(1);
    let mut head: Vec<String> =
        t.by.iter()
            .zip(&widths)
            .map(|(b, w)| format!("{b:<w$}"))
            .collect();
    head.push(format!("{:>8}", "articles"));
    if timed {
        head.push(format!("{:>8}", "share"));
    }
    writeln!(out, "{}", head.join("  "))?;
    for (r, keys) in t.rows.iter().zip(&keys) {
        let mut cells: Vec<String> = keys
            .iter()
            .zip(&widths)
            .map(|(k, w)| {
                let pad = w.saturating_sub(k.chars().count());
                format!("{k}{}", " ".repeat(pad))
            })
            .collect();
        cells.push(format!("{:>8}", r.count));
        if timed {
            cells.push(format!("{:>8}", share_text(r.share)));
        }
        if no_articles(timed, r.total) {
            cells.push(NO_ARTICLES.to_string());
        } else {
            let bar = (r.count as usize * BAR_WIDTH).div_ceil(max as usize);
            cells.push("█".repeat(bar));
        }
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    if t.sparse {
        writeln!(
            out,
            "(only non-empty cells are listed: the full table is too large)"
        )?;
    }
    Ok(())
}

/// Prints counts (`newsdex stats`) in one format.
pub struct StatsPrinter {
    pub format: Format,
    /// The dimensions' names (the CSV header is known before any table).
    pub by: Vec<&'static str>,
    /// Whether a dimension is time (then rows carry `total` and `share`).
    pub timed: bool,
    /// Tables of several queries (a `query_id` column; a heading per query).
    pub batch: bool,
}

impl StatsPrinter {
    fn style(&self) -> Option<Style> {
        self.format.csv_style()
    }
}

impl Sink for StatsPrinter {
    /// The CSV/TSV header: `query_id` in a batch, the dimensions, `count`, and `total`,
    /// `share` when a dimension is time.
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        let Some(style) = self.style() else {
            return Ok(());
        };
        let mut names: Vec<&str> = if self.batch {
            vec!["query_id"]
        } else {
            Vec::new()
        };
        names.extend(self.by.iter().copied());
        names.push("count");
        if self.timed {
            names.extend(["total", "share"]);
        }
        csvout::write_header(out, style, &names)
    }

    fn heading(&self, out: &mut dyn Write, q: QueryRef) -> io::Result<()> {
        if self.format == Format::Human {
            human::write_heading(out, q)?;
        }
        Ok(())
    }

    fn stats(&self, out: &mut dyn Write, q: QueryRef, t: &StatsTable) -> io::Result<()> {
        match self.style() {
            None if self.format == Format::Json => {
                wire::write_line(out, &StatsRecord { query: q, table: t })
            }
            None => {
                write_human(out, q.text, t)?;
                if self.batch {
                    writeln!(out)?;
                }
                Ok(())
            }
            Some(style) => write_csv_rows(out, style, q.id, t),
        }
    }

    fn error(&self, out: &mut dyn Write, q: QueryRef, message: &str) -> io::Result<()> {
        if self.format == Format::Json {
            write_error(out, self.format, q, message)?;
        }
        Ok(())
    }
}

/// The table as CSV/TSV rows (see `StatsPrinter::begin` for the header).
fn write_csv_rows(
    out: &mut dyn Write,
    style: Style,
    query_id: Option<&str>,
    t: &StatsTable,
) -> io::Result<()> {
    let timed = t.articles.is_some();
    for r in &t.rows {
        let mut cells: Vec<String> = query_id.map(str::to_string).into_iter().collect();
        cells.extend(r.keys.iter().cloned());
        let mut text = vec![true; cells.len()];
        cells.push(r.count.to_string());
        if timed {
            cells.push(r.total.unwrap_or(0).to_string());
            // No share where the cell holds no article: an empty cell, not 0.
            cells.push(r.share.map(|s| format!("{s:.6}")).unwrap_or_default());
        }
        text.resize(cells.len(), false);
        csvout::write_record(out, style, &cells, &text)?;
    }
    Ok(())
}
