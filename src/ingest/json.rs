//! The JSON readers: a `.json` file with one article object or an array of them (or an
//! object holding such an array under `articles`, `items`, `data` or `results`), and
//! `.jsonl`/`.ndjson` with one article object per line.

use crate::ingest::{decode, FileRead, IngestError};
use crate::ingest::{FieldMap, Problem};
use crate::model::RawArticle;
use serde_json::{Map, Value};

/// The reader of `.json` files (see `read_json`).
pub fn read(bytes: &[u8], fields: &FieldMap) -> Result<FileRead, IngestError> {
    let text = decode::decode(bytes)?;
    let (articles, problems) = read_json(&text, fields).map_err(IngestError::Malformed)?;
    Ok(FileRead { articles, problems })
}

/// The reader of `.jsonl` and `.ndjson` files (see `read_json_lines`).
pub fn read_lines(bytes: &[u8], fields: &FieldMap) -> Result<FileRead, IngestError> {
    let text = decode::decode(bytes)?;
    let (articles, problems) = read_json_lines(&text, fields);
    Ok(FileRead { articles, problems })
}

const TITLE: &[&str] = &["title", "headline", "name"];
const BODY: &[&str] = &[
    "body",
    "text",
    "content",
    "article",
    "articleBody",
    "story",
    "maintext",
];
const OUTLET: &[&str] = &[
    "outlet",
    "source",
    "publisher",
    "site_name",
    "siteName",
    "site",
    "source_name",
    "domain",
];
const DATE: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedAt",
    "datePublished",
    "pubDate",
    "date_publish",
    "publish_date",
    "time",
];
const URL: &[&str] = &["url", "link", "canonical_url", "href"];
const AUTHORS: &[&str] = &["authors", "author", "byline", "creator"];
const LANGUAGE: &[&str] = &["language", "lang", "inLanguage"];
const WRAPPERS: &[&str] = &["articles", "items", "data", "results", "documents"];

fn first<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .filter_map(|k| obj.get(*k))
        .find(|v| !v.is_null() && v.as_str() != Some(""))
}

/// The value of article field `field`: the column the user mapped it to (`--field
/// body=story_text`) first, then the usual names.
fn pick<'a>(
    obj: &'a Map<String, Value>,
    fields: &FieldMap,
    field: &str,
    defaults: &[&str],
) -> Option<&'a Value> {
    fields
        .get(field)
        .and_then(|k| first(obj, &[k]))
        .or_else(|| first(obj, defaults))
}

/// A string, or an object's `name` (publisher: {"name": ...}), or a number as text.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => ["name", "title", "@value"]
            .iter()
            .find_map(|k| o.get(*k).and_then(text_of)),
        Value::Array(a) => a.iter().find_map(text_of),
        _ => None,
    }
}

fn texts_of(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(text_of).collect(),
        other => text_of(other).into_iter().collect(),
    }
}

