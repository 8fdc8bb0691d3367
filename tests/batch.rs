//! Batches of queries (`search --queries FILE`): ids, failures and exit codes.

mod common;

use common::{csv_rows, json_lines, run};
use serde_json::Value;
use std::collections::BTreeSet;

#[test]
fn batch_reports_a_bad_query_by_id_and_runs_the_rest() {
    let batch = "sanctions\n# a comment\n{\"id\": \"bad\", \"query\": \"\\\"unclosed\"}\n{\"id\": \"q3\", \"query\": \"china\", \"outlet\": \"Baltic Wire\", \"limit\": 2}\n{\"id\": \"typo\", \"query\": \"china\", \"outlets\": \"x\"}\n";
    let (code, out, err) = run(
        &["search", "--queries", "-", "--format", "json"],
        Some(batch),
    );
    assert_eq!(code, 2);
    assert!(err.contains("query bad (line 3)"), "{err}");
    assert!(err.contains("query typo (line 5)"), "{err}");
    let lines = json_lines(&out);
    assert!(lines.iter().all(|l| l["query_id"].is_string()));
    let ids: BTreeSet<&str> = lines
        .iter()
        .map(|l| l["query_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, BTreeSet::from(["1", "bad", "q3", "typo"]));
    assert!(lines
        .iter()
        .filter(|l| l["query_id"] == "bad")
        .all(|l| l["error"].is_string()));
    let q3: Vec<&Value> = lines.iter().filter(|l| l["query_id"] == "q3").collect();
    assert_eq!(q3.len(), 2);
    assert!(q3.iter().all(|l| l["outlet"] == "Baltic Wire"));
    // Counts in a batch equal single-query counts.
    let (code, out, _) = run(
        &["search", "--queries", "-", "--count", "--format", "csv"],
        Some("sanctions\nchina\n"),
    );
    assert_eq!(code, 0);
    let (header, rows) = csv_rows(&out, b',');
    assert_eq!(header, ["query_id", "query", "count"]);
    for r in &rows {
        let (_, single, _) = run(&["search", &r[1], "--count"], None);
        assert_eq!(single.trim(), r[2]);
    }
}

#[test]
fn batch_exit_code_is_1_when_nothing_matches() {
    let (code, out, _) = run(
        &["search", "--queries", "-", "--json"],
        Some("zzqxv\nqqzzv\n"),
    );
    assert_eq!((code, out.as_str()), (1, ""));
}

/// A failed query of a `--count` batch is reported on stderr, never as a row of the table.
#[test]
fn a_failed_query_stays_out_of_a_count_table() {
    for format in ["human", "csv", "tsv"] {
        let (code, out, err) = run(
            &["search", "--queries", "-", "--count", "--format", format],
            Some("sanctions\n\"unclosed\nchina\n"),
        );
        assert_eq!(code, 2, "{format}");
        assert!(
            !out.contains("unclosed") && !out.contains("error"),
            "{format}: {out}"
        );
        assert!(err.contains("query 2 (line 2) failed"), "{format}: {err}");
        let rows = out.lines().count();
        assert_eq!(
            rows,
            if format == "human" { 2 } else { 3 },
            "{format}: {out}"
        );
    }
}
