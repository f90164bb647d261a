//! `check --format json`, as `docs/contract.md` defines it.

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::input::encoding::ByteOffsets;
use crate::span::{LineIndex, Span};
use serde::Serialize;

/// The whole JSON document.
#[derive(Serialize)]
pub struct JsonOutput<'a> {
    /// Format version: 1.
    pub version: u32,
    /// Every finding.
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Counts.
    pub summary: Summary,
}

/// One finding.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    rule: &'static str,
    code: &'static str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    span: Span,
    help: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    fix: Option<JsonFix<'a>>,
    /// Where in a manifest's embedded HAProxy text (manifests only).
    #[serde(skip_serializing_if = "Option::is_none")]
    embedded: Option<&'a crate::diagnostic::Embedded>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    line: u32,
    column: u32,
    span: Span,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: crate::fix::Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    span: Span,
    replacement: &'a str,
}

/// Counts of findings.
#[derive(Serialize, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Findings of error severity.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings with a fix.
    pub fixable: usize,
}

impl Summary {
    /// Adds the findings of one file.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        self.files += 1;
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            self.fixable += usize::from(d.fix.is_some());
        }
    }
}

/// Builds the JSON document for some files.
pub fn to_json<'a>(files: &[FileReport<'a>]) -> JsonOutput<'a> {
    let mut summary = Summary::default();
    let mut diagnostics = Vec::new();
    for f in files {
        summary.add(f.diagnostics);
        let index = LineIndex::new(f.source);
        let offsets = ByteOffsets::new(f.source, f.raw_bytes);
        let bytes = |s: Span| Span::new(offsets.file_offset(s.start), offsets.file_offset(s.end));
        for d in f.diagnostics {
            let start = index.line_col(f.source, d.span.start);
            let end = index.line_col(f.source, d.span.end);
            diagnostics.push(JsonDiagnostic {
                rule: d.rule,
                code: d.code,
                severity: d.severity,
                message: &d.message,
                file: f.path,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                span: bytes(d.span),
                help: d.help.as_deref(),
                labels: d
                    .labels
                    .iter()
                    .map(|l| {
                        let at = index.line_col(f.source, l.span.start);
                        JsonLabel {
                            message: &l.message,
                            line: at.line,
                            column: at.column,
                            span: bytes(l.span),
                        }
                    })
                    .collect(),
                fix: d.fix.as_ref().map(|fix: &Fix| JsonFix {
                    title: &fix.title,
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| JsonEdit { file: f.path, span: bytes(e.span), replacement: &e.replacement })
                        .collect(),
                }),
                embedded: d.embedded.as_deref(),
            });
        }
    }
    JsonOutput { version: 1, diagnostics, summary }
}
