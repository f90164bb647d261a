//! The command line, as `docs/contract.md` defines it.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Lint and fix haproxy.cfg: keep active-active clusters sharing their stick tables.
#[derive(Parser, Debug)]
#[command(name = "halint", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint configs (`-` reads standard input).
    Check(Box<CheckArgs>),
    /// Print a config's syntax tree as JSON.
    Parse(ParseArgs),
    /// Ask running instances (their runtime API) whether they share their sessions.
    Probe(Box<super::probe_args::ProbeArgs>),
    /// List every rule: code, name, default severity, fixable.
    Rules,
    /// Show a rule's documentation, or what a word of haproxy.cfg is.
    ///
    /// A rule name or code prints the rule's page. Any other word prints every
    /// item of HAProxy's language by that name (keywords, `option` and `timeout`
    /// names, actions, fetches, converters, ACL keywords, match methods and
    /// flags, bind and server options, filters; `hdr` is both a fetch and an
    /// ACL keyword): a one-line summary, arguments where known, and where and
    /// since which version it applies. An unknown word exits 2 with a suggestion.
    Explain {
        /// A rule's name or code (`stick-table-not-shared`, `HA408`), or a word
        /// of haproxy.cfg (`balance`, `set-var`, `req.hdr`, `lower`, `path_beg`),
        /// maybe after the words that lead to it (`option httplog`,
        /// `tcp-request content reject`).
        #[arg(value_name = "RULE|WORD", required = true, num_args = 1..)]
        words: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: ExplainFormat,
    },
    /// Write a halint.toml inventory from a config's peers section.
    Init {
        /// The config (`-`: standard input).
        #[arg(default_value = "haproxy.cfg")]
        file: String,
        /// Where to write it (`-`: standard output).
        #[arg(long, short, default_value = "halint.toml")]
        output: String,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Lay out configs: indentation, blank lines, trailing blanks (never what HAProxy reads).
    Fmt(FmtArgs),
    /// Run the language server over standard input and output (for editors).
    #[cfg(feature = "lsp")]
    Lsp,
    /// Print a shell completion script (e.g. `halint completions bash > /etc/bash_completion.d/halint`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with labels (miette).
    Human,
    /// The JSON document of the contract.
    Json,
    /// GitHub Actions annotations (`::error file=...::...`).
    Github,
    /// SARIF 2.1.0 for code scanning (GitHub, GitLab).
    Sarif,
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// JUnit XML: one testsuite per file, one testcase per finding.
    Junit,
}

/// Output formats of `explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Text for people.
    Human,
    /// `{"version": 1, "word", "rule", "items": [...]}` for tools.
    Json,
}

/// When to colour human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// What an input file is.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// By extension; on standard input, by content.
    Auto,
    /// haproxy.cfg.
    Haproxy,
    /// Kubernetes manifests (YAML).
    K8s,
}

/// `halint check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Config files, Kubernetes manifests (`.yaml`/`.yml`) or folders to
    /// walk (HAProxy configs and manifests carrying them); `-` for standard input.
    #[arg(default_value = ".", value_name = "PATH")]
    pub files: Vec<String>,
    /// In folders, also check files matching this glob, whatever their content (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// In folders, skip files and folders matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Files named on the command line are checked only when a folder walk
    /// would take them (`--exclude`, content): for pre-commit and other
    /// tools that pass every changed file.
    #[arg(long)]
    pub force_exclude: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print only the findings: nothing when there are none.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print how many findings each rule has instead of the findings (human, json).
    #[arg(long)]
    pub statistics: bool,
    /// Colour the human output: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorChoice,
    /// What the files are: `auto` (manifests by extension; on standard
    /// input, YAML with `apiVersion` and `kind`), `haproxy` or `k8s`.
    #[arg(long, value_enum, default_value = "auto")]
    pub input: InputKind,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// An instance of the cluster: NAME or NAME=ADDR:PORT (repeatable).
    #[arg(long = "instance", value_name = "NAME[=ADDR:PORT]")]
    pub instances: Vec<String>,
    /// The local peer name of the file (`haproxy -L`); FILE=NAME with several files.
    #[arg(long = "local", value_name = "NAME|FILE=NAME")]
    pub locals: Vec<String>,
    /// The files are the configs of one cluster's instances: cross-file rules apply.
    #[arg(long)]
    pub cluster: bool,
    /// Print the fixes as a unified diff; write nothing.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Apply the fixes in place (`-`: print the fixed text).
    #[arg(long)]
    pub fix: bool,
    /// With --diff/--fix: include fixes marked unsafe.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Only these rules (names or codes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Not these rules (names or codes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Warnings count as errors for the exit status.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The HAProxy version to check against, e.g. 2.6.
    #[arg(long, value_name = "X.Y")]
    pub haproxy_version: Option<String>,
    /// An environment variable of every instance, for `.if` conditions
    /// (repeatable; wins over halint.toml's `env`).
    #[arg(long = "env", value_name = "NAME=VALUE")]
    pub env: Vec<String>,
    /// halint.toml to use (default: the first found in this folder or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read any halint.toml.
    #[arg(long)]
    pub isolated: bool,
}

/// `halint fmt`.
#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// Config files, or folders to walk (the HAProxy configs `halint check`
    /// would take there; manifests are skipped); `-` reads standard input
    /// and prints the formatted text.
    #[arg(required = true, value_name = "PATH")]
    pub files: Vec<String>,
    /// In folders, also format files matching this glob, whatever their content (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// In folders, skip files and folders matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Files named on the command line are formatted only when a folder
    /// walk would take them (`--exclude`, content): for pre-commit.
    #[arg(long)]
    pub force_exclude: bool,
    /// Write nothing; exit 1 when a file would change.
    #[arg(long)]
    pub check: bool,
    /// Print the changes as a unified diff; write nothing (exit 1 when not empty).
    #[arg(long)]
    pub diff: bool,
    /// Format a file that has syntax errors (the lines holding them stay as written).
    #[arg(long)]
    pub force: bool,
    /// halint.toml to read `[format]` from (default: the first found in this folder or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read any halint.toml.
    #[arg(long)]
    pub isolated: bool,
}

/// `halint parse`.
#[derive(clap::Args, Debug)]
pub struct ParseArgs {
    /// The config file; `-` for standard input.
    pub file: String,
    /// Output format (JSON is the only one).
    #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
    pub format: ParseFormat,
}

/// `halint parse --format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseFormat {
    /// The JSON view of the tree (see the README).
    Json,
}
