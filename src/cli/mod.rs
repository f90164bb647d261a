//! The `halint` command: argument handling, input, output and exit status.
#![allow(clippy::print_stdout, clippy::print_stderr)] // the CLI is where output belongs

mod args;
mod input;

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Applicability;
use crate::render::{json::to_json, text, FileReport};
use crate::rules::{docs, ALL_RULES};
use crate::settings::{Instance, Settings};
use crate::{parse, Linter};
use args::{CheckArgs, Cli, Command, Format, ParseArgs};
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Exit status: no error-severity finding remains.
pub const EXIT_OK: u8 = 0;
/// Exit status: findings of error severity (or a non-empty `--diff`).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: halint could not do its job.
pub const EXIT_TROUBLE: u8 = 2;

/// Writes to standard output. A reader that went away (`halint rules | head`)
/// is not an error worth a panic: the rest of the output is dropped.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not usage errors.
            return ExitCode::from(if e.use_stderr() { EXIT_TROUBLE } else { EXIT_OK });
        }
    };
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Parse(args) => parse_command(&args),
        Command::Rules => Ok(list_rules()),
        Command::Explain { rule } => explain(&rule),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("halint: error: {message}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

fn list_rules() -> u8 {
    let mut out = String::new();
    for r in ALL_RULES {
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
    emit(&out);
    EXIT_OK
}

fn explain(rule: &str) -> Result<u8, String> {
    let r = crate::rules::find(rule).ok_or_else(|| format!("unknown rule '{rule}' (see `halint rules`)"))?;
    let m = r.meta();
    emit(&format!(
        "# {} ({})\n\nDefault severity: {}.\n\n{}\n",
        m.name,
        m.code,
        m.severity.as_str(),
        docs(m).trim_end()
    ));
    Ok(EXIT_OK)
}

fn parse_command(args: &ParseArgs) -> Result<u8, String> {
    let src = input::read_input(&args.file).map_err(|e| e.to_string())?;
    let parsed = parse(&src);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let written = crate::ast::json::ParseView::new(&parsed, &args.file)
        .write_json(&mut out, threads)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match written {
        // `halint parse f.cfg | head`: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
        Err(e) => return Err(format!("writing JSON: {e}")),
        Ok(()) => {}
    }
    if !parsed.errors().is_empty() {
        let linter = Linter::new(Settings::default())
            .select(&["syntax-error".into()], &[])
            .map_err(|e| e.to_string())?;
        let diagnostics = linter.check(&parsed);
        let report = FileReport { path: &args.file, source: &src, diagnostics: &diagnostics };
        eprint!("{}", text::render_file(&report, text_options(false)));
    }
    Ok(EXIT_OK)
}

fn text_options(stdout: bool) -> text::TextOptions {
    let terminal = if stdout { std::io::stdout().is_terminal() } else { std::io::stderr().is_terminal() };
    let color = terminal && std::env::var_os("NO_COLOR").is_none();
    text::TextOptions { color, width: 100 }
}

/// Settings from halint.toml, then the command line on top.
fn settings(args: &CheckArgs) -> Result<Settings, String> {
    let mut settings = Settings::default();
    let config = match &args.config {
        Some(path) => Some(path.clone()),
        None if args.isolated => None,
        None => std::env::current_dir().ok().and_then(|d| crate::config_file::discover(&d)),
    };
    if let Some(path) = config {
        crate::config_file::load(&path, &mut settings)?;
    }
    if !args.instances.is_empty() {
        settings.instances =
            args.instances.iter().map(|a| Instance::parse_arg(a)).collect::<Result<_, _>>()?;
        crate::settings::check_inventory(&settings.instances)
            .map_err(|(i, e)| format!("--instance {}: {e}", args.instances[i]))?;
    }
    if let Some(v) = &args.haproxy_version {
        settings.haproxy_version = Some(v.parse()?);
    }
    Ok(settings)
}

/// The local name of each file from `--local NAME` / `--local FILE=NAME`.
fn local_names(args: &CheckArgs) -> Result<Vec<Option<String>>, String> {
    let mut names = vec![None; args.files.len()];
    for l in &args.locals {
        match l.split_once('=') {
            Some((file, name)) => {
                let i = args
                    .files
                    .iter()
                    .position(|f| f == file)
                    .ok_or_else(|| format!("--local {l}: '{file}' is not one of the files given"))?;
                names[i] = Some(name.to_owned());
            }
            None if args.files.len() == 1 || args.cluster => {
                names.iter_mut().for_each(|n| *n = Some(l.clone()));
            }
            None => return Err(format!("--local {l}: with several files, write --local FILE=NAME")),
        }
    }
    Ok(names)
}

struct Checked {
    path: String,
    parse: crate::Parse,
    diagnostics: Vec<Diagnostic>,
    fixed: Option<crate::FixOutcome>,
}

fn check(args: &CheckArgs) -> Result<u8, String> {
    let settings = settings(args)?;
    let locals = local_names(args)?;
    let base = Linter::new(settings.clone()).select(&args.select, &args.ignore)?;
    if args.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err("standard input (-) can be given only once".into());
    }
    let mut parses = Vec::new();
    for path in &args.files {
        // Each text is moved into its parse: a big file is held once.
        let start = std::time::Instant::now();
        let text = input::read_input(path).map_err(|e| e.to_string())?;
        crate::profile::step("read", start);
        let start = std::time::Instant::now();
        parses.push(crate::parse_string(text));
        crate::profile::step("parse", start);
    }
    let per_file_linter = |i: usize| -> Result<Linter, String> {
        let s = Settings { local: locals[i].clone(), ..settings.clone() };
        Linter::new(s).select(&args.select, &args.ignore)
    };
    let start = std::time::Instant::now();
    let fixing = args.fix || args.diff;
    // With --fix/--diff the findings reported are those left after fixing:
    // checking the text as read would be thrown away.
    let mut diagnostics: Vec<Vec<Diagnostic>> = if fixing {
        vec![Vec::new(); parses.len()]
    } else if args.cluster {
        let files: Vec<(&str, &crate::Parse, Option<String>)> = args
            .files
            .iter()
            .zip(&parses)
            .zip(&locals)
            .map(|((p, parse), l)| (p.as_str(), parse, l.clone()))
            .collect();
        base.check_cluster(&files)
    } else {
        (0..parses.len())
            .map(|i| per_file_linter(i).map(|l| l.check(&parses[i])))
            .collect::<Result<_, _>>()?
    };
    crate::profile::step("check", start);
    let mut checked: Vec<Checked> = Vec::new();
    for (i, (path, parse)) in args.files.iter().zip(parses).enumerate() {
        let fixed = if args.fix || args.diff {
            Some(per_file_linter(i)?.fix_parsed(&parse, args.unsafe_fixes))
        } else {
            None
        };
        checked.push(Checked {
            path: path.clone(),
            parse,
            diagnostics: std::mem::take(&mut diagnostics[i]),
            fixed,
        });
    }
    if fixing && args.cluster {
        // Each file was fixed alone; what is left across the files comes
        // from checking the fixed texts together.
        let outputs: Vec<crate::Parse> =
            checked.iter().filter_map(|c| c.fixed.as_ref()).map(|f| crate::parse(&f.output)).collect();
        let files: Vec<(&str, &crate::Parse, Option<String>)> = checked
            .iter()
            .zip(&outputs)
            .zip(&locals)
            .map(|((c, parse), l)| (c.path.as_str(), parse, l.clone()))
            .collect();
        let remaining = base.check_cluster(&files);
        for (c, r) in checked.iter_mut().zip(remaining) {
            if let Some(f) = &mut c.fixed {
                f.remaining = r;
            }
        }
    }
    if args.diff {
        return Ok(print_diffs(&checked, args));
    }
    if args.fix {
        write_fixes(&mut checked)?;
    }
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|c| match &c.fixed {
            Some(f) if args.fix => FileReport { path: &c.path, source: &f.output, diagnostics: &f.remaining },
            _ => FileReport { path: &c.path, source: c.parse.source(), diagnostics: &c.diagnostics },
        })
        .collect();
    let failing = reports
        .iter()
        .flat_map(|r| r.diagnostics)
        .any(|d| d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning));
    match args.format {
        Format::Json => {
            let doc = to_json(&reports);
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            emit(&format!("{text}\n"));
        }
        Format::Sarif => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            match crate::render::sarif::write_sarif(&reports, &mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(format!("writing SARIF: {e}"))
                }
                _ => {}
            }
        }
        Format::Github => emit(&crate::render::github::to_github(&reports)),
        Format::Human => print_human(&reports, &checked, args),
    }
    // The trees of a big config take a while to free, and the process is
    // about to end: leave that to the operating system.
    std::mem::forget(checked);
    Ok(if failing { EXIT_FINDINGS } else { EXIT_OK })
}

