//! `newsdex entities` and the entity-type filters of `newsdex search`, over the project's
//! own corpus/ indexed into a temporary folder.

mod common;

use common::{blair_corpus, corpus, json_lines, run};
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

/// The rows `newsdex entities --json` prints, with these arguments.
fn entity_rows(mut newsdex: assert_cmd::Command, args: &[&str]) -> Vec<serde_json::Value> {
    let out = newsdex
        .arg("entities")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    json_lines(&String::from_utf8(out.stdout).unwrap())
}

/// The row of the entity with this name.
fn row_named(rows: &[serde_json::Value], name: &str) -> serde_json::Value {
    rows.iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {rows:?}"))
        .clone()
}

/// A corpus of articles written by a test, and its index, in a temporary folder.
struct Scratch {
    tmp: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("corpus")).unwrap();
        Scratch { tmp }
    }

    fn corpus(&self) -> std::path::PathBuf {
        self.tmp.path().join("corpus")
    }

    fn article(&self, name: &str, text: &str) {
        std::fs::write(self.corpus().join(name), text).unwrap();
    }

    /// newsdex on this index, without colour.
    fn newsdex(&self) -> assert_cmd::Command {
        common::newsdex(&self.tmp.path().join("idx"))
    }

    /// The number of articles `search ARGS --count` finds.
    fn count(&self, args: &[&str]) -> String {
        let out = self
            .newsdex()
            .arg("search")
            .args(args)
            .arg("--count")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn index(&self) {
        let corpus = self.corpus();
        self.newsdex()
            .args(["index", "-q"])
            .arg(corpus)
            .assert()
            .success();
    }
}

/// What an article joins itself is listed too: the names its mentions were written as
/// ("Blair" under Tony Blair, "U.S." under United States), in `entities`, `show` and
/// `analyze`, with no other article to join them across the corpus.
#[test]
fn entities_list_the_names_an_article_wrote() {
    let scratch = Scratch::new();
    let text = "Blair visits Washington\n\nTony Blair met U.S. officials in Washington on \
                Monday. Mr Blair said the United States and Britain agreed.\n";
    scratch.article("visit.txt", text);
    scratch.index();
    let rows = entity_rows(scratch.newsdex(), &[]);
    let row = |name: &str| row_named(&rows, name);
    assert_eq!(row("Tony Blair")["aliases"], serde_json::json!(["Blair"]));
    assert_eq!(row("United States")["aliases"], serde_json::json!(["U.S."]));
    assert!(!rows.iter().any(|r| r["name"] == "Blair"), "{rows:?}");
    let out = scratch
        .newsdex()
        .arg("analyze")
        .arg(scratch.corpus().join("visit.txt"))
        .arg("--json")
        .output()
        .unwrap();
    let article = &json_lines(&String::from_utf8(out.stdout).unwrap())[0];
    let tony = article["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Tony Blair")
        .unwrap_or_else(|| panic!("{article}"));
    assert_eq!(tony["mentions"], 2, "{article}");
    assert_eq!(tony["aliases"], serde_json::json!(["Blair"]), "{article}");
}

