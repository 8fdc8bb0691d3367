//! `newsdex index`: the pipeline walk ─▶ ingest ─▶ analyze ─▶ index. Reading and
//! analysis run on every core while one writer feeds tantivy (which indexes on its own
//! threads): files are read in parallel, and the articles of a large file are analysed in
//! parallel chunks as they come, so a corpus that is one big file uses every core too.
//! A bounded channel between the two keeps memory flat. The run commits once, at the
//! end, with its manifest and file table. Also what other commands need of the same flow:
//! reading one file as the index would (`read_articles`), and how the corpus on disk
//! differs from an index (`status`).

pub mod status;

use crate::analyze::{analyze, lists, warm_up};
use crate::index::manifest::{self, FileEntry, Manifest, MAX_LISTED_DIRS};
use crate::index::writer::{self, Writer};
use crate::index::{self, IndexError};
use crate::ingest::{self, config::CorpusConfig, FieldMap, IngestError, Problem, ReadOptions};
use crate::model::Article;
use crate::walk::{relative_path, walk, CorpusFile, WalkRules};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Articles of one file analysed together before they go to the writer.
const CHUNK: usize = 64;
/// Messages the readers may be ahead of the writer.
const QUEUE: usize = 64;

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
    /// A config file to use instead of the corpus's own `newsdex.toml` (for a corpus
    /// the user cannot write to).
    pub config: Option<PathBuf>,
    /// Globs left out in addition to the config's.
    pub exclude: Vec<String>,
    /// Follow symbolic links (also `follow_links = true` in the config).
    pub follow_links: bool,
    /// How long one file may take to read and analyse; a file past it is skipped.
    pub file_time: Duration,
}

/// The default of `IndexRequest::file_time`: a 4 MiB article (the largest read whole)
/// takes a few seconds.
pub const FILE_TIME: Duration = Duration::from_secs(120);

impl IndexRequest {
    /// An incremental run with the corpus's own settings.
    pub fn new(corpus: &Path, index: &Path) -> Self {
        IndexRequest {
            corpus: corpus.to_path_buf(),
            index: index.to_path_buf(),
            rebuild: false,
            outlet_from_folder: None,
            fields: FieldMap::default(),
            config: None,
            exclude: Vec::new(),
            follow_links: false,
            file_time: FILE_TIME,
        }
    }
}

/// How far a run is, for a progress bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub files_done: usize,
    pub files_total: usize,
    /// Bytes of the files to read that have been read and analysed (a large file counts
    /// in proportion to its articles done).
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub articles: usize,
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
    /// Leftovers of dead runs that were cleaned.
    pub cleaned: Vec<String>,
    /// Symbolic links not followed (`--follow` follows them).
    pub links_skipped: usize,
    /// Files reached again through a followed link, indexed once.
    pub duplicates: usize,
}

/// Why indexing could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("corpus folder {path} cannot be read: {reason}")]
    Corpus { path: PathBuf, reason: String },
    #[error("corpus config: {0}")]
    Config(String),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Reads one file's articles, refusing a plain-text file that is a list and not an
