//! The attribution gold set (`tests/gold/citations/`, issue 14) scored against
//! `newsdex::analyze::citations::extract`, as `check.py --score` scores it: citations
//! pooled over the sentences, a prediction matches a gold citation of the same sentence by
//! equal canonical names (case-insensitive) or, failing that, by overlapping spans (in
//! characters), one to one; precision, recall, and kind accuracy over the matched pairs.
//!
//! Each sentence is given to `extract` alone, with its article's outlet as `own_outlet`
//! and **no entities** (an empty slice): the scores are those of the extractor's own rules.
//!
//! Development used the sentences with an even id number only; the odd ones were held out
//! (their errors were not looked at). Scores (`cargo test --test citations_gold --
//! --nocapture` prints them; `python3 tests/gold/citations/check.py --score` on the
//! predictions file agrees):
//!
//! | sentences | gold | predicted | precision | recall | kind accuracy |
//! | --- | ---: | ---: | ---: | ---: | ---: |
//! | development (even ids) | 101 | 100 | 0.990 | 0.980 | 1.000 |
//! | held out (odd ids) | 103 | 96 | 1.000 | 0.932 | 1.000 |
//! | all 287 sentences | 204 | 196 | 0.995 | 0.956 | 1.000 |
//!
//! With the entity mentions of newsdex's tagger as hints the scores are the same (printed
//! too, not asserted). The gold set is small and its sentences were drawn to hold cues:
//! read these as the extractor's behaviour on the guidelines' cases, not as its precision
//! on every sentence of a corpus.
//!
//! The thresholds asserted are a little below the scores on all sentences, so that a
//! regression fails the test.
//!
//! `NEWSDEX_CITATIONS_PREDICTIONS=path` also writes the predictions in `check.py`'s format
//! (`python3 tests/gold/citations/check.py --score path`).

use newsdex::analyze::citations::{extract, Citation};
use newsdex::analyze::ner::labels::TYPES;
use newsdex::analyze::ner::Model;
use serde_json::Value;
use std::fmt::Write as _;

const GOLD: &str = include_str!("gold/citations/sentences.jsonl");

const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.92;
const MIN_KIND_ACCURACY: f64 = 0.95;

/// A citation in characters, as the gold set counts offsets.
#[derive(Debug, Clone)]
struct Cite {
    start: usize,
    end: usize,
    canonical: String,
    kind: String,
}

struct Row {
    id: String,
    number: u32,
    sentence: String,
    own: String,
    gold: Vec<Cite>,
}

fn load() -> Vec<Row> {
    GOLD.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON line");
            let id = v["id"].as_str().expect("id").to_string();
            let number = id
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .expect("an id number");
            let gold = v["citations"]
                .as_array()
                .expect("citations")
                .iter()
                .map(|c| Cite {
                    start: c["start"].as_u64().expect("start") as usize,
                    end: c["end"].as_u64().expect("end") as usize,
                    canonical: c["canonical"].as_str().expect("canonical").to_string(),
                    kind: c["kind"].as_str().expect("kind").to_string(),
                })
                .collect();
            Row {
                id,
                number,
                sentence: v["sentence"].as_str().expect("sentence").to_string(),
                own: v["article_outlet"].as_str().expect("outlet").to_string(),
                gold,
            }
        })
        .collect()
}

