//! Who reported it: the sources each article cites, searched (`cites:`, `--cites`),
//! carried by hits (JSON, CSV), listed by `show`, and exported as a network (`newsdex
//! cites`), over the bundled corpus (the seed article cites The Telegraph, Ukrainska
//! Pravda, US officials and Bloomberg; four corpus outlets cite each other).

mod common;

use common::{json_lines, run};

fn count(args: &[&str]) -> String {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.push("--count");
    let (code, out, err) = run(&all, None);
    assert!(code <= 1, "{err}");
    out.trim().to_string()
}

const SEED: &str = "21e118bbfc377c6c";

#[test]
fn the_seed_cites_its_sources_by_any_of_their_names() {
    for who in [
        "cites:Bloomberg",
        "cites:bloomberg.com",
        "cites:\"The Daily Telegraph\"",
        "cites:telegraph.co.uk",
        "cites:pravda.com.ua",
        "cites:outlet:Bloomberg",
    ] {
        let n: usize = count(&[who, "rocket"]).parse().unwrap();
        assert_eq!(n, 1, "{who}");
    }
    // Its own outlet is not a citation of itself.
    assert_eq!(count(&["cites:TibetanReview.net"]), "0");
    // The flag and the field agree.
    assert_eq!(
        count(&["--cites", "anonymous", "china"]),
        count(&["cites:anonymous china"])
    );
    let anonymous: usize = count(&["cites:anonymous"]).parse().unwrap();
    let all: usize = count(&["china OR russia OR the"]).parse().unwrap();
    assert!(anonymous > 0 && anonymous <= all);
}

#[test]
fn hits_carry_their_citations_in_json_and_csv() {
    let (_, out, _) = run(
        &[
            "search",
            "rocket fuel",
            "--json",
            "--fields",
            "article_id,citations",
            "-n",
            "1",
        ],
        None,
    );
    let hit = &json_lines(&out)[0];
    assert_eq!(hit["article_id"], SEED);
    let cites = hit["citations"].as_array().unwrap();
    let has = |source: &str, kind: &str| {
        cites
            .iter()
            .any(|c| c["source"] == source && c["kind"] == kind)
    };
    assert!(has("The Telegraph", "outlet"), "{cites:?}");
    assert!(has("Bloomberg", "outlet"), "{cites:?}");
    assert!(has("US officials", "anonymous"), "{cites:?}");
    let (_, csv, _) = run(
        &[
            "search",
            "rocket fuel",
            "--format",
            "csv",
            "--fields",
            "citations",
            "-n",
            "1",
        ],
        None,
    );
    assert!(csv.contains("US officials (anonymous)"), "{csv}");
}

#[test]
fn show_lists_each_citation_with_its_sentence() {
    let (code, out, _) = run(&["show", SEED], None);
    assert_eq!(code, 0);
    let line = out
        .lines()
        .find(|l| l.contains("US officials (anonymous, citing)"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("reported telegraph.co.uk"), "{line}");
    let (_, json, _) = run(&["show", SEED, "--json"], None);
    let v = &json_lines(&json)[0];
    assert!(v["citations"].as_array().unwrap().len() >= 4, "{v}");
}

#[test]
fn the_network_of_the_bundled_corpus_links_its_outlets() {
    let (code, csv, _) = run(&["cites", "--format", "csv"], None);
    assert_eq!(code, 0);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("source,target,kind,articles"));
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert!(
        rows.iter()
            .any(|r| r[0] == "TibetanReview.net" && r[1] == "The Telegraph" && r[2] == "outlet"),
        "{csv}"
    );
    let outlets = [
        "Baltic Wire",
        "Continental Post",
        "Pacific Courier",
        "Himalayan Ledger",
        "Harbour Times",
    ];
    let between = rows
        .iter()
        .filter(|r| outlets.contains(&r[0].as_str()) && outlets.contains(&r[1].as_str()))
        .count();
    assert!(between >= 3, "outlets of the corpus cite each other: {csv}");
    for graph in ["gexf", "graphml"] {
        let (code, xml, _) = run(&["cites", "--graph", graph], None);
        assert_eq!(code, 0);
        assert!(
            xml.starts_with("<?xml") && xml.contains("Bloomberg"),
            "{xml}"
        );
        assert_eq!(xml.matches("<edge ").count(), rows.len(), "{graph}");
    }
}

#[test]
fn stats_count_articles_by_cited_source() {
    let (code, out, _) = run(&["stats", "--by", "cited", "--json"], None);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let text = doc.to_string();
    assert!(text.contains("bloomberg"), "{text}");
    let bloomberg: usize = count(&["cites:Bloomberg"]).parse().unwrap();
    let row = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.to_string().contains("\"bloomberg\""))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(row["count"].as_u64().unwrap() as usize, bloomberg, "{row}");
}
