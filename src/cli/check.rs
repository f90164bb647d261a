//! `halint check`: files and folders in, findings (or fixes) out, in the
//! format asked for, with the exit status the contract gives.

use super::args::{CheckArgs, Format, InputKind};
use super::output::{emit_bytes, note, Trouble};
use super::report::{plural, print_diffs, print_human, statistics, write_report};
use super::{discover, input, write, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::{json::to_json, limit::limit_findings, FileReport};
use crate::settings::Settings;
use crate::Linter;

/// The files checked together as one cluster's configs: all of them with
/// `--cluster`; with `[files] cluster-per-folder = true` in halint.toml, the
/// configs of each folder that holds two or more (manifests stay alone).
fn cluster_groups(all: bool, per_folder: bool, files: &[String], inputs: &[Input]) -> Vec<Vec<usize>> {
    let configs = (0..files.len()).filter(|&i| matches!(inputs[i], Input::Config(_)));
    if all {
        return vec![configs.collect()];
    }
    if !per_folder {
        return Vec::new();
    }
    let mut by_folder: std::collections::BTreeMap<&std::path::Path, Vec<usize>> = Default::default();
    for i in configs.filter(|&i| files[i] != "-") {
        let folder = std::path::Path::new(&files[i]).parent().unwrap_or(std::path::Path::new(""));
        by_folder.entry(folder).or_default().push(i);
    }
    by_folder.into_values().filter(|g| g.len() >= 2).collect()
}

/// Settings from halint.toml, then the command line on top; and the
/// toml's `[files]` table.
fn settings(args: &CheckArgs) -> Result<(Settings, crate::config_file::FilesTable), String> {
    let mut settings = Settings::default();
    let mut files = crate::config_file::FilesTable::default();
    let config = match &args.config {
        Some(path) => Some(path.clone()),
        None if args.isolated => None,
        None => std::env::current_dir().ok().and_then(|d| crate::config_file::discover(&d)),
    };
    if let Some(path) = config {
        files = crate::config_file::load_all(&path, &mut settings)?;
    }
    if !args.instances.is_empty() {
        settings.instances = crate::settings::parse_instance_args(&args.instances)?;
    }
    if let Some(v) = &args.haproxy_version {
        settings.haproxy_version = Some(v.parse()?);
    }
    for pair in &args.env {
        let (name, value) = crate::settings::parse_env_arg(pair).map_err(|e| format!("--env {pair}: {e}"))?;
        settings.env_overrides.insert(name, value);
    }
    Ok((settings, files))
}

/// The local name of each file from `--local NAME` / `--local FILE=NAME`.
fn local_names(args: &CheckArgs, files: &[String]) -> Result<Vec<Option<String>>, String> {
    let mut names = vec![None; files.len()];
    for l in &args.locals {
        match l.split_once('=') {
            Some((file, name)) => {
                let i = files
                    .iter()
                    .position(|f| f == file)
                    .ok_or_else(|| format!("--local {l}: '{file}' is not one of the files given"))?;
                names[i] = Some(name.to_owned());
            }
            None if files.len() == 1 || args.cluster => {
                names.iter_mut().for_each(|n| *n = Some(l.clone()));
            }
            None => return Err(format!("--local {l}: with several files, write --local FILE=NAME")),
        }
    }
    Ok(names)
}

pub(super) struct Checked {
    pub(super) path: String,
    pub(super) input: Input,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) fixed: Option<crate::FixOutcome>,
}

/// A file as read: a config, or a Kubernetes manifest carrying configs.
pub(super) enum Input {
    Config(crate::Parse),
    Manifest(String),
}

impl Input {
    pub(super) fn source(&self) -> &str {
        match self {
            Input::Config(parse) => parse.source(),
            Input::Manifest(text) => text,
        }
    }

    pub(super) fn has_raw_bytes(&self) -> bool {
        matches!(self, Input::Config(parse) if parse.has_raw_bytes())
    }
}