fn print_human(reports: &[FileReport<'_>], checked: &[Checked], args: &CheckArgs) {
    let opts = text_options(true);
    let mut out = String::new();
    for r in reports {
        out.push_str(&text::render_file(r, opts));
    }
    let mut summary = crate::render::json::Summary::default();
    for r in reports {
        summary.add(r.diagnostics);
    }
    if args.fix {
        let applied: usize = checked.iter().filter_map(|c| c.fixed.as_ref()).map(|f| f.applied.len()).sum();
        let stdin_fix = args.files.iter().any(|f| f == "-");
        let line = format!(
            "fixed {applied} finding{}; {} error{}, {} warning{} remain\n",
            plural(applied),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings)
        );
        if stdin_fix {
            eprint!("{out}{line}");
            return;
        }
        out.push_str(&line);
    } else if summary.errors + summary.warnings + summary.infos == 0 {
        out.push_str(&format!("{} file{} checked: no findings\n", summary.files, plural(summary.files)));
    } else {
        let all = reports.iter().flat_map(|r| r.diagnostics);
        let safe = all
            .clone()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
            .count();
        let unsafe_only = summary.fixable - safe;
        let fix_hint = match (safe, unsafe_only) {
            (0, 0) => String::new(),
            (s, 0) => format!("; {s} fixable with --fix (preview: --diff)"),
            (0, u) => format!("; {u} fixable with --fix --unsafe-fixes (preview: --diff --unsafe-fixes)"),
            (s, u) => format!("; {s} fixable with --fix, {u} more with --unsafe-fixes (preview: --diff)"),
        };
        out.push_str(&format!(
            "found {} error{}, {} warning{}, {} info{}{fix_hint}\n",
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings),
            summary.infos,
            plural(summary.infos)
        ));
    }
    emit(&out);
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn print_diffs(checked: &[Checked], args: &CheckArgs) -> u8 {
    let mut any = false;
    let mut failing = false;
    for c in checked {
        let Some(f) = &c.fixed else { continue };
        let name = if c.path == "-" { "stdin" } else { c.path.as_str() };
        let diff = crate::unified_diff(name, c.parse.source(), &f.output);
        any |= !diff.is_empty();
        emit(&diff);
        failing |= f.remaining.iter().any(|d| {
            d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning)
        });
        if !f.applied.is_empty() {
            eprintln!(
                "{}: {} fix{} would be applied",
                c.path,
                f.applied.len(),
                if f.applied.len() == 1 { "" } else { "es" }
            );
        }
    }
    if any || failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Writes each changed file atomically (temporary file in the same folder,
/// then rename), keeping its permissions; `-` prints the fixed text.
fn write_fixes(checked: &mut [Checked]) -> Result<(), String> {
    for c in checked.iter() {
        let Some(f) = &c.fixed else { continue };
        if c.path == "-" {
            emit(&f.output);
            continue;
        }
        if f.output == c.parse.source() {
            continue;
        }
        write_atomically(Path::new(&c.path), &f.output)?;
    }
    Ok(())
}

fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.halint-{}.tmp", std::process::id()));
    let perms = std::fs::metadata(path).map_err(|e| format!("'{}': {e}", path.display()))?.permissions();
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&tmp, perms)?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write '{}': {e}", path.display())
    })
}
