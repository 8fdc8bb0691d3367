//! Printing one article (`newsdex show`) and an index's figures (`newsdex info`),
//! for a person, as one JSON document, or as CSV/TSV.

use crate::output::csv::{self as csvout, Style};
use crate::output::wire::{self, ArticleRecord, InfoRecord};
use crate::output::{visible, JSON_VERSION};
use crate::search::lookup::{ArticleView, IndexInfo};
use std::io::{self, Write};

/// The article's metadata, entities and full text.
pub fn write_article(out: &mut dyn Write, a: &ArticleView) -> io::Result<()> {
    if let Some(t) = &a.title {
        let t = visible::line(t);
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
            writeln!(out, "{k:<9} {}", visible::line(&v))?;
        }
    }
    if !a.entities.is_empty() {
        let ents: Vec<String> = a
            .entities
            .iter()
            .map(|e| match e.aliases.is_empty() {
                true => format!("{} ({}, {})", e.name, e.kind, e.mentions),
                false => format!(
                    "{} ({}, {}; as {})",
                    e.name,
                    e.kind,
                    e.mentions,
                    e.aliases.join(", ")
                ),
            })
            .collect();
        writeln!(out, "{:<9} {}", "entities", visible::line(&ents.join("; ")))?;
    }
    for (i, c) in a.citations.iter().enumerate() {
        let label = if i == 0 { "cites" } else { "" };
        writeln!(
            out,
            "{label:<9} {} ({}, {}): {}",
            visible::line(&c.source),
            c.kind,
            visible::line(&c.cue),
            visible::line(&c.sentence)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{}", visible::block(&a.text))
}

/// The article as one JSON document.
pub fn write_article_json(out: &mut dyn Write, a: &ArticleView) -> io::Result<()> {
    wire::write_line(
        out,
        &ArticleRecord {
            version: JSON_VERSION,
            article: a,
        },
    )
}

/// The article as one CSV/TSV row under a header: its fields, its entities
/// (`TYPE:name` joined by `; `) and its text.
pub fn write_article_csv(out: &mut dyn Write, style: Style, a: &ArticleView) -> io::Result<()> {
    let names = [
        "article_id",
        "path",
        "locator",
        "outlet",
        "date",
        "title",
        "authors",
        "url",
        "language",
        "place",
        "entities",
        "text",
    ];
    csvout::write_header(out, style, &names)?;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let entities: Vec<String> = a
        .entities
        .iter()
        .map(|e| format!("{}:{}", e.kind, e.name))
        .collect();
    let cells = [
        a.article_id.clone(),
        a.path.clone(),
        o(&a.locator),
        o(&a.outlet),
        o(&a.date),
        o(&a.title),
        o(&a.authors),
        o(&a.url),
        o(&a.language),
        o(&a.place),
        entities.join("; "),
        a.text.clone(),
    ];
    csvout::write_record(out, style, &cells, &[true; 12])
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
        writeln!(out, "{k:<9} {}", visible::line(&v))?;
    }
    Ok(())
}

/// The index's figures as one JSON document.
pub fn write_info_json(out: &mut dyn Write, i: &IndexInfo) -> io::Result<()> {
    wire::write_line(
        out,
        &InfoRecord {
            version: JSON_VERSION,
            info: i,
        },
    )
}

/// The index's figures as CSV/TSV: a `field,value` header, then one row per figure.
pub fn write_info_csv(out: &mut dyn Write, style: Style, i: &IndexInfo) -> io::Result<()> {
    csvout::write_header(out, style, &["field", "value"])?;
    let rows = [
        ("path", i.path.clone()),
        ("articles", i.articles.to_string()),
        ("passages", i.passages.to_string()),
        ("outlets", i.outlets.to_string()),
        ("first_date", i.first_date.clone().unwrap_or_default()),
        ("last_date", i.last_date.clone().unwrap_or_default()),
        ("size_bytes", i.size_bytes.to_string()),
        ("segments", i.segments.to_string()),
        ("files", i.files.to_string()),
        ("corpus_root", i.corpus_root.clone()),
        ("indexed_at", i.indexed_at.clone()),
        ("schema_version", i.schema_version.to_string()),
        ("tantivy_version", i.tantivy_version.clone()),
        ("tokenizer", i.tokenizer.clone()),
        ("newsdex_version", i.newsdex_version.clone()),
    ];
    for (k, v) in rows {
        csvout::write_record(out, style, &[k.to_string(), v], &[false, true])?;
    }
    Ok(())
}

