//! `newsdex search --remote`: a job (or a batch, through `_msearch`) answered by a
//! cluster, and each returned article turned into newsdex `Hit`s: its best passages for
//! the query, marked by newsdex's own highlighter, pushed into the same `Sink` the local
//! search uses, so that every output format reads as it does locally.
//!
//! The cluster ranks (its BM25) and counts. Copies of one story are collapsed by the
//! engine's field collapsing on `cluster` (the story id `newsdex push` computed from
//! the sketches), the others listed as `similar`; Quickwit cannot collapse, so there
//! every copy is a result. `--all` and date order read at most `MAX_WINDOW` articles,
//! the engines' default result window.

use super::client::Client;
use super::dsl::{self, Dialect};
use super::mapping::RemoteDoc;
use super::{RemoteError, Target};
use crate::highlight::highlight;
use crate::output::{QueryRef, Sink};
use crate::search::articles::SortOrder;
use crate::search::batch::{BatchLine, BatchObserver, BatchOutcome};
use crate::search::job::{Job, Mode};
use crate::search::kwic::kwic_lines;
use crate::search::passages::prose_quality;
use crate::search::query::Node;
use crate::search::{Hit, Span};
use serde_json::{json, Value};
use std::io::Write;
use std::time::Instant;

/// The most articles one request reads (`index.max_result_window` by default).
pub const MAX_WINDOW: usize = 10_000;
/// The most copies of a story listed with it.
const MAX_COPIES: usize = 100;
/// Queries per `_msearch` request.
const MSEARCH_CHUNK: usize = 64;

/// Fields a result needs from `_source` (the stored full body and sketch are left).
const SOURCE_EXCLUDES: &[&str] = &["text", "lead", "entities", "sketch"];

/// The search request body of a job.
pub fn request(job: &Job, mode: &Mode, dialect: Dialect) -> Result<Value, RemoteError> {
    let query = dsl::query(Some(&job.query.node), &job.filters, dialect)?;
    if mode.count {
        return Ok(json!({"query": query, "size": 0, "track_total_hits": true}));
    }
    let whole = mode.all || mode.kwic.is_some();
    let (from, size) = if whole {
        (0, MAX_WINDOW)
    } else {
        (
            job.offset.min(MAX_WINDOW),
            job.limit.min(MAX_WINDOW - job.offset.min(MAX_WINDOW)),
        )
    };
    let mut body = json!({
        "query": query,
        "from": from,
        "size": size,
        "track_total_hits": true,
        "_source": {"excludes": SOURCE_EXCLUDES},
    });
    if mode.collapse && dialect == Dialect::Elastic {
        // Copies of one story (same `cluster`, from newsdex's sketches) as one result,
        // the best-ranked copy, with the others' ids.
        body["collapse"] = json!({
            "field": "cluster",
            "inner_hits": {"name": "copies", "size": MAX_COPIES, "_source": ["article_id"]}
        });
    }
    let order = match mode.sort {
        SortOrder::Score => None,
        SortOrder::Date => Some("asc"),
        SortOrder::DateDesc => Some("desc"),
    };
    if let Some(order) = order {
        // As locally: by day, then best first, then by id; scores kept for printing.
        body["sort"] = json!([
            {"date": {"order": order, "missing": "_last"}},
            {"_score": {"order": "desc"}},
            {"article_id": {"order": "asc"}}
        ]);
        body["track_scores"] = json!(true);
    }
    Ok(body)
}

/// The total of an answer (`hits.total.value`, or the older plain number).
fn total_of(answer: &Value) -> usize {
    let t = &answer["hits"]["total"];
    t.get("value")
        .and_then(Value::as_u64)
        .or_else(|| t.as_u64())
        .unwrap_or(0) as usize
}

/// Whether the article (title and passages) holds what a query branch marks.
fn article_holds(branch: &Node, doc: &RemoteDoc) -> bool {
    let mut leaves_with_text = false;
    branch.visit_leaves(false, &mut |leaf, negated| {
        leaves_with_text |= !negated && !matches!(leaf, Node::Field(..));
    });
    if !leaves_with_text {
        return true;
    }
    let any = |text: &str| !highlight(branch, text, &mut |_| true).is_empty();
    doc.title.as_deref().is_some_and(any) || doc.body.iter().any(|p| any(p))
}

