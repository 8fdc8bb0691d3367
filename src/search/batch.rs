//! Batches: many queries in one process over one opened index. The query file holds
//! plain queries (one per line) or JSON Lines objects with an id, filters and paging;
//! each line is parsed once. Queries are answered on worker threads (rayon) into their
//! own buffers and written in input order; a bad query is reported with its id and the
//! rest still run.

use crate::output::{QueryRef, Sink};
use crate::search::compile::Filters;
use crate::search::job::{Job, JobError, MAX_LIMIT, MAX_OFFSET};
use crate::search::query::ParsedQuery;
use rayon::prelude::*;
use serde::Deserialize;
use std::io::{self, BufRead, Write};
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

/// A JSON Lines query object; unknown keys are refused (a typo must not silently
/// widen a query).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryLine {
    /// A string or a number; read apart (`id_of`), so that errors can name the query.
    #[allow(dead_code)]
    id: Option<serde_json::Value>,
    query: String,
    outlet: Option<OneOrMany>,
    entity: Option<OneOrMany>,
    cites: Option<OneOrMany>,
    since: Option<String>,
    until: Option<String>,
    lang: Option<String>,
    entity_type: Option<crate::model::EntityType>,
    limit: Option<u64>,
    offset: Option<u64>,
}

/// The keys a query object may have, for error messages.
const KEYS: &str =
    "id, query, outlet, entity, entity_type, cites, since, until, lang, limit, offset";

/// What a query line leaves out: the command line's filters and paging.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
}

/// A line of the query file: a job, or why it is not one.
#[derive(Debug)]
pub struct BatchLine {
    /// The line's 1-based number in the file.
    pub line: usize,
    /// The query's id: its own, or its line number.
    pub id: String,
    /// The query text as given (empty when the line could not be read).
    pub query: String,
    pub job: Result<Job, String>,
}

impl BatchLine {
    /// The query as printers name it.
    pub fn query_ref(&self) -> QueryRef<'_> {
        QueryRef {
            id: Some(&self.id),
            text: &self.query,
        }
    }
}

/// The id a JSON object gives itself (a string or a number), else the line number.
fn id_of(value: &serde_json::Value, n: usize) -> String {
    match value.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(x)) => x.to_string(),
        _ => n.to_string(),
    }
}

/// Parses one line (`n` is its 1-based number); `defaults` come from the command line
/// and fill what a JSON object leaves out.
pub fn parse_line(n: usize, text: &str, defaults: &Defaults) -> BatchLine {
    let text = text.trim();
    let make = |id: String, query: String, filters: Filters, limit, offset| {
        let job = ParsedQuery::parse(&query)
            .map(|parsed| Job {
                id: Some(id.clone()),
                query: parsed,
                filters,
                limit,
                offset,
            })
            .map_err(|e| format!("bad query: {e}"));
        BatchLine {
            line: n,
            id,
            query,
            job,
        }
    };
    if !text.starts_with('{') {
        return make(
            n.to_string(),
            text.to_string(),
            defaults.filters.clone(),
            defaults.limit,
            defaults.offset,
        );
    }
    let fail = |id: String, query: String, msg: String| BatchLine {
        line: n,
        id,
        query,
        job: Err(msg),
    };
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return fail(
                n.to_string(),
                String::new(),
                format!("not a JSON object: {e}"),
            )
        }
    };
    let id = id_of(&value, n);
    let text_of_query = value
        .get("query")
        .and_then(|q| q.as_str())
        .unwrap_or_default()
        .to_string();
    let q = match QueryLine::deserialize(&value) {
        Ok(q) => q,
        Err(e) => {
            return fail(
                id,
                text_of_query,
                format!("bad query object: {e} (keys: {KEYS})"),
            )
        }
    };
    let d = &defaults.filters;
    let filters = Filters {
        outlets: q
            .outlet
            .map_or_else(|| d.outlets.clone(), OneOrMany::into_vec),
        entities: q
            .entity
            .map_or_else(|| d.entities.clone(), OneOrMany::into_vec),
        since: q.since.or_else(|| d.since.clone()),
        until: q.until.or_else(|| d.until.clone()),
        language: q.lang.or_else(|| d.language.clone()),
        entity_type: q.entity_type.or(d.entity_type),
        cites: q.cites.map_or_else(|| d.cites.clone(), OneOrMany::into_vec),
    };
    // The object's own paging is checked; the defaults were checked on the command line.
    let bad_limit = q.limit.is_some_and(|v| v == 0 || v > MAX_LIMIT as u64);
    let bad_offset = q.offset.is_some_and(|v| v > MAX_OFFSET as u64);
    let limit = q.limit.map_or(defaults.limit, |v| v as usize);
    let offset = q.offset.map_or(defaults.offset, |v| v as usize);
    if bad_limit || bad_offset {
        return fail(
            id,
            q.query,
            format!(
                "bad query object: limit must be 1 to {MAX_LIMIT} and offset at most {MAX_OFFSET}"
            ),
        );
    }
    make(id, q.query, filters, limit, offset)
}