fn body_of(v: &Value) -> Option<String> {
    match v {
        // A body given as a list of paragraphs.
        Value::Array(a) => Some(
            a.iter()
                .filter_map(text_of)
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        other => text_of(other),
    }
}

/// Maps one JSON object to an article, or says what is missing.
pub fn article_from_value(v: &Value, fields: &FieldMap) -> Result<RawArticle, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| format!("expected an article object, found {}", kind_of(v)))?;
    let body = pick(obj, fields, "body", BODY)
        .and_then(body_of)
        .filter(|b| !b.trim().is_empty())
        .ok_or_else(|| {
            let mapped = fields.get("body").map(|k| format!("{k}, ")).unwrap_or_default();
            format!(
                "no article text: none of the fields {mapped}{} holds text (map another with --field body=NAME)",
                BODY.join(", ")
            )
        })?;
    Ok(RawArticle {
        title: pick(obj, fields, "title", TITLE).and_then(text_of),
        body,
        outlet: pick(obj, fields, "outlet", OUTLET).and_then(text_of),
        date: pick(obj, fields, "date", DATE).and_then(text_of),
        authors: pick(obj, fields, "authors", AUTHORS)
            .map(texts_of)
            .unwrap_or_default(),
        url: pick(obj, fields, "url", URL).and_then(text_of),
        language: pick(obj, fields, "language", LANGUAGE).and_then(text_of),
        ..Default::default()
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads a `.json` document. A record that is not an article is a problem named by its
/// index ("record 3"); the others are kept.
pub fn read_json(text: &str, fields: &FieldMap) -> Result<(Vec<RawArticle>, Vec<Problem>), String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let records: Vec<&Value> = match &value {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => match WRAPPERS
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_array))
        {
            Some(a) if pick(o, fields, "body", BODY).is_none() => a.iter().collect(),
            _ => vec![&value],
        },
        other => {
            return Err(format!(
                "expected an article object or an array, found {}",
                kind_of(other)
            ))
        }
    };
    let several = records.len() > 1 || value.is_array();
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in records.into_iter().enumerate() {
        let locator = several.then(|| format!("record {}", i + 1));
        match article_from_value(rec, fields) {
            Ok(mut a) => {
                a.locator = locator;
                articles.push(a);
            }
            Err(reason) if several => problems.push(Problem::record(i + 1, reason)),
            Err(reason) => return Err(reason),
        }
    }
    Ok((articles, problems))
}

/// Reads JSON Lines. A malformed line is a problem named by its line number; the other
/// lines are kept. Blank lines are ignored.
pub fn read_json_lines(text: &str, fields: &FieldMap) -> (Vec<RawArticle>, Vec<Problem>) {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<Value>(line)
            .map_err(|e| format!("invalid JSON: {e}"))
            .and_then(|v| article_from_value(&v, fields));
        match parsed {
            Ok(mut a) => {
                a.locator = Some(format!("line {line_no}"));
                articles.push(a);
            }
            Err(reason) => problems.push(Problem::line(line_no, reason)),
        }
    }
    (articles, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_field_names() {
        let v: Value = serde_json::from_str(
            r#"{"headline":"H","text":"Body.","publisher":{"name":"Baltic Wire"},"datePublished":"2024-06-03","link":"u","author":[{"name":"A B"}]}"#,
        )
        .unwrap();
        let a = article_from_value(&v, &FieldMap::default()).unwrap();
        assert_eq!(a.title.as_deref(), Some("H"));
        assert_eq!(a.outlet.as_deref(), Some("Baltic Wire"));
        assert_eq!(a.date.as_deref(), Some("2024-06-03"));
        assert_eq!(a.url.as_deref(), Some("u"));
        assert_eq!(a.authors, vec!["A B"]);
    }

    #[test]
    fn a_broken_line_is_reported_and_the_rest_kept() {
        let (arts, probs) = read_json_lines(
            "{\"title\":\"a\",\"body\":\"x\"}\n{broken\n\n{\"body\":\"y\"}\n",
            &FieldMap::default(),
        );
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[1].locator.as_deref(), Some("line 4"));
        assert_eq!(probs.len(), 1);
        assert_eq!(probs[0].line, Some(2));
    }

    #[test]
    fn arrays_and_wrappers() {
        let (arts, probs) = read_json(
            r#"{"articles":[{"body":"a"},{"title":"no body"}]}"#,
            &FieldMap::default(),
        )
        .unwrap();
        assert_eq!(arts.len(), 1);
        assert_eq!(probs.len(), 1);
        assert!(read_json(r#"{"title":"no body"}"#, &FieldMap::default()).is_err());
        assert!(read_json("[1,", &FieldMap::default()).is_err());
    }

    #[test]
    fn mapped_fields_come_first() {
        let fields = FieldMap::parse(&["body=story_text".into(), "outlet=site".into()]).unwrap();
        let v: Value = serde_json::from_str(
            r#"{"story_text":"The story.","site":"Harbour Times","source":"feed-7"}"#,
        )
        .unwrap();
        let a = article_from_value(&v, &fields).unwrap();
        assert_eq!(a.body, "The story.");
        assert_eq!(a.outlet.as_deref(), Some("Harbour Times"));
        assert!(article_from_value(&v, &FieldMap::default()).is_err());
    }
}
