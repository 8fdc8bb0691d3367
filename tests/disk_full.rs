//! A full disk and a read-only folder: indexing stops with a message that names the cause
//! (exit 2, no panic), removes what the failed run wrote, and leaves the last committed
//! index searchable; an index on a read-only file system can still be searched.
//!
//! These tests need a small file system of their own: they mount a tmpfs when the process
//! may (root in a container, as CI runs) and say they were skipped otherwise.

mod common;

use common::{corpus, newsdex};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of `size` mounted on a fresh temporary folder, unmounted on drop.
struct SmallDisk {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<Self> {
        let tmp = tempfile::tempdir().ok()?;
        let dir = tmp.path().join("disk");
        std::fs::create_dir(&dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)");
            return None;
        }
        Some(Self { _tmp: tmp, dir })
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&self.dir)
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount {mode}");
    }

    /// Every entry left on the disk, hidden ones included.
    fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = walk(&self.dir)
            .into_iter()
            .map(|p| p.strip_prefix(&self.dir).unwrap().display().to_string())
            .collect();
        v.sort();
        v
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        out.push(e.path());
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        }
    }
    out
}

/// A copy of corpus/ with `files` generated articles of about 12 KB of varied words each
/// (varied so that the index is about as big as the text).
fn big_corpus(root: &Path, files: usize) -> PathBuf {
    let dir = root.join("corpus");
    copy_dir(&corpus(), &dir);
    let gen = dir.join("generated");
    std::fs::create_dir(&gen).unwrap();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..files {
        let mut text = format!("Generated report {i}\n\n");
        while text.len() < 12_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            text.push_str(&format!("w{:x} ", x % 2_000_000));
            if x % 17 == 0 {
                text.push_str(".\n\n");
            }
        }
        std::fs::write(gen.join(format!("g{i:04}.txt")), text).unwrap();
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn count(index: &Path, word: &str) -> String {
    let out = newsdex(index)
        .args(["search", word, "--count"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Runs `newsdex index` and returns (exit code, stderr).
fn index(index: &Path, corpus: &Path) -> (i32, String) {
    let out = newsdex(index)
        .args(["index", "-q"])
        .arg(corpus)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_clean_failure(code: i32, stderr: &str, cause: &str) {
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(cause), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

#[test]
fn a_fresh_build_on_a_full_disk_fails_cleanly_and_leaves_nothing() {
    let Some(disk) = SmallDisk::mount("2m") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let big = big_corpus(tmp.path(), 400);
    let (code, stderr) = index(&disk.dir.join("idx"), &big);
    assert_clean_failure(code, &stderr, "the disk is full");
    assert_eq!(disk.entries(), Vec::<String>::new(), "leftovers");
}

#[test]
fn an_update_on_a_full_disk_keeps_the_committed_index() {
    let Some(disk) = SmallDisk::mount("2m") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let idx = disk.dir.join("idx");
    let small = tmp.path().join("small");
    copy_dir(&corpus(), &small);
    assert_eq!(index(&idx, &small).0, 0);
    let before = count(&idx, "rocket");
    let files_before = disk.entries();

    // The same corpus grows by far more than the disk holds.
    let big = big_corpus(&tmp.path().join("gen"), 400);
    copy_dir(&big.join("generated"), &small.join("generated"));
    let (code, stderr) = index(&idx, &small);
    assert_clean_failure(code, &stderr, "the disk is full");
    assert_eq!(count(&idx, "rocket"), before);
    assert_eq!(
        disk.entries(),
        files_before,
        "what the failed run wrote is gone"
    );
    let check = newsdex(&idx).arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{check:?}");
}

#[test]
fn a_read_only_index_is_searched_and_not_written() {
    let Some(disk) = SmallDisk::mount("4m") else {
        return;
    };
    let idx = disk.dir.join("idx");
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("small");
    copy_dir(&corpus(), &small);
    assert_eq!(index(&idx, &small).0, 0);
    let before = count(&idx, "rocket");
    std::fs::write(
        small.join("new.txt"),
        "Rocket report\n\nA new rocket story.\n",
    )
    .unwrap();
    disk.remount("ro");

    // Searching takes no lock file it cannot write.
    assert_eq!(count(&idx, "rocket"), before);
    let check = newsdex(&idx).arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    // Writing says why it cannot, for the index and for a new one beside it.
    let (code, stderr) = index(&idx, &small);
    assert_clean_failure(code, &stderr, "read-only");
    let (code, stderr) = index(&disk.dir.join("other"), &small);
    assert_clean_failure(code, &stderr, "read-only");
    disk.remount("rw");
    assert_eq!(count(&idx, "rocket"), before);
}
