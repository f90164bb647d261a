//! Reading configs: files and standard input, with the errors a person can act on.

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
    /// Not UTF-8 text.
    #[error("'{path}' is not UTF-8 text: invalid byte 0x{byte:02x} at line {line}, column {column}")]
    NotText {
        /// The path.
        path: String,
        /// The first invalid byte.
        byte: u8,
        /// Its 1-based line.
        line: usize,
        /// Its 1-based column (in characters).
        column: usize,
    },
    /// Too big for byte offsets of 32 bits.
    #[error("'{path}' is larger than 4 GiB")]
    TooLarge {
        /// The path.
        path: String,
    },
}

/// Reads `path` (`-` = standard input) as UTF-8 text.
pub fn read_input(path: &str) -> Result<String, InputError> {
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
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        // `before` is valid UTF-8 up to `at`.
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        InputError::NotText { path: path.into(), byte: bytes[at], line, column }
    })
}
