//! Hostile data: what an article, a file name or a query can do to the terminal and to
//! the process. Text from the data never reaches a terminal raw (escape sequences are
//! shown escaped), and JSON escapes control characters as JSON does.

mod common;

use common::newsdex;
use std::path::Path;

/// Escape sequences an article could carry: clear the screen, set the window title,
/// write the clipboard (OSC 52), plant a hidden link (OSC 8), ring the bell, an 8-bit
/// CSI, a carriage return that overwrites the line, a right-to-left override.
const NASTY: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZWNobyBoaQ==\u{7}\u{1b}]8;;http://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{9b}31m\rfake\u{202e}txt.exe";

/// Writes a corpus whose titles, outlets, authors, text and a file name carry `NASTY`.
fn hostile_corpus(dir: &Path) {
    let article = serde_json::json!({
        "title": format!("Pipeline news {NASTY}"),
        "outlet": format!("Evil{NASTY}Wire"),
        "author": format!("A. Writer{NASTY}"),
        "date": "2024-05-01",
        "text": format!("The pipeline {NASTY} carries oil across the border. Oil prices rose as the pipeline reopened."),
    });
    std::fs::write(dir.join("feed.jsonl"), format!("{article}\n")).unwrap();
    let name = "note\u{1b}[2Jname.txt";
    std::fs::write(
        dir.join(name),
        format!("The pipeline reopened on Monday. {NASTY} Oil flowed again.\n"),
    )
    .unwrap();
}

/// Bytes that must never come from the data to a terminal.
fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        let raw =
            (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c);
        assert!(!raw, "{what}: raw control {c:?} in {text:?}");
    }
}

#[test]
fn control_characters_in_the_data_are_escaped_in_human_output() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    hostile_corpus(&corpus);
    let index = tmp.path().join("idx");
    let out = newsdex(&index)
        .args(["index", corpus.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_raw_controls("index", &out.stdout);
    let id = {
        let out = newsdex(&index)
            .args(["search", "pipeline", "--json", "--copies"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        // JSON keeps the data exactly (escaped as JSON escapes it).
        assert!(text.contains("\\u001b[2J"), "{text}");
        first["article_id"].as_str().unwrap().to_string()
    };
    for args in [
        &["search", "pipeline", "--copies", "--passages", "3"][..],
        &["search", "pipeline", "--all"][..],
        &["search", "--queries", "-"][..],
        &["kwic", "pipeline"][..],
        &["kwic", "oil"][..],
        &["stats", "pipeline", "--by", "outlet"][..],
        &["stats", "--by", "month"][..],
        &["entities"][..],
        &["show", &id][..],
        &["info"][..],
        &["status"][..],
        &["analyze", corpus.join("feed.jsonl").to_str().unwrap()][..],
    ] {
        let mut cmd = newsdex(&index);
        cmd.args(args);
        if args.contains(&"--queries") {
            cmd.write_stdin(format!(
                "pipeline\n{{\"id\":\"x{NASTY}\",\"query\":\"\\\"bad\"}}\n"
            ));
        }
        let out = cmd.output().unwrap();
        assert!(out.status.code().unwrap() <= 2, "{args:?}");
        assert_no_raw_controls(&format!("{args:?} stdout"), &out.stdout);
        assert_no_raw_controls(&format!("{args:?} stderr"), &out.stderr);
    }
    // The escapes are visible, not dropped: a reader sees that something was there.
    let out = newsdex(&index)
        .args(["search", "pipeline", "--copies"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\\x1b[2J") && text.contains("\\u{202e}"),
        "{text}"
    );
    // With colour on, newsdex's own colour codes are the only escape sequences.
    let out = newsdex(&index)
        .args(["--color", "always", "search", "pipeline", "--copies"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\u{1b}[1;31m"), "{text}");
    assert!(!text.contains("\u{1b}]") && !text.contains("\u{1b}[2J") && !text.contains('\u{7}'));
}
