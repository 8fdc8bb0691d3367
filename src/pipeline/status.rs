//! How the corpus on disk differs from what an index recorded: a walk of the corpus
//! folder compared with the index's file fingerprints by size and modification time.

use crate::index::manifest::{self, Changes, Manifest};
use crate::walk::{relative_path, walk};

/// The files added, modified and removed since the index was built (`None` when the
/// corpus folder is gone). Files under `.newsdex*` folders are never corpus files.
pub fn corpus_changes(m: &Manifest) -> Option<Changes> {
    let root = &m.corpus_root;
    if !root.is_dir() {
        return None;
    }
    let walked = walk(root, &[]);
    let on_disk: Vec<(String, u64, u64)> = walked
        .files
        .iter()
        .filter_map(|p| {
            manifest::stat(p)
                .ok()
                .map(|(s, t)| (relative_path(root, p), s, t))
        })
        .filter(|(rel, _, _)| !rel.starts_with(".newsdex"))
        .collect();
    Some(manifest::changes(m, &on_disk))
}
