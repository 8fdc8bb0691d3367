//! Printers: they render what search returned and never query the index. Human output
//! is for people (colour only when asked or on a terminal without NO_COLOR); JSON Lines
//! is a documented, versioned wire format for programs.

pub mod analyzed;
pub mod csv;
pub mod entities;
pub mod fields;
pub mod hits;
pub mod human;
pub mod json;
pub mod kwic;
pub mod show;
pub mod stats;

use std::io::IsTerminal;

/// The version of the JSON Lines wire format; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Colour on when asked, or (auto) when stdout is a terminal and NO_COLOR is unset or empty.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}
