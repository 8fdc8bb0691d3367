//! What newsdex may delete or replace: only a folder it can prove is its own index. Every
//! index carries a marker file written when it is created (`newsdex-index.json`); an index
//! made before markers existed proves itself by its newsdex manifest. Anything else — a
//! user's file, a folder of other things, a tantivy index of another program — is never
//! renamed or removed.
//!
//! Also the crash-safe swap of a fresh build into place (an atomic exchange of the two
//! folders where the system has one), and the cleaning of what dead runs left: build
//! folders (`.NAME.building-PID`) and old indexes (`.NAME.old-PID`) whose process is gone.

use std::path::{Path, PathBuf};

/// The marker file's name.
pub const MARKER: &str = "newsdex-index.json";

/// Writes the marker into a new index folder.
pub fn mark(dir: &Path) -> std::io::Result<()> {
    let text = serde_json::json!({
        "format": "newsdex index",
        "newsdex_version": env!("CARGO_PKG_VERSION"),
        "created": jiff::Timestamp::now().to_string(),
    });
    std::fs::write(dir.join(MARKER), format!("{text}\n"))
}

/// Whether `dir` is a folder newsdex made: it holds the marker, or (an index made before
/// markers) a tantivy `meta.json` whose payload is a newsdex manifest.
pub fn is_ours(dir: &Path) -> bool {
    if !dir.is_dir() {
        return false;
    }
    if dir.join(MARKER).is_file() {
        return true;
    }
    std::fs::read_to_string(dir.join("meta.json")).is_ok_and(|meta| {
        serde_json::from_str::<serde_json::Value>(&meta).is_ok_and(|v| {
            v.get("payload")
                .and_then(|p| p.as_str())
                .is_some_and(|p| p.contains("\"schema_version\"") && p.contains("\"corpus_root\""))
        })
    })
}

/// Whether a folder is empty (or missing).
pub fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

/// The temporary folders of a run with process id `pid` beside `target`.
pub fn building_dir(target: &Path, pid: u32) -> PathBuf {
    sibling(target, &format!("building-{pid}"))
}

/// Where an old index waits during a swap, for the run with process id `pid`.
pub fn old_dir(target: &Path, pid: u32) -> PathBuf {
    sibling(target, &format!("old-{pid}"))
}

fn name_of(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into())
}

fn sibling(target: &Path, what: &str) -> PathBuf {
    target.with_file_name(format!(".{}.{what}", name_of(target)))
}

/// Whether the process `pid` is running (on systems without /proc, every process is).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// The leftovers of dead runs beside `target`: (path, kind) with kind `building` or `old`.
fn leftovers(target: &Path) -> Vec<(PathBuf, &'static str)> {
    let prefix = format!(".{}.", name_of(target));
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let (kind, pid) = match rest.split_once('-') {
            Some(("building", pid)) => ("building", pid),
            Some(("old", pid)) => ("old", pid),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        // An empty folder is a run killed before it marked its folder, or after it had
        // emptied one: removing it loses nothing.
        let path = e.path();
        if pid != std::process::id() && !alive(pid) && (is_ours(&path) || is_empty_dir(&path)) {
            out.push((path, kind));
        }
    }
    out
}

/// Cleans what dead runs left beside `target`: an old index waiting in a swap is put
/// back when no index is at `target` (the run died between the two renames), else
/// removed with the dead runs' build folders. Returns what was done, for the summary.
pub fn clean_dead_runs(target: &Path) -> Vec<String> {
    let mut done = Vec::new();
    for (path, kind) in leftovers(target) {
        if kind == "old" && !target.exists() && std::fs::rename(&path, target).is_ok() {
            done.push(format!(
                "put back the index a dead run left at {}",
                path.display()
            ));
            continue;
        }
        if remove_own_dir(&path).is_ok() {
            done.push(format!("removed {}, left by a dead run", path.display()));
        }
    }
    done
}

/// Replaces the index at `target` (which `is_ours`, or is missing) by the one built in
/// `built`. Where the system can, the two folders are exchanged in one atomic step, so
/// that an index is at `target` at every moment; elsewhere the old one is moved aside
/// first (and put back by the next run should this one die in between).
pub fn swap_into_place(built: &Path, target: &Path) -> std::io::Result<()> {
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    if !target.exists() {
        return std::fs::rename(built, target);
    }
    if exchange(built, target).is_ok() {
        // `built` now holds the old index.
        return remove_own_dir(built);
    }
    let old = old_dir(target, std::process::id());
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(built, target) {
        let _ = std::fs::rename(&old, target);
        return Err(e);
    }
    remove_own_dir(&old)
}

/// Removes a folder of newsdex's own so that it stays provably newsdex's until it is
/// empty: every other file first, then `meta.json`, then the marker, then the folder. A
/// run killed part-way leaves a folder the next run can still prove its own (or an empty
/// one) and removes.
pub fn remove_own_dir(dir: &Path) -> std::io::Result<()> {
    let last = |name: &std::ffi::OsStr| name == MARKER || name == "meta.json";
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if last(&entry.file_name()) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    for name in ["meta.json", MARKER] {
        match std::fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    std::fs::remove_dir(dir)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_marked_folders_are_ours() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("ix");
        std::fs::create_dir(&d).unwrap();
        assert!(!is_ours(&d));
        std::fs::write(d.join("meta.json"), r#"{"payload": "not ours"}"#).unwrap();
        assert!(!is_ours(&d), "a tantivy index of another program");
        mark(&d).unwrap();
        assert!(is_ours(&d));
        let f = tmp.path().join("file");
        std::fs::write(&f, "x").unwrap();
        assert!(!is_ours(&f));
    }

    #[test]
    fn the_swap_keeps_an_index_in_place_and_dead_leftovers_go() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("ix");
        std::fs::create_dir(&target).unwrap();
        mark(&target).unwrap();
        std::fs::write(target.join("old"), "1").unwrap();
        let built = building_dir(&target, std::process::id());
        std::fs::create_dir(&built).unwrap();
        mark(&built).unwrap();
        std::fs::write(built.join("new"), "2").unwrap();
        swap_into_place(&built, &target).unwrap();
        assert!(target.join("new").is_file() && !target.join("old").exists());
        assert!(!built.exists());
        // A dead run's build folder goes, and so does an empty one (a run killed before
        // it marked its folder); an unmarked folder of the same name holding a file stays.
        let dead = building_dir(&target, 999_999_999);
        std::fs::create_dir(&dead).unwrap();
        mark(&dead).unwrap();
        std::fs::write(dead.join("segment"), "x").unwrap();
        let empty = building_dir(&target, 999_999_996);
        std::fs::create_dir(&empty).unwrap();
        let foreign = old_dir(&target, 999_999_998);
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let done = clean_dead_runs(&target);
        assert_eq!(done.len(), 2, "{done:?}");
        assert!(!dead.exists() && !empty.exists() && foreign.join("notes.txt").is_file());
        // A dead run that moved the old index aside and died: it is put back.
        std::fs::remove_dir_all(&foreign).unwrap();
        let aside = old_dir(&target, 999_999_997);
        std::fs::rename(&target, &aside).unwrap();
        clean_dead_runs(&target);
        assert!(target.join("new").is_file() && !aside.exists());
    }
}