/// article (see `analyze::lists`).
fn read_file(
    path: &Path,
    rel: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<ingest::FileRead, IngestError> {
    let read = ingest::parse_file(path, rel, bytes, opts)?;
    if ingest::format_of(path)? == ingest::FileFormat::Text {
        if let Some(reason) = read.articles.first().and_then(lists::not_an_article) {
            return Err(IngestError::NotArticle(reason));
        }
    }
    Ok(read)
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
    let read = read_file(path, rel, bytes, opts)?;
    let articles = read
        .articles
        .into_par_iter()
        .map(analyze)
        .filter(|a| !a.passages.is_empty())
        .collect();
    Ok((articles, read.problems))
}

/// What the readers send the writer, file by file, in order within a file.
enum Msg {
    /// A file's new articles begin: its old ones go.
    Begin { rel: String },
    /// Analysed articles of the file, and the share of the file's bytes they stand for.
    Articles { articles: Vec<Article>, bytes: u64 },
    /// The file is done: its fingerprint, whether its content was unchanged, and whether
    /// newsdex failed on it (then what was sent of it goes).
    End {
        rel: String,
        entry: FileEntry,
        unchanged: bool,
        failed: bool,
        bytes: u64,
    },
}

/// Reads, analyses and sends one file. A failure of newsdex on the file (a panic) skips
/// the file with the reason, and what was sent of it is taken out again; the run goes on.
fn process_file(
    file: &CorpusFile,
    old: Option<&FileEntry>,
    opts: &ReadOptions,
    budget: Duration,
    tx: &mpsc::SyncSender<Msg>,
) {
    let outcome = crate::panics::contain(|| send_file(file, old, opts, budget, tx));
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(OverTime(took))) => Some(format!(
            "reading it took longer than the {} s a file may take (stopped after {:.0} s); \
             split it, or allow more with --file-time",
            budget.as_secs(),
            took.as_secs_f64()
        )),
        Err(msg) => Some(format!(
            "newsdex failed on this file (internal error: {msg}); please report it"
        )),
    };
    if let Some(reason) = failure {
        // What was sent of it goes again (`failed`).
        let entry = FileEntry {
            size: file.size,
            mtime_ns: file.mtime_ns,
            hash: 0,
            articles: 0,
            passages: 0,
            skipped: Some(reason),
            problems: Vec::new(),
        };
        let _ = tx.send(Msg::End {
            rel: file.rel.clone(),
            entry,
            unchanged: false,
            failed: true,
            bytes: 0,
        });
    }
}

/// A file that took longer than its budget (how long, when it was stopped).
struct OverTime(Duration);

/// The time one file has taken: wall-clock time since it was started, less the time its
/// messages waited for room in the writer's queue (the writer's pace, set by the other
/// files, is not this file's work).
struct FileClock {
    started: Instant,
    waited: Duration,
    budget: Duration,
}

impl FileClock {
    fn start(budget: Duration) -> Self {
        FileClock {
            started: Instant::now(),
            waited: Duration::ZERO,
            budget,
        }
    }

    /// Err when the file has taken more than its budget.
    fn in_time(&self) -> Result<(), OverTime> {
        let took = self.started.elapsed().saturating_sub(self.waited);
        if took > self.budget {
            Err(OverTime(took))
        } else {
            Ok(())
        }
    }

    /// Sends a message, not counting the wait for room in the queue; false when the
    /// writer has gone.
    fn send(&mut self, tx: &mpsc::SyncSender<Msg>, msg: Msg) -> bool {
        let asked = Instant::now();
        let sent = tx.send(msg).is_ok();
        self.waited += asked.elapsed();
        sent
    }
}

