//! Writing an index: replace a file's articles, remove a file, commit with the manifest
//! and the file table.
//! A fresh build goes to a temporary folder that replaces the old index only once it is
//! committed (see `ownership` for the swap), so an interrupted run always leaves the last
//! committed index usable.

use crate::index::aliases::EntityAliases;
use crate::index::document;
use crate::index::manifest::{FileEntry, FileTable, Manifest};
use crate::index::schema::{self, Fields};
use crate::index::verify::verify;
use crate::index::{exists, open, ownership, IndexError};
use crate::model::Article;
use std::path::{Path, PathBuf};
use tantivy::directory::error::LockError;
use tantivy::schema::Term;
use tantivy::{Index, IndexWriter};

/// The indexing arena of tantivy's writer, shared by its threads: segments are flushed
/// when it fills, so it bounds most of indexing's memory.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;

/// An index being written.
pub struct Writer {
    target: PathBuf,
    /// Where the writing happens: `target` itself, or a temporary folder for a fresh build.
    work_dir: PathBuf,
    writer: IndexWriter,
    fields: Fields,
    pub manifest: Manifest,
    /// The fingerprint of every corpus file, as of the last commit plus this run's work.
    pub table: FileTable,
    /// What was cleaned of dead runs' leftovers when the writer opened.
    pub cleaned: Vec<String>,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn tantivy_err(path: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| match source {
        tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked {
            path: path.to_path_buf(),
        },
        // The lock file could not be written: the folder's fault, not another process's.
        tantivy::TantivyError::LockFailure(LockError::IoError(io), _) => IndexError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(io.kind(), io.to_string()),
        },
        source => IndexError::Tantivy {
            path: path.to_path_buf(),
            source,
        },
    }
}

impl Writer {
    /// Opens the index at `target` to update it, or starts a fresh one (when there is
    /// none, when `rebuild` is set, or when it was built for another corpus or version).
    /// Whatever is at `target` that newsdex cannot prove is its own index is refused,
    /// never replaced.
    pub fn open(
        target: &Path,
        corpus_root: &Path,
        outlet_from_folder: bool,
        rebuild: bool,
    ) -> Result<Self, IndexError> {
        let cleaned = ownership::clean_dead_runs(target);
        let not_ours = || IndexError::NotAnIndex {
            path: target.to_path_buf(),
        };
        let foreign = target.exists()
            && !ownership::is_ours(target)
            && (target.is_file() || !ownership::is_empty_dir(target));
        if foreign {
            return Err(not_ours());
        }
        let mut cleaned = cleaned;
        if !rebuild && exists(target) {
            match open(target) {
                Ok(ni) => {
                    let check = verify(&ni);
                    if !check.is_sound() {
                        // A segment file is missing, truncated or changed: updating would
                        // keep the damage; the corpus is the source, so the index is built
                        // afresh (and replaces the damaged one only when it is done).
                        cleaned.push(format!(
                            "the index was damaged ({}): built afresh from the corpus",
                            check.problems.join("; ")
                        ));
                    } else if ni.manifest.corpus_root == corpus_root
                        && ni.manifest.outlet_from_folder == outlet_from_folder
                    {
                        // A table that cannot be read means a rebuild, not a guess.
                        if let Ok(table) = ni.file_table() {
                            if !target.join(ownership::MARKER).is_file() {
                                ownership::mark(target).map_err(io_err(target))?;
                            }
                            let writer = ni
                                .index
                                .writer(WRITER_MEMORY)
                                .map_err(tantivy_err(target))?;
                            // Files a killed run wrote and never committed would clash
                            // with the names this run gives its own (same opstamps).
                            writer
                                .garbage_collect_files()
                                .wait()
                                .map_err(tantivy_err(target))?;
                            return Ok(Writer {
                                target: target.to_path_buf(),
                                work_dir: target.to_path_buf(),
                                writer,
                                fields: ni.fields,
                                manifest: ni.manifest,
                                table,
                                cleaned,
                            });
                        }
                    }
                }
                Err(IndexError::Incompatible { .. }) | Err(IndexError::Unreadable { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        let mut w = Self::fresh(target, corpus_root, outlet_from_folder)?;
        w.cleaned = cleaned;
        Ok(w)
    }

    fn fresh(
        target: &Path,
        corpus_root: &Path,
        outlet_from_folder: bool,
    ) -> Result<Self, IndexError> {
        let work_dir = ownership::building_dir(target, std::process::id());
        if work_dir.exists() && ownership::is_ours(&work_dir) {
            ownership::remove_own_dir(&work_dir).map_err(io_err(&work_dir))?;
        }
        std::fs::create_dir_all(&work_dir).map_err(io_err(&work_dir))?;
        ownership::mark(&work_dir).map_err(io_err(&work_dir))?;
        let (schema, fields) = schema::build_schema();
        let index = Index::builder()
            .schema(schema)
            .settings(schema::index_settings())
            .create_in_dir(&work_dir)
            .map_err(tantivy_err(&work_dir))?;
        schema::register_tokenizers(&index);
        let writer = index
            .writer(WRITER_MEMORY)
            .map_err(tantivy_err(&work_dir))?;
        Ok(Writer {
            target: target.to_path_buf(),
            work_dir,
            writer,
            fields,
            manifest: Manifest::new(corpus_root.to_path_buf(), outlet_from_folder),
            table: FileTable::default(),
            cleaned: Vec::new(),
        })
    }

    /// Replaces whatever the index holds for file `rel` by `articles`.
    pub fn replace_file(
        &mut self,
        rel: &str,
        entry: FileEntry,
        articles: &[Article],
    ) -> Result<(), IndexError> {
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, rel));
        self.add_articles(articles)?;
        self.table.files.insert(rel.to_string(), entry);
        Ok(())
    }

    /// Adds articles (of a file whose old articles were removed first).
    pub fn add_articles(&mut self, articles: &[Article]) -> Result<(), IndexError> {
        for article in articles {
            self.writer
                .add_document(document::document(&self.fields, article))
                .map_err(tantivy_err(&self.work_dir))?;
        }
        Ok(())
    }

    /// Records a file's fingerprint (after its articles were added, or when its content
    /// did not change and only its modification time did).
    pub fn touch_file(&mut self, rel: &str, entry: FileEntry) {
        self.table.files.insert(rel.to_string(), entry);
    }

    /// Removes everything the index holds for file `rel`.
    pub fn remove_file(&mut self, rel: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.path, rel));
        self.table.files.remove(rel);
    }

