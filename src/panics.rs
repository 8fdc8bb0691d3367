//! Panics never reach the user as a backtrace, and one bad input never ends a run.
//! The hook only records the last panic's message and place; the places that can contain
//! a failure catch it: one file of an indexing run (skipped with the reason), one query
//! of a batch (reported as failed), one HTML page, and the whole command (exit code 2
//! with a one-line message).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

static LAST: Mutex<Option<String>> = Mutex::new(None);

/// Installs the hook that records panics instead of printing them.
pub fn install_hook() {
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
        if let Ok(mut last) = LAST.lock() {
            *last = Some(format!("{msg}{place}"));
        }
    }));
}

/// The last panic's message and place.
pub fn last_message() -> String {
    LAST.lock()
        .ok()
        .and_then(|l| l.clone())
        .unwrap_or_else(|| "unknown cause".into())
}

/// Runs `f`; a panic inside it becomes `Err` with the panic's message.
pub fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| last_message())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_contained_with_its_message() {
        install_hook();
        let r: Result<(), String> = contain(|| panic!("boom {}", 7));
        let msg = r.unwrap_err();
        assert!(msg.starts_with("boom 7 at src/panics.rs:"), "{msg}");
        assert_eq!(contain(|| 3), Ok(3));
    }
}
