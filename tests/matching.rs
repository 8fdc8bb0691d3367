//! The article is the unit of matching, the passage the unit shown (issue 9), on a
//! corpus written here and on the bundled corpus: AND, NOT and phrases over the whole
//! article; proximity and same-passage operators; ranking by the whole article; titles
//! searched by default; passages chosen for the query, never holding a dateline or a
//! split quotation; copies collapsed; prefixes; unsupported syntax refused; hyphenated
//! and joined spellings; files that are not articles skipped.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Writes `files` (name, content) into a fresh corpus folder and indexes it.
fn indexed(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    for (name, text) in files {
        let path = corpus.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let index = tmp.path().join("idx");
    let out = newsdex(&index).arg("index").arg(&corpus).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, index, String::from_utf8(out.stdout).unwrap())
}

fn paths(hits: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in hits {
        let p = h["path"].as_str().unwrap().to_string();
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

fn count(index: &Path, args: &[&str]) -> u64 {
    let out = newsdex(index)
        .arg("search")
        .args(args)
        .args(["--count", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["count"].as_u64().unwrap()
}

const HUNT: &str = "Hunting row\n\nThe countryside group met on Monday to plan its campaign.\n\nMinisters defended the ban on fox hunting in parliament.\n\nPolice said they would enforce the law strictly.";
const BLAIR: &str = "Election campaign opens\n\nThe election campaign opened with rallies across the country.\n\nLater, Blair spoke in London about schools.";
const NO_BLAIR: &str =
    "Election day nears\n\nThe election will be held in May, officials confirmed.";

#[test]
fn and_and_not_hold_for_the_whole_article() {
    let (_t, index, _) = indexed(&[
        ("hunt.txt", HUNT),
        ("blair.txt", BLAIR),
        ("noblair.txt", NO_BLAIR),
    ]);
    // The three words sit in three different paragraphs.
    assert_eq!(
        paths(&search_json(&index, &["hunting ban police"])),
        ["hunt.txt"]
    );
    // -blair excludes an article that names Blair in another paragraph.
    assert_eq!(
        paths(&search_json(&index, &["election -blair"])),
        ["noblair.txt"]
    );
    // A phrase is still adjacent words.
    assert!(search_json(&index, &["\"hunting police\""]).is_empty());
}

#[test]
fn proximity_and_the_same_passage_form() {
    let (_t, index, _) = indexed(&[("hunt.txt", HUNT)]);
    // "… the ban on fox hunting …": ban and hunting are 3 positions apart.
    assert_eq!(
        count(&index, &["\"hunting ban\"~3"]),
        1,
        "any order, within 3"
    );
    assert_eq!(count(&index, &["\"hunting ban\"~2"]), 0);
    assert_eq!(
        count(&index, &["\"ban police\"~3"]),
        0,
        "different passages"
    );
    assert_eq!(count(&index, &["\"fox parliament\"~5"]), 1);
    assert_eq!(count(&index, &["\"fox parliament\"~2"]), 0);
    assert_eq!(count(&index, &["\"ban hunting\"~passage"]), 1);
    assert_eq!(count(&index, &["\"hunting ban police\"~passage"]), 0);
    assert_eq!(count(&index, &["hunting ban police"]), 1);
}

#[test]
fn count_all_stats_and_entities_count_the_same_articles() {
    let (_t, index, _) = indexed(&[
        ("hunt.txt", HUNT),
        ("blair.txt", BLAIR),
        ("noblair.txt", NO_BLAIR),
    ]);
    for q in [
        "election",
        "election -blair",
        "campaign OR police",
        "\"hunting ban\"~passage",
    ] {
        let n = count(&index, &[q]);
        let all = search_json(&index, &[q, "--all"]).len() as u64;
        let stats: Value = serde_json::from_slice(
            &newsdex(&index)
                .args(["stats", q, "--by", "outlet", "--json"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let entities = newsdex(&index)
            .args(["entities", q, "--format", "human"])
            .output()
            .unwrap();
        let head = String::from_utf8(entities.stdout).unwrap();
        assert_eq!(all, n, "{q}: --all");
        assert_eq!(stats["matching"].as_u64().unwrap(), n, "{q}: stats");
        assert!(
            head.starts_with(&format!("{n} matching")),
            "{q}: entities: {head}"
        );
    }
}

#[test]
fn the_whole_article_ranks_not_one_table_row() {
    let table = "LONDON METAL INDICATIONS\n\nCOPPER 880 885\n\nLEAD 300 302\n\nZINC 455 457\n\nTIN 4100 4110";
    let story = "Zinc output to fall as mines close\n\nWorld zinc output will fall next year as two large mines close, the study group said.\n\nThe group expects zinc demand to grow in Asia, where new smelters are being built, and stocks of zinc to shrink.\n\nPrices rose on the news.";
    let (_t, index, _) = indexed(&[("a-table.txt", table), ("b-story.txt", story)]);
    let hits = search_json(&index, &["zinc"]);
    assert_eq!(paths(&hits)[0], "b-story.txt", "{hits:?}");
}

#[test]
fn titles_are_searched_and_fields_restrict() {
    let (_t, index) = indexed_corpus();
    let hits = search_json(&index, &["California"]);
    assert!(
        hits.iter()
            .any(|h| h["title"].as_str().unwrap_or("").contains("California")),
        "the headline word finds its article"
    );
    let (_t2, index2, _) = indexed(&[
        (
            "t.txt",
            "Drones over the border\n\nOfficials counted the aircraft on Monday.",
        ),
        (
            "b.txt",
            "Border talks\n\nDrones were seen near the border, officials said.",
        ),
    ]);
    assert_eq!(paths(&search_json(&index2, &["title:drones"])), ["t.txt"]);
    assert_eq!(paths(&search_json(&index2, &["body:drones"])), ["b.txt"]);
    assert_eq!(paths(&search_json(&index2, &["text:drones"])), ["b.txt"]);
    assert_eq!(search_json(&index2, &["drones"]).len(), 2);
}

#[test]
fn the_passage_shown_is_the_one_that_answers_the_query() {
    let story = "Rocket fuel talks\n\nThe talks opened in Geneva on Monday.\n\nA rocket launched from the coast later that day, officials said.\n\nNegotiators said shipments of rocket fuel to the region would stop at once.\n\nFuel prices were unchanged.";
    let (_t, index, _) = indexed(&[("r.txt", story)]);
    let hits = search_json(&index, &["rocket fuel", "--passages", "2"]);
    assert!(hits[0]["text"].as_str().unwrap().contains("rocket fuel"));
    assert_eq!(hits.len(), 2);
    // Equal passages: the earlier one first.
    let tie = "Tie\n\nOil rose.\n\nOil rose.";
    let (_t2, index2, _) = indexed(&[("t.txt", tie)]);
    let hits = search_json(&index2, &["oil", "--passages", "2"]);
    assert_eq!(hits[0]["passage"], 0);
}

#[test]
fn datelines_are_never_in_a_passage_and_quotations_stay_whole() {
    let sgml = "<REUTERS TOPICS=\"YES\" NEWID=\"7\">\n<DATE>4-MAR-1987 10:00:00.00</DATE>\n<TEXT>\n<TITLE>TENNESSEE BANK RAISES PRIME</TITLE>\n<DATELINE>    NASHVILLE, Tenn., March 4 - </DATELINE><BODY>First Tennessee Bank said it raised its prime rate to 7.5 pct.\n Reuter\n</BODY></TEXT>\n</REUTERS>\n";
    let quote = format!(
        "Quotes\n\n{} “{} {}” {}",
        "The minister spoke at length about the budget and the plans of the government for the coming year, which many called ambitious and some called reckless. ".repeat(4),
        "We will not raise taxes, and we will not cut the schools that families rely on across the country. ".repeat(3),
        "That is our promise to every voter.",
        "Opposition leaders rejected the speech. ".repeat(3)
    );
    let (_t, index, _) = indexed(&[("r.sgm", sgml), ("q.txt", &quote)]);
    let hits = search_json(&index, &["prime", "--passages", "5"]);
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(!h["text"].as_str().unwrap().contains("NASHVILLE"), "{h}");
    }
    for h in search_json(&index, &["taxes OR speech OR minister", "--passages", "9"]) {
        let t = h["text"].as_str().unwrap();
        assert_eq!(t.matches('“').count(), t.matches('”').count(), "{t}");
    }
}

#[test]
fn copies_collapse_into_one_result() {
    let story = "Floods close roads\n\nFloods closed roads in the north of the country as rivers burst their banks after a week of heavy rain, and thousands of homes were left without power on Sunday, officials said.";
    let updated = story.replace("Sunday", "Monday");
    let other = "Floods hit farms\n\nFarmers counted their losses after floods swept through the valley, drowning crops and cattle, and the government promised help.";
    let (_t, index, _) = indexed(&[
        ("a.txt", story),
        ("b.txt", story),
        ("c.txt", &updated),
        ("d.txt", other),
    ]);
    let hits = search_json(&index, &["floods"]);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let lead = hits
        .iter()
        .find(|h| !h["similar"].as_array().unwrap().is_empty())
        .expect("one result lists copies");
    assert_eq!(lead["similar"].as_array().unwrap().len(), 2);
    assert_eq!(lead["cluster"], lead["article_id"]);
    assert_eq!(search_json(&index, &["floods", "--copies"]).len(), 4);
    let human = newsdex(&index).args(["search", "floods"]).output().unwrap();
    assert!(String::from_utf8(human.stdout)
        .unwrap()
        .contains("+2 similar"));
    let csv = newsdex(&index)
        .args([
            "search",
            "floods",
            "--format",
            "csv",
            "--fields",
            "path,cluster,similar",
        ])
        .output()
        .unwrap();
    let (header, rows) = csv_rows(&String::from_utf8(csv.stdout).unwrap(), b',');
    assert_eq!(header, ["path", "cluster", "similar"]);
    assert_eq!(rows.len(), 2);
    let stats = |extra: &[&str]| -> u64 {
        let out = newsdex(&index)
            .args(["stats", "floods", "--by", "outlet", "--json"])
            .args(extra)
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["matching"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(stats(&[]), 4);
    assert_eq!(stats(&["--dedup"]), 2);
}

#[test]
fn prefixes_and_hyphenated_words() {
    let (_t, index, _) = indexed(&[
        ("a.txt", "Sanctions\n\nNew sanctions were announced."),
        ("b.txt", "Bank\n\nThe bank was sanctioned by regulators."),
        ("c.txt", "Mail\n\nShe sent an e-mail to the minister."),
        ("d.txt", "Mail\n\nHe sent an email to the minister."),
        ("e.txt", "Sand\n\nSand covered the road."),
    ]);
    assert_eq!(count(&index, &["sanction*"]), 2);
    assert_eq!(count(&index, &["sanc*"]), 2);
    assert_eq!(count(&index, &["email"]), 2);
    assert_eq!(count(&index, &["e-mail"]), 2);
    let marked: Vec<String> = search_json(&index, &["email"])
        .iter()
        .flat_map(|h| {
            let text = h["text"].as_str().unwrap().to_string();
            h["highlights"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |s| slice(&text, s))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(marked.contains(&"e-mail".to_string()), "{marked:?}");
}

#[test]
fn unsupported_syntax_is_an_error_naming_it() {
    let (_t, index) = indexed_corpus();
    for (q, says) in [
        ("\"interest rates\"~x", "'~' takes a number"),
        ("s*nction", "wildcards"),
        ("sanction~", "fuzzy"),
        ("a*", "prefix"),
        ("oil^2", "boosts"),
        ("”", "closes nothing"),
    ] {
        let out = newsdex(&index).args(["search", q]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{q}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{q}: {err}");
        assert!(!err.contains("panicked"), "{q}: {err}");
    }
}

#[test]
fn files_that_are_not_articles_are_skipped_with_a_reason() {
    let list: String = ["cocoa", "coffee", "copper", "corn", "cotton"]
        .iter()
        .cycle()
        .take(40)
        .map(|w| format!("{w}\n"))
        .collect();
    let (_t, index, summary) = indexed(&[
        ("all-topics-strings.lc.txt", &list),
        (
            "story.txt",
            "Cocoa\n\nCocoa prices rose in London on Monday.",
        ),
    ]);
    assert!(
        summary.contains("all-topics-strings.lc.txt: not an article: a list"),
        "{summary}"
    );
    assert_eq!(paths(&search_json(&index, &["cocoa"])), ["story.txt"]);
}

#[test]
fn equal_scores_rank_the_same_whatever_order_articles_were_indexed_in() {
    // Six articles that score alike for `sorghum` (one mention, bodies of one length).
    let fillers = ["amber", "birch", "cedar", "delta", "ember", "fjord"];
    let article = |w: &str| {
        format!(
            "Harvest note {w}\n\nFarmers in the {w} valley planted sorghum this week after rain."
        )
    };
    let tmp = tempfile::tempdir().unwrap();
    let build = |name: &str, batches: &[&[usize]]| {
        let corpus = tmp.path().join(format!("{name}-corpus"));
        std::fs::create_dir_all(&corpus).unwrap();
        let index = tmp.path().join(format!("{name}-idx"));
        // Each batch is its own indexing run, so its articles land in their own segment.
        for batch in batches {
            for &i in *batch {
                let w = fillers[i];
                std::fs::write(corpus.join(format!("{w}.txt")), article(w)).unwrap();
            }
            newsdex(&index).arg("index").arg(&corpus).assert().success();
        }
        index
    };
    let at_once = build("once", &[&[0, 1, 2, 3, 4, 5]]);
    let reversed = build("reversed", &[&[5, 4], &[3, 2], &[1, 0]]);
    for limit in ["2", "3", "6"] {
        let args = ["sorghum", "--limit", limit, "--copies"];
        let a = paths(&search_json(&at_once, &args));
        let b = paths(&search_json(&reversed, &args));
        assert_eq!(a.len(), limit.parse::<usize>().unwrap(), "{a:?}");
        assert_eq!(a, b, "limit {limit}");
    }
}
