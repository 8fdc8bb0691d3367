//! Trains the NER tagger on CoNLL-2003 and news annotated by hand (`data/ner/news/`), and
//! writes the weights newsdex ships. Deterministic.
//!
//! 1. Choose on dev (never on test): train on `eng.train` and the news articles (each seen
//!    `--news-weight` times an epoch), score every epoch on `eng.testa` and on the main
//!    entity gold set (`--news-dev`), keep the epoch best on the mean of the two F1s:
//!    `cargo run --release --example newsdex-train-ner -- --data ../shared/data/conll2003 --news data/ner/news --news-weight 1 --news-dev tests/gold/entities --out /tmp/ner.bin`
//!    (epoch 17 of 20, about 14 minutes on 2 cores).
//! 2. The shipped weights: the same settings, trained on `eng.train`, `eng.testa` and the
//!    news articles for the epochs step 1 chose (CoNLL dev scores then mean nothing):
//!    `cargo run --release --example newsdex-train-ner -- --data ../shared/data/conll2003 --news data/ner/news --news-weight 1 --epochs 17 --with-dev --out models/ner.bin`
//!
//! Neither reads CoNLL's test split nor the held-out gold set
//! (`tests/gold/entities-heldout/`). The capitalisation table comes from unlabelled text
//! (Reuters-21578 bodies and BBC News articles); the word clusters from
//! `data/ner/clusters.tsv` (made by `newsdex-clusters`). Both are copied into the weights.

#[path = "common/ner_text.rs"]
mod ner_text;

use anyhow::{Context, Result};
use clap::Parser;
use newsdex::analyze::ner::annotated;
use newsdex::analyze::ner::clusters::ClusterTable;
use newsdex::analyze::ner::conll::{self, Document};
use newsdex::analyze::ner::train::{evaluate, Perceptron};
use newsdex::analyze::ner::word_table::CapsTable;
use newsdex::analyze::ner::Model;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Parser)]
#[command(
    about = "Train the newsdex NER tagger on CoNLL-2003 (train split; dev split for choosing the epoch)."
)]
struct Args {
    /// Folder holding eng.train and eng.testa.
    #[arg(long, default_value = "../shared/data/conll2003")]
    data: PathBuf,
    /// Where to write the weights.
    #[arg(long, default_value = "models/ner.bin")]
    out: PathBuf,
    /// Most training epochs; the best on dev is kept.
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// Drop weight rows whose largest |averaged weight| is below this.
    #[arg(long, default_value_t = 0.3)]
    prune: f32,
    /// Folder of unlabelled news for the capitalisation table (reuters21578/, bbc/ inside).
    #[arg(long, default_value = "../shared/data")]
    unlabelled: PathBuf,
    /// Words seen fewer times than this get no capitalisation bucket.
    #[arg(long, default_value_t = 3)]
    min_count: u32,
    /// Word clusters (made by newsdex-clusters); copied into the weights file.
    #[arg(long, default_value = "data/ner/clusters.tsv")]
    clusters: PathBuf,
    /// Perceptrons trained on differently shuffled documents; the model is the mean of
    /// their averaged weights.
    #[arg(long, default_value_t = 8)]
    runs: usize,
    /// Also train on eng.testa, for the number of epochs given (chosen beforehand by a
    /// run without it); the last epoch is kept and its dev scores mean nothing.
    #[arg(long)]
    with_dev: bool,
    /// Seed of the document shuffle.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folders of news articles annotated by hand (JSON, as `data/ner/news/`) to train on
    /// beside CoNLL-2003.
    #[arg(long)]
    news: Vec<PathBuf>,
    /// How many times each annotated news article is seen per epoch.
    #[arg(long, default_value_t = 1)]
    news_weight: usize,
    /// Folder of annotated news articles scored every epoch (the in-domain dev set); the
    /// epoch kept is then the best on the mean of its F1 and CoNLL dev's.
    #[arg(long)]
    news_dev: Option<PathBuf>,
}

