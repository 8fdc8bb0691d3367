//! Search results in every format: human, JSON Lines, CSV and TSV, with the columns
//! chosen by `--fields`; or, with `--count`, one line per query with its number of
//! matching articles. Rows name their query (and its id in a batch).

use crate::output::csv as csvout;
use crate::output::fields::{csv_cells, is_numeric, HitField};
use crate::output::wire::{self, CountRecord, HitRecord};
use crate::output::{human, Format, QueryRef, Sink, JSON_VERSION};
use crate::search::Hit;
use std::io::{self, Write};

/// Prints hits (or counts) in one format with one set of columns.
pub struct HitPrinter {
    pub format: Format,
    pub fields: Vec<HitField>,
    pub color: bool,
    /// Counts (`--count`) rather than hits.
    pub counting: bool,
    /// Answers of several queries (a `query_id` column; a heading per query).
    pub batch: bool,
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
            counting: false,
            batch,
        }
    }

    /// The same printer, printing counts.
    pub fn counting(mut self) -> Self {
        self.counting = true;
        self
    }
}

impl Sink for HitPrinter {
    /// The CSV/TSV header line (nothing for other formats).
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        let Some(style) = self.format.csv_style() else {
            return Ok(());
        };
        if self.counting {
            let names: &[&str] = if self.batch {
                &["query_id", "query", "count"]
            } else {
                &["query", "count"]
            };
            return csvout::write_header(out, style, names);
        }
        let names: Vec<&str> = self.fields.iter().flat_map(|f| f.csv_headers()).collect();
        csvout::write_header(out, style, &names)
    }

    fn heading(&self, out: &mut dyn Write, q: QueryRef) -> io::Result<()> {
        if self.format == Format::Human && !self.counting {
            human::write_heading(out, q)?;
        }
        Ok(())
    }

    fn wants_total(&self) -> bool {
        self.format == Format::Human && !self.counting
    }

    fn total(
        &self,
        out: &mut dyn Write,
        offset: usize,
        shown: usize,
        total: usize,
    ) -> io::Result<()> {
        human::write_total(out, offset, shown, total)
    }

    fn article(&self, out: &mut dyn Write, q: QueryRef, hits: &[Hit]) -> io::Result<()> {
        match self.format {
            Format::Human => {
                if !hits.is_empty() {
                    human::write_hits(out, hits, self.color)?;
                    writeln!(out)?;
                }
            }
            Format::Json => {
                for hit in hits {
                    let record = HitRecord {
                        query: q,
                        hit,
                        fields: &self.fields,
                    };
                    wire::write_line(out, &record)?;
                }
            }
            Format::Csv | Format::Tsv => {
                let style = self.format.csv_style().expect("csv or tsv");
                for hit in hits {
                    let mut cells = Vec::new();
                    let mut text = Vec::new();
                    for &f in &self.fields {
                        for c in csv_cells(f, q, hit) {
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

    fn count(&self, out: &mut dyn Write, q: QueryRef, count: usize) -> io::Result<()> {
        match self.format {
            Format::Human => match q.id {
                Some(id) => writeln!(out, "{id}\t{count}\t{}", q.text),
                None => writeln!(out, "{count}"),
            },
            Format::Json => wire::write_line(
                out,
                &CountRecord {
                    version: JSON_VERSION,
                    query_id: q.id,
                    query: q.text,
                    count,
                },
            ),
            Format::Csv | Format::Tsv => {
                let style = self.format.csv_style().expect("csv or tsv");
                let mut cells = Vec::new();
                let mut text = Vec::new();
                if let Some(id) = q.id {
                    cells.push(id.to_string());
                    text.push(true);
                }
                cells.push(q.text.to_string());
                text.push(true);
                cells.push(count.to_string());
                text.push(false);
                csvout::write_record(out, style, &cells, &text)
            }
        }
    }

    fn error(&self, out: &mut dyn Write, q: QueryRef, message: &str) -> io::Result<()> {
        write_error(out, self.format, q, message)
    }
}

/// A failed batch query, in band: a JSON error record (the schema has one). Human, CSV and
/// TSV output hold data only; the batch reports every failure on stderr in every format.
pub fn write_error(
    out: &mut dyn Write,
    format: Format,
    q: QueryRef,
    message: &str,
) -> io::Result<()> {
    let id = q.id.unwrap_or_default();
    match format {
        Format::Json => wire::write_line(
            out,
            &wire::ErrorRecord {
                version: JSON_VERSION,
                query_id: id,
                query: q.text,
                error: message,
            },
        ),
        Format::Human | Format::Csv | Format::Tsv => Ok(()),
    }
}
