//! `newsdex man`: the man pages of newsdex and of each command (newsdex-search(1), ...),
//! generated from the clap definitions that `--help` uses, with the sections clap does
//! not know: EXIT STATUS and SEE ALSO. `newsdex man --dir DIR` writes every page, so the
//! pages the main page refers to exist.

use super::Cli;
use anyhow::Context;
use clap::{Args, CommandFactory};
use clap_mangen::Man;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command whose page to print (default: the newsdex page).
    pub command: Option<String>,
    /// Write every page (newsdex.1 and newsdex-COMMAND.1) into DIR instead, for
    /// installing: newsdex man --dir ~/.local/share/man/man1
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

/// What the exit codes of a command mean (code, meaning).
fn exit_status(command: Option<&str>) -> Vec<(u8, &'static str)> {
    const ERROR: &str = "an error: a bad argument or query (the message names it), or an index \
                         that is missing, damaged or built by another version (the message says \
                         how to rebuild it); never a panic";
    let (ok, none): (&str, &str) = match command {
        None => (
            "success (for search, kwic and stats: something matched)",
            "nothing matched, or (status, check) the corpus changed or the index is damaged; \
             each command's page says which",
        ),
        Some("index") => (
            "the run finished; files and records it skipped are listed in the summary",
            "",
        ),
        Some("search") | Some("kwic") => (
            "at least one article matched (with --queries: every query ran and one matched)",
            "nothing matched (with --queries: every query ran and none matched)",
        ),
        Some("stats") | Some("entities") => ("something was counted", "nothing matched the query"),
        Some("show") => ("the article was shown", "no article has that id"),
        Some("status") => (
            "the index is up to date with the corpus",
            "files were added, modified or removed since the index was built",
        ),
        Some("check") => (
            "the index is sound: every file matches its checksum",
            "the index is damaged; the message names the command that rebuilds it",
        ),
        Some("analyze") => (
            "every file gave articles and no record was skipped",
            "a file or record was skipped (listed on stderr)",
        ),
        Some(_) => ("success", ""),
    };
    let mut codes = vec![(0, ok)];
    if !none.is_empty() {
        codes.push((1, none));
    }
    let error = match command {
        Some("index") => {
            "an error: a bad argument, a corpus folder that cannot be read, an index path \
             that is not newsdex's, a full disk or a read-only folder (the index as last \
             committed stays usable), or another run writing the same index"
        }
        Some("search") | Some("kwic") | Some("stats") => {
            "an error (with --queries: at least one query failed, the others still ran): \
             a bad argument or query, or an index that is missing, damaged or built by \
             another version"
        }
        _ => ERROR,
    };
    codes.push((2, error));
    codes
}

/// The roff of one page: clap's sections, then EXIT STATUS and SEE ALSO.
fn render(cmd: clap::Command, command: Option<&str>, all: &[String]) -> io::Result<Vec<u8>> {
    let man = Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    if cmd.get_after_help().is_some() || cmd.get_after_long_help().is_some() {
        man.render_extra_section(&mut out)?;
    }
    writeln!(out, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in exit_status(command) {
        writeln!(out, ".TP\n\\fB{code}\\fR\n{}", escape(meaning))?;
    }
    writeln!(out, ".SH \"SEE ALSO\"")?;
    let see: Vec<String> = match command {
        None => all
            .iter()
            .map(|c| format!("\\fBnewsdex-{c}\\fR(1)"))
            .collect(),
        Some(_) => vec!["\\fBnewsdex\\fR(1)".into()],
    };
    writeln!(
        out,
        "{}\n.PP\nThe README of newsdex holds the query language, the output formats and \
         the JSON schema in full.",
        see.join(", ")
    )?;
    if cmd.get_version().is_some() {
        man.render_version_section(&mut out)?;
    }
    Ok(out)
}

/// Text for roff: a leading dot or quote would be read as a request.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('-', "\\-")
}

/// The command a page is about: `newsdex` or `newsdex-NAME` (synopsis `newsdex NAME`).
fn page_command(name: Option<&str>) -> anyhow::Result<clap::Command> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(name) = name else { return Ok(cmd) };
    let Some(sub) = cmd.find_subcommand(name) else {
        let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
        anyhow::bail!("no command '{name}': choose one of {}", names.join(", "));
    };
    let display: &'static str = format!("newsdex-{name}").leak();
    let bin: &'static str = format!("newsdex {name}").leak();
    Ok(sub.clone().display_name(display).bin_name(bin))
}

fn command_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

fn write_all_pages(dir: &Path, names: &[String]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut pages = vec![None];
    pages.extend(names.iter().map(|n| Some(n.as_str())));
    for name in pages {
        let file = match name {
            None => dir.join("newsdex.1"),
            Some(n) => dir.join(format!("newsdex-{n}.1")),
        };
        let roff = render(page_command(name)?, name, names)?;
        std::fs::write(&file, roff).with_context(|| format!("writing {}", file.display()))?;
        eprintln!("wrote {}", file.display());
    }
    Ok(())
}

pub fn run_man(args: &ManArgs) -> anyhow::Result<ExitCode> {
    let names = command_names();
    if let Some(dir) = &args.dir {
        write_all_pages(dir, &names)?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.command.as_deref();
    let roff = render(page_command(name)?, name, &names).context("rendering the man page")?;
    let mut out = io::stdout().lock();
    out.write_all(&roff).context("writing output")?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
