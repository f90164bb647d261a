//! The `halint` command: argument handling, input, output and exit status.
#![allow(clippy::print_stdout, clippy::print_stderr)] // the CLI is where output belongs

mod args;
mod check;
mod discover;
mod explain;
mod fmt;
mod input;
#[cfg(feature = "lsp")]
mod lsp;
mod output;
mod probe;
mod probe_args;
mod report;
mod write;

use crate::render::{limit::limit_findings, text, FileReport};
use crate::rules::ALL_RULES;
use crate::settings::Settings;
use crate::Linter;
use args::{Cli, ColorChoice, Command, ParseArgs};
use clap::{CommandFactory, Parser};
use output::{emit, emit_bytes, note, stdout_trouble, Trouble};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Exit status: no error-severity finding remains.
pub const EXIT_OK: u8 = 0;
/// Exit status: findings of error severity (or a non-empty `--diff`).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: halint could not do its job.
pub const EXIT_TROUBLE: u8 = 2;

/// The command line's definition (for the man page and completions).
pub fn command() -> clap::Command {
    Cli::command()
}

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let printed = e.print();
            // --help and --version are not usage errors, unless their text was lost.
            return ExitCode::from(if e.use_stderr() || printed.is_err() { EXIT_TROUBLE } else { EXIT_OK });
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::check(&args),
        Command::Parse(args) => parse_command(&args),
        Command::Probe(args) => probe::probe(&args),
        Command::Rules => list_rules(),
        Command::Explain { words, format } => explain::explain(&words.join(" "), format),
        Command::Init { file, output, force } => init(&file, &output, force),
        Command::Fmt(args) => fmt::fmt(&args),
        #[cfg(feature = "lsp")]
        Command::Lsp => lsp::lsp(),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "halint", &mut out);
            emit_bytes(&out).map(|()| EXIT_OK)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Trouble::Message(message)) => {
            note(&format!("halint: error: {message}\n"));
            ExitCode::from(EXIT_TROUBLE)
        }
        Err(Trouble::ClosedPipe) => ExitCode::from(EXIT_TROUBLE),
    }
}

/// `halint init`: drafts `halint.toml` from a config's peers section; never
/// overwrites a file unless asked, and says what to review.
fn init(file: &str, output: &str, force: bool) -> Result<u8, Trouble> {
    let decoded = input::read_input(file).map_err(|e| e.to_string())?;
    let parsed = crate::parse_string(decoded.text);
    let draft = crate::inventory_init::draft(&parsed, file)?;
    if output == "-" {
        emit(&draft.toml)?;
    } else {
        let path = std::path::Path::new(output);
        if path.exists() && !force {
            return Err(format!("'{output}' exists; give --force to replace it").into());
        }
        std::fs::write(path, &draft.toml).map_err(|e| format!("cannot write '{output}': {e}"))?;
        // What was written must read back as an inventory.
        crate::config_file::load(path, &mut Settings::default())?;
        note(&format!("halint: wrote {output}\n"));
    }
    for line in &draft.review {
        note(&format!("review: {line}\n"));
    }
    Ok(EXIT_OK)
}

fn list_rules() -> Result<u8, Trouble> {
    let mut out = String::new();
    // The probe's runtime rules (HA6xx) after the rules of the text.
    for r in ALL_RULES.iter().chain(crate::rules::runtime::RUNTIME_RULES) {
        let m = r.meta();
        let fix = match m.fix {
            crate::rules::FixAvailability::Never => "",
            _ => "fixable",
        };
        out.push_str(&format!(
            "{:<6} {:<32} {:<8} {:<8} {}\n",
            m.code,
            m.name,
            m.severity.as_str(),
            fix,
            m.summary
        ));
    }
    emit(&out)?;
    Ok(EXIT_OK)
}

fn parse_command(args: &ParseArgs) -> Result<u8, Trouble> {
    let decoded = input::read_input(&args.file).map_err(|e| e.to_string())?;
    let parsed = crate::parse_string(decoded.text).with_raw_bytes(decoded.raw_bytes);
    let src = parsed.source();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let written = crate::ast::json::ParseView::new(&parsed, &args.file)
        .write_json(&mut out, threads)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    written.map_err(stdout_trouble)?;
    if !parsed.errors().is_empty() {
        let linter = Linter::new(Settings::default())
            .select(&["syntax-error".into()], &[])
            .map_err(|e| e.to_string())?;
        let diagnostics = linter.check(&parsed);
        let diagnostics = limit_findings(src, &diagnostics);
        let report = FileReport {
            path: &args.file,
            source: src,
            diagnostics: &diagnostics,
            raw_bytes: parsed.has_raw_bytes(),
        };
        note(&text::render_file(&report, text_options(false, ColorChoice::Auto)));
    }
    Ok(EXIT_OK)
}

fn text_options(stdout: bool, choice: ColorChoice) -> text::TextOptions {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let terminal =
                if stdout { std::io::stdout().is_terminal() } else { std::io::stderr().is_terminal() };
            // https://no-color.org: set and not empty.
            terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    text::TextOptions { color, width: 100 }
}
