//! What `halint check` prints: the report in the format asked for, the
//! closing summary, `--statistics`, and `--diff`'s diffs.

use super::args::{CheckArgs, ColorChoice};
use super::check::{par_map, Checked};
use super::output::{emit_bytes, note, Trouble};
use super::{text_options, EXIT_FINDINGS, EXIT_OK};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::render::{text, FileReport};

/// Writes the report to standard output, or to `--output-file`.
pub(super) fn write_report(args: &CheckArgs, bytes: &[u8]) -> Result<(), Trouble> {
    match &args.output_file {
        None => emit_bytes(bytes),
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| Trouble::Message(format!("cannot write '{}': {e}", path.display()))),
    }
}

/// One rule's count for `--statistics`.
#[derive(serde::Serialize)]
pub(super) struct RuleCount {
    pub(super) code: &'static str,
    pub(super) rule: &'static str,
    pub(super) count: usize,
    pub(super) fixable: usize,
}

/// Findings per rule, most frequent first (then by code).
pub(super) fn statistics(reports: &[FileReport<'_>]) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = Vec::new();
    for d in reports.iter().flat_map(|r| r.diagnostics) {
        let fixable = usize::from(d.fix.is_some());
        match counts.iter_mut().find(|c| c.rule == d.rule) {
            Some(c) => {
                c.count += 1;
                c.fixable += fixable;
            }
            None => counts.push(RuleCount { code: d.code, rule: d.rule, count: 1, fixable }),
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

pub(super) fn print_human(
    reports: &[FileReport<'_>],
    checked: &[Checked],
    args: &CheckArgs,
) -> Result<(), Trouble> {
    let stdin_fix = args.fix && checked.iter().any(|c| c.path == "-");
    let to_terminal = args.output_file.is_none() && !stdin_fix;
    let opts = text_options(
        true,
        if to_terminal {
            args.color
        } else if args.color == ColorChoice::Always {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        },
    );
    let mut out: String = par_map(reports, |_, r| text::render_file(r, opts)).concat();
    let mut summary = crate::render::json::Summary::default();
    for r in reports {
        summary.add(r.diagnostics);
    }
    if args.fix {
        let applied: usize = checked.iter().filter_map(|c| c.fixed.as_ref()).map(|f| f.applied.len()).sum();
        let line = format!(
            "fixed {applied} finding{}; {} error{}, {} warning{} remain\n",
            plural(applied),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings)
        );
        if args.quiet {
            // Only what remains.
        } else if stdin_fix {
            note(&format!("{out}{line}"));
            return Ok(());
        } else {
            out.push_str(&line);
        }
        if stdin_fix {
            note(&out);
            return Ok(());
        }
    } else if args.quiet {
        // Only the findings.
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
        out.push_str(&format!("found {}{fix_hint}\n", severity_counts(&summary)));
    }
    write_report(args, out.as_bytes())
}

/// `2 errors, 1 warning, 0 infos`.
pub(super) fn severity_counts(summary: &crate::render::json::Summary) -> String {
    let count = |n: usize, what: &str| format!("{n} {what}{}", plural(n));
    format!(
        "{}, {}, {}",
        count(summary.errors, "error"),
        count(summary.warnings, "warning"),
        count(summary.infos, "info")
    )
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub(super) fn print_diffs(checked: &[Checked], args: &CheckArgs) -> Result<u8, Trouble> {
    let mut any = false;
    let mut failing = false;
    for c in checked {
        let Some(f) = &c.fixed else { continue };
        let name = if c.path == "-" { "stdin" } else { c.path.as_str() };
        let diff = crate::unified_diff(name, c.input.source(), &f.output);
        any |= !diff.is_empty();
        // A diff of a file with bytes that are not UTF-8 carries those bytes.
        emit_bytes(&crate::input::encoding::encode(&diff, f.raw_bytes))?;
        failing |= f.remaining.iter().any(|d| {
            d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning)
        });
        if !f.applied.is_empty() {
            note(&format!(
                "{}: {} fix{} would be applied\n",
                c.path,
                f.applied.len(),
                if f.applied.len() == 1 { "" } else { "es" }
            ));
        }
    }
    Ok(if any || failing { EXIT_FINDINGS } else { EXIT_OK })
}
