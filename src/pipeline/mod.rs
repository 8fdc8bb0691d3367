//! `newsdex index`: the pipeline walk ─▶ ingest ─▶ analyze ─▶ index. Files are read
//! and analysed in parallel, in batches; the index is written by one writer and
//! committed once, with the manifest, at the end. Also what other commands need of the
//! same flow: reading one file as the index would (`read_articles`), and how the
//! corpus on disk differs from an index (`status`).

pub mod status;

use crate::analyze::analyze;
use crate::index::manifest::{self, FileEntry};
use crate::index::writer::Writer;
use crate::index::IndexError;
use crate::ingest::{self, config::CorpusConfig, FieldMap, IngestError, Problem, ReadOptions};
use crate::model::Article;
use crate::walk::{relative_path, walk};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Files read and analysed together before their documents go to the writer.
const BATCH: usize = 256;

/// What `newsdex index` was asked to do.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    pub corpus: PathBuf,
    pub index: PathBuf,
    pub rebuild: bool,
    /// Overrides the corpus config's `outlet_from_folder` when set.
    pub outlet_from_folder: Option<bool>,
    /// Field mappings given on the command line; they win over the corpus config's.
    pub fields: FieldMap,
}

/// What happened, for the summary printed at the end.
#[derive(Debug, Default)]
pub struct Summary {
    pub files_seen: usize,
    pub files_read: usize,
    pub files_unchanged: usize,
    pub files_removed: usize,
    pub articles_read: usize,
    pub passages_read: usize,
    pub bytes_read: u64,
    /// Files skipped whole: (path, reason).
    pub skipped: Vec<(String, String)>,
    /// Records skipped inside files that were read (`path:line: reason`).
    pub problems: Vec<String>,
    pub seconds: f64,
    /// The corpus folder, as an absolute path.
    pub corpus_root: PathBuf,
    /// What the index holds after the run.
    pub total_articles: usize,
    pub total_passages: usize,
}

/// Why indexing could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("corpus folder {path} cannot be read: {reason}")]
    Corpus { path: PathBuf, reason: String },
    #[error("corpus config {0}")]
    Config(String),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// A file found in the corpus: absolute path, relative path, (size, mtime) when readable.
type CorpusFile = (PathBuf, String, Option<(u64, u64)>);

/// The outcome of reading one file.
struct FileOutcome {
    rel: String,
    entry: FileEntry,
    articles: Vec<Article>,
    /// `true` when the content hash matches the manifest: nothing to re-index.
    unchanged: bool,
}

