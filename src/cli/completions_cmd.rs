//! `newsdex completions SHELL`: generated from the clap definitions that `--help` uses,
//! so it never disagrees with it.

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

pub fn run_completions(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "newsdex", &mut out);
    out.flush().context("writing output")?;
    Ok(ExitCode::SUCCESS)
}
