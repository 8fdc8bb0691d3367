//! `newsdex analyze FILE...`: what newsdex reads from each file, without indexing. It
//! runs the same ingest and analysis as `newsdex index` (with the settings of the
//! corpus's newsdex.toml, found in the folders above the file) and hands the articles
//! to a printer; skipped files and records are reported on stderr.

use super::{AnalyzeArgs, Cli};
use crate::analyze::analyze;
use crate::ingest::config::CorpusConfig;
use crate::ingest::{self, FieldMap, ReadOptions};
use crate::model::Article;
use crate::output::analyzed;
use anyhow::Context;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The corpus a file belongs to: the nearest folder above it holding a newsdex.toml.
fn corpus_root(file: &Path) -> Option<PathBuf> {
    let abs = file.canonicalize().ok()?;
    abs.ancestors()
        .skip(1)
        .find(|d| d.join(crate::walk::CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// The options `newsdex index` would read the file with: its corpus's newsdex.toml
/// (when it has one), then the `--field` mappings given here; and the path the index
/// would record (relative to that corpus root, else as given).
fn options_for(file: &Path, fields: &FieldMap) -> anyhow::Result<(ReadOptions, String)> {
    let Some(root) = corpus_root(file) else {
        let opts = ReadOptions {
            outlet_from_folder: false,
            fields: fields.clone(),
        };
        return Ok((opts, file.display().to_string()));
    };
    let mut opts = CorpusConfig::load(&root)
        .map_err(|e| anyhow::anyhow!("corpus config {e}"))?
        .read_options();
    opts.fields = opts.fields.merged(fields);
    let abs = file.canonicalize()?;
    Ok((opts, crate::walk::relative_path(&root, &abs)))
}

/// Exit 0 when every file gave articles and no record was skipped, 1 otherwise.
pub fn run(cli: &Cli, args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let fields = FieldMap::parse(&args.field).map_err(anyhow::Error::msg)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let color = cli.color.enabled();
    let mut clean = true;
    for path in &args.files {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
        let (opts, rel) = options_for(path, &fields)?;
        let read = match ingest::parse_file(path, &rel, &bytes, &opts) {
            Ok(read) => read,
            Err(e) => {
                eprintln!("newsdex: skipped {shown}: {e}");
                clean = false;
                continue;
            }
        };
        for p in &read.problems {
            eprintln!("newsdex: skipped {p}");
            clean = false;
        }
        let articles: Vec<Article> = read.articles.into_iter().map(analyze).collect();
        if articles.is_empty() {
            clean = false;
        }
        for a in &articles {
            if args.json {
                analyzed::write_json(&mut out, a)?;
            } else {
                analyzed::write_human(&mut out, a, args.passages, color)?;
            }
        }
    }
    out.flush()?;
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
