//! Keyword in context (`newsdex kwic`).

mod common;

use common::{csv_rows, json_lines, run};

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
    let col = 18 + 1 + 10 + 1 + width;
    for (h, j) in human.iter().zip(&lines) {
        let m = j["match"].as_str().unwrap();
        let at: String = h.chars().skip(col).take(m.chars().count()).collect();
        assert_eq!(at, m, "line {h:?}");
        // The text's own spacing: left context, match and right context, nothing added.
        let (left, right) = (j["left"].as_str().unwrap(), j["right"].as_str().unwrap());
        let shown: String = h.chars().skip(col - left.chars().count()).collect();
        assert_eq!(shown, format!("{left}{m}{right}").trim_end(), "line {h:?}");
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
