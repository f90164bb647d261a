//! Standard output and error without panics: `print!` panics when a write
//! fails, and a report that did not reach its reader must not exit 0.

use std::io::Write;

/// Why a command stopped short of its job (exit status 2).
#[derive(Debug)]
pub enum Trouble {
    /// Said on standard error as `halint: error: ...`.
    Message(String),
    /// The reader of standard output went away (`halint rules | head`):
    /// nobody is left to tell, so exit 2 quietly.
    ClosedPipe,
}

impl From<String> for Trouble {
    fn from(message: String) -> Self {
        Trouble::Message(message)
    }
}

/// A failed write to standard output, as the user should hear of it.
pub fn stdout_trouble(e: std::io::Error) -> Trouble {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Trouble::ClosedPipe
    } else {
        Trouble::Message(format!("writing to standard output: {e}"))
    }
}

/// Writes `text` to standard output and flushes it.
pub fn emit(text: &str) -> Result<(), Trouble> {
    emit_bytes(text.as_bytes())
}

/// [`emit`] for text that stands for bytes that are not all UTF-8.
pub fn emit_bytes(bytes: &[u8]) -> Result<(), Trouble> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(stdout_trouble)
}

/// Writes `text` to standard error. A failure there has nowhere to be
/// reported, so it is dropped (the exit status still tells).
pub fn note(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}
