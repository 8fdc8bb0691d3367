//! Trains the NER tagger on CoNLL-2003 and writes the weights newsdex ships:
//! `cargo run --release --example newsdex-train-ner -- --data ../shared/data/conll2003 --out models/ner.bin`.
//! Trains on `eng.train`, picks the epoch by F1 on `eng.testa` (dev); never reads the test
//! split. The capitalisation table comes from unlabelled text: Reuters-21578 bodies and
//! BBC News articles.

use anyhow::{Context, Result};
use clap::Parser;
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
    #[arg(long, default_value_t = 14)]
    epochs: usize,
    /// Drop weight rows whose largest |averaged weight| is below this.
    #[arg(long, default_value_t = 0.0)]
    prune: f32,
    /// Folder of unlabelled news for the capitalisation table (reuters21578/, bbc/ inside).
    #[arg(long, default_value = "../shared/data")]
    unlabelled: PathBuf,
    /// Words seen fewer times than this get no capitalisation bucket.
    #[arg(long, default_value_t = 3)]
    min_count: u32,
    /// Seed of the document shuffle.
    #[arg(long, default_value_t = 1)]
    seed: u64,
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

/// Reuters-21578 bodies (between <BODY> and </BODY>, entities unescaped) and BBC articles.
fn unlabelled(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut sgm: Vec<PathBuf> = std::fs::read_dir(dir.join("reuters21578"))
        .with_context(|| format!("cannot list {}", dir.join("reuters21578").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    sgm.sort();
    for p in sgm {
        let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
        let text: String = bytes.iter().map(|&b| b as char).collect();
        for part in text.split("<BODY>").skip(1) {
            let body = part.split("</BODY>").next().unwrap_or("");
            out.push(body.replace("&lt;", "<").replace("&amp;", "&"));
        }
    }
    let mut bbc: Vec<PathBuf> = walkdir::WalkDir::new(dir.join("bbc"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    bbc.sort();
    for p in bbc {
        let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
        out.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(out)
}

fn main() -> Result<()> {
    let args = Args::parse();
    let train = load(&args.data.join("eng.train"))?;
    let dev = load(&args.data.join("eng.testa"))?;
    let t0 = Instant::now();
    let texts = unlabelled(&args.unlabelled)?;
    let caps = Arc::new(CapsTable::build(
        texts.iter().map(String::as_str),
        args.min_count,
    ));
    println!(
        "capitalisation table: {} words from {} unlabelled texts, {:.1}s",
        caps.len(),
        texts.len(),
        t0.elapsed().as_secs_f64()
    );
    drop(texts);
    let mut p = Perceptron::new();
    let mut best: Option<(f64, usize, Vec<u8>)> = None;
    for epoch in 1..=args.epochs {
        let errors = p.epoch(&train, args.seed + epoch as u64, &caps);
        if std::env::var_os("NER_DEBUG").is_some() {
            let (a, b, c) = evaluate(&p, &caps, &dev).micro();
            let (d, e, g) = evaluate(&p.averaged_scorer(), &caps, &dev).micro();
            println!("  raw dev {a:.4} {b:.4} {c:.4}; averaged float {d:.4} {e:.4} {g:.4}");
        }
        let avg = p.averaged();
        let bytes = Model::encode(&avg, args.prune, &caps);
        let model = Model::from_bytes(&bytes)?;
        let (pr, rc, f1) = evaluate(&model, &caps, &dev).micro();
        println!(
            "epoch {epoch:2}: {errors:6} training errors, dev P {pr:.4} R {rc:.4} F1 {f1:.4}, {} rows, {} bytes, {:.1}s",
            model.rows(),
            bytes.len(),
            t0.elapsed().as_secs_f64()
        );
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, bytes));
        }
    }
    let (f1, epoch, bytes) = best.context("no epochs run (--epochs 0)")?;
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "kept epoch {epoch} (dev F1 {f1:.4}): wrote {} ({} bytes) in {:.1}s",
        args.out.display(),
        bytes.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
