//! Printing one article (`newsdex show`) and an index's figures (`newsdex info`),
//! for a person or as one JSON document.

use crate::output::JSON_VERSION;
use crate::search::lookup::{ArticleView, IndexInfo};
use serde_json::json;
use std::io::{self, Write};

/// The article's metadata, entities and full text.
pub fn write_article(out: &mut dyn Write, a: &ArticleView) -> io::Result<()> {
    if let Some(t) = &a.title {
        writeln!(out, "{t}")?;
        writeln!(out, "{}", "=".repeat(t.chars().count().min(78)))?;
    }
    let source = match &a.locator {
        Some(l) => format!("{}#{l}", a.path),
        None => a.path.clone(),
    };
    let rows = [
        ("id", Some(a.article_id.clone())),
        ("source", Some(source)),
        ("outlet", a.outlet.clone()),
        ("date", a.date.clone()),
        ("place", a.place.clone()),
        ("authors", a.authors.clone()),
        ("url", a.url.clone()),
        ("language", a.language.clone()),
        ("passages", Some(a.passages.len().to_string())),
    ];
    for (k, v) in rows {
        if let Some(v) = v {
            writeln!(out, "{k:<9} {v}")?;
        }
    }
    if !a.entities.is_empty() {
        let ents: Vec<String> = a
            .entities
            .iter()
            .map(|e| format!("{} ({}, {})", e.name, e.kind, e.mentions))
            .collect();
        writeln!(out, "{:<9} {}", "entities", ents.join("; "))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", a.text)
}

/// The article as one JSON document.
pub fn write_article_json(out: &mut dyn Write, a: &ArticleView) -> io::Result<()> {
    let mut v = json!(a);
    if let Some(m) = v.as_object_mut() {
        m.insert("version".into(), json!(JSON_VERSION));
    }
    serde_json::to_writer(&mut *out, &v)?;
    writeln!(out)
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// The index's figures for a person.
pub fn write_info(out: &mut dyn Write, i: &IndexInfo) -> io::Result<()> {
    let range = match (&i.first_date, &i.last_date) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "(no dated articles)".into(),
    };
    let rows = [
        ("index", i.path.clone()),
        ("corpus", i.corpus_root.clone()),
        ("articles", i.articles.to_string()),
        ("passages", i.passages.to_string()),
        ("outlets", i.outlets.to_string()),
        ("dates", range),
        ("files", i.files.to_string()),
        (
            "size",
            format!("{} in {} segment(s)", size(i.size_bytes), i.segments),
        ),
        ("indexed", i.indexed_at.clone()),
        (
            "versions",
            format!(
                "schema v{}, {}, tokenizer {}, built by newsdex {}",
                i.schema_version, i.tantivy_version, i.tokenizer, i.newsdex_version
            ),
        ),
    ];
    for (k, v) in rows {
        writeln!(out, "{k:<9} {v}")?;
    }
    Ok(())
}

/// The index's figures as one JSON document.
pub fn write_info_json(out: &mut dyn Write, i: &IndexInfo) -> io::Result<()> {
    let mut v = json!(i);
    if let Some(m) = v.as_object_mut() {
        m.insert("version".into(), json!(JSON_VERSION));
    }
    serde_json::to_writer(&mut *out, &v)?;
    writeln!(out)
}
