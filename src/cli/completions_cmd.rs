//! `newsdex completions SHELL` and `newsdex man`: generated from the clap definitions
//! that `--help` uses, so they never disagree with it.

use super::Cli;
use anyhow::Context;
use clap::{Args, CommandFactory};
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command whose page to print (default: the newsdex page).
    pub command: Option<String>,
}

pub fn run_completions(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "newsdex", &mut out);
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}

/// The man page of newsdex, or of one subcommand (`newsdex man stats`: newsdex-stats(1)).
pub fn run_man(args: &ManArgs) -> anyhow::Result<ExitCode> {
    let cmd = Cli::command();
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd.find_subcommand(name) else {
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                anyhow::bail!("no command '{name}': choose one of {}", names.join(", "));
            };
            // A man page is named after its command: newsdex-stats.
            let full: &'static str = format!("newsdex-{name}").leak();
            sub.clone().name(full)
        }
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .context("rendering the man page")?;
    let mut out = io::stdout().lock();
    out.write_all(&buf).context("writing output")?;
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
