//! Indexing loses nothing: bad files and records are reported and skipped while the
//! rest is indexed; re-indexing is incremental; an incompatible index is refused with
//! advice; a search on a fresh checkout indexes the bundled corpus first.

mod common;
use common::*;
use predicates::prelude::*;

fn messy_corpus(dir: &std::path::Path) {
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(
        dir.join("latin1.txt"),
        b"Caf\xe9 owners in Lyon protest\n\nThe caf\xe9 owners said.",
    )
    .unwrap();
    std::fs::write(
        dir.join("wire.jsonl"),
        concat!(
            "{\"title\":\"Good one\",\"body\":\"Zebrafish studies expand in Oslo.\",\"source\":\"Nordic Wire\",\"date\":\"2024-02-01\"}\n",
            "{\"title\":\"Broken\",\"body\":\"never closed\"\n",
            "{\"title\":\"Good two\",\"text\":\"Zebrafish labs open in Bergen.\",\"source\":\"Nordic Wire\"}\n",
        ),
    )
    .unwrap();
    std::fs::write(dir.join("bad.json"), "{\"title\": [1, 2").unwrap();
    std::fs::write(
        dir.join("good.txt"),
        "(Nordic Wire, 2024-03-05) — Zebrafish research funding rose in Norway, officials said.",
    )
    .unwrap();
}

#[test]
fn bad_files_and_records_are_reported_and_the_rest_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    messy_corpus(&corpus);
    let index = tmp.path().join("idx");
    let out = newsdex(&index).arg("index").arg(&corpus).assert().success();
    let summary = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(summary.contains("empty.txt: empty file"), "{summary}");
    assert!(summary.contains("binary.txt: binary file"), "{summary}");
    // A legacy-encoded file is decoded, not skipped (see tests/formats.rs for more).
    assert!(!summary.contains("latin1.txt"), "{summary}");
    assert!(summary.contains("bad.json: invalid JSON"), "{summary}");
    assert!(summary.contains("wire.jsonl:2: invalid JSON"), "{summary}");
    assert!(summary.contains("4 articles"), "{summary}");
    let hits = search_json(&index, &["zebrafish", "-n", "10"]);
    let mut paths: Vec<String> = hits
        .iter()
        .map(|h| {
            format!(
                "{}#{}",
                h["path"].as_str().unwrap(),
                h["locator"].as_str().unwrap_or("")
            )
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        vec!["good.txt#", "wire.jsonl#line 1", "wire.jsonl#line 3"]
    );
    assert!(hits.iter().all(|h| h["outlet"] == "Nordic Wire"));
    let cafe = search_json(&index, &["cafe", "owners"]);
    assert_eq!(cafe.len(), 1);
    assert_eq!(cafe[0]["title"], "Café owners in Lyon protest");
    assert_eq!(cafe[0]["text"], "The café owners said.");
}

#[test]
fn reindexing_an_unchanged_corpus_reads_nothing_and_keeps_ids() {
    let (_tmp, index) = indexed_corpus();
    let before = search_json(&index, &["china", "-n", "100"]);
    let out = newsdex(&index)
        .arg("index")
        .arg(corpus())
        .assert()
        .success();
    let summary = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(summary.contains(" 0 read"), "{summary}");
    let after = search_json(&index, &["china", "-n", "100"]);
    let ids = |v: &[serde_json::Value]| {
        v.iter()
            .map(|h| h["article_id"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&before), ids(&after));
}

#[test]
fn a_changed_file_is_reindexed_and_a_removed_one_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Walrus numbers fell in Svalbard.").unwrap();
    std::fs::write(corpus.join("b.txt"), "Walrus tours resumed in Tromso.").unwrap();
    let index = tmp.path().join("idx");
    newsdex(&index).arg("index").arg(&corpus).assert().success();
    assert_eq!(search_json(&index, &["walrus"]).len(), 2);
    std::fs::write(
        corpus.join("a.txt"),
        "Puffin numbers fell in Svalbard this summer.",
    )
    .unwrap();
    std::fs::remove_file(corpus.join("b.txt")).unwrap();
    // The search notices the change and names the command to run.
    newsdex(&index).args(["search", "walrus"]).assert().stderr(
        predicate::str::contains("changed since the index was built")
            .and(predicate::str::contains("newsdex index")),
    );
    newsdex(&index).arg("index").arg(&corpus).assert().success();
    assert_eq!(search_json(&index, &["walrus"]).len(), 0);
    assert_eq!(search_json(&index, &["puffin"]).len(), 1);
}

