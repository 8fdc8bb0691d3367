//! Every format on fixtures (tests/fixtures/formats, written by
//! tests/fixtures/make_formats_fixtures.py): the built binary indexes the folder into a
//! temporary index; each malformed file or record is reported by path (and line or
//! record) and skipped while its good neighbours are indexed and searchable.

mod common;

use common::newsdex;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

/// Indexes the fixtures once per test into a fresh temporary folder.
fn indexed() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let out = newsdex(&index)
        .arg("index")
        .arg(fixtures())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, index, String::from_utf8(out.stdout).unwrap())
}

/// The hits of a search as JSON objects.
fn search(index: &Path, query: &str) -> Vec<Value> {
    let out = newsdex(index)
        .args(["search", query, "--json", "-n", "50"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn one(index: &Path, query: &str) -> Value {
    let hits = search(index, query);
    assert_eq!(hits.len(), 1, "{query}: {hits:?}");
    hits.into_iter().next().unwrap()
}

#[test]
fn malformed_files_and_records_are_reported_by_place() {
    let (_dir, _index, summary) = indexed();
    for line in [
        "html/bad-charset.html: cannot decode the text: it looks like Shift_JIS",
        "html/empty-page.html: not an article: no article text found in the page",
        "html/truncated.html.gz: cannot decompress",
        "markdown/unclosed.md: the front matter opened by '---' on line 1 is never closed",
        "text/binary.txt: binary file, not text",
        "csv/articles.csv:3: the row has 2 fields, the header 5",
        "csv/articles.csv:4: no article text",
        "csv/articles.tsv:3: the row has 6 fields, the header 4",
        "json/mapped.jsonl:2: no article text",
        "sgml/reut2-fixture.sgm (NEWID 2): the record is not closed by </REUTERS>",
        "warc/crawl.warc (record 3): the record's Content-Length is not a number",
    ] {
        assert!(summary.contains(line), "missing '{line}' in:\n{summary}");
    }
    assert!(summary.contains("skipped 5 file(s)"), "{summary}");
    assert!(summary.contains("6 record(s) skipped or cut"), "{summary}");
    assert!(summary.contains("the index holds 14 articles"), "{summary}");
}

#[test]
fn html_pages_metadata_and_text() {
    let (_dir, index, _) = indexed();
    let h = one(&index, "pensionfund");
    assert_eq!(h["path"], "html/dock-strike.html");
    assert_eq!(h["title"], "Port strike ends after eleven days");
    assert_eq!(h["outlet"], "Harbour Times");
    assert_eq!(h["date"], "2024-05-02T09:00:00Z");
    // Scripts, navigation and related links are not indexed.
    for junk in ["advertisement", "cranes for sale", "World"] {
        assert!(
            search(&index, junk)
                .iter()
                .all(|h| !h["text"].as_str().unwrap().contains(junk)),
            "{junk} was indexed"
        );
    }
    // A declared Latin-1 page is decoded.
    let h = one(&index, "cafeterrace OR caféterrace");
    assert_eq!(h["outlet"], "Le Port");
    assert_eq!(h["date"], "2024-05-06");
    assert!(h["text"].as_str().unwrap().contains("caféterrace"));
    // A .gz copy.
    let h = one(&index, "cranesreturn");
    assert_eq!(h["path"], "html/dock-strike-copy.html.gz");
    assert_eq!(h["outlet"], "Quay Daily");
    assert_eq!(h["date"], "2024-05-04");
}

#[test]
fn warc_responses_and_warc_gz() {
    let (_dir, index, _) = indexed();
    let h = one(&index, "ferrytimetable");
    assert_eq!(h["path"], "warc/crawl.warc");
    assert_eq!(h["locator"], "record 2");
    assert_eq!(h["outlet"], "news.example");
    assert_eq!(h["date"], "2024-03-05T10:00:00Z");
    // The record after the broken one is read.
    assert_eq!(one(&index, "tugboatcrews")["locator"], "record 5");
    let h = one(&index, "harbourpilots");
    assert_eq!(h["path"], "warc/crawl-copy.warc.gz");
    assert_eq!(h["locator"], "record 1");
}

#[test]
fn csv_tsv_jsonl_with_mapped_columns() {
    let (_dir, index, _) = indexed();
    let h = one(&index, "wheatharvest");
    assert_eq!(h["locator"], "line 2");
    assert_eq!(h["outlet"], "Farm Wire");
    assert_eq!(h["date"], "2024-02-01");
    assert_eq!(one(&index, "fertiliserglut")["locator"], "line 5");
    // story_text/site, mapped in the corpus's newsdex.toml.
    let h = one(&index, "canalreopening");
    assert_eq!(h["path"], "csv/articles.tsv");
    assert_eq!(h["outlet"], "Harbour Times");
    let h = one(&index, "cranecollapse");
    assert_eq!(h["outlet"], "Quay Daily");
    assert_eq!(h["locator"], "line 1");
}

#[test]
fn markdown_sgml_and_legacy_text() {
    let (_dir, index, _) = indexed();
    let h = one(&index, "lighthousegrant");
    assert_eq!(h["title"], "Lighthouse restored");
    assert_eq!(h["outlet"], "Coast Courier");
    assert_eq!(h["date"], "2024-04-11");
    let h = one(&index, "cocoadrought");
    assert_eq!(h["locator"], "NEWID 1");
    assert_eq!(h["title"], "BAHIA COCOA REVIEW");
    assert_eq!(h["date"], "1987-02-26T15:01:01");
    // The record after the unclosed one is read.
    assert_eq!(one(&index, "tradesurplus")["locator"], "NEWID 3");
    // Entities listed in PLACES/PEOPLE are searchable as entities.
    let hits = search(&index, "entity:Reagan");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["locator"], "NEWID 1");
    let h = one(&index, "currencyslide");
    assert!(h["text"].as_str().unwrap().contains("£1.20"), "{h}");
    assert!(h["text"].as_str().unwrap().contains("“broker”"), "{h}");
}

#[test]
fn field_flag_maps_columns_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("dump.csv"),
        "head,story_text,site,when\nKelp farms,Kelp farms spread along the kelpcoast.,Sea Ledger,2023-07-01\n",
    )
    .unwrap();
    let index = dir.path().join("idx");
    // Without a mapping the row has no text.
    let out = newsdex(&index).arg("index").arg(&corpus).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("dump.csv: line 2: no article text"));
    newsdex(&index)
        .args([
            "index",
            "--rebuild",
            "--field",
            "body=story_text",
            "--field",
            "outlet=site",
        ])
        .args(["--field", "date=when", "--field", "title=head"])
        .arg(&corpus)
        .assert()
        .success();
    let h = one(&index, "kelpcoast");
    assert_eq!(h["outlet"], "Sea Ledger");
    assert_eq!(h["date"], "2023-07-01");
    assert_eq!(h["title"], "Kelp farms");
    // A mapping of an unknown field is a usage error.
    newsdex(&index)
        .args(["index", "--field", "colour=red"])
        .arg(&corpus)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown article field 'colour'"));
}

