//! `halint probe`'s options.

use super::args::{ColorChoice, Format};
use std::path::PathBuf;

/// `halint probe`.
#[derive(clap::Args, Debug)]
pub struct ProbeArgs {
    /// The config the instances should run (one shared file, or one per
    /// instance with --local FILE=NAME); none: only the inventory's peers.
    #[arg(value_name = "CONFIG")]
    pub files: Vec<String>,
    /// An instance of the cluster: NAME or NAME=ADDR:PORT (repeatable).
    #[arg(long = "instance", value_name = "NAME[=ADDR:PORT]")]
    pub instances: Vec<String>,
    /// With several configs: FILE=NAME, the instance that runs FILE.
    #[arg(long = "local", value_name = "FILE=NAME")]
    pub locals: Vec<String>,
    /// An instance's runtime API: a Unix socket path or ADDR:PORT
    /// (repeatable; default: the config's `stats socket`).
    #[arg(long = "socket", value_name = "NAME=PATH|ADDR:PORT")]
    pub sockets: Vec<String>,
    /// Seconds allowed for each runtime API command, and for a table entry
    /// to reach the other instances [default: 3, or halint.toml's `[probe] timeout`].
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Test replication: send a request to this instance's frontend and
    /// compare the client's entry on every instance (repeatable).
    #[arg(long = "through", value_name = "NAME=ADDR:PORT")]
    pub through: Vec<String>,
    /// The path requested through --through [default: /, or halint.toml's `[probe] path`].
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    /// Probe again every SECONDS, printing only what changed.
    #[arg(long, value_name = "SECONDS")]
    pub watch: Option<f64>,
    /// With --watch: stop after this many rounds.
    #[arg(long, value_name = "N", requires = "watch")]
    pub rounds: Option<u64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Print only the findings: nothing when there are none.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Colour the human output: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorChoice,
    /// Warnings count as errors for the exit status.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The HAProxy version the instances should run, e.g. 2.6.
    #[arg(long, value_name = "X.Y")]
    pub haproxy_version: Option<String>,
    /// halint.toml to use (default: the first found in this folder or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read any halint.toml.
    #[arg(long)]
    pub isolated: bool,
}
