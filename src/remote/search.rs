//! `newsdex search --remote`: a job (or a batch, through `_msearch`) answered by a
//! cluster, and each returned article turned into newsdex `Hit`s: its best passages for
//! the query, marked by newsdex's own highlighter, pushed into the same `Sink` the local
//! search uses, so that every output format reads as it does locally.
//!
//! The cluster ranks (its BM25) and counts. Copies of one story are collapsed by the
//! engine's field collapsing on `cluster` (the story id `newsdex push` computed from
//! the sketches), the others listed as `similar`; Quickwit cannot collapse, so there
//! every copy is a result.
//!
//! A page within the engine's result window (`index.max_result_window`, 10,000 by
//! default) is one request with `from` and `size`. `--all`, KWIC and pages beyond the
//! window are read page by page with `search_after` on a total order (the mode's sort,
//! then the article id), at most `MAX_SCAN` articles; copies of a story are then
//! collapsed here (the first of a story in that order leads it, and one more request per
//! page lists the copies of its stories). The pages are read without a point in time:
//! a push running meanwhile may shift them.

use super::client::Client;
use super::dsl::{self, Dialect};
use super::mapping::RemoteDoc;
use super::{RemoteError, Target};
use crate::highlight::highlight;
use crate::index::aliases::EntityAliases;
use crate::output::Sink;
use crate::search::articles::SortOrder;
use crate::search::batch::{BatchLine, BatchObserver, BatchOutcome};
use crate::search::job::{Job, Mode};
use crate::search::kwic::kwic_lines;
use crate::search::passages::prose_quality;
use crate::search::query::Node;
use crate::search::{Hit, Span};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::time::Instant;

/// The most articles one request reads (`index.max_result_window` by default).
pub const MAX_WINDOW: usize = 10_000;
/// Articles per `search_after` page.
const PAGE: usize = 500;
/// The most articles one paged run reads.
pub const MAX_SCAN: usize = 10_000_000;
/// The most copies of a story listed with it.
const MAX_COPIES: usize = 100;
/// Queries per `_msearch` request.
const MSEARCH_CHUNK: usize = 64;

/// Fields a result needs from `_source` (the stored full body and sketch are left).
const SOURCE_EXCLUDES: &[&str] = &["text", "lead", "entities", "sketch"];

/// Whether a job is read page by page (`search_after`) rather than in one request.
pub fn paged(job: &Job, mode: &Mode, window: usize) -> bool {
    !mode.count
        && (mode.all || mode.kwic.is_some() || job.offset.saturating_add(job.limit) > window)
}

/// The order of a search: the mode's, `None` for score order in one request.
fn sort_of(mode: &Mode) -> Option<Value> {
    let order = match mode.sort {
        SortOrder::Score => return None,
        SortOrder::Date => "asc",
        SortOrder::DateDesc => "desc",
    };
    // As locally: by day, then best first, then by id.
    Some(json!([
        {"date": {"order": order, "missing": "_last"}},
        {"_score": {"order": "desc"}},
        {"article_id": {"order": "asc"}}
    ]))
}

/// A total order for `search_after`: the mode's, or best first then by id.
fn total_sort(mode: &Mode) -> Value {
    sort_of(mode)
        .unwrap_or_else(|| json!([{"_score": {"order": "desc"}}, {"article_id": {"order": "asc"}}]))
}