/// The annotated articles of a folder (every `*.json`, in name order), as documents.
fn load_news(dir: &Path) -> Result<Vec<Document>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let (mut docs, mut dropped, mut sentences) = (Vec::new(), 0, 0);
    for p in &paths {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        let a = annotated::parse(&text).with_context(|| format!("in {}", p.display()))?;
        dropped += a.dropped_sentences;
        sentences += a.doc.len();
        docs.push(a.doc);
    }
    println!(
        "{}: {} articles, {sentences} sentences ({dropped} left out: a mention inside a token)",
        dir.display(),
        docs.len()
    );
    Ok(docs)
}

fn load(path: &Path) -> Result<Vec<Document>> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read {} (is ../shared/data present?)",
            path.display()
        )
    })?;
    conll::parse(&text).with_context(|| format!("in {}", path.display()))
}

fn main() -> Result<()> {
    let args = Args::parse();
    let mut train = load(&args.data.join("eng.train"))?;
    let dev = load(&args.data.join("eng.testa"))?;
    if args.with_dev {
        train.extend(dev.iter().cloned());
    }
    for dir in &args.news {
        let news = load_news(dir)?;
        for _ in 0..args.news_weight {
            train.extend(news.iter().cloned());
        }
    }
    let news_dev = args.news_dev.as_deref().map(load_news).transpose()?;
    let t0 = Instant::now();
    let texts = ner_text::unlabelled(&args.unlabelled)?;
    let mut caps = CapsTable::build(texts.iter().map(String::as_str), args.min_count);
    let tsv = std::fs::read_to_string(&args.clusters)
        .with_context(|| format!("cannot read {}", args.clusters.display()))?;
    caps.clusters = ClusterTable::from_tsv(&tsv)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("in {}", args.clusters.display()))?;
    let caps = Arc::new(caps);
    println!(
        "capitalisation table: {} words from {} unlabelled texts; {} clustered words; {:.1}s",
        caps.len(),
        texts.len(),
        caps.clusters.len(),
        t0.elapsed().as_secs_f64()
    );
    drop(texts);
    let mut runs: Vec<Perceptron> = (0..args.runs).map(|_| Perceptron::new()).collect();
    let mut best: Option<(f64, usize, Vec<u8>)> = None;
    for epoch in 1..=args.epochs {
        // The runs differ only in the order of the documents; each in its own thread.
        let errors: usize = std::thread::scope(|s| {
            let handles: Vec<_> = runs
                .iter_mut()
                .enumerate()
                .map(|(r, p)| {
                    let (train, caps) = (&train, &caps);
                    let seed = args.seed + epoch as u64 + 1000 * r as u64;
                    s.spawn(move || p.epoch(train, seed, caps))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("training thread"))
                .sum()
        });
        // The mean of the runs' averaged weights.
        let mut avg = runs[0].averaged();
        for p in &runs[1..] {
            for (a, b) in avg.iter_mut().zip(p.averaged()) {
                *a += b;
            }
        }
        let k = runs.len() as f32;
        avg.iter_mut().for_each(|a| *a /= k);
        let bytes = Model::encode(&avg, args.prune, &caps);
        let model = Model::from_bytes(&bytes)?;
        let (pr, rc, mut f1) = evaluate(&model, &caps, &dev).micro();
        let news = news_dev
            .as_ref()
            .map(|d| evaluate(&model, &caps, d).micro());
        println!(
            "epoch {epoch:2}: {errors:6} training errors, dev P {pr:.4} R {rc:.4} F1 {f1:.4}{}, {} rows, {} bytes, {:.1}s",
            news.map_or(String::new(), |(p, r, f)| format!(
                "; news dev P {p:.4} R {r:.4} F1 {f:.4}"
            )),
            model.rows(),
            bytes.len(),
            t0.elapsed().as_secs_f64()
        );
        if let Some((_, _, nf)) = news {
            f1 = (f1 + nf) / 2.0;
        }
        if args.with_dev || best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, bytes));
        }
    }
    let (f1, epoch, bytes) = best.context("no epochs run (--epochs 0)")?;
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "kept epoch {epoch} ({} {f1:.4}): wrote {} ({} bytes) in {:.1}s",
        if news_dev.is_some() {
            "mean of CoNLL and news dev F1"
        } else {
            "dev F1"
        },
        args.out.display(),
        bytes.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