/// Reads and analyses one file as `newsdex index` does: its articles (an article left
/// with no text is dropped) and the records that were skipped. `path` chooses the
/// reader, `rel` is the path the articles record as their source.
pub fn read_articles(
    path: &Path,
    rel: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(Vec<Article>, Vec<Problem>), IngestError> {
    let read = ingest::parse_file(path, rel, bytes, opts)?;
    let articles = read
        .articles
        .into_iter()
        .map(analyze)
        .filter(|a| !a.passages.is_empty())
        .collect();
    Ok((articles, read.problems))
}

/// Reads one file whose (size, mtime) the walk already took.
fn read_one(
    abs: &Path,
    rel: String,
    stat: Option<(u64, u64)>,
    old: Option<&FileEntry>,
    opts: &ReadOptions,
) -> FileOutcome {
    let (size, mtime_ns) = stat.unwrap_or((0, 0));
    let mut entry = FileEntry {
        size,
        mtime_ns,
        hash: String::new(),
        articles: 0,
        passages: 0,
        skipped: None,
        problems: Vec::new(),
    };
    let bytes = match std::fs::read(abs) {
        Ok(b) => b,
        Err(e) => {
            entry.skipped = Some(format!("cannot read: {e}"));
            return FileOutcome {
                rel,
                entry,
                articles: Vec::new(),
                unchanged: false,
            };
        }
    };
    entry.hash = blake3::hash(&bytes).to_hex()[..32].to_string();
    if let Some(old) = old.filter(|o| o.hash == entry.hash) {
        let entry = FileEntry {
            size,
            mtime_ns,
            ..old.clone()
        };
        return FileOutcome {
            rel,
            entry,
            articles: Vec::new(),
            unchanged: true,
        };
    }
    let articles = match read_articles(abs, &rel, &bytes, opts) {
        Ok((articles, problems)) => {
            entry.problems = problems.iter().map(ToString::to_string).collect();
            articles
        }
        Err(e) => {
            entry.skipped = Some(e.to_string());
            Vec::new()
        }
    };
    if articles.is_empty() && entry.skipped.is_none() && entry.problems.is_empty() {
        entry.skipped = Some("not an article: no text".into());
    }
    entry.articles = articles.len();
    entry.passages = articles.iter().map(|a| a.passages.len()).sum();
    FileOutcome {
        rel,
        entry,
        articles,
        unchanged: false,
    }
}

/// Indexes the corpus; `progress(done, total)` is called as files are processed.
pub fn run(
    req: &IndexRequest,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Summary, PipelineError> {
    let started = Instant::now();
    let root = req
        .corpus
        .canonicalize()
        .map_err(|e| PipelineError::Corpus {
            path: req.corpus.clone(),
            reason: e.to_string(),
        })?;
    if !root.is_dir() {
        return Err(PipelineError::Corpus {
            path: req.corpus.clone(),
            reason: "not a folder".into(),
        });
    }
    let config = CorpusConfig::load(&root).map_err(PipelineError::Config)?;
    let mut opts = config.read_options();
    if let Some(v) = req.outlet_from_folder {
        opts.outlet_from_folder = v;
    }
    opts.fields = opts.fields.merged(&req.fields);
    let walked = walk(&root, std::slice::from_ref(&req.index));
    let mut writer = Writer::open(&req.index, &root, opts.outlet_from_folder, req.rebuild)?;
    let mut summary = Summary {
        files_seen: walked.files.len(),
        ..Default::default()
    };
    for (path, reason) in &walked.errors {
        summary
            .skipped
            .push((relative_path(&root, path), reason.clone()));
    }
    let files: Vec<CorpusFile> = walked
        .files
        .into_iter()
        .map(|p| {
            let rel = relative_path(&root, &p);
            let stat = manifest::stat(&p).ok();
            (p, rel, stat)
        })
        .collect();
    let on_disk: Vec<(String, u64, u64)> = files
        .iter()
        .filter_map(|(_, rel, s)| s.map(|(a, b)| (rel.clone(), a, b)))
        .collect();
    let changes = manifest::changes(&writer.manifest, &on_disk);
    for rel in &changes.removed {
        writer.remove_file(rel);
        summary.files_removed += 1;
    }
    let changed: std::collections::HashSet<&String> =
        changes.added.iter().chain(&changes.modified).collect();
    let to_read: Vec<&CorpusFile> = files
        .iter()
        .filter(|(_, rel, _)| changed.contains(rel))
        .collect();
    summary.files_unchanged = files.len() - to_read.len();
    let total = to_read.len();
    progress(0, total);
    let mut done = 0;
    for batch in to_read.chunks(BATCH) {
        let outcomes: Vec<FileOutcome> = batch
            .par_iter()
            .map(|(abs, rel, stat)| {
                read_one(
                    abs,
                    rel.clone(),
                    *stat,
                    writer.manifest.files.get(rel),
                    &opts,
                )
            })
            .collect();
        for o in outcomes {
            if o.unchanged {
                writer.touch_file(&o.rel, o.entry);
                summary.files_unchanged += 1;
                continue;
            }
            summary.files_read += 1;
            summary.bytes_read += o.entry.size;
            summary.articles_read += o.entry.articles;
            summary.passages_read += o.entry.passages;
            writer.replace_file(&o.rel, o.entry, &o.articles)?;
        }
        done += batch.len();
        progress(done, total);
    }
    // Report every skipped file and record, including those of unchanged files.
    for (rel, e) in &writer.manifest.files {
        if let Some(reason) = &e.skipped {
            summary.skipped.push((rel.clone(), reason.clone()));
        }
        summary.problems.extend(e.problems.iter().cloned());
    }
    let manifest = writer.commit()?;
    summary.total_articles = manifest.articles();
    summary.total_passages = manifest.passages();
    summary.corpus_root = root;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
