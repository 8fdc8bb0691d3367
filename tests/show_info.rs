//! `newsdex show` (one article rebuilt from the index) and `newsdex info`.

mod common;

use common::corpus_files::*;
use common::{corpus, json_lines, run};
use serde_json::Value;
use std::collections::BTreeSet;

#[test]
fn show_rebuilds_an_article_from_its_passages() {
    let (_, out, _) = run(
        &[
            "search",
            "\"rocket fuel\"",
            "--json",
            "--fields",
            "article_id",
            "-n",
            "1",
        ],
        None,
    );
    let id = json_lines(&out)[0]["article_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, out, _) = run(&["show", &id, "--json"], None);
    assert_eq!(code, 0);
    let a: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(a["article_id"], id.as_str());
    assert_eq!(a["outlet"], "TibetanReview.net");
    let seed = std::fs::read_to_string(corpus().join("000_9c9abb03a0ba5449.txt")).unwrap();
    let passages = a["passages"].as_array().unwrap();
    let ordinals: Vec<u64> = passages
        .iter()
        .map(|p| p["ordinal"].as_u64().unwrap())
        .collect();
    assert_eq!(ordinals, (0..passages.len() as u64).collect::<Vec<_>>());
    for p in passages {
        assert!(seed.contains(p["text"].as_str().unwrap()));
    }
    assert!(a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Carl Bildt" && e["type"] == "PER"));
    let (code, human, _) = run(&["show", &id], None);
    assert_eq!(code, 0);
    assert!(human.contains("rocket fuel") && human.contains("Carl Bildt"));
    assert_eq!(run(&["show", "0000000000000000"], None).0, 1);
}

#[test]
fn info_counts_agree_with_the_corpus() {
    let arts = corpus_articles();
    let (code, out, _) = run(&["info", "--json"], None);
    assert_eq!(code, 0);
    let i: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(i["articles"].as_u64().unwrap() as usize, arts.len());
    let outlets: BTreeSet<&String> = arts.iter().filter_map(|a| a.outlet.as_ref()).collect();
    assert_eq!(i["outlets"].as_u64().unwrap() as usize, outlets.len());
    let days: Vec<String> = arts
        .iter()
        .filter_map(|a| a.date)
        .map(|d| format!("{:04}-{:02}-{:02}", d.0, d.1, d.2))
        .collect();
    assert_eq!(
        i["first_date"].as_str().unwrap(),
        days.iter().min().unwrap()
    );
    assert_eq!(i["last_date"].as_str().unwrap(), days.iter().max().unwrap());
    assert!(i["size_bytes"].as_u64().unwrap() > 0);
    assert_eq!(i["schema_version"], newsdex::index::schema::SCHEMA_VERSION);
    assert!(run(&["info"], None).1.contains("articles"));
}
