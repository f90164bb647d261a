//! Human output through miette: the source lines, labels, help, rule name and code.

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

/// How to draw.
#[derive(Clone, Copy, Debug)]
pub struct TextOptions {
    /// ANSI colours.
    pub color: bool,
    /// Terminal width.
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions { color: false, width: 100 }
    }
}

/// Renders one finding as miette draws it.
pub fn render_diagnostic(report: &FileReport<'_>, d: &Diagnostic, opts: TextOptions) -> String {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_context_lines(1);
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(d.label.clone().unwrap_or_else(|| d.message.clone())),
        clamp(d.span.range(), report.source),
    )];
    labels.extend(
        d.labels.iter().map(|l| {
            LabeledSpan::new_with_span(Some(l.message.clone()), clamp(l.span.range(), report.source))
        }),
    );
    let mut diag = MietteDiagnostic::new(d.message.clone())
        .with_code(format!("{}({})", d.code, d.rule))
        .with_severity(severity)
        .with_labels(labels);
    let help = match (&d.help, &d.fix) {
        (Some(h), Some(f)) => Some(format!("{h}\nfix ({}): {}", applicability(f), f.title)),
        (Some(h), None) => Some(h.clone()),
        (None, Some(f)) => Some(format!("fix ({}): {}", applicability(f), f.title)),
        (None, None) => None,
    };
    if let Some(help) = help {
        diag = diag.with_help(help);
    }
    let report_ =
        miette::Report::new(diag).with_source_code(NamedSource::new(report.path, report.source.to_owned()));
    let mut out = String::new();
    if handler.render_report(&mut out, report_.as_ref()).is_err() {
        out = format!("{}: {} [{}]\n", report.path, d.message, d.rule);
    }
    out
}

fn applicability(f: &crate::fix::Fix) -> &'static str {
    match f.applicability {
        crate::fix::Applicability::Safe => "safe",
        crate::fix::Applicability::Unsafe => "unsafe",
    }
}

/// Keeps a span inside the source (an insertion point at the very end is fine).
fn clamp(r: std::ops::Range<usize>, src: &str) -> std::ops::Range<usize> {
    let end = r.end.min(src.len());
    r.start.min(end)..end
}

/// Renders every finding of a file.
pub fn render_file(report: &FileReport<'_>, opts: TextOptions) -> String {
    report.diagnostics.iter().map(|d| render_diagnostic(report, d, opts)).collect()
}
