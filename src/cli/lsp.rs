//! `halint lsp`: the language server on standard input and output.

use super::output::Trouble;
use super::EXIT_OK;

/// Serves one client until it says `exit`.
pub(super) fn lsp() -> Result<u8, Trouble> {
    crate::lsp::run_stdio().map_err(|e| Trouble::Message(format!("language server: {e}")))?;
    Ok(EXIT_OK)
}
