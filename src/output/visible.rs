//! Text from the data made safe for a terminal: control characters (escape sequences
//! that clear the screen, set the title, write the clipboard or plant links), carriage
//! returns and the bidirectional overrides that reorder what a line seems to say are
//! shown as visible escapes (`\x1b`, `\u{202e}`) instead of being sent to the terminal.
//! Human output passes every piece of article text, metadata and file name through
//! here; JSON escapes control characters itself.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw (with `keep_newlines`, `\n` may).
fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    match c {
        '\t' => false,
        '\n' => !keep_newlines,
        c if c.is_control() => true,
        // Bidirectional embeddings, overrides and isolates; line and paragraph separators.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c, keep_newlines) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// One line of text (a title, an outlet, a path, a passage): every control character,
/// newlines included, escaped.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A block of text (an article's full text): newlines kept, other controls escaped.
pub fn block(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            line("Oil prices – «up» 5%\tnow"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(line("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(line("\x1b]52;c;aGk=\x07"), "\\x1b]52;c;aGk=\\x07");
        assert_eq!(line("x\ry\nz\x7f"), "x\\x0dy\\x0az\\x7f");
        assert_eq!(line("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(line("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(block("one\ntwo\x1b"), "one\ntwo\\x1b");
    }

    #[test]
    fn nothing_unsafe_survives() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let out = line(&all);
        assert!(!out.chars().any(|c| is_unsafe(c, false)));
    }
}