/// Reads, analyses and sends one file (see `process_file`). The time budget is checked
/// after reading and after each group of articles: a reader or one article's analysis
/// is not interrupted, but each is linear in its bounded input. Time spent waiting for
/// the writer does not count (`FileClock`).
fn send_file(
    file: &CorpusFile,
    old: Option<&FileEntry>,
    opts: &ReadOptions,
    budget: Duration,
    tx: &mpsc::SyncSender<Msg>,
) -> Result<(), OverTime> {
    let mut clock = FileClock::start(budget);
    let mut entry = FileEntry {
        size: file.size,
        mtime_ns: file.mtime_ns,
        hash: 0,
        articles: 0,
        passages: 0,
        skipped: None,
        problems: Vec::new(),
    };
    let end = |entry, unchanged, bytes| Msg::End {
        rel: file.rel.clone(),
        entry,
        unchanged,
        failed: false,
        bytes,
    };
    let bytes = match ingest::bounds::read_file(&file.path) {
        Ok(b) => b,
        Err(e) => {
            entry.skipped = Some(e.to_string());
            let _ = tx.send(end(entry, false, file.size));
            return Ok(());
        }
    };
    entry.hash = manifest::content_hash(&bytes);
    if let Some(old) = old.filter(|o| o.hash == entry.hash) {
        let entry = FileEntry {
            size: file.size,
            mtime_ns: file.mtime_ns,
            ..old.clone()
        };
        let _ = tx.send(end(entry, true, file.size));
        return Ok(());
    }
    clock.send(
        tx,
        Msg::Begin {
            rel: file.rel.clone(),
        },
    );
    match read_file(&file.path, &file.rel, &bytes, opts) {
        Ok(read) => {
            drop(bytes);
            clock.in_time()?;
            entry.problems = read.problems.iter().map(ToString::to_string).collect();
            let total = read.articles.len().max(1) as u64;
            let mut sent_bytes = 0;
            let mut raw = read.articles.into_iter();
            let mut done = 0u64;
            loop {
                // Chunks enough for every core, analysed in parallel, sent in order.
                let group: Vec<_> = raw
                    .by_ref()
                    .take(CHUNK * rayon::current_num_threads().max(1))
                    .collect();
                if group.is_empty() {
                    break;
                }
                clock.in_time()?;
                done += group.len() as u64;
                let chunks: Vec<Vec<Article>> = group
                    .into_par_iter()
                    .map(analyze)
                    .filter(|a| !a.passages.is_empty())
                    .collect::<Vec<_>>()
                    .chunks(CHUNK)
                    .map(<[Article]>::to_vec)
                    .collect();
                let share = file.size * done / total - sent_bytes;
                sent_bytes += share;
                for (i, articles) in chunks.into_iter().enumerate() {
                    entry.articles += articles.len();
                    entry.passages += articles.iter().map(|a| a.passages.len()).sum::<usize>();
                    let bytes = if i == 0 { share } else { 0 };
                    let msg = Msg::Articles { articles, bytes };
                    if !clock.send(tx, msg) {
                        return Ok(());
                    }
                }
            }
            if entry.articles == 0 && entry.problems.is_empty() {
                entry.skipped = Some("not an article: no text".into());
            }
            clock.in_time()?;
            let _ = tx.send(end(entry, false, file.size - sent_bytes));
        }
        Err(e) => {
            entry.skipped = Some(e.to_string());
            let _ = tx.send(end(entry, false, file.size));
        }
    }
    Ok(())
}

