//! Reading configs: files and standard input, with the errors a person can act on.
//!
//! Reading is bounded: a file's size is checked before it is read, and every
//! read stops one byte past the limit (`/dev/zero` grew without end before).
//! A named pipe with no writer would block forever: halint waits a few
//! seconds for data, then gives up. Standard input may block (it is the
//! user's own pipe), but is bounded in size too.

use crate::input::encoding::Decoded;
use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

/// The most halint reads of one config. The largest benchmark config
/// (50,000 backends) is 25 MB; spans are 32-bit, so 4 GiB is the hard limit.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// How long a named pipe may go without a writer or data.
const FIFO_WAIT: Duration = Duration::from_secs(3);

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
    /// Larger than [`MAX_INPUT_BYTES`].
    #[error("'{path}' is larger than {} MiB, the most halint reads", MAX_INPUT_BYTES >> 20)]
    TooLarge {
        /// The path.
        path: String,
    },
    /// A named pipe nothing was written to.
    #[error("'{path}' is a named pipe and nothing was written to it within {} s", FIFO_WAIT.as_secs())]
    NoWriter {
        /// The path.
        path: String,
    },
}

/// Reads all of `reader`, refusing more than `limit` bytes without reading them.
fn read_limited(reader: impl Read, limit: u64, path: &str) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|source| InputError::Io { path: path.into(), source })?;
    if buf.len() as u64 > limit {
        return Err(InputError::TooLarge { path: path.into() });
    }
    Ok(buf)
}

/// Whether `meta` is that of a named pipe.
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Reads a named pipe on a helper thread: opening blocks until a writer
/// comes, and reading until it writes. Without either within `wait`, the
/// thread is left blocked (the process is about to exit with status 2).
fn read_fifo(path: &str, wait: Duration) -> Result<Vec<u8>, InputError> {
    enum Step {
        Started,
        Done(Result<Vec<u8>, InputError>),
    }
    let (tx, rx) = mpsc::channel();
    let owned = path.to_owned();
    std::thread::spawn(move || {
        let result = (|| {
            let io = |source| InputError::Io { path: owned.clone(), source };
            let mut file = std::fs::File::open(&owned).map_err(io)?;
            let mut first = [0u8; 1];
            let n = file.read(&mut first).map_err(io)?;
            let _ = tx.send(Step::Started);
            let mut bytes = first[..n].to_vec();
            if n > 0 {
                bytes.extend(read_limited(file, MAX_INPUT_BYTES - 1, &owned)?);
            }
            Ok(bytes)
        })();
        let _ = tx.send(Step::Done(result));
    });
    match rx.recv_timeout(wait) {
        Ok(Step::Started) => match rx.recv() {
            Ok(Step::Done(result)) => result,
            _ => Err(InputError::NoWriter { path: path.into() }),
        },
        Ok(Step::Done(result)) => result,
        Err(_) => Err(InputError::NoWriter { path: path.into() }),
    }
}

/// Reads `path` (`-` = standard input) as text.
pub fn read_input(path: &str) -> Result<Decoded, InputError> {
    let bytes = if path == "-" {
        read_limited(std::io::stdin().lock(), MAX_INPUT_BYTES, path)?
    } else {
        let meta = std::fs::metadata(path).map_err(|source| InputError::Io { path: path.into(), source })?;
        if meta.is_dir() {
            return Err(InputError::Directory { path: path.into() });
        }
        // A regular file's size is known: no need to read a 4 GiB one to refuse it.
        if meta.len() > MAX_INPUT_BYTES {
            return Err(InputError::TooLarge { path: path.into() });
        }
        if is_fifo(&meta) {
            read_fifo(path, FIFO_WAIT)?
        } else {
            let file =
                std::fs::File::open(path).map_err(|source| InputError::Io { path: path.into(), source })?;
            read_limited(file, MAX_INPUT_BYTES, path)?
        }
    };
    // HAProxy reads bytes: those that are not UTF-8 are kept (rule invalid-utf8).
    crate::input::encoding::decode(bytes).map_err(|source| InputError::NotText { path: path.into(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_past_the_limit() {
        let endless = std::io::repeat(0);
        assert!(matches!(read_limited(endless, 10, "x"), Err(InputError::TooLarge { .. })));
        assert_eq!(read_limited(&b"0123456789"[..], 10, "x").ok(), Some(b"0123456789".to_vec()));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_without_writer_times_out() {
        let dir = std::env::temp_dir().join(format!("halint-fifo-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("pipe");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let path = fifo.to_str().unwrap();
        let result = read_fifo(path, Duration::from_millis(200));
        assert!(matches!(result, Err(InputError::NoWriter { .. })));
        // Let the reader left waiting see an end of file, so that it takes
        // nothing from the next writer.
        drop(std::fs::OpenOptions::new().write(true).open(&fifo).unwrap());
        std::thread::sleep(Duration::from_millis(200));
        // With a writer, the text comes through.
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, "global\n").unwrap())
        };
        assert_eq!(read_fifo(path, Duration::from_secs(5)).ok(), Some(b"global\n".to_vec()));
        writer.join().unwrap();
    }
}
