//! Reading configs: files and standard input, with the errors a person can act on.

use crate::input::encoding::Decoded;
use std::io::Read;

/// Why a file could not be read (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Missing, unreadable...
    #[error("cannot read '{path}': {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A directory was given.
    #[error("'{path}' is a directory, not a config file")]
    Directory {
        /// The path.
        path: String,
    },
    /// Not UTF-8 text, in a way halint could not write back exactly.
    #[error("'{path}': {source}")]
    NotText {
        /// The path.
        path: String,
        /// The cause.
        source: crate::input::encoding::DecodeError,
    },
    /// Too big for byte offsets of 32 bits.
    #[error("'{path}' is larger than 4 GiB")]
    TooLarge {
        /// The path.
        path: String,
    },
}

/// Reads `path` (`-` = standard input) as text.
pub fn read_input(path: &str) -> Result<Decoded, InputError> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| InputError::Io { path: path.into(), source })?;
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(|source| InputError::Io { path: path.into(), source })?;
        if meta.is_dir() {
            return Err(InputError::Directory { path: path.into() });
        }
        std::fs::read(path).map_err(|source| InputError::Io { path: path.into(), source })?
    };
    if bytes.len() >= u32::MAX as usize {
        return Err(InputError::TooLarge { path: path.into() });
    }
    // HAProxy reads bytes: those that are not UTF-8 are kept (rule invalid-utf8).
    crate::input::encoding::decode(bytes).map_err(|source| InputError::NotText { path: path.into(), source })
}