/// Indexes the corpus; `progress` is called as articles and files are done.
pub fn run(
    req: &IndexRequest,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary, PipelineError> {
    let started = Instant::now();
    let scanned_at_ns = jiff::Timestamp::now().as_nanosecond().max(0) as u64;
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
    let config = match &req.config {
        Some(path) => CorpusConfig::load_from(path, true),
        None => CorpusConfig::load(&root),
    }
    .map_err(PipelineError::Config)?;
    let mut rules = WalkRules {
        exclude: config.exclude.clone(),
        follow_links: config.follow_links || req.follow_links,
    };
    rules.exclude.extend(req.exclude.iter().cloned());
    rules.check(&root).map_err(PipelineError::Config)?;
    let mut opts = config.read_options();
    if let Some(v) = req.outlet_from_folder {
        opts.outlet_from_folder = v;
    }
    opts.fields = opts.fields.merged(&req.fields);
    let walked = walk(&root, std::slice::from_ref(&req.index), &rules);
    let mut writer = Writer::open(&req.index, &root, opts.outlet_from_folder, req.rebuild)
        .map_err(|e| index::diagnose(e, &req.index))?;
    let work_dir = writer.work_dir().to_path_buf();
    writer.manifest.scanned_at_ns = scanned_at_ns;
    writer.manifest.dirs = walked.dirs.iter().take(MAX_LISTED_DIRS).cloned().collect();
    writer.manifest.walk = rules;
    let mut summary = Summary {
        files_seen: walked.files.len(),
        links_skipped: walked.links_skipped,
        duplicates: walked.duplicates,
        corpus_root: root.clone(),
        cleaned: writer.cleaned.clone(),
        ..Default::default()
    };
    for (path, reason) in &walked.errors {
        summary
            .skipped
            .push((relative_path(&root, path), reason.clone()));
    }
    // Everything that writes: on failure, what this run wrote goes, and the cause is
    // named when it is the disk or the folder.
    let written = (|| -> Result<Manifest, IndexError> {
        // Files to read: new ones, and those whose size or modification time changed.
        let to_read: Vec<&CorpusFile> = walked
            .files
            .iter()
            .filter(|f| {
                writer
                    .table
                    .files
                    .get(&f.rel)
                    .is_none_or(|e| e.size != f.size || e.mtime_ns != f.mtime_ns)
            })
            .collect();
        // Files the index holds that are gone.
        if !writer.table.files.is_empty() {
            let on_disk: HashSet<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
            let removed: Vec<String> = writer
                .table
                .files
                .keys()
                .filter(|k| !on_disk.contains(k.as_str()))
                .cloned()
                .collect();
            for rel in &removed {
                writer.remove_file(rel);
                summary.files_removed += 1;
            }
        }
        summary.files_unchanged = walked.files.len() - to_read.len();
        let mut p = Progress {
            files_total: to_read.len(),
            bytes_total: to_read.iter().map(|f| f.size).sum(),
            ..Default::default()
        };
        progress(p);
        // What the table knew of the files to read (their content hashes tell an unchanged
        // file from a changed one); the writer keeps the table itself.
        let old: HashMap<&str, FileEntry> = to_read
            .iter()
            .filter_map(|f| Some((f.rel.as_str(), writer.table.files.get(&f.rel)?.clone())))
            .collect();
        if !to_read.is_empty() {
            warm_up();
        }
        let (tx, rx) = mpsc::sync_channel::<Msg>(QUEUE);
        let written: Result<(), IndexError> = std::thread::scope(|scope| {
            let opts = &opts;
            let to_read = &to_read;
            let old = &old;
            scope.spawn(move || {
                to_read.par_iter().for_each_with(tx, |tx, file| {
                    process_file(file, old.get(file.rel.as_str()), opts, req.file_time, tx)
                });
            });
            for msg in rx {
                match msg {
                    // A file the index holds loses its old articles; a new file has none (and
                    // a delete that finds nothing still costs memory until the commit).
                    Msg::Begin { rel } if writer.table.files.contains_key(&rel) => {
                        writer.remove_file(&rel)
                    }
                    Msg::Begin { .. } => {}
                    Msg::Articles { articles, bytes } => {
                        writer.add_articles(&articles)?;
                        p.articles += articles.len();
                        p.bytes_done += bytes;
                        progress(p);
                    }
                    Msg::End {
                        rel,
                        entry,
                        unchanged,
                        failed,
                        bytes,
                    } => {
                        if failed {
                            writer.remove_file(&rel);
                        }
                        if unchanged {
                            summary.files_unchanged += 1;
                        } else {
                            summary.files_read += 1;
                            summary.bytes_read += entry.size;
                            summary.articles_read += entry.articles;
                            summary.passages_read += entry.passages;
                        }
                        writer.touch_file(&rel, entry);
                        p.files_done += 1;
                        p.bytes_done += bytes;
                        progress(p);
                    }
                }
            }
            Ok(())
        });
        written?;
        // Report every skipped file and record, including those of unchanged files.
        for (rel, e) in &writer.table.files {
            if let Some(reason) = &e.skipped {
                summary.skipped.push((rel.clone(), reason.clone()));
            }
            summary.problems.extend(e.problems.iter().cloned());
        }
        writer.commit()
    })();
    let manifest = match written {
        Ok(m) => m,
        Err(e) => {
            // Named before the cleaning frees the space this run took.
            let e = index::diagnose(e, &req.index);
            writer::clean_failed_run(&req.index, &work_dir);
            return Err(e.into());
        }
    };
    summary.total_articles = manifest.articles;
    summary.total_passages = manifest.passages;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_for_the_writer_is_not_the_files_time() {
        let (tx, rx) = mpsc::sync_channel::<Msg>(0);
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1000));
            rx.recv().is_ok()
        });
        let mut clock = FileClock::start(Duration::from_millis(500));
        assert!(clock.send(
            &tx,
            Msg::Begin {
                rel: "a.txt".into()
            }
        ));
        assert!(writer.join().unwrap());
        assert!(clock.waited >= Duration::from_millis(800));
        assert!(clock.in_time().is_ok());
        // The file's own time still counts.
        std::thread::sleep(Duration::from_millis(600));
        assert!(clock.in_time().is_err());
    }
}