    /// The folder being written: the index itself (an update) or a fresh build's.
    pub fn work_dir(&self) -> &Path {
        &self.work_dir
    }

    /// Commits what was added and removed, with the manifest as the commit's payload.
    fn commit_with_manifest(&mut self) -> Result<(), IndexError> {
        let payload = serde_json::to_string(&self.manifest).expect("manifest serialises");
        let mut prepared = self
            .writer
            .prepare_commit()
            .map_err(tantivy_err(&self.work_dir))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(tantivy_err(&self.work_dir))?;
        Ok(())
    }

    /// Commits documents, manifest and file table together, and puts a fresh build in place.
    pub fn commit(mut self) -> Result<Manifest, IndexError> {
        self.manifest.indexed_at = jiff::Timestamp::now().to_string();
        self.manifest.files = self.table.files.len();
        self.manifest.articles = self.table.articles();
        self.manifest.passages = self.table.passages();
        self.manifest.file_table = self
            .table
            .write(&self.work_dir)
            .map_err(io_err(&self.work_dir))?;
        self.commit_with_manifest()?;
        // The entity aliases are computed over what was just committed, and committed
        // in turn (a commit of the manifest alone). A table that cannot be computed (the
        // index just committed cannot be read back) leaves entity names as written rather
        // than failing the committed run.
        let aliases = EntityAliases::compute(self.writer.index(), &self.fields).unwrap_or_default();
        self.manifest.aliases = aliases
            .write(&self.work_dir)
            .map_err(io_err(&self.work_dir))?;
        self.commit_with_manifest()?;
        self.writer
            .wait_merging_threads()
            .map_err(tantivy_err(&self.work_dir))?;
        FileTable::remove_others(&self.work_dir, &self.manifest.file_table);
        EntityAliases::remove_others(&self.work_dir, &self.manifest.aliases);
        if self.work_dir != self.target {
            ownership::swap_into_place(&self.work_dir, &self.target)
                .map_err(io_err(&self.target))?;
        }
        Ok(self.manifest)
    }
}

/// After a failed run (its `Writer` dropped): removes a fresh build's folder, or the files
/// an update wrote but never committed (tantivy's garbage collection, and a file table no
/// commit names), so that a full disk is not kept full by them. The last committed index
/// is untouched.
pub fn clean_failed_run(target: &Path, work_dir: &Path) {
    if work_dir != target {
        if ownership::is_ours(work_dir) {
            let _ = ownership::remove_own_dir(work_dir);
        }
        return;
    }
    let Ok(ni) = open(target) else { return };
    if let Ok(w) = ni
        .index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
    {
        let _ = w.garbage_collect_files().wait();
    }
    FileTable::remove_others(target, &ni.manifest.file_table);
}
