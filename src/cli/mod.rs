//! Command-line definitions (clap) and wiring only. This file holds the top-level
//! parser, the dispatch and the exit codes; each command's `Args` sits beside its code in
//! `*_cmd.rs`, and `common` has the flags and plumbing several commands share. A command
//! maps its flags, calls the library and chooses the exit code.

mod analyze_cmd;
mod check_cmd;
mod cites_cmd;
mod common;
mod completions_cmd;
mod entities_cmd;
mod index_cmd;
mod info_cmd;
mod kwic_cmd;
mod man_cmd;
mod push_cmd;
mod search_cmd;
mod show_cmd;
mod stats_cmd;
mod status_cmd;

use crate::output::ColorChoice;
use analyze_cmd::AnalyzeArgs;
use check_cmd::CheckArgs;
use cites_cmd::CitesArgs;
use clap::{Parser, Subcommand};
use common::choice;
use completions_cmd::CompletionsArgs;
use entities_cmd::EntitiesArgs;
use index_cmd::IndexArgs;
use info_cmd::InfoArgs;
use kwic_cmd::KwicArgs;
use man_cmd::ManArgs;
use push_cmd::PushArgs;
use search_cmd::SearchArgs;
use show_cmd::ShowArgs;
use stats_cmd::StatsArgs;
use status_cmd::StatusArgs;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "newsdex",
    version,
    about = "Search a folder of news articles: ranked passages with the matched words highlighted.",
    after_help = "Examples:\n  newsdex index corpus\n  newsdex search rocket fuel\n  newsdex search '\"rocket fuel\" -ukraine' --outlet TibetanReview.net --since 2024-04\n  newsdex search sanctions --json | jq .text\n  newsdex search --queries queries.jsonl --format csv > hits.csv\n  newsdex stats sanctions --by month --csv\n  newsdex kwic \"power grid\"\n  newsdex show 21e118bbfc377c6c\n  newsdex info"
)]
pub struct Cli {
    /// The index folder.
    #[arg(long, global = true, env = "NEWSDEX_INDEX", default_value = ".newsdex")]
    pub index: PathBuf,
    /// When to colour output: auto (a terminal, and NO_COLOR not set), always, never.
    #[arg(long, global = true, value_parser = choice::<ColorChoice>(), default_value = "auto")]
    pub color: ColorChoice,
    /// CSV and TSV: put a ' before each text cell that starts with =, +, -, @, a tab or
    /// a carriage return, so that a spreadsheet never runs it as a formula. Without it
    /// cells hold the text exactly.
    #[arg(long, global = true)]
    pub formula_guard: bool,
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
        after_help = "Query syntax:\n  rocket fuel          both words, in one passage (adjacent ones rank first)\n  \"rocket fuel\"        the phrase\n  china OR russia      either word (OR binds tighter than AND)\n  sanctions -russia    exclude a word\n  outlet:\"Baltic Wire\" entity:\"Carl Bildt\" entity:PER:\"Carl Bildt\" title:drones date:2024-04 since:2024 until:2025-02 lang:en\n\nExamples:\n  newsdex search rocket fuel\n  newsdex search sanctions --outlet \"Baltic Wire\" --since 2024-01 --until 2024-06\n  newsdex search 'entity:\"Carl Bildt\"' --json\n  newsdex search sanctions --all --sort date --format csv --fields date,outlet,title,text > all.csv\n  newsdex search sanctions --count\n  newsdex search --queries queries.txt --format json      (batch: one query per line)\n  printf '%s\\n' '{\"id\":\"q1\",\"query\":\"sanctions\",\"since\":\"2024\"}' | newsdex search --queries - --count\n\nBatch exit codes: 0 every query ran and one at least had hits, 1 none had hits, 2 a query failed."
    )]
    Search(SearchArgs),
    /// Count matching articles (never passages) per year, month, week, day, outlet, entity or entity type.
    #[command(after_help = STATS_HELP)]
    Stats(StatsArgs),
    /// Keyword in context: one line per occurrence, aligned on the match.
    #[command(after_help = KWIC_HELP)]
    Kwic(KwicArgs),
    /// Show one article: metadata, entities and its full text.
    #[command(
        after_help = "Examples:\n  newsdex show 21e118bbfc377c6c\n  newsdex search sanctions --format json --fields article_id | jq -r .article_id | head -1 | xargs newsdex show\n  newsdex show 21e118bbfc377c6c --json | jq .entities"
    )]
    Show(ShowArgs),
    /// Which corpus files changed since the index was built (every file is compared;
    /// exit 1 when some did).
    #[command(after_help = "Examples:\n  newsdex status\n  newsdex status --json | jq .modified")]
    Status(StatusArgs),
    /// Verify the index: every file's checksum, its segments, its counts; says how to
    /// repair a damaged one (exit 1 when damaged).
    #[command(
        after_help = "Examples:\n  newsdex check\n  newsdex check --index ~/articles.newsdex --json | jq .problems\n\nExit status: 0 the index is sound, 1 it is damaged (the output names the command that rebuilds it), 2 it cannot be checked (no index there, or another version's)."
    )]
    Check(CheckArgs),
    /// What the index holds: articles, passages, outlets, date range, size, versions.
    #[command(after_help = "Examples:\n  newsdex info\n  newsdex info --json | jq .articles")]
    Info(InfoArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Examples:\n  newsdex completions bash > ~/.local/share/bash-completion/completions/newsdex\n  newsdex completions zsh > ~/.zfunc/_newsdex\n  newsdex completions fish > ~/.config/fish/completions/newsdex.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff), generated from the same definitions as --help.
    #[command(
        after_help = "Examples:\n  newsdex man --dir ~/.local/share/man/man1   # every page, then: man newsdex-search\n  newsdex man > newsdex.1 && man ./newsdex.1\n  newsdex man stats > newsdex-stats.1"
    )]
    Man(ManArgs),
    /// Show what newsdex reads from files, without indexing: outlet, date, title, url,
    /// authors, language, passages and entities of each article.
    #[command(
        after_help = "Examples:\n  newsdex analyze page.html\n  newsdex analyze reut2-000.sgm --json | jq .title\n  newsdex analyze dump.csv --field body=story_text --field outlet=site"
    )]
    Analyze(AnalyzeArgs),
    /// The most frequent entities in the matching articles (all articles without a query),
    /// with the number of articles each appears in.
    #[command(
        after_help = "Examples:\n  newsdex entities\n  newsdex entities sanctions --type PER -n 5\n  newsdex entities 'entity:\"Carl Bildt\"' --json"
    )]
    Entities(EntitiesArgs),
    /// The citation network: which sources each outlet's matching articles cite
    /// (outlets, named people and organisations, anonymous sources), with counts.
    #[command(
        after_help = "Examples:\n  newsdex cites\n  newsdex cites sanctions --format csv > edges.csv\n  newsdex cites --graph gexf > cites.gexf   # open in Gephi\n  newsdex search 'cites:anonymous' --count"
    )]
    Cites(CitesArgs),
    /// Send the index's articles to an OpenSearch, Elasticsearch or Quickwit cluster
    /// (_bulk), or write a Quickwit index config; search it with `search --remote URL`.
    #[command(
        after_help = "Examples:\n  newsdex push http://localhost:9200\n  newsdex push https://search.example.org:9200 --remote-index news\n  newsdex push --quickwit-config newsdex.yaml\n  newsdex search rocket fuel --remote http://localhost:9200\n\nCredentials: NEWSDEX_REMOTE_API_KEY, or NEWSDEX_REMOTE_USER and NEWSDEX_REMOTE_PASSWORD.\nA second push sends only what changed and deletes what left the index."
    )]
    Push(PushArgs),
}