/// The search request body of a job (within the result window: see `paged`).
pub fn request(
    job: &Job,
    mode: &Mode,
    dialect: Dialect,
    aliases: &EntityAliases,
) -> Result<Value, RemoteError> {
    let query = dsl::query(Some(&job.query.node), &job.filters, dialect, aliases)?;
    if mode.count {
        return Ok(json!({"query": query, "size": 0, "track_total_hits": true}));
    }
    let (from, size) = (job.offset.min(MAX_WINDOW), job.limit.min(MAX_WINDOW));
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
    // Ties broken by id, as the pages of `search_after` are; scores kept for printing.
    body["sort"] = total_sort(mode);
    body["track_scores"] = json!(true);
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

/// The engine's error in an answer of `_msearch`, if it holds one.
fn answer_error(answer: &Value) -> Result<(), RemoteError> {
    match answer.get("error") {
        Some(err) => Err(RemoteError::Engine {
            status: answer.get("status").and_then(Value::as_u64).unwrap_or(0) as u16,
            reason: super::client::engine_reason(&json!({ "error": err }).to_string()),
        }),
        None => Ok(()),
    }
}

/// The newsdex document of a returned hit.
fn doc_of(h: &Value) -> Result<RemoteDoc, RemoteError> {
    serde_json::from_value(h["_source"].clone()).map_err(|e| RemoteError::Engine {
        status: 200,
        reason: format!(
            "a result is not a newsdex document ({e}): was the index filled by `newsdex push`?"
        ),
    })
}

/// What rendering one job's articles keeps track of.
struct Rendering<'a> {
    job: &'a Job,
    mode: &'a Mode,
    sink: &'a dyn Sink,
    /// KWIC lines still to print.
    lines_left: usize,
    articles: usize,
}

impl<'a> Rendering<'a> {
    fn new(job: &'a Job, mode: &'a Mode, sink: &'a dyn Sink) -> Self {
        let lines_left = match mode.kwic {
            Some(_) if !mode.all => job.limit,
            _ => usize::MAX,
        };
        Rendering {
            job,
            mode,
            sink,
            lines_left,
            articles: 0,
        }
    }

    /// Whether the line budget is spent.
    fn done(&self) -> bool {
        self.lines_left == 0
    }

    /// Pushes one article (its passages, or KWIC lines) into the sink.
    fn article(
        &mut self,
        out: &mut dyn Write,
        h: &Value,
        doc: &RemoteDoc,
        rank: usize,
        copies: Vec<String>,
    ) -> Result<(), RemoteError> {
        let per_article = if self.mode.kwic.is_some() {
            usize::MAX
        } else {
            self.mode.passages
        };
        let score = h["_score"].as_f64().unwrap_or(0.0) as f32;
        let q = self.job.query_ref();
        let mut article = article_hits(&self.job.query.node, doc, rank, score, per_article);
        article
            .iter_mut()
            .for_each(|hit| hit.similar = copies.clone());
        match self.mode.kwic {
            None => self.sink.article(out, q, &article)?,
            Some(width) => {
                article.sort_by_key(|h| h.passage);
                for hit in &article {
                    let mut lines = kwic_lines(hit, width);
                    lines.truncate(self.lines_left);
                    self.lines_left -= lines.len();
                    self.sink.kwic(out, q, &lines)?;
                }
            }
        }
        self.articles += 1;
        Ok(())
    }

    /// The closing total, when articles were found.
    fn finish(self, out: &mut dyn Write, total: usize) -> Result<usize, RemoteError> {
        if self.articles > 0 && self.sink.wants_total() {
            self.sink
                .total(out, self.job.offset, self.articles, total)?;
        }
        Ok(self.articles)
    }
}

