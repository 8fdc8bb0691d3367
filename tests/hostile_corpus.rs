//! The hostile-input corpus: files built to hang, abort or exhaust the indexer (deep
//! nesting, a gzip bomb, a huge line, unclosed quotes, deep JSON, binary junk, odd names,
//! a WARC record longer than the file), each beside a good article with a word of its
//! own. `newsdex index` must finish, report every bad file it skips with its path and a
//! reason, and index every good neighbour; the run's time is printed (not asserted).
//!
//! `hostile_corpus` is the generator; run `NEWSDEX_HOSTILE_DIR=/tmp/h cargo test --test
//! hostile_corpus -- --ignored write_the_corpus` to keep a copy for manual attacks.

mod common;

use common::newsdex;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A good article whose body carries `word` (found by search only if it was indexed).
fn good(word: &str) -> String {
    format!(
        "Harbour report {word}\n\nDock workers voted on Thursday to end the strike, officials \
         said. The word of the day is {word}. Ships are expected to berth again on Friday.\n"
    )
}

/// Gzip members of 1 MiB of zeros, repeated: `mib` MiB inflated from about a KB each.
fn gzip_bomb(mib: usize) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 1 << 20]).unwrap();
    let member = enc.finish().unwrap();
    member.repeat(mib)
}

/// Writes the hostile corpus into `dir`; returns (hostile files, good words).
fn hostile_corpus(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let bad: Vec<(String, Vec<u8>)> =
        vec![
        (
            "deep-divs.html".into(),
            format!(
                "<html><body>{}<p>Deep page text about zymurgy.</p></body></html>",
                "<div>".repeat(200_000)
            )
            .into_bytes(),
        ),
        (
            "stray-end-tags.html".into(),
            format!("<html><body>{}<p>Stray.</p></body></html>", "<div></x>".repeat(50_000))
                .into_bytes(),
        ),
        (
            "nested-bold.html".into(),
            format!("<html><body>{}text</body></html>", "<b>".repeat(200_000)).into_bytes(),
        ),
        (
            "nested-tables.html".into(),
            "<table><tr><td>".repeat(50_000).into_bytes(),
        ),
        ("bomb.txt.gz".into(), gzip_bomb(200)),
        (
            "one-line.txt".into(),
            "word ".repeat(1_000_000).into_bytes(), // 5 MB, no line break
        ),
        (
            "unclosed-quote.csv".into(),
            format!("title,text\n\"Open,{}", "x".repeat(3_000_000)).into_bytes(),
        ),
        (
            "deep.json".into(),
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
        ),
        (
            "deep-object.jsonl".into(),
            format!("{}\n", "{\"a\":".repeat(50_000)).into_bytes(),
        ),
        (
            "binary.txt".into(),
            (0..200_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
        (
            "nul.md".into(),
            b"---\ntitle: \0\0\0\n---\n\0\0\0 body \0".to_vec(),
        ),
        (
            "long.warc".into(),
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 18446744073709551615\r\n\r\nabc"
                .to_vec(),
        ),
        (
            "unclosed.sgm".into(),
            format!("<REUTERS><TEXT><BODY>{}", "text ".repeat(100_000)).into_bytes(),
        ),
        (
            "quote\"and\nnewline.txt".into(),
            b"Odd name\n\nAn article with an odd file name.".to_vec(),
        ),
        ("empty.txt".into(), Vec::new()),
        (
            "escapes.txt".into(),
            b"\x1b[2J\x1b]0;title\x07Screen\n\nText \x1b]52;c;aGk=\x07 here.".to_vec(),
        ),
    ];
    let mut paths = Vec::new();
    let mut words = Vec::new();
    for (i, (name, bytes)) in bad.iter().enumerate() {
        let sub = dir.join(format!("case{i:02}"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(name), bytes).unwrap();
        paths.push(sub.join(name));
        let word = format!("neighbourword{i}");
        std::fs::write(sub.join("good.txt"), good(&word)).unwrap();
        words.push(word);
    }
    #[cfg(unix)]
    {
        // A name that is not UTF-8 (Latin-1 "été").
        use std::os::unix::ffi::OsStrExt;
        let sub = dir.join("case-latin1");
        std::fs::create_dir_all(&sub).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"latin1-\xe9t\xe9.txt");
        std::fs::write(sub.join(name), good("latinword")).unwrap();
        std::fs::write(sub.join("good.txt"), good("latinneighbour")).unwrap();
        paths.push(sub.join(name));
        words.push("latinword".into());
        words.push("latinneighbour".into());
    }
    (paths, words)
}

#[test]
fn every_good_neighbour_is_indexed_and_every_bad_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let (bad, words) = hostile_corpus(&corpus);
    let index = tmp.path().join("idx");
    let start = Instant::now();
    let out = newsdex(&index)
        .args(["index"])
        .arg(&corpus)
        .output()
        .unwrap();
    let took = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "indexed {} hostile files in {took:.1?}\n{stdout}{stderr}",
        bad.len()
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for word in &words {
        let out = newsdex(&index)
            .args(["search", word, "--count"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "1",
            "the good neighbour with {word} was not indexed"
        );
    }
    // Files that cannot be read are named in the summary, with a reason.
    for name in [
        "bomb.txt.gz",
        "long.warc",
        "empty.txt",
        "deep.json",
        "binary.txt",
    ] {
        assert!(
            stdout.lines().any(|l| l.contains(name) && l.contains(':')),
            "{name} is not reported as skipped:\n{stdout}"
        );
    }
    // What the deep pages say was read, flat.
    let out = newsdex(&index)
        .args(["search", "zymurgy", "--count"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
}

#[test]
fn a_file_over_the_time_budget_is_skipped_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    // Many articles in one feed: analysed in groups, the budget is checked between them.
    let mut feed = String::new();
    for i in 0..20_000 {
        feed.push_str(&format!(
            "{{\"title\":\"Report {i}\",\"text\":\"Officials in London said on Monday that the \
             port of Felixstowe would reopen. Report number {i} of the long feed.\"}}\n"
        ));
    }
    std::fs::write(corpus.join("long-feed.jsonl"), feed).unwrap();
    std::fs::write(corpus.join("good.txt"), good("budgetword")).unwrap();
    let index = tmp.path().join("idx");
    let out = newsdex(&index)
        .args(["index", "--file-time", "1"])
        .arg(&corpus)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout.contains("long-feed.jsonl") && stdout.contains("--file-time"),
        "{stdout}"
    );
    let count = |q: &str| {
        let out = newsdex(&index)
            .args(["search", q, "--count"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(count("budgetword"), "1");
    // Nothing of the stopped file stays in the index.
    assert_eq!(count("Felixstowe"), "0");
}

#[test]
#[ignore = "writes the hostile corpus to $NEWSDEX_HOSTILE_DIR for manual use"]
fn write_the_corpus() {
    let dir = PathBuf::from(std::env::var("NEWSDEX_HOSTILE_DIR").expect("NEWSDEX_HOSTILE_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let (bad, _) = hostile_corpus(&dir);
    eprintln!("wrote {} hostile files to {}", bad.len(), dir.display());
}
