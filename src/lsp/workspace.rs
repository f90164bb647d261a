//! What a document's folder says: the halint.toml found above it (cluster
//! inventory, HAProxy version, `[format]`), read again when it changes.

use crate::format::FormatOptions;
use crate::settings::Settings;
use crate::Linter;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The settings of one halint.toml, as last read.
struct Loaded {
    modified: Option<SystemTime>,
    linter: std::sync::Arc<Linter>,
    format: FormatOptions,
    error: Option<String>,
}

/// The halint.toml files seen, by path.
#[derive(Default)]
pub struct Workspace {
    files: FxHashMap<PathBuf, Loaded>,
    default: Option<std::sync::Arc<Linter>>,
}

/// A document's settings.
pub struct DocumentSettings {
    /// The linter with the inventory of the halint.toml.
    pub linter: std::sync::Arc<Linter>,
    /// How to format it.
    pub format: FormatOptions,
    /// Why the halint.toml could not be read, if it could not (shown to the user).
    pub error: Option<String>,
    /// Whether the file was read again since last asked (findings are stale).
    pub reloaded: bool,
}

impl Workspace {
    /// The settings for a document at `path` (`None`: not a file; defaults).
    pub fn settings_for(&mut self, path: Option<&Path>) -> DocumentSettings {
        let Some(toml) = path.and_then(Path::parent).and_then(crate::config_file::discover) else {
            let linter = self.default.get_or_insert_with(|| Linter::new(Settings::default()).into()).clone();
            return DocumentSettings {
                linter,
                format: FormatOptions::default(),
                error: None,
                reloaded: false,
            };
        };
        let modified = std::fs::metadata(&toml).and_then(|m| m.modified()).ok();
        let fresh = self.files.get(&toml).is_some_and(|l| l.modified == modified);
        if !fresh {
            self.files.insert(toml.clone(), load(&toml, modified));
        }
        let loaded = &self.files[&toml];
        DocumentSettings {
            linter: loaded.linter.clone(),
            format: loaded.format,
            error: loaded.error.clone(),
            reloaded: !fresh,
        }
    }
}

fn load(toml: &Path, modified: Option<SystemTime>) -> Loaded {
    let mut settings = Settings::default();
    let read =
        crate::config_file::load(toml, &mut settings).and_then(|()| crate::config_file::load_format(toml));
    let (format, error) = match read {
        Ok(format) => (format, None),
        Err(e) => {
            settings = Settings::default();
            (FormatOptions::default(), Some(e))
        }
    };
    Loaded { modified, linter: Linter::new(settings).into(), format, error }
}
