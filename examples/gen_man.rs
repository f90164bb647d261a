//! Writes halint's man pages (`doc/man/halint.1` and one per subcommand,
//! `halint-check.1`...) from the command line's definition:
//!
//!     cargo run --example gen_man
//!
//! `tests/man_page.rs` fails when the checked-in pages are not current.

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("doc/man");
    std::fs::create_dir_all(&dir)?;
    clap_mangen::generate_to(halint::cli::command(), &dir)
}
