//! Counting (`newsdex stats`): counts checked against counts computed here from the corpus
//! files themselves, CSV read back, empty buckets apart from no matches, charts (SVG and
//! PNG, their titles, legends and tick labels), and batches of queries.

mod common;

use common::corpus_files::*;
use common::{csv_rows, json_lines, newsdex, run, stats_json, stats_rows};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
        if t == 0.0 {
            assert!(r["share"].is_null(), "{r}");
        } else {
            assert!((r["share"].as_f64().unwrap() - c / t).abs() < 1e-9);
        }
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
        match j["share"].as_f64() {
            Some(share) => assert!((c[4].parse::<f64>().unwrap() - share).abs() < 1e-6),
            None => assert_eq!(c[4], "", "no share: an empty cell"),
        }
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
fn empty_buckets_have_no_share_and_buckets_without_matches_have_zero() {
    let doc = stats_json(&["stats", "sanctions", "--by", "month", "--json"]);
    let rows = doc["rows"].as_array().unwrap();
    let empty: Vec<&serde_json::Value> = rows.iter().filter(|r| r["total"] == 0).collect();
    let unmatched: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["total"].as_u64().unwrap() > 0 && r["count"] == 0)
        .collect();
    assert!(!empty.is_empty() && !unmatched.is_empty(), "{doc}");
    for r in empty {
        assert!(r["share"].is_null(), "no article that month: {r}");
        assert_eq!(r["count"], 0);
    }
    for r in unmatched {
        assert_eq!(r["share"].as_f64(), Some(0.0), "no match that month: {r}");
    }
    let (_, human, _) = run(&["stats", "sanctions", "--by", "month"], None);
    let line = human
        .lines()
        .find(|l| l.starts_with("2024-01"))
        .expect("a row for 2024-01");
    assert!(line.contains("no articles in the corpus"), "{human}");
}

#[test]
fn csv_and_tsv_leave_the_share_of_an_empty_bucket_empty() {
    for (format, delim) in [("csv", b','), ("tsv", b'\t')] {
        let (code, out, err) = run(
            &["stats", "sanctions", "--by", "month", "--format", format],
            None,
        );
        assert_eq!(code, 0, "{err}");
        let (header, rows) = csv_rows(&out, delim);
        assert_eq!(header, ["month", "count", "total", "share"]);
        let empty: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == "0").collect();
        assert!(!empty.is_empty(), "{out}");
        assert!(
            empty.iter().all(|r| r[1] == "0" && r[3].is_empty()),
            "{out}"
        );
        let unmatched = rows.iter().find(|r| r[1] == "0" && r[2] != "0").unwrap();
        assert_eq!(unmatched[3], "0.000000", "{format}");
    }
}