/// Renders one answer of the cluster into the sink; returns the articles found.
pub fn render(
    answer: &Value,
    job: &Job,
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
) -> Result<usize, RemoteError> {
    answer_error(answer)?;
    let total = total_of(answer);
    if mode.count {
        sink.count(out, job.query_ref(), total)?;
        return Ok(total);
    }
    let hits = answer["hits"]["hits"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut r = Rendering::new(job, mode, sink);
    for (i, h) in hits.iter().enumerate() {
        if r.done() {
            break;
        }
        let doc = doc_of(h)?;
        let copies = copies_of(h, &doc.article_id);
        r.article(out, h, &doc, job.offset.saturating_add(i + 1), copies)?;
    }
    r.finish(out, total)
}

/// What hears each page of a scan (its hits, and the whole answer).
type PageFn<'a> = dyn FnMut(&[Value], &Value) -> Result<bool, RemoteError> + 'a;

/// Reads the hits of `body` (a query with a total order) page by page with
/// `search_after`; `each` hears each page and says whether to go on. At most `max`
/// hits are read.
fn scan(
    client: &Client,
    target: &Target,
    mut body: Value,
    page: usize,
    max: usize,
    each: &mut PageFn,
) -> Result<(), RemoteError> {
    let page = page.max(1);
    body["size"] = json!(page);
    let path = format!("/{}/_search", target.index);
    let mut read = 0usize;
    loop {
        let answer = client.json("POST", &path, &body)?;
        answer_error(&answer)?;
        let hits = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let go_on = each(&hits, &answer)?;
        read += hits.len();
        let Some(last) = hits.last().map(|h| h["sort"].clone()) else {
            return Ok(());
        };
        if !go_on || hits.len() < page || read >= max || !last.is_array() {
            return Ok(());
        }
        body["search_after"] = last;
        body["track_total_hits"] = json!(false);
    }
}

/// The other matching copies of some stories (by cluster id, in the mode's order),
/// at most `MAX_COPIES` each.
fn copies_in(
    client: &Client,
    target: &Target,
    query: &Value,
    mode: &Mode,
    page: usize,
    clusters: &[String],
) -> Result<HashMap<String, Vec<String>>, RemoteError> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    if clusters.is_empty() {
        return Ok(out);
    }
    let body = json!({
        "query": {"bool": {"must": [query], "filter": [{"terms": {"cluster": clusters}}]}},
        "sort": total_sort(mode),
        "track_scores": true,
        "track_total_hits": false,
        "_source": ["article_id", "cluster"],
    });
    scan(client, target, body, page, MAX_SCAN, &mut |hits, _| {
        for h in hits {
            let (Some(id), Some(cluster)) = (
                h["_source"]["article_id"].as_str(),
                h["_source"]["cluster"].as_str(),
            ) else {
                continue;
            };
            let list = out.entry(cluster.to_string()).or_default();
            if list.len() <= MAX_COPIES {
                list.push(id.to_string());
            }
        }
        Ok(true)
    })?;
    Ok(out)
}

/// The cluster a search reads: its client, the index, and the index's result window.
#[derive(Clone, Copy)]
pub struct Cluster<'a> {
    pub client: &'a Client,
    pub target: &'a Target,
    pub window: usize,
}

