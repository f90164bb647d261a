//! The `halint` binary: a thin wrapper around [`halint::cli::run`].

fn main() -> std::process::ExitCode {
    halint::cli::run()
}
