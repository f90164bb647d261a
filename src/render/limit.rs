//! A bound on what one file can print, whatever its text.
//!
//! A file of NUL bytes or of `\x` escapes holds one finding every byte or
//! two, and each finding reprints its line: 64 KiB of NULs took minutes and
//! gigabytes of human output. As ruff bounds its output, a rule shows at most
//! [`MAX_PER_LINE`] findings per line and [`MAX_PER_FILE`] per file; the rest
//! are counted in one closing finding per rule, in every format.

use crate::diagnostic::Diagnostic;
use crate::span::LineIndex;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// The most findings of one rule shown on one line.
pub const MAX_PER_LINE: usize = 10;

/// The most findings of one rule shown in one file (the benchmark's many
/// findings case has 10,000).
pub const MAX_PER_FILE: usize = 20_000;

/// What was left out of one rule's findings.
struct LeftOut {
    count: usize,
    /// The first finding left out: the summary stands at its place.
    first: usize,
    severity: crate::diagnostic::Severity,
}

/// The findings of a file (sorted by position, as the linter returns them)
/// within the limits, plus one summary per rule that had more.
pub fn limit_findings<'d>(source: &str, diagnostics: &'d [Diagnostic]) -> Cow<'d, [Diagnostic]> {
    let mut per_file: FxHashMap<&str, usize> = FxHashMap::default();
    let mut per_line: FxHashMap<(&str, usize), usize> = FxHashMap::default();
    let mut left: FxHashMap<&str, LeftOut> = FxHashMap::default();
    let mut keep = vec![true; diagnostics.len()];
    let mut index = None;
    for (i, d) in diagnostics.iter().enumerate() {
        let in_file = per_file.entry(d.rule).or_default();
        *in_file += 1;
        // Only a file with many findings needs its lines counted.
        let line = if diagnostics.len() > MAX_PER_LINE {
            let index = index.get_or_insert_with(|| LineIndex::new(source));
            index.line_col(source, d.span.start.min(source.len() as u32)).line as usize
        } else {
            0
        };
        let on_line = per_line.entry((d.rule, line)).or_default();
        *on_line += 1;
        if *in_file > MAX_PER_FILE || *on_line > MAX_PER_LINE {
            keep[i] = false;
            let entry = left.entry(d.rule).or_insert(LeftOut { count: 0, first: i, severity: d.severity });
            entry.count += 1;
            entry.severity = entry.severity.max(d.severity);
        }
    }
    if left.is_empty() {
        return Cow::Borrowed(diagnostics);
    }
    let mut out: Vec<Diagnostic> =
        diagnostics.iter().zip(&keep).filter(|(_, k)| **k).map(|(d, _)| d.clone()).collect();
    let mut summaries: Vec<&LeftOut> = left.values().collect();
    summaries.sort_by_key(|l| l.first);
    for l in summaries {
        let first = &diagnostics[l.first];
        let plural = if l.count == 1 { "" } else { "s" };
        out.push(Diagnostic {
            rule: first.rule,
            code: first.code,
            severity: l.severity,
            message: format!("{} more finding{plural} of `{}` left out", l.count, first.rule),
            span: first.span,
            label: Some("the first left out".into()),
            labels: Vec::new(),
            help: Some(format!(
                "halint shows at most {MAX_PER_LINE} findings of a rule per line and {MAX_PER_FILE} per file; \
                 fix these and check again"
            )),
            fix: None,
            embedded: first.embedded.clone(),
        });
    }
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    fn findings(src: &str) -> Vec<Diagnostic> {
        Linter::new(crate::settings::Settings::default()).check(&crate::parse(src))
    }

    #[test]
    fn a_run_of_nul_bytes_is_one_finding() {
        let src = format!("global\n    maxconn 1{}\n", "\0".repeat(65536));
        let d = findings(&src);
        assert_eq!(d.iter().filter(|d| d.rule == "syntax-error").count(), 1);
    }

    #[test]
    fn findings_past_the_limits_are_summed_up() {
        // `\x` alone is a bad escape: two bytes per finding.
        let line = format!("global\n    x {}\n", "\\x".repeat(50));
        let d = findings(&line);
        let limited = limit_findings(&line, &d);
        let syntax: Vec<&Diagnostic> = limited.iter().filter(|d| d.rule == "syntax-error").collect();
        assert_eq!(syntax.len(), MAX_PER_LINE + 1);
        assert!(syntax.iter().any(|d| d.message == "40 more findings of `syntax-error` left out"));
        // Many lines: the file's limit.
        let many = format!("global\n{}", "    x \\x\n".repeat(MAX_PER_FILE + 5));
        let d = findings(&many);
        let limited = limit_findings(&many, &d);
        let syntax = limited.iter().filter(|d| d.rule == "syntax-error").count();
        assert_eq!(syntax, MAX_PER_FILE + 1);
        // Within the limits, nothing is copied.
        let few = findings("global\n    x \\x\n");
        assert!(matches!(limit_findings("global\n    x \\x\n", &few), Cow::Borrowed(_)));
    }
}
