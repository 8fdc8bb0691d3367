//! The `newsdex` binary: run the CLI, map the outcome to an exit code
//! (0 hits, 1 no hits, 2 error), and never let a panic's backtrace reach the user.

use std::process::ExitCode;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("newsdex: internal error: {msg}{place}. This is a bug; please report it.");
        std::process::exit(2);
    }));
    newsdex::cli::main()
}
