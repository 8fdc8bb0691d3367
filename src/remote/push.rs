//! `newsdex push`: the articles of an index sent to a cluster through the `_bulk` API.
//!
//! - The remote index is created with `mapping::index_body` when it does not exist.
//! - Document ids are newsdex article ids, so a second push replaces, never duplicates.
//! - A state file beside the index (`INDEX.push/HOST_PORT__REMOTE-INDEX.json`) lists
//!   every article id acknowledged by the cluster with a hash of the document sent. A
//!   push sends only articles whose document changed (or that the state lacks), deletes
//!   the ids the state has and the index no longer does, and writes the state after each
//!   acknowledged batch: an interrupted push resumes where it stopped. When the push has
//!   to create the remote index, the state is started afresh. The document holds the
//!   canonical entity terms (the corpus-wide aliases resolved), so an article whose
//!   entities the alias table now joins differently hashes differently and is sent again.
//! - A batch whose items partly fail is retried for those items alone, with exponential
//!   back-off, up to `PushOptions::attempts` times (429 and 5xx answers, and transport
//!   errors, are retried; other item errors are final); every article that still failed
//!   is reported by id with the engine's reason and stays out of the state, so the next
//!   push sends it again. Nothing is dropped silently.

use super::client::{engine_reason, Client};
use super::mapping::{index_body, RemoteDoc};
use super::{RemoteError, Target};
use crate::analyze::near_dup::Sketch;
use crate::search::articles::CandidateColumns;
use crate::search::collapse::{self, Candidate};
use crate::search::lookup::article_view;
use crate::search::Searcher;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::{DocAddress, TantivyDocument};

/// How a push batches and retries.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// Articles per `_bulk` request at most.
    pub batch_docs: usize,
    /// Bytes per `_bulk` request at most (one larger article goes alone).
    pub batch_bytes: usize,
    /// Tries per article before it is reported as failed.
    pub attempts: u32,
    /// The first back-off; each further one doubles.
    pub backoff: Duration,
    /// Build the requests and count them, send nothing, write no state.
    pub dry_run: bool,
    /// Stop after this many batches (to test resuming).
    pub max_batches: Option<usize>,
    /// Send every article, whatever the state file says.
    pub full: bool,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            batch_docs: 500,
            batch_bytes: 8 << 20,
            attempts: 5,
            backoff: Duration::from_millis(250),
            dry_run: false,
            max_batches: None,
            full: false,
        }
    }
}

/// Where a push is, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct PushProgress {
    /// Articles looked at (sent, unchanged or failed).
    pub done: usize,
    pub total: usize,
    pub sent: usize,
}

/// An article that could not be pushed, and the engine's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub article_id: String,
    pub reason: String,
}

/// What a push did.
#[derive(Debug, Clone, Default)]
pub struct PushSummary {
    pub articles: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub failed: Vec<Failure>,
    pub batches: usize,
    pub bytes: usize,
    /// With `dry_run`: the articles that would be sent, and the ids that would be deleted.
    pub would_send: usize,
    pub would_delete: usize,
    pub retries: usize,
    pub created_index: bool,
    /// The push stopped early (`max_batches`); run it again to go on.
    pub stopped: bool,
    pub seconds: f64,
    pub state_file: PathBuf,
}

impl PushSummary {
    /// Articles sent and acknowledged.
    pub fn sent(&self) -> usize {
        self.created + self.updated
    }
}

/// The ids pushed to one remote index, with the hash of each document sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PushState {
    pub url: String,
    pub index: String,
    pub pushed: BTreeMap<String, String>,
}

/// The state file of a push of the index at `index_dir` to `target`.
pub fn state_path(index_dir: &Path, target: &Target) -> PathBuf {
    let host: String = target
        .url
        .split("://")
        .nth(1)
        .unwrap_or(&target.url)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = index_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "newsdex".into());
    index_dir
        .with_file_name(format!("{name}.push"))
        .join(format!("{host}__{}.json", target.index))
}

