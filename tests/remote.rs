//! `newsdex push` and `newsdex search --remote` against osmem-server, an in-memory
//! OpenSearch 3.x emulator made for tests (PyPI `osmem-server`), started on a free
//! loopback port for each test. Without it the tests print a note and pass, so that
//! `cargo test` needs nothing installed; with `NEWSDEX_REQUIRE_REMOTE=1` (set by
//! `.ci/run`) a missing emulator fails them.
//!
//! They check that every article arrives once, that a second push changes nothing, that
//! a removed file's article is deleted, that an interrupted push resumes, and that every
//! operator and filter finds the same articles remotely as locally.

mod common;

use common::{blair_corpus, corpus, newsdex};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

/// A running emulator; stopped when dropped.
struct Emulator {
    child: Child,
    _stdin: ChildStdin,
    url: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The emulator's binary: `OSMEM_SERVER_BIN`, or the one the Python package bundles.
fn emulator_binary() -> Option<PathBuf> {
    if let Ok(bin) = std::env::var("OSMEM_SERVER_BIN") {
        return Path::new(&bin).is_file().then(|| PathBuf::from(bin));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import osmem_server; print(osmem_server.resolve_binary())",
        ])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let path = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
}

/// Starts the emulator on a free loopback port, or says why the test is skipped.
fn emulator() -> Option<Emulator> {
    let required = std::env::var("NEWSDEX_REQUIRE_REMOTE").is_ok_and(|v| v == "1");
    let Some(bin) = emulator_binary() else {
        assert!(
            !required,
            "NEWSDEX_REQUIRE_REMOTE=1 but osmem-server is not installed: python3 -m pip install osmem-server"
        );
        eprintln!("note: osmem-server is not installed (python3 -m pip install osmem-server): remote test skipped");
        return None;
    };
    let mut child = Command::new(&bin)
        .args(["--addr", "127.0.0.1:0", "--no-ja"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let stdin = child.stdin.take().expect("piped stdin");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout"))
        .read_line(&mut first)
        .expect("the emulator prints its address");
    let ready: Value = serde_json::from_str(&first).expect("a JSON line with the url");
    let url = ready["url"].as_str().expect("url").to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "loopback only: {url}");
    Some(Emulator {
        child,
        _stdin: stdin,
        url,
    })
}

/// A copy of the bundled corpus (tests that change files change the copy).
fn corpus_copy(dir: &Path) -> PathBuf {
    let to = dir.join("corpus");
    for entry in walkdir::WalkDir::new(corpus()) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(corpus()).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    to
}

fn index(corpus: &Path, index: &Path) {
    newsdex(index)
        .args(["index", "-q"])
        .arg(corpus)
        .assert()
        .success();
}

/// A fresh index of a copy of the corpus.
fn indexed_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = corpus_copy(tmp.path());
    let ix = tmp.path().join("idx");
    index(&corpus, &ix);
    (tmp, corpus, ix)
}

