//! Command-line definitions (clap) and the wiring of commands to the layers: one file
//! per command (`index_cmd`, `search_cmd`), this one for the top-level parser and exit codes.

mod entities_cmd;
mod index_cmd;
mod search_cmd;

use crate::model::EntityType;
use crate::output::ColorChoice;
use clap::{Args, Parser, Subcommand};
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

/// The corpus indexed when none is named.
pub const DEFAULT_CORPUS: &str = "corpus";

#[derive(Debug, Parser)]
#[command(
    name = "newsdex",
    version,
    about = "Search a folder of news articles: ranked passages with the matched words highlighted.",
    after_help = "Examples:\n  newsdex index corpus\n  newsdex search rocket fuel\n  newsdex search '\"rocket fuel\" -ukraine' --outlet TibetanReview.net --since 2024-04\n  newsdex search sanctions --json | jq .text"
)]
pub struct Cli {
    /// The index folder.
    #[arg(long, global = true, env = "NEWSDEX_INDEX", default_value = ".newsdex")]
    pub index: PathBuf,
    /// When to colour output: auto (a terminal, and NO_COLOR not set), always, never.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index a corpus folder (incrementally: unchanged files are not read again).
    #[command(
        after_help = "Examples:\n  newsdex index\n  newsdex index ~/articles --index ~/articles.newsdex\n  newsdex index corpus --rebuild"
    )]
    Index(IndexArgs),
    /// Search the index: ranked passages, best passage per article.
    #[command(
        after_help = "Query syntax:\n  rocket fuel          both words, in one passage (adjacent ones rank first)\n  \"rocket fuel\"        the phrase\n  china OR russia      either word (OR binds tighter than AND)\n  sanctions -russia    exclude a word\n  outlet:\"Baltic Wire\" entity:\"Carl Bildt\" entity:PER:\"Carl Bildt\" title:drones date:2024-04 since:2024 until:2025-02 lang:en\n\nExamples:\n  newsdex search rocket fuel\n  newsdex search sanctions --outlet \"Baltic Wire\" --since 2024-01 --until 2024-06\n  newsdex search 'entity:\"Carl Bildt\"' --json"
    )]
    Search(SearchArgs),
    /// The most frequent entities in the matching articles (all articles without a query),
    /// with the number of articles each appears in.
    #[command(
        after_help = "Examples:\n  newsdex entities\n  newsdex entities sanctions --type PER -n 5\n  newsdex entities 'entity:\"Carl Bildt\"' --json"
    )]
    Entities(EntitiesArgs),
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The corpus folder.
    #[arg(default_value = DEFAULT_CORPUS)]
    pub dir: PathBuf,
    /// Build the index from scratch instead of updating it.
    #[arg(long)]
    pub rebuild: bool,
    /// Give articles without an outlet of their own their parent folder's name as outlet
    /// (also `outlet_from_folder = true` in the corpus's newsdex.toml).
    #[arg(long)]
    pub outlet_from_folder: bool,
    /// Print only problems, not the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query; several words are joined into one query.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Articles to show.
    #[arg(short = 'n', long, default_value_t = 10)]
    pub limit: usize,
    /// Passages to show per article.
    #[arg(long, default_value_t = 1)]
    pub passages: usize,
    /// Only articles from this outlet (case-insensitive; repeat for any of several).
    #[arg(long)]
    pub outlet: Vec<String>,
    /// Only articles naming this entity (repeat: all of them).
    #[arg(long)]
    pub entity: Vec<String>,
    /// The --entity names are of this type (PER, ORG, LOC, MISC); alone, only articles
    /// naming some entity of this type.
    #[arg(long, value_parser = parse_entity_type)]
    pub entity_type: Option<EntityType>,
    /// Only articles published in or after this period: 2024, 2024-04 or 2024-04-08.
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles published in or before this period: 2024, 2024-04 or 2024-04-08.
    #[arg(long)]
    pub until: Option<String>,
    /// Only articles in this language (ISO 639-1 code, e.g. en).
    #[arg(long)]
    pub lang: Option<String>,
    /// Print JSON Lines, one hit per line (schema in README.md).
    #[arg(long)]
    pub json: bool,
    /// The corpus to index first when there is no index yet.
    #[arg(long, default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// The query selecting articles (same syntax as search); none means all articles.
    #[arg(num_args = 0..)]
    pub query: Vec<String>,
    /// Only entities of this type: PER, ORG, LOC or MISC.
    #[arg(long = "type", short = 't', value_parser = parse_entity_type)]
    pub kind: Option<EntityType>,
    /// Entities to show.
    #[arg(short = 'n', long, default_value_t = 20)]
    pub limit: usize,
    /// Only articles from this outlet (case-insensitive; repeat for any of several).
    #[arg(long)]
    pub outlet: Vec<String>,
    /// Only articles naming this entity (repeat: all of them).
    #[arg(long)]
    pub entity: Vec<String>,
    /// Only articles published in or after this period: 2024, 2024-04 or 2024-04-08.
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles published in or before this period.
    #[arg(long)]
    pub until: Option<String>,
    /// Print JSON Lines, one entity per line (schema in README.md).
    #[arg(long)]
    pub json: bool,
    /// The corpus to index first when there is no index yet.
    #[arg(long, default_value = DEFAULT_CORPUS)]
    pub corpus: PathBuf,
}

