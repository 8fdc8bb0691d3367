//! Helpers shared by the integration tests: run the built binary against an index in
//! a temporary folder.

#![allow(dead_code)]

pub mod corpus_files;

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

/// One index of corpus/ shared by every test of a test binary (built once, in a
/// temporary folder that is left for the OS to clean).
pub fn shared_index() -> &'static Path {
    static INDEX: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        let ix = dir.join("ix");
        Command::cargo_bin("newsdex")
            .unwrap()
            .args(["--index", ix.to_str().unwrap(), "index", "-q"])
            .arg(corpus())
            .assert()
            .success();
        ix
    })
}

/// Runs newsdex on the shared index; returns (exit code, stdout, stderr).
pub fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("newsdex").unwrap();
    cmd.args([
        "--index",
        shared_index().to_str().unwrap(),
        "--color",
        "never",
    ])
    .args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every line of `s` parsed as JSON.
pub fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The header and rows of CSV (`delim` b',') or TSV (b'\t', no quoting).
pub fn csv_rows(s: &str, delim: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delim)
        .quoting(delim == b',')
        .from_reader(s.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Runs a stats command expected to succeed and parses its JSON document.
pub fn stats_json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(args, None);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// {key → (count, total)} of a one-dimension stats document.
pub fn stats_rows(
    doc: &serde_json::Value,
    dim: &str,
) -> std::collections::BTreeMap<String, (u64, Option<u64>)> {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[dim].as_str().unwrap().to_string(),
                (r["count"].as_u64().unwrap(), r["total"].as_u64()),
            )
        })
        .collect()
}

/// A corpus where "Blair" alone is ambiguous until Tony Blair is in `full` articles.
pub fn blair_corpus(dir: &Path, full: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let article = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    // Texts of their own, so that no two are copies of one story.
    let texts = [
        "Prime Minister Tony Blair said on Monday that the budget would pass.",
        "Tony Blair visited a hospital in Sedgefield and praised its nurses for their work.",
        "Farmers protested outside Downing Street as Tony Blair met union leaders over fuel duty.",
        "Speaking in Brussels, Tony Blair urged European partners to reform farm subsidies soon.",
    ];
    for (i, text) in texts.iter().take(full).enumerate() {
        article(&format!("full{i}.txt"), &format!("Report {i}\n\n{text}\n"));
    }
    article(
        "cherie.txt",
        "Charity report\n\nCherie Blair opened a charity shop in Leeds on Friday.\n",
    );
    article(
        "bare.txt",
        "Party report\n\nMr Blair told the party conference that the economy was strong. \
         Blair spoke for an hour.\n",
    );
}
