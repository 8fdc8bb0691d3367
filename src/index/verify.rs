//! Verifying an index (`newsdex check`): every segment file's checksum (tantivy writes a
//! CRC of each file in its footer), that every segment opens, that the number of articles
//! agrees with the manifest, and that the file table can be read. Every file is read in
//! full, so this costs about one read of the index (a second per gigabyte, warm).

use crate::index::{damage_detail, NewsIndex};

/// What the check found.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Verification {
    /// Segment files whose checksums were verified.
    pub files_checked: usize,
    pub bytes_checked: u64,
    /// Articles the index holds (when its segments open).
    pub articles: Option<u64>,
    /// What is wrong, one line each; empty when the index is sound.
    pub problems: Vec<String>,
}

impl Verification {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the index; never panics on a damaged one.
pub fn verify(ni: &NewsIndex) -> Verification {
    let mut v = Verification::default();
    let metas = match ni.index.load_metas() {
        Ok(m) => m,
        Err(e) => {
            v.problems.push(format!("meta.json: {}", damage_detail(&e)));
            return v;
        }
    };
    let mut files: Vec<_> = metas.list_segment_files().into_iter().collect();
    files.sort();
    let dir = ni.index.directory();
    for file in files {
        let full = ni.path.join(&file);
        let Ok(meta) = std::fs::metadata(&full) else {
            // Candidates include components a segment may not have (a delete file); a
            // required file that is missing is found when the segments are opened.
            continue;
        };
        v.files_checked += 1;
        v.bytes_checked += meta.len();
        match crate::panics::contain(|| dir.validate_checksum(&file)) {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => v.problems.push(format!(
                "{}: checksum mismatch (its bytes changed)",
                file.display()
            )),
            Ok(Err(_)) => v
                .problems
                .push(format!("{}: truncated or unreadable", file.display())),
            Err(msg) => v.problems.push(format!("{}: {msg}", file.display())),
        }
    }
    match crate::panics::contain(|| ni.index.reader().map(|r| r.searcher().num_docs())) {
        Ok(Ok(n)) => {
            v.articles = Some(n);
            if n != ni.manifest.articles as u64 {
                v.problems.push(format!(
                    "the segments hold {n} articles, the manifest says {}",
                    ni.manifest.articles
                ));
            }
        }
        Ok(Err(e)) => v.problems.push(damage_detail(&e)),
        Err(msg) => v
            .problems
            .push(format!("the segments cannot be opened ({msg})")),
    }
    if let Err(e) = ni.file_table() {
        v.problems.push(format!(
            "the file table {} cannot be read: {e}",
            ni.manifest.file_table
        ));
    }
    v
}
