//! Human output through miette: the source lines, labels, help, rule name and code.

use super::escape::{self, visible_clipped};
use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::input::encoding::raw_byte;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::borrow::Cow;
use std::sync::Arc;

/// The most characters of a message, label or help shown.
const MAX_TEXT_CHARS: usize = 1000;

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

/// A file's text as miette reads it, shared by all the file's findings.
///
/// miette's own `SourceCode` for a string scans from the start of the text
/// to the span, and a `NamedSource` owns its copy: 10,000 findings in a 5 MB
/// file took minutes. This one finds lines in an index and hands miette only
/// the few lines around a span, with line numbers shifted: the drawing is
/// the same (the snapshot tests would show a difference).
#[derive(Clone)]
struct SharedSource {
    name: String,
    text: Arc<str>,
    /// Where each line starts: after each LF, as [`crate::span::LineIndex`]
    /// counts (the text has no lone CR left for miette to count).
    line_starts: Arc<[usize]>,
}

impl SharedSource {
    /// The text's control bytes are shown as placeholders of the same
    /// length (see [`escape::excerpt_safe`]): spans stay right, the terminal
    /// gets no escape sequence, and miette's line numbers are halint's.
    /// Stand-ins for bytes that are not UTF-8 show as U+FFFD, also three
    /// bytes long.
    fn new(name: &str, text: &str, raw_bytes: bool) -> Self {
        let shown: Cow<'_, str> = if raw_bytes {
            Cow::Owned(
                text.chars()
                    .map(|c| if raw_byte(c).is_some() { char::REPLACEMENT_CHARACTER } else { c })
                    .collect(),
            )
        } else {
            Cow::Borrowed(text)
        };
        let text = escape::excerpt_safe(&shown);
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        SharedSource {
            name: escape::visible_clipped(name, MAX_TEXT_CHARS).into_owned(),
            text: Arc::from(text.as_ref()),
            line_starts: line_starts.into(),
        }
    }

    /// The line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }
}

impl SourceCode for SharedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // A window of whole lines, one more on each side than the context
        // asked for, so that miette finds inside it what it would find in
        // the whole text.
        let first = self.line_of(span.offset()).saturating_sub(context_lines_before + 1);
        let last = self.line_of(span.offset() + span.len()) + context_lines_after + 2;
        let start = self.line_starts[first];
        let end = self.line_starts.get(last).copied().unwrap_or(self.text.len());
        let window = &self.text.as_bytes()[start..end];
        let local = SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

/// Renders one finding as miette draws it.
pub fn render_diagnostic(report: &FileReport<'_>, d: &Diagnostic, opts: TextOptions) -> String {
    render_with(&SharedSource::new(report.path, report.source, report.raw_bytes), report, d, opts)
}

fn render_with(source: &SharedSource, report: &FileReport<'_>, d: &Diagnostic, opts: TextOptions) -> String {
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
    // What the config says is shown, never obeyed: control characters as
    // escapes, and a huge name cut short.
    let shown = |s: &str| visible_clipped(s, MAX_TEXT_CHARS).into_owned();
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(shown(d.label.as_deref().unwrap_or(&d.message))),
        clamp(d.span.range(), report.source),
    )];
    labels.extend(
        d.labels.iter().map(|l| {
            LabeledSpan::new_with_span(Some(shown(&l.message)), clamp(l.span.range(), report.source))
        }),
    );
    let mut diag = MietteDiagnostic::new(shown(&d.message))
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
        diag = diag.with_help(shown(&help));
    }
    let report_ = miette::Report::new(diag).with_source_code(source.clone());
    let mut out = String::new();
    if handler.render_report(&mut out, report_.as_ref()).is_err() {
        out = format!("{}: {} [{}]\n", shown(report.path), shown(&d.message), d.rule);
    }
    escape::neutralize_workflow_commands(out)
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
    if report.diagnostics.is_empty() {
        return String::new();
    }
    let source = SharedSource::new(report.path, report.source, report.raw_bytes);
    report.diagnostics.iter().map(|d| render_with(&source, report, d, opts)).collect()
}
