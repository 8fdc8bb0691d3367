//! Walking a corpus directory: every regular file under the root, in a stable order,
//! with its size and modification time, and the folders walked. Left out: hidden
//! entries, the corpus config file, the index itself, what `--exclude` globs and
//! `.newsdexignore` files (gitignore syntax, in any folder of the corpus) exclude, and
//! symbolic links unless they are to be followed (then each file is listed once, however
//! many links reach it). The walking and the ignore rules are the `ignore` crate's
//! (ripgrep's walker).
//!
//! A file's corpus path (`rel`) is kept exactly, whatever bytes its name holds: a name
//! that is not UTF-8 is written with `\xNN` escapes for its stray bytes (and `\\` for a
//! backslash), so two names never share a path and `path_of` finds the file again.

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// The corpus config file's name; it lives in the corpus root and is not an article.
pub const CONFIG_FILE: &str = "newsdex.toml";
/// The ignore file read in every corpus folder (gitignore syntax).
pub const IGNORE_FILE: &str = ".newsdexignore";
/// The deepest folder nesting walked.
pub const MAX_DEPTH: usize = 64;
/// The most `--exclude` globs.
pub const MAX_EXCLUDES: usize = 256;

/// How a corpus is walked: recorded in the index, so that `newsdex status` and the next
/// run see the same files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkRules {
    /// Globs (gitignore syntax, relative to the corpus root) of files and folders left out.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Follow symbolic links (to files and folders, inside the corpus or not).
    #[serde(default)]
    pub follow_links: bool,
}

impl WalkRules {
    /// Checks the globs, with a message naming a bad one.
    pub fn check(&self, root: &Path) -> Result<(), String> {
        self.overrides(root).map(|_| ())
    }

    /// Whether a file is left out by the `exclude` globs (not by ignore files).
    pub fn excluder(&self, root: &Path) -> impl Fn(&Path) -> bool {
        let overrides = self.overrides(root).ok();
        move |path: &Path| {
            overrides
                .as_ref()
                .is_some_and(|o| o.matched(path, false).is_ignore())
        }
    }

    fn overrides(&self, root: &Path) -> Result<ignore::overrides::Override, String> {
        if self.exclude.len() > MAX_EXCLUDES {
            return Err(format!("more than {MAX_EXCLUDES} --exclude globs"));
        }
        let mut builder = OverrideBuilder::new(root);
        for glob in &self.exclude {
            builder
                .add(&format!("!{glob}"))
                .map_err(|e| format!("bad --exclude glob '{glob}': {e}"))?;
        }
        builder.build().map_err(|e| e.to_string())
    }
}

/// One file of the corpus.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    pub path: PathBuf,
    /// The path relative to the root, `/`-separated, escaped where not UTF-8.
    pub rel: String,
    pub size: u64,
    pub mtime_ns: u64,
}

/// The files found, the folders walked (relative; `""` is the root), the entries that
/// could not be read (with the reason), and the symbolic links not followed.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<CorpusFile>,
    pub dirs: Vec<String>,
    pub errors: Vec<(PathBuf, String)>,
    pub links_skipped: usize,
    /// Files reached a second time through a link (followed), listed once.
    pub duplicates: usize,
}

/// Lists the files under `root`, sorted by path. `skip` names directories (such as the
/// index) that are never entered. The rules must have passed `WalkRules::check`.
pub fn walk(root: &Path, skip: &[PathBuf], rules: &WalkRules) -> Walked {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut out = Walked::default();
    let overrides = match rules.overrides(root) {
        Ok(o) => o,
        Err(e) => {
            out.errors.push((root.to_path_buf(), e));
            return out;
        }
    };
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .hidden(true)
        .add_custom_ignore_filename(IGNORE_FILE)
        .follow_links(rules.follow_links)
        .max_depth(Some(MAX_DEPTH))
        .overrides(overrides)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.depth() > 0
                && e.path().canonicalize().is_ok_and(|p| skip.contains(&p)))
        });
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    for entry in builder.build() {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                out.errors.push((error_path(&err, root), err.to_string()));
                continue;
            }
        };
        let Some(kind) = e.file_type() else { continue };
        if kind.is_symlink() {
            out.links_skipped += 1;
        } else if kind.is_dir() {
            out.dirs.push(relative_path(root, e.path()));
        } else if kind.is_file() {
            if e.depth() == 1 && e.file_name() == CONFIG_FILE {
                continue;
            }
            let meta = e.metadata().ok();
            if rules.follow_links {
                if let Some(id) = meta.as_ref().and_then(file_id) {
                    if !seen.insert(id) {
                        out.duplicates += 1;
                        continue;
                    }
                }
            }
            let (size, mtime_ns) = meta.map(|m| (m.len(), mtime_ns(&m))).unwrap_or((0, 0));
            out.files.push(CorpusFile {
                rel: relative_path(root, e.path()),
                path: e.into_path(),
                size,
                mtime_ns,
            });
        }
    }
    out
}

