//! The `newsdex` binary: run the CLI, map the outcome to an exit code
//! (0 hits, 1 no hits, 2 error), and never let a panic's backtrace reach the user.

use std::process::ExitCode;

fn main() -> ExitCode {
    newsdex::panics::install_hook();
    match newsdex::panics::contain(newsdex::cli::main) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!(
                "newsdex: internal error: {msg}. If the index is damaged, `newsdex check` \
                 says so and how to repair it; if not, this is a bug: please report it."
            );
            ExitCode::from(2)
        }
    }
}
