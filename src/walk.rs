//! Walking a corpus directory: every regular file under the root, in a stable order,
//! leaving out hidden entries, the corpus config file and the index itself.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The corpus config file's name; it lives in the corpus root and is not an article.
pub const CONFIG_FILE: &str = "newsdex.toml";

/// The files found, and the entries that could not be read (with the reason).
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
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
            Ok(e) if e.file_type().is_file() => {
                if !(e.depth() == 1 && e.file_name() == CONFIG_FILE) {
                    out.files.push(e.into_path());
                }
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

/// `path` relative to `root`, with `/` separators, as sources are recorded.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
