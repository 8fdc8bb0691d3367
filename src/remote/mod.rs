//! Handing the corpus to a cluster and searching it there: an OpenSearch, Elasticsearch
//! or Quickwit (through its `_elastic` endpoint) index that mirrors newsdex's schema.
//!
//! - `mapping`: the remote document (one per article, everything newsdex derived), the
//!   index mapping, and Quickwit's index config;
//! - `client`: the HTTP client (ureq, rustls), credentials from the environment, errors;
//! - `push`: `newsdex push`, the `_bulk` upload with its state file (resume, updates,
//!   deletions, retries);
//! - `dsl`: newsdex's parsed query and filters translated into the query DSL;
//! - `search`: `newsdex search --remote`, answers turned into `Hit`s that newsdex's own
//!   highlighter and printers render;
//! - `stats`: `newsdex stats --remote`, counts from `date_histogram`/`terms` aggregations;
//! - `entities`: `newsdex entities --remote`, from nested `terms` aggregations;
//! - `canon`: entity names of a query resolved to the canonical terms pushed.
//!
//! This layer reads the index through `search::lookup` and `index::document` (never the
//! field layout itself) and writes through `output::Sink`, as the local search does.

pub mod canon;
pub mod client;
pub mod dsl;
pub mod entities;
pub mod mapping;
pub mod push;
pub mod search;
pub mod stats;

/// The remote index name used when none is given.
pub const DEFAULT_INDEX: &str = "newsdex";

/// Why talking to a cluster failed; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("{0}")]
    Config(String),
    #[error("cannot connect to {url}: is the cluster running there? (check the URL, its port and http/https)")]
    Refused { url: String },
    #[error("the cluster at {url} refused the credentials ({status}: {reason}): set NEWSDEX_REMOTE_API_KEY, or NEWSDEX_REMOTE_USER and NEWSDEX_REMOTE_PASSWORD")]
    Auth {
        url: String,
        status: u16,
        reason: String,
    },
    #[error("the cluster at {url} has no such index ({reason}): run `newsdex push URL` first, or name the index with --remote-index")]
    MissingIndex { url: String, reason: String },
    #[error("the cluster answered {status}: {reason}")]
    Engine { status: u16, reason: String },
    #[error("talking to {url} failed: {reason}")]
    Transport { url: String, reason: String },
    #[error("the query cannot be run on the cluster: {0}")]
    Untranslatable(String),
    #[error("the push state file {path}: {reason}")]
    State { path: String, reason: String },
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
    #[error(transparent)]
    Query(#[from] crate::search::query::QueryError),
}

/// The cluster and index a command talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    pub index: String,
}

impl Target {
    /// The cluster at `url` and its index `index` (a name the engines accept).
    pub fn new(url: &str, index: &str) -> Result<Target, RemoteError> {
        check_index_name(index)?;
        Ok(Target {
            url: url.trim().trim_end_matches('/').to_string(),
            index: index.to_string(),
        })
    }
}

/// Checks an index name as the engines do (lower case, no path characters).
pub fn check_index_name(index: &str) -> Result<(), RemoteError> {
    let ok = !index.is_empty()
        && !index.starts_with(['-', '_', '+'])
        && index
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
    if ok {
        Ok(())
    } else {
        Err(RemoteError::Config(format!(
            "'{index}' is not a valid remote index name: use lower-case letters, digits, '-', '_' and '.'"
        )))
    }
}