impl PushState {
    /// Reads the state, or an empty one when there is none yet.
    pub fn load(path: &Path, target: &Target) -> Result<PushState, RemoteError> {
        let fresh = || PushState {
            url: target.url.clone(),
            index: target.index.clone(),
            pushed: BTreeMap::new(),
        };
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| RemoteError::State {
                path: path.display().to_string(),
                reason: format!("{e}; delete it to push every article again"),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(fresh()),
            Err(e) => Err(state_error(path, e)),
        }
    }

    /// Writes the state atomically (a temporary file renamed over the old one).
    pub fn save(&self, path: &Path) -> Result<(), RemoteError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| state_error(path, e))?;
        }
        let tmp = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec(self).expect("the state serialises");
        std::fs::write(&tmp, bytes).map_err(|e| state_error(path, e))?;
        std::fs::rename(&tmp, path).map_err(|e| state_error(path, e))
    }
}

fn state_error(path: &Path, e: std::io::Error) -> RemoteError {
    RemoteError::State {
        path: path.display().to_string(),
        reason: format!("{e}; the folder beside the index must be writable"),
    }
}

/// The hash of a document line: whether an article changed since it was pushed.
pub fn content_hash(line: &str) -> String {
    blake3::hash(line.as_bytes()).to_hex()[..32].to_string()
}

/// One `_bulk` action.
#[derive(Debug, Clone)]
enum Op {
    Index {
        id: String,
        hash: String,
        line: String,
    },
    Delete {
        id: String,
    },
}

impl Op {
    fn id(&self) -> &str {
        match self {
            Op::Index { id, .. } | Op::Delete { id } => id,
        }
    }

    /// The action's lines of a `_bulk` body.
    fn write(&self, index: &str, out: &mut Vec<u8>) {
        let (action, line) = match self {
            Op::Index { id, line, .. } => {
                (json!({"index": {"_index": index, "_id": id}}), Some(line))
            }
            Op::Delete { id } => (json!({"delete": {"_index": index, "_id": id}}), None),
        };
        out.extend_from_slice(action.to_string().as_bytes());
        out.push(b'\n');
        if let Some(l) = line {
            out.extend_from_slice(l.as_bytes());
            out.push(b'\n');
        }
    }

    fn size(&self) -> usize {
        match self {
            Op::Index { line, id, .. } => line.len() + id.len() + 64,
            Op::Delete { id } => id.len() + 64,
        }
    }
}

/// The `_bulk` body of some actions.
fn bulk_body(index: &str, ops: &[Op]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ops.iter().map(Op::size).sum());
    for op in ops {
        op.write(index, &mut out);
    }
    out
}

/// How the cluster answered one action.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ItemOutcome {
    Created,
    Updated,
    Deleted,
    /// Worth trying again (429, 5xx).
    Retry(String),
    Failed(String),
}

/// Reads the `items` of a `_bulk` answer, one outcome per action sent.
fn item_outcomes(answer: &Value, ops: &[Op]) -> Vec<ItemOutcome> {
    let items = answer
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    ops.iter()
        .enumerate()
        .map(|(i, op)| {
            let Some(item) = items.get(i).and_then(|it| it.as_object()?.values().next()) else {
                return ItemOutcome::Retry("the cluster's answer has no item for it".into());
            };
            let status = item.get("status").and_then(Value::as_u64).unwrap_or(0);
            let result = item.get("result").and_then(Value::as_str).unwrap_or("");
            let reason = || {
                item.get("error")
                    .map(|e| engine_reason(&json!({ "error": e }).to_string()))
                    .unwrap_or_else(|| format!("status {status}"))
            };
            match (op, status) {
                (Op::Delete { .. }, 200..=299 | 404) => ItemOutcome::Deleted,
                (Op::Index { .. }, 200..=299) if result == "created" || status == 201 => {
                    ItemOutcome::Created
                }
                (Op::Index { .. }, 200..=299) => ItemOutcome::Updated,
                (_, 429 | 500..=599) => ItemOutcome::Retry(reason()),
                _ => ItemOutcome::Failed(reason()),
            }
        })
        .collect()
}

