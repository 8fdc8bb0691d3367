//! What several commands share: the filter flags, the output-format flags, the value
//! parser for the library's named enums, and the plumbing of a query file (reading it,
//! the worker threads, and reporting each query on stderr).

use crate::choice::Choice;
use crate::model::EntityType;
use crate::output::{visible, Format};
use crate::search::batch::{BatchLine, BatchObserver, BatchOutcome, Defaults};
use crate::search::compile::Filters;
use crate::search::query::ParsedQuery;
use crate::search::SearchError;
use anyhow::Context;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The corpus indexed when none is named.
pub const DEFAULT_CORPUS: &str = "corpus";

/// A flag value parser for a library enum: its names, with their help lines.
pub fn choice<T: Choice>() -> impl TypedValueParser<Value = T> {
    let values = T::ALL
        .iter()
        .map(|v| PossibleValue::new(v.choice_name()).help(v.choice_help().trim()));
    PossibleValuesParser::new(values)
        .try_map(|s| T::from_choice_name(&s).ok_or_else(|| format!("unknown value '{s}'")))
}

/// A flag value parser for a count within `[lo, hi]` (an out-of-range number is a usage
/// error that names the range, never an overflow).
pub fn bounded(lo: u64, hi: u64) -> impl TypedValueParser<Value = usize> {
    clap::value_parser!(u64).range(lo..=hi).map(|v| v as usize)
}

pub fn parse_entity_type(s: &str) -> Result<EntityType, String> {
    EntityType::parse(s)
        .ok_or_else(|| format!("unknown entity type '{s}': use PER, ORG, LOC or MISC"))
}

/// Filters shared by search, stats, kwic and entities.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only articles from this outlet (case-insensitive; repeat for any of several).
    #[arg(long)]
    pub outlet: Vec<String>,
    /// Only articles naming this entity (repeat: all of them).
    #[arg(long)]
    pub entity: Vec<String>,
    /// Only articles citing this source (an outlet by any of its names or domains, a
    /// person, or a kind: anonymous, outlet, named; repeat: all of them).
    #[arg(long)]
    pub cites: Vec<String>,
    /// Only articles published in or after this period: 2024, 2024-04 or 2024-04-08.
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles published in or before this period: 2024, 2024-04 or 2024-04-08.
    #[arg(long)]
    pub until: Option<String>,
    /// Only articles in this language (ISO 639-1 code, e.g. en).
    #[arg(long)]
    pub lang: Option<String>,
    /// With --entity, only that entity as this type; alone, only articles naming an
    /// entity of this type: PER, ORG, LOC or MISC.
    #[arg(long, value_parser = parse_entity_type)]
    pub entity_type: Option<EntityType>,
}

impl FilterArgs {
    pub fn filters(&self) -> Filters {
        Filters {
            outlets: self.outlet.clone(),
            entities: self.entity.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            language: self.lang.clone(),
            entity_type: self.entity_type,
            cites: self.cites.clone(),
        }
    }
}

/// The output format flags every command takes.
#[derive(Debug, Args, Clone)]
pub struct FormatArgs {
    /// Output format: human (the default), json, csv or tsv.
    #[arg(long, value_parser = choice::<Format>())]
    pub format: Option<Format>,
    /// Same as --format json (the two together are an error).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

impl FormatArgs {
    /// The format asked for: `--json` is `--format json`.
    pub fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else {
            self.format.unwrap_or(Format::Human)
        }
    }
}

/// Joins positional query words and parses them (before any index is opened, so that a
/// bad query fails fast and alone); `None` when there are none.
pub fn parse_query_words(words: &[String]) -> Result<Option<ParsedQuery>, SearchError> {
    Ok(ParsedQuery::parse_optional(&words.join(" "))?)
}

/// Reads a query file (`-`: stdin) into batch lines.
pub fn read_query_file(file: &Path, defaults: &Defaults) -> anyhow::Result<Vec<BatchLine>> {
    let mut input: Box<dyn BufRead> = if file.as_os_str() == "-" {
        Box::new(io::BufReader::new(io::stdin()))
    } else {
        Box::new(io::BufReader::new(std::fs::File::open(file).with_context(
            || format!("cannot open the query file {}", file.display()),
        )?))
    };
    crate::search::batch::read_batch(&mut input, defaults)
        .with_context(|| format!("reading {}", file.display()))
}

/// The worker threads: `threads`, or one per core.
pub fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("starting worker threads")
}

/// Reports a batch on stderr: each failed query, a progress bar for long batches (on a
/// terminal only), and each query's time when `--timings` asked for it.
pub struct StderrObserver {
    timings: Option<io::BufWriter<std::fs::File>>,
    bar: ProgressBar,
}

/// Batches longer than this get a progress bar.
const BAR_FROM: usize = 512;

impl StderrObserver {
    pub fn new(queries: usize, timings: Option<&PathBuf>) -> anyhow::Result<Self> {
        let timings = match timings {
            Some(p) => Some(io::BufWriter::new(
                std::fs::File::create(p)
                    .with_context(|| format!("cannot write {}", p.display()))?,
            )),
            None => None,
        };
        let bar = if queries > BAR_FROM {
            ProgressBar::with_draw_target(Some(queries as u64), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        Ok(StderrObserver { timings, bar })
    }

    /// Clears the bar and flushes the timings.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.bar.finish_and_clear();
        if let Some(t) = self.timings.as_mut() {
            t.flush().context("writing timings")?;
        }
        Ok(())
    }
}

impl BatchObserver for StderrObserver {
    fn answered(&mut self, line: &BatchLine, _found: usize, micros: u128) -> io::Result<()> {
        if let Some(t) = self.timings.as_mut() {
            writeln!(t, "{}\t{micros}", line.id)?;
        }
        Ok(())
    }

    fn failed(&mut self, line: &BatchLine, message: &str) -> io::Result<()> {
        eprintln!(
            "newsdex: query {} (line {}) failed: {}",
            visible::line(&line.id),
            line.line,
            visible::line(message)
        );
        Ok(())
    }

    fn progress(&mut self, done: usize) {
        self.bar.set_position(done as u64);
    }
}

/// The exit code of a batch: 2 when a query failed, 1 when none matched, else 0.
pub fn batch_exit(outcome: BatchOutcome, queries: usize) -> ExitCode {
    if outcome.failed > 0 {
        eprintln!("newsdex: {} of {queries} queries failed", outcome.failed);
        ExitCode::from(2)
    } else if outcome.any_hits {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Exit code 0 when something was found, 1 when nothing was.
pub fn found_exit(found: bool) -> ExitCode {
    if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
