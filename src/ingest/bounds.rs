//! What one file and one article may be at most. A bigger file is skipped with the
//! reason; a gzip copy that inflates far beyond its size (a decompression bomb) is
//! refused before it fills memory; an article longer than any news report is cut, and the
//! cut is reported. These keep the memory of indexing within a fixed multiple of the
//! largest file (see README "Limits").

use crate::ingest::{IngestError, Problem};
use crate::model::RawArticle;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The largest file read (its size on disk, or decompressed).
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// A gzip copy may inflate to this many times its size, or to `MIN_INFLATE_BYTES`,
/// whichever is more. Text compresses 3 to 10 times; a bomb, hundreds of times.
pub const MAX_INFLATE_RATIO: u64 = 100;
/// What any gzip file may inflate to, however small it is.
pub const MIN_INFLATE_BYTES: u64 = 64 << 20;
/// The longest article body indexed: 4 MiB, some 700,000 words.
pub const MAX_BODY_BYTES: usize = 4 << 20;
/// The longest title, outlet, author, URL, date or language kept.
pub const MAX_FIELD_BYTES: usize = 4 << 10;

/// Refuses a file bigger than `MAX_FILE_BYTES`.
pub fn check_file_size(size: u64) -> Result<(), IngestError> {
    if size > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge(format!(
            "{} MiB, more than the {} MiB newsdex reads from one file: split it",
            size >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(())
}

/// Reads a whole file, refusing one over `MAX_FILE_BYTES` (measured as it is read, so a
/// file that grows after it was listed is refused too).
pub fn read_file(path: &Path) -> Result<Vec<u8>, IngestError> {
    let unreadable = |e: std::io::Error| IngestError::Unreadable(e.to_string());
    let file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    check_file_size(size)?;
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    check_file_size(bytes.len() as u64)?;
    Ok(bytes)
}

/// The most bytes a gzip file of `compressed` bytes may inflate to.
pub fn inflate_limit(compressed: u64) -> u64 {
    compressed
        .saturating_mul(MAX_INFLATE_RATIO)
        .clamp(MIN_INFLATE_BYTES, MAX_FILE_BYTES)
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary,
/// and (when it can) at a paragraph break or a space.
fn cut_point(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let head = &s[..end];
    let floor = end / 2;
    head.rfind("\n\n")
        .filter(|&p| p > floor)
        .or_else(|| head.rfind(char::is_whitespace).filter(|&p| p > floor))
        .unwrap_or(end)
}

fn cut_field(field: &mut Option<String>) {
    if let Some(s) = field {
        let end = cut_point(s, MAX_FIELD_BYTES);
        s.truncate(end);
    }
}

/// Cuts an article to the bounds; says so when its body was cut. `ordinal` (from 1)
/// names the article when it has no locator of its own.
pub fn bound_article(a: &mut RawArticle, ordinal: usize) -> Option<Problem> {
    for field in [
        &mut a.title,
        &mut a.outlet,
        &mut a.date,
        &mut a.url,
        &mut a.language,
        &mut a.dateline,
    ] {
        cut_field(field);
    }
    for author in &mut a.authors {
        author.truncate(cut_point(author, MAX_FIELD_BYTES));
    }
    a.authors.truncate(64);
    if a.body.len() <= MAX_BODY_BYTES {
        return None;
    }
    let was = a.body.len();
    a.body.truncate(cut_point(&a.body, MAX_BODY_BYTES));
    let reason = format!(
        "an article of {:.1} MB, longer than any news report: indexed its first {} MiB",
        was as f64 / 1e6,
        MAX_BODY_BYTES >> 20
    );
    Some(match &a.locator {
        Some(loc) => Problem::at(loc.clone(), reason),
        None => Problem::record(ordinal, reason),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_body_is_cut_at_a_boundary_and_reported() {
        let mut a = RawArticle {
            body: "word ".repeat(MAX_BODY_BYTES / 5 + 1000),
            title: Some("é".repeat(MAX_FIELD_BYTES)),
            ..RawArticle::default()
        };
        let problem = bound_article(&mut a, 3).expect("reported");
        assert!(a.body.len() <= MAX_BODY_BYTES && a.body.ends_with("word"));
        assert_eq!(problem.record, Some(3));
        assert!(problem.reason.contains("first 4 MiB"), "{}", problem.reason);
        assert!(a.title.unwrap().len() <= MAX_FIELD_BYTES);
    }

    #[test]
    fn a_normal_article_is_untouched() {
        let mut a = RawArticle {
            body: "Oil rose.".into(),
            title: Some("Oil".into()),
            ..RawArticle::default()
        };
        assert!(bound_article(&mut a, 1).is_none());
        assert_eq!(
            (a.body.as_str(), a.title.as_deref()),
            ("Oil rose.", Some("Oil"))
        );
    }

    #[test]
    fn inflation_is_bounded_by_ratio_floor_and_ceiling() {
        assert_eq!(inflate_limit(1 << 10), MIN_INFLATE_BYTES);
        assert_eq!(inflate_limit(10 << 20), 1000 << 20);
        assert_eq!(inflate_limit(100 << 20), MAX_FILE_BYTES);
        assert!(check_file_size(MAX_FILE_BYTES).is_ok());
        assert!(check_file_size(MAX_FILE_BYTES + 1).is_err());
    }
}