/// Whether a whole-request failure may pass when tried again.
fn retryable(e: &RemoteError) -> bool {
    match e {
        RemoteError::Engine { status, .. } => *status == 429 || *status >= 500,
        RemoteError::Transport { .. } => true,
        _ => false,
    }
}

/// The articles of an index with the story (copy cluster) each belongs to: copies
/// grouped by their sketches, the earliest-dated copy (then the lowest id) naming the
/// story, so that a story's id stays put when later copies arrive.
fn articles_with_clusters(
    snap: &tantivy::Searcher,
) -> Result<Vec<(DocAddress, Sketch, String)>, RemoteError> {
    let mut all: Vec<Candidate> = Vec::new();
    for (ord, seg) in snap.segment_readers().iter().enumerate() {
        let cols = CandidateColumns::open(seg).map_err(crate::search::SearchError::from)?;
        all.extend(
            seg.doc_ids_alive()
                .map(|doc| cols.candidate(ord as u32, doc, 0.0)),
        );
    }
    all.sort_by_key(|c| (c.date.unwrap_or(i64::MAX), c.key));
    let mut out = Vec::with_capacity(all.len());
    for story in collapse::group(all) {
        let lead = collapse::id_of_key(story.lead.key);
        for c in std::iter::once(story.lead).chain(story.copies) {
            out.push((c.addr, c.sketch, lead.clone()));
        }
    }
    out.sort_by_key(|(addr, _, _)| (addr.segment_ord, addr.doc_id));
    Ok(out)
}

/// Makes sure the remote index exists with every field of the current mapping; true
/// when it had to be created. Quickwit's
/// `_elastic` API cannot create indexes: there the index is created from the config
/// that `--quickwit-config` writes, and nothing is checked here.
pub fn ensure_index(client: &Client, index: &str) -> Result<bool, RemoteError> {
    if super::dsl::Dialect::of_url(client.url()) == super::dsl::Dialect::Quickwit {
        return Ok(false);
    }
    if client.index_exists(index)? {
        // Fields added to the document since the index was made are added to its
        // mapping (a field whose type changed is refused, with the engine's reason).
        let mapping = &index_body()["mappings"];
        client.json("PUT", &format!("/{index}/_mapping"), mapping)?;
        return Ok(false);
    }
    client.json("PUT", &format!("/{index}"), &index_body())?;
    Ok(true)
}

/// A running push: the cluster, the state, the summary so far.
struct Pusher<'a> {
    client: Option<&'a Client>,
    target: &'a Target,
    opts: &'a PushOptions,
    state: PushState,
    state_file: PathBuf,
    summary: PushSummary,
}

