//! CSV and TSV writing. CSV is RFC 4180 (csv crate: quoted when needed, CRLF-free LF
//! records, one header line). TSV has no quoting: tabs and line breaks inside a cell
//! become spaces. A CSV cell carries the text exactly, `- Oil prices…` as `- Oil
//! prices…`. With the formula guard (`--formula-guard`) a text cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that a spreadsheet
//! never runs it as a formula (numbers are written as they are).

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Comma- or tab-separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Csv,
    Tsv,
}

/// Whether text cells are guarded against formula injection in this run. It is the
/// user's choice for all of a run's output, made once by the command line before any
/// output (every printer reaches CSV through `write_record`); off unless asked for.
static FORMULA_GUARD: AtomicBool = AtomicBool::new(false);

/// Turns the formula guard on or off for the rest of the run.
pub fn set_formula_guard(on: bool) {
    FORMULA_GUARD.store(on, Ordering::Relaxed);
}

fn formula_guard() -> bool {
    FORMULA_GUARD.load(Ordering::Relaxed)
}

/// Guards a text cell against formula injection.
pub fn safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

fn tsv_cell(cell: &str) -> String {
    cell.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Writes one record; `text[i]` says whether cell `i` is text (guarded when the run asks
/// for the formula guard) or a number (never guarded).
pub fn write_record<S: AsRef<str>>(
    out: &mut dyn Write,
    style: Style,
    cells: &[S],
    text: &[bool],
) -> io::Result<()> {
    write_record_guarded(out, style, cells, text, formula_guard())
}

/// `write_record` with the formula guard on or off.
fn write_record_guarded<S: AsRef<str>>(
    out: &mut dyn Write,
    style: Style,
    cells: &[S],
    text: &[bool],
    guard: bool,
) -> io::Result<()> {
    let cells: Vec<Cow<str>> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if guard && text.get(i).copied().unwrap_or(true) {
                safe(c.as_ref())
            } else {
                Cow::Borrowed(c.as_ref())
            }
        })
        .collect();
    match style {
        Style::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut *out);
            w.write_record(cells.iter().map(|c| c.as_bytes()))
                .map_err(io::Error::other)?;
            w.flush()
        }
        Style::Tsv => {
            let line: Vec<String> = cells.iter().map(|c| tsv_cell(c)).collect();
            writeln!(out, "{}", line.join("\t"))
        }
    }
}

/// Writes a header line (names are never guarded: they are ours).
pub fn write_header(out: &mut dyn Write, style: Style, names: &[&str]) -> io::Result<()> {
    write_record(out, style, names, &vec![false; names.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(style: Style, cells: &[&str], text: &[bool], guard: bool) -> String {
        let mut out = Vec::new();
        write_record_guarded(&mut out, style, cells, text, guard).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_are_exact_by_default_and_quotes_escaped() {
        let cells = ["- Oil prices fell", "=1+1", "say \"hi\", then", "-3"];
        assert_eq!(
            record(Style::Csv, &cells, &[true, true, true, false], false),
            "- Oil prices fell,=1+1,\"say \"\"hi\"\", then\",-3\n"
        );
        assert_eq!(
            record(Style::Tsv, &cells, &[true, true, true, false], false),
            "- Oil prices fell\t=1+1\tsay \"hi\", then\t-3\n"
        );
    }

    #[test]
    fn the_formula_guard_quotes_text_cells_only() {
        let cells = ["- Oil prices fell", "=1+1", "@x", "plain", "-3"];
        let text = [true, true, true, true, false];
        assert_eq!(
            record(Style::Csv, &cells, &text, true),
            "'- Oil prices fell,'=1+1,'@x,plain,-3\n"
        );
        assert_eq!(
            record(Style::Tsv, &cells, &text, true),
            "'- Oil prices fell\t'=1+1\t'@x\tplain\t-3\n"
        );
    }

    #[test]
    fn tsv_cells_lose_tabs_and_newlines() {
        let mut out = Vec::new();
        write_record(&mut out, Style::Tsv, &["a\tb\nc", "d"], &[true, true]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a b c\td\n");
    }
}
