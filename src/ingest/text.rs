//! The plain-text reader: an optional title line followed by a blank line, then the
//! body (whose dateline, if any, `analyze` handles).

use crate::ingest::{decode, FieldMap, FileRead, IngestError};
use crate::model::RawArticle;

/// The reader of plain text files (see `read_text`).
pub fn read(bytes: &[u8], _fields: &FieldMap) -> Result<FileRead, IngestError> {
    let text = decode::decode(bytes)?;
    Ok(FileRead::one(read_text(&text)))
}

/// The longest line taken for a title.
const MAX_TITLE_CHARS: usize = 200;

/// Reads one article from plain text.
pub fn read_text(text: &str) -> RawArticle {
    let text = text.trim_start_matches(['\n', '\r', ' ', '\t']);
    let (first, rest) = match text.find('\n') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let next_is_blank = rest.split('\n').next().is_some_and(|l| l.trim().is_empty());
    let first_t = first.trim();
    let looks_like_title = next_is_blank
        && !rest.trim().is_empty()
        && first_t.chars().count() <= MAX_TITLE_CHARS
        && !first_t.starts_with('(')
        && (!first_t.ends_with('.') || first_t.ends_with("..."));
    if looks_like_title {
        RawArticle {
            title: Some(first_t.to_string()),
            body: rest.trim_start().to_string(),
            ..Default::default()
        }
    } else {
        RawArticle {
            body: text.to_string(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_line_then_blank_line() {
        let a = read_text("Ad sales boost profits\n\nQuarterly profits rose.\n\nMore.");
        assert_eq!(a.title.as_deref(), Some("Ad sales boost profits"));
        assert!(a.body.starts_with("Quarterly"));
    }

    #[test]
    fn dateline_first_line_is_not_a_title() {
        let a = read_text("(TibetanReview.net, Apr08’24) — China and Ukraine.\nMore text.");
        assert!(a.title.is_none());
        let a = read_text("One sentence only.\n\nAnother paragraph.");
        assert!(a.title.is_none());
    }
}
