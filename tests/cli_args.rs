//! The command line itself: help texts, query words that start with a dash, and bad
//! queries or filters failing with exit code 2 and one clear message.

mod common;

use common::run;
use serde_json::Value;

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
