//! The `halint` binary (the command line arrives with the lint engine).

fn main() {}
