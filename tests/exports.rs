//! Search exports: CSV and TSV read back with the JSON values, and --count, --all,
//! --offset and --sort agreeing with one another; every format of every command parses.

mod common;

use common::{csv_rows, json_lines, run, stats_json};
use serde_json::Value;
use std::collections::BTreeSet;

#[test]
fn search_csv_and_tsv_read_back_with_the_json_values() {
    let (code, json_out, _) = run(&["search", "china", "--all", "--format", "json"], None);
    assert_eq!(code, 0);
    let hits = json_lines(&json_out);
    assert!(hits.len() > 5);
    for (fmt, delim) in [("csv", b','), ("tsv", b'\t')] {
        let (_, out, _) = run(&["search", "china", "--all", "--format", fmt], None);
        let (header, rows) = csv_rows(&out, delim);
        assert_eq!(rows.len(), hits.len());
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        for (r, h) in rows.iter().zip(&hits) {
            assert_eq!(r[col("article_id")], h["article_id"].as_str().unwrap());
            assert_eq!(
                r[col("rank")].parse::<u64>().unwrap(),
                h["rank"].as_u64().unwrap()
            );
            assert_eq!(r[col("outlet")], h["outlet"].as_str().unwrap_or(""));
            assert_eq!(
                r[col("passage_start")].parse::<u64>().unwrap(),
                h["passage_span"]["start"].as_u64().unwrap()
            );
            let text = h["text"].as_str().unwrap();
            let text = if fmt == "tsv" {
                text.replace(['\t', '\n', '\r'], " ")
            } else {
                text.to_string()
            };
            assert_eq!(r[col("text")], text);
        }
    }
}

#[test]
fn count_all_offset_and_sort_agree() {
    let (_, out, _) = run(&["search", "china", "--count", "--format", "json"], None);
    let count = json_lines(&out)[0]["count"].as_u64().unwrap() as usize;
    let (_, out, _) = run(
        &[
            "search",
            "china",
            "--all",
            "--json",
            "--fields",
            "article_id",
        ],
        None,
    );
    let all: Vec<String> = json_lines(&out)
        .iter()
        .map(|h| h["article_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(all.len(), count);
    assert_eq!(
        all.iter().collect::<BTreeSet<_>>().len(),
        count,
        "one line per article"
    );
    let (_, out, _) = run(
        &[
            "search",
            "china",
            "--offset",
            "3",
            "-n",
            "4",
            "--json",
            "--fields",
            "rank,article_id",
        ],
        None,
    );
    let page = json_lines(&out);
    assert_eq!(
        page.iter()
            .map(|h| h["rank"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [4, 5, 6, 7]
    );
    // Ranked paging and --all agree on the order.
    let ids: Vec<&str> = page
        .iter()
        .map(|h| h["article_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        all[3..7].iter().map(String::as_str).collect::<Vec<_>>()
    );
    let (_, out, _) = run(
        &[
            "search", "china", "--all", "--sort", "-date", "--json", "--fields", "date",
        ],
        None,
    );
    let dates: Vec<String> = json_lines(&out)
        .iter()
        .filter_map(|h| h["date"].as_str().map(|d| d[..10].to_string()))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn every_output_format_of_every_command_parses() {
    for fmt in ["json", "csv", "tsv", "human"] {
        for extra in [
            &[][..],
            &["--count"][..],
            &["--kwic"][..],
            &["--all", "--sort", "date"][..],
        ] {
            let mut args = vec!["search", "ukraine", "--format", fmt];
            args.extend(extra);
            let (code, out, err) = run(&args, None);
            assert_eq!(code, 0, "{args:?}: {err}");
            match fmt {
                "json" => assert!(!json_lines(&out).is_empty()),
                "csv" => assert!(!csv_rows(&out, b',').1.is_empty()),
                "tsv" => {
                    let (h, rows) = csv_rows(&out, b'\t');
                    assert!(!rows.is_empty() && rows.iter().all(|r| r.len() == h.len()));
                }
                _ => assert!(!out.trim().is_empty()),
            }
        }
        let (code, out, _) = run(&["kwic", "ukraine", "--format", fmt], None);
        assert_eq!(code, 0);
        assert!(!out.trim().is_empty());
        if fmt == "json" {
            json_lines(&out);
        }
    }
    for by in [
        "year",
        "month",
        "week",
        "day",
        "outlet",
        "entity",
        "entity-type",
    ] {
        let doc = stats_json(&["stats", "ukraine", "--by", by, "--json"]);
        assert!(!doc["rows"].as_array().unwrap().is_empty(), "{by}");
        let (code, out, _) = run(&["stats", "ukraine", "--by", by, "--csv"], None);
        assert_eq!(code, 0);
        assert_eq!(
            csv_rows(&out, b',').1.len(),
            doc["rows"].as_array().unwrap().len()
        );
        let (code, out, _) = run(&["stats", "ukraine", "--by", by], None);
        assert_eq!(code, 0);
        assert!(out.contains("articles"));
    }
    let doc = stats_json(&["stats", "ukraine", "--by", "week", "--json"]);
    assert!(doc["rows"][0]["week"].as_str().unwrap().contains("-W"));
    let (code, out, _) = run(&["stats", "ukraine", "--by", "entity-type", "--json"], None);
    assert_eq!(code, 0);
    let types: BTreeSet<String> = serde_json::from_str::<Value>(&out).unwrap()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["entity_type"].as_str().unwrap().to_string())
        .collect();
    assert!(types.is_subset(&BTreeSet::from(
        ["PER", "ORG", "LOC", "MISC"].map(String::from)
    )));
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, _) = run(&["completions", shell], None);
        assert_eq!(code, 0);
        assert!(out.contains("newsdex") && out.contains("kwic"), "{shell}");
    }
    let (code, out, _) = run(&["man"], None);
    assert_eq!(code, 0);
    assert!(out.contains(".TH") && out.contains("stats"));
    let (code, out, _) = run(&["man", "stats"], None);
    assert_eq!(code, 0);
    assert!(out.contains("newsdex-stats") && out.contains("\\-\\-by"));
}
