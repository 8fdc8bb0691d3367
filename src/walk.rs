//! Walking a corpus directory: every regular file under the root, in a stable order,
//! with its size and modification time, leaving out hidden entries, the corpus config
//! file and the index itself; and the folders walked.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The corpus config file's name; it lives in the corpus root and is not an article.
pub const CONFIG_FILE: &str = "newsdex.toml";

/// One file of the corpus.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    pub path: PathBuf,
    /// The path relative to the root, `/`-separated.
    pub rel: String,
    pub size: u64,
    pub mtime_ns: u64,
}

/// The files found, the folders walked (relative; `""` is the root) and the entries that
/// could not be read (with the reason).
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<CorpusFile>,
    pub dirs: Vec<String>,
    pub errors: Vec<(PathBuf, String)>,
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

/// Lists the files under `root`, sorted by path. `skip` names directories (such as the
/// index) that are never entered.
pub fn walk(root: &Path, skip: &[PathBuf]) -> Walked {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut out = Walked::default();
    let iter = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(is_hidden(e.file_name())
                    || (e.file_type().is_dir()
                        && e.path().canonicalize().is_ok_and(|p| skip.contains(&p))))
        });
    for entry in iter {
        match entry {
            Ok(e) if e.file_type().is_dir() => out.dirs.push(relative_path(root, e.path())),
            Ok(e) if e.file_type().is_file() => {
                if e.depth() == 1 && e.file_name() == CONFIG_FILE {
                    continue;
                }
                let (size, mtime_ns) = e
                    .metadata()
                    .map(|m| (m.len(), mtime_ns(&m)))
                    .unwrap_or((0, 0));
                let rel = relative_path(root, e.path());
                out.files.push(CorpusFile {
                    path: e.into_path(),
                    rel,
                    size,
                    mtime_ns,
                });
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                out.errors.push((path, err.to_string()));
            }
        }
    }
    out
}

/// A file's modification time in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// `path` relative to `root`, with `/` separators, as sources are recorded.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
