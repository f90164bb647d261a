//! The language server (placeholder while the formatter lands).

/// Serves one client on standard input and output.
pub fn run_stdio() -> Result<(), String> {
    Err("not yet".into())
}
