//! Speed of each reader on real data (../shared/data, or the folder given as the first
//! argument), in MB/s of input, against a baseline measured in the same run on the same
//! bytes: decompressing (for .gz) and UTF-8 decoding them into a String. Data are read
//! into memory first, so disk speed is not measured. Run by bench/readers.sh.
//!
//! WARC, CSV and Markdown have no real corpus in ../shared/data: their inputs are built
//! in memory from real articles (Readability pages wrapped as WARC response records; BBC
//! articles as CSV rows and as Markdown files with front matter).

use newsdex::ingest::{parse_file, ReadOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs of each measurement; the fastest counts.
const RUNS: usize = 3;

/// One workload: a name, and (file name, bytes) inputs.
struct Workload {
    name: &'static str,
    inputs: Vec<(PathBuf, Vec<u8>)>,
}

fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && keep(e.path()))
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn name_is(p: &Path, n: &str) -> bool {
    p.file_name().is_some_and(|f| f == n)
}

fn ends(p: &Path, suffix: &str) -> bool {
    p.to_string_lossy().ends_with(suffix)
}

fn warc_of(pages: &[(PathBuf, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (_, html)) in pages.iter().enumerate() {
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        block.extend_from_slice(html);
        out.extend_from_slice(
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/{i}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
                block.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&block);
        out.extend_from_slice(b"\r\n\r\n");
    }
    out
}

fn title_and_body(bytes: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(bytes);
    let (t, b) = text.split_once('\n').unwrap_or(("", &text));
    (t.trim().to_string(), b.trim().to_string())
}

fn csv_of(articles: &[(PathBuf, Vec<u8>)]) -> Vec<u8> {
    let mut out = String::from("title,text,source\n");
    for (_, bytes) in articles {
        let (t, b) = title_and_body(bytes);
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        out.push_str(&format!("{},{},BBC\n", q(&t), q(&b)));
    }
    out.into_bytes()
}

fn markdown_of(articles: &[(PathBuf, Vec<u8>)]) -> Vec<(PathBuf, Vec<u8>)> {
    articles
        .iter()
        .enumerate()
        .map(|(i, (_, bytes))| {
            let (t, b) = title_and_body(bytes);
            let md = format!(
                "---\ntitle: \"{}\"\ndate: 2005-01-01\nsource: BBC\n---\n\n{b}\n",
                t.replace('"', "'")
            );
            (PathBuf::from(format!("{i}.md")), md.into_bytes())
        })
        .collect()
}

fn workloads(data: &Path) -> Vec<Workload> {
    let pages = files(&data.join("readability-pages"), &|p| {
        name_is(p, "source.html")
    });
    let bbc = files(&data.join("bbc"), &|p| ends(p, ".txt"));
    vec![
        Workload {
            name: "text (bbc)",
            inputs: bbc.clone(),
        },
        Workload {
            name: "html (readability-pages)",
            inputs: pages.clone(),
        },
        Workload {
            name: "html.gz (extraction-benchmark)",
            inputs: files(&data.join("article-extraction-benchmark/html"), &|p| {
                ends(p, ".html.gz")
            }),
        },
        Workload {
            name: "sgml (reuters21578)",
            inputs: files(&data.join("reuters21578"), &|p| ends(p, ".sgm")),
        },
        Workload {
            name: "warc (readability pages as records)",
            inputs: vec![(PathBuf::from("pages.warc"), warc_of(&pages))],
        },
        Workload {
            name: "csv (bbc as rows)",
            inputs: vec![(PathBuf::from("bbc.csv"), csv_of(&bbc))],
        },
        Workload {
            name: "markdown (bbc with front matter)",
            inputs: markdown_of(&bbc),
        },
    ]
}

/// The baseline: what any reader must do at least (gunzip, then UTF-8 to a String).
fn baseline(inputs: &[(PathBuf, Vec<u8>)]) -> usize {
    let mut chars = 0;
    for (path, bytes) in inputs {
        let plain;
        let bytes = if ends(path, ".gz") {
            plain = newsdex::ingest::gunzip(bytes).unwrap();
            &plain[..]
        } else {
            &bytes[..]
        };
        chars += String::from_utf8_lossy(bytes).into_owned().len();
    }
    chars
}

/// The reader: `parse_file` as the indexer calls it. Returns the articles read.
fn reader(inputs: &[(PathBuf, Vec<u8>)]) -> usize {
    let opts = ReadOptions::default();
    inputs
        .iter()
        .map(|(path, bytes)| {
            parse_file(path, "bench", bytes, &opts).map_or(0, |r| r.articles.len())
        })
        .sum()
}

fn best_seconds(f: &dyn Fn() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        n = std::hint::black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, n)
}

fn main() {
    let data = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if !data.is_dir() {
        eprintln!(
            "no data at {}: give the data folder as the first argument",
            data.display()
        );
        std::process::exit(2);
    }
    println!(
        "{:<38} {:>6} {:>9} {:>8} {:>11} {:>13} {:>8}",
        "reader (data)", "files", "articles", "MB", "reader MB/s", "baseline MB/s", "ratio"
    );
    for w in workloads(&data) {
        let mb = w.inputs.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
        let (base_s, _) = best_seconds(&|| baseline(&w.inputs));
        let (read_s, articles) = best_seconds(&|| reader(&w.inputs));
        println!(
            "{:<38} {:>6} {:>9} {:>8.2} {:>11.1} {:>13.1} {:>7.1}x",
            w.name,
            w.inputs.len(),
            articles,
            mb,
            mb / read_s,
            mb / base_s,
            read_s / base_s
        );
    }
    println!("ratio = reader time / baseline time on the same bytes (baseline: gunzip if .gz, UTF-8 decode to a String); best of {RUNS} runs; MB of input as stored");
}
