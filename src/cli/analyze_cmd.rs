//! `newsdex analyze FILE...`: what newsdex reads from each file, without indexing. It
//! runs the same ingest and analysis as `newsdex index` (with the settings of the
//! corpus's newsdex.toml, found in the folders above the file) and hands the articles
//! to a printer; skipped files and records are reported on stderr.

use super::common::{bounded, FormatArgs};
use super::Cli;
use crate::ingest::config::CorpusConfig;
use crate::ingest::{FieldMap, ReadOptions};
use crate::output::{analyzed, visible, Format};
use crate::pipeline::read_articles;
use anyhow::Context;
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The files to read (any format newsdex indexes).
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub output: FormatArgs,
    /// Read article field FIELD from column COLUMN (JSON, CSV, Markdown): body=story_text.
    #[arg(long, value_name = "FIELD=COLUMN")]
    pub field: Vec<String>,
    /// Show at most this many passages per article in human output (0: all).
    #[arg(long, default_value_t = 5, value_parser = bounded(0, 1_000_000))]
    pub passages: usize,
    /// Tag entities with these NER weights instead of the shipped ones (for scoring
    /// weights trained on a fold of the annotated news: bench/entities_fold.sh).
    #[arg(long, value_name = "FILE", hide = true)]
    pub ner_weights: Option<PathBuf>,
    /// Revise entities with these entity-check weights instead of the shipped ones (for
    /// scoring weights trained without a fold: examples/newsdex-train-entity-check.rs).
    #[arg(
        long,
        value_name = "FILE",
        hide = true,
        conflicts_with = "no_entity_check"
    )]
    pub entity_check: Option<PathBuf>,
    /// Read known_names.tsv and known_types.tsv from this folder instead of the built-in
    /// tables (for scoring a fold of the annotated news with tables learnt without it:
    /// bench/entities_fold.sh).
    #[arg(long, value_name = "DIR", hide = true)]
    pub known_tables: Option<PathBuf>,
    /// Leave entities as the tagger and the rules give them, without the entity check.
    #[arg(long, hide = true)]
    pub no_entity_check: bool,
    /// Leave bare surnames as written instead of giving them the widely known person of
    /// data/gazetteer/people.tsv (for bench/people.py, which builds that table).
    #[arg(long, hide = true)]
    pub no_people_table: bool,
}

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

/// A UTF-8 text file given on the command line (`what` names it in errors).
fn read_text(path: &Path, what: &str) -> anyhow::Result<String> {
    let shown = visible::line(&path.display().to_string()).into_owned();
    let bytes = crate::ingest::bounds::read_file(path)
        .with_context(|| format!("cannot read {what} {shown}"))?;
    String::from_utf8(bytes).with_context(|| format!("{what} {shown}: not UTF-8"))
}

/// Reads the known-names tables of `dir` in place of the built-in ones.
fn use_known_tables(dir: &Path) -> anyhow::Result<()> {
    let read = |name: &str| read_text(&dir.join(name), "known-names table");
    let (names, types) = (read("known_names.tsv")?, read("known_types.tsv")?);
    crate::analyze::gazetteer::use_known_tables(names, types).map_err(anyhow::Error::msg)
}

/// Exit 0 when every file gave articles and no record was skipped, 1 otherwise.
pub fn run(cli: &Cli, args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let fields = FieldMap::parse(&args.field).map_err(anyhow::Error::msg)?;
    if let Some(w) = &args.ner_weights {
        let shown = visible::line(&w.display().to_string()).into_owned();
        let bytes = crate::ingest::bounds::read_file(w)
            .with_context(|| format!("cannot read NER weights {shown}"))?;
        crate::analyze::ner::Model::use_weights(&bytes)
            .with_context(|| format!("NER weights {shown}"))?;
    }
    if let Some(w) = &args.entity_check {
        let text = read_text(w, "entity check weights")?;
        let shown = visible::line(&w.display().to_string()).into_owned();
        crate::analyze::entity_check::use_weights(&text)
            .with_context(|| format!("entity check weights {shown}"))?;
    }
    if let Some(dir) = &args.known_tables {
        use_known_tables(dir)?;
    }
    if args.no_entity_check {
        crate::analyze::entity_check::turn_off();
    }
    if args.no_people_table {
        crate::analyze::gazetteer::without_people_table();
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let format = args.output.format();
    let color = format == Format::Human && cli.color.enabled();
    if let Some(style) = format.csv_style() {
        analyzed::write_csv_header(&mut out, style)?;
    }
    let mut clean = true;
    for path in &args.files {
        let shown = visible::line(&path.display().to_string()).into_owned();
        let bytes = crate::ingest::bounds::read_file(path)
            .with_context(|| format!("cannot read {shown}"))?;
        let (opts, rel) = options_for(path, &fields)?;
        let (articles, problems) = match read_articles(path, &rel, &bytes, &opts) {
            Ok(read) => read,
            Err(e) => {
                eprintln!("newsdex: skipped {shown}: {e}");
                clean = false;
                continue;
            }
        };
        for p in &problems {
            eprintln!("newsdex: skipped {}", visible::line(&p.to_string()));
            clean = false;
        }
        if articles.is_empty() {
            eprintln!("newsdex: skipped {shown}: not an article: no text");
            clean = false;
        }
        for a in &articles {
            match format.csv_style() {
                Some(style) => analyzed::write_csv_row(&mut out, style, a)?,
                None if format == Format::Json => analyzed::write_json(&mut out, a)?,
                None => analyzed::write_human(&mut out, a, args.passages, color)?,
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
