//! Ingest: one reader per format, each turning a file into `RawArticle` records.
//! Readers never panic on bad input; they return an error naming what is wrong, and a
//! file with several records reports each bad record while keeping the good ones.

pub mod config;
pub mod decode;
pub mod json;
pub mod text;

use crate::model::RawArticle;
use std::fmt;
use std::path::Path;

/// Why a whole file was skipped.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("empty file")]
    Empty,
    #[error("binary file, not text")]
    Binary,
    #[error("not valid UTF-8 text (first bad byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("unsupported file type '{0}' (newsdex reads .txt, .json, .jsonl and .ndjson)")]
    Unsupported(String),
    #[error("not an article: {0}")]
    NotArticle(String),
    #[error("{0}")]
    Malformed(String),
}

/// A bad record inside a file that was otherwise read: `path:line: reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub record: Option<usize>,
    pub reason: String,
}

impl Problem {
    pub fn line(line: usize, reason: String) -> Self {
        Problem {
            path: String::new(),
            line: Some(line),
            record: None,
            reason,
        }
    }

    pub fn record(record: usize, reason: String) -> Self {
        Problem {
            path: String::new(),
            line: None,
            record: Some(record),
            reason,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.record) {
            (Some(l), _) => write!(f, "{}:{}: {}", self.path, l, self.reason),
            (None, Some(r)) => write!(f, "{} (record {}): {}", self.path, r, self.reason),
            _ => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// The file formats newsdex reads, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    JsonLines,
}

/// Names that are documentation next to a corpus, not articles.
const NOT_ARTICLES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "changelog",
    "copying",
    "sha256sums",
];

/// The format of a file, or why it is not read.
pub fn format_of(path: &Path) -> Result<Format, IngestError> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if NOT_ARTICLES.contains(&stem.as_str()) {
        return Err(IngestError::NotArticle("a documentation file".into()));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" | "" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        "jsonl" | "ndjson" => Ok(Format::JsonLines),
        other => Err(IngestError::Unsupported(format!(".{other}"))),
    }
}

/// How a corpus is read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Give an article with no outlet of its own its parent folder's name as outlet.
    pub outlet_from_folder: bool,
}

/// What was read from one file: its articles, and the records that were skipped.
#[derive(Debug, Default)]
pub struct FileRead {
    pub articles: Vec<RawArticle>,
    pub problems: Vec<Problem>,
}

/// Reads every article of a file: `path` chooses the format, `rel` (the path relative
/// to the corpus root) is recorded as the articles' source, `bytes` is the content.
pub fn parse_file(
    path: &Path,
    rel: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<FileRead, IngestError> {
    let format = format_of(path)?;
    let text = decode::decode(bytes)?;
    let (mut articles, mut problems) = match format {
        Format::Text => (vec![text::read_text(&text)], Vec::new()),
        Format::Json => json::read_json(&text).map_err(IngestError::Malformed)?,
        Format::JsonLines => json::read_json_lines(&text),
    };
    if articles.is_empty() && problems.is_empty() {
        return Err(IngestError::NotArticle("no article records".into()));
    }
    let folder = rel
        .rsplit_once('/')
        .and_then(|(dir, _)| dir.rsplit('/').next())
        .filter(|_| opts.outlet_from_folder)
        .map(str::to_string);
    for a in &mut articles {
        a.path = rel.to_string();
        a.folder_outlet.clone_from(&folder);
    }
    for p in &mut problems {
        p.path = rel.to_string();
    }
    if articles.is_empty() && problems.len() == 1 {
        let p = problems.remove(0);
        return Err(IngestError::Malformed(p.reason));
    }
    Ok(FileRead { articles, problems })
}
