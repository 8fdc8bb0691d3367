//! How fast the citation extractor reads text: `extract` over every `.txt` file under a
//! folder (BBC News by default), in memory, after reading all the files first.
//!
//! ```sh
//! cargo run --release --example citations_speed -- ../shared/data/bbc [own outlet] [--show N]
//! ```
//!
//! Prints the megabytes, the seconds of the best of five runs, MB/s, and the citations by
//! kind; `--show N` also prints N citations with their sentences, to read.

use newsdex::analyze::citations::{extract, CitationKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn txt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            txt_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map_or("../shared/data/bbc", String::as_str);
    let own = args.get(1).filter(|a| !a.starts_with("--")).cloned();
    let show: usize = args
        .iter()
        .position(|a| a == "--show")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut files = Vec::new();
    txt_files(Path::new(dir), &mut files);
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut best = f64::MAX;
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for run in 0..5 {
        let started = Instant::now();
        let mut found = Vec::with_capacity(texts.len());
        for text in &texts {
            found.push(extract(text, own.as_deref(), &[]));
        }
        best = best.min(started.elapsed().as_secs_f64());
        if run == 0 {
            for c in found.iter().flatten() {
                *kinds.entry(c.kind.as_str()).or_default() += 1;
            }
            let mut shown = 0;
            'show: for (text, cites) in texts.iter().zip(&found) {
                for c in cites {
                    if shown == show {
                        break 'show;
                    }
                    let kind = match c.kind {
                        CitationKind::Outlet => "OUT",
                        CitationKind::Named => "NAM",
                        CitationKind::Anonymous => "ANO",
                    };
                    println!(
                        "{kind} {:<30} [{}] {}",
                        c.source,
                        c.cue,
                        text[c.sentence.clone()].replace('\n', " ")
                    );
                    shown += 1;
                }
            }
        }
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} files, {mb:.2} MB in {best:.3} s: {:.1} MB/s; citations {kinds:?}",
        texts.len(),
        mb / best
    );
}