/// Byte offset to character offset.
fn chars_at(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// The entity mentions newsdex's tagger finds in a sentence, as `extract` takes them.
fn tagger_entities(sentence: &str) -> Vec<(std::ops::Range<usize>, String)> {
    Model::shipped()
        .tag_text(sentence)
        .into_iter()
        .map(|m| (m.start..m.end, TYPES[m.ty].to_string()))
        .collect()
}

fn predict(row: &Row, with_entities: bool) -> Vec<Cite> {
    let entities = if with_entities {
        tagger_entities(&row.sentence)
    } else {
        Vec::new()
    };
    extract(&row.sentence, Some(&row.own), &entities)
        .into_iter()
        .map(|c: Citation| Cite {
            start: chars_at(&row.sentence, c.span.start),
            end: chars_at(&row.sentence, c.span.end),
            canonical: c.source,
            kind: c.kind.to_string(),
        })
        .collect()
}

/// One-to-one matches (gold index, prediction index): equal canonical names first, then
/// overlapping spans, each in gold order, then prediction order.
fn matches(gold: &[Cite], pred: &[Cite]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut used_g = vec![false; gold.len()];
    let mut used_p = vec![false; pred.len()];
    for by_name in [true, false] {
        for (i, g) in gold.iter().enumerate() {
            if used_g[i] {
                continue;
            }
            for (j, p) in pred.iter().enumerate() {
                if used_p[j] {
                    continue;
                }
                let ok = if by_name {
                    g.canonical.trim().to_lowercase() == p.canonical.trim().to_lowercase()
                } else {
                    p.start < g.end && g.start < p.end
                };
                if ok {
                    pairs.push((i, j));
                    used_g[i] = true;
                    used_p[j] = true;
                    break;
                }
            }
        }
    }
    pairs
}

#[derive(Default, Debug)]
struct Score {
    gold: usize,
    predicted: usize,
    matched: usize,
    kind_ok: usize,
}

impl Score {
    fn add(&mut self, gold: &[Cite], pred: &[Cite]) {
        let pairs = matches(gold, pred);
        self.gold += gold.len();
        self.predicted += pred.len();
        self.matched += pairs.len();
        self.kind_ok += pairs
            .iter()
            .filter(|&&(i, j)| gold[i].kind == pred[j].kind)
            .count();
    }

    fn ratio(n: usize, d: usize) -> f64 {
        if d == 0 {
            1.0
        } else {
            n as f64 / d as f64
        }
    }

    fn precision(&self) -> f64 {
        Self::ratio(self.matched, self.predicted)
    }

    fn recall(&self) -> f64 {
        Self::ratio(self.matched, self.gold)
    }

    fn kind_accuracy(&self) -> f64 {
        Self::ratio(self.kind_ok, self.matched)
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name}: precision {:.3} recall {:.3} kind accuracy {:.3} (gold {}, predicted {}, matched {})",
            self.precision(),
            self.recall(),
            self.kind_accuracy(),
            self.gold,
            self.predicted,
            self.matched
        )
    }
}

fn predictions_json(row: &Row, pred: &[Cite]) -> String {
    let cites: Vec<Value> = pred
        .iter()
        .map(|c| {
            serde_json::json!({
                "start": c.start, "end": c.end, "canonical": c.canonical, "kind": c.kind,
                "source": row.sentence.chars().skip(c.start).take(c.end - c.start).collect::<String>(),
            })
        })
        .collect();
    serde_json::json!({"id": row.id, "citations": cites}).to_string()
}

#[test]
fn gold_set_scores() {
    let rows = load();
    assert_eq!(rows.len(), 287);
    let (mut even, mut odd, mut all) = (Score::default(), Score::default(), Score::default());
    let mut tagged = Score::default();
    let mut lines = String::new();
    let mut misses = String::new();
    for row in &rows {
        let pred = predict(row, false);
        tagged.add(&row.gold, &predict(row, true));
        all.add(&row.gold, &pred);
        if row.number % 2 == 0 {
            even.add(&row.gold, &pred);
        } else {
            odd.add(&row.gold, &pred);
        }
        writeln!(lines, "{}", predictions_json(row, &pred)).unwrap();
        let pairs = matches(&row.gold, &pred);
        let wrong_kind = pairs.iter().any(|&(i, j)| row.gold[i].kind != pred[j].kind);
        if row.number % 2 == 0
            && (pairs.len() != row.gold.len() || pairs.len() != pred.len() || wrong_kind)
        {
            let show = |c: &Cite| {
                format!(
                    "{} [{}] {:?}",
                    c.canonical,
                    c.kind,
                    row.sentence
                        .chars()
                        .skip(c.start)
                        .take(c.end - c.start)
                        .collect::<String>()
                )
            };
            writeln!(
                misses,
                "{} {}\n  gold: {:?}\n  pred: {:?}",
                row.id,
                row.sentence,
                row.gold.iter().map(show).collect::<Vec<_>>(),
                pred.iter().map(show).collect::<Vec<_>>()
            )
            .unwrap();
        }
    }
    if let Ok(path) = std::env::var("NEWSDEX_CITATIONS_PREDICTIONS") {
        std::fs::write(path, &lines).expect("write predictions");
    }
    // The errors on the development sentences only (even ids).
    if std::env::var("NEWSDEX_CITATIONS_MISSES").is_ok() {
        println!("{misses}");
    }
    println!("{}", even.line("development (even ids)"));
    println!("{}", odd.line("held out (odd ids)"));
    println!("{}", all.line("all"));
    println!(
        "{}",
        tagged.line("all, with the tagger's entities as hints")
    );
    assert!(all.precision() >= MIN_PRECISION, "{}", all.line("all"));
    assert!(all.recall() >= MIN_RECALL, "{}", all.line("all"));
    assert!(
        all.kind_accuracy() >= MIN_KIND_ACCURACY,
        "{}",
        all.line("all")
    );
}
