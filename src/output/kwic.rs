//! Keyword-in-context printing: the lines `search::kwic` cut, aligned on the match in
//! human output with outlet and date; the same lines as JSON Lines, CSV or TSV.

use crate::output::csv as csvout;
use crate::output::hits::write_error;
use crate::output::wire::{self, KwicRecord};
use crate::output::{human, visible, Format, QueryRef, Sink};
use crate::search::kwic::KwicLine;
use std::io::{self, Write};

/// Human output: `outlet(18) date(10)` each followed by one space, then the left context
/// padded to `width`, the match and the right context as the text spaces them, so the
/// match starts at column `OUTLET_WIDTH + 12 + width` (0-based, in characters).
/// Width of the outlet column of human output.
pub const OUTLET_WIDTH: usize = 18;

const MATCH: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// Fits `s` in exactly `w` characters: cut, or padded on the right.
fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n > w {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

pub const CSV_HEADER: [&str; 13] = [
    "query_id",
    "query",
    "article_id",
    "outlet",
    "date",
    "title",
    "path",
    "passage",
    "start",
    "end",
    "left",
    "match",
    "right",
];

/// Prints KWIC lines.
pub struct KwicPrinter {
    pub format: Format,
    /// Characters of context on each side (human output pads the left context to it).
    pub width: usize,
    pub color: bool,
}

impl KwicPrinter {
    fn human_line(&self, out: &mut dyn Write, l: &KwicLine) -> io::Result<()> {
        let date = l
            .date
            .as_deref()
            .map(|d| d.get(..10).unwrap_or(d))
            .unwrap_or("");
        // The text's own spacing: left context, match and right context as they stand.
        // Control characters in the text are escaped before the padding is measured.
        let left = visible::line(&l.left);
        let pad = self.width.saturating_sub(left.chars().count());
        let outlet = fit(
            &visible::line(l.outlet.as_deref().unwrap_or("")),
            OUTLET_WIDTH,
        );
        let date = visible::line(date);
        write!(out, "{outlet} {date:<10} {}{left}", " ".repeat(pad))?;
        let matched = visible::line(&l.matched);
        if self.color {
            write!(out, "{MATCH}{matched}{RESET}")?;
        } else {
            write!(out, "{matched}")?;
        }
        writeln!(out, "{}", visible::line(l.right.trim_end()))
    }
}

impl Sink for KwicPrinter {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(style) = self.format.csv_style() {
            csvout::write_header(out, style, &CSV_HEADER)?;
        }
        Ok(())
    }

    fn heading(&self, out: &mut dyn Write, q: QueryRef) -> io::Result<()> {
        if self.format == Format::Human {
            human::write_heading(out, q)?;
        }
        Ok(())
    }

    fn kwic(&self, out: &mut dyn Write, q: QueryRef, lines: &[KwicLine]) -> io::Result<()> {
        for l in lines {
            match self.format {
                Format::Human => self.human_line(out, l)?,
                Format::Json => wire::write_line(out, &KwicRecord::new(q, l))?,
                Format::Csv | Format::Tsv => {
                    let style = self.format.csv_style().expect("csv or tsv");
                    let o = |v: &Option<String>| v.clone().unwrap_or_default();
                    let cells = [
                        q.id.unwrap_or_default().to_string(),
                        q.text.to_string(),
                        l.article_id.clone(),
                        o(&l.outlet),
                        o(&l.date),
                        o(&l.title),
                        l.path.clone(),
                        l.passage.to_string(),
                        l.start.to_string(),
                        l.end.to_string(),
                        l.left.clone(),
                        l.matched.clone(),
                        l.right.clone(),
                    ];
                    let text = [
                        true, true, true, true, true, true, true, false, false, false, true, true,
                        true,
                    ];
                    csvout::write_record(out, style, &cells, &text)?;
                }
            }
        }
        Ok(())
    }

    fn error(&self, out: &mut dyn Write, q: QueryRef, message: &str) -> io::Result<()> {
        write_error(out, self.format, q, message)
    }
}