/// An article read alone that names a widely known person by surname only, beside what
/// the news corpora name them with, gets the full name (data/gazetteer/people.tsv), the
/// surname kept as an alias; `--no-people-table` (for bench/people.py) leaves it bare.
#[test]
fn a_bare_surname_read_alone_is_the_widely_known_person() {
    let scratch = Scratch::new();
    let text = "Budget row\n\nBlair told the Labour Party that Downing Street had \
                not changed its mind.\n";
    scratch.article("row.txt", text);
    let people = |extra: &[&str]| -> Vec<(String, serde_json::Value)> {
        let out = scratch
            .newsdex()
            .arg("analyze")
            .arg(scratch.corpus().join("row.txt"))
            .arg("--json")
            .args(extra)
            .output()
            .unwrap();
        let article = &json_lines(&String::from_utf8(out.stdout).unwrap())[0];
        article["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "PER")
            .map(|e| {
                (
                    e["name"].as_str().unwrap().to_string(),
                    e["aliases"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        people(&[]),
        vec![("Tony Blair".to_string(), serde_json::json!(["Blair"]))]
    );
    // As bench/people.py reads it: no table and no entity check (which may drop a lone
    // bare surname it cannot place).
    assert_eq!(
        people(&["--no-people-table", "--no-entity-check"])[0].0,
        "Blair"
    );
}

/// `analyze --known-tables DIR` (how bench/entities_fold.sh scores a fold of the training
/// news) reads the known-names tables of DIR instead of the built-in ones; a missing
/// table is an error naming it.
#[test]
fn known_tables_can_be_read_from_a_folder() {
    let scratch = Scratch::new();
    scratch.article(
        "vote.txt",
        "Vote delayed\n\nCongress put off the vote on the budget until March, \
         leaders in Congress said on Tuesday.\n",
    );
    let orgs = |extra: &[&std::ffi::OsStr]| -> Vec<String> {
        let out = scratch
            .newsdex()
            .arg("analyze")
            .arg(scratch.corpus().join("vote.txt"))
            .args(["--json", "--no-entity-check"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let article = &json_lines(&String::from_utf8(out.stdout).unwrap())[0];
        let names = article["entities"].as_array().unwrap().iter();
        names
            .filter(|e| e["type"] == "ORG")
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(orgs(&[]), ["United States Congress"]);
    let tables = scratch.tmp.path().join("tables");
    std::fs::create_dir(&tables).unwrap();
    std::fs::write(tables.join("known_names.tsv"), "# none\n").unwrap();
    let flag = std::ffi::OsStr::new("--known-tables");
    let missing = scratch
        .newsdex()
        .arg("analyze")
        .arg(scratch.corpus().join("vote.txt"))
        .arg(flag)
        .arg(&tables)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(stderr.contains("known_types.tsv"), "{stderr}");
    std::fs::write(tables.join("known_types.tsv"), "# none\n").unwrap();
    assert_eq!(orgs(&[flag, tables.as_os_str()]), ["Congress"]);
}

/// Across articles, a bare surname and a title joined to it find the articles of the
/// full name, and `entities` counts them as one person with the other names listed.
#[test]
fn corpus_wide_aliases_join_a_surname_to_the_dominant_full_name() {
    let scratch = Scratch::new();
    blair_corpus(&scratch.corpus(), 4);
    let nx = || scratch.newsdex();
    scratch.index();
    let count = |args: &[&str]| scratch.count(args);
    // The article that only says "Blair" is found under the full name, and the other way.
    assert_eq!(count(&["entity:\"Tony Blair\""]), "5");
    assert_eq!(count(&["--entity", "Mr Blair", "report"]), "5");
    assert_eq!(count(&["entity:Blair"]), "5");
    // Cherie Blair stays herself.
    assert_eq!(count(&["entity:\"Cherie Blair\""]), "1");
    let out = nx()
        .args(["entities", "--type", "PER", "--json"])
        .output()
        .unwrap();
    let rows = json_lines(&String::from_utf8(out.stdout).unwrap());
    let tony = rows
        .iter()
        .find(|r| r["name"] == "Tony Blair")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(tony["articles"], 5, "{rows:?}");
    assert_eq!(tony["aliases"], serde_json::json!(["Blair"]), "{rows:?}");
    assert!(!rows.iter().any(|r| r["name"] == "Blair"), "{rows:?}");
    // stats counts the same way.
    let out = nx()
        .args(["stats", "--by", "entity", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.lines().any(|l| l == "tony blair,5"), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with("blair,")), "{csv}");
}

#[test]
fn a_surname_several_people_share_joins_the_full_name_only_beside_its_context() {
    let scratch = Scratch::new();
    let article = |name: &str, text: &str| scratch.article(name, text);
    for i in 0..4 {
        article(
            &format!("chancellor{i}.txt"),
            &format!(
                "Budget report {i}\n\nChancellor Gordon Brown told the Treasury Select \
                 Committee on Monday that the budget would pass. Gordon Brown met Tony \
                 Blair in Downing Street.\n"
            ),
        );
    }
    for i in 0..2 {
        article(
            &format!("football{i}.txt"),
            &format!(
                "Match report {i}\n\nDefender Wes Brown scored for Manchester United \
                 against Everton at Old Trafford on Saturday.\n"
            ),
        );
    }
    // Other news, so that the committee is met more often beside Gordon Brown than
    // elsewhere.
    let places = [
        "Leeds", "York", "Bristol", "Cardiff", "Glasgow", "Belfast", "Dundee", "Exeter", "Norwich",
        "Oxford", "Bangor", "Derby",
    ];
    for (i, place) in places.iter().enumerate() {
        article(
            &format!("weather{i}.txt"),
            &format!("Weather report {i}\n\nHeavy rain fell on {place} on Tuesday.\n"),
        );
    }
    article(
        "politics.txt",
        "Politics report\n\nMr Brown told the Treasury Select Committee that growth \
         would be strong. Brown spoke for an hour.\n",
    );
    article(
        "lineup.txt",
        "Line-up report\n\nJones, Brown, Smith and Taylor started for Gloucester \
         against Bath at Kingsholm on Saturday.\n",
    );
    let nx = || scratch.newsdex();
    scratch.index();
    let found = |args: &[&str]| -> Vec<String> {
        let out = nx()
            .arg("search")
            .args(args)
            .args(["--all", "--copies", "--format", "tsv", "--fields", "path"])
            .output()
            .unwrap();
        let mut paths: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect();
        paths.sort();
        paths
    };
    // The bare "Brown" beside the Treasury committee is the Chancellor; the one in a
    // line-up is not.
    let gordon = found(&["entity:\"Gordon Brown\""]);
    assert!(gordon.contains(&"politics.txt".to_string()), "{gordon:?}");
    assert!(!gordon.contains(&"lineup.txt".to_string()), "{gordon:?}");
    assert_eq!(gordon.len(), 5, "{gordon:?}");
    // Asked for by the surname itself, every Brown article without a full name is found.
    let bare = found(&["entity:Brown"]);
    assert!(bare.contains(&"lineup.txt".to_string()), "{bare:?}");
    // The counts agree: Gordon Brown in 5 articles (as Brown in one), Brown alone in 1.
    let rows = entity_rows(nx(), &["--type", "PER"]);
    let row = |name: &str| row_named(&rows, name);
    assert_eq!(row("Gordon Brown")["articles"], 5, "{rows:?}");
    assert_eq!(row("Gordon Brown")["aliases"], serde_json::json!(["Brown"]));
    assert_eq!(row("Brown")["articles"], 1, "{rows:?}");
    // show names each article's Brown as the index resolves it there.
    let id_of = |path: &str| {
        let out = nx()
            .args(["search", "entity:Brown", "--all", "--format", "tsv"])
            .args(["--fields", "article_id,path"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .find_map(|l| l.strip_suffix(&format!("\t{path}")).map(str::to_string))
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let show = |path: &str| {
        let out = nx()
            .args(["show", &id_of(path), "--format", "json"])
            .output()
            .unwrap();
        json_lines(&String::from_utf8(out.stdout).unwrap())[0]["entities"].clone()
    };
    let politics = show("politics.txt");
    let person = politics
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "PER")
        .unwrap_or_else(|| panic!("{politics}"));
    assert_eq!(person["name"], "Gordon Brown", "{politics}");
    assert_eq!(
        person["aliases"],
        serde_json::json!(["Brown"]),
        "{politics}"
    );
    let lineup = show("lineup.txt");
    assert!(
        lineup
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "Brown" && e["aliases"] == serde_json::json!([])),
        "{lineup}"
    );
    // A search that prints entities gives the same names.
    let out = nx()
        .args(["search", "entity:Brown", "--all", "--copies", "--json"])
        .args(["--fields", "path,entities"])
        .output()
        .unwrap();
    let hits = json_lines(&String::from_utf8(out.stdout).unwrap());
    let people = |path: &str| -> Vec<String> {
        let hit = hits
            .iter()
            .find(|h| h["path"].as_str().is_some_and(|p| p.ends_with(path)))
            .unwrap_or_else(|| panic!("{path}: {hits:?}"));
        hit["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "PER")
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(people("politics.txt"), ["Gordon Brown"], "{hits:?}");
    assert!(
        people("lineup.txt").contains(&"Brown".to_string()),
        "{hits:?}"
    );
}

/// A title word that begins an organisation's or a work's name stays in it on the query
/// side ("General Motors" is no "Motors", as "Mr Blair" is Blair).
#[test]
fn a_title_word_starting_a_company_name_is_part_of_the_name_asked_for() {
    let scratch = Scratch::new();
    scratch.article(
        "gm.txt",
        "GM cuts output\n\nGeneral Motors Corp said on Monday it would cut car output at \
         two plants. General Motors shares fell in New York.\n",
    );
    scratch.article(
        "ford.txt",
        "Ford gains\n\nFord Motor Co said its sales rose in March, helped by new models.\n",
    );
    scratch.index();
    let count = |args: &[&str]| scratch.count(args);
    assert_eq!(count(&["entity:\"General Motors\""]), "1");
    assert_eq!(count(&["--entity", "ORG:General Motors", "output"]), "1");
}

/// A surname every article joined to its full name is no entity term of its own, yet a
/// query for it, with or without a title, finds the full name's articles; a club's short
/// name finds the club a sport report names in full.
#[test]
fn a_surname_or_short_name_no_article_names_alone_finds_the_entity() {
    let scratch = Scratch::new();
    for i in 0..3 {
        scratch.article(
            &format!("pm{i}.txt"),
            &format!(
                "Blair visit {i}\n\nPrime Minister Tony Blair visited Leeds on Monday. Blair \
                 said the visit number {i} went well.\n"
            ),
        );
    }
    scratch.article(
        "match.txt",
        "Arsenal win\n\nArsenal beat Chelsea 2-1 in the Premiership on Saturday. Thierry \
         Henry scored twice for Arsenal and the striker was booked.\n",
    );
    scratch.index();
    let count = |args: &[&str]| scratch.count(args);
    assert_eq!(count(&["entity:\"Tony Blair\""]), "3");
    assert_eq!(count(&["entity:Blair"]), "3");
    assert_eq!(count(&["--entity", "Mr Blair", "visit"]), "3");
    assert_eq!(count(&["entity:Arsenal"]), "1");
}

/// An entity other names join is shown by the name most of its articles wrote, not by
/// whichever article a search ranks first (here the one record written in capitals,
/// whose "USAIR" reads "Usair").
#[test]
fn a_joined_entity_is_shown_by_the_name_most_articles_wrote() {
    let scratch = Scratch::new();
    scratch.article(
        "a1.txt",
        "Airline traffic\n\nUSAir said traffic rose in Pittsburgh, Boston and Chicago, \
         the company said.\n",
    );
    scratch.article(
        "a2.txt",
        "Airline fares\n\nUSAir cut fares to Denver, Dallas and Miami, its chief \
         executive said.\n",
    );
    scratch.article(
        "a3.txt",
        "USAIR TRAFFIC\n\nUSAIR SAID ITS MARCH TRAFFIC ROSE SHARPLY FROM A YEAR AGO.\n",
    );
    scratch.article(
        "a4.txt",
        "Fare war\n\nUS Air matched the cuts, analysts said.\n",
    );
    scratch.index();
    let rows = entity_rows(scratch.newsdex(), &[]);
    let row = row_named(&rows, "USAir");
    assert_eq!(row["articles"], 4, "{rows:?}");
    assert!(!rows.iter().any(|r| r["name"] == "Usair"), "{rows:?}");
}