/// The hits of one returned article: its best `passages` passages (most query words
/// marked, prose first), highlighted; its first passage when none holds a query word.
pub fn article_hits(
    node: &Node,
    doc: &RemoteDoc,
    rank: usize,
    score: f32,
    passages: usize,
) -> Vec<Hit> {
    let mut matches = |b: &Node| article_holds(b, doc);
    let mut scored: Vec<(usize, Vec<Span>, f32)> = doc
        .body
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let spans = highlight(node, text, &mut matches);
            let weight = spans.len() as f32 * (0.5 + prose_quality(text));
            (i, spans, weight)
        })
        .collect();
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<(usize, Vec<Span>)> = scored
        .into_iter()
        .filter(|(_, spans, _)| !spans.is_empty())
        .take(passages)
        .map(|(i, spans, _)| (i, spans))
        .collect();
    if chosen.is_empty() && !doc.body.is_empty() && passages > 0 {
        chosen.push((0, Vec::new()));
    }
    chosen
        .into_iter()
        .map(|(i, highlights)| Hit {
            rank,
            score,
            article_id: doc.article_id.clone(),
            path: doc.path.clone(),
            locator: doc.locator.clone(),
            outlet: doc.outlet.clone(),
            date: doc.date_text.clone(),
            title: doc.title.clone(),
            passage: i,
            passage_span: Span {
                start: doc.passage_starts.get(i).copied().unwrap_or(0),
                end: doc.passage_ends.get(i).copied().unwrap_or(0),
            },
            text: doc.body[i].clone(),
            highlights,
            cluster: doc.article_id.clone(),
            similar: Vec::new(),
            // Not read back from the cluster: `--fields` shows them empty.
            url: None,
            authors: Vec::new(),
            language: None,
            place: None,
            entities: Vec::new(),
            citations: Vec::new(),
            doc: tantivy::DocAddress::new(0, 0),
        })
        .collect()
}

