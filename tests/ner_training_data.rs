//! The tagger's in-domain training set (`data/ner/news/`) against the entity gold sets
//! (`tests/gold/entities*/`): no article of a gold set is trained on, under its id or
//! under another file name with the same text or nearly the same (BBC News holds some
//! stories twice, a word or two apart), and every training article reads as training
//! data with nearly all of its sentences.

use newsdex::analyze::ner::annotated;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn articles(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    out.sort();
    out
}

fn body(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["body"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The five-word runs of a body (lower case, words of letters and digits).
fn runs(body: &str) -> HashSet<String> {
    let lower = body.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(5.min(words.len().max(1)))
        .map(|w| w.join(" "))
        .collect()
}

#[test]
fn no_gold_article_is_trained_on() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut gold: HashMap<String, PathBuf> = HashMap::new();
    let mut gold_ids = Vec::new();
    for set in [
        "tests/gold/entities",
        "tests/gold/entities-heldout",
        "tests/gold/entities-reuters-dev",
    ] {
        for (p, text) in articles(&root.join(set)) {
            gold_ids.push(p.file_name().unwrap().to_owned());
            gold.insert(body(&text), p);
        }
    }
    let train = articles(&root.join("data/ner/news"));
    assert!(train.len() >= 300, "{} training articles", train.len());
    for (p, text) in &train {
        assert!(
            !gold_ids.contains(&p.file_name().unwrap().to_owned()),
            "{} is a gold-set article",
            p.display()
        );
        if let Some(g) = gold.get(&body(text)) {
            panic!("{} has the text of {}", p.display(), g.display());
        }
    }
    // Near copies: 0.8 of the five-word runs shared, as tools/select_train.py drops them.
    // The gold articles holding each run, so that each training article meets only those
    // it shares a run with.
    let gold_runs: Vec<(HashSet<String>, &PathBuf)> =
        gold.iter().map(|(b, p)| (runs(b), p)).collect();
    let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (rs, _)) in gold_runs.iter().enumerate() {
        for r in rs {
            holders.entry(r.as_str()).or_default().push(i);
        }
    }
    for (p, text) in &train {
        let mine = runs(&body(text));
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for r in &mine {
            for &i in holders.get(r.as_str()).into_iter().flatten() {
                *shared.entry(i).or_default() += 1;
            }
        }
        for (i, n) in shared {
            let (theirs, g) = &gold_runs[i];
            // The share of the two texts' runs they hold in common (Jaccard).
            let share = n as f64 / (mine.len() + theirs.len() - n).max(1) as f64;
            assert!(
                share < 0.8,
                "{} is a near copy of {} ({share:.2} of five-word runs shared)",
                p.display(),
                g.display()
            );
        }
    }
}

#[test]
fn training_articles_read_as_tagger_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut kept, mut dropped, mut spans) = (0, 0, 0);
    for (p, text) in articles(&root.join("data/ner/news")) {
        let a = annotated::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        kept += a.doc.len();
        dropped += a.dropped_sentences;
        spans += a.doc.iter().map(|s| s.spans.len()).sum::<usize>();
    }
    // A sentence is left out only when a mention's edge falls inside a token.
    assert!(
        dropped * 100 < kept,
        "{dropped} of {kept} sentences left out"
    );
    assert!(spans > 5000, "{spans} mentions");
}
