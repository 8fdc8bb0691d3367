//! The search contract over the bundled corpus: ranking, highlights, filters, JSON.

mod common;
use common::*;

const SEED: &str = "000_9c9abb03a0ba5449.txt";

fn assert_seed_first_with_phrase(hits: &[serde_json::Value]) {
    let top = &hits[0];
    assert_eq!(top["path"], SEED);
    assert_eq!(top["outlet"], "TibetanReview.net");
    assert_eq!(top["date"], "2024-04-08");
    let text = top["text"].as_str().unwrap();
    assert!(
        text.contains("rocket fuel"),
        "passage holds the phrase: {text}"
    );
    assert!(
        !text.contains("TibetanReview.net") && !text.starts_with('('),
        "dateline left in: {text}"
    );
    assert!(text.starts_with("China and Ukraine established"), "{text}");
    let spans = top["highlights"].as_array().unwrap();
    let marked: Vec<String> = spans.iter().map(|s| slice(text, s)).collect();
    assert_eq!(marked, vec!["rocket fuel"]);
}

#[test]
fn rocket_fuel_as_two_words_and_as_a_phrase_ranks_the_seed_first() {
    let (_tmp, index) = indexed_corpus();
    assert_seed_first_with_phrase(&search_json(&index, &["rocket", "fuel"]));
    assert_seed_first_with_phrase(&search_json(&index, &["rocket fuel"]));
    assert_seed_first_with_phrase(&search_json(&index, &["\"rocket fuel\""]));
}