/// A corpus of one JSONL file: (title, text, date) per article; the index beside it.
fn generated_corpus(articles: &[(&str, &str, Option<&str>)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("newswire");
    std::fs::create_dir(&dir).unwrap();
    let lines: Vec<String> = articles
        .iter()
        .map(|(title, text, date)| {
            let mut v = serde_json::json!({"title": title, "content": text, "source": "Test Wire"});
            if let Some(d) = date {
                v["published_at"] = serde_json::json!(d);
            }
            v.to_string()
        })
        .collect();
    std::fs::write(dir.join("wire.jsonl"), lines.join("\n") + "\n").unwrap();
    let index = tmp.path().join("idx");
    newsdex(&index)
        .args(["index", "-q"])
        .arg(&dir)
        .assert()
        .success();
    (tmp, index)
}

/// Runs newsdex on `index`: (exit code, stdout, stderr).
fn run_on(index: &Path, args: &[&str]) -> (i32, String, String) {
    let out = newsdex(index).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_chart_of_an_undated_corpus_is_an_error() {
    let (tmp, index) = generated_corpus(&[
        (
            "Oil prices rise",
            "Oil prices rose on Monday in thin trade.",
            None,
        ),
        (
            "Oil output cut",
            "Producers agreed to cut oil output.",
            None,
        ),
    ]);
    let png = tmp.path().join("oil.png");
    let (code, _, err) = run_on(
        &index,
        &[
            "stats",
            "oil",
            "--by",
            "week",
            "--plot",
            png.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("nothing to draw") && err.contains("date"),
        "{err}"
    );
    assert!(!png.exists(), "no empty grid is drawn");
}

#[test]
fn a_chart_without_dated_matches_is_an_error() {
    let svg = tempfile::tempdir().unwrap().path().join("none.svg");
    let (code, _, err) = run(
        &[
            "stats",
            "zzyzx",
            "--by",
            "month",
            "--plot",
            svg.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no dated article matches"), "{err}");
}

/// The width and height a PNG's IHDR chunk gives, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

/// A `<text>` of an SVG.
#[derive(Debug)]
struct SvgText {
    x: f64,
    y: f64,
    anchor: String,
    size: f64,
    /// Trimmed.
    text: String,
}

/// Every `<text>` of an SVG.
fn svg_texts(svg: &str) -> Vec<SvgText> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = start + tag[start..].find('"')?;
        Some(tag[start..end].to_string())
    };
    svg.split("<text")
        .skip(1)
        .filter_map(|part| {
            let (tag, rest) = part.split_once('>')?;
            let text = rest.split("</text>").next()?.trim().to_string();
            Some(SvgText {
                x: attr(tag, "x")?.parse().ok()?,
                y: attr(tag, "y")?.parse().ok()?,
                anchor: attr(tag, "text-anchor").unwrap_or_default(),
                size: attr(tag, "font-size")?.parse().ok()?,
                text,
            })
        })
        .collect()
}

#[test]
fn charts_of_several_queries_are_drawn_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, png) = (dir.path().join("q.svg"), dir.path().join("q.png"));
    for path in [&svg, &png] {
        let (code, out, err) = run(
            &[
                "stats",
                "--query",
                "sanctions",
                "--query",
                "china",
                "--by",
                "month",
                "--csv",
                "--plot",
                path.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(code, 0, "{err}");
        let (header, rows) = csv_rows(&out, b',');
        assert_eq!(header[0], "query_id");
        assert!(rows.iter().any(|r| r[0] == "1") && rows.iter().any(|r| r[0] == "2"));
    }
    let bytes = std::fs::read(&png).unwrap();
    let (w, h) = png_size(&bytes);
    assert!(w >= 1000 && h >= 500, "{w}x{h}");
    assert!(
        bytes.len() > 10_000,
        "a PNG with content, {} bytes",
        bytes.len()
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    let texts: Vec<String> = svg_texts(&text).into_iter().map(|t| t.text).collect();
    let title = &texts[0];
    assert!(
        title.contains("sanctions") && title.contains("china") && title.contains("corpus"),
        "{title}"
    );
    for label in ["month", "articles", "sanctions", "china"] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
}

#[test]
fn tick_labels_are_whole_inside_the_chart_and_apart_at_every_span() {
    // Articles every 40 days for 12 years, with a silent year (no articles) between.
    let mut days: Vec<String> = Vec::new();
    let mut d: i64 = 0;
    while d < 12 * 365 {
        let (y, m, dd) = civil(d + 6250); // 1987-02-11 and on
        if y != 1991 {
            days.push(format!("{y:04}-{m:02}-{dd:02}T12:00:00Z"));
        }
        d += 40;
    }
    let arts: Vec<(String, String)> = days
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let word = if i % 3 == 0 { "oil" } else { "grain" };
            (
                format!("Report {i}"),
                format!("Markets moved on {word} news."),
            )
        })
        .collect();
    let list: Vec<(&str, &str, Option<&str>)> = arts
        .iter()
        .zip(&days)
        .map(|((t, x), d)| (t.as_str(), x.as_str(), Some(d.as_str())))
        .collect();
    let (tmp, index) = generated_corpus(&list);
    let label = regex_like_key;
    for unit in ["day", "week", "month", "year"] {
        let svg = tmp.path().join(format!("{unit}.svg"));
        let (code, _, err) = run_on(
            &index,
            &[
                "stats",
                "oil",
                "--by",
                unit,
                "--plot",
                svg.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{unit}: {err}");
        let text = std::fs::read_to_string(&svg).unwrap();
        let width: f64 = text
            .split("width=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        let texts = svg_texts(&text);
        // The x tick labels: the date-like texts on the most common baseline.
        let mut by_y: BTreeMap<i64, Vec<&SvgText>> = BTreeMap::new();
        for t in texts.iter().filter(|t| t.text.starts_with("19")) {
            by_y.entry(t.y as i64).or_default().push(t);
        }
        let ticks = by_y.into_values().max_by_key(Vec::len).unwrap();
        assert!(ticks.len() >= 3, "{unit}: {ticks:?}");
        let mut edges = Vec::new();
        for t in &ticks {
            assert!(label(&t.text), "{unit}: a whole label, not {:?}", t.text);
            assert_eq!(t.anchor, "middle");
            // A generous width: 0.62 em per character.
            let half = t.text.chars().count() as f64 * t.size * 0.62 / 2.0;
            assert!(
                t.x - half >= 0.0 && t.x + half <= width,
                "{unit}: {} cut at the edge",
                t.text
            );
            edges.push((t.x - half, t.x + half));
        }
        if unit == "month" {
            // 1991 has no article: the line breaks there (two pieces at least).
            let pieces = text
                .split("<polyline")
                .filter(|p| p.contains("stroke-width=\"2\"") && !p.contains("stroke=\"#000000\""))
                .count();
            assert!(pieces >= 2, "a gap for the silent year, {pieces} line(s)");
            assert!(
                texts.iter().any(|t| t.text == "no articles in the corpus"),
                "the legend names the shading of the silent year"
            );
        }
        edges.sort_by(|a, b| a.0.total_cmp(&b.0));
        for w in edges.windows(2) {
            assert!(w[0].1 < w[1].0, "{unit}: labels overlap: {ticks:?}");
        }
    }
}

/// A whole bucket or tick label: `1987`, `1987-03`, `1987-W10` or `1987-03-02`.
fn regex_like_key(s: &str) -> bool {
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] => y.len() == 4 && digits(y),
        [y, m] if m.starts_with('W') => y.len() == 4 && m.len() == 3 && digits(&m[1..]),
        [y, m] => y.len() == 4 && m.len() == 2 && digits(y) && digits(m),
        [y, m, d] => {
            [4, 2, 2] == [y.len(), m.len(), d.len()] && digits(y) && digits(m) && digits(d)
        }
        _ => false,
    }
}

/// The civil date of a day number (days since 1970-01-01).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
