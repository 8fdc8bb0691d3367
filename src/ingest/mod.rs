//! Ingest: one reader per format, each turning a file into `RawArticle` records.
//! Readers never panic on bad input; they return an error naming what is wrong, and a
//! file with several records reports each bad record while keeping the good ones.

pub mod bounds;
pub mod config;
pub mod csv;
pub mod decode;
pub mod html;
pub mod html_depth;
pub mod html_flat;
pub mod json;
pub mod markdown;
pub mod sgml;
pub mod text;
pub mod warc;

use crate::model::RawArticle;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
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
    #[error("cannot decode the text: it looks like {encoding}, but the byte at offset {offset} is not valid in it (convert the file to UTF-8)")]
    Undecodable {
        encoding: &'static str,
        offset: usize,
    },
    #[error("cannot decompress: {0}")]
    Decompress(String),
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("unsupported file type '{0}' (newsdex reads .txt, .json, .jsonl, .ndjson, .html, .htm, .warc, .csv, .tsv, .md, .sgm and .gz copies of them)")]
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
    /// Another kind of locator ("NEWID 1234") for records not counted by line or index.
    pub locator: Option<String>,
    pub reason: String,
}

impl Problem {
    pub fn line(line: usize, reason: String) -> Self {
        Problem {
            path: String::new(),
            line: Some(line),
            record: None,
            locator: None,
            reason,
        }
    }

    pub fn record(record: usize, reason: String) -> Self {
        Problem {
            path: String::new(),
            line: None,
            record: Some(record),
            locator: None,
            reason,
        }
    }

    /// The reason with the record's place in front ("line 3: ..."), without the path.
    pub fn placed_reason(&self) -> String {
        match (self.line, self.record, &self.locator) {
            (Some(l), _, _) => format!("line {l}: {}", self.reason),
            (None, Some(r), _) => format!("record {r}: {}", self.reason),
            (None, None, Some(loc)) => format!("{loc}: {}", self.reason),
            _ => self.reason.clone(),
        }
    }

    /// A record named by its own locator, such as "NEWID 1234".
    pub fn at(locator: String, reason: String) -> Self {
        Problem {
            path: String::new(),
            line: None,
            record: None,
            locator: Some(locator),
            reason,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.record, &self.locator) {
            (Some(l), _, _) => write!(f, "{}:{}: {}", self.path, l, self.reason),
            (None, Some(r), _) => write!(f, "{} (record {}): {}", self.path, r, self.reason),
            (None, None, Some(loc)) => write!(f, "{} ({}): {}", self.path, loc, self.reason),
            _ => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// The file formats newsdex reads, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Text,
    Json,
    JsonLines,
    Html,
    Warc,
    Csv,
    Tsv,
    Markdown,
    /// Reuters-21578 SGML (`.sgm`).
    Sgml,
}

/// Which source column each article field comes from, when the names are unusual
/// (`--field body=story_text`, or `[fields]` in newsdex.toml). Keys are article fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap(BTreeMap<String, String>);

impl FieldMap {
    /// The article fields that can be mapped.
    pub const FIELDS: &'static [&'static str] = &[
        "title", "body", "outlet", "date", "url", "authors", "language",
    ];

    /// Parses `field=column` pairs; an unknown field or a pair without `=` is an error.
    pub fn parse(pairs: &[String]) -> Result<Self, String> {
        let mut map = BTreeMap::new();
        for pair in pairs {
            let (field, column) = pair.split_once('=').ok_or_else(|| {
                format!("--field {pair}: expected FIELD=COLUMN, e.g. body=story_text")
            })?;
            map.insert(field.trim().to_string(), column.trim().to_string());
        }
        Self::from_map(map)
    }

    /// Checks the fields of a map read from a config file.
    pub fn from_map(map: BTreeMap<String, String>) -> Result<Self, String> {
        for (field, column) in &map {
            if !Self::FIELDS.contains(&field.as_str()) {
                return Err(format!(
                    "unknown article field '{field}' (fields: {})",
                    Self::FIELDS.join(", ")
                ));
            }
            if column.is_empty() {
                return Err(format!("field '{field}' is mapped to an empty column name"));
            }
        }
        Ok(FieldMap(map))
    }

    /// The source column mapped to article field `field`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    /// This map with `other`'s entries added, `other` winning on the same field.
    pub fn merged(&self, other: &FieldMap) -> FieldMap {
        let mut map = self.0.clone();
        map.extend(other.0.iter().map(|(k, v)| (k.clone(), v.clone())));
        FieldMap(map)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
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

/// Whether a file is a gzip copy (`.gz`), read by decompressing it first.
pub fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The format of a file (of the file inside, for a `.gz` copy), or why it is not read.
pub fn format_of(path: &Path) -> Result<FileFormat, IngestError> {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext),
        _ => (name, ""),
    };
    if NOT_ARTICLES.contains(&stem) {
        return Err(IngestError::NotArticle("a documentation file".into()));
    }
    match ext {
        "txt" | "text" | "" => Ok(FileFormat::Text),
        "json" => Ok(FileFormat::Json),
        "jsonl" | "ndjson" => Ok(FileFormat::JsonLines),
        "html" | "htm" | "xhtml" => Ok(FileFormat::Html),
        "warc" => Ok(FileFormat::Warc),
        "csv" => Ok(FileFormat::Csv),
        "tsv" | "tab" => Ok(FileFormat::Tsv),
        "md" | "markdown" => Ok(FileFormat::Markdown),
        "sgm" | "sgml" => Ok(FileFormat::Sgml),
        other => Err(IngestError::Unsupported(format!(".{other}"))),
    }
}

/// Decompresses a gzip file (all its members, as `.warc.gz` files hold one per record),
/// refusing one that inflates beyond `bounds::inflate_limit` of its size: it stops
/// reading there, so a decompression bomb never fills memory.
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, IngestError> {
    let limit = bounds::inflate_limit(bytes.len() as u64);
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4).min(limit as usize));
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| IngestError::Decompress(format!("not a valid gzip file ({e})")))?;
    if out.len() as u64 > limit {
        return Err(IngestError::Decompress(format!(
            "it inflates to more than {} MiB from {:.1} MB (more than {} times its size, or \
             over {} MiB: a decompression bomb?); decompress it yourself if it is genuine",
            limit >> 20,
            bytes.len() as f64 / 1e6,
            bounds::MAX_INFLATE_RATIO,
            bounds::MAX_FILE_BYTES >> 20
        )));
    }
    Ok(out)
}

