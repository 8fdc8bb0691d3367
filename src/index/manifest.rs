//! What an index records of itself, in two parts that commit together:
//!
//! - the `Manifest`, the payload of the tantivy commit (in `meta.json`): the versions the
//!   index was built with, the corpus root, counts, when the run that made it started and
//!   the corpus folders it saw. Its size does not grow with the number of files, so
//!   opening an index for a search costs the same at any corpus size;
//! - the `FileTable`, a file beside the segments (`files-<stamp>.jsonl.gz`) with a
//!   fingerprint of every corpus file, read only by indexing and `newsdex status`. It is
//!   written before the commit and named by the manifest, so a crash between the two
//!   leaves the last commit pointing at its own table; tables no commit names are removed
//!   by the next run.

use crate::index::schema::{SCHEMA_VERSION, TEXT_TOKENIZER};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The most corpus folders the manifest lists for the quick staleness check.
pub const MAX_LISTED_DIRS: usize = 1024;
/// File tables are named `files-<stamp>.jsonl.gz`.
const TABLE_PREFIX: &str = "files-";
const TABLE_SUFFIX: &str = ".jsonl.gz";

/// What was recorded of one corpus file at indexing time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub size: u64,
    pub mtime_ns: u64,
    /// The first 128 bits of the content's BLAKE3 hash (hex in the table file).
    #[serde(with = "hex128")]
    pub hash: u128,
    pub articles: usize,
    pub passages: usize,
    /// Why the file was skipped, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Records of the file that were skipped (`path:line: reason`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// A 128-bit hash written as 32 hex digits.
mod hex128 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:032x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let text = String::deserialize(d)?;
        u128::from_str_radix(&text, 16).map_err(serde::de::Error::custom)
    }
}

/// The first 128 bits of the BLAKE3 hash of `bytes`.
pub fn content_hash(bytes: &[u8]) -> u128 {
    let h = blake3::hash(bytes);
    u128::from_be_bytes(h.as_bytes()[..16].try_into().expect("16 bytes"))
}

/// The index's record of itself: the commit payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub tantivy_version: String,
    pub tokenizer: String,
    /// What made the passages and entities (see `analyze::analysis_version`).
    #[serde(default)]
    pub analysis: String,
    pub newsdex_version: String,
    pub corpus_root: PathBuf,
    pub outlet_from_folder: bool,
    pub indexed_at: String,
    /// When the run that made this commit started to look at the corpus (ns since the
    /// epoch): a corpus file or folder changed later than this may not be in the index.
    #[serde(default)]
    pub scanned_at_ns: u64,
    /// Corpus folders (relative, `""` for the root), at most `MAX_LISTED_DIRS`: the quick
    /// staleness check looks at their modification times.
    #[serde(default)]
    pub dirs: Vec<String>,
    /// The file table's name in the index folder.
    #[serde(default)]
    pub file_table: String,
    /// The entity alias table's name in the index folder (`index::aliases`); empty when
    /// there is none.
    #[serde(default)]
    pub aliases: String,
    /// How the corpus was walked (excluded globs, links followed), so that `newsdex
    /// status` and the staleness check see the files this run saw.
    #[serde(default)]
    pub walk: crate::walk::WalkRules,
    pub files: usize,
    pub articles: usize,
    pub passages: usize,
}

/// The versions this build of newsdex writes and reads.
pub fn current_versions() -> (u32, String, String) {
    (
        SCHEMA_VERSION,
        tantivy::version().to_string(),
        TEXT_TOKENIZER.to_string(),
    )
}

impl Manifest {
    pub fn new(corpus_root: PathBuf, outlet_from_folder: bool) -> Self {
        let (schema_version, tantivy_version, tokenizer) = current_versions();
        Manifest {
            schema_version,
            tantivy_version,
            tokenizer,
            analysis: crate::analyze::analysis_version().to_string(),
            newsdex_version: env!("CARGO_PKG_VERSION").to_string(),
            corpus_root,
            outlet_from_folder,
            indexed_at: String::new(),
            scanned_at_ns: 0,
            dirs: Vec::new(),
            file_table: String::new(),
            aliases: String::new(),
            walk: Default::default(),
            files: 0,
            articles: 0,
            passages: 0,
        }
    }
}

/// The versions a manifest records, read apart so that an index of another version is
/// recognised whatever else its manifest holds.
#[derive(Debug, Clone, Deserialize)]
pub struct Versions {
    pub schema_version: u32,
    pub tantivy_version: String,
    pub tokenizer: String,
    /// What made the passages and entities (see `analyze::analysis_version`).
    #[serde(default)]
    pub analysis: String,
}

impl Versions {
    /// `None` when this build can read the index, else what differs.
    pub fn incompatibility(&self) -> Option<String> {
        let (schema, tantivy, tokenizer) = current_versions();
        let mut diffs = Vec::new();
        if self.schema_version != schema {
            diffs.push(format!(
                "schema v{} (this newsdex uses v{schema})",
                self.schema_version
            ));
        }
        if self.tantivy_version != tantivy {
            diffs.push(format!(
                "tantivy {} (this newsdex uses {tantivy})",
                self.tantivy_version
            ));
        }
        if self.tokenizer != tokenizer {
            diffs.push(format!(
                "tokenizer {} (this newsdex uses {tokenizer})",
                self.tokenizer
            ));
        }
        let analysis = crate::analyze::analysis_version();
        if self.analysis != analysis {
            let old = if self.analysis.is_empty() {
                "an older analysis"
            } else {
                &self.analysis
            };
            diffs.push(format!("{old} (this newsdex uses {analysis})"));
        }
        (!diffs.is_empty()).then(|| diffs.join(", "))
    }
}

