//! Builds the word clusters the NER tagger uses (`data/ner/clusters.tsv`) from unlabelled
//! news: Reuters-21578 bodies, BBC News articles (tokenized and split into sentences as the
//! tagger does) and the words of CoNLL-2003 `eng.train` (never the dev or test splits).
//! Deterministic; about 45 seconds on one core:
//! `cargo run --release --example newsdex-clusters -- --data ../shared/data --out data/ner/clusters.tsv`.
//! See `newsdex::analyze::ner::clusters` for the algorithm.

#[path = "common/ner_text.rs"]
mod ner_text;

use anyhow::{Context, Result};
use clap::Parser;
use newsdex::analyze::ner::clusters::{induce, to_tsv, CONTEXTS, LEVELS};
use newsdex::analyze::ner::conll;
use newsdex::analyze::ner::tokenize::{sentences, tokenize};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Induce the NER word clusters from unlabelled news.")]
struct Args {
    /// Folder holding reuters21578/, bbc/ and conll2003/eng.train.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write the clusters.
    #[arg(long, default_value = "data/ner/clusters.tsv")]
    out: PathBuf,
    /// Words seen fewer times than this get no cluster.
    #[arg(long, default_value_t = 3)]
    min_count: u32,
    /// Also the words (never the tags) of the GMB corpus (gmb/ner_dataset.csv.zip, read
    /// with `unzip -p`).
    #[arg(long)]
    gmb: bool,
    /// Most passes of the exchange algorithm over the words.
    #[arg(long, default_value_t = 12)]
    iters: usize,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let t0 = Instant::now();
    let mut sents: Vec<Vec<String>> = Vec::new();
    for text in ner_text::unlabelled(&args.data)? {
        let toks = tokenize(&text);
        for r in sentences(&text, &toks) {
            sents.push(
                toks[r]
                    .iter()
                    .map(|t| text[t.start..t.end].to_string())
                    .collect(),
            );
        }
    }
    let train = args.data.join("conll2003/eng.train");
    let text = std::fs::read_to_string(&train)
        .with_context(|| format!("cannot read {}", train.display()))?;
    for doc in conll::parse(&text)? {
        sents.extend(doc.into_iter().map(|s| s.words));
    }
    if args.gmb {
        // Only the words of the GMB file (its tags are never read): `unzip -p` of the
        // zipped CSV, Latin-1, one token per row, `Sentence: N` on each sentence's first.
        let zip = args.data.join("gmb/ner_dataset.csv.zip");
        let out = std::process::Command::new("unzip")
            .arg("-p")
            .arg(&zip)
            .output()
            .with_context(|| format!("cannot run unzip -p {}", zip.display()))?;
        anyhow::ensure!(out.status.success(), "unzip -p {} failed", zip.display());
        let text: String = out.stdout.iter().map(|&b| b as char).collect();
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let mut cur: Vec<String> = Vec::new();
        for rec in rd.records() {
            let rec = rec?;
            if !rec[0].is_empty() && !cur.is_empty() {
                sents.push(std::mem::take(&mut cur));
            }
            cur.push(rec[1].to_string());
        }
        sents.push(cur);
    }
    let ntok: usize = sents.iter().map(Vec::len).sum();
    println!(
        "{} sentences, {ntok} tokens, read in {:.1}s",
        sents.len(),
        t0.elapsed().as_secs_f64()
    );
    let rows = induce(&sents, args.min_count, args.iters, &mut |m| {
        println!("{m} ({:.0}s)", t0.elapsed().as_secs_f64())
    });
    let header = format!(
        "newsdex NER word clusters: word, count, cluster at {LEVELS:?} clusters (nested).\n\
         From Reuters-21578 bodies, BBC News and CoNLL-2003 eng.train words ({ntok} tokens);\n\
         {CONTEXTS} context words per side, min count {}, at most {} passes.\n\
         Rebuild: cargo run --release --example newsdex-clusters -- --data ../shared/data",
        args.min_count, args.iters
    );
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, to_tsv(&rows, &header))
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "wrote {} ({} words) in {:.1}s",
        args.out.display(),
        rows.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
