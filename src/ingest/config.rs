//! The corpus config file, `newsdex.toml` in the corpus root: settings that belong to a
//! corpus rather than to one run.

use crate::ingest::ReadOptions;
use serde::Deserialize;
use std::path::Path;

/// `newsdex.toml`. Unknown keys are errors, so a typo does not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusConfig {
    /// Articles without an outlet of their own take their parent folder's name.
    #[serde(default)]
    pub outlet_from_folder: bool,
}

impl CorpusConfig {
    /// Loads `root/newsdex.toml`; a corpus without one gets the defaults.
    pub fn load(root: &Path) -> Result<Self, String> {
        let path = root.join(crate::walk::CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            outlet_from_folder: self.outlet_from_folder,
        }
    }
}