#[test]
fn human_output_shows_outlet_date_and_the_marked_phrase() {
    let (_tmp, index) = indexed_corpus();
    let out = newsdex(&index)
        .args(["search", "rocket", "fuel"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("TibetanReview.net") && first.contains("2024-04-08"),
        "{first}"
    );
    assert!(text.contains("[rocket fuel]"), "{text}");
    assert!(!text.contains('\x1b'), "no colour with NO_COLOR");
}

#[test]
fn every_highlight_is_a_query_word_or_phrase() {
    let (_tmp, index) = indexed_corpus();
    // Each marked word must be (a form of) a query word.
    for (query, stems) in [
        ("sanction", vec!["sanction"]),
        ("\"Hong Kong\" china", vec!["hong", "kong", "china"]),
        ("satellite OR drones", vec!["satellite", "drone"]),
    ] {
        let hits = search_json(&index, &[query, "-n", "20", "--passages", "3"]);
        assert!(!hits.is_empty(), "{query} finds something");
        for hit in &hits {
            let text = hit["text"].as_str().unwrap();
            let spans = hit["highlights"].as_array().unwrap();
            assert!(!spans.is_empty(), "{query}: a hit has highlights");
            for s in spans {
                let marked = slice(text, s).to_lowercase();
                for word in marked.split_whitespace() {
                    assert!(
                        stems.iter().any(|st| word.starts_with(st)),
                        "{query}: marked {marked:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn excluded_words_and_unmatched_branches_are_not_marked() {
    let (_tmp, index) = indexed_corpus();
    for hit in search_json(&index, &["china -russia", "-n", "50"]) {
        let text = hit["text"].as_str().unwrap().to_lowercase();
        let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
        assert!(!words.contains(&"russia"), "excluded word present: {text}");
    }
    for hit in search_json(&index, &["(china russia) OR drones", "-n", "50"]) {
        let text = hit["text"].as_str().unwrap();
        // The branch matched when the whole article has both words.
        let shown = newsdex(&index)
            .args(["show", hit["article_id"].as_str().unwrap(), "--json"])
            .output()
            .unwrap();
        let article: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        let lower = format!(
            "{} {}",
            article["title"].as_str().unwrap_or(""),
            article["text"].as_str().unwrap()
        )
        .to_lowercase();
        let marked: Vec<String> = hit["highlights"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| slice(text, s).to_lowercase())
            .collect();
        let branch_matched = lower.contains("china") && lower.contains("russia");
        if !branch_matched {
            assert!(
                marked.iter().all(|m| m.starts_with("drone")),
                "unmatched branch marked: {marked:?}"
            );
        }
    }
}

#[test]
fn outlet_filter_narrows_case_insensitively() {
    let (_tmp, index) = indexed_corpus();
    let all = search_json(&index, &["china", "-n", "100"]);
    let baltic = search_json(&index, &["china", "-n", "100", "--outlet", "BALTIC wire"]);
    assert!(!baltic.is_empty() && baltic.len() < all.len());
    assert!(baltic.iter().all(|h| h["outlet"] == "Baltic Wire"));
    let inline = search_json(&index, &["china outlet:\"baltic wire\"", "-n", "100"]);
    assert_eq!(inline.len(), baltic.len());
}

#[test]
fn date_filters_take_years_months_and_days() {
    let (_tmp, index) = indexed_corpus();
    let all = search_json(&index, &["china", "-n", "100"]);
    let april = search_json(
        &index,
        &[
            "china", "-n", "100", "--since", "2024-04", "--until", "2024-04",
        ],
    );
    assert!(!april.is_empty() && april.len() < all.len());
    assert!(
        april
            .iter()
            .all(|h| h["date"].as_str().unwrap().starts_with("2024-04")),
        "{april:?}"
    );
    let y2023 = search_json(&index, &["china", "-n", "100", "--until", "2023"]);
    assert!(!y2023.is_empty());
    assert!(y2023.iter().all(|h| h["date"].as_str().unwrap() < "2024"));
    let day = search_json(&index, &["china", "date:2024-04-08", "-n", "100"]);
    assert!(day.iter().any(|h| h["path"] == SEED));
    assert!(day
        .iter()
        .all(|h| h["date"].as_str().unwrap().starts_with("2024-04-08")));
}

#[test]
fn entity_filter_finds_the_articles_that_name_them() {
    let (_tmp, index) = indexed_corpus();
    let bildt = search_json(&index, &["china", "--entity", "Carl Bildt", "-n", "100"]);
    assert!(bildt.iter().any(|h| h["path"] == SEED));
    let all = search_json(&index, &["china", "-n", "100"]);
    assert!(bildt.len() < all.len());
    let inline = search_json(&index, &["entity:\"antony blinken\" china", "-n", "100"]);
    assert!(inline.iter().any(|h| h["path"] == SEED));
    // Aliases resolve: "EU" is the European Union.
    let eu = search_json(&index, &["entity:EU", "-n", "100"]);
    assert!(eu.iter().any(|h| h["path"] == SEED));
}

#[test]
fn json_lines_carry_the_documented_fields() {
    let (_tmp, index) = indexed_corpus();
    let hits = search_json(&index, &["sanctions", "--passages", "2"]);
    for h in &hits {
        for key in [
            "version",
            "query",
            "rank",
            "score",
            "article_id",
            "path",
            "outlet",
            "date",
            "title",
            "passage",
            "passage_span",
            "text",
            "highlights",
        ] {
            assert!(h.get(key).is_some(), "missing {key} in {h}");
        }
        assert_eq!(h["version"], 1);
        assert_eq!(h["query"], "sanctions");
        let span = &h["passage_span"];
        let len = span["end"].as_u64().unwrap() - span["start"].as_u64().unwrap();
        assert_eq!(len as usize, h["text"].as_str().unwrap().chars().count());
    }
    // Ranks are articles: at most 2 passages share a rank, best first.
    let mut by_rank = std::collections::HashMap::<u64, Vec<f64>>::new();
    for h in &hits {
        by_rank
            .entry(h["rank"].as_u64().unwrap())
            .or_default()
            .push(h["score"].as_f64().unwrap());
    }
    assert!(by_rank
        .values()
        .all(|s| s.len() <= 2 && s.windows(2).all(|w| w[0] >= w[1])));
}

#[test]
fn adjacent_words_rank_above_scattered_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "The fuel depot stood far from the rocket range, officials said, and the weather was dry.",
    )
    .unwrap();
    std::fs::write(
        corpus.join("b.txt"),
        "Officials said the rocket fuel shipment arrived late on Tuesday.",
    )
    .unwrap();
    let index = tmp.path().join("idx");
    newsdex(&index).arg("index").arg(&corpus).assert().success();
    let hits = search_json(&index, &["rocket", "fuel"]);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["path"], "b.txt");
}