/// The corpus changes `newsdex status` found, for a person.
pub fn write_changes(
    out: &mut dyn Write,
    root: &std::path::Path,
    c: &crate::index::manifest::Changes,
) -> io::Result<()> {
    if c.is_empty() {
        let root = root.display().to_string();
        return writeln!(out, "the index is up to date with {}", visible::line(&root));
    }
    let root = root.display().to_string();
    let root = visible::line(&root);
    writeln!(
        out,
        "{} file(s) in {root} changed since the index was built: {} added, {} modified, {} removed",
        c.len(),
        c.added.len(),
        c.modified.len(),
        c.removed.len()
    )?;
    for (mark, list) in [("+", &c.added), ("~", &c.modified), ("-", &c.removed)] {
        for path in list {
            writeln!(out, "{mark} {}", visible::line(path))?;
        }
    }
    writeln!(out, "run `newsdex index {root}` to update the index")
}

/// The corpus changes as one JSON document.
pub fn write_changes_json(
    out: &mut dyn Write,
    root: &std::path::Path,
    c: &crate::index::manifest::Changes,
) -> io::Result<()> {
    wire::write_line(
        out,
        &wire::StatusRecord {
            version: JSON_VERSION,
            corpus_root: &root.display().to_string(),
            up_to_date: c.is_empty(),
            added: &c.added,
            modified: &c.modified,
            removed: &c.removed,
        },
    )
}

/// The corpus changes as CSV/TSV: `change,path`.
pub fn write_changes_csv(
    out: &mut dyn Write,
    style: Style,
    c: &crate::index::manifest::Changes,
) -> io::Result<()> {
    csvout::write_header(out, style, &["change", "path"])?;
    for (kind, list) in [
        ("added", &c.added),
        ("modified", &c.modified),
        ("removed", &c.removed),
    ] {
        for path in list {
            csvout::write_record(
                out,
                style,
                &[kind.to_string(), path.clone()],
                &[false, true],
            )?;
        }
    }
    Ok(())
}

/// What `newsdex check` found, for a person.
pub fn write_check(
    out: &mut dyn Write,
    path: &std::path::Path,
    v: &crate::index::verify::Verification,
    repair: &str,
) -> io::Result<()> {
    let path = path.display().to_string();
    let path = visible::line(&path);
    let articles = v.articles.map_or("?".to_string(), |n| n.to_string());
    if v.is_sound() {
        return writeln!(
            out,
            "the index at {path} is sound: {} files ({:.1} MB) match their checksums; {articles} articles",
            v.files_checked,
            v.bytes_checked as f64 / 1e6
        );
    }
    writeln!(out, "the index at {path} is damaged:")?;
    for p in &v.problems {
        writeln!(out, "  {}", visible::line(p))?;
    }
    writeln!(
        out,
        "repair it by rebuilding it from the corpus: {}",
        visible::line(repair)
    )
}

/// What `newsdex check` found, as one JSON document.
pub fn write_check_json(
    out: &mut dyn Write,
    path: &std::path::Path,
    v: &crate::index::verify::Verification,
    repair: &str,
) -> io::Result<()> {
    wire::write_line(
        out,
        &wire::CheckRecord {
            version: JSON_VERSION,
            index: &path.display().to_string(),
            sound: v.is_sound(),
            files_checked: v.files_checked,
            bytes_checked: v.bytes_checked,
            articles: v.articles,
            problems: &v.problems,
            repair: (!v.is_sound()).then_some(repair),
        },
    )
}