#[test]
fn an_index_from_another_schema_is_refused_with_rebuild_advice() {
    let (_tmp, index) = indexed_corpus();
    let meta = index.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let ours = format!(
        "\\\"schema_version\\\":{}",
        newsdex::index::schema::SCHEMA_VERSION
    );
    assert!(text.contains(&ours), "payload holds the schema version");
    std::fs::write(&meta, text.replace(&ours, "\\\"schema_version\\\":999")).unwrap();
    newsdex(&index)
        .args(["search", "china"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("schema v999").and(predicate::str::contains("--rebuild")));
}

#[test]
fn search_on_a_fresh_checkout_indexes_the_corpus_first() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        repo().join("corpus/000_9c9abb03a0ba5449.txt"),
        corpus.join("seed.txt"),
    )
    .unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("newsdex").unwrap();
    cmd.current_dir(tmp.path())
        .env_remove("NEWSDEX_INDEX")
        .env("NO_COLOR", "1")
        .args(["search", "rocket", "fuel"])
        .assert()
        .success()
        .stderr(predicate::str::contains("indexing corpus first"))
        .stdout(predicate::str::contains("TibetanReview.net"));
    assert!(tmp.path().join(".newsdex/meta.json").is_file());
}

#[test]
fn only_its_own_index_is_ever_replaced_or_removed() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder with a meta.json that is not a newsdex index, and other files.
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("meta.json"), "{\"segments\":[]}").unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    newsdex(&foreign)
        .args(["index", "--rebuild"])
        .arg(corpus())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a newsdex index"));
    assert!(
        foreign.join("notes.txt").is_file(),
        "nothing of the user's is lost"
    );
    // A regular file at the index path is neither renamed nor replaced.
    let file = tmp.path().join("f");
    std::fs::write(&file, "user data").unwrap();
    newsdex(&file).arg("index").arg(corpus()).assert().code(2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "user data");
    assert!(!tmp.path().join(".f.old").exists());
}

#[test]
fn a_dead_runs_build_folder_is_cleaned_and_a_rebuild_keeps_an_index_in_place() {
    let (tmp, index) = indexed_corpus();
    let dead = tmp.path().join(".idx.building-999999999");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join("newsdex-index.json"), "{}").unwrap();
    let stray = tmp.path().join(".idx.building-999999998");
    std::fs::create_dir(&stray).unwrap();
    std::fs::write(stray.join("keep.txt"), "not ours").unwrap();
    newsdex(&index)
        .args(["index", "--rebuild"])
        .arg(corpus())
        .assert()
        .success()
        .stdout(predicate::str::contains("left by a dead run"));
    assert!(!dead.exists(), "the dead run's folder is gone");
    assert!(
        stray.join("keep.txt").is_file(),
        "a folder that is not ours stays"
    );
    assert!(!search_json(&index, &["china"]).is_empty());
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".idx.") && n != ".idx.building-999999998")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The size of the commit payload (the manifest in meta.json) of an index.
fn payload_len(index: &std::path::Path) -> usize {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(index.join("meta.json")).unwrap()).unwrap();
    meta["payload"].as_str().unwrap().len()
}

#[test]
fn what_a_search_reads_does_not_grow_with_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let make = |n: usize| {
        let corpus = tmp.path().join(format!("c{n}"));
        std::fs::create_dir_all(&corpus).unwrap();
        for i in 0..n {
            std::fs::write(
                corpus.join(format!("a{i:04}.txt")),
                format!("Story {i}\n\nThe harbour reopened on day {i}, officials said."),
            )
            .unwrap();
        }
        let index = tmp.path().join(format!("ix{n}"));
        newsdex(&index).arg("index").arg(&corpus).assert().success();
        index
    };
    let (small, large) = (make(5), make(300));
    // The manifest every search parses is the same size for 5 files and for 300.
    let (a, b) = (payload_len(&small), payload_len(&large));
    assert!(b <= a + 16, "payload grew from {a} to {b} bytes");
    // A search never reads the per-file table: it works without it.
    for entry in std::fs::read_dir(&large).unwrap() {
        let p = entry.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("files-")
        {
            std::fs::remove_file(p).unwrap();
        }
    }
    assert_eq!(search_json(&large, &["harbour", "-n", "3"]).len(), 3);
    // ... while `newsdex status`, which does read it, says it cannot.
    newsdex(&large).arg("status").assert().code(2);
}

#[test]
fn status_lists_every_changed_file() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    for name in ["a.txt", "b.txt", "sub/c.txt"] {
        std::fs::write(corpus.join(name), format!("Title\n\nText of {name}.")).unwrap();
    }
    let index = tmp.path().join("ix");
    newsdex(&index).arg("index").arg(&corpus).assert().success();
    newsdex(&index)
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("up to date"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(
        corpus.join("a.txt"),
        "Title\n\nNew text, longer than before.",
    )
    .unwrap();
    std::fs::write(corpus.join("sub/d.txt"), "Title\n\nAdded.").unwrap();
    std::fs::remove_file(corpus.join("b.txt")).unwrap();
    let out = newsdex(&index).args(["status", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], serde_json::json!(["sub/d.txt"]));
    assert_eq!(v["modified"], serde_json::json!(["a.txt"]));
    assert_eq!(v["removed"], serde_json::json!(["b.txt"]));
    newsdex(&index).arg("index").arg(&corpus).assert().success();
    newsdex(&index).arg("status").assert().success();
}
