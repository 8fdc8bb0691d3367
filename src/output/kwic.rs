//! Keyword in context: one line per occurrence (a highlight span of a passage) with its
//! left context, the match and its right context, aligned on the match in human output,
//! with outlet and date; the same lines as JSON Lines, CSV or TSV.

use crate::output::csv::{self as csvout};
use crate::output::hits::{write_json_line, Format};
use crate::output::JSON_VERSION;
use crate::search::Hit;
use serde::Serialize;
use serde_json::json;
use std::io::{self, Write};

/// Human output: `outlet(18) date(10) left(width) match right`, each column followed by
/// one space, so the match starts at column `OUTLET_WIDTH + 12 + width` (in characters).
/// Width of the outlet column of human output.
pub const OUTLET_WIDTH: usize = 18;

const MATCH: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// One occurrence.
#[derive(Debug, Clone, Serialize)]
pub struct KwicLine {
    pub article_id: String,
    pub path: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub passage: usize,
    /// Character offsets of the match in the passage text.
    pub start: usize,
    pub end: usize,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
}

fn flat(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| if c.is_whitespace() { ' ' } else { *c })
        .collect()
}

/// The occurrences of a highlighted hit, with up to `width` characters of context each side.
pub fn kwic_lines(hit: &Hit, width: usize) -> Vec<KwicLine> {
    let chars: Vec<char> = hit.text.chars().collect();
    hit.highlights
        .iter()
        .filter(|s| s.start <= s.end && s.end <= chars.len())
        .map(|s| KwicLine {
            article_id: hit.article_id.clone(),
            path: hit.path.clone(),
            outlet: hit.outlet.clone(),
            date: hit.date.clone(),
            title: hit.title.clone(),
            passage: hit.passage,
            start: s.start,
            end: s.end,
            left: flat(&chars[s.start.saturating_sub(width)..s.start]),
            matched: flat(&chars[s.start..s.end]),
            right: flat(&chars[s.end..(s.end + width).min(chars.len())]),
        })
        .collect()
}

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

pub const CSV_HEADER: [&str; 12] = [
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
];

/// Prints KWIC lines.
pub struct KwicPrinter {
    pub format: Format,
    pub width: usize,
    pub color: bool,
}

impl KwicPrinter {
    pub fn header(&self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(style) = crate::output::hits::csv_style(self.format) {
            let mut names = CSV_HEADER.to_vec();
            names.push("right");
            csvout::write_header(out, style, &names)?;
        }
        Ok(())
    }

    pub fn lines(
        &self,
        out: &mut dyn Write,
        query_id: Option<&str>,
        query: &str,
        lines: &[KwicLine],
    ) -> io::Result<()> {
        for l in lines {
            match self.format {
                Format::Human => {
                    let date = l
                        .date
                        .as_deref()
                        .map(|d| d.get(..10).unwrap_or(d))
                        .unwrap_or("");
                    let left = l.left.trim_start().trim_end();
                    let pad = self.width.saturating_sub(left.chars().count());
                    let outlet = fit(l.outlet.as_deref().unwrap_or(""), OUTLET_WIDTH);
                    write!(out, "{outlet} {:<10} {}{left} ", date, " ".repeat(pad))?;
                    if self.color {
                        write!(out, "{MATCH}{}{RESET}", l.matched)?;
                    } else {
                        write!(out, "{}", l.matched)?;
                    }
                    writeln!(out, " {}", l.right.trim())?;
                }
                Format::Json => {
                    let mut pairs = vec![("version", json!(JSON_VERSION))];
                    if let Some(id) = query_id {
                        pairs.push(("query_id", json!(id)));
                    }
                    pairs.push(("query", json!(query)));
                    if let serde_json::Value::Object(m) = json!(l) {
                        for k in [
                            "article_id",
                            "path",
                            "outlet",
                            "date",
                            "title",
                            "passage",
                            "start",
                            "end",
                            "left",
                            "match",
                            "right",
                        ] {
                            pairs.push((k, m.get(k).cloned().unwrap_or(serde_json::Value::Null)));
                        }
                    }
                    write_json_line(out, &pairs)?;
                }
                Format::Csv | Format::Tsv => {
                    let style = crate::output::hits::csv_style(self.format).expect("csv or tsv");
                    let o = |v: &Option<String>| v.clone().unwrap_or_default();
                    let cells = [
                        query_id.unwrap_or_default().to_string(),
                        query.to_string(),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Span;

    #[test]
    fn contexts_are_cut_to_width() {
        let hit = Hit {
            rank: 1,
            score: 1.0,
            article_id: "a".into(),
            path: "p".into(),
            locator: None,
            outlet: None,
            date: None,
            title: None,
            passage: 0,
            passage_span: Span { start: 0, end: 20 },
            text: "one two\nthree four five".into(),
            highlights: vec![Span { start: 8, end: 13 }],
        };
        let l = &kwic_lines(&hit, 4)[0];
        assert_eq!(
            (l.left.as_str(), l.matched.as_str(), l.right.as_str()),
            ("two ", "three", " fou")
        );
    }
}