impl Pusher<'_> {
    /// Sends one batch, retrying what may pass, and records the outcome.
    fn send(&mut self, batch: Vec<Op>) -> Result<(), RemoteError> {
        self.summary.batches += 1;
        let Some(client) = self.client else {
            self.summary.bytes += bulk_body(&self.target.index, &batch).len();
            for op in &batch {
                match op {
                    Op::Index { .. } => self.summary.would_send += 1,
                    Op::Delete { .. } => self.summary.would_delete += 1,
                }
            }
            return Ok(());
        };
        let mut pending = batch;
        let mut last_reasons: HashMap<String, String> = HashMap::new();
        for attempt in 0..self.opts.attempts {
            if attempt > 0 {
                self.summary.retries += 1;
                std::thread::sleep(self.opts.backoff * 2u32.pow(attempt - 1));
            }
            let body = bulk_body(&self.target.index, &pending);
            self.summary.bytes += body.len();
            let answer = match client.ndjson("/_bulk", &body) {
                Ok(a) => a,
                Err(e) if retryable(&e) && attempt + 1 < self.opts.attempts => {
                    for op in &pending {
                        last_reasons.insert(op.id().to_string(), e.to_string());
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            let outcomes = item_outcomes(&answer, &pending);
            let mut again = Vec::new();
            for (op, outcome) in pending.into_iter().zip(outcomes) {
                match outcome {
                    ItemOutcome::Retry(reason) => {
                        last_reasons.insert(op.id().to_string(), reason);
                        again.push(op);
                    }
                    other => self.record(op, other),
                }
            }
            pending = again;
            if pending.is_empty() {
                break;
            }
        }
        for op in pending {
            let reason = last_reasons
                .remove(op.id())
                .unwrap_or_else(|| "not acknowledged".into());
            self.record(
                op,
                ItemOutcome::Failed(format!("{reason} (after {} attempts)", self.opts.attempts)),
            );
        }
        self.state.save(&self.state_file)
    }

    fn record(&mut self, op: Op, outcome: ItemOutcome) {
        let s = &mut self.summary;
        match (op, outcome) {
            (Op::Index { id, hash, .. }, ItemOutcome::Created) => {
                s.created += 1;
                self.state.pushed.insert(id, hash);
            }
            (Op::Index { id, hash, .. }, ItemOutcome::Updated) => {
                s.updated += 1;
                self.state.pushed.insert(id, hash);
            }
            (Op::Delete { id }, ItemOutcome::Deleted) => {
                s.deleted += 1;
                self.state.pushed.remove(&id);
            }
            (op, ItemOutcome::Failed(reason) | ItemOutcome::Retry(reason)) => {
                s.failed.push(Failure {
                    article_id: op.id().to_string(),
                    reason,
                });
            }
            (op, other) => s.failed.push(Failure {
                article_id: op.id().to_string(),
                reason: format!("unexpected answer {other:?}"),
            }),
        }
    }

    /// The summary, timed; `stopped` when the batch limit ended the push early.
    fn finish(mut self, start: Instant, stopped: bool) -> PushSummary {
        self.summary.seconds = start.elapsed().as_secs_f64();
        self.summary.stopped = stopped;
        self.summary
    }

    /// Whether the batch limit is reached.
    fn must_stop(&self) -> bool {
        self.opts
            .max_batches
            .is_some_and(|m| self.summary.batches >= m)
    }
}

/// The state to start from: the file's, or none with `--full` or a new remote index.
fn starting_state(
    file: &Path,
    target: &Target,
    opts: &PushOptions,
    created_index: bool,
) -> Result<PushState, RemoteError> {
    let mut state = PushState::load(file, target)?;
    if opts.full || created_index {
        state.pushed.clear();
    }
    Ok(state)
}

/// The actions waiting for the next `_bulk` request.
#[derive(Default)]
struct Batch {
    ops: Vec<Op>,
    bytes: usize,
}

impl Batch {
    fn add(&mut self, op: Op) {
        self.bytes += op.size();
        self.ops.push(op);
    }

    fn is_full(&self, opts: &PushOptions) -> bool {
        self.ops.len() >= opts.batch_docs || self.bytes >= opts.batch_bytes
    }

    fn take(&mut self) -> Vec<Op> {
        self.bytes = 0;
        std::mem::take(&mut self.ops)
    }
}

/// Pushes every article of the open index to `target`; `progress` hears of each batch.
pub fn push(
    searcher: &Searcher,
    target: &Target,
    opts: &PushOptions,
    progress: &dyn Fn(PushProgress),
) -> Result<PushSummary, RemoteError> {
    let start = Instant::now();
    let state_file = state_path(&searcher.index.path, target);
    let client = match opts.dry_run {
        true => None,
        false => Some(Client::new(&target.url)?),
    };
    let created_index = match &client {
        Some(c) => ensure_index(c, &target.index)?,
        None => false,
    };
    let mut p = Pusher {
        client: client.as_ref(),
        target,
        opts,
        state: starting_state(&state_file, target, opts, created_index)?,
        state_file: state_file.clone(),
        summary: PushSummary {
            created_index,
            state_file,
            ..Default::default()
        },
    };
    let snap = searcher.snapshot();
    let articles = articles_with_clusters(&snap)?;
    p.summary.articles = articles.len();
    let report = |p: &Pusher, done: usize| {
        progress(PushProgress {
            done,
            total: articles.len(),
            sent: p.summary.sent(),
        })
    };
    // Entity terms go out canonical: when the alias table changes, the documents of the
    // articles it touches change, so does their hash, and they are sent again.
    let aliases = searcher.aliases();
    let mut live: HashSet<String> = HashSet::with_capacity(articles.len());
    let mut batch = Batch::default();
    for (done, (addr, sketch, cluster)) in articles.iter().enumerate() {
        let doc: TantivyDocument = snap.doc(*addr).map_err(crate::search::SearchError::from)?;
        let view = article_view(searcher.fields(), &doc);
        let line = RemoteDoc::new(&view, sketch, cluster, aliases).to_line();
        let hash = content_hash(&line);
        live.insert(view.article_id.clone());
        if p.state.pushed.get(&view.article_id) == Some(&hash) {
            p.summary.unchanged += 1;
            continue;
        }
        batch.add(Op::Index {
            id: view.article_id,
            hash,
            line,
        });
        if batch.is_full(opts) {
            p.send(batch.take())?;
            report(&p, done + 1);
            if p.must_stop() {
                return Ok(p.finish(start, true));
            }
        }
    }
    let gone: Vec<Op> = p
        .state
        .pushed
        .keys()
        .filter(|id| !live.contains(*id))
        .map(|id| Op::Delete { id: id.clone() })
        .collect();
    gone.into_iter().for_each(|op| batch.add(op));
    for chunk in batch.take().chunks(opts.batch_docs.max(1)) {
        p.send(chunk.to_vec())?;
        report(&p, articles.len());
        if p.must_stop() {
            return Ok(p.finish(start, true));
        }
    }
    report(&p, articles.len());
    if let Some(c) = &client {
        // Make the push visible to searches now (Quickwit has no such call: ignored).
        let _ = c.send("POST", &format!("/{}/_refresh", target.index), None);
    }
    Ok(p.finish(start, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_op(id: &str) -> Op {
        Op::Index {
            id: id.into(),
            hash: "h".into(),
            line: "{}".into(),
        }
    }

    #[test]
    fn bulk_bodies_are_ndjson_with_ids() {
        let body = bulk_body("news", &[index_op("a"), Op::Delete { id: "b".into() }]);
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            "{\"index\":{\"_id\":\"a\",\"_index\":\"news\"}}\n{}\n{\"delete\":{\"_id\":\"b\",\"_index\":\"news\"}}\n"
        );
    }

    #[test]
    fn bulk_items_are_read_per_article() {
        let ops = vec![
            index_op("a"),
            index_op("b"),
            index_op("c"),
            Op::Delete { id: "d".into() },
            index_op("e"),
        ];
        let answer = json!({"errors": true, "items": [
            {"index": {"_id": "a", "status": 201, "result": "created"}},
            {"index": {"_id": "b", "status": 200, "result": "updated"}},
            {"index": {"_id": "c", "status": 429, "error": {"type": "es_rejected_execution_exception", "reason": "queue full"}}},
            {"delete": {"_id": "d", "status": 404, "result": "not_found"}},
            {"index": {"_id": "e", "status": 400, "error": {"type": "mapper_parsing_exception", "reason": "bad date"}}},
        ]});
        let out = item_outcomes(&answer, &ops);
        assert_eq!(out[0], ItemOutcome::Created);
        assert_eq!(out[1], ItemOutcome::Updated);
        assert!(matches!(&out[2], ItemOutcome::Retry(r) if r.contains("queue full")));
        assert_eq!(out[3], ItemOutcome::Deleted);
        assert!(
            matches!(&out[4], ItemOutcome::Failed(r) if r.contains("mapper_parsing_exception: bad date"))
        );
    }

    /// A cluster on loopback that answers each `_bulk` request with the next of
    /// `answers` (item statuses, one list per request), for as many requests as there
    /// are answers.
    fn fake_cluster(answers: Vec<Vec<u16>>) -> (String, std::thread::JoinHandle<Vec<String>>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let mut bodies = Vec::new();
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut writer = stream;
            for statuses in answers {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap() == 0 {
                        return bodies;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                bodies.push(String::from_utf8(body).unwrap());
                let items: Vec<Value> = statuses
                    .iter()
                    .map(|&s| match s {
                        201 => json!({"index": {"status": 201, "result": "created"}}),
                        s => json!({"index": {"status": s, "error": {"type": "es_rejected_execution_exception", "reason": "queue full"}}}),
                    })
                    .collect();
                let answer = json!({"errors": true, "items": items}).to_string();
                write!(
                    writer,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{answer}",
                    answer.len()
                )
                .unwrap();
            }
            bodies
        });
        (url, handle)
    }

    fn pusher<'a>(
        client: &'a Client,
        target: &'a Target,
        opts: &'a PushOptions,
        dir: &Path,
    ) -> Pusher<'a> {
        Pusher {
            client: Some(client),
            target,
            opts,
            state: PushState::default(),
            state_file: dir.join("state.json"),
            summary: PushSummary::default(),
        }
    }

    #[test]
    fn rejected_items_are_retried_alone_with_back_off() {
        let (url, server) = fake_cluster(vec![vec![201, 429], vec![201]]);
        let client = Client::new(&url).unwrap();
        let target = Target::new(&url, "news").unwrap();
        let opts = PushOptions {
            backoff: Duration::from_millis(1),
            ..Default::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let mut p = pusher(&client, &target, &opts, dir.path());
        p.send(vec![index_op("a"), index_op("b")]).unwrap();
        assert_eq!((p.summary.created, p.summary.retries), (2, 1));
        assert!(p.summary.failed.is_empty());
        assert_eq!(p.state.pushed.len(), 2, "both acknowledged");
        let bodies = server.join().unwrap();
        assert!(
            bodies[1].contains("\"b\"") && !bodies[1].contains("\"a\""),
            "only b again"
        );
        assert_eq!(
            PushState::load(&dir.path().join("state.json"), &target)
                .unwrap()
                .pushed
                .len(),
            2
        );
    }

    #[test]
    fn items_that_keep_failing_are_reported_not_dropped() {
        let (url, server) = fake_cluster(vec![vec![201, 503], vec![503], vec![503]]);
        let client = Client::new(&url).unwrap();
        let target = Target::new(&url, "news").unwrap();
        let opts = PushOptions {
            backoff: Duration::from_millis(1),
            attempts: 3,
            ..Default::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let mut p = pusher(&client, &target, &opts, dir.path());
        p.send(vec![index_op("a"), index_op("b")]).unwrap();
        assert_eq!(p.summary.created, 1);
        assert_eq!(p.summary.failed.len(), 1);
        assert_eq!(p.summary.failed[0].article_id, "b");
        assert!(
            p.summary.failed[0]
                .reason
                .contains("queue full (after 3 attempts)"),
            "{:?}",
            p.summary.failed
        );
        assert!(!p.state.pushed.contains_key("b"), "sent again next time");
        server.join().unwrap();
    }

    #[test]
    fn the_state_file_sits_beside_the_index_and_round_trips() {
        let t = Target::new("http://127.0.0.1:9200/", "news").unwrap();
        let p = state_path(Path::new("/x/.newsdex"), &t);
        assert_eq!(
            p,
            PathBuf::from("/x/.newsdex.push/127.0.0.1_9200__news.json")
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s/state.json");
        let mut s = PushState::load(&file, &t).unwrap();
        assert!(s.pushed.is_empty());
        s.pushed.insert("a".into(), "h".into());
        s.save(&file).unwrap();
        assert_eq!(PushState::load(&file, &t).unwrap().pushed.len(), 1);
    }
}
