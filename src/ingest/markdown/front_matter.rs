//! YAML front matter, read by saphyr (a YAML 1.2 parser) into a JSON object that the
//! JSON reader's field names apply to. Scalars stay the text they were written as (a
//! date, a number, `yes`), folded (`>`) and literal (`|`) blocks become their text, maps
//! and lists stay maps and lists.
//!
//! Bounded: front matter over `MAX_BYTES` is refused before it is parsed, nesting is cut
//! at `MAX_DEPTH` levels, and aliases may expand to at most `ALIAS_LIMIT` nodes in all,
//! so that a "billion laughs" document fails at once instead of filling memory.

use saphyr::{Marker, ScalarStyle, Yaml, YamlLoader};
use saphyr_parser::{Event, Parser, Span, SpannedEventReceiver};
use serde_json::{Map, Value};

/// The largest front matter read: 64 KiB.
pub const MAX_BYTES: usize = 64 * 1024;
/// The deepest nesting of maps and lists read.
pub const MAX_DEPTH: usize = 32;
/// The most nodes that aliases may expand to, over the whole front matter.
pub const ALIAS_LIMIT: usize = 10_000;

/// Why front matter could not be read; `line` is counted in the front matter text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontMatterError {
    #[error("the front matter is {bytes} bytes, over the limit of {} KiB", MAX_BYTES / 1024)]
    TooLarge { bytes: usize },
    #[error("the front matter nests maps and lists more than {MAX_DEPTH} levels deep")]
    TooDeep { line: usize },
    #[error("invalid YAML in the front matter: {reason}")]
    Yaml { line: usize, reason: String },
    #[error("the front matter is not a map of 'key: value' lines")]
    NotAMap { line: usize },
}

impl FrontMatterError {
    /// The line of the front matter text the error is on (1 for the whole of it).
    pub fn line(&self) -> usize {
        match self {
            FrontMatterError::TooLarge { .. } => 1,
            FrontMatterError::TooDeep { line }
            | FrontMatterError::Yaml { line, .. }
            | FrontMatterError::NotAMap { line } => *line,
        }
    }
}

/// Parses front matter into a JSON object (empty front matter is an empty object).
pub fn parse(yaml: &str) -> Result<Map<String, Value>, FrontMatterError> {
    if yaml.len() > MAX_BYTES {
        return Err(FrontMatterError::TooLarge { bytes: yaml.len() });
    }
    let document = load(yaml)?;
    match document.as_ref().map(to_json) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(_) => Err(FrontMatterError::NotAMap {
            line: first_content_line(yaml),
        }),
    }
}

/// The first document of the YAML text, loaded within the bounds.
fn load(yaml: &str) -> Result<Option<Yaml<'_>>, FrontMatterError> {
    let mut loader = YamlLoader::default();
    loader.early_parse(false);
    loader.alias_limit(ALIAS_LIMIT);
    let mut receiver = DepthBound {
        loader,
        depth: 0,
        too_deep: None,
    };
    let scanned = Parser::new_from_str(yaml).load(&mut receiver, false);
    if let Some(at) = receiver.too_deep {
        return Err(FrontMatterError::TooDeep { line: at.line() });
    }
    if let Some(e) = scanned.err().as_ref().or(receiver.loader.error()) {
        return Err(FrontMatterError::Yaml {
            line: e.marker().line(),
            reason: e.info().to_string(),
        });
    }
    Ok(receiver.loader.into_documents().into_iter().next())
}

/// Passes parser events on to the loader until the nesting gets too deep.
struct DepthBound<'input> {
    loader: YamlLoader<'input, Yaml<'input>>,
    depth: usize,
    too_deep: Option<Marker>,
}

impl<'input> SpannedEventReceiver<'input> for DepthBound<'input> {
    fn on_event(&mut self, event: Event<'input>, span: Span) {
        if self.too_deep.is_some() {
            return;
        }
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    self.too_deep = Some(span.start);
                    return;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        self.loader.on_event(event, span);
    }
}

/// A loaded YAML node as JSON: scalars as their text (`null`, `~` and nothing as null),
/// maps with scalar keys as objects.
fn to_json(node: &Yaml) -> Value {
    match node {
        Yaml::Representation(text, style, _) => scalar(text, *style),
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| Some((key_text(k)?, to_json(v))))
                .collect(),
        ),
        Yaml::Tagged(_, inner) => to_json(inner),
        Yaml::Value(_) | Yaml::Alias(_) | Yaml::BadValue => Value::Null,
    }
}

fn scalar(text: &str, style: ScalarStyle) -> Value {
    let is_null =
        style == ScalarStyle::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL");
    if is_null {
        Value::Null
    } else {
        Value::String(text.to_string())
    }
}

fn key_text(key: &Yaml) -> Option<String> {
    match key {
        Yaml::Representation(text, ..) => Some(text.to_string()),
        Yaml::Tagged(_, inner) => key_text(inner),
        _ => None,
    }
}

fn first_content_line(yaml: &str) -> usize {
    yaml.lines()
        .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn block_scalars_maps_and_lists() {
        let yaml = "\ntitle: >\n  Harbour reopens\n  after the storm\nsummary: |\n  Line one.\n  Line two.\nsource:\n  name: Reuters\n  url: https://r.example/a\nauthors: [Ann Lee, Bo Ma]\ndate: 2024-05-03 10:00:00 +02:00\nissue: 0012\ndraft: ~\n";
        let map = parse(yaml).unwrap();
        assert_eq!(map["title"], "Harbour reopens after the storm\n");
        assert_eq!(map["summary"], "Line one.\nLine two.\n");
        assert_eq!(
            map["source"],
            json!({"name": "Reuters", "url": "https://r.example/a"})
        );
        assert_eq!(map["authors"], json!(["Ann Lee", "Bo Ma"]));
        assert_eq!(map["date"], "2024-05-03 10:00:00 +02:00");
        assert_eq!(map["issue"], "0012");
        assert_eq!(map["draft"], Value::Null);
    }

    #[test]
    fn errors_name_their_line() {
        let err = parse("\ntitle: ok\nauthor: [unclosed\ndate: 2024-01-01\n").unwrap_err();
        assert!(matches!(err, FrontMatterError::Yaml { .. }), "{err}");
        assert!(err.line() >= 3, "{err:?}");
        let err = parse("\ntitle: a\ntitle: b\n").unwrap_err();
        assert_eq!(err.line(), 3, "{err:?}");
        assert!(matches!(
            parse("\n- a\n- b\n"),
            Err(FrontMatterError::NotAMap { line: 2 })
        ));
        assert_eq!(parse("\n").unwrap(), Map::new());
    }

    #[test]
    fn bounded_size_depth_and_aliases() {
        let big = format!("title: {}\n", "x".repeat(MAX_BYTES));
        assert!(matches!(
            parse(&big),
            Err(FrontMatterError::TooLarge { .. })
        ));
        let deep: String = (0..100).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(matches!(
            parse(&deep),
            Err(FrontMatterError::TooDeep { .. })
        ));
        let flow = format!("k: {}{}\n", "[".repeat(5_000), "]".repeat(5_000));
        assert!(parse(&flow).is_err());
        let laughs = billion_laughs();
        let started = std::time::Instant::now();
        let err = parse(&laughs).unwrap_err();
        assert!(matches!(err, FrontMatterError::Yaml { .. }), "{err}");
        assert!(started.elapsed().as_secs() < 5);
    }

    /// Ten levels of ten aliases each: 10^10 nodes if expanded.
    fn billion_laughs() -> String {
        let mut y = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            y.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        y
    }
}