/// Reads a query file: blank lines and lines starting with `#` are skipped (but counted).
pub fn read_batch(input: &mut dyn BufRead, defaults: &Defaults) -> io::Result<Vec<BatchLine>> {
    let mut out = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        out.push(parse_line(i + 1, t, defaults));
    }
    Ok(out)
}

/// What the caller hears of each query as its answer is written.
pub trait BatchObserver {
    /// A query was answered (found `found` articles) in `micros` microseconds.
    fn answered(&mut self, line: &BatchLine, found: usize, micros: u128) -> io::Result<()>;
    /// A query failed; its error is also in the sink's output when the format says so.
    fn failed(&mut self, line: &BatchLine, message: &str) -> io::Result<()>;
    /// `done` of the batch's queries have been written.
    fn progress(&mut self, _done: usize) {}
}

/// How a batch went.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchOutcome {
    pub failed: usize,
    /// One query at least found something.
    pub any_hits: bool,
}

/// What became of one query.
struct Answer {
    output: Vec<u8>,
    result: Result<usize, String>,
    micros: u128,
}

/// Answers every line on `workers` with `answer(job, sink, buffer)` and writes the
/// answers to `out` in input order, each after its heading; failures go to the sink's
/// error record and to `observer`.
pub fn run_batch<F>(
    lines: &[BatchLine],
    workers: &rayon::ThreadPool,
    sink: &dyn Sink,
    out: &mut dyn Write,
    observer: &mut dyn BatchObserver,
    answer: F,
) -> io::Result<BatchOutcome>
where
    F: Fn(&Job, &mut Vec<u8>) -> Result<usize, JobError> + Sync,
{
    sink.begin(out)?;
    let mut outcome = BatchOutcome::default();
    let mut done = 0;
    for chunk in lines.chunks(CHUNK) {
        let answers: Vec<Result<Answer, io::Error>> = workers.install(|| {
            chunk
                .par_iter()
                .map(|line| {
                    let start = Instant::now();
                    let mut output = Vec::new();
                    let result = match &line.job {
                        Err(msg) => Err(msg.clone()),
                        Ok(job) => match crate::panics::contain(|| answer(job, &mut output)) {
                            Ok(Ok(n)) => Ok(n),
                            Ok(Err(JobError::Search(e))) => {
                                output.clear();
                                Err(e.to_string())
                            }
                            Ok(Err(JobError::Io(e))) => return Err(e),
                            Err(msg) => {
                                output.clear();
                                Err(format!("internal error: {msg} (`newsdex check` tells whether the index is damaged)"))
                            }
                        },
                    };
                    Ok(Answer {
                        output,
                        result,
                        micros: start.elapsed().as_micros(),
                    })
                })
                .collect()
        });
        for (line, a) in chunk.iter().zip(answers) {
            let a = a?;
            match a.result {
                Ok(n) => {
                    outcome.any_hits |= n > 0;
                    sink.heading(out, line.query_ref())?;
                    out.write_all(&a.output)?;
                    observer.answered(line, n, a.micros)?;
                }
                Err(msg) => {
                    outcome.failed += 1;
                    observer.failed(line, &msg)?;
                    sink.error(out, line.query_ref(), &msg)?;
                }
            }
        }
        done += chunk.len();
        observer.progress(done);
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::articles::SortOrder;
    use crate::search::job::tests::{small_index, Recorder};
    use crate::search::job::{run_job, Mode};

    fn defaults() -> Defaults {
        Defaults {
            filters: Filters {
                since: Some("2020".into()),
                ..Default::default()
            },
            limit: 10,
            offset: 0,
        }
    }

    #[test]
    fn lines_are_plain_queries_or_json_objects() {
        let input = "oil\n\n# a comment\n{\"id\":\"q7\",\"query\":\"gas\",\"outlet\":[\"A\",\"B\"],\"limit\":3}\n{\"id\":9,\"query\":\"x\",\"bogus\":1}\n{\"query\":\"(\"}\nnot json {\n";
        let lines = read_batch(&mut input.as_bytes(), &defaults()).unwrap();
        assert_eq!(lines.len(), 5);
        let j = lines[0].job.as_ref().unwrap();
        assert_eq!((lines[0].id.as_str(), j.query.text.as_str()), ("1", "oil"));
        assert_eq!(j.filters.since.as_deref(), Some("2020"), "defaults apply");
        let j = lines[1].job.as_ref().unwrap();
        assert_eq!(lines[1].id, "q7");
        assert_eq!((j.limit, j.filters.outlets.len()), (3, 2));
        assert_eq!(j.filters.since.as_deref(), Some("2020"));
        assert_eq!(
            lines[2].id, "9",
            "a numeric id is kept when the object is refused"
        );
        assert!(lines[2].job.as_ref().unwrap_err().contains("bogus"));
        assert!(lines[3].job.as_ref().unwrap_err().contains("bad query"));
        assert_eq!(lines[3].query, "(");
        assert_eq!(lines[4].line, 7);
        assert!(
            lines[4].job.is_ok(),
            "a line not starting with {{ is a plain query"
        );
    }

    struct Log(Vec<String>);

    impl BatchObserver for Log {
        fn answered(&mut self, l: &BatchLine, found: usize, _: u128) -> io::Result<()> {
            self.0.push(format!("{} ok {found}", l.id));
            Ok(())
        }
        fn failed(&mut self, l: &BatchLine, _: &str) -> io::Result<()> {
            self.0.push(format!("{} failed", l.id));
            Ok(())
        }
    }

    #[test]
    fn answers_come_back_in_input_order_and_failures_are_counted() {
        let (_t, s) = small_index(3);
        let input = (0..40)
            .map(|i| {
                if i == 5 {
                    "(".to_string()
                } else {
                    format!("oil nowhere{i}")
                }
            })
            .chain(["oil".to_string()])
            .collect::<Vec<_>>()
            .join("\n");
        let defaults = Defaults {
            filters: Filters::default(),
            ..defaults()
        };
        let lines = read_batch(&mut input.as_bytes(), &defaults).unwrap();
        let workers = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mode = Mode {
            count: true,
            all: false,
            sort: SortOrder::Score,
            passages: 1,
            kwic: None,
            collapse: true,
            canonical_entities: false,
        };
        let sink = Recorder::default();
        let mut log = Log(Vec::new());
        let outcome = run_batch(
            &lines,
            &workers,
            &sink,
            &mut io::sink(),
            &mut log,
            |job, buf| run_job(&s, job, &mode, &sink, buf),
        )
        .unwrap();
        assert_eq!(outcome.failed, 1);
        assert!(outcome.any_hits);
        let want: Vec<String> = (1..=41)
            .map(|i| match i {
                6 => "6 failed".to_string(),
                41 => "41 ok 3".to_string(),
                _ => format!("{i} ok 0"),
            })
            .collect();
        assert_eq!(log.0, want);
    }
}
