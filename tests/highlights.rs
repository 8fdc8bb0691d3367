//! Highlights are exact, over generated queries on the bundled corpus: every marked span
//! is a match of the query, and every match in a shown passage is marked. Queries are
//! words, AND, OR, exclusions, phrases, prefixes and proximity, drawn from the corpus's
//! own words with a fixed seed; they run as one batch.

mod common;

use common::*;
use newsdex::index::schema::{text_analyzer, word_splitter};
use newsdex::search::expand::{fold_prefix, prefix_matches, prefix_stem};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::tokenizer::{TokenStream, Tokenizer};

/// The words of a text: (stem, char start, char end).
fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut splitter = word_splitter();
    let mut analyzer = text_analyzer();
    let mut stream = splitter.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        let raw = &text[t.offset_from..t.offset_to];
        let mut a = analyzer.token_stream(raw);
        if let Some(stem) = a.next() {
            let start = text[..t.offset_from].chars().count();
            out.push((stem.text.clone(), start, start + raw.chars().count()));
        }
    }
    out
}

fn stem(w: &str) -> String {
    words(w).into_iter().map(|w| w.0).next().unwrap_or_default()
}

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// What a generated query marks: the stems any occurrence of which must be marked; the
/// stems of a same-passage query (marked where the passage holds them all); a prefix;
/// or a phrase (two stems in a row).
#[derive(Debug, Clone)]
enum Expect {
    Stems(BTreeSet<String>),
    Passage(BTreeSet<String>),
    Prefix(String),
    Phrase(String, String),
}

/// Hyphenated runs of a text joined, as the index also holds them: (joined stem, char
/// start, char end).
fn joined_runs(text: &str) -> Vec<(String, usize, usize)> {
    let mut splitter = word_splitter();
    let mut stream = splitter.token_stream(text);
    let mut spans = Vec::new();
    while let Some(t) = stream.next() {
        spans.push((t.offset_from, t.offset_to));
    }
    newsdex::index::schema::hyphen_runs(text, &spans)
        .into_iter()
        .map(|(a, b)| {
            let raw: String = spans[a..=b].iter().map(|&(x, y)| &text[x..y]).collect();
            let start = text[..spans[a].0].chars().count();
            let end = text[..spans[b].1].chars().count();
            (stem(&raw), start, end)
        })
        .collect()
}

/// The corpus's words (alphabetic, 4 letters or more) and adjacent pairs.
fn vocabulary() -> (Vec<String>, Vec<(String, String)>) {
    let mut single = BTreeSet::new();
    let mut pairs = BTreeSet::new();
    for a in common::corpus_files::corpus_articles() {
        let ws: Vec<&str> = a
            .body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for w in &ws {
            if w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()) {
                single.insert(w.to_lowercase());
            }
        }
        for p in ws.windows(2) {
            if p.iter()
                .all(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
            {
                pairs.insert((p[0].to_lowercase(), p[1].to_lowercase()));
            }
        }
    }
    (single.into_iter().collect(), pairs.into_iter().collect())
}

fn generate(n: usize) -> Vec<(String, Expect)> {
    let (single, pairs) = vocabulary();
    let mut rng = Lcg(20261130);
    let pick = |rng: &mut Lcg| single[rng.next(single.len())].clone();
    let mut out = Vec::new();
    for i in 0..n {
        let a = pick(&mut rng);
        let b = pick(&mut rng);
        let stems = |ws: &[&str]| Expect::Stems(ws.iter().map(|w| stem(w)).collect());
        let (q, e) = match i % 8 {
            0 => (a.clone(), stems(&[&a])),
            1 => (format!("{a} {b}"), stems(&[&a, &b])),
            2 => (format!("{a} OR {b}"), stems(&[&a, &b])),
            3 => (format!("{a} -{b}"), stems(&[&a])),
            4 => {
                let (x, y) = &pairs[rng.next(pairs.len())];
                (format!("\"{x} {y}\""), Expect::Phrase(stem(x), stem(y)))
            }
            5 => {
                let p: String = a.chars().take(4).collect();
                (format!("{p}*"), Expect::Prefix(p))
            }
            6 => {
                let (x, y) = &pairs[rng.next(pairs.len())];
                let e = Expect::Passage([stem(x), stem(y)].into_iter().collect());
                (format!("\"{x} {y}\"~passage"), e)
            }
            _ => {
                let (x, y) = &pairs[rng.next(pairs.len())];
                (format!("title:{a} OR {x} {y}"), stems(&[x, y]))
            }
        };
        out.push((q, e));
    }
    out
}

