//! `newsdex entities` and the entity-type filters of `newsdex search`, over the project's
//! own corpus/ indexed into a temporary folder.

mod common;

use common::{corpus, json_lines, run};
use std::collections::HashSet;

/// Runs newsdex on the shared index of corpus/: (exit code, stdout).
fn newsdex(args: &[&str]) -> (i32, String) {
    let (code, out, _) = run(args, None);
    (code, out)
}

/// Articles of the corpus whose text contains `needle`, counted from the files: a text file
/// is one article, a JSON Lines file one article per line (the name is in no .json file).
fn articles_containing(needle: &str) -> usize {
    walkdir::WalkDir::new(corpus())
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
            if matches!(ext, "jsonl" | "ndjson") {
                text.lines().filter(|l| l.contains(needle)).count()
            } else {
                usize::from(text.contains(needle))
            }
        })
        .sum()
}

#[test]
fn entities_counts_articles_not_passages() {
    let want = articles_containing("Carl Bildt");
    assert!(want >= 2, "the corpus names Carl Bildt in several articles");

    let (code, out) = newsdex(&["entities", "--type", "PER", "-n", "100", "--json"]);
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert!(rows.iter().all(|r| r["type"] == "PER"), "{out}");
    let bildt = rows
        .iter()
        .find(|r| r["name"] == "Carl Bildt")
        .unwrap_or_else(|| panic!("no Carl Bildt in {out}"));
    assert_eq!(bildt["articles"], want);
    let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, (1..=rows.len() as u64).collect::<Vec<_>>());
    let counts: Vec<u64> = rows
        .iter()
        .map(|r| r["articles"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "sorted: {counts:?}"
    );

    // Restricted to the articles naming him, he is in every one of them.
    let (code, out) = newsdex(&["entities", "entity:\"Carl Bildt\"", "-n", "3"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!("{want} matching articles\n")),
        "{out}"
    );
    assert!(out.lines().count() <= 2 + 3);
    assert!(out.contains(&format!("{:>8}", want)));
}

#[test]
fn search_filters_by_entity_type() {
    let want = articles_containing("Carl Bildt");
    let ids = |out: &str| -> HashSet<String> {
        json_lines(out)
            .iter()
            .map(|h| h["article_id"].as_str().unwrap().to_string())
            .collect()
    };
    let (code, out) = newsdex(&[
        "search",
        "china",
        "--entity",
        "Carl Bildt",
        "--entity-type",
        "PER",
        "--json",
    ]);
    assert_eq!(code, 0);
    let typed = ids(&out);
    assert!(!typed.is_empty() && typed.len() <= want);
    let (_, out) = newsdex(&["search", "china", "entity:PER:\"Carl Bildt\"", "--json"]);
    assert_eq!(ids(&out), typed);
    let (_, out) = newsdex(&["search", "china", "--entity", "Carl Bildt", "--json"]);
    assert_eq!(ids(&out), typed);

    // He is a person, not a place.
    let (code, out) = newsdex(&[
        "search",
        "china",
        "--entity",
        "Carl Bildt",
        "--entity-type",
        "LOC",
        "--json",
    ]);
    assert_eq!((code, out.as_str()), (1, ""));

    // A type alone keeps articles naming any entity of that type.
    let (code, out) = newsdex(&[
        "search",
        "china",
        "--entity-type",
        "PER",
        "-n",
        "50",
        "--json",
    ]);
    assert_eq!(code, 0);
    assert!(ids(&out).is_superset(&typed));
}

#[test]
fn bad_entity_type_is_a_usage_error() {
    let (code, _) = newsdex(&["entities", "--type", "PERSON"]);
    assert_eq!(code, 2);
    let (code, _) = newsdex(&["search", "x", "--entity-type", "nope"]);
    assert_eq!(code, 2);
}