const STATS_HELP: &str =
    "Counts are distinct articles. Time buckets (year, month, ISO week `2024-W15`, day) run
without holes from the first to the last dated article and carry `share`: the matching
articles divided by all articles in the bucket that pass the filters (normalised
attention). Several --by give a cross table, one row per cell. Without a query every
article is counted.

Examples:
  newsdex stats sanctions --by month
  newsdex stats sanctions --by month --by outlet --csv > sanctions.csv
  newsdex stats '\"rocket fuel\"' --by year --json | jq '.rows[] | [.year, .share]'
  newsdex stats china --by entity --top 20
  newsdex stats ukraine --by month --plot ukraine.svg
  newsdex stats --by month            (every article)
  newsdex stats --queries topics.jsonl --by month --csv > monthly.csv

With --queries, CSV rows and JSON documents (one per line) carry the query_id; exit code
2 when a query failed, 1 when none matched.";

const KWIC_HELP: &str = "Examples:
  newsdex kwic sanctions
  newsdex kwic '\"power grid\"' --width 30 --sort date
  newsdex kwic china --outlet \"Baltic Wire\" --format csv > china.csv
  newsdex search sanctions --kwic";

/// Subcommands whose positional arguments are query words.
const QUERY_COMMANDS: &[&str] = &["search", "stats", "kwic", "entities"];

/// After an unknown option in a query command: how to write a query word that starts
/// with `-` (an option is never taken for a query word).
fn dash_word_tip() {
    let args: Vec<String> = std::env::args().collect();
    let command = args
        .iter()
        .skip(1)
        .find(|a| QUERY_COMMANDS.contains(&a.as_str()));
    if let Some(command) = command {
        eprintln!(
            "note: to exclude a word, quote the whole query (newsdex {command} 'sanctions -russia') or put the query after `--` (newsdex {command} -- sanctions -russia)"
        );
    }
}

/// Whether an error is a closed pipe (the reader of our output went away: not a failure).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            if e.kind() == clap::error::ErrorKind::UnknownArgument {
                dash_word_tip();
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = run(cli);
    index_cmd::report_stale();
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // The message may quote the data (a file name, a query): escaped for the terminal.
            let message = format!("{e:#}");
            eprintln!("newsdex: error: {}", crate::output::visible::line(&message));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    crate::output::csv::set_formula_guard(cli.formula_guard);
    match &cli.command {
        Command::Index(args) => index_cmd::run(&cli, args),
        Command::Search(args) => search_cmd::run(&cli, args),
        Command::Analyze(args) => analyze_cmd::run(&cli, args),
        Command::Stats(args) => stats_cmd::run(&cli, args),
        Command::Kwic(args) => kwic_cmd::run(&cli, args),
        Command::Show(args) => show_cmd::run(&cli, args),
        Command::Info(args) => info_cmd::run(&cli, args),
        Command::Check(args) => check_cmd::run(&cli, args),
        Command::Status(args) => status_cmd::run(&cli, args),
        Command::Completions(args) => completions_cmd::run_completions(args),
        Command::Man(args) => man_cmd::run_man(args),
        Command::Entities(args) => entities_cmd::run(&cli, args),
        Command::Cites(args) => cites_cmd::run(&cli, args),
        Command::Push(args) => push_cmd::run(&cli, args),
    }
}
