//! The manifest: what an index was built with (schema, tantivy and tokenizer versions)
//! and from what (the corpus root, a fingerprint of every file). It is stored as the
//! payload of the tantivy commit, so the two can never disagree.

use crate::index::schema::{SCHEMA_VERSION, TEXT_TOKENIZER};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What was recorded of one corpus file at indexing time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub size: u64,
    pub mtime_ns: u64,
    pub hash: String,
    pub articles: usize,
    pub passages: usize,
    /// Why the file was skipped, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Records of the file that were skipped (`path:line: reason`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// The index's record of itself.
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
    pub files: BTreeMap<String, FileEntry>,
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
            files: BTreeMap::new(),
        }
    }

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

    pub fn articles(&self) -> usize {
        self.files.values().map(|f| f.articles).sum()
    }

    pub fn passages(&self) -> usize {
        self.files.values().map(|f| f.passages).sum()
    }
}

/// Size and modification time of a file, the quick half of its fingerprint.
pub fn stat(path: &Path) -> std::io::Result<(u64, u64)> {
    let meta = std::fs::metadata(path)?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    Ok((meta.len(), mtime))
}

/// How the corpus on disk differs from what the manifest recorded.
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

/// Compares the files found on disk (relative path, size, mtime) with the manifest by
/// size and modification time only; cheap enough to run before every search.
pub fn changes(manifest: &Manifest, on_disk: &[(String, u64, u64)]) -> Changes {
    let mut out = Changes::default();
    let mut seen = std::collections::HashSet::new();
    for (rel, size, mtime) in on_disk {
        seen.insert(rel.as_str());
        match manifest.files.get(rel) {
            None => out.added.push(rel.clone()),
            Some(e) if e.size != *size || e.mtime_ns != *mtime => out.modified.push(rel.clone()),
            Some(_) => {}
        }
    }
    out.removed = manifest
        .files
        .keys()
        .filter(|k| !seen.contains(k.as_str()))
        .cloned()
        .collect();
    out
}