/// The marked characters and the characters that must be marked, as sets of positions.
fn check(text: &str, spans: &[Value], expect: &Expect) -> Result<(), String> {
    let marked: BTreeSet<usize> = spans
        .iter()
        .flat_map(|s| s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize)
        .collect();
    let ws = words(text);
    let mut must: BTreeSet<usize> = BTreeSet::new();
    match expect {
        Expect::Stems(stems) => {
            for (s, a, b) in &ws {
                if stems.contains(s) {
                    must.extend(*a..*b);
                }
            }
        }
        Expect::Passage(stems) => {
            let present: BTreeSet<&String> = ws.iter().map(|w| &w.0).collect();
            if stems.iter().all(|s| present.contains(s)) {
                for (s, a, b) in &ws {
                    if stems.contains(s) {
                        must.extend(*a..*b);
                    }
                }
            }
        }
        Expect::Prefix(p) => {
            let folded = fold_prefix(p);
            let st = prefix_stem(&folded);
            for (s, a, b) in ws.iter().chain(&joined_runs(text)) {
                if prefix_matches(s, &folded, st.as_deref()) {
                    must.extend(*a..*b);
                }
            }
        }
        Expect::Phrase(x, y) => {
            for pair in ws.windows(2) {
                if pair[0].0 == *x && pair[1].0 == *y {
                    must.extend(pair[0].1..pair[1].2);
                }
            }
        }
    }
    // Marked word characters are exactly the must-mark ones (spans may also cover the
    // spaces or hyphens between two adjacent matches).
    let word_chars: BTreeSet<usize> = ws.iter().flat_map(|w| w.1..w.2).collect();
    let marked_words: BTreeSet<usize> = marked.intersection(&word_chars).copied().collect();
    let must_words: BTreeSet<usize> = must.intersection(&word_chars).copied().collect();
    if marked_words == must_words {
        Ok(())
    } else {
        let show = |set: &BTreeSet<usize>| -> Vec<String> {
            ws.iter()
                .filter(|w| (w.1..w.2).any(|c| set.contains(&c)))
                .map(|w| text.chars().skip(w.1).take(w.2 - w.1).collect())
                .collect()
        };
        Err(format!(
            "marked {:?}, should mark {:?}",
            show(&marked_words),
            show(&must_words)
        ))
    }
}

#[test]
fn every_marked_span_is_a_match_and_every_match_is_marked() {
    let queries = generate(400);
    let input: String = queries
        .iter()
        .enumerate()
        .map(|(i, (q, _))| format!("{}\n", serde_json::json!({"id": i.to_string(), "query": q})))
        .collect();
    let (code, out, err) = run(
        &[
            "search",
            "--queries",
            "-",
            "--json",
            "-n",
            "5",
            "--passages",
            "3",
        ],
        Some(&input),
    );
    assert!(code <= 1, "{err}");
    let mut checked = 0;
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    for hit in json_lines(&out) {
        let id: usize = hit["query_id"].as_str().unwrap().parse().unwrap();
        let (q, expect) = &queries[id];
        let text = hit["text"].as_str().unwrap();
        if let Err(e) = check(text, hit["highlights"].as_array().unwrap(), expect) {
            failures.insert(q.clone(), format!("{e} in {text:?}"));
        }
        checked += 1;
    }
    assert!(checked > 300, "only {checked} passages checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} passages: {failures:#?}",
        failures.len()
    );
}
