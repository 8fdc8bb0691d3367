//! The Markdown reader: YAML front matter between `---` lines (`title`, `date`,
//! `source`/`outlet`, `url`, `author`, mapped like JSON fields; read by a YAML parser,
//! see `front_matter`), then the text rendered from its Markdown (see `render`).
//! Front matter that is not valid YAML is reported as a problem on its line, and the
//! text is still read.

mod front_matter;
mod render;

use render::{render, Rendered};

use crate::ingest::{decode, FileRead, IngestError};
use crate::ingest::{json, FieldMap, Problem};
use serde_json::{Map, Value};

/// The reader of Markdown files (see `read_markdown`).
pub fn read(bytes: &[u8], fields: &FieldMap) -> Result<FileRead, IngestError> {
    let text = decode::decode(bytes)?;
    read_markdown(&text, fields).map_err(IngestError::Malformed)
}

/// Reads the one article of a Markdown file, with a problem for front matter that could
/// not be read. Front matter that opens but never closes, or a file without text, is an
/// error.
pub fn read_markdown(text: &str, fields: &FieldMap) -> Result<FileRead, String> {
    let (front, rest) = split_front_matter(text)?;
    let mut problems = Vec::new();
    let mut obj = match front.map(front_matter::parse) {
        Some(Ok(map)) => map,
        Some(Err(e)) => {
            // The front matter text starts on the line of the opening `---`.
            problems.push(Problem::line(e.line(), e.to_string()));
            Map::new()
        }
        None => Map::new(),
    };
    lift_nested_url(&mut obj);
    let Rendered { heading, body } = render(rest);
    let body_key = fields.get("body").unwrap_or("body").to_string();
    obj.insert(body_key, Value::String(body));
    let mut article = json::article_from_value(&Value::Object(obj), fields)?;
    if article.title.is_none() {
        article.title = heading;
    }
    Ok(FileRead {
        articles: vec![article],
        problems,
    })
}

/// Splits `---` front matter (from the end of the opening line, so that its line 1 is
/// the file's line 1) from the text after it. Front matter that opens but never closes
/// is an error.
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

/// Keys whose value may be a map that holds the article's address
/// (`source: {name: Reuters, url: ...}`).
const NESTED_URL_HOLDERS: &[&str] = &["source", "outlet", "publisher", "site"];
const URL_KEYS: &[&str] = &["url", "link", "canonical_url", "href"];

/// Gives the article the `url` of its `source` map when it has none of its own.
fn lift_nested_url(obj: &mut Map<String, Value>) {
    if URL_KEYS
        .iter()
        .any(|k| obj.get(*k).is_some_and(|v| !v.is_null()))
    {
        return;
    }
    let nested = NESTED_URL_HOLDERS
        .iter()
        .filter_map(|k| obj.get(*k).and_then(Value::as_object))
        .find_map(|m| {
            URL_KEYS
                .iter()
                .find_map(|k| m.get(*k).filter(|v| v.is_string()))
        })
        .cloned();
    if let Some(url) = nested {
        obj.insert("url".into(), url);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawArticle;

    fn article(md: &str) -> (RawArticle, Vec<Problem>) {
        let mut read = read_markdown(md, &FieldMap::default()).unwrap();
        (read.articles.remove(0), read.problems)
    }

    #[test]
    fn front_matter_and_markup() {
        let md = "---\ntitle: \"Harbour reopens\"\ndate: 2024-05-03\nsource: Harbour Times\nauthor:\n  - Ann Lee\n  - Bo Ma\nurl: https://ht.example/reopen\n---\n# Ignored heading\n\nThe **harbour** reopened on [Friday](https://x.example).\n\n![map](map.png)\nShips *queued*.\n";
        let (a, problems) = article(md);
        assert!(problems.is_empty());
        assert_eq!(a.title.as_deref(), Some("Harbour reopens"));
        assert_eq!(a.date.as_deref(), Some("2024-05-03"));
        assert_eq!(a.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(a.authors, vec!["Ann Lee", "Bo Ma"]);
        assert_eq!(a.url.as_deref(), Some("https://ht.example/reopen"));
        assert_eq!(a.body, "The harbour reopened on Friday.\n\nShips queued.");
    }

    #[test]
    fn folded_title_and_nested_source() {
        let md = "---\ntitle: >\n  Oil prices fall\n  as stocks build\nsource:\n  name: Reuters\n  url: https://reuters.example/oil\nauthors:\n  - name: Ann Lee\n  - name: Bo Ma\n---\nText.\n";
        let (a, _) = article(md);
        assert_eq!(
            a.title.as_deref(),
            Some("Oil prices fall as stocks build\n")
        );
        assert_eq!(a.outlet.as_deref(), Some("Reuters"));
        assert_eq!(a.url.as_deref(), Some("https://reuters.example/oil"));
        assert_eq!(a.authors, vec!["Ann Lee", "Bo Ma"]);
        let (a, _) = article("---\nsource: {name: AP, url: 'https://ap.example/x'}\n---\nText.");
        assert_eq!(a.outlet.as_deref(), Some("AP"));
        assert_eq!(a.url.as_deref(), Some("https://ap.example/x"));
    }

    #[test]
    fn malformed_front_matter_is_a_problem_and_the_text_is_kept() {
        let md =
            "---\ntitle: Storm\ndate: [2024-05-03\n---\n# Storm hits coast\n\nThe storm hit.\n";
        let (a, problems) = article(md);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].line >= Some(3), "{problems:?}");
        assert!(problems[0].reason.contains("front matter"), "{problems:?}");
        assert_eq!(a.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(a.body, "The storm hit.");
    }

    #[test]
    fn no_front_matter_and_unclosed_front_matter() {
        let (a, _) = article("# Title here\n\nText.");
        assert_eq!(a.title.as_deref(), Some("Title here"));
        assert_eq!(a.body, "Text.");
        let err = read_markdown("---\ntitle: x\n\nText.", &FieldMap::default()).unwrap_err();
        assert!(err.contains("never closed"), "{err}");
    }
}
