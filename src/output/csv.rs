//! CSV and TSV writing. CSV is RFC 4180 (csv crate: quoted when needed, CRLF-free LF
//! records, one header line). TSV has no quoting: tabs and line breaks inside a cell
//! become spaces. Both are safe to open in a spreadsheet: a text cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so that it is
//! never run as a formula (numbers are written as they are).

use std::borrow::Cow;
use std::io::{self, Write};

/// Comma- or tab-separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Csv,
    Tsv,
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

/// Writes one record; `text[i]` says whether cell `i` is text (guarded) or a number.
pub fn write_record<S: AsRef<str>>(
    out: &mut dyn Write,
    style: Style,
    cells: &[S],
    text: &[bool],
) -> io::Result<()> {
    let cells: Vec<Cow<str>> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if text.get(i).copied().unwrap_or(true) {
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

    #[test]
    fn formula_cells_are_guarded_and_quotes_escaped() {
        let mut out = Vec::new();
        write_record(
            &mut out,
            Style::Csv,
            &["=1+1", "say \"hi\", then", "-3"],
            &[true, true, false],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "'=1+1,\"say \"\"hi\"\", then\",-3\n"
        );
    }

    #[test]
    fn tsv_cells_lose_tabs_and_newlines() {
        let mut out = Vec::new();
        write_record(&mut out, Style::Tsv, &["a\tb\nc", "d"], &[true, true]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a b c\td\n");
    }
}