/// Runs `newsdex push URL ARGS`; returns its stdout (the summary).
fn push(ix: &Path, url: &str, args: &[&str]) -> String {
    let out = newsdex(ix)
        .arg("push")
        .arg(url)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "push failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A GET on the emulator, as JSON.
fn get(url: &str) -> Value {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys,urllib.request;print(urllib.request.urlopen(sys.argv[1]).read().decode())",
            url,
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

/// The ids the cluster holds, each as often as it is there.
fn remote_ids(url: &str, index: &str) -> Vec<String> {
    let v = get(&format!(
        "{url}/{index}/_search?size=10000&_source=article_id"
    ));
    let mut ids: Vec<String> = v["hits"]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn local_articles(ix: &Path) -> usize {
    let out = newsdex(ix).args(["info", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["articles"].as_u64().unwrap() as usize
}

/// The article ids a search finds (every copy, up to 1000).
fn found(ix: &Path, args: &[&str], remote: Option<&str>) -> BTreeSet<String> {
    let mut cmd = newsdex(ix);
    cmd.arg("search").args(args).args([
        "--json",
        "--fields",
        "article_id",
        "-n",
        "1000",
        "--copies",
    ]);
    if let Some(url) = remote {
        cmd.args(["--remote", url]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.code().unwrap() <= 1,
        "search {args:?} (remote {remote:?}) failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["article_id"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn every_article_arrives_once_and_a_second_push_changes_nothing() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    let n = local_articles(&ix);
    let first = push(&ix, &em.url, &[]);
    assert!(first.contains(&format!("{n} sent ({n} new")), "{first}");
    assert!(first.contains("created the remote index"), "{first}");
    let ids = remote_ids(&em.url, "newsdex");
    assert_eq!(ids.len(), n, "every article once");
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        n,
        "no duplicates"
    );
    let local: BTreeSet<String> = found(&ix, &["NOT zzzzqqq"], None);
    assert_eq!(local, ids.iter().cloned().collect(), "the same ids");

    let second = push(&ix, &em.url, &[]);
    assert!(
        second.contains(&format!(
            "0 sent (0 new, 0 updated), {n} unchanged, 0 deleted, 0 failed"
        )),
        "{second}"
    );
    assert_eq!(remote_ids(&em.url, "newsdex").len(), n);

    // Forgetting the state sends everything again: updates, never duplicates.
    let full = push(&ix, &em.url, &["--full"]);
    assert!(
        full.contains(&format!("{n} sent (0 new, {n} updated)")),
        "{full}"
    );
    assert_eq!(remote_ids(&em.url, "newsdex").len(), n);
}

#[test]
fn a_removed_file_is_deleted_and_a_changed_one_updated() {
    let Some(em) = emulator() else { return };
    let (_tmp, corpus, ix) = indexed_copy();
    push(&ix, &em.url, &["--remote-index", "news"]);
    let before = remote_ids(&em.url, "news");
    let gone_file = corpus.join("wire/baltic-wire-kyiv-power-grid.txt");
    let gone = found(&ix, &["NOT zzzzqqq"], None)
        .into_iter()
        .filter(|id| {
            let out = newsdex(&ix).args(["show", id, "--json"]).output().unwrap();
            String::from_utf8_lossy(&out.stdout).contains("baltic-wire-kyiv-power-grid.txt")
        })
        .collect::<Vec<_>>();
    assert_eq!(gone.len(), 1, "one article in that file");
    std::fs::remove_file(&gone_file).unwrap();
    let changed = corpus.join("wire/baltic-wire-kyiv-drone-factories.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\n\nA late paragraph mentions zebrafish.\n");
    std::fs::write(&changed, text).unwrap();
    index(&corpus, &ix);
    let out = push(&ix, &em.url, &["--remote-index", "news"]);
    assert!(
        out.contains("1 sent (0 new, 1 updated)") && out.contains("1 deleted"),
        "{out}"
    );
    let after = remote_ids(&em.url, "news");
    assert_eq!(after.len(), before.len() - 1);
    assert!(!after.contains(&gone[0]));
    let remote = found(&ix, &["zebrafish", "--remote-index", "news"], Some(&em.url));
    assert_eq!(remote.len(), 1, "the update is searchable");
}

#[test]
fn an_interrupted_push_resumes_where_it_stopped() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    let n = local_articles(&ix);
    let cut = push(&ix, &em.url, &["--batch-size", "5", "--max-batches", "2"]);
    assert!(cut.contains("stopped after 2 batches"), "{cut}");
    assert_eq!(remote_ids(&em.url, "newsdex").len(), 10);
    let rest = push(&ix, &em.url, &["--batch-size", "5"]);
    assert!(
        rest.contains(&format!(
            "{} sent ({} new, 0 updated), 10 unchanged",
            n - 10,
            n - 10
        )),
        "{rest}"
    );
    assert_eq!(remote_ids(&em.url, "newsdex").len(), n);
}

/// Queries with every operator and filter, each as its command-line arguments.
const QUERIES: &[&[&str]] = &[
    &["sanctions"],
    &["rocket fuel"],
    &["\"rocket fuel\""],
    &["china OR russia"],
    &["china -russia"],
    &["NOT china"],
    &["(china OR russia) -ukraine tankers"],
    &["sanction*"],
    &["\"china russia\"~10"],
    &["\"china sanctions\"~passage"],
    &["title:drones"],
    &["body:\"power grid\""],
    &["outlet:\"Baltic Wire\" drones"],
    &["entity:\"Carl Bildt\""],
    &["entity:PER:\"Antony Blinken\""],
    &["cites:Bloomberg"],
    &["cites:telegraph.co.uk"],
    &["cites:anonymous china"],
    &["china", "--cites", "outlet"],
    &["china since:2024-04"],
    &["china until:2024"],
    &["date:2024-04 china"],
    &["lang:en tankers"],
    &["china", "--outlet", "Pacific Courier"],
    &["china", "--since", "2024-04", "--until", "2024-12"],
    &["china", "--lang", "en"],
    &["china", "--entity", "Beijing"],
    &["china", "--entity-type", "PER"],
    &["china", "--entity", "Beijing", "--entity-type", "LOC"],
];

#[test]
fn every_operator_and_filter_finds_the_same_articles_remotely() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    push(&ix, &em.url, &[]);
    let mut nonempty = 0;
    for q in QUERIES {
        let local = found(&ix, q, None);
        let remote = found(&ix, q, Some(&em.url));
        assert_eq!(local, remote, "query {q:?}");
        nonempty += usize::from(!local.is_empty());
    }
    assert!(nonempty >= QUERIES.len() - 2, "the queries find something");

    // A batch goes through _msearch and answers in input order, as locally.
    let file = ix.with_file_name("queries.txt");
    std::fs::write(&file, "sanctions\n\"rocket fuel\"\nchina -russia\n").unwrap();
    let batch = |remote: bool| {
        let mut cmd = newsdex(&ix);
        cmd.args(["search", "--queries"]).arg(&file).args([
            "--format",
            "tsv",
            "--fields",
            "query_id,article_id",
            "--copies",
            "-n",
            "100",
        ]);
        if remote {
            cmd.args(["--remote", &em.url]);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut lines: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(batch(false), batch(true));
}

#[test]
fn remote_output_looks_like_local_output() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    push(&ix, &em.url, &[]);
    let run = |remote: bool| {
        let mut cmd = newsdex(&ix);
        cmd.args(["search", "\"rocket fuel\"", "--json", "--copies"]);
        if remote {
            cmd.args(["--remote", &em.url]);
        }
        let out = cmd.output().unwrap();
        let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("score");
        v
    };
    assert_eq!(
        run(false),
        run(true),
        "the same hit, passage and highlights"
    );
}

#[test]
fn cluster_errors_are_clear_and_exit_2() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    let out = newsdex(&ix)
        .args([
            "search",
            "oil",
            "--remote",
            &em.url,
            "--remote-index",
            "nothing-here",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no such index") && err.contains("newsdex push"),
        "{err}"
    );

    // A port nothing listens on (the emulator's, once it is stopped).
    let url = em.url.clone();
    drop(em);
    let out = newsdex(&ix)
        .args(["search", "oil", "--remote", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot connect"), "{err}");
}

#[test]
fn the_quickwit_config_names_every_field() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("qw.yaml");
    newsdex(&tmp.path().join("idx"))
        .args(["push", "--quickwit-config"])
        .arg(&file)
        .args(["--remote-index", "news"])
        .assert()
        .success();
    let yaml = std::fs::read_to_string(&file).unwrap();
    for want in [
        "index_id: news",
        "tokenizer: en_stem",
        "record: position",
        "name: date\n      type: datetime",
        "name: outlet_key",
        "fast: true",
    ] {
        assert!(yaml.contains(want), "{want} missing:\n{yaml}");
    }
}

#[test]
fn stats_from_aggregations_equal_the_local_counts() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    push(&ix, &em.url, &[]);
    let csv = |args: &[&str], remote: bool| {
        let mut cmd = newsdex(&ix);
        cmd.arg("stats").args(args).arg("--csv");
        if remote {
            cmd.args(["--remote", &em.url]);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.code().unwrap() <= 1,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    for by in [
        "year",
        "month",
        "week",
        "day",
        "outlet",
        "entity",
        "entity-type",
        "cited",
    ] {
        for args in [
            &["china", "--by", by][..],
            &["--by", by, "--since", "2024"][..],
        ] {
            assert_eq!(csv(args, false), csv(args, true), "stats {args:?}");
        }
    }
    let out = newsdex(&ix)
        .args([
            "stats", "china", "--by", "month", "--by", "outlet", "--remote", &em.url,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cross tables"));
}

#[test]
fn a_dry_run_sends_nothing_and_says_how_much_it_would() {
    // Port 9 (discard) on loopback: nothing is contacted in a dry run.
    let (_tmp, _corpus, ix) = indexed_copy();
    let n = local_articles(&ix);
    let out = push(&ix, "http://127.0.0.1:9", &["--dry-run"]);
    assert!(out.contains("dry run, nothing sent"), "{out}");
    assert!(
        out.contains(&format!("{n} articles, {n} would be sent")),
        "{out}"
    );
    assert!(!ix.with_file_name("idx.push").exists(), "no state written");
}

/// A server on loopback that answers `requests` requests: 401 unless they carry basic
/// auth for u:p, else an empty search answer.
fn guarded_cluster(requests: usize) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for _ in 0..requests {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            let mut body = vec![0; length];
            stream.read_exact(&mut body).unwrap();
            let (status, answer) = if head.contains("authorization: basic dtpw") {
                ("200 OK", r#"{"hits":{"total":{"value":0},"hits":[]}}"#)
            } else {
                (
                    "401 Unauthorized",
                    r#"{"error":{"type":"security_exception","reason":"missing authentication credentials"},"status":401}"#,
                )
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    url
}

#[test]
fn credentials_come_from_the_environment_and_a_refusal_is_quoted() {
    let url = guarded_cluster(2);
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("idx");
    let out = newsdex(&ix)
        .args(["search", "oil", "--remote", &url])
        .env_remove("NEWSDEX_REMOTE_USER")
        .env_remove("NEWSDEX_REMOTE_PASSWORD")
        .env_remove("NEWSDEX_REMOTE_API_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refused the credentials")
            && err.contains("missing authentication credentials")
            && err.contains("NEWSDEX_REMOTE_USER"),
        "{err}"
    );
    let out = newsdex(&ix)
        .args(["search", "oil", "--remote", &url])
        .env("NEWSDEX_REMOTE_USER", "u")
        .env("NEWSDEX_REMOTE_PASSWORD", "p")
        .env_remove("NEWSDEX_REMOTE_API_KEY")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "authenticated, no hits: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs newsdex with `args` (and `--remote URL` when given); returns stdout, after
/// checking that it exited 0 or 1.
fn run(ix: &Path, args: &[&str], remote: Option<&str>) -> String {
    let mut cmd = newsdex(ix);
    cmd.args(args);
    if let Some(url) = remote {
        cmd.args(["--remote", url]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.code().unwrap() <= 1,
        "{args:?} (remote {remote:?}) failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn kwic_lines_from_the_cluster_read_as_local_ones() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    push(&ix, &em.url, &[]);
    let url = Some(em.url.as_str());
    // Every line of every format, the same (articles of one day may come in another
    // order: the engines score differently, and ties go best first).
    for args in [
        &["kwic", "china"][..],
        &["kwic", "china", "--json", "--copies"],
        &["kwic", "\"rocket fuel\"", "--format", "csv", "-w", "15"],
        &["kwic", "sanction*", "--format", "tsv", "--sort", "-date"],
        &[
            "kwic",
            "china -russia",
            "--json",
            "--outlet",
            "Pacific Courier",
        ],
        &["kwic", "tankers", "--entity", "Hong Kong", "--json"],
    ] {
        let local = run(&ix, args, None);
        assert!(!local.is_empty(), "{args:?} finds lines");
        assert_eq!(
            sorted_lines(&local),
            sorted_lines(&run(&ix, args, url)),
            "{args:?}"
        );
    }
    // A query whose articles all differ in date: the same lines in the same order.
    let args = &["kwic", "drones", "--sort", "date", "--json"][..];
    assert_eq!(run(&ix, args, None), run(&ix, args, url));
    // -n caps lines, as locally.
    let capped = run(&ix, &["kwic", "china", "-n", "3", "--json"], url);
    assert_eq!(capped.lines().count(), 3);
    // No match: exit 1, nothing printed.
    let out = newsdex(&ix)
        .args(["kwic", "zzzzqqq", "--remote", &em.url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn entity_counts_from_the_cluster_equal_the_local_ones() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    push(&ix, &em.url, &[]);
    for args in [
        &["entities"][..],
        &["entities", "-n", "100", "--json"],
        &["entities", "china", "--format", "csv", "-n", "50"],
        &["entities", "--type", "PER", "-n", "7"],
        &["entities", "sanctions", "--type", "LOC", "--json"],
        &[
            "entities",
            "--outlet",
            "Baltic Wire",
            "--since",
            "2024",
            "--format",
            "tsv",
        ],
        &["entities", "tankers", "--entity", "Hong Kong", "--json"],
        &["entities", "zzzzqqq"],
    ] {
        assert_eq!(
            run(&ix, args, None),
            run(&ix, args, Some(&em.url)),
            "{args:?}"
        );
    }
}

#[test]
fn canonical_entities_agree_remotely_and_follow_a_changed_alias_table() {
    let Some(em) = emulator() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let ix = tmp.path().join("idx");
    let url = Some(em.url.as_str());
    let same = |what: &str| {
        for args in [
            &["search", "--count", "entity:\"Tony Blair\""][..],
            &["search", "--count", "report", "--entity", "Mr Blair"],
            &[
                "search",
                "--count",
                "--entity",
                "Blair",
                "--entity-type",
                "PER",
                "report",
            ],
            &["search", "--count", "entity:Blair"],
            &["search", "--count", "entity:PER:Blair"],
            &["search", "--count", "entity:\"Cherie Blair\""],
            &["entities", "--type", "PER", "--json"],
            &["entities", "report", "--entity", "Blair", "--json"],
            &["stats", "--by", "entity", "--format", "csv"],
            &[
                "stats", "--by", "entity", "--entity", "Mr Blair", "--format", "csv",
            ],
        ] {
            assert_eq!(
                run(&ix, args, None),
                run(&ix, args, url),
                "{what}: {args:?}"
            );
        }
    };
    // One Tony Blair article: "Blair" is nobody's alias yet.
    blair_corpus(&corpus, 1);
    index(&corpus, &ix);
    push(&ix, &em.url, &[]);
    same("before");
    assert_eq!(
        run(&ix, &["search", "--count", "entity:Blair"], url).trim(),
        "1"
    );
    // Three more: "Blair" joins Tony Blair across the corpus. The bare article's
    // document changes (its canonical entity), so the push sends it again.
    blair_corpus(&corpus, 4);
    index(&corpus, &ix);
    let out = push(&ix, &em.url, &[]);
    assert!(out.contains("4 sent (3 new, 1 updated)"), "{out}");
    same("after");
    assert_eq!(
        run(&ix, &["search", "--count", "entity:Blair"], url).trim(),
        "5"
    );
    let rows = run(&ix, &["entities", "--type", "PER", "--json"], url);
    assert!(
        rows.lines().any(|l| l.contains("\"name\":\"Tony Blair\"")
            && l.contains("\"articles\":5")
            && l.contains("\"aliases\":[\"Blair\"]")),
        "{rows}"
    );
}

/// Sets the remote index's result window.
fn set_window(url: &str, index: &str, n: usize) {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys,urllib.request as u;r=u.Request(sys.argv[1],data=sys.argv[2].encode(),method='PUT',headers={'Content-Type':'application/json'});print(u.urlopen(r).read().decode())",
            &format!("{url}/{index}/_settings"),
            &format!("{{\"index\":{{\"max_result_window\":{n}}}}}"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn results_beyond_the_result_window_are_paged_with_search_after() {
    let Some(em) = emulator() else { return };
    let (_tmp, _corpus, ix) = indexed_copy();
    let n = local_articles(&ix);
    push(&ix, &em.url, &[]);
    let url = Some(em.url.as_str());
    let cases: &[&[&str]] = &[
        &["search", "NOT zzzzqqq", "--all", "--json", "--copies"],
        &["search", "NOT zzzzqqq", "--all", "--json"],
        &[
            "search", "china", "--sort", "date", "-n", "100", "--format", "csv",
        ],
        &[
            "search",
            "china OR russia",
            "-n",
            "6",
            "--offset",
            "5",
            "--json",
        ],
        &["search", "sanctions", "--all", "--sort", "-date", "--json"],
        &[
            "search",
            "NOT zzzzqqq",
            "--all",
            "--offset",
            "6",
            "--sort",
            "date",
            "--json",
        ],
        &["kwic", "china", "--json"],
        &["kwic", "china", "-n", "9", "--sort", "date"],
    ];
    // In one request, within the default window...
    let whole: Vec<String> = cases.iter().map(|a| run(&ix, a, url)).collect();
    // ...and page by page, with a window of 4 articles.
    set_window(&em.url, "newsdex", 4);
    for (args, want) in cases.iter().zip(&whole) {
        let mut paged = args.to_vec();
        paged.extend(["--remote-window", "4"]);
        assert_eq!(&run(&ix, &paged, url), want, "{args:?}");
    }
    let all = run(
        &ix,
        &[
            "search",
            "NOT zzzzqqq",
            "--all",
            "--copies",
            "--json",
            "--remote-window",
            "4",
        ],
        url,
    );
    assert_eq!(all.lines().count(), n, "every article, once");
    // --offset skips with --all too, as locally.
    let skipped = &[
        "search",
        "NOT zzzzqqq",
        "--all",
        "--copies",
        "--offset",
        "5",
        "--json",
    ][..];
    assert_eq!(run(&ix, skipped, None).lines().count(), n - 5);
    let mut paged = skipped.to_vec();
    paged.extend(["--remote-window", "4"]);
    assert_eq!(run(&ix, &paged, url).lines().count(), n - 5);
    assert_eq!(
        run(&ix, &["search", "NOT zzzzqqq", "--count"], url).trim(),
        n.to_string()
    );
    // Without paging the engine refuses, and its reason is quoted.
    let out = newsdex(&ix)
        .args(["search", "NOT zzzzqqq", "-n", "10", "--remote", &em.url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Result window is too large"), "{err}");
}
