//! Helpers shared by the integration tests: run the built binary against an index in
//! a temporary folder.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    repo().join("corpus")
}

/// `newsdex` with its index in `index`, colour off, run from `cwd`.
pub fn newsdex(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("newsdex").expect("binary built");
    cmd.env("NEWSDEX_INDEX", index)
        .env("NO_COLOR", "1")
        .current_dir(repo());
    cmd
}

/// Indexes the bundled corpus into a fresh temporary folder.
pub fn indexed_corpus() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("idx");
    newsdex(&index)
        .arg("index")
        .arg(corpus())
        .assert()
        .success();
    (tmp, index)
}

/// Runs a search with `--json` and parses every line.
pub fn search_json(index: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = newsdex(index)
        .arg("search")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap() <= 1,
        "search failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The text a highlight span covers (character offsets).
pub fn slice(text: &str, span: &serde_json::Value) -> String {
    let s = span["start"].as_u64().unwrap() as usize;
    let e = span["end"].as_u64().unwrap() as usize;
    text.chars().skip(s).take(e - s).collect()
}