/// The ids of the other copies collapsed into a result (its `copies` inner hits).
fn copies_of(hit: &Value, own: &str) -> Vec<String> {
    hit["inner_hits"]["copies"]["hits"]["hits"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|c| c["_id"].as_str())
                .filter(|id| *id != own)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Renders one answer of the cluster into the sink; returns the articles found.
pub fn render(
    answer: &Value,
    job: &Job,
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
) -> Result<usize, RemoteError> {
    if let Some(err) = answer.get("error") {
        let status = answer.get("status").and_then(Value::as_u64).unwrap_or(0) as u16;
        return Err(RemoteError::Engine {
            status,
            reason: super::client::engine_reason(&json!({ "error": err }).to_string()),
        });
    }
    let q: QueryRef = job.query_ref();
    let total = total_of(answer);
    if mode.count {
        sink.count(out, q, total)?;
        return Ok(total);
    }
    let hits = answer["hits"]["hits"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut lines_left = match mode.kwic {
        Some(_) if !mode.all => job.limit,
        _ => usize::MAX,
    };
    let per_article = if mode.kwic.is_some() {
        usize::MAX
    } else {
        mode.passages
    };
    let mut articles = 0;
    for (i, h) in hits.iter().enumerate() {
        if lines_left == 0 {
            break;
        }
        let doc: RemoteDoc = serde_json::from_value(h["_source"].clone()).map_err(|e| {
            RemoteError::Engine {
                status: 200,
                reason: format!(
                    "a result is not a newsdex document ({e}): was the index filled by `newsdex push`?"
                ),
            }
        })?;
        let score = h["_score"].as_f64().unwrap_or(0.0) as f32;
        let rank = job.offset.saturating_add(i + 1);
        let mut article = article_hits(&job.query.node, &doc, rank, score, per_article);
        let copies = copies_of(h, &doc.article_id);
        article
            .iter_mut()
            .for_each(|hit| hit.similar = copies.clone());
        match mode.kwic {
            None => sink.article(out, q, &article)?,
            Some(width) => {
                article.sort_by_key(|h| h.passage);
                for hit in &article {
                    let mut lines = kwic_lines(hit, width);
                    lines.truncate(lines_left);
                    lines_left -= lines.len();
                    sink.kwic(out, q, &lines)?;
                }
            }
        }
        articles += 1;
    }
    if articles > 0 && sink.wants_total() {
        sink.total(out, job.offset, articles, total)?;
    }
    Ok(articles)
}

/// Runs one job on the cluster and renders its answer.
pub fn run_job(
    client: &Client,
    target: &Target,
    job: &Job,
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
) -> Result<usize, RemoteError> {
    let body = request(job, mode, Dialect::of_url(&target.url))?;
    let answer = client.json("POST", &format!("/{}/_search", target.index), &body)?;
    render(&answer, job, mode, sink, out)
}

/// The `_msearch` answers of some jobs, in order (a job that cannot be translated has
/// its error in place of an answer).
fn msearch(
    client: &Client,
    target: &Target,
    jobs: &[&Job],
    mode: &Mode,
) -> Result<Vec<Result<Value, RemoteError>>, RemoteError> {
    let dialect = Dialect::of_url(&target.url);
    let mut answers: Vec<Option<Result<Value, RemoteError>>> = Vec::with_capacity(jobs.len());
    let mut body = Vec::new();
    let mut sent = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        match request(job, mode, dialect) {
            Ok(req) => {
                body.extend_from_slice(json!({"index": target.index}).to_string().as_bytes());
                body.push(b'\n');
                body.extend_from_slice(req.to_string().as_bytes());
                body.push(b'\n');
                sent.push(i);
                answers.push(None);
            }
            Err(e) => answers.push(Some(Err(e))),
        }
    }
    if !sent.is_empty() {
        let reply = client.ndjson("/_msearch", &body)?;
        let responses = reply["responses"].as_array().cloned().unwrap_or_default();
        for (n, i) in sent.into_iter().enumerate() {
            answers[i] = Some(responses.get(n).cloned().ok_or(RemoteError::Engine {
                status: 200,
                reason: "_msearch answered fewer responses than queries sent".into(),
            }));
        }
    }
    Ok(answers
        .into_iter()
        .map(|a| a.expect("every job answered"))
        .collect())
}

/// Runs a query file on the cluster through `_msearch`, answers in input order, each
/// after its heading; failed queries go to the sink's error record and `observer`.
pub fn run_batch(
    client: &Client,
    target: &Target,
    lines: &[BatchLine],
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
    observer: &mut dyn BatchObserver,
) -> Result<BatchOutcome, RemoteError> {
    sink.begin(out)?;
    let mut outcome = BatchOutcome::default();
    let mut done = 0;
    for chunk in lines.chunks(MSEARCH_CHUNK) {
        let start = Instant::now();
        let jobs: Vec<&Job> = chunk.iter().filter_map(|l| l.job.as_ref().ok()).collect();
        let mut answers = msearch(client, target, &jobs, mode)?.into_iter();
        let micros = start.elapsed().as_micros() / chunk.len().max(1) as u128;
        for line in chunk {
            let result = match &line.job {
                Err(msg) => Err(msg.clone()),
                Ok(job) => {
                    let answer = answers.next().expect("one answer per job");
                    let mut buf = Vec::new();
                    answer
                        .and_then(|a| render(&a, job, mode, sink, &mut buf))
                        .map(|n| (n, buf))
                        .map_err(|e| e.to_string())
                }
            };
            match result {
                Ok((n, buf)) => {
                    outcome.any_hits |= n > 0;
                    sink.heading(out, line.query_ref())?;
                    out.write_all(&buf)?;
                    observer.answered(line, n, micros)?;
                }
                Err(msg) => {
                    outcome.failed += 1;
                    observer.failed(line, &msg)?;
                    sink.error(out, line.query_ref(), &msg)?;
                }
            }
            done += 1;
            observer.progress(done);
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::compile::Filters;
    use crate::search::query::ParsedQuery;

    fn doc() -> RemoteDoc {
        serde_json::from_value(json!({
            "article_id": "00000000000000ff", "path": "a.txt", "title": "Oil news",
            "body": ["Markets were calm.", "Oil prices rose as oil output fell."],
            "text": "", "passage_starts": [0, 20], "passage_ends": [18, 55],
            "entity": [], "entity_type": [], "entities": [], "cluster": "00000000000000ff", "sketch": []
        }))
        .unwrap()
    }

    #[test]
    fn the_passage_holding_the_query_is_chosen_and_marked() {
        let q = ParsedQuery::parse("oil").unwrap();
        let hits = article_hits(&q.node, &doc(), 1, 2.0, 1);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].passage, 1);
        assert_eq!(hits[0].passage_span, Span { start: 20, end: 55 });
        assert_eq!(hits[0].highlights.len(), 2);
        let none = article_hits(
            &ParsedQuery::parse("title:news").unwrap().node,
            &doc(),
            1,
            1.0,
            1,
        );
        assert_eq!(
            none[0].passage, 0,
            "the first passage when none holds a query word"
        );
    }

    #[test]
    fn requests_page_sort_and_count() {
        let job = Job {
            id: None,
            query: ParsedQuery::parse("oil").unwrap(),
            filters: Filters::default(),
            limit: 5,
            offset: 10,
        };
        let mut mode = Mode {
            count: false,
            all: false,
            sort: SortOrder::DateDesc,
            passages: 1,
            kwic: None,
            collapse: false,
        };
        let r = request(&job, &mode, Dialect::Elastic).unwrap();
        assert_eq!(
            (r["from"].as_u64(), r["size"].as_u64()),
            (Some(10), Some(5))
        );
        assert_eq!(r["sort"][0]["date"]["order"], "desc");
        assert_eq!(r["track_scores"], true);
        assert!(r.get("collapse").is_none(), "--copies: every article");
        mode.collapse = true;
        let r = request(&job, &mode, Dialect::Elastic).unwrap();
        assert_eq!(r["collapse"]["field"], "cluster");
        assert!(request(&job, &mode, Dialect::Quickwit)
            .unwrap()
            .get("collapse")
            .is_none());
        mode.count = true;
        assert_eq!(request(&job, &mode, Dialect::Elastic).unwrap()["size"], 0);
    }
}
