//! `halint fmt`: the formatter's edits applied to files (folders walked as
//! `halint check` walks them), shown as a diff, or only checked. Exit status: 0 nothing (left) to change; 1 `--check` or
//! `--diff` found changes, or a file has syntax errors (without `--force`);
//! 2 halint could not do its job.

use super::args::{ColorChoice, FmtArgs};
use super::output::{emit_bytes, note, Trouble};
use super::{discover, input, text_options, write, EXIT_FINDINGS, EXIT_OK};
use crate::format::{format_edits, FormatOptions};
use crate::input::encoding::encode;
use crate::render::{text, FileReport};
use crate::{Linter, Settings};

/// Runs `halint fmt`.
pub(super) fn fmt(args: &FmtArgs) -> Result<u8, Trouble> {
    let config = config_path(args);
    let options = config.as_deref().map_or(Ok(FormatOptions::default()), crate::config_file::load_format)?;
    let files = files(args, config.as_deref())?;
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Trouble::Message("standard input (-) can be given only once".into()));
    }
    let writing = !args.check && !args.diff;
    if writing {
        for path in files.iter().filter(|f| *f != "-") {
            write::check_rewritable(path)?;
        }
        write::clean_up_on_signals();
    }
    let mut status = EXIT_OK;
    for path in &files {
        let decoded = input::read_input(path).map_err(|e| e.to_string())?;
        let parse = crate::parse_string(decoded.text).with_raw_bytes(decoded.raw_bytes);
        if !parse.errors().is_empty() && !args.force {
            report_syntax_errors(path, &parse)?;
            status = EXIT_FINDINGS;
            continue;
        }
        let edits = format_edits(&parse, &options);
        let formatted = crate::format::apply_edits(parse.source(), &edits);
        let raw = parse.has_raw_bytes();
        if args.diff {
            let name = if path == "-" { "stdin" } else { path.as_str() };
            let diff = crate::unified_diff(name, parse.source(), &formatted);
            if !diff.is_empty() {
                emit_bytes(&encode(&diff, raw))?;
                status = EXIT_FINDINGS;
            }
        } else if args.check {
            if !edits.is_empty() {
                note(&format!("would reformat {path}\n"));
                status = EXIT_FINDINGS;
            }
        } else if path == "-" {
            emit_bytes(&encode(&formatted, raw))?;
        } else if !edits.is_empty() {
            let original = encode(parse.source(), raw);
            write::replace(std::path::Path::new(path), &original, &encode(&formatted, raw))?;
            note(&format!("reformatted {path}\n"));
        }
    }
    Ok(status)
}

/// The halint.toml given, or found in this folder or a parent.
fn config_path(args: &FmtArgs) -> Option<std::path::PathBuf> {
    match &args.config {
        Some(path) => Some(path.clone()),
        None if args.isolated => None,
        None => std::env::current_dir().ok().and_then(|d| crate::config_file::discover(&d)),
    }
}

/// The files to format: each folder walked as `halint check` walks it (the
/// `--include`/`--exclude` globs and `[files]` of halint.toml), keeping the
/// HAProxy configs. A manifest named on the command line is refused (read
/// as a config it would be re-indented as one, and its YAML broken); the
/// ones a walk or `--force-exclude` let through are skipped.
fn files(args: &FmtArgs, config: Option<&std::path::Path>) -> Result<Vec<String>, Trouble> {
    let is_yaml = |p: &str| {
        let ext = std::path::Path::new(p).extension().and_then(|e| e.to_str()).unwrap_or_default();
        ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml")
    };
    let named_manifest = args.files.iter().find(|p| is_yaml(p) && !std::path::Path::new(p).is_dir());
    if let (Some(path), false) = (named_manifest, args.force_exclude) {
        return Err(Trouble::Message(format!(
            "'{path}': halint fmt formats haproxy.cfg files, not Kubernetes manifests"
        )));
    }
    let table = config.map_or(Ok(Default::default()), crate::config_file::load_files)?;
    let include: Vec<String> = args.include.iter().chain(&table.include).cloned().collect();
    let exclude: Vec<String> = args.exclude.iter().chain(&table.exclude).cloned().collect();
    let selection = discover::Selection::new(&include, &exclude)?;
    let mut files = discover::expand(&args.files, &selection, args.force_exclude)?;
    files.retain(|f| !is_yaml(f));
    if files.is_empty() {
        note(&format!("halint: no HAProxy config found in {}\n", args.files.join(", ")));
    }
    Ok(files)
}

/// Prints a file's syntax errors as `halint check` would, and why it was not formatted.
fn report_syntax_errors(path: &str, parse: &crate::Parse) -> Result<(), Trouble> {
    let linter =
        Linter::new(Settings::default()).select(&["syntax-error".into()], &[]).map_err(Trouble::Message)?;
    let diagnostics = linter.check(parse);
    let report = FileReport {
        path,
        source: parse.source(),
        diagnostics: &diagnostics,
        raw_bytes: parse.has_raw_bytes(),
    };
    note(&text::render_file(&report, text_options(false, ColorChoice::Auto)));
    note(&format!("halint: {path} has syntax errors: not formatted (--force formats the other lines)\n"));
    Ok(())
}
