//! Enums with stable names: one list gives each variant its name on the command line
//! (and in files), its help line and its parser, so that the layers below `cli` need
//! no command-line crate. `cli` turns any `Choice` into a flag value parser.

/// An enum whose variants have stable names.
pub trait Choice: Copy + Send + Sync + 'static {
    /// Every variant, in the order `--help` lists them.
    const ALL: &'static [Self];
    /// The variant's name as typed (`score`, `-date`, `entity-type`).
    fn choice_name(self) -> &'static str;
    /// One line saying what the variant means.
    fn choice_help(self) -> &'static str;

    /// The variant named `name`, or `None`.
    fn from_choice_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.choice_name() == name)
    }
}

/// Declares an enum and its `Choice` names:
/// `choice_enum! { pub enum Sort { /// Best first. Score = "score", ... } }`.
#[macro_export]
macro_rules! choice_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[doc = $doc])* $variant ),+
        }

        impl $crate::choice::Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];

            fn choice_name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            fn choice_help(self) -> &'static str {
                match self {
                    $($name::$variant => concat!($($doc),*)),+
                }
            }
        }
    };
}