/// The fingerprints of every corpus file, keyed by relative path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileTable {
    pub files: BTreeMap<String, FileEntry>,
}

/// One line of a file table.
#[derive(Serialize, Deserialize)]
struct TableLine {
    path: String,
    #[serde(flatten)]
    entry: FileEntry,
}

impl FileTable {
    pub fn articles(&self) -> usize {
        self.files.values().map(|f| f.articles).sum()
    }

    pub fn passages(&self) -> usize {
        self.files.values().map(|f| f.passages).sum()
    }

    /// Reads the table `name` in the index folder `dir`.
    pub fn read(dir: &Path, name: &str) -> std::io::Result<FileTable> {
        let file = std::fs::File::open(dir.join(name))?;
        let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
        let mut files = BTreeMap::new();
        for line in reader.lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let l: TableLine = serde_json::from_str(&line).map_err(std::io::Error::other)?;
            files.insert(l.path, l.entry);
        }
        Ok(FileTable { files })
    }

    /// Writes the table into the index folder `dir` under a new name, durably, and
    /// returns the name.
    pub fn write(&self, dir: &Path) -> std::io::Result<String> {
        let stamp = jiff::Timestamp::now().as_nanosecond();
        let name = format!("{TABLE_PREFIX}{stamp}-{}{TABLE_SUFFIX}", std::process::id());
        let tmp = dir.join(format!(".{name}.tmp"));
        {
            let file = std::fs::File::create(&tmp)?;
            let mut gz = flate2::write::GzEncoder::new(
                std::io::BufWriter::new(file),
                flate2::Compression::fast(),
            );
            for (path, entry) in &self.files {
                let line = TableLine {
                    path: path.clone(),
                    entry: entry.clone(),
                };
                serde_json::to_writer(&mut gz, &line).map_err(std::io::Error::other)?;
                gz.write_all(b"\n")?;
            }
            let file = gz.finish()?.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
        }
        std::fs::rename(&tmp, dir.join(&name))?;
        Ok(name)
    }

    /// Removes the file tables in `dir` other than `keep` (left by older commits or by
    /// runs that died before committing), and their temporary files.
    pub fn remove_others(dir: &Path, keep: &str) {
        remove_named_others(dir, TABLE_PREFIX, TABLE_SUFFIX, keep);
    }
}

/// Removes the files of `dir` named `PREFIX…SUFFIX` (and their `.NAME.tmp` files) other
/// than `keep`: the side files older commits or dead runs left (file tables, alias tables).
pub fn remove_named_others(dir: &Path, prefix: &str, suffix: &str, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let bare = name.strip_prefix('.').unwrap_or(name);
        let bare = bare.strip_suffix(".tmp").unwrap_or(bare);
        if bare.starts_with(prefix) && bare.ends_with(suffix) && name != keep {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// How the corpus on disk differs from what the file table recorded.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub modified: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.modified.is_empty() && self.removed.is_empty()
    }

    pub fn len(&self) -> usize {
        self.added.len() + self.modified.len() + self.removed.len()
    }
}

/// Compares the files found on disk (relative path, size, mtime) with the table by size
/// and modification time only.
pub fn changes<'a>(
    table: &FileTable,
    on_disk: impl IntoIterator<Item = (&'a str, u64, u64)>,
) -> Changes {
    let mut out = Changes::default();
    let mut seen = std::collections::HashSet::new();
    for (rel, size, mtime) in on_disk {
        seen.insert(rel);
        match table.files.get(rel) {
            None => out.added.push(rel.to_string()),
            Some(e) if e.size != size || e.mtime_ns != mtime => out.modified.push(rel.to_string()),
            Some(_) => {}
        }
    }
    out.removed = table
        .files
        .keys()
        .filter(|k| !seen.contains(k.as_str()))
        .cloned()
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> FileEntry {
        FileEntry {
            size: n as u64,
            mtime_ns: 7,
            hash: n as u128,
            articles: n,
            passages: 2 * n,
            skipped: (n == 2).then(|| "why".into()),
            problems: vec![],
        }
    }

    #[test]
    fn file_tables_round_trip_and_old_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = FileTable::default();
        for n in 1..4 {
            t.files.insert(format!("a/ü {n}.txt"), entry(n));
        }
        let old = t.write(dir.path()).unwrap();
        let new = t.write(dir.path()).unwrap();
        assert_ne!(old, new);
        std::fs::write(dir.path().join("meta.json"), "{}").unwrap();
        std::fs::write(dir.path().join(format!(".{new}x.tmp")), "").unwrap();
        FileTable::remove_others(dir.path(), &new);
        assert!(!dir.path().join(&old).exists());
        assert!(dir.path().join("meta.json").exists(), "not ours: kept");
        let back = FileTable::read(dir.path(), &new).unwrap();
        assert_eq!(back, t);
        assert_eq!((back.articles(), back.passages()), (6, 12));
    }
}
