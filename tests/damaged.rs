//! Damaged indexes: a truncated, deleted or changed segment file never makes a command
//! panic, abort or print tantivy's internals; `newsdex check` names the damage and the
//! command that repairs it; `newsdex index` rebuilds a damaged index instead of
//! reporting success over it.

mod common;

use common::{corpus, newsdex};
use std::path::{Path, PathBuf};

/// The segment files of the index with the most articles (the biggest `.store`).
fn biggest_segment(index: &Path) -> String {
    let mut stores: Vec<(u64, PathBuf)> = std::fs::read_dir(index)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "store"))
        .map(|p| (std::fs::metadata(&p).unwrap().len(), p))
        .collect();
    stores.sort();
    let path = &stores.last().unwrap().1;
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// A way to damage an index folder.
type Damage<'a> = Box<dyn Fn(&Path) + 'a>;

fn flip_middle_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 0x5a;
    std::fs::write(path, bytes).unwrap();
}

fn count(index: &Path, word: &str) -> String {
    let out = newsdex(index)
        .args(["search", word, "--count"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn damaged_indexes_are_named_never_crash_and_are_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    newsdex(&good).arg("index").arg(corpus()).assert().success();
    let expected = count(&good, "china");
    let seg = biggest_segment(&good);
    let damages: Vec<(&str, Damage<'_>)> = vec![
        (
            "truncated .idx",
            Box::new(|d: &Path| {
                let f = std::fs::File::options()
                    .write(true)
                    .open(d.join(format!("{seg}.idx")))
                    .unwrap();
                f.set_len(f.metadata().unwrap().len() / 2).unwrap();
            }),
        ),
        (
            "deleted .term",
            Box::new(|d: &Path| std::fs::remove_file(d.join(format!("{seg}.term"))).unwrap()),
        ),
        (
            "changed .store",
            Box::new(|d: &Path| flip_middle_byte(&d.join(format!("{seg}.store")))),
        ),
        (
            "changed .idx",
            Box::new(|d: &Path| flip_middle_byte(&d.join(format!("{seg}.idx")))),
        ),
        (
            "changed .pos",
            Box::new(|d: &Path| flip_middle_byte(&d.join(format!("{seg}.pos")))),
        ),
        (
            "changed .term",
            Box::new(|d: &Path| flip_middle_byte(&d.join(format!("{seg}.term")))),
        ),
        (
            "changed .fast",
            Box::new(|d: &Path| flip_middle_byte(&d.join(format!("{seg}.fast")))),
        ),
        (
            "changed .fieldnorm",
            Box::new(|d: &Path| flip_middle_byte(&d.join(format!("{seg}.fieldnorm")))),
        ),
    ];
    for (name, damage) in &damages {
        let idx = tmp.path().join(name.replace([' ', '.'], "_"));
        let copy = std::process::Command::new("cp")
            .arg("-r")
            .arg(&good)
            .arg(&idx)
            .status()
            .unwrap();
        assert!(copy.success());
        damage(&idx);
        for args in [
            &["search", "china"][..],
            &["search", "china", "--all", "--json"][..],
            &["search", "china", "--count"][..],
            &["kwic", "oil"][..],
            &["stats", "--by", "year"][..],
            &["entities"][..],
            &["info"][..],
            &["show", "21e118bbfc377c6c"][..],
        ] {
            let out = newsdex(&idx).args(args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "{name} {args:?}: {code:?} {err}"
            );
            assert!(
                !err.contains("panicked") && !err.contains("backtrace"),
                "{name} {args:?}: {err}"
            );
            assert!(
                !err.contains("IoError {") && !err.contains("tantivy 0.15"),
                "{name} {args:?}: {err}"
            );
            if code == Some(2) {
                assert!(err.contains("newsdex check"), "{name} {args:?}: {err}");
            }
        }
        let out = newsdex(&idx).arg("check").output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{name}: {text}");
        assert!(
            text.contains(&seg) && text.contains("--rebuild"),
            "{name}: {text}"
        );
        // `newsdex index` over the damaged index rebuilds it from the corpus.
        let out = newsdex(&idx).arg("index").arg(corpus()).output().unwrap();
        let summary = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(summary.contains("damaged"), "{name}: {summary}");
        let out = newsdex(&idx).arg("check").output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(count(&idx, "china"), expected, "{name}");
    }
}

#[test]
fn check_on_a_sound_index_says_so_in_json_too() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("idx");
    newsdex(&idx).arg("index").arg(corpus()).assert().success();
    let out = newsdex(&idx).args(["check", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sound"], true);
    assert!(v["files_checked"].as_u64().unwrap() > 0);
    assert!(v["problems"].as_array().unwrap().is_empty());
    assert!(v.get("repair").is_none());
}
