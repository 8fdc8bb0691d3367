//! The readers on real data in ../shared/data (ignored, and counted as such in the
//! summary, when it is absent):
//! Mozilla's Readability test pages (metadata and main text against the expected),
//! Reuters-21578 (every record, and a hand-checked sample), the Zyte article
//! extraction benchmark, and the BBC News dataset. Shares are printed; run with
//! `cargo test --test real_formats -- --nocapture` to see them.

use newsdex::analyze::{analyze, date::parse_date};
use newsdex::ingest::html::{read_html_with, Extractor};
use newsdex::ingest::{decode, parse_file, FileRead, ReadOptions};
use newsdex::model::{Article, EntityType};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The real data; these tests are ignored when it is absent (see build.rs).
fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

fn read(path: &Path) -> FileRead {
    let bytes = std::fs::read(path).unwrap();
    parse_file(
        path,
        &path.display().to_string(),
        &bytes,
        &ReadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Lower-case words of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The share of `expected`'s words (counted with repetition) found in `got`.
fn recall(expected: &str, got: &str) -> f64 {
    let mut have: HashMap<String, usize> = HashMap::new();
    for w in words(got) {
        *have.entry(w).or_default() += 1;
    }
    let want = words(expected);
    if want.is_empty() {
        return 1.0;
    }
    let mut found = 0;
    for w in &want {
        if let Some(n) = have.get_mut(w).filter(|n| **n > 0) {
            *n -= 1;
            found += 1;
        }
    }
    found as f64 / want.len() as f64
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Matches among pages that have the expected value, and pages without one.
#[derive(Default, Debug)]
struct Score {
    matched: usize,
    with_value: usize,
    without_value: usize,
    /// Of the pages without an expected value, those where newsdex found one anyway.
    found_anyway: usize,
}

impl Score {
    fn add(
        &mut self,
        expected: Option<&str>,
        got: Option<&str>,
        same: impl Fn(&str, &str) -> bool,
    ) {
        match expected.filter(|e| !e.trim().is_empty()) {
            Some(e) => {
                self.with_value += 1;
                if got.is_some_and(|g| same(e, g)) {
                    self.matched += 1;
                }
            }
            None => {
                self.without_value += 1;
                self.found_anyway += usize::from(got.is_some());
            }
        }
    }

    fn share(&self) -> f64 {
        self.matched as f64 / self.with_value.max(1) as f64
    }

    fn print(&self, name: &str) {
        println!(
            "readability-pages {name}: {}/{} = {:.1}% of the pages that have one; {} pages have none (newsdex gave one for {})",
            self.matched,
            self.with_value,
            100.0 * self.share(),
            self.without_value,
            self.found_anyway
        );
    }
}

fn same_day(expected: &str, got: &str) -> bool {
    match (parse_date(expected), parse_date(got)) {
        (Some(e), Some(g)) => e.day == g.day,
        _ => false,
    }
}

/// The page folders of the Readability test suite, sorted.
fn readability_pages(data: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data.join("readability-pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("source.html").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn expected_text(page_dir: &Path) -> String {
    let html = std::fs::read_to_string(page_dir.join("expected.html")).unwrap();
    dom_query::Document::from(html.as_str()).text().to_string()
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data beside the checkout")]
fn readability_pages_metadata_and_main_text() {
    let data = data_dir();
    let dirs = readability_pages(&data);
    let (mut title, mut site, mut date) = (Score::default(), Score::default(), Score::default());
    let mut body_ok = 0;
    let mut misses = Vec::new();
    for dir in &dirs {
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected-metadata.json")).unwrap(),
        )
        .unwrap();
        let field = |k: &str| meta.get(k).and_then(|v| v.as_str());
        let read = read(&dir.join("source.html"));
        assert_eq!(read.articles.len(), 1, "{}", dir.display());
        let a: Article = analyze(read.articles.into_iter().next().unwrap());
        title.add(field("title"), a.title.as_deref(), |e, g| {
            norm(e) == norm(g)
        });
        site.add(field("siteName"), a.outlet.as_deref(), |e, g| {
            norm(e) == norm(g)
        });
        let got_date = a.date.map(|d| d.to_string());
        date.add(field("publishedTime"), got_date.as_deref(), same_day);
        let title_words = a.title.as_deref().unwrap_or("");
        let r = recall(&expected_text(dir), &format!("{title_words}\n{}", a.body));
        if r >= 0.9 {
            body_ok += 1;
        } else {
            misses.push(format!(
                "{} {:.0}%",
                dir.file_name().unwrap().to_string_lossy(),
                r * 100.0
            ));
        }
    }
    let n = dirs.len();
    assert_eq!(n, 130, "the Readability test suite has 130 pages");
    title.print("title");
    site.print("site name");
    date.print("published date (by day)");
    let body_share = body_ok as f64 / n as f64;
    println!(
        "readability-pages body: {body_ok}/{n} = {:.1}% of the pages hold >= 90% of the expected words; below: {}",
        100.0 * body_share,
        misses.join(", ")
    );
    assert!(title.share() >= 0.90, "title {:.3}", title.share());
    assert!(site.share() >= 0.85, "site name {:.3}", site.share());
    assert!(date.share() >= 0.85, "date {:.3}", date.share());
    assert!(body_share >= 0.85, "body {body_share:.3}");
}

/// The extractors compared on the same pages (the default is the one kept).
#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data beside the checkout")]
fn readability_pages_extractor_comparison() {
    let data = data_dir();
    let dirs = readability_pages(&data);
    let extractors = [
        Extractor::Readability,
        Extractor::DomSmoothie,
        Extractor::Paragraphs,
    ];
    let mut ok = [0usize; 3];
    let mut precision = [0f64; 3];
    for dir in &dirs {
        let page = decode::decode_html(&std::fs::read(dir.join("source.html")).unwrap()).unwrap();
        let expected = expected_text(dir);
        for (i, x) in extractors.iter().enumerate() {
            let body = read_html_with(&page, *x)
                .map(|a| a.body)
                .unwrap_or_default();
            ok[i] += usize::from(recall(&expected, &body) >= 0.9);
            // How much of what was extracted is article text (lower: more boilerplate).
            precision[i] += recall(&body, &expected);
        }
    }
    for (i, x) in extractors.iter().enumerate() {
        println!(
            "extractor {x:?}: body >= 90% of expected words on {}/{} pages; mean share of extracted words that are article words {:.1}%",
            ok[i],
            dirs.len(),
            100.0 * precision[i] / dirs.len() as f64
        );
    }
    assert!(
        ok[0] >= ok[2],
        "the default extractor should beat the <p> baseline"
    );
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data beside the checkout")]
fn reuters_21578_every_record() {
    let data = data_dir();
    let root = data.join("reuters21578");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sgm"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 22);
    let mut records = 0;
    let mut with_body = 0;
    let mut with_date = 0;
    let mut problems = Vec::new();
    let mut by_id: HashMap<String, newsdex::model::RawArticle> = HashMap::new();
    for f in &files {
        let read = read(f);
        problems.extend(read.problems.iter().map(ToString::to_string));
        for a in read.articles {
            records += 1;
            with_body += usize::from(Some(&a.body) != a.title.as_ref());
            with_date += usize::from(a.date.is_some());
            by_id.insert(a.locator.clone().unwrap(), a);
        }
    }
    println!(
        "reuters21578: {} records read: {records} articles, {with_body} with a body (the rest are title-only briefs), {with_date} with a date; {} reported: {problems:?}",
        records + problems.len(),
        problems.len()
    );
    // One record, NEWID 12793 (an UNPROC record whose text is empty), is reported.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0]
        .contains("reut2-012.sgm (NEWID 12793): the record has neither a title nor a body"));
    assert_eq!(records + problems.len(), 21_578);
    assert_eq!(by_id.len(), 21_577, "NEWIDs are distinct");
    assert_eq!(with_date, 21_577);
    // 19,043 normal records have a <BODY>; 736 of the 737 UNPROC records have text.
    assert_eq!(with_body, 19_043 + 736);

    // A sample checked by hand against the SGML.
    let check = |id: &str, day: &str, title: &str, place: Option<&str>| {
        let raw = by_id[&format!("NEWID {id}")].clone();
        let a = analyze(raw);
        assert_eq!(a.date.unwrap().day.to_string(), day, "NEWID {id}");
        assert_eq!(a.title.as_deref(), Some(title), "NEWID {id}");
        assert_eq!(a.place.as_deref(), place, "NEWID {id}");
        assert_eq!(a.outlet.as_deref(), Some("Reuters"));
        a
    };
    let a = check("1", "1987-02-26", "BAHIA COCOA REVIEW", Some("SALVADOR"));
    assert!(
        a.body.starts_with("Showers continued throughout the week"),
        "{}",
        a.body
    );
    assert!(a
        .entities
        .iter()
        .any(|e| e.kind == EntityType::Loc && e.name == "El Salvador"));
    check(
        "5000",
        "1987-03-13",
        "USDA REPORTS 10.572 MLN ACRES ENROLLED IN FOURTH CONSERVATION RESERVE PROGRAM SIGNUP",
        None,
    );
    check(
        "12345",
        "1987-04-01",
        "M.D.C. HOLDINGS <MDC> SELLS ENERGY UNIT",
        Some("DENVER"),
    );
    check(
        "21578",
        "1987-10-19",
        "AMERICAN EXCHANGE INTRODUCES INSTITUTIONAL INDEX",
        Some("NEW YORK"),
    );
    // reut2-017.sgm's stray 0xFC byte is decoded (windows-1252 'ü'), not lost.
    assert!(by_id["NEWID 17980"].body.contains("growth.ü"));
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data beside the checkout")]
fn article_extraction_benchmark_reads_without_a_crash() {
    let data = data_dir();
    let root = data.join("article-extraction-benchmark");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("ground-truth.json")).unwrap())
            .unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (mut read_ok, mut body_ok, mut failed) = (0, 0, Vec::new());
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        match parse_file(f, "x.html.gz", &bytes, &ReadOptions::default()) {
            Ok(read) => {
                read_ok += 1;
                let id = f
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .replace(".html.gz", "");
                let expected = truth[&id]["articleBody"].as_str().unwrap_or("");
                let body = &read.articles[0].body;
                body_ok += usize::from(recall(expected, body) >= 0.9);
            }
            Err(e) => failed.push(format!("{}: {e}", f.display())),
        }
    }
    println!(
        "article-extraction-benchmark: {} pages, {read_ok} read, {} not; body >= 90% of the ground truth's words on {body_ok} ({:.1}%)",
        files.len(),
        failed.len(),
        100.0 * body_ok as f64 / files.len() as f64
    );
    assert_eq!(files.len(), 181);
    assert!(failed.is_empty(), "{failed:?}");
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs ../shared/data beside the checkout")]
fn bbc_every_file_including_latin1() {
    let data = data_dir();
    let root = data.join("bbc");
    let mut n = 0;
    for cat in ["business", "entertainment", "politics", "sport", "tech"] {
        for e in std::fs::read_dir(root.join(cat)).unwrap() {
            let p = e.unwrap().path();
            let read = read(&p);
            assert_eq!(read.articles.len(), 1, "{}", p.display());
            assert!(read.articles[0].title.is_some(), "{}", p.display());
            n += 1;
        }
    }
    println!("bbc: {n} files read, each one article with a title");
    assert_eq!(n, 2225);
    let latin1 = read(&root.join("sport/199.txt"));
    assert!(
        latin1.articles[0].body.contains('£'),
        "sport/199.txt is Latin-1: £ decoded"
    );
}
