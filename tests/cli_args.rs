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
fn query_words_that_start_with_a_dash_work_quoted_or_after_a_double_dash() {
    let (_, all, _) = run(&["stats", "china", "--by", "year", "--json"], None);
    let all: Value = serde_json::from_str(&all).unwrap();
    for args in [
        &["stats", "china -russia", "--by", "year", "--json"][..],
        &["stats", "--by", "year", "--json", "--", "china", "-russia"][..],
    ] {
        let (code, out, err) = run(args, None);
        assert_eq!(code, 0, "{args:?}: {err}");
        let b: Value = serde_json::from_str(&out).unwrap();
        assert!(b["matching"].as_u64().unwrap() < all["matching"].as_u64().unwrap());
    }
    let (code, _, err) = run(&["kwic", "--", "china", "-russia"], None);
    assert_eq!(code, 0, "{err}");
}

/// A mistyped or unknown option is an error with clap's suggestion; it never becomes a
/// query word (`--count oil -c` once searched for "oil but not c").
#[test]
fn a_mistyped_option_is_an_error_never_a_query_word() {
    for (args, hint) in [
        (&["search", "--count", "oil", "-c"][..], "'-c'"),
        (&["search", "broadband", "--limt", "2"][..], "--limit"),
        (&["stats", "oil", "--fromat", "csv"][..], "--format"),
        (&["kwic", "oil", "--widht", "40"][..], "--width"),
        (&["entities", "--typ", "PER"][..], "--type"),
        (&["search", "china", "-russia"][..], "-- sanctions -russia"),
    ] {
        let (code, out, err) = run(args, None);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert!(err.contains(hint), "{args:?}: {err}");
    }
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

#[test]
fn json_and_another_format_together_are_an_error() {
    for args in [
        &["search", "oil", "--json", "--format", "csv"][..],
        &["stats", "oil", "--json", "--format", "csv"][..],
        &["stats", "oil", "--csv", "--format", "tsv"][..],
        &["kwic", "oil", "--json", "--format", "tsv"][..],
    ] {
        let (code, out, err) = run(args, None);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(err.contains("cannot be used with"), "{args:?}: {err}");
    }
}

#[test]
fn human_output_says_how_many_articles_matched_in_all() {
    let (_, count, _) = run(&["search", "china", "--count"], None);
    let total: usize = count.trim().parse().unwrap();
    assert!(total > 3);
    let (code, out, _) = run(&["search", "china", "-n", "2", "--copies"], None);
    assert_eq!(code, 0);
    let last = out.lines().last().unwrap();
    assert_eq!(last, format!("2 of {total} articles"));
    let (_, out, _) = run(
        &["search", "china", "-n", "2", "--offset", "2", "--copies"],
        None,
    );
    assert_eq!(
        out.lines().last().unwrap(),
        format!("3-4 of {total} articles")
    );
}

/// Every man page has an EXIT STATUS section, and `man --dir` writes the pages the main
/// page refers to.
#[test]
fn man_pages_have_exit_status_and_exist_for_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("man1");
    let out = assert_cmd::Command::cargo_bin("newsdex")
        .unwrap()
        .args(["man", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let main = std::fs::read_to_string(dir.join("newsdex.1")).unwrap();
    let mut referred = 0;
    for line in main.lines() {
        // clap_mangen names each command's page as `newsdex\-NAME(1)` in roff.
        for part in line.split("newsdex\\-").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            let page = dir.join(format!("newsdex-{name}.1"));
            assert!(
                page.is_file(),
                "the main page refers to {page:?}, not written"
            );
            referred += 1;
        }
    }
    assert!(referred >= 10, "the main page lists the commands: {main}");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(text.contains(".SH \"EXIT STATUS\""), "{text}");
        assert!(text.contains("\\fB2\\fR"), "{text}");
    }
    let search = std::fs::read_to_string(dir.join("newsdex-search.1")).unwrap();
    assert!(search.contains("newsdex search"), "synopsis: {search}");
}
