//! How the corpus on disk differs from what an index recorded, two ways:
//!
//! - `quick_check`, run beside every search: it looks only at the modification times of
//!   the corpus folders the index listed (adding, removing or renaming a file changes its
//!   folder's time) and then of as many files as it can within a small time budget. It
//!   reads no per-file bookkeeping, so its cost does not grow with the corpus. It misses a
//!   file edited in place in a folder it had no time to look into, and changes that keep
//!   old modification times (a copy that preserves them).
//! - `corpus_changes`, for `newsdex status`: every file compared with the file table.

use crate::index::manifest::{self, Changes, Manifest};
use crate::index::NewsIndex;
use crate::walk::{escape_name, mtime_ns, path_of, walk};
use std::time::{Duration, Instant};

/// The files added, modified and removed since the index was built, by size and
/// modification time (`None` when the corpus folder is gone).
pub fn corpus_changes(index: &NewsIndex) -> std::io::Result<Option<Changes>> {
    let m = &index.manifest;
    if !m.corpus_root.is_dir() {
        return Ok(None);
    }
    let table = index.file_table()?;
    let walked = walk(&m.corpus_root, std::slice::from_ref(&index.path), &m.walk);
    let on_disk = walked
        .files
        .iter()
        .map(|f| (f.rel.as_str(), f.size, f.mtime_ns));
    Ok(Some(manifest::changes(&table, on_disk)))
}

/// What the quick check saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    /// Nothing changed that the check looked at.
    Fresh,
    /// This corpus path (a folder or a file, relative) changed after the index was built.
    Changed(String),
}

/// Looks for a corpus folder or file changed since the index's run began, for at most
/// `budget`. The listed folders come first, then files folder by folder.
pub fn quick_check(m: &Manifest, index_path: &std::path::Path, budget: Duration) -> Staleness {
    let deadline = Instant::now() + budget;
    let root = &m.corpus_root;
    let changed_after = |meta: &std::fs::Metadata| mtime_ns(meta) > m.scanned_at_ns;
    let index_abs = index_path.canonicalize().ok();
    // The folder that holds the index changes whenever the index is swapped into place:
    // its own time says nothing about the corpus (its files are still looked at).
    let index_parent = index_abs.as_deref().and_then(std::path::Path::parent);
    let excluded = m.walk.excluder(root);
    for dir in &m.dirs {
        if Instant::now() > deadline {
            return Staleness::Fresh;
        }
        let path = path_of(root, dir);
        if index_parent.is_some_and(|p| path.canonicalize().is_ok_and(|d| d == p)) {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(meta) if !changed_after(&meta) => {}
            _ => {
                return Staleness::Changed(if dir.is_empty() {
                    ".".into()
                } else {
                    dir.clone()
                })
            }
        }
    }
    for dir in &m.dirs {
        let Ok(entries) = std::fs::read_dir(path_of(root, dir)) else {
            continue;
        };
        for e in entries.flatten() {
            if Instant::now() > deadline {
                return Staleness::Fresh;
            }
            let name = e.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_file() && changed_after(&meta) && !excluded(&e.path()) {
                if index_abs
                    .as_deref()
                    .is_some_and(|ix| e.path().starts_with(ix))
                {
                    continue;
                }
                let rel = if dir.is_empty() {
                    escape_name(&name)
                } else {
                    format!("{dir}/{}", escape_name(&name))
                };
                return Staleness::Changed(rel);
            }
        }
    }
    Staleness::Fresh
}