/// The path an error is about (the root when it names none).
fn error_path(err: &ignore::Error, root: &Path) -> PathBuf {
    match err {
        ignore::Error::WithPath { path, .. } => path.clone(),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err, root)
        }
        ignore::Error::Loop { child, .. } => child.clone(),
        _ => root.to_path_buf(),
    }
}

/// A file's identity on its device (to list a file reached through two links once).
#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// A file's modification time in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// `path` relative to `root`, with `/` separators and each name escaped by
/// `escape_name`, as sources are recorded.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| escape_name(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// The file or folder a corpus path names under `root` (the inverse of `relative_path`).
pub fn path_of(root: &Path, rel: &str) -> PathBuf {
    let mut path = root.to_path_buf();
    for name in rel.split('/').filter(|n| !n.is_empty()) {
        path.push(unescape_name(name));
    }
    path
}

/// A file name as text: UTF-8 names without a backslash as they are; otherwise each byte
/// that is not UTF-8 as `\xNN` and each backslash as `\\`. No two names give one text.
pub fn escape_name(name: &OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.contains('\\') => s.to_string(),
        _ => {
            let mut out = String::with_capacity(bytes.len() + 8);
            for chunk in bytes.utf8_chunks() {
                out.push_str(&chunk.valid().replace('\\', "\\\\"));
                for b in chunk.invalid() {
                    out.push_str(&format!("\\x{b:02X}"));
                }
            }
            out
        }
    }
}

/// The file name `escape_name` wrote.
pub fn unescape_name(text: &str) -> OsString {
    if !text.contains('\\') {
        return OsString::from(text);
    }
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match (b, tail) {
            (b'\\', [b'\\', more @ ..]) => {
                bytes.push(b'\\');
                rest = more;
            }
            (b'\\', [b'x', h, l, more @ ..]) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                let hex = [*h, *l];
                let hex = std::str::from_utf8(&hex).expect("hex digits");
                bytes.push(u8::from_str_radix(hex, 16).expect("hex digits"));
                rest = more;
            }
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    bytes_to_os(bytes)
}

#[cfg(unix)]
fn bytes_to_os(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn bytes_to_os(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_kept_exactly_and_apart() {
        use std::os::unix::ffi::OsStrExt;
        let names: [&[u8]; 5] = [
            b"a\xff.txt",
            b"a\xfe.txt",
            b"a\\xFF.txt",
            b"plain.txt",
            b"x\\y",
        ];
        let escaped: Vec<String> = names
            .iter()
            .map(|n| escape_name(OsStr::from_bytes(n)))
            .collect();
        assert_eq!(
            escaped,
            [
                "a\\xFF.txt",
                "a\\xFE.txt",
                "a\\\\xFF.txt",
                "plain.txt",
                "x\\\\y"
            ]
        );
        for (n, e) in names.iter().zip(&escaped) {
            assert_eq!(unescape_name(e).as_bytes(), *n);
        }
    }

    #[test]
    fn a_bad_glob_is_named() {
        let rules = WalkRules {
            exclude: vec!["a[".into()],
            follow_links: false,
        };
        let err = rules.check(Path::new("/tmp")).unwrap_err();
        assert!(err.contains("a["), "{err}");
    }
}
