//! `halint lsp`: a language server for haproxy.cfg, and for the Kubernetes
//! manifests that carry it (checked as `halint check` checks them, see
//! `document.rs`).
//!
//! A thin front end over the library, shaped like ruff's `ruff_server`: it
//! keeps the editor's documents in memory (changes applied in place, never
//! re-read from disk), asks the linter and the formatter for findings and
//! edits in byte spans, and converts spans to the client's position
//! encoding only at its edge ([`position`]). Synchronous on purpose: one
//! client, answers in milliseconds; a burst of changes is linted once,
//! when no more messages wait.
//!
//! [`serve`] runs on any [`Connection`], so tests drive it in memory with
//! [`Connection::memory`].

mod actions;
mod completion;
mod convert;
mod document;
mod hover;
pub mod position;
mod server;
mod symbols;
mod workspace;

pub use actions::FIX_ALL;
pub use lsp_server::Connection;

/// An error that ends the server.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Serves one client on standard input and output until it says `exit`.
pub fn run_stdio() -> Result<(), Error> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection)?;
    io_threads.join()?;
    Ok(())
}

/// Runs the protocol on `connection`: the `initialize` handshake, then
/// messages until `shutdown`.
pub fn serve(connection: Connection) -> Result<(), Error> {
    let (id, params) = connection.initialize_start()?;
    let params: lsp_types::InitializeParams = serde_json::from_value(params)?;
    let mut server = server::Server::new(&params);
    let result = serde_json::json!({
        "capabilities": server.capabilities(),
        "serverInfo": { "name": "halint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    server.run(&connection)
}
