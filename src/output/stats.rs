//! Printing counts (`newsdex stats`): a terminal table with bars, one JSON document,
//! CSV/TSV (one row per cell), and an SVG timeline drawn with plotters.

use crate::output::csv::{self as csvout, Style};
use crate::output::hits::write_error;
use crate::output::wire::{self, StatsRecord};
use crate::output::{human, visible, Format, QueryRef, Sink};
use crate::search::stats::StatsTable;
use std::io::{self, Write};
use std::path::Path;

/// Width of the longest bar, in characters.
const BAR_WIDTH: usize = 40;
/// Most series drawn in one plot.
const MAX_SERIES: usize = 8;

fn share_text(share: Option<f64>) -> String {
    share
        .map(|s| format!("{:.2}%", s * 100.0))
        .unwrap_or_default()
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
        let bar = (r.count as usize * BAR_WIDTH).div_ceil(max as usize);
        cells.push("█".repeat(bar));
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
            cells.push(format!("{:.6}", r.share.unwrap_or(0.0)));
        }
        text.resize(cells.len(), false);
        csvout::write_record(out, style, &cells, &text)?;
    }
    Ok(())
}

/// The series of a timeline: the first dimension is time; the others name the series.
fn series(t: &StatsTable, share: bool) -> (Vec<String>, Vec<(String, Vec<f64>)>) {
    let mut labels: Vec<String> = Vec::new();
    let mut by_name: Vec<(String, Vec<f64>)> = Vec::new();
    for r in &t.rows {
        let x = match labels.iter().position(|l| *l == r.keys[0]) {
            Some(x) => x,
            None => {
                labels.push(r.keys[0].clone());
                labels.len() - 1
            }
        };
        let name = if r.keys.len() > 1 {
            r.keys[1..].join(" · ")
        } else {
            "articles".into()
        };
        let i = match by_name.iter().position(|(n, _)| *n == name) {
            Some(i) => i,
            None => {
                by_name.push((name, Vec::new()));
                by_name.len() - 1
            }
        };
        let ys = &mut by_name[i].1;
        ys.resize(x + 1, 0.0);
        ys[x] = if share {
            r.share.unwrap_or(0.0) * 100.0
        } else {
            r.count as f64
        };
    }
    for (_, ys) in &mut by_name {
        ys.resize(labels.len(), 0.0);
    }
    by_name.sort_by(|a, b| b.1.iter().sum::<f64>().total_cmp(&a.1.iter().sum::<f64>()));
    by_name.truncate(MAX_SERIES);
    (labels, by_name)
}

/// Draws the timeline as SVG (counts, or shares in percent). The first `--by` must be time.
pub fn plot_svg(path: &Path, title: &str, t: &StatsTable, share: bool) -> Result<(), String> {
    use plotters::prelude::*;
    let (labels, series) = series(t, share);
    let n = labels.len().max(2);
    let ymax = series
        .iter()
        .flat_map(|(_, ys)| ys.iter().copied())
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.1;
    let root = SVGBackend::new(path, (1100, 520)).into_drawing_area();
    let e =
        |e: DrawingAreaErrorKind<std::io::Error>| format!("cannot draw {}: {e}", path.display());
    root.fill(&WHITE).map_err(e)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(0usize..n - 1, 0f64..ymax)
        .map_err(e)?;
    let fmt_x = |x: &usize| labels.get(*x).cloned().unwrap_or_default();
    chart
        .configure_mesh()
        .x_labels(labels.len().clamp(2, 12))
        .x_label_formatter(&fmt_x)
        .y_desc(if share {
            "share of articles (%)"
        } else {
            "articles"
        })
        .draw()
        .map_err(e)?;
    for (i, (name, ys)) in series.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(
                ys.iter().copied().enumerate(),
                color.stroke_width(2),
            ))
            .map_err(e)?
            .label(name.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(e)?;
    root.present().map_err(e)?;
    Ok(())
}