#[test]
fn analyze_shows_what_is_read_without_indexing() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("never-built");
    let f = fixtures();
    let out = newsdex(&index)
        .arg("analyze")
        .arg(f.join("sgml/reut2-fixture.sgm"))
        .arg(f.join("html/dock-strike.html"))
        .arg("--json")
        .output()
        .unwrap();
    // NEWID 2 is broken: reported, exit 1, the rest printed.
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(NEWID 2): the record is not closed"));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let reuters = &lines[0];
    assert_eq!(reuters["version"], 1);
    assert_eq!(reuters["source"]["locator"], "NEWID 1");
    assert_eq!(reuters["place"], "SALVADOR");
    assert_eq!(reuters["outlet"], "Reuters");
    let entities: Vec<(String, String)> = reuters["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap().into(),
                e["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    for want in [
        ("LOC", "El Salvador"),
        ("LOC", "United States"),
        ("PER", "Reagan"),
    ] {
        assert!(
            entities.contains(&(want.0.into(), want.1.into())),
            "{want:?} not in {entities:?}"
        );
    }
    assert!(reuters["body"].as_str().unwrap().contains("München"));
    let page = &lines[2];
    assert_eq!(page["authors"], serde_json::json!(["Ann Lee"]));
    assert_eq!(page["language"], "en");
    assert_eq!(
        page["url"],
        "https://www.harbourtimes.example/news/port-strike"
    );
    assert!(!page["passages"].as_array().unwrap().is_empty());
    assert!(!index.exists(), "analyze must not build an index");
    // The corpus's newsdex.toml applies, as when indexing: path relative to its root,
    // columns mapped.
    let out = newsdex(&index)
        .arg("analyze")
        .arg(f.join("json/mapped.jsonl"))
        .arg("--json")
        .output()
        .unwrap();
    let first: Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["source"]["path"], "json/mapped.jsonl");
    assert_eq!(first["outlet"], "Quay Daily");
    // Human output names each field.
    let out = newsdex(&index)
        .arg("analyze")
        .arg(f.join("markdown/lighthouse.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "outlet    Coast Courier",
        "date      2024-04-11",
        "authors   Ann Lee",
        "[0] The lighthouse",
    ] {
        assert!(text.contains(want), "'{want}' not in:\n{text}");
    }
}
