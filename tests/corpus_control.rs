//! Which files of a corpus are indexed: `--exclude` globs and `.newsdexignore` files
//! (gitignore syntax), `--config FILE` for a corpus the user cannot write to, symbolic
//! links (not followed by default; `--follow` follows them, each file indexed once), and
//! file names that are not UTF-8 (kept exactly, never merged).

mod common;

use common::newsdex;
use std::collections::BTreeSet;
use std::path::Path;

fn article(dir: &Path, rel: &str, title: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        format!("{title}\n\nThe pipeline reopened on Monday after repairs, the operator of the line said.\n"),
    )
    .unwrap();
}

/// Indexes `corpus` with `args`; returns the summary (stdout).
fn index(corpus: &Path, index: &Path, args: &[&str]) -> String {
    let out = newsdex(index)
        .arg("index")
        .arg(corpus)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The corpus paths of every article in the index.
fn paths(index: &Path) -> BTreeSet<String> {
    let out = newsdex(index)
        .args([
            "search", "pipeline", "--all", "--copies", "--json", "--fields", "path",
        ])
        .output()
        .unwrap();
    common::json_lines(&String::from_utf8(out.stdout).unwrap())
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn exclude_globs_and_ignore_files_leave_files_out_and_status_agrees() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    for rel in [
        "keep.txt",
        "old-1.txt",
        "drafts/x.txt",
        "world/a.txt",
        "world/b.tmp.txt",
        "world/deep/c.txt",
    ] {
        article(&corpus, rel, rel);
    }
    std::fs::write(
        corpus.join(".newsdexignore"),
        "# scratch files\n*.tmp.txt\n",
    )
    .unwrap();
    std::fs::write(corpus.join("world/.newsdexignore"), "deep/\n").unwrap();
    let idx = tmp.path().join("idx");
    index(
        &corpus,
        &idx,
        &["--exclude", "drafts/", "--exclude", "old-*"],
    );
    assert_eq!(paths(&idx), set(&["keep.txt", "world/a.txt"]));
    // The rules are remembered: status sees the same files (nothing added), and a
    // change to an excluded file is not a change of the corpus.
    std::fs::write(corpus.join("old-1.txt"), "changed").unwrap();
    let out = newsdex(&idx).arg("status").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = newsdex(&idx).args(["search", "pipeline"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("changed"));
    // A bad glob is an error that names it, before anything is touched.
    let out = newsdex(&idx)
        .args(["index", corpus.to_str().unwrap(), "--exclude", "a[b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a[b"));
    assert_eq!(paths(&idx), set(&["keep.txt", "world/a.txt"]));
}

#[test]
fn a_config_file_outside_the_corpus_is_used_instead_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    article(&corpus, "Harbour Times/a.txt", "A");
    article(&corpus, "Harbour Times/skip.txt", "Skip");
    let config = tmp.path().join("my.toml");
    std::fs::write(
        &config,
        "outlet_from_folder = true\nexclude = [\"skip.txt\"]\n",
    )
    .unwrap();
    let idx = tmp.path().join("idx");
    index(&corpus, &idx, &["--config", config.to_str().unwrap()]);
    let out = newsdex(&idx)
        .args(["search", "pipeline", "--json", "--fields", "path,outlet"])
        .output()
        .unwrap();
    let hits = common::json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["outlet"], "Harbour Times");
    // A config file that is not there is an error, not the defaults.
    let out = newsdex(&idx)
        .args([
            "index",
            corpus.to_str().unwrap(),
            "--config",
            "/nonexistent/newsdex.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/newsdex.toml"));
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed_unless_asked_and_a_file_is_indexed_once() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let outside = tmp.path().join("outside");
    article(&corpus, "real.txt", "Real");
    article(&outside, "far.txt", "Far");
    symlink(&outside, corpus.join("elsewhere")).unwrap();
    symlink(corpus.join("real.txt"), corpus.join("again.txt")).unwrap();
    symlink(&corpus, corpus.join("loop")).unwrap();
    let idx = tmp.path().join("idx");
    let summary = index(&corpus, &idx, &[]);
    assert_eq!(paths(&idx), set(&["real.txt"]));
    assert!(
        summary.contains("3 symbolic link(s) not followed"),
        "{summary}"
    );
    let summary = index(&corpus, &idx, &["--follow"]);
    // Through the links: the outside folder; real.txt once (again.txt is the same file,
    // and the loop back into the corpus is not walked twice).
    let got = paths(&idx);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.contains("elsewhere/far.txt"), "{got:?}");
    assert!(
        got.contains("real.txt") ^ got.contains("again.txt"),
        "{got:?}"
    );
    assert!(summary.contains("indexed once"), "{summary}");
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_apart_and_are_not_read_again() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (name, title) in [(&b"a\xff.txt"[..], "First"), (&b"a\xfe.txt"[..], "Second")] {
        std::fs::write(
            corpus.join(std::ffi::OsStr::from_bytes(name)),
            format!("{title}\n\nThe pipeline reopened on Monday after repairs.\n"),
        )
        .unwrap();
    }
    let idx = tmp.path().join("idx");
    index(&corpus, &idx, &[]);
    assert_eq!(paths(&idx), set(&["a\\xFE.txt", "a\\xFF.txt"]));
    let again = index(&corpus, &idx, &[]);
    assert!(again.contains("0 read, 2 unchanged"), "{again}");
    let out = newsdex(&idx).arg("status").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_index_inside_its_own_corpus_is_not_taken_for_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    article(&corpus, "a.txt", "A");
    article(&corpus, "world/b.txt", "B");
    for name in ["idx", "world/idx"] {
        let idx = corpus.join(name);
        index(&corpus, &idx, &[]);
        index(&corpus, &idx, &["--rebuild"]);
        assert_eq!(paths(&idx), set(&["a.txt", "world/b.txt"]), "{name}");
        let out = newsdex(&idx).args(["search", "pipeline"]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("changed"), "{name}: {err}");
        let out = newsdex(&idx).arg("status").output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
