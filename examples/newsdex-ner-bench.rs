//! Measures the NER tagger: entity-level micro P/R/F1 and per-type F1 on the CoNLL-2003
//! test split (exact span and type, counted as conlleval does), tagging speed on one
//! thread over that split and over the BBC News articles as raw text (with the time to
//! merely tokenize the same text as the baseline), load time and size of the weights,
//! and the seed article's entities. Run through `bench/ner.sh`.

use anyhow::{Context, Result};
use newsdex::analyze::entities::extract_entities;
use newsdex::analyze::ner::conll;
use newsdex::analyze::ner::model::SHIPPED;
use newsdex::analyze::ner::tokenize::{sentences, tokenize};
use newsdex::analyze::ner::train::evaluate;
use newsdex::analyze::ner::Model;
use newsdex::analyze::passages::paragraphs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The best of `runs` timings of `f`.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .expect("at least one run")
}

fn texts_under(dir: &Path) -> Result<Vec<String>> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let b = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            Ok(String::from_utf8_lossy(&b).into_owned())
        })
        .collect()
}

/// Times tagging raw texts against merely tokenizing them; prints tokens/s and the ratio.
fn speed(label: &str, model: &Model, texts: &[String]) {
    let tokens: usize = texts.iter().map(|t| tokenize(t).len()).sum();
    let tok = best_of(5, || {
        texts
            .iter()
            .map(|t| {
                let toks = tokenize(t);
                sentences(t, &toks).len()
            })
            .sum::<usize>()
    });
    let tag = best_of(5, || {
        texts.iter().map(|t| model.tag_text(t).len()).sum::<usize>()
    });
    let rate = |d: Duration| tokens as f64 / d.as_secs_f64();
    println!(
        "speed {label}: {tokens} tokens; tag {:.0} tokens/s ({:.1} ms); tokenize+split only {:.0} tokens/s ({:.1} ms); tagging takes {:.1}x the tokenizing time",
        rate(tag),
        tag.as_secs_f64() * 1e3,
        rate(tok),
        tok.as_secs_f64() * 1e3,
        tag.as_secs_f64() / tok.as_secs_f64()
    );
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data"));

    // Another weights file than the shipped one (for comparing trained candidates).
    let other = std::env::var_os("NER_MODEL")
        .map(std::fs::read)
        .transpose()
        .context("cannot read $NER_MODEL")?;
    let bytes: &[u8] = other.as_deref().unwrap_or(SHIPPED);
    let load = best_of(5, || Model::from_bytes(bytes).expect("valid weights"));
    let model = Model::from_bytes(bytes)?;
    println!(
        "model: {} bytes ({:.2} MB), {} rows; load {:.2} ms",
        bytes.len(),
        bytes.len() as f64 / 1e6,
        model.rows(),
        load.as_secs_f64() * 1e3
    );

    let read = |name: &str| -> Result<Vec<conll::Document>> {
        let path = data.join("conll2003").join(name);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        conll::parse(&text).with_context(|| format!("in {}", path.display()))
    };
    let test = read("eng.testb")?;
    for (name, docs) in [
        ("dev (eng.testa)", &read("eng.testa")?),
        ("test (eng.testb)", &test),
    ] {
        let scores = evaluate(&model, model.caps(), docs);
        let (p, r, f) = scores.micro();
        println!("conll2003 {name}: precision {p:.4} recall {r:.4} F1 {f:.4}");
        for (t, p, r, f) in scores.by_type() {
            println!("  {t:4}: precision {p:.4} recall {r:.4} F1 {f:.4}");
        }
    }
    if std::env::var_os("NER_SCORES_ONLY").is_some() {
        return Ok(());
    }

    // Speed over the test split, pre-tokenized and as raw text.
    let docs: Vec<Vec<Vec<&str>>> = test
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| s.words.iter().map(String::as_str).collect())
                .collect()
        })
        .collect();
    let ntok: usize = docs.iter().flatten().map(Vec::len).sum();
    let pre = best_of(5, || {
        docs.iter()
            .map(|d| model.tag_document(d).len())
            .sum::<usize>()
    });
    println!(
        "speed conll test, pre-tokenized: {ntok} tokens; tag {:.0} tokens/s",
        ntok as f64 / pre.as_secs_f64()
    );
    let raw: Vec<String> = docs
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| s.join(" "))
                .collect::<Vec<_>>()
                .join("\n\n")
        })
        .collect();
    speed("conll test as raw text", &model, &raw);
    let bbc = texts_under(&data.join("bbc"))?;
    speed(
        &format!("bbc ({} articles, raw text)", bbc.len()),
        &model,
        &bbc,
    );

    if other.is_some() {
        return Ok(()); // the seed article goes through the shipped weights
    }
    let seed = include_str!("../corpus/000_9c9abb03a0ba5449.txt");
    println!("seed article entities:");
    for e in extract_entities(&paragraphs(seed).join("\n\n")) {
        println!(
            "  {:4} {} ({} mentions)",
            e.kind.as_str(),
            e.name,
            e.mentions
        );
    }
    Ok(())
}
