//! Printers for `newsdex analyze`: an analysed article as people read it, or as one
//! JSON line (schema in README.md, "newsdex analyze").

use crate::model::Article;
use crate::output::csv::{self as csvout, Style};
use crate::output::wire::{self, AnalyzedRecord};
use crate::output::{visible, JSON_VERSION};
use std::io::{self, Write};

/// Writes the article as one JSON line: `version` plus the article's fields.
pub fn write_json(out: &mut dyn Write, article: &Article) -> io::Result<()> {
    wire::write_line(
        out,
        &AnalyzedRecord {
            version: JSON_VERSION,
            article,
        },
    )
}

/// The CSV/TSV header of analysed articles.
pub fn write_csv_header(out: &mut dyn Write, style: Style) -> io::Result<()> {
    let names = [
        "id", "path", "locator", "outlet", "date", "title", "url", "authors", "language", "place",
        "entities", "passages", "body",
    ];
    csvout::write_header(out, style, &names)
}

/// One analysed article as a CSV/TSV row (entities as `TYPE:name` joined by `; `).
pub fn write_csv_row(out: &mut dyn Write, style: Style, a: &Article) -> io::Result<()> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let entities: Vec<String> = a
        .entities
        .iter()
        .map(|e| format!("{}:{}", e.kind, e.name))
        .collect();
    let cells = [
        a.id.clone(),
        a.source.path.clone(),
        o(&a.source.locator),
        o(&a.outlet),
        a.date.map(|d| d.to_string()).unwrap_or_default(),
        o(&a.title),
        o(&a.url),
        a.authors.join("; "),
        o(&a.language),
        o(&a.place),
        entities.join("; "),
        a.passages.len().to_string(),
        a.body.clone(),
    ];
    let mut text = [true; 13];
    text[11] = false;
    csvout::write_record(out, style, &cells, &text)
}

fn field(out: &mut dyn Write, name: &str, value: Option<&str>, color: bool) -> io::Result<()> {
    let value = visible::line(value.unwrap_or("-"));
    if color {
        writeln!(out, "  \x1b[1m{name:<9}\x1b[0m {value}")
    } else {
        writeln!(out, "  {name:<9} {value}")
    }
}

/// Writes the article for a person: its fields, entities and the first `max_passages`
/// passages (all with 0).
pub fn write_human(
    out: &mut dyn Write,
    a: &Article,
    max_passages: usize,
    color: bool,
) -> io::Result<()> {
    let source = a.source.to_string();
    let source = visible::line(&source);
    if color {
        writeln!(out, "\x1b[35m{source}\x1b[0m")?;
    } else {
        writeln!(out, "{source}")?;
    }
    let date = a.date.map(|d| d.to_string());
    let authors = a.authors.join("; ");
    let outlet = match (&a.outlet, &a.outlet_key) {
        (Some(o), Some(k)) => Some(format!("{o} (key: {k})")),
        _ => None,
    };
    field(out, "outlet", outlet.as_deref(), color)?;
    field(out, "date", date.as_deref(), color)?;
    field(out, "title", a.title.as_deref(), color)?;
    field(out, "url", a.url.as_deref(), color)?;
    field(
        out,
        "authors",
        Some(authors.as_str()).filter(|s| !s.is_empty()),
        color,
    )?;
    field(out, "language", a.language.as_deref(), color)?;
    field(out, "place", a.place.as_deref(), color)?;
    let entities = a
        .entities
        .iter()
        .map(|e| match e.aliases.is_empty() {
            true => format!("{} {} ×{}", e.kind, e.name, e.mentions),
            false => format!(
                "{} {} ×{} (also {})",
                e.kind,
                e.name,
                e.mentions,
                e.aliases.join(", ")
            ),
        })
        .collect::<Vec<_>>()
        .join(", ");
    field(
        out,
        "entities",
        Some(entities.as_str()).filter(|s| !s.is_empty()),
        color,
    )?;
    for c in &a.citations {
        let sentence = a.body.get(c.sentence.clone()).unwrap_or("").trim();
        let text = format!("{} ({}, {}): {sentence}", c.source, c.kind, c.cue);
        field(out, "cites", Some(&text), color)?;
    }
    let words = a.body.split_whitespace().count();
    let summary = format!("{} ({} words in the body)", a.passages.len(), words);
    field(out, "passages", Some(&summary), color)?;
    let shown = if max_passages == 0 {
        a.passages.len()
    } else {
        max_passages.min(a.passages.len())
    };
    for p in &a.passages[..shown] {
        let text = p.text.replace('\n', " ");
        writeln!(out, "    [{}] {}", p.ordinal, visible::line(&text))?;
    }
    if shown < a.passages.len() {
        writeln!(
            out,
            "    … {} more (--passages 0 shows all)",
            a.passages.len() - shown
        )?;
    }
    writeln!(out)
}
