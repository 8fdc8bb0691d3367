//! newsdex: a full-text search engine for news reports, on tantivy.
//!
//! Layers, one module each, data flowing one way:
//! `walk ─▶ ingest ─▶ analyze ─▶ index` (newsdex index, wired by `pipeline`) and
//! `search ─▶ highlight ─▶ output` (newsdex search), with `cli` wiring commands.

pub mod analyze;
pub mod choice;
pub mod cli;
pub mod highlight;
pub mod index;
pub mod ingest;
pub mod model;
pub mod output;
pub mod panics;
pub mod pipeline;
pub mod remote;
pub mod search;
pub mod walk;
