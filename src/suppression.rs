//! Inline suppressions: `# halint: ignore[rule-name, other-rule]` on the line
//! of a finding, or alone on the line before it.

use crate::diagnostic::Diagnostic;
use crate::rules::UnusedSuppression;
use crate::span::Span;
use crate::syntax::Parse;
use std::cell::Cell;

struct Suppression {
    /// The line it covers.
    target_line: usize,
    /// The rule name and the span of that name in the comment.
    rule: String,
    span: Span,
    used: Cell<bool>,
}

/// The suppressions of one file.
pub(crate) struct Suppressions {
    list: Vec<Suppression>,
}

const MARKER: &str = "halint: ignore[";

impl Suppressions {
    /// Finds every suppression comment.
    pub(crate) fn collect(parse: &Parse) -> Suppressions {
        let lines = &parse.file().lines;
        let mut list = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some(comment) = line.comment else { continue };
            let text = parse.text(comment);
            let Some(at) = text.find(MARKER) else { continue };
            let names_start = at + MARKER.len();
            let Some(close) = text[names_start..].find(']') else { continue };
            // A comment alone on its line covers the next line that says something.
            let target_line = if matches!(line.kind, crate::ast::LineKind::Empty) {
                (i + 1..lines.len())
                    .find(|&j| !matches!(lines[j].kind, crate::ast::LineKind::Empty))
                    .unwrap_or(i)
            } else {
                i
            };
            let mut offset = names_start;
            for name in text[names_start..names_start + close].split(',') {
                let trimmed = name.trim();
                let lead = name.len() - name.trim_start().len();
                let start = comment.start + (offset + lead) as u32;
                if !trimmed.is_empty() {
                    list.push(Suppression {
                        target_line,
                        rule: trimmed.to_owned(),
                        span: Span::new(start, start + trimmed.len() as u32),
                        used: Cell::new(false),
                    });
                }
                offset += name.len() + 1;
            }
        }
        Suppressions { list }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Drops the findings a suppression covers, marking it used.
    pub(crate) fn filter(&self, parse: &Parse, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let lines = &parse.file().lines;
        diagnostics
            .into_iter()
            .filter(|d| {
                let line =
                    lines.partition_point(|l| l.span.end <= d.span.start).min(lines.len().saturating_sub(1));
                let hit = self.list.iter().find(|s| {
                    s.target_line == line && (s.rule == d.rule || s.rule.eq_ignore_ascii_case(d.code))
                });
                if let Some(s) = hit {
                    s.used.set(true);
                }
                hit.is_none()
            })
            .collect()
    }

    /// A finding for each suppression of an enabled rule that hid nothing
    /// (and of names that are no rule at all).
    pub(crate) fn unused(&self, enabled: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
        self.list
            .iter()
            .filter(|s| !s.used.get())
            .filter_map(|s| match crate::rules::find(&s.rule) {
                None => Some(
                    Diagnostic::new(
                        &UnusedSuppression::META,
                        s.span,
                        format!("'{}' is not a halint rule", s.rule),
                    )
                    .with_help("see `halint rules` for the names"),
                ),
                Some(rule) if enabled(rule.meta().name) => Some(
                    Diagnostic::new(
                        &UnusedSuppression::META,
                        s.span,
                        format!("suppression of '{}' hides nothing here", s.rule),
                    )
                    .with_help("remove it, or move it to the line the finding is on"),
                ),
                Some(_) => None,
            })
            .collect()
    }
}
