//! Research features over corpus/: batch queries, stats counts checked against counts
//! computed here from the corpus files themselves, CSV read back, KWIC alignment, and
//! every output format of every command parsed.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// One index of corpus/ shared by every test (built once, in a temporary folder).
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        let ix = dir.join("ix");
        Command::cargo_bin("newsdex")
            .unwrap()
            .args(["--index", ix.to_str().unwrap(), "index", "-q"])
            .arg(corpus())
            .assert()
            .success();
        ix
    })
}

/// Runs newsdex on the shared index; returns (exit code, stdout, stderr).
fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::cargo_bin("newsdex").unwrap();
    cmd.args(["--index", index().to_str().unwrap(), "--color", "never"])
        .args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json_lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn csv_rows(s: &str, delim: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delim)
        .quoting(delim == b',')
        .from_reader(s.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

// ---- An independent reading of the corpus: outlet, day and body of every article ----

/// (year, month, day)
type Day = (i32, u32, u32);

#[derive(Debug, Clone)]
struct Art {
    outlet: Option<String>,
    date: Option<Day>,
    body: String,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// "Apr08’24", "June 17, 2024", "9 April 2024", "2024-09-05"; no year: no date.
fn parse_day(s: &str) -> Option<Day> {
    let s = s.trim();
    if s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' {
        return Some((
            s[..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..10].parse().ok()?,
        ));
    }
    let alpha: String = s
        .chars()
        .skip_while(|c| !c.is_alphabetic())
        .take_while(|c| c.is_alphabetic())
        .collect();
    let month = MONTHS
        .iter()
        .position(|m| alpha.to_lowercase().starts_with(m))? as u32
        + 1;
    let nums: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|x| !x.is_empty())
        .collect();
    if nums.len() != 2 {
        return None;
    }
    let year: i32 = nums[1].parse().ok()?;
    let year = if nums[1].len() == 2 {
        2000 + year
    } else {
        year
    };
    Some((year, month, nums[0].parse().ok()?))
}

/// Outlet and date of a dateline paragraph: "(Outlet, date) —", "CITY, date (Outlet) -", "CITY (Outlet) —".
fn dateline(p: &str) -> Option<(String, Option<Day>)> {
    if let Some(rest) = p.strip_prefix('(') {
        let inside = &rest[..rest.find(')')?];
        let (outlet, date) = inside.split_once(", ")?;
        return Some((outlet.trim().to_string(), parse_day(date)));
    }
    let open = p.find(" (")?;
    let close = p.find(')')?;
    let head = &p[..open];
    if close > 90 || !head.chars().next()?.is_uppercase() {
        return None;
    }
    let city_up = head.split(',').next()?.chars().all(|c| !c.is_lowercase());
    if !city_up {
        return None;
    }
    let date = head.split_once(", ").and_then(|(_, d)| parse_day(d));
    Some((p[open + 2..close].to_string(), date))
}

fn read_text_article(path: &Path, folder_outlet: Option<String>) -> Art {
    let text = std::fs::read_to_string(path).unwrap();
    let paras: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // A dateline is in the first paragraph, or the second after a title line.
    let found = paras.iter().take(2).find_map(|p| dateline(p));
    let (outlet, date) = match found {
        Some((o, d)) => (Some(o), d),
        None => (folder_outlet, None),
    };
    Art {
        outlet,
        date,
        body: text,
    }
}

fn json_article(v: &Value) -> Art {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let outlet = s("outlet")
        .or_else(|| s("source"))
        .or_else(|| s("site_name"))
        .or_else(|| {
            v.pointer("/publisher/name")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
    let date = ["date", "published_at", "publishedAt", "datePublished"]
        .iter()
        .find_map(|k| s(k))
        .and_then(|d| parse_day(&d[..10.min(d.len())]));
    let body = ["body", "content", "article", "text"]
        .iter()
        .find_map(|k| s(k))
        .unwrap_or_default();
    Art { outlet, date, body }
}

fn corpus_articles() -> Vec<Art> {
    let mut out = Vec::new();
    let mut stack = vec![corpus()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            let text = || std::fs::read_to_string(&p).unwrap();
            match ext {
                "txt" => {
                    // corpus/newsdex.toml sets outlet_from_folder: a file in a sub-folder
                    // without an outlet of its own takes the folder's name.
                    let folder = (dir != corpus())
                        .then(|| dir.file_name().unwrap().to_string_lossy().into_owned());
                    out.push(read_text_article(&p, folder));
                }
                "json" => match serde_json::from_str::<Value>(&text()).unwrap() {
                    Value::Array(items) => out.extend(items.iter().map(json_article)),
                    v => out.push(json_article(&v)),
                },
                "jsonl" | "ndjson" => out.extend(
                    text()
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| json_article(&serde_json::from_str(l).unwrap())),
                ),
                _ => {}
            }
        }
    }
    out
}