/// How a corpus is read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Give an article with no outlet of its own its parent folder's name as outlet.
    pub outlet_from_folder: bool,
    /// Source columns for article fields with unusual names (JSON, CSV, Markdown).
    pub fields: FieldMap,
}

/// What was read from one file: its articles, and the records that were skipped.
#[derive(Debug, Default)]
pub struct FileRead {
    pub articles: Vec<RawArticle>,
    pub problems: Vec<Problem>,
}

impl FileRead {
    /// A file holding one article.
    pub fn one(article: RawArticle) -> Self {
        FileRead {
            articles: vec![article],
            problems: Vec::new(),
        }
    }
}

/// Every reader has this signature: the (decompressed) bytes of a file, and the source
/// columns of unusual field names, to the file's articles and the records skipped.
pub type Reader = fn(&[u8], &FieldMap) -> Result<FileRead, IngestError>;

impl FileFormat {
    /// The reader of the format.
    pub fn reader(self) -> Reader {
        match self {
            FileFormat::Text => text::read,
            FileFormat::Json => json::read,
            FileFormat::JsonLines => json::read_lines,
            FileFormat::Html => html::read,
            FileFormat::Warc => warc::read,
            FileFormat::Csv => csv::read,
            FileFormat::Tsv => csv::read_tsv,
            FileFormat::Markdown => markdown::read,
            FileFormat::Sgml => sgml::read,
        }
    }
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
    let unzipped;
    let bytes = if is_gzip(path) {
        unzipped = gunzip(bytes)?;
        &unzipped[..]
    } else {
        bytes
    };
    let FileRead {
        mut articles,
        mut problems,
    } = format.reader()(bytes, &opts.fields)?;
    if articles.is_empty() && problems.is_empty() {
        return Err(IngestError::NotArticle("no article records".into()));
    }
    let folder = rel
        .rsplit_once('/')
        .and_then(|(dir, _)| dir.rsplit('/').next())
        .filter(|_| opts.outlet_from_folder)
        .map(str::to_string);
    for (i, a) in articles.iter_mut().enumerate() {
        a.path = rel.to_string();
        a.folder_outlet.clone_from(&folder);
        problems.extend(bounds::bound_article(a, i + 1));
    }
    for p in &mut problems {
        p.path = rel.to_string();
    }
    if articles.is_empty() && problems.len() == 1 {
        let p = problems.remove(0);
        return Err(IngestError::Malformed(p.placed_reason()));
    }
    Ok(FileRead { articles, problems })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_including_gz_copies() {
        let f = |p: &str| format_of(Path::new(p));
        assert_eq!(f("crawl.warc.gz").unwrap(), FileFormat::Warc);
        assert_eq!(f("a/page.HTM").unwrap(), FileFormat::Html);
        assert_eq!(f("dump.tsv.gz").unwrap(), FileFormat::Tsv);
        assert_eq!(f("reut2-000.sgm").unwrap(), FileFormat::Sgml);
        assert_eq!(f("post.md").unwrap(), FileFormat::Markdown);
        assert!(matches!(f("README.md"), Err(IngestError::NotArticle(_))));
        assert!(matches!(f("x.tar.gz"), Err(IngestError::Unsupported(e)) if e == ".tar"));
    }

    #[test]
    fn gz_copies_are_read_and_broken_gzip_reported() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"body\":\"a\"}\n{\"body\":\"b\"}\n")
            .unwrap();
        let bytes = gz.finish().unwrap();
        let opts = ReadOptions::default();
        let read = parse_file(Path::new("f.jsonl.gz"), "f.jsonl.gz", &bytes, &opts).unwrap();
        assert_eq!(read.articles.len(), 2);
        let err = parse_file(Path::new("f.jsonl.gz"), "f", &bytes[..20], &opts).unwrap_err();
        assert!(matches!(err, IngestError::Decompress(_)), "{err}");
    }
}
