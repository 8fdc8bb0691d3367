//! `newsdex analyze FILE...`: what newsdex reads from each file, without indexing. It
//! runs the same ingest and analysis as `newsdex index` and hands the articles to a
//! printer; skipped files and records are reported on stderr.

use super::{AnalyzeArgs, Cli};
use crate::analyze::analyze;
use crate::ingest::{self, FieldMap, ReadOptions};
use crate::model::Article;
use crate::output::analyzed;
use anyhow::Context;
use std::io::{self, Write};
use std::process::ExitCode;

/// Exit 0 when every file gave articles and no record was skipped, 1 otherwise.
pub fn run(cli: &Cli, args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let opts = ReadOptions {
        outlet_from_folder: false,
        fields: FieldMap::parse(&args.field).map_err(anyhow::Error::msg)?,
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let color = cli.color.enabled();
    let mut clean = true;
    for path in &args.files {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
        let read = match ingest::parse_file(path, &shown, &bytes, &opts) {
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