/// Whether `path`'s text is read as Kubernetes manifests.
fn is_manifest(kind: InputKind, path: &str, text: &str) -> bool {
    match kind {
        InputKind::Haproxy => false,
        InputKind::K8s => true,
        InputKind::Auto if path == "-" => {
            let top = |key: &str| text.lines().any(|l| l.starts_with(key));
            top("apiVersion:") && top("kind:")
        }
        InputKind::Auto => {
            let ext = std::path::Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or_default();
            ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml")
        }
    }
}

/// Runs `f` on every item on all cores; the results keep the items' order.
pub(super) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    // Shared references are items too: one work queue serves both.
    let mut refs: Vec<&T> = items.iter().collect();
    par_map_mut(&mut refs, |i, item| f(i, item))
}

/// [`par_map`] handing each item out mutably (from one queue, in order of
/// need, so a big file does not hold up a thread's share of small ones).
fn par_map_mut<T: Send, R: Send>(items: &mut [T], f: impl Fn(usize, &mut T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter_mut().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let len = items.len();
    let queue = std::sync::Mutex::new(items.iter_mut().enumerate());
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).next();
                        let Some((i, item)) = next else { break };
                        done.push((i, f(i, item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(len).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots.into_iter().map(|r| r.expect("every item was done")).collect()
}

/// Reads and parses one file (or reads one manifest).
fn load(path: &str, kind: InputKind) -> Result<Input, String> {
    // Each text is moved into its parse: a big file is held once.
    let start = std::time::Instant::now();
    let decoded = input::read_input(path).map_err(|e| e.to_string())?;
    crate::profile::step("read", start);
    if is_manifest(kind, path, &decoded.text) {
        if decoded.raw_bytes {
            return Err(format!("'{path}': a Kubernetes manifest must be UTF-8 text"));
        }
        return Ok(Input::Manifest(decoded.text));
    }
    let start = std::time::Instant::now();
    let parse = crate::parse_string(decoded.text).with_raw_bytes(decoded.raw_bytes);
    crate::profile::step("parse", start);
    Ok(Input::Config(parse))
}

/// Runs `halint check`.
pub(super) fn check(args: &CheckArgs) -> Result<u8, Trouble> {
    let (settings, files_table) = settings(args)?;
    if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
        return Err(Trouble::Message("--statistics is printed in the human and json formats only".into()));
    }
    let include: Vec<String> = args.include.iter().chain(&files_table.include).cloned().collect();
    let exclude: Vec<String> = args.exclude.iter().chain(&files_table.exclude).cloned().collect();
    let files =
        discover::expand(&args.files, &discover::Selection::new(&include, &exclude)?, args.force_exclude)?;
    if files.is_empty() {
        note(&format!("halint: no HAProxy config found in {}\n", args.files.join(", ")));
    }
    let locals = local_names(args, &files)?;
    let base = Linter::new(settings.clone()).select(&args.select, &args.ignore)?;
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Trouble::Message("standard input (-) can be given only once".into()));
    }
    if args.fix {
        // Before reading: a FIFO or device would be consumed by the read.
        for path in files.iter().filter(|f| *f != "-") {
            write::check_rewritable(path)?;
        }
        write::clean_up_on_signals();
    }
    let mut inputs: Vec<Input> =
        par_map(&files, |_, path| load(path, args.input)).into_iter().collect::<Result<_, String>>()?;
    if args.cluster && inputs.iter().any(|i| matches!(i, Input::Manifest(_))) {
        let message = "--cluster takes haproxy.cfg files; Kubernetes manifests are checked one by one";
        return Err(Trouble::Message(message.into()));
    }
    let per_file_linter = |i: usize| -> Result<Linter, String> {
        let s = Settings { local: locals[i].clone(), ..settings.clone() };
        Linter::new(s).select(&args.select, &args.ignore)
    };
    let start = std::time::Instant::now();
    let fixing = args.fix || args.diff;
    // With --fix/--diff the findings reported are those left after fixing:
    // checking the text as read would be thrown away.
    let groups = cluster_groups(args.cluster, files_table.cluster_per_folder, &files, &inputs);
    let clustered: Vec<bool> = (0..inputs.len()).map(|i| groups.iter().any(|g| g.contains(&i))).collect();
    // With --fix/--diff the findings reported are those left after fixing:
    // checking the text as read would be thrown away.
    let mut diagnostics: Vec<Vec<Diagnostic>> = if fixing {
        vec![Vec::new(); inputs.len()]
    } else {
        // Each file is lent to its check: the readings of `.if` blocks are
        // made in place (no second tree of a big file).
        let mut alone = par_map_mut(&mut inputs, |i, input| {
            if clustered[i] {
                return Ok(Vec::new());
            }
            let linter = per_file_linter(i)?;
            Ok(match input {
                Input::Config(parse) => linter.check_in_place(parse),
                Input::Manifest(text) => manifest_findings(&files[i], text, &linter),
            })
        })
        .into_iter()
        .collect::<Result<Vec<_>, String>>()?;
        for group in &groups {
            let members: Vec<(&str, &crate::Parse, Option<String>)> = group
                .iter()
                .filter_map(|&i| match &inputs[i] {
                    Input::Config(parse) => Some((files[i].as_str(), parse, locals[i].clone())),
                    Input::Manifest(_) => None,
                })
                .collect();
            for (&i, found) in group.iter().zip(base.check_cluster(&members)) {
                alone[i] = found;
            }
        }
        alone
    };
    crate::profile::step("check", start);
    let mut fixes: Vec<Option<crate::FixOutcome>> = if fixing {
        par_map(&inputs, |i, input| {
            let linter = per_file_linter(i)?;
            Ok(Some(match input {
                Input::Config(parse) => linter.fix_parsed(parse, args.unsafe_fixes),
                Input::Manifest(text) => {
                    let f = linter.fix_manifest(text, args.unsafe_fixes);
                    crate::FixOutcome {
                        output: f.output,
                        applied: f.applied,
                        remaining: f.remaining,
                        raw_bytes: false,
                    }
                }
            }))
        })
        .into_iter()
        .collect::<Result<_, String>>()?
    } else {
        std::iter::repeat_with(|| None).take(inputs.len()).collect()
    };
    let mut checked: Vec<Checked> = Vec::new();
    for (i, (path, input)) in files.iter().zip(inputs).enumerate() {
        checked.push(Checked {
            path: path.clone(),
            input,
            diagnostics: std::mem::take(&mut diagnostics[i]),
            fixed: fixes[i].take(),
        });
    }
    for group in groups.iter().filter(|_| fixing) {
        // Each file was fixed alone; the fixes of the cross-file findings
        // (the inventory's peers section, server names) come next, round
        // after round with each file's own, and what is left across the
        // files comes from checking the fixed texts together.
        let members: Vec<(&str, &str, Option<String>)> = group
            .iter()
            .filter_map(|&i| {
                Some((
                    checked[i].path.as_str(),
                    checked[i].fixed.as_ref()?.output.as_str(),
                    locals[i].clone(),
                ))
            })
            .collect();
        let outcomes = base.fix_cluster(&members, args.unsafe_fixes);
        for (&i, outcome) in group.iter().zip(outcomes) {
            if let Some(f) = &mut checked[i].fixed {
                f.applied.extend(outcome.applied);
                f.output = outcome.output;
                f.remaining = outcome.remaining;
            }
        }
    }
    if args.diff {
        return print_diffs(&checked, args);
    }
    let mut not_written = false;
    if args.fix {
        not_written = write_fixes(&mut checked, &per_file_linter)?;
    }
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|c| match &c.fixed {
            Some(f) if args.fix => FileReport {
                path: &c.path,
                source: &f.output,
                diagnostics: &f.remaining,
                raw_bytes: f.raw_bytes,
            },
            _ => FileReport {
                path: &c.path,
                source: c.input.source(),
                diagnostics: &c.diagnostics,
                raw_bytes: c.input.has_raw_bytes(),
            },
        })
        .collect();
    let failing = reports
        .iter()
        .flat_map(|r| r.diagnostics)
        .any(|d| d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning));
    // Every format shows the same bounded list (see render/limit.rs).
    let limited: Vec<_> = reports.iter().map(|r| limit_findings(r.source, r.diagnostics)).collect();
    let reports: Vec<FileReport<'_>> = reports
        .iter()
        .zip(&limited)
        .map(|(r, l)| FileReport { path: r.path, source: r.source, diagnostics: l, raw_bytes: r.raw_bytes })
        .collect();
    let quiet_and_clean = args.quiet && reports.iter().all(|r| r.diagnostics.is_empty());
    match args.format {
        _ if args.statistics => {
            let stats = statistics(&reports);
            if args.format == Format::Json {
                let text = serde_json::to_string_pretty(&stats).map_err(|e| e.to_string())?;
                write_report(args, format!("{text}\n").as_bytes())?;
            } else if !quiet_and_clean {
                let mut out = String::new();
                for s in &stats {
                    let fixable = if s.fixable > 0 { "[*]" } else { "   " };
                    out.push_str(&format!("{:>6}  {:<6} {fixable} {}\n", s.count, s.code, s.rule));
                }
                if !args.quiet {
                    let total: usize = stats.iter().map(|s| s.count).sum();
                    out.push_str(&format!(
                        "{total} finding{} in {} file{}\n",
                        plural(total),
                        reports.len(),
                        plural(reports.len())
                    ));
                }
                write_report(args, out.as_bytes())?;
            }
        }
        Format::Json => {
            let doc = to_json(&reports);
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            write_report(args, format!("{text}\n").as_bytes())?;
        }
        Format::Sarif => {
            let mut out = Vec::with_capacity(1 << 16);
            crate::render::sarif::write_sarif(&reports, &mut out).map_err(|e| e.to_string())?;
            write_report(args, &out)?;
        }
        Format::Gitlab => {
            let doc = crate::render::gitlab::to_gitlab(&reports);
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            write_report(args, format!("{text}\n").as_bytes())?;
        }
        Format::Junit => write_report(args, crate::render::junit::to_junit(&reports).as_bytes())?,
        Format::Github => write_report(args, crate::render::github::to_github(&reports).as_bytes())?,
        Format::Human if quiet_and_clean => {}
        Format::Human => print_human(&reports, &checked, args)?,
    }
    // The trees of a big config take a while to free, and the process is
    // about to end: leave that to the operating system.
    std::mem::forget(checked);
    Ok(if not_written {
        EXIT_TROUBLE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The findings of a manifest; a manifest that carries no HAProxy config
/// and runs no HAProxy is no error, but the person reading is told.
fn manifest_findings(path: &str, text: &str, linter: &Linter) -> Vec<Diagnostic> {
    let report = linter.check_manifest(text);
    if !report.has_haproxy() && report.diagnostics.is_empty() {
        note(&format!("halint: {path}: no HAProxy config and no HAProxy workload in this manifest\n"));
    }
    report.diagnostics
}

/// Writes each changed file (see `write.rs`); `-` prints the fixed text.
/// A file that cannot be written is named on standard error and reported
/// as it is on disk; the others are still written. Returns whether any
/// file was not written (exit 2).
fn write_fixes(
    checked: &mut [Checked],
    linter_for: &dyn Fn(usize) -> Result<Linter, String>,
) -> Result<bool, Trouble> {
    let (mut written, mut refused) = (Vec::new(), Vec::new());
    for (i, c) in checked.iter_mut().enumerate() {
        let Some(f) = &c.fixed else { continue };
        if c.path == "-" {
            emit_bytes(&f.output_bytes())?;
            continue;
        }
        if f.output == c.input.source() {
            continue;
        }
        let original = crate::input::encoding::encode(c.input.source(), c.input.has_raw_bytes());
        match write::replace(std::path::Path::new(&c.path), &original, &f.output_bytes()) {
            Ok(()) => written.push(c.path.clone()),
            Err(why) => {
                note(&format!("halint: error: {why}\n"));
                refused.push(c.path.clone());
                // Its report is about the text on disk, not fixes never made.
                c.fixed = None;
                let linter = linter_for(i)?;
                c.diagnostics = match &c.input {
                    Input::Config(parse) => linter.check(parse),
                    Input::Manifest(text) => linter.check_manifest(text).diagnostics,
                };
            }
        }
    }
    if !refused.is_empty() {
        let written = if written.is_empty() { "none".to_owned() } else { written.join(", ") };
        note(&format!("halint: not written: {}; written: {written}\n", refused.join(", ")));
    }
    Ok(!refused.is_empty())
}
