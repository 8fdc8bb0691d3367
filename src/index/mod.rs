//! The index layer: the tantivy schema and document codec, the writer, and the on-disk
//! manifest and file table. It takes analysed `Article`s and knows nothing of formats.

pub mod aliases;
pub mod document;
pub mod manifest;
pub mod ownership;
pub mod read_only;
pub mod schema;
pub mod verify;
pub mod writer;

use manifest::Manifest;
use schema::Fields;
use std::path::{Path, PathBuf};
use tantivy::Index;

/// What can go wrong opening or writing an index; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {path}: run `newsdex index CORPUS_DIR` to build one")]
    Missing { path: PathBuf },
    #[error(
        "the index at {path} was built with {detail}: rebuild it with `newsdex index --rebuild`"
    )]
    Incompatible { path: PathBuf, detail: String },
    #[error("{path} exists but is not a newsdex index: choose another --index path or remove it")]
    NotAnIndex { path: PathBuf },
    #[error(
        "the index at {path} cannot be read ({reason}): rebuild it with `newsdex index --rebuild`"
    )]
    Unreadable { path: PathBuf, reason: String },
    #[error(
        "the index at {path} is being written by another newsdex process: wait for it to finish"
    )]
    Locked { path: PathBuf },
    #[error("cannot write the index at {path}: the disk is full ({free}); free some space and run again (the index as last committed is unchanged, and what this run wrote was removed)")]
    DiskFull { path: PathBuf, free: String },
    #[error("cannot write the index at {path}: permission denied or a read-only file system; choose another --index (the index as last committed is unchanged)")]
    ReadOnly { path: PathBuf },
    #[error("the index at {path} is damaged ({detail}): `newsdex check` tells what; rebuild it with `newsdex index {corpus} --rebuild`", corpus = corpus.display())]
    Damaged {
        path: PathBuf,
        corpus: PathBuf,
        detail: String,
    },
    #[error("index at {path}: {source}")]
    Tantivy {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("index at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// An opened, compatible index with its manifest.
pub struct NewsIndex {
    pub path: PathBuf,
    pub index: Index,
    pub fields: Fields,
    pub manifest: Manifest,
}

impl NewsIndex {
    /// The fingerprints of the corpus files, from the file table the last commit names
    /// (indexing and `newsdex status` read it; a search never does).
    pub fn file_table(&self) -> std::io::Result<manifest::FileTable> {
        manifest::FileTable::read(&self.path, &self.manifest.file_table)
    }
}

/// What is wrong with an index file, in a few words, from a tantivy error met opening or
/// reading it (tantivy's own text for these is long and points at old versions).
pub fn damage_detail(err: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as T;
    match err {
        T::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
            format!("{} is missing", p.display())
        }
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            let what = if io_error.to_string().contains("Footer magic") {
                "is truncated or corrupt".to_string()
            } else {
                format!("cannot be read: {}", io_error.kind())
            };
            format!("{} {what}", filepath.display())
        }
        T::DataCorruption(c) => format!("corrupt data: {c:?}"),
        T::IoError(e) => format!("a file cannot be read: {e}"),
        other => {
            let text = other.to_string();
            text.chars().take(160).collect()
        }
    }
}

/// Names the cause of a failed write when it is the disk (full) or the folder (read-only,
/// not writable): tantivy reports both as a killed writer or a raw I/O error.
pub fn diagnose(err: IndexError, path: &Path) -> IndexError {
    let io_kind = |e: &(dyn std::error::Error + 'static)| {
        let mut cur = Some(e);
        while let Some(e) = cur {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                return Some((io.kind(), io.raw_os_error()));
            }
            // tantivy keeps the I/O error without naming it as the source.
            if let Some(tantivy::TantivyError::IoError(io)) = e.downcast_ref() {
                return Some((io.kind(), io.raw_os_error()));
            }
            cur = e.source();
        }
        None
    };
    let kind = io_kind(&err);
    let full = matches!(
        kind,
        Some((std::io::ErrorKind::StorageFull, _)) | Some((_, Some(28)))
    ) || free_bytes(path).is_some_and(|free| free < 1 << 20);
    if full {
        let free = match free_bytes(path) {
            Some(b) if b >= 100_000 => format!("{:.1} MB free", b as f64 / 1e6),
            _ => "no space left".into(),
        };
        return IndexError::DiskFull {
            path: path.to_path_buf(),
            free,
        };
    }
    if matches!(
        kind,
        Some((
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem,
            _
        ))
    ) {
        return IndexError::ReadOnly {
            path: path.to_path_buf(),
        };
    }
    err
}

/// Bytes free for us on the file system that holds `path` (or its nearest existing
/// parent); `None` where this cannot be told.
pub fn free_bytes(path: &Path) -> Option<u64> {
    let mut p = path;
    while !p.exists() {
        p = p.parent()?;
    }
    #[cfg(target_os = "linux")]
    {
        let s = rustix::fs::statvfs(p).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = p;
        None
    }
}

/// True when `path` holds a tantivy index.
pub fn exists(path: &Path) -> bool {
    path.join("meta.json").is_file()
}

/// Reads the manifest from the last commit of a tantivy index; an index of another
/// version is `Incompatible` (checked on the versions alone, before the rest is read).
fn read_manifest(path: &Path, index: &Index) -> Result<Manifest, IndexError> {
    let unreadable = |reason: String| IndexError::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let metas = index.load_metas().map_err(|e| unreadable(e.to_string()))?;
    let payload = metas
        .payload
        .ok_or_else(|| unreadable("it has no newsdex manifest".into()))?;
    let versions: manifest::Versions =
        serde_json::from_str(&payload).map_err(|e| unreadable(format!("bad manifest: {e}")))?;
    if let Some(detail) = versions.incompatibility() {
        return Err(IndexError::Incompatible {
            path: path.to_path_buf(),
            detail,
        });
    }
    serde_json::from_str(&payload).map_err(|e| unreadable(format!("bad manifest: {e}")))
}

/// Opens the index at `path`, refusing one built with another schema, tantivy or tokenizer.
pub fn open(path: &Path) -> Result<NewsIndex, IndexError> {
    if !exists(path) {
        return Err(
            if path.exists() && path.read_dir().is_ok_and(|mut d| d.next().is_some()) {
                IndexError::NotAnIndex {
                    path: path.to_path_buf(),
                }
            } else {
                IndexError::Missing {
                    path: path.to_path_buf(),
                }
            },
        );
    }
    let unreadable = |reason: String| IndexError::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let dir = read_only::ReadableDirectory::open(path).map_err(|e| unreadable(e.to_string()))?;
    let index = Index::open(dir).map_err(|e| unreadable(e.to_string()))?;
    let manifest = read_manifest(path, &index)?;
    let fields = schema::fields_of(&index.schema()).ok_or_else(|| IndexError::Incompatible {
        path: path.to_path_buf(),
        detail: "a different set of fields".into(),
    })?;
    schema::register_tokenizers(&index);
    Ok(NewsIndex {
        path: path.to_path_buf(),
        index,
        fields,
        manifest,
    })
}
