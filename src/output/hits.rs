//! Search results in every format: human, JSON Lines, CSV and TSV, with the columns
//! chosen by `--fields`; also the one-line-per-query `--count` output and the
//! in-band error line of a batch. Rows name their query (and its id in a batch).

use crate::output::csv::{self as csvout, Style};
use crate::output::fields::{csv_cells, is_numeric, json_value, HitField, HitRow};
use crate::output::{human, JSON_VERSION};
use crate::search::Hit;
use serde_json::json;
use std::io::{self, Write};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: outlet, date, title, the passage with matches marked.
    Human,
    /// JSON Lines: one object per line.
    Json,
    /// RFC 4180 CSV with a header line.
    Csv,
    /// Tab-separated, with a header line.
    Tsv,
}

/// The CSV style of a format, if it is CSV or TSV.
pub fn csv_style(format: Format) -> Option<Style> {
    match format {
        Format::Csv => Some(Style::Csv),
        Format::Tsv => Some(Style::Tsv),
        _ => None,
    }
}

impl Format {
    fn style(self) -> Option<Style> {
        csv_style(self)
    }
}

/// Prints hits in one format with one set of columns.
pub struct HitPrinter {
    pub format: Format,
    pub fields: Vec<HitField>,
    pub color: bool,
}

/// Writes a JSON object from (key, value) pairs in order, as one line.
pub fn write_json_line(out: &mut dyn Write, pairs: &[(&str, serde_json::Value)]) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, k)?;
        out.write_all(b":")?;
        serde_json::to_writer(&mut *out, v)?;
    }
    out.write_all(b"}\n")
}

impl HitPrinter {
    /// The columns: those asked for, or the defaults (with `query_id` first in a batch).
    pub fn new(format: Format, fields: &[HitField], batch: bool, color: bool) -> Self {
        let fields = if fields.is_empty() {
            let mut f = Vec::new();
            if batch {
                f.push(HitField::QueryId);
            }
            f.extend(HitField::DEFAULT);
            f
        } else {
            fields.to_vec()
        };
        HitPrinter {
            format,
            fields,
            color,
        }
    }

    /// The CSV/TSV header line (nothing for other formats).
    pub fn header(&self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(style) = self.format.style() {
            let names: Vec<&str> = self.fields.iter().flat_map(|f| f.csv_headers()).collect();
            csvout::write_header(out, style, &names)?;
        }
        Ok(())
    }

    /// Writes the hits of one article (or of several, for human output ranked as given).
    pub fn hits(
        &self,
        out: &mut dyn Write,
        query_id: Option<&str>,
        query: &str,
        hits: &[Hit],
    ) -> io::Result<()> {
        match self.format {
            Format::Human => {
                if !hits.is_empty() {
                    human::write_hits(out, hits, self.color)?;
                    writeln!(out)?;
                }
            }
            Format::Json => {
                for hit in hits {
                    let row = HitRow {
                        query_id,
                        query,
                        hit,
                    };
                    let mut pairs = vec![("version", json!(JSON_VERSION))];
                    pairs.extend(self.fields.iter().map(|&f| (f.name(), json_value(f, &row))));
                    write_json_line(out, &pairs)?;
                }
            }
            Format::Csv | Format::Tsv => {
                let style = self.format.style().expect("csv or tsv");
                for hit in hits {
                    let row = HitRow {
                        query_id,
                        query,
                        hit,
                    };
                    let mut cells = Vec::new();
                    let mut text = Vec::new();
                    for &f in &self.fields {
                        for c in csv_cells(f, &row) {
                            cells.push(c);
                            text.push(!is_numeric(f));
                        }
                    }
                    csvout::write_record(out, style, &cells, &text)?;
                }
            }
        }
        Ok(())
    }

    /// The header of `--count` output (CSV/TSV only).
    pub fn count_header(&self, out: &mut dyn Write, batch: bool) -> io::Result<()> {
        if let Some(style) = self.format.style() {
            let names: &[&str] = if batch {
                &["query_id", "query", "count"]
            } else {
                &["query", "count"]
            };
            csvout::write_header(out, style, names)?;
        }
        Ok(())
    }

    /// The number of matching articles of one query.
    pub fn count(
        &self,
        out: &mut dyn Write,
        query_id: Option<&str>,
        query: &str,
        count: usize,
    ) -> io::Result<()> {
        match self.format {
            Format::Human => match query_id {
                Some(id) => writeln!(out, "{id}\t{count}\t{query}"),
                None => writeln!(out, "{count}"),
            },
            Format::Json => {
                let mut pairs = vec![("version", json!(JSON_VERSION))];
                if let Some(id) = query_id {
                    pairs.push(("query_id", json!(id)));
                }
                pairs.push(("query", json!(query)));
                pairs.push(("count", json!(count)));
                write_json_line(out, &pairs)
            }
            Format::Csv | Format::Tsv => {
                let style = self.format.style().expect("csv or tsv");
                let mut cells = Vec::new();
                let mut text = Vec::new();
                if let Some(id) = query_id {
                    cells.push(id.to_string());
                    text.push(true);
                }
                cells.push(query.to_string());
                text.push(true);
                cells.push(count.to_string());
                text.push(false);
                csvout::write_record(out, style, &cells, &text)
            }
        }
    }

    /// A failed batch query, in band for JSON output (every format also reports it on stderr).
    pub fn error(
        &self,
        out: &mut dyn Write,
        query_id: &str,
        query: &str,
        message: &str,
    ) -> io::Result<()> {
        match self.format {
            Format::Json => write_json_line(
                out,
                &[
                    ("version", json!(JSON_VERSION)),
                    ("query_id", json!(query_id)),
                    ("query", json!(query)),
                    ("error", json!(message)),
                ],
            ),
            Format::Human => writeln!(out, "{query_id}\terror: {message}"),
            _ => Ok(()),
        }
    }
}
