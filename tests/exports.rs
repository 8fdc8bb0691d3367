//! Search exports: CSV and TSV read back with the JSON values, and --count, --all,
//! --offset and --sort agreeing with one another; every format of every command parses.

mod common;

use common::{csv_rows, json_lines, newsdex, run, stats_json};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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

const OIL: &str = r#"{"title": "- Oil prices fall", "url": "https://wire.example/oil-prices",
 "authors": ["Ann Lee", "Bo Ma"],
 "body": "LONDON, March 5 (Energy Wire) - Crude stocks in the United States rose for a third week, the Energy Information Administration said.\n\n- Oil prices fell 2% on Tuesday as Saudi Arabia signalled that OPEC would raise output, traders in London said."}"#;
const GRAIN: &str = r#"{"title": "=Wheat harvest", "body": "Farmers in Kansas began the wheat harvest early this year after a warm spring, the Department of Agriculture said on Monday."}"#;

/// A small corpus whose text starts with `-` and `=`, indexed into a temporary folder.
fn export_corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("oil.json"), OIL).unwrap();
    std::fs::write(corpus.join("oil-copy.json"), OIL).unwrap();
    std::fs::write(corpus.join("grain.json"), GRAIN).unwrap();
    let index = dir.path().join("idx");
    newsdex(&index).arg("index").arg(&corpus).assert().success();
    (dir, index)
}

fn export(index: &Path, args: &[&str]) -> String {
    let out = newsdex(index).arg("search").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn csv_and_tsv_keep_the_text_exactly_and_the_formula_guard_is_an_option() {
    let (_dir, index) = export_corpus();
    for (fmt, delim) in [("csv", b','), ("tsv", b'\t')] {
        let args = [
            "prices OR wheat",
            "--format",
            fmt,
            "--fields",
            "title,text,rank",
        ];
        let (header, rows) = csv_rows(&export(&index, &args), delim);
        assert_eq!(header, ["title", "text", "rank"]);
        let oil = rows.iter().find(|r| r[0].contains("Oil")).unwrap();
        assert_eq!(oil[0], "- Oil prices fall");
        assert!(
            oil[1].starts_with("- Oil prices fell 2% on Tuesday"),
            "{oil:?}"
        );
        let grain = rows.iter().find(|r| r[0].contains("Wheat")).unwrap();
        assert_eq!(grain[0], "=Wheat harvest");
        let guarded = [&args[..], &["--formula-guard"]].concat();
        let (_, rows) = csv_rows(&export(&index, &guarded), delim);
        let oil = rows.iter().find(|r| r[0].contains("Oil")).unwrap();
        assert_eq!(oil[0], "'- Oil prices fall");
        assert!(oil[1].starts_with("'- Oil prices fell"), "{oil:?}");
        assert!(rows.iter().any(|r| r[0] == "'=Wheat harvest"), "{rows:?}");
        // Numbers are never guarded.
        assert!(rows.iter().all(|r| r[2].parse::<u32>().is_ok()), "{rows:?}");
    }
}

#[test]
fn fields_offer_url_authors_entities_place_language_and_cluster() {
    let (_dir, index) = export_corpus();
    let fields = "article_id,url,authors,entities,place,language,cluster,similar";
    let (header, rows) = csv_rows(
        &export(&index, &["prices", "--format", "csv", "--fields", fields]),
        b',',
    );
    assert_eq!(header, fields.split(',').collect::<Vec<_>>());
    assert_eq!(rows.len(), 1, "the copy is collapsed: {rows:?}");
    let row = &rows[0];
    assert_eq!(row[1], "https://wire.example/oil-prices");
    assert_eq!(row[2], "Ann Lee; Bo Ma");
    for entity in ["Saudi Arabia (LOC)", "United States (LOC)"] {
        assert!(
            row[3].split("; ").any(|e| e == entity),
            "{entity} not in {}",
            row[3]
        );
    }
    assert_eq!(row[4], "LONDON");
    assert_eq!(row[5], "en");
    assert_eq!(
        row[6], row[0],
        "the duplicate cluster is named by its lead article"
    );
    assert!(!row[7].is_empty() && row[7] != row[0], "{row:?}");
    // JSON carries the same values, as lists where CSV joins them.
    let hits = json_lines(&export(&index, &["prices", "--json", "--fields", fields]));
    let h = &hits[0];
    assert_eq!(h["url"], row[1].as_str());
    assert_eq!(h["authors"], serde_json::json!(["Ann Lee", "Bo Ma"]));
    assert_eq!(h["place"], "LONDON");
    assert_eq!(h["language"], "en");
    assert_eq!(h["cluster"], row[0].as_str());
    let entities: Vec<String> = h["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} ({})",
                e["name"].as_str().unwrap(),
                e["type"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(entities.join("; "), row[3]);
    // An article without them has empty cells and nulls.
    let (_, rows) = csv_rows(
        &export(
            &index,
            &["wheat", "--format", "csv", "--fields", "url,place,authors"],
        ),
        b',',
    );
    assert_eq!(rows, [["", "", ""]]);
    let hits = json_lines(&export(
        &index,
        &["wheat", "--json", "--fields", "url,place"],
    ));
    assert!(
        hits[0]["url"].is_null() && hits[0]["place"].is_null(),
        "{hits:?}"
    );
}