fn parse_entity_type(s: &str) -> Result<EntityType, String> {
    EntityType::parse(s)
        .ok_or_else(|| format!("unknown entity type '{s}': use PER, ORG, LOC or MISC"))
}

/// Subcommands whose positional arguments are query words.
const QUERY_COMMANDS: &[&str] = &["search", "entities"];

/// Lets query words start with `-` (`newsdex search sanctions -russia`): in a
/// subcommand with a free-text query, every argument that is not one of its options
/// (as clap defines them) is moved, in order, behind a `--`.
pub fn query_words_last(
    argv: Vec<std::ffi::OsString>,
    cmd: &clap::Command,
) -> Vec<std::ffi::OsString> {
    let Some(sub_pos) = argv
        .iter()
        .position(|a| QUERY_COMMANDS.iter().any(|c| a == c))
    else {
        return argv;
    };
    let Some(sub) = cmd.find_subcommand(argv[sub_pos].to_string_lossy().as_ref()) else {
        return argv;
    };
    let takes_value = |a: &clap::Arg| a.get_action().takes_values();
    let args: Vec<&clap::Arg> = sub
        .get_arguments()
        .chain(cmd.get_arguments())
        .filter(|a| !a.is_positional())
        .collect();
    let long = |name: &str| {
        args.iter()
            .find(|a| a.get_long() == Some(name) || name == "help")
            .copied()
    };
    let short = |c: char| {
        args.iter()
            .find(|a| a.get_short() == Some(c) || c == 'h')
            .copied()
    };
    let mut out: Vec<std::ffi::OsString> = argv[..=sub_pos].to_vec();
    let mut words = Vec::new();
    let mut i = sub_pos + 1;
    while i < argv.len() {
        let arg = argv[i].to_string_lossy().into_owned();
        i += 1;
        if arg == "--" {
            words.extend(argv[i..].iter().cloned());
            break;
        }
        let option = if let Some(name) = arg.strip_prefix("--") {
            let (name, inline) = name
                .split_once('=')
                .map_or((name, false), |(n, _)| (n, true));
            long(name).map(|a| takes_value(a) && !inline)
        } else if let Some(rest) = arg.strip_prefix('-').filter(|r| !r.is_empty()) {
            let c = rest.chars().next().expect("non-empty");
            short(c)
                .filter(|a| rest.len() == 1 || takes_value(a))
                .map(|a| takes_value(a) && rest.len() == 1)
        } else {
            None
        };
        match option {
            Some(needs_value) => {
                out.push(arg.into());
                if needs_value && i < argv.len() {
                    out.push(argv[i].clone());
                    i += 1;
                }
            }
            None => words.push(arg.into()),
        }
    }
    out.push("--".into());
    out.extend(words);
    out
}

/// An error that maps to exit code 2 with its message.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    let argv = query_words_last(
        std::env::args_os().collect(),
        &<Cli as clap::CommandFactory>::command(),
    );
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsdex: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Index(args) => index_cmd::run(&cli, args),
        Command::Search(args) => search_cmd::run(&cli, args),
        Command::Entities(args) => entities_cmd::run(&cli, args),
    }
}