fn month_key(d: Day) -> String {
    format!("{:04}-{:02}", d.0, d.1)
}

/// Articles whose body has a word of the `sanction` stem (sanction, sanctions, sanctioned...).
fn mentions_sanctions(a: &Art) -> bool {
    a.body.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "sanction" | "sanctions" | "sanctioned" | "sanctioning"
        )
    })
}

fn stats_json(args: &[&str]) -> Value {
    let (code, out, err) = run(args, None);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// {key → (count, total)} of a one-dimension stats document.
fn stats_rows(doc: &Value, dim: &str) -> BTreeMap<String, (u64, Option<u64>)> {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[dim].as_str().unwrap().to_string(),
                (r["count"].as_u64().unwrap(), r["total"].as_u64()),
            )
        })
        .collect()
}

// ---- Tests ----

#[test]
fn monthly_counts_of_every_article_match_the_corpus_files() {
    let arts = corpus_articles();
    let doc = stats_json(&["stats", "--by", "month", "--json"]);
    let rows = stats_rows(&doc, "month");
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for a in &arts {
        if let Some(d) = a.date {
            *expected.entry(month_key(d)).or_default() += 1;
        }
    }
    let nonzero: BTreeMap<String, u64> = rows
        .iter()
        .filter(|(_, v)| v.0 > 0)
        .map(|(k, v)| (k.clone(), v.0))
        .collect();
    assert_eq!(nonzero, expected);
    assert_eq!(doc["matching"].as_u64().unwrap() as usize, arts.len());
    assert_eq!(
        doc["undated"].as_u64().unwrap() as usize,
        arts.iter().filter(|a| a.date.is_none()).count()
    );
    // No holes: every month from the first to the last is a row, in order.
    let keys: Vec<&String> = rows.keys().collect();
    let (first, last) = (
        expected.keys().next().unwrap(),
        expected.keys().last().unwrap(),
    );
    assert_eq!(keys.first().copied(), Some(first));
    assert_eq!(keys.last().copied(), Some(last));
    let (y0, m0): (i32, i32) = (first[..4].parse().unwrap(), first[5..].parse().unwrap());
    let (y1, m1): (i32, i32) = (last[..4].parse().unwrap(), last[5..].parse().unwrap());
    assert_eq!(keys.len() as i32, (y1 - y0) * 12 + (m1 - m0) + 1);
}

#[test]
fn monthly_counts_and_shares_of_a_query_match_the_corpus_files() {
    let arts = corpus_articles();
    let doc = stats_json(&["stats", "sanctions", "--by", "month", "--json"]);
    let rows = stats_rows(&doc, "month");
    let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for a in arts.iter().filter(|a| a.date.is_some()) {
        let e = expected.entry(month_key(a.date.unwrap())).or_default();
        e.1 += 1;
        if mentions_sanctions(a) {
            e.0 += 1;
        }
    }
    for (month, (count, total)) in &expected {
        assert_eq!(rows[month], (*count, Some(*total)), "{month}");
    }
    for r in doc["rows"].as_array().unwrap() {
        let (c, t) = (r["count"].as_f64().unwrap(), r["total"].as_f64().unwrap());
        let want = if t == 0.0 { 0.0 } else { c / t };
        assert!((r["share"].as_f64().unwrap() - want).abs() < 1e-9);
    }
    assert_eq!(
        doc["matching"].as_u64().unwrap() as usize,
        arts.iter().filter(|a| mentions_sanctions(a)).count()
    );
}

#[test]
fn outlet_counts_match_the_corpus_files() {
    let arts = corpus_articles();
    for (query, pick) in [
        ("", None),
        ("sanctions", Some(mentions_sanctions as fn(&Art) -> bool)),
    ] {
        let mut args = vec!["stats", "--by", "outlet", "--json"];
        if !query.is_empty() {
            args.insert(1, query);
        }
        let rows = stats_rows(&stats_json(&args), "outlet");
        let mut expected: BTreeMap<String, (u64, Option<u64>)> = BTreeMap::new();
        for a in arts.iter().filter(|a| pick.is_none_or(|f| f(a))) {
            expected
                .entry(a.outlet.clone().unwrap_or("(none)".into()))
                .or_insert((0, None))
                .0 += 1;
        }
        assert_eq!(rows, expected, "query {query:?}");
    }
}

