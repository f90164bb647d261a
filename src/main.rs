//! The `halint` binary: a thin wrapper around [`halint::cli::run`].

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    halint::cli::run()
}
