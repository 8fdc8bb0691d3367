//! Counting (`newsdex stats`): counts checked against counts computed here from the corpus
//! files themselves, CSV read back, plots, and batches of queries.

mod common;

use common::corpus_files::*;
use common::{csv_rows, json_lines, run, stats_json, stats_rows};
use std::collections::BTreeMap;
use std::collections::BTreeSet;

#[test]
fn monthly_counts_of_every_article_match_the_corpus_files() {
    let arts = corpus_articles();
    let doc = stats_json(&["stats", "--by", "month", "--json"]);
    let rows = stats_rows(&doc, "month");
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for a in &arts {
        if let Some(d) = a.date {
            *expected.entry(month_key(d)).or_default() += 1;
        }
    }
    let nonzero: BTreeMap<String, u64> = rows
        .iter()
        .filter(|(_, v)| v.0 > 0)
        .map(|(k, v)| (k.clone(), v.0))
        .collect();
    assert_eq!(nonzero, expected);
    assert_eq!(doc["matching"].as_u64().unwrap() as usize, arts.len());
    assert_eq!(
        doc["undated"].as_u64().unwrap() as usize,
        arts.iter().filter(|a| a.date.is_none()).count()
    );
    // No holes: every month from the first to the last is a row, in order.
    let keys: Vec<&String> = rows.keys().collect();
    let (first, last) = (
        expected.keys().next().unwrap(),
        expected.keys().last().unwrap(),
    );
    assert_eq!(keys.first().copied(), Some(first));
    assert_eq!(keys.last().copied(), Some(last));
    let (y0, m0): (i32, i32) = (first[..4].parse().unwrap(), first[5..].parse().unwrap());
    let (y1, m1): (i32, i32) = (last[..4].parse().unwrap(), last[5..].parse().unwrap());
    assert_eq!(keys.len() as i32, (y1 - y0) * 12 + (m1 - m0) + 1);
}

#[test]
fn monthly_counts_and_shares_of_a_query_match_the_corpus_files() {
    let arts = corpus_articles();
    let doc = stats_json(&["stats", "sanctions", "--by", "month", "--json"]);
    let rows = stats_rows(&doc, "month");
    let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for a in arts.iter().filter(|a| a.date.is_some()) {
        let e = expected.entry(month_key(a.date.unwrap())).or_default();
        e.1 += 1;
        if mentions_sanctions(a) {
            e.0 += 1;
        }
    }
    for (month, (count, total)) in &expected {
        assert_eq!(rows[month], (*count, Some(*total)), "{month}");
    }
    for r in doc["rows"].as_array().unwrap() {
        let (c, t) = (r["count"].as_f64().unwrap(), r["total"].as_f64().unwrap());
        let want = if t == 0.0 { 0.0 } else { c / t };
        assert!((r["share"].as_f64().unwrap() - want).abs() < 1e-9);
    }
    assert_eq!(
        doc["matching"].as_u64().unwrap() as usize,
        arts.iter().filter(|a| mentions_sanctions(a)).count()
    );
}

#[test]
fn outlet_counts_match_the_corpus_files() {
    let arts = corpus_articles();
    for (query, pick) in [
        ("", None),
        ("sanctions", Some(mentions_sanctions as fn(&Art) -> bool)),
    ] {
        let mut args = vec!["stats", "--by", "outlet", "--json"];
        if !query.is_empty() {
            args.insert(1, query);
        }
        let rows = stats_rows(&stats_json(&args), "outlet");
        let mut expected: BTreeMap<String, (u64, Option<u64>)> = BTreeMap::new();
        for a in arts.iter().filter(|a| pick.is_none_or(|f| f(a))) {
            expected
                .entry(a.outlet.clone().unwrap_or("(none)".into()))
                .or_insert((0, None))
                .0 += 1;
        }
        assert_eq!(rows, expected, "query {query:?}");
    }
}

#[test]
fn stats_csv_reads_back_with_the_json_values() {
    let doc = stats_json(&[
        "stats", "china", "--by", "month", "--by", "outlet", "--json",
    ]);
    let (_, csv_out, _) = run(
        &["stats", "china", "--by", "month", "--by", "outlet", "--csv"],
        None,
    );
    let (header, rows) = csv_rows(&csv_out, b',');
    assert_eq!(header, ["month", "outlet", "count", "total", "share"]);
    let json_rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), json_rows.len());
    for (c, j) in rows.iter().zip(json_rows) {
        assert_eq!(c[0], j["month"].as_str().unwrap());
        assert_eq!(c[1], j["outlet"].as_str().unwrap());
        assert_eq!(c[2].parse::<u64>().unwrap(), j["count"].as_u64().unwrap());
        assert_eq!(c[3].parse::<u64>().unwrap(), j["total"].as_u64().unwrap());
        assert!((c[4].parse::<f64>().unwrap() - j["share"].as_f64().unwrap()).abs() < 1e-6);
    }
    // A cross table has a cell for every month × outlet seen.
    let months: BTreeSet<&str> = json_rows
        .iter()
        .map(|r| r["month"].as_str().unwrap())
        .collect();
    let outlets: BTreeSet<&str> = json_rows
        .iter()
        .map(|r| r["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(json_rows.len(), months.len() * outlets.len());
}

#[test]
fn stats_plot_writes_svg() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("t.svg");
    let (code, _, err) = run(
        &[
            "stats",
            "china",
            "--by",
            "month",
            "--by",
            "outlet",
            "--plot",
            svg.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("Baltic Wire") && text.contains("2024-"));
    let (code, _, err) = run(
        &[
            "stats",
            "china",
            "--by",
            "outlet",
            "--plot",
            svg.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("time unit"));
}

#[test]
fn stats_batch_gives_each_query_its_own_rows_with_its_id() {
    let batch = "{\"id\": \"s\", \"query\": \"sanctions\"}\n{\"id\": \"c\", \"query\": \"china\", \"outlet\": \"Baltic Wire\"}\nbad \"quote\n";
    let (code, out, err) = run(
        &["stats", "--queries", "-", "--by", "month", "--csv"],
        Some(batch),
    );
    assert_eq!(code, 2);
    assert!(err.contains("query 3 (line 3)"), "{err}");
    let (header, rows) = csv_rows(&out, b',');
    assert_eq!(header, ["query_id", "month", "count", "total", "share"]);
    for (id, query, outlet) in [
        ("s", "sanctions", None),
        ("c", "china", Some("Baltic Wire")),
    ] {
        let mut args = vec!["stats", query, "--by", "month", "--json"];
        if let Some(o) = outlet {
            args.extend(["--outlet", o]);
        }
        let single = stats_rows(&stats_json(&args), "month");
        let mine: BTreeMap<String, (u64, Option<u64>)> = rows
            .iter()
            .filter(|r| r[0] == id)
            .map(|r| {
                (
                    r[1].clone(),
                    (r[2].parse().unwrap(), Some(r[3].parse().unwrap())),
                )
            })
            .collect();
        assert_eq!(mine, single, "{id}");
    }
    let (code, out, _) = run(
        &["stats", "--queries", "-", "--by", "outlet", "--json"],
        Some("sanctions\nchina\n"),
    );
    assert_eq!(code, 0);
    let docs = json_lines(&out);
    assert_eq!(
        docs.iter()
            .map(|d| d["query_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["1", "2"]
    );
}