/// Runs a job page by page (`--all`, KWIC, or a page beyond the result window):
/// articles in the mode's order, one per story unless `--copies`, `offset` skipped.
fn run_paged(
    cluster: &Cluster,
    aliases: &EntityAliases,
    job: &Job,
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
) -> Result<usize, RemoteError> {
    let Cluster {
        client,
        target,
        window,
    } = *cluster;
    let dialect = Dialect::of_url(&target.url);
    let query = dsl::query(Some(&job.query.node), &job.filters, dialect, aliases)?;
    let page = PAGE.min(window).max(1);
    let whole = mode.all || mode.kwic.is_some();
    // As locally, `--offset` skips stories with `--all` and KWIC too.
    let (skip, take) = (job.offset, if whole { usize::MAX } else { job.limit });
    let body = json!({
        "query": query,
        "sort": total_sort(mode),
        "track_scores": true,
        "track_total_hits": true,
        "_source": {"excludes": SOURCE_EXCLUDES},
    });
    let mut r = Rendering::new(job, mode, sink);
    let mut total = None;
    let mut seen: HashSet<String> = HashSet::new();
    let mut stories = 0usize;
    scan(client, target, body, page, MAX_SCAN, &mut |hits, answer| {
        total.get_or_insert_with(|| total_of(answer));
        let mut leads = Vec::new();
        for h in hits {
            let doc = doc_of(h)?;
            if mode.collapse && !doc.cluster.is_empty() && !seen.insert(doc.cluster.clone()) {
                continue;
            }
            stories += 1;
            if stories > skip {
                leads.push((h, doc, stories));
            }
        }
        let copies = if mode.collapse {
            let clusters: Vec<String> = leads
                .iter()
                .take(take.saturating_sub(r.articles))
                .map(|(_, d, _)| d.cluster.clone())
                .filter(|c| !c.is_empty())
                .collect();
            copies_in(client, target, &query, mode, page, &clusters)?
        } else {
            HashMap::new()
        };
        for (h, doc, rank) in leads {
            if r.done() || r.articles >= take {
                return Ok(false);
            }
            let similar = copies
                .get(&doc.cluster)
                .map(|ids| {
                    ids.iter()
                        .filter(|id| **id != doc.article_id)
                        .take(MAX_COPIES)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            r.article(out, h, &doc, rank, similar)?;
        }
        Ok(!r.done() && r.articles < take)
    })?;
    r.finish(out, total.unwrap_or(0))
}

/// Runs one job on the cluster and renders its answer.
pub fn run_job(
    cluster: &Cluster,
    job: &Job,
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
) -> Result<usize, RemoteError> {
    let (client, target) = (cluster.client, cluster.target);
    let terms = super::canon::entity_terms_of(Some(&job.query.node), &job.filters);
    let aliases = super::canon::resolve(client, target, &terms)?;
    if paged(job, mode, cluster.window) {
        return run_paged(cluster, &aliases, job, mode, sink, out);
    }
    let body = request(job, mode, Dialect::of_url(&target.url), &aliases)?;
    let answer = client.json("POST", &format!("/{}/_search", target.index), &body)?;
    render(&answer, job, mode, sink, out)
}

/// The `_msearch` answers of some jobs, in order (a job that cannot be translated has
/// its error in place of an answer; a paged job, `None`: it is run on its own).
fn msearch(
    client: &Client,
    target: &Target,
    jobs: &[&Job],
    mode: &Mode,
    window: usize,
    aliases: &EntityAliases,
) -> Result<Vec<Option<Result<Value, RemoteError>>>, RemoteError> {
    let dialect = Dialect::of_url(&target.url);
    let mut answers: Vec<Option<Result<Value, RemoteError>>> = Vec::with_capacity(jobs.len());
    let mut body = Vec::new();
    let mut sent = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        if paged(job, mode, window) {
            answers.push(None);
            continue;
        }
        match request(job, mode, dialect, aliases) {
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
    Ok(answers)
}

/// Runs a query file on the cluster through `_msearch`, answers in input order, each
/// after its heading; failed queries go to the sink's error record and `observer`.
pub fn run_batch(
    cluster: &Cluster,
    lines: &[BatchLine],
    mode: &Mode,
    sink: &dyn Sink,
    out: &mut dyn Write,
    observer: &mut dyn BatchObserver,
) -> Result<BatchOutcome, RemoteError> {
    let (client, target, window) = (cluster.client, cluster.target, cluster.window);
    sink.begin(out)?;
    let mut outcome = BatchOutcome::default();
    let mut done = 0;
    for chunk in lines.chunks(MSEARCH_CHUNK) {
        let start = Instant::now();
        let jobs: Vec<&Job> = chunk.iter().filter_map(|l| l.job.as_ref().ok()).collect();
        let mut terms = std::collections::BTreeSet::new();
        for job in &jobs {
            terms.extend(super::canon::entity_terms_of(
                Some(&job.query.node),
                &job.filters,
            ));
        }
        let aliases = super::canon::resolve(client, target, &terms)?;
        let mut answers = msearch(client, target, &jobs, mode, window, &aliases)?.into_iter();
        let micros = start.elapsed().as_micros() / chunk.len().max(1) as u128;
        for line in chunk {
            let result = match &line.job {
                Err(msg) => Err(msg.clone()),
                Ok(job) => {
                    let mut buf = Vec::new();
                    match answers.next().expect("one answer per job") {
                        Some(answer) => answer.and_then(|a| render(&a, job, mode, sink, &mut buf)),
                        None => run_paged(cluster, &aliases, job, mode, sink, &mut buf),
                    }
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
            canonical_entities: false,
        };
        let none = EntityAliases::default();
        let r = request(&job, &mode, Dialect::Elastic, &none).unwrap();
        assert_eq!(
            (r["from"].as_u64(), r["size"].as_u64()),
            (Some(10), Some(5))
        );
        assert_eq!(r["sort"][0]["date"]["order"], "desc");
        assert_eq!(r["track_scores"], true);
        assert!(r.get("collapse").is_none(), "--copies: every article");
        mode.collapse = true;
        let r = request(&job, &mode, Dialect::Elastic, &none).unwrap();
        assert_eq!(r["collapse"]["field"], "cluster");
        assert!(request(&job, &mode, Dialect::Quickwit, &none)
            .unwrap()
            .get("collapse")
            .is_none());
        mode.count = true;
        assert_eq!(
            request(&job, &mode, Dialect::Elastic, &none).unwrap()["size"],
            0
        );
    }
}
