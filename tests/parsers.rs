//! The real parsers behind the readers (issue 12, part 7): language by whatlang, YAML
//! front matter by saphyr, Markdown by pulldown-cmark. Each corpus is written into a
//! temporary folder, indexed or analysed by the built binary.

mod common;

use common::{newsdex, search_json};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const DUTCH: &str = "Het kabinet wil dat gemeenten vanaf volgend jaar meer betaalbare \
woningen bouwen voor starters en gezinnen met een middeninkomen. Minister De Jonge zei \
dinsdag in Den Haag dat de bouw van nieuwe huizen ernstig achterblijft bij de plannen.\n\n\
Volgens het Centraal Bureau voor de Statistiek werden vorig jaar ruim zeventigduizend \
woningen opgeleverd, veel minder dan de honderdduizend die het kabinet had beloofd. \
Bouwbedrijven wijzen op de hoge rente, de stikstofregels en het tekort aan personeel.";

const ENGLISH: &str = "The government wants councils to build more affordable homes \
for first-time buyers from next year. The housing minister said on Tuesday that the \
construction of new houses is falling far behind the plans, with builders blaming high \
interest rates and a shortage of workers.";

/// A corpus folder with the given files, and where its index goes.
fn corpus(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    for (name, text) in files {
        let path = corpus.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let index = dir.path().join("idx");
    (dir, corpus, index)
}

fn index(index: &Path, corpus: &Path) -> String {
    let out = newsdex(index).arg("index").arg(corpus).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn paths(hits: &[Value]) -> Vec<&str> {
    hits.iter().map(|h| h["path"].as_str().unwrap()).collect()
}

/// `newsdex analyze FILE --json`: the first article, and the exit code and stderr.
fn analyze(index: &Path, file: &Path) -> (Value, i32, String) {
    let out = newsdex(index)
        .arg("analyze")
        .arg(file)
        .arg("--json")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let first = stdout
        .lines()
        .next()
        .unwrap_or_else(|| panic!("no article: {}", String::from_utf8_lossy(&out.stderr)));
    (
        serde_json::from_str(first).unwrap(),
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_dutch_article_is_nl_and_selected_by_lang() {
    let declared = serde_json::json!({"title": "Woningbouw", "body": DUTCH, "language": "de"});
    let (_dir, corpus, idx) = corpus(&[
        ("woningbouw.txt", DUTCH),
        ("housing.txt", ENGLISH),
        ("declared.json", &declared.to_string()),
    ]);
    index(&idx, &corpus);
    let nl = search_json(&idx, &["woningen OR homes", "--lang", "nl"]);
    assert_eq!(paths(&nl), ["woningbouw.txt"], "{nl:?}");
    let en = search_json(&idx, &["woningen OR homes", "--lang", "en"]);
    assert_eq!(paths(&en), ["housing.txt"], "{en:?}");
    // A language the article declares wins over the detected one.
    let de = search_json(&idx, &["woningen", "--lang", "de"]);
    assert_eq!(paths(&de), ["declared.json"], "{de:?}");
}

const STORY_MD: &str = "---
title: >
  Oil prices fall
  as US stocks build
date: 2024-03-05T09:30:00Z
source:
  name: Reuters
  url: https://reuters.example/oil-prices
authors:
  - Ann Lee
  - name: Bo Ma
tags: [oil, markets]
---
# A heading that is not the title

Oil prices **fell** on Tuesday after [official data](https://eia.example) showed a
build in crude stocks.

| Grade | Price | Change |
|-------|------:|-------:|
| Brent | 82.10 | -1.2%  |
| WTI   | 78.40 | -1.5%  |

<div class=\"note\"><p>Prices in <b>US dollars</b> per barrel.</p></div>

```
brent_close = 82.10
```
";

#[test]
fn markdown_front_matter_and_markup_by_real_parsers() {
    let (_dir, corpus, idx) = corpus(&[("oil.md", STORY_MD)]);
    let (a, code, stderr) = analyze(&idx, &corpus.join("oil.md"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(a["title"], "Oil prices fall as US stocks build");
    assert_eq!(a["outlet"], "Reuters");
    assert_eq!(a["url"], "https://reuters.example/oil-prices");
    assert_eq!(a["authors"], serde_json::json!(["Ann Lee", "Bo Ma"]));
    assert_eq!(a["date"], "2024-03-05T09:30:00Z");
    let body = a["body"].as_str().unwrap();
    assert!(
        body.starts_with("Oil prices fell on Tuesday after official data showed a build"),
        "{body}"
    );
    for gone in [
        "**",
        "](",
        "|---",
        "---|",
        "<div",
        "<b>",
        "A heading that is not",
    ] {
        assert!(!body.contains(gone), "'{gone}' left in: {body}");
    }
    for kept in [
        "\n\nGrade | Price | Change\n\n",
        "\n\nBrent | 82.10 | -1.2%\n\n",
        "Prices in US dollars per barrel.",
        "brent_close = 82.10",
    ] {
        assert!(body.contains(kept), "'{kept}' not in: {body}");
    }
    // Each block is a paragraph of its own.
    let passages: Vec<&str> = a["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(
        passages.iter().any(|p| p.starts_with("Brent | 82.10")),
        "{passages:?}"
    );
}

#[test]
fn malformed_front_matter_is_reported_by_line_and_the_text_indexed() {
    let md = "---\ntitle: Storm closes port\ndate: 2024-05-03\nauthors: [Ann Lee\n---\n\
              The storm closed the stormharbour port on Friday.\n";
    let (_dir, corpus, idx) = corpus(&[("news/storm.md", md)]);
    let summary = index(&idx, &corpus);
    // The parser finds the open list at the end of the front matter, on line 5.
    assert!(
        summary.contains("news/storm.md:5: invalid YAML in the front matter"),
        "{summary}"
    );
    let hits = search_json(&idx, &["stormharbour"]);
    assert_eq!(paths(&hits), ["news/storm.md"], "{hits:?}");
}

#[test]
fn a_billion_laughs_front_matter_fails_fast() {
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let md = format!("---\n{yaml}title: Laughs\n---\nThe laughterbomb text is still read.\n");
    let big = format!(
        "---\ntitle: {}\n---\nThe oversizedfrontmatter text.\n",
        "x".repeat(70_000)
    );
    let (_dir, corpus, idx) = corpus(&[("laughs.md", &md), ("big.md", &big)]);
    let started = Instant::now();
    let summary = index(&idx, &corpus);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(summary.contains("laughs.md:"), "{summary}");
    assert!(
        summary.contains("big.md:1: the front matter is"),
        "{summary}"
    );
    assert_eq!(paths(&search_json(&idx, &["laughterbomb"])), ["laughs.md"]);
    assert_eq!(
        paths(&search_json(&idx, &["oversizedfrontmatter"])),
        ["big.md"]
    );
}