#[test]
fn stats_csv_reads_back_with_the_json_values() {
    let doc = stats_json(&[
        "stats", "china", "--by", "month", "--by", "outlet", "--json",
    ]);
    let (_, csv_out, _) = run(
        &["stats", "china", "--by", "month", "--by", "outlet", "--csv"],
        None,
    );
    let (header, rows) = csv_rows(&csv_out, b',');
    assert_eq!(header, ["month", "outlet", "count", "total", "share"]);
    let json_rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), json_rows.len());
    for (c, j) in rows.iter().zip(json_rows) {
        assert_eq!(c[0], j["month"].as_str().unwrap());
        assert_eq!(c[1], j["outlet"].as_str().unwrap());
        assert_eq!(c[2].parse::<u64>().unwrap(), j["count"].as_u64().unwrap());
        assert_eq!(c[3].parse::<u64>().unwrap(), j["total"].as_u64().unwrap());
        assert!((c[4].parse::<f64>().unwrap() - j["share"].as_f64().unwrap()).abs() < 1e-6);
    }
    // A cross table has a cell for every month × outlet seen.
    let months: BTreeSet<&str> = json_rows
        .iter()
        .map(|r| r["month"].as_str().unwrap())
        .collect();
    let outlets: BTreeSet<&str> = json_rows
        .iter()
        .map(|r| r["outlet"].as_str().unwrap())
        .collect();
    assert_eq!(json_rows.len(), months.len() * outlets.len());
}

#[test]
fn search_csv_and_tsv_read_back_with_the_json_values() {
    let (code, json_out, _) = run(&["search", "china", "--all", "--format", "json"], None);
    assert_eq!(code, 0);
    let hits = json_lines(&json_out);
    assert!(hits.len() > 5);
    for (fmt, delim) in [("csv", b','), ("tsv", b'\t')] {
        let (_, out, _) = run(&["search", "china", "--all", "--format", fmt], None);
        let (header, rows) = csv_rows(&out, delim);
        assert_eq!(rows.len(), hits.len());
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        for (r, h) in rows.iter().zip(&hits) {
            assert_eq!(r[col("article_id")], h["article_id"].as_str().unwrap());
            assert_eq!(
                r[col("rank")].parse::<u64>().unwrap(),
                h["rank"].as_u64().unwrap()
            );
            assert_eq!(r[col("outlet")], h["outlet"].as_str().unwrap_or(""));
            assert_eq!(
                r[col("passage_start")].parse::<u64>().unwrap(),
                h["passage_span"]["start"].as_u64().unwrap()
            );
            let text = h["text"].as_str().unwrap();
            let text = if fmt == "tsv" {
                text.replace(['\t', '\n', '\r'], " ")
            } else {
                text.to_string()
            };
            assert_eq!(r[col("text")], text);
        }
    }
}

