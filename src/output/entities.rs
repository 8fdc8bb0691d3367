//! Printers for `newsdex entities`: a table for people (article count, mentions, type,
//! name; the type in colour when colour is on), CSV/TSV, and JSON Lines for programs, one
//! object per entity: `{"version":1,"query":"...","rank":1,"type":"PER","name":"Carl Bildt",
//! "articles":3,"mentions":5,"aliases":["Bildt"]}` (`aliases`: the other names counted
//! under it, left out when there are none).

use crate::output::csv::{self as csvout, Style};
use crate::output::wire::{self, EntityRecord};
use crate::output::{visible, Format, QueryRef, Sink, JSON_VERSION};
use crate::search::entities::EntitiesResult;
use std::io::{self, Write};

const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Writes the entities as a table, with a header naming how many articles matched.
pub fn write_human(out: &mut dyn Write, r: &EntitiesResult, color: bool) -> io::Result<()> {
    let (dim, bold, reset) = if color {
        (DIM, BOLD, RESET)
    } else {
        ("", "", "")
    };
    let noun = if r.articles == 1 {
        "article"
    } else {
        "articles"
    };
    writeln!(out, "{dim}{} matching {noun}{reset}", r.articles)?;
    if r.entities.is_empty() {
        return Ok(());
    }
    writeln!(out, "{dim}articles  mentions  type  name{reset}")?;
    for e in &r.entities {
        let also = if e.aliases.is_empty() {
            String::new()
        } else {
            format!(
                "  {dim}(also {}){reset}",
                visible::line(&e.aliases.join(", "))
            )
        };
        writeln!(
            out,
            "{:>8}  {:>8}  {bold}{:<4}{reset}  {}{also}",
            e.articles,
            e.mentions,
            e.kind.as_str(),
            visible::line(&e.name)
        )?;
    }
    Ok(())
}

/// Writes each entity as one JSON line.
pub fn write_json(out: &mut dyn Write, query: &str, r: &EntitiesResult) -> io::Result<()> {
    for (i, entity) in r.entities.iter().enumerate() {
        let record = EntityRecord {
            version: JSON_VERSION,
            query,
            rank: i + 1,
            entity,
        };
        wire::write_line(out, &record)?;
    }
    Ok(())
}

/// Writes the entities as CSV/TSV: `rank,type,name,articles,mentions`.
pub fn write_csv(out: &mut dyn Write, style: Style, r: &EntitiesResult) -> io::Result<()> {
    csvout::write_header(
        out,
        style,
        &["rank", "type", "name", "articles", "mentions"],
    )?;
    for (i, e) in r.entities.iter().enumerate() {
        let cells = [
            (i + 1).to_string(),
            e.kind.as_str().to_string(),
            e.name.clone(),
            e.articles.to_string(),
            e.mentions.to_string(),
        ];
        csvout::write_record(out, style, &cells, &[false, true, true, false, false])?;
    }
    Ok(())
}

/// Prints the entities of `newsdex entities` in one format.
pub struct EntitiesPrinter {
    pub format: Format,
    pub color: bool,
}

impl Sink for EntitiesPrinter {
    fn entities(&self, out: &mut dyn Write, q: QueryRef, r: &EntitiesResult) -> io::Result<()> {
        match self.format {
            Format::Human => write_human(out, r, self.color),
            Format::Json => write_json(out, q.text, r),
            Format::Csv | Format::Tsv => {
                write_csv(out, self.format.csv_style().expect("csv or tsv"), r)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityType;
    use crate::search::entities::EntityCount;

    fn result() -> EntitiesResult {
        EntitiesResult {
            articles: 2,
            entities: vec![EntityCount {
                kind: EntityType::Per,
                name: "Carl Bildt".into(),
                articles: 2,
                mentions: 3,
                aliases: vec!["Bildt".into()],
            }],
        }
    }

    #[test]
    fn json_lines_have_the_documented_fields() {
        let mut buf = Vec::new();
        write_json(&mut buf, "q", &result()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"version": 1, "query": "q", "rank": 1, "type": "PER",
                "name": "Carl Bildt", "articles": 2, "mentions": 3, "aliases": ["Bildt"]})
        );
    }

    #[test]
    fn human_table_without_colour() {
        let mut buf = Vec::new();
        write_human(&mut buf, &result(), false).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text,
            "2 matching articles\narticles  mentions  type  name\n       2         3  PER   Carl Bildt  (also Bildt)\n"
        );
    }
}
