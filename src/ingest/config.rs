//! The corpus config file, `newsdex.toml` in the corpus root: settings that belong to a
//! corpus rather than to one run.

use crate::ingest::{FieldMap, ReadOptions};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// `newsdex.toml`. Unknown keys are errors, so a typo does not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusConfig {
    /// Articles without an outlet of their own take their parent folder's name.
    #[serde(default)]
    pub outlet_from_folder: bool,
    /// Source columns for article fields with unusual names, e.g.
    /// `[fields]` / `body = "story_text"` / `outlet = "site"`.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Globs (gitignore syntax, relative to the corpus root) of files and folders to
    /// leave out, as `--exclude` does.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Follow symbolic links, as `--follow` does.
    #[serde(default)]
    pub follow_links: bool,
}

impl CorpusConfig {
    /// Loads `root/newsdex.toml`; a corpus without one gets the defaults.
    pub fn load(root: &Path) -> Result<Self, String> {
        Self::load_from(&root.join(crate::walk::CONFIG_FILE), false)
    }

    /// Loads a config file; a missing one is the defaults unless it was `required`
    /// (named by the user with `--config`).
    pub fn load_from(path: &Path, required: bool) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let config: Self = toml::from_str(&text)
                    .map_err(|e| format!("{}: {}", path.display(), e.message()))?;
                FieldMap::from_map(config.fields.clone())
                    .map_err(|e| format!("{}: [fields]: {e}", path.display()))?;
                Ok(config)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(Self::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            outlet_from_folder: self.outlet_from_folder,
            fields: FieldMap::from_map(self.fields.clone()).unwrap_or_default(),
        }
    }
}
