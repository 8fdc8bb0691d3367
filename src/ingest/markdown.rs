//! The Markdown reader: YAML front matter (`title`, `date`, `source`/`outlet`, `url`,
//! `author`, mapped like JSON fields) between `---` lines, then the text, with the
//! Markdown markup taken off (headings, emphasis, links, images, code fences).
//! Only the simple YAML that front matter uses is read: `key: value`, quoted values,
//! `[a, b]` lists and `- item` lists.

use crate::ingest::{decode, FileRead, IngestError};
use crate::ingest::{json, FieldMap};
use crate::model::RawArticle;
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::LazyLock;

/// The reader of Markdown files (see `read_markdown`).
pub fn read(bytes: &[u8], fields: &FieldMap) -> Result<FileRead, IngestError> {
    let text = decode::decode(bytes)?;
    Ok(FileRead::one(
        read_markdown(&text, fields).map_err(IngestError::Malformed)?,
    ))
}

/// Reads one article from a Markdown file.
pub fn read_markdown(text: &str, fields: &FieldMap) -> Result<RawArticle, String> {
    let (front, rest) = split_front_matter(text)?;
    let mut obj = match front {
        Some(yaml) => parse_front_matter(yaml)?,
        None => Map::new(),
    };
    let (heading, body) = plain_text(rest);
    let body_key = fields.get("body").unwrap_or("body").to_string();
    obj.insert(body_key, Value::String(body));
    let mut article = json::article_from_value(&Value::Object(obj), fields)?;
    if article.title.is_none() {
        article.title = heading;
    }
    Ok(article)
}

/// Splits `---` front matter from the text after it. Front matter that opens but never
/// closes is an error.
fn split_front_matter(text: &str) -> Result<(Option<&str>, &str), String> {
    let t = text.trim_start_matches('\u{feff}');
    let Some(after) = t
        .strip_prefix("---")
        .filter(|a| a.starts_with(['\n', '\r']))
    else {
        return Ok((None, t));
    };
    let mut offset = 0;
    for line in after.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if offset > 0 && (trimmed == "---" || trimmed == "...") {
            return Ok((Some(&after[..offset]), &after[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err("the front matter opened by '---' on line 1 is never closed by another '---' line".into())
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let q = v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')));
    if q {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// Parses the simple YAML of front matter into a JSON object.
fn parse_front_matter(yaml: &str) -> Result<Map<String, Value>, String> {
    let mut obj = Map::new();
    let mut list_key: Option<String> = None;
    for (i, line) in yaml.lines().enumerate() {
        let line_no = i + 2;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            let key = list_key.as_ref().ok_or_else(|| {
                format!("front matter line {line_no}: a list item outside a list")
            })?;
            if let Some(Value::Array(a)) = obj.get_mut(key) {
                a.push(Value::String(unquote(item)));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue; // nested YAML that articles do not need
        }
        let (key, value) = trimmed.split_once(':').ok_or_else(|| {
            format!("front matter line {line_no}: expected 'key: value', found '{trimmed}'")
        })?;
        let key = key.trim().to_string();
        let value = value.trim();
        list_key = None;
        if value.is_empty() {
            obj.insert(key.clone(), Value::Array(Vec::new()));
            list_key = Some(key);
        } else if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let items = inner
                .split(',')
                .map(unquote)
                .filter(|s| !s.is_empty())
                .map(Value::String)
                .collect();
            obj.insert(key, Value::Array(items));
        } else {
            obj.insert(key, Value::String(unquote(value)));
        }
    }
    Ok(obj)
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());
static EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\*\*|__|\*|`)(\S(?:.*?\S)?)(\*\*|__|\*|`)").unwrap());
static BLANK_LINES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\n[ \t]*\n(?:[ \t]*\n)+").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[A-Za-z][^>]*>").unwrap());

/// The text without Markdown markup, and the first `# heading` (taken out of the text).
fn plain_text(md: &str) -> (Option<String>, String) {
    let mut heading = None;
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in md.lines() {
        let t = line.trim_end();
        if t.trim_start().starts_with("```") || t.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(t.to_string());
            continue;
        }
        let s = t.trim_start();
        if let Some(h) = s.strip_prefix('#') {
            let h = h.trim_start_matches('#').trim().to_string();
            if heading.is_none() && s.starts_with("# ") {
                heading = Some(h);
                continue;
            }
            lines.push(String::new());
            lines.push(h);
            lines.push(String::new());
            continue;
        }
        let s = s
            .strip_prefix("> ")
            .or_else(|| s.strip_prefix("- "))
            .or_else(|| s.strip_prefix("* "))
            .unwrap_or(s);
        let s = IMAGE.replace_all(s, "");
        let s = LINK.replace_all(&s, "$1");
        let s = EMPHASIS.replace_all(&s, "$2");
        let s = TAG.replace_all(&s, "");
        lines.push(s.into_owned());
    }
    let joined = lines.join("\n");
    let body = BLANK_LINES.replace_all(joined.trim(), "\n\n").into_owned();
    (heading, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_markup() {
        let md = "---\ntitle: \"Harbour reopens\"\ndate: 2024-05-03\nsource: Harbour Times\nauthor:\n  - Ann Lee\n  - Bo Ma\nurl: https://ht.example/reopen\n---\n# Ignored heading\n\nThe **harbour** reopened on [Friday](https://x.example).\n\n![map](map.png)\nShips *queued*.\n";
        let a = read_markdown(md, &FieldMap::default()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Harbour reopens"));
        assert_eq!(a.date.as_deref(), Some("2024-05-03"));
        assert_eq!(a.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(a.authors, vec!["Ann Lee", "Bo Ma"]);
        assert_eq!(a.body, "The harbour reopened on Friday.\n\nShips queued.");
    }

    #[test]
    fn no_front_matter_and_unclosed_front_matter() {
        let a = read_markdown("# Title here\n\nText.", &FieldMap::default()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Title here"));
        assert_eq!(a.body, "Text.");
        let err = read_markdown("---\ntitle: x\n\nText.", &FieldMap::default()).unwrap_err();
        assert!(err.contains("never closed"), "{err}");
    }
}
