//! Printers: they render what search returned and never query the index. Results reach
//! them through one trait, `Sink` (the search worker pushes, the printer renders, as in
//! ripgrep). Human output is for people (colour only when asked or on a terminal without
//! NO_COLOR); JSON is a documented, versioned wire format for programs (`wire`).

pub mod analyzed;
pub mod cites;
pub mod csv;
pub mod entities;
pub mod fields;
pub mod hits;
pub mod human;
pub mod kwic;
pub mod plot;
pub mod show;
pub mod stats;
pub mod visible;
pub mod wire;

use crate::search::entities::EntitiesResult;
use crate::search::kwic::KwicLine;
use crate::search::stats::StatsTable;
use crate::search::Hit;
use std::io::{self, Write};

pub use wire::JSON_VERSION;

crate::choice_enum! {
    /// An output format, the same for every command.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Format {
        /// For people: aligned text, matches marked.
        Human = "human",
        /// JSON: one object per line, with stable field names.
        Json = "json",
        /// RFC 4180 CSV with a header line.
        Csv = "csv",
        /// Tab-separated, with a header line.
        Tsv = "tsv",
    }
}

impl Format {
    /// The CSV style of the format, if it is CSV or TSV.
    pub fn csv_style(self) -> Option<csv::Style> {
        match self {
            Format::Csv => Some(csv::Style::Csv),
            Format::Tsv => Some(csv::Style::Tsv),
            _ => None,
        }
    }
}

crate::choice_enum! {
    /// When to colour human output.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ColorChoice {
        /// On a terminal, unless NO_COLOR is set.
        Auto = "auto",
        /// Always.
        Always = "always",
        /// Never.
        Never = "never",
    }
}

impl ColorChoice {
    /// Colour on when asked, or (auto) as the terminal conventions say (through anstream):
    /// never with `NO_COLOR` set or `CLICOLOR=0`, always with `CLICOLOR_FORCE`, else only
    /// when stdout is a terminal that supports colour (not `TERM=dumb`).
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
            }
        }
    }
}

/// The query an answer belongs to: its batch id (none for a single query) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryRef<'a> {
    pub id: Option<&'a str>,
    pub text: &'a str,
}

/// Where search results go. The worker calls `begin` once, then for each query (in a
/// batch, in input order) `heading` and its answers, or `error`. Each printer renders
/// the kinds of answer it is made for; the others are ignored.
pub trait Sink: Sync {
    /// Before any answer (a CSV header line, say).
    fn begin(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Before the answers of one query of a batch (human output's `## id: query`).
    fn heading(&self, _out: &mut dyn Write, _q: QueryRef) -> io::Result<()> {
        Ok(())
    }

    /// The highlighted passages of one article (all with the same rank).
    fn article(&self, _out: &mut dyn Write, _q: QueryRef, _hits: &[Hit]) -> io::Result<()> {
        Ok(())
    }

    /// Keyword-in-context lines of one article.
    fn kwic(&self, _out: &mut dyn Write, _q: QueryRef, _lines: &[KwicLine]) -> io::Result<()> {
        Ok(())
    }

    /// Whether the sink prints how many articles matched in all after a query's results
    /// (`total`); the worker counts them only then.
    fn wants_total(&self) -> bool {
        false
    }

    /// After a query's results: `shown` results from position `offset` of `total`
    /// matching articles.
    fn total(
        &self,
        _out: &mut dyn Write,
        _offset: usize,
        _shown: usize,
        _total: usize,
    ) -> io::Result<()> {
        Ok(())
    }

    /// The number of articles a query matches.
    fn count(&self, _out: &mut dyn Write, _q: QueryRef, _count: usize) -> io::Result<()> {
        Ok(())
    }

    /// The counts of `newsdex stats`.
    fn stats(&self, _out: &mut dyn Write, _q: QueryRef, _t: &StatsTable) -> io::Result<()> {
        Ok(())
    }

    /// The entities of `newsdex entities`.
    fn entities(&self, _out: &mut dyn Write, _q: QueryRef, _r: &EntitiesResult) -> io::Result<()> {
        Ok(())
    }

    /// A query of a batch that failed (it is also reported on stderr by the caller).
    fn error(&self, _out: &mut dyn Write, _q: QueryRef, _message: &str) -> io::Result<()> {
        Ok(())
    }
}
