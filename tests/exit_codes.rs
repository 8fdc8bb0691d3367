//! Exit codes and messages: 0 hits, 1 no hits, 2 errors (bad queries, a missing
//! index) with one clear message; a closed pipe is a normal exit.

mod common;
use common::*;
use predicates::prelude::*;

#[test]
fn bad_queries_exit_2_with_a_message() {
    let (_tmp, index) = indexed_corpus();
    for (query, message) in [
        ("\"rocket fuel", "unbalanced quote"),
        ("foo:bar", "unknown field 'foo:'"),
        ("(china", "never closed"),
        ("since:2024-13", "not a date"),
        ("OR china", "OR"),
    ] {
        newsdex(&index)
            .args(["search", query])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(message).and(predicate::str::contains("panicked").not()),
            );
    }
    newsdex(&index)
        .args(["search", "china", "--since", "last week"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a date"));
}

#[test]
fn no_hits_exit_1() {
    let (_tmp, index) = indexed_corpus();
    newsdex(&index)
        .args(["search", "xylophone"])
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn a_missing_index_says_what_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    newsdex(&tmp.path().join("nothing"))
        .args([
            "search",
            "china",
            "--corpus",
            tmp.path().join("no-corpus").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newsdex index"));
}

#[test]
fn a_closed_pipe_is_a_normal_exit() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // Enough output (about 1 MB) to fill any pipe buffer before the reader goes away.
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    let para =
        "The harbour board met again on the question of the new quay and its cost. ".repeat(6);
    for i in 0..500 {
        std::fs::write(
            corpus.join(format!("{i}.txt")),
            format!("{para}\n\n{para}\n\n{para}"),
        )
        .unwrap();
    }
    let index = tmp.path().join("idx");
    newsdex(&index).arg("index").arg(&corpus).assert().success();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsdex"))
        .env("NEWSDEX_INDEX", &index)
        .args([
            "search",
            "harbour",
            "-n",
            "1000",
            "--passages",
            "3",
            "--json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
