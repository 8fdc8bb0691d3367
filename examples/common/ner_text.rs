//! Unlabelled news for the NER tools (shared by `newsdex-train-ner` and
//! `newsdex-clusters`): Reuters-21578 bodies and BBC News articles, in a fixed order.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Reuters-21578 bodies (between <BODY> and </BODY>, entities unescaped) and BBC articles.
pub fn unlabelled(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut sgm: Vec<PathBuf> = std::fs::read_dir(dir.join("reuters21578"))
        .with_context(|| format!("cannot list {}", dir.join("reuters21578").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    sgm.sort();
    for p in sgm {
        let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
        let text: String = bytes.iter().map(|&b| b as char).collect();
        for part in text.split("<BODY>").skip(1) {
            let body = part.split("</BODY>").next().unwrap_or("");
            out.push(body.replace("&lt;", "<").replace("&amp;", "&"));
        }
    }
    let mut bbc: Vec<PathBuf> = walkdir::WalkDir::new(dir.join("bbc"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    bbc.sort();
    for p in bbc {
        let bytes = std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?;
        out.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(out)
}