#[test]
fn count_all_offset_and_sort_agree() {
    let (_, out, _) = run(&["search", "china", "--count", "--format", "json"], None);
    let count = json_lines(&out)[0]["count"].as_u64().unwrap() as usize;
    let (_, out, _) = run(
        &[
            "search",
            "china",
            "--all",
            "--json",
            "--fields",
            "article_id",
        ],
        None,
    );
    let all: Vec<String> = json_lines(&out)
        .iter()
        .map(|h| h["article_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(all.len(), count);
    assert_eq!(
        all.iter().collect::<BTreeSet<_>>().len(),
        count,
        "one line per article"
    );
    let (_, out, _) = run(
        &[
            "search",
            "china",
            "--offset",
            "3",
            "-n",
            "4",
            "--json",
            "--fields",
            "rank,article_id",
        ],
        None,
    );
    let page = json_lines(&out);
    assert_eq!(
        page.iter()
            .map(|h| h["rank"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [4, 5, 6, 7]
    );
    // Ranked paging and --all agree on the order.
    let ids: Vec<&str> = page
        .iter()
        .map(|h| h["article_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        all[3..7].iter().map(String::as_str).collect::<Vec<_>>()
    );
    let (_, out, _) = run(
        &[
            "search", "china", "--all", "--sort", "-date", "--json", "--fields", "date",
        ],
        None,
    );
    let dates: Vec<String> = json_lines(&out)
        .iter()
        .filter_map(|h| h["date"].as_str().map(|d| d[..10].to_string()))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn batch_reports_a_bad_query_by_id_and_runs_the_rest() {
    let batch = "sanctions\n# a comment\n{\"id\": \"bad\", \"query\": \"\\\"unclosed\"}\n{\"id\": \"q3\", \"query\": \"china\", \"outlet\": \"Baltic Wire\", \"limit\": 2}\n{\"id\": \"typo\", \"query\": \"china\", \"outlets\": \"x\"}\n";
    let (code, out, err) = run(
        &["search", "--queries", "-", "--format", "json"],
        Some(batch),
    );
    assert_eq!(code, 2);
    assert!(err.contains("query bad (line 3)"), "{err}");
    assert!(err.contains("query typo (line 5)"), "{err}");
    let lines = json_lines(&out);
    assert!(lines.iter().all(|l| l["query_id"].is_string()));
    let ids: BTreeSet<&str> = lines
        .iter()
        .map(|l| l["query_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, BTreeSet::from(["1", "bad", "q3", "typo"]));
    assert!(lines
        .iter()
        .filter(|l| l["query_id"] == "bad")
        .all(|l| l["error"].is_string()));
    let q3: Vec<&Value> = lines.iter().filter(|l| l["query_id"] == "q3").collect();
    assert_eq!(q3.len(), 2);
    assert!(q3.iter().all(|l| l["outlet"] == "Baltic Wire"));
    // Counts in a batch equal single-query counts.
    let (code, out, _) = run(
        &["search", "--queries", "-", "--count", "--format", "csv"],
        Some("sanctions\nchina\n"),
    );
    assert_eq!(code, 0);
    let (header, rows) = csv_rows(&out, b',');
    assert_eq!(header, ["query_id", "query", "count"]);
    for r in &rows {
        let (_, single, _) = run(&["search", &r[1], "--count"], None);
        assert_eq!(single.trim(), r[2]);
    }
}

#[test]
fn batch_exit_code_is_1_when_nothing_matches() {
    let (code, out, _) = run(
        &["search", "--queries", "-", "--json"],
        Some("zzqxv\nqqzzv\n"),
    );
    assert_eq!((code, out.as_str()), (1, ""));
}

#[test]
fn kwic_lines_are_aligned_on_the_match() {
    let width = 30;
    let w = width.to_string();
    let (code, human, _) = run(&["kwic", "china", "--width", &w], None);
    assert_eq!(code, 0);
    let (_, json_out, _) = run(&["kwic", "china", "--width", &w, "--json"], None);
    let lines = json_lines(&json_out);
    let human: Vec<&str> = human.lines().collect();
    assert_eq!(human.len(), lines.len());
    assert!(lines.len() > 10);
    let col = 18 + 1 + 10 + 1 + width + 1;
    for (h, j) in human.iter().zip(&lines) {
        let m = j["match"].as_str().unwrap();
        let at: String = h.chars().skip(col).take(m.chars().count()).collect();
        assert_eq!(at, m, "line {h:?}");
        assert_eq!(m.to_lowercase(), "china");
        assert!(j["left"].as_str().unwrap().chars().count() <= width);
    }
    let (_, csv_out, _) = run(&["kwic", "china", "--width", &w, "--format", "csv"], None);
    let (header, rows) = csv_rows(&csv_out, b',');
    assert_eq!(rows.len(), lines.len());
    let mi = header.iter().position(|x| x == "match").unwrap();
    let li = header.iter().position(|x| x == "left").unwrap();
    for (r, j) in rows.iter().zip(&lines) {
        assert_eq!(r[mi], j["match"].as_str().unwrap());
        // Left contexts may start with '-' etc.: compare without the spreadsheet guard.
        assert_eq!(
            r[li].strip_prefix('\'').unwrap_or(&r[li]),
            j["left"]
                .as_str()
                .unwrap()
                .strip_prefix('\'')
                .unwrap_or(j["left"].as_str().unwrap())
        );
    }
}

#[test]
fn show_rebuilds_an_article_from_its_passages() {
    let (_, out, _) = run(
        &[
            "search",
            "\"rocket fuel\"",
            "--json",
            "--fields",
            "article_id",
            "-n",
            "1",
        ],
        None,
    );
    let id = json_lines(&out)[0]["article_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, out, _) = run(&["show", &id, "--json"], None);
    assert_eq!(code, 0);
    let a: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(a["article_id"], id.as_str());
    assert_eq!(a["outlet"], "TibetanReview.net");
    let seed = std::fs::read_to_string(corpus().join("000_9c9abb03a0ba5449.txt")).unwrap();
    let passages = a["passages"].as_array().unwrap();
    let ordinals: Vec<u64> = passages
        .iter()
        .map(|p| p["ordinal"].as_u64().unwrap())
        .collect();
    assert_eq!(ordinals, (0..passages.len() as u64).collect::<Vec<_>>());
    for p in passages {
        assert!(seed.contains(p["text"].as_str().unwrap()));
    }
    assert!(a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Carl Bildt" && e["type"] == "PER"));
    let (code, human, _) = run(&["show", &id], None);
    assert_eq!(code, 0);
    assert!(human.contains("rocket fuel") && human.contains("Carl Bildt"));
    assert_eq!(run(&["show", "0000000000000000"], None).0, 1);
}

#[test]
fn info_counts_agree_with_the_corpus() {
    let arts = corpus_articles();
    let (code, out, _) = run(&["info", "--json"], None);
    assert_eq!(code, 0);
    let i: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(i["articles"].as_u64().unwrap() as usize, arts.len());
    let outlets: BTreeSet<&String> = arts.iter().filter_map(|a| a.outlet.as_ref()).collect();
    assert_eq!(i["outlets"].as_u64().unwrap() as usize, outlets.len());
    let days: Vec<String> = arts
        .iter()
        .filter_map(|a| a.date)
        .map(|d| format!("{:04}-{:02}-{:02}", d.0, d.1, d.2))
        .collect();
    assert_eq!(
        i["first_date"].as_str().unwrap(),
        days.iter().min().unwrap()
    );
    assert_eq!(i["last_date"].as_str().unwrap(), days.iter().max().unwrap());
    assert!(i["size_bytes"].as_u64().unwrap() > 0);
    assert_eq!(i["schema_version"], 1);
    assert!(run(&["info"], None).1.contains("articles"));
}

#[test]
fn every_output_format_of_every_command_parses() {
    for fmt in ["json", "csv", "tsv", "human"] {
        for extra in [
            &[][..],
            &["--count"][..],
            &["--kwic"][..],
            &["--all", "--sort", "date"][..],
        ] {
            let mut args = vec!["search", "ukraine", "--format", fmt];
            args.extend(extra);
            let (code, out, err) = run(&args, None);
            assert_eq!(code, 0, "{args:?}: {err}");
            match fmt {
                "json" => assert!(!json_lines(&out).is_empty()),
                "csv" => assert!(!csv_rows(&out, b',').1.is_empty()),
                "tsv" => {
                    let (h, rows) = csv_rows(&out, b'\t');
                    assert!(!rows.is_empty() && rows.iter().all(|r| r.len() == h.len()));
                }
                _ => assert!(!out.trim().is_empty()),
            }
        }
        let (code, out, _) = run(&["kwic", "ukraine", "--format", fmt], None);
        assert_eq!(code, 0);
        assert!(!out.trim().is_empty());
        if fmt == "json" {
            json_lines(&out);
        }
    }
    for by in [
        "year",
        "month",
        "week",
        "day",
        "outlet",
        "entity",
        "entity-type",
    ] {
        let doc = stats_json(&["stats", "ukraine", "--by", by, "--json"]);
        assert!(!doc["rows"].as_array().unwrap().is_empty(), "{by}");
        let (code, out, _) = run(&["stats", "ukraine", "--by", by, "--csv"], None);
        assert_eq!(code, 0);
        assert_eq!(
            csv_rows(&out, b',').1.len(),
            doc["rows"].as_array().unwrap().len()
        );
        let (code, out, _) = run(&["stats", "ukraine", "--by", by], None);
        assert_eq!(code, 0);
        assert!(out.contains("articles"));
    }
    let doc = stats_json(&["stats", "ukraine", "--by", "week", "--json"]);
    assert!(doc["rows"][0]["week"].as_str().unwrap().contains("-W"));
    let (code, out, _) = run(&["stats", "ukraine", "--by", "entity-type", "--json"], None);
    assert_eq!(code, 0);
    let types: BTreeSet<String> = serde_json::from_str::<Value>(&out).unwrap()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["entity_type"].as_str().unwrap().to_string())
        .collect();
    assert!(types.is_subset(&BTreeSet::from(
        ["PER", "ORG", "LOC", "MISC"].map(String::from)
    )));
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, _) = run(&["completions", shell], None);
        assert_eq!(code, 0);
        assert!(out.contains("newsdex") && out.contains("kwic"), "{shell}");
    }
    let (code, out, _) = run(&["man"], None);
    assert_eq!(code, 0);
    assert!(out.contains(".TH") && out.contains("stats"));
    let (code, out, _) = run(&["man", "stats"], None);
    assert_eq!(code, 0);
    assert!(out.contains("newsdex-stats") && out.contains("\\-\\-by"));
}

#[test]
fn stats_plot_writes_svg() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("t.svg");
    let (code, _, err) = run(
        &[
            "stats",
            "china",
            "--by",
            "month",
            "--by",
            "outlet",
            "--plot",
            svg.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("Baltic Wire") && text.contains("2024-"));
    let (code, _, err) = run(
        &[
            "stats",
            "china",
            "--by",
            "outlet",
            "--plot",
            svg.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("time unit"));
}

#[test]
fn help_has_examples_for_every_command() {
    for cmd in [
        "index",
        "search",
        "stats",
        "kwic",
        "show",
        "info",
        "completions",
        "man",
    ] {
        let (code, out, _) = run(&[cmd, "--help"], None);
        assert_eq!(code, 0);
        assert!(out.contains("Examples:"), "{cmd}");
    }
}

#[test]
fn query_words_may_start_with_a_dash_in_stats_and_kwic() {
    let (_, all, _) = run(&["stats", "china", "--by", "year", "--json"], None);
    let (code, out, err) = run(
        &["stats", "china", "-russia", "--by", "year", "--json"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let a: Value = serde_json::from_str(&all).unwrap();
    let b: Value = serde_json::from_str(&out).unwrap();
    assert!(b["matching"].as_u64().unwrap() < a["matching"].as_u64().unwrap());
    let (code, _, err) = run(&["kwic", "china", "-russia"], None);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn stats_batch_gives_each_query_its_own_rows_with_its_id() {
    let batch = "{\"id\": \"s\", \"query\": \"sanctions\"}\n{\"id\": \"c\", \"query\": \"china\", \"outlet\": \"Baltic Wire\"}\nbad \"quote\n";
    let (code, out, err) = run(
        &["stats", "--queries", "-", "--by", "month", "--csv"],
        Some(batch),
    );
    assert_eq!(code, 2);
    assert!(err.contains("query 3 (line 3)"), "{err}");
    let (header, rows) = csv_rows(&out, b',');
    assert_eq!(header, ["query_id", "month", "count", "total", "share"]);
    for (id, query, outlet) in [
        ("s", "sanctions", None),
        ("c", "china", Some("Baltic Wire")),
    ] {
        let mut args = vec!["stats", query, "--by", "month", "--json"];
        if let Some(o) = outlet {
            args.extend(["--outlet", o]);
        }
        let single = stats_rows(&stats_json(&args), "month");
        let mine: BTreeMap<String, (u64, Option<u64>)> = rows
            .iter()
            .filter(|r| r[0] == id)
            .map(|r| {
                (
                    r[1].clone(),
                    (r[2].parse().unwrap(), Some(r[3].parse().unwrap())),
                )
            })
            .collect();
        assert_eq!(mine, single, "{id}");
    }
    let (code, out, _) = run(
        &["stats", "--queries", "-", "--by", "outlet", "--json"],
        Some("sanctions\nchina\n"),
    );
    assert_eq!(code, 0);
    let docs = json_lines(&out);
    assert_eq!(
        docs.iter()
            .map(|d| d["query_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["1", "2"]
    );
}

#[test]
fn a_bad_query_or_filter_fails_with_code_2_and_one_clear_message() {
    for args in [
        &["search", "sanctions", "--since", "2024-13"][..],
        &["stats", "sanctions", "--since", "2024-13"][..],
        &["kwic", "sanctions", "--since", "2024-13"][..],
        &["stats", "\"unclosed"][..],
    ] {
        let (code, out, err) = run(args, None);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("newsdex: error: bad query: "), "{err}");
        let detail = err.trim_start_matches("newsdex: error: bad query: ");
        assert!(
            !err[..err.len() - detail.len()].is_empty()
                && err.matches(detail.split(':').next().unwrap()).count() == 1,
            "{err}"
        );
    }
}
