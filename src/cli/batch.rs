//! `newsdex search --queries FILE`: many queries in one process over one opened index.
//! Lines are plain queries or JSON Lines objects; each query's output is built on a
//! worker thread (rayon) and written in input order; a bad query is reported with its
//! id and the rest still run. Exit: 0 all ran and some had hits, 1 none had hits, 2 a
//! query failed.

use super::index_cmd::open_or_build;
use super::search_cmd::{run_job, Job, JobError, Mode, Printer};
use super::{Cli, SearchArgs};
use crate::search::compile::Filters;
use crate::search::Searcher;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget};
use rayon::prelude::*;
use serde::Deserialize;
use std::io::{self, BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Queries handed to the workers at a time (bounds the output held in memory).
const CHUNK: usize = 512;

/// One value or a list (`"outlet": "Baltic Wire"` or `"outlet": ["A", "B"]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// An id may be written as a string or a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

/// A JSON Lines query object; unknown keys are refused (a typo must not silently
/// widen a query).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryLine {
    id: Option<Id>,
    query: String,
    outlet: Option<OneOrMany>,
    entity: Option<OneOrMany>,
    since: Option<String>,
    until: Option<String>,
    lang: Option<String>,
    entity_type: Option<crate::model::EntityType>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// A line of the batch file: a job, or why it is not one (with its id when known).
pub(super) struct Parsed {
    pub line: usize,
    pub id: String,
    pub query: String,
    pub job: Result<Job, String>,
}

/// Parses one line (`n` is its 1-based number); `defaults` come from the command line.
fn parse_line(n: usize, text: &str, defaults: &Job) -> Parsed {
    let text = text.trim();
    if !text.starts_with('{') {
        let mut job = defaults.clone();
        job.id = Some(n.to_string());
        job.query = text.to_string();
        return Parsed {
            line: n,
            id: n.to_string(),
            query: job.query.clone(),
            job: Ok(job),
        };
    }
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Parsed {
                line: n,
                id: n.to_string(),
                query: String::new(),
                job: Err(format!("not a JSON object: {e}")),
            }
        }
    };
    let id = match value.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(x)) => x.to_string(),
        _ => n.to_string(),
    };
    let query = value
        .get("query")
        .and_then(|q| q.as_str())
        .unwrap_or_default()
        .to_string();
    let job = serde_json::from_value::<QueryLine>(value)
        .map_err(|e| format!("bad query object: {e} (keys: id, query, outlet, entity, since, until, lang, limit, offset)"))
        .map(|q| {
            let d = &defaults.filters;
            Job {
                id: Some(match q.id {
                    Some(Id::Text(s)) => s,
                    Some(Id::Number(x)) => x.to_string(),
                    None => n.to_string(),
                }),
                query: q.query,
                filters: Filters {
                    outlets: q.outlet.map_or_else(|| d.outlets.clone(), OneOrMany::into_vec),
                    entities: q.entity.map_or_else(|| d.entities.clone(), OneOrMany::into_vec),
                    since: q.since.or_else(|| d.since.clone()),
                    until: q.until.or_else(|| d.until.clone()),
                    language: q.lang.or_else(|| d.language.clone()),
                    entity_type: q.entity_type.or(d.entity_type),
                },
                limit: q.limit.unwrap_or(defaults.limit),
                offset: q.offset.unwrap_or(defaults.offset),
            }
        });
    Parsed {
        line: n,
        id,
        query,
        job,
    }
}

/// Reads the batch: blank lines and lines starting with `#` are skipped (but counted).
pub(super) fn read_batch(file: &Path, defaults: &Job) -> anyhow::Result<Vec<Parsed>> {
    let reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
        Box::new(io::BufReader::new(io::stdin()))
    } else {
        Box::new(io::BufReader::new(std::fs::File::open(file).with_context(
            || format!("cannot open the query file {}", file.display()),
        )?))
    };
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("reading {} line {}", file.display(), i + 1))?;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        out.push(parse_line(i + 1, t, defaults));
    }
    Ok(out)
}

/// What became of one query.
struct Answer {
    output: Vec<u8>,
    result: Result<usize, String>,
    micros: u128,
}

/// The worker threads: `threads`, or one per core.
pub(super) fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("starting worker threads")
}

fn answer(
    searcher: &Searcher,
    p: &Parsed,
    mode: &Mode,
    printer: &Printer,
) -> Result<Answer, io::Error> {
    let start = Instant::now();
    let mut output = Vec::new();
    let result = match &p.job {
        Err(msg) => Err(msg.clone()),
        Ok(job) => match run_job(searcher, job, mode, printer, &mut output) {
            Ok(n) => Ok(n),
            Err(JobError::Search(e)) => {
                output.clear();
                Err(e.to_string())
            }
            Err(JobError::Io(e)) => return Err(e),
        },
    };
    Ok(Answer {
        output,
        result,
        micros: start.elapsed().as_micros(),
    })
}

pub fn run(
    cli: &Cli,
    args: &SearchArgs,
    file: &Path,
    mode: Mode,
    printer: Printer,
) -> anyhow::Result<ExitCode> {
    let defaults = Job {
        id: None,
        query: String::new(),
        filters: args.filter.filters(),
        limit: args.limit,
        offset: args.offset,
    };
    let batch = read_batch(file, &defaults)?;
    let searcher = Searcher::new(open_or_build(cli, &args.corpus)?)?;
    let workers = pool(args.threads)?;
    let mut timings = match &args.timings {
        Some(p) => Some(io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => None,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    printer
        .header(&mut out, &mode, true)
        .context("writing output")?;
    let (mut failed, mut any_hits) = (0usize, false);
    // A progress bar for long batches, drawn only when stderr is a terminal.
    let bar = if batch.len() > CHUNK {
        ProgressBar::with_draw_target(Some(batch.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    for chunk in batch.chunks(CHUNK) {
        let answers: Vec<Result<Answer, io::Error>> = workers.install(|| {
            chunk
                .par_iter()
                .map(|p| answer(&searcher, p, &mode, &printer))
                .collect()
        });
        for (p, a) in chunk.iter().zip(answers) {
            let a = a.context("writing output")?;
            if let Some(t) = timings.as_mut() {
                writeln!(t, "{}\t{}", p.id, a.micros).context("writing timings")?;
            }
            match a.result {
                Ok(n) => {
                    any_hits |= n > 0;
                    if printer.format() == crate::output::hits::Format::Human && !mode.count {
                        heading(&mut out, &p.id, &p.query)?;
                    }
                    out.write_all(&a.output).context("writing output")?;
                }
                Err(msg) => {
                    failed += 1;
                    eprintln!("newsdex: query {} (line {}) failed: {msg}", p.id, p.line);
                    printer
                        .error(&mut out, &p.id, &p.query, &msg)
                        .context("writing output")?;
                }
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    out.flush().context("writing output")?;
    if let Some(mut t) = timings {
        t.flush().context("writing timings")?;
    }
    if failed > 0 {
        eprintln!("newsdex: {failed} of {} queries failed", batch.len());
        return Ok(ExitCode::from(2));
    }
    Ok(if any_hits {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Human output (passages or KWIC lines) groups each query's lines under a heading.
fn heading(out: &mut dyn Write, id: &str, query: &str) -> anyhow::Result<()> {
    writeln!(out, "## {id}: {query}").context("writing output")
}
