//! Findings: what a rule reports, with where, why and what to do.
//!
//! Severity follows consequence:
//! - **error**: HAProxy refuses the config, or it starts but cannot do what the
//!   config plainly intends (a stick table that silently stops replicating);
//! - **warning**: HAProxy warns, or it works but is very likely a mistake;
//! - **info**: worth knowing, nothing breaks.

use crate::fix::Fix;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing breaks.
    Info,
    /// Works, but is likely a mistake.
    Warning,
    /// Refused by HAProxy, or silently broken.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location that helps explain a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One finding of one rule in one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule's stable name, e.g. `stick-table-not-shared`.
    pub rule: &'static str,
    /// The rule's stable code, e.g. `HA401`.
    pub code: &'static str,
    /// How serious.
    pub severity: Severity,
    /// What is wrong (lowercase, no final period).
    pub message: String,
    /// The primary location.
    pub span: Span,
    /// What the primary label says, if more than the message.
    pub label: Option<String>,
    /// Other locations involved.
    pub labels: Vec<Label>,
    /// What to do.
    pub help: Option<String>,
    /// An edit that repairs it, when one is known.
    pub fix: Option<Fix>,
    /// For a finding in HAProxy text embedded in a manifest: where in which
    /// object and key (the span above is then in the manifest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Box<Embedded>>,
}

/// Where a finding sits inside HAProxy text embedded in a manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embedded {
    /// The object's kind (`ConfigMap`...).
    pub kind: String,
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// The data key or annotation holding the text.
    pub key: String,
    /// 1-based line inside the text (0: generated text around the snippet).
    pub line: u32,
    /// 1-based column inside the text.
    pub column: u32,
}

impl Diagnostic {
    /// A finding at `span` with the rule's default severity.
    pub fn new(meta: &RuleMeta, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: meta.name,
            code: meta.code,
            severity: meta.severity,
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
            embedded: None,
        }
    }

    /// Sets the primary label.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// Whether a rule can offer fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    /// Never offers a fix.
    Never,
    /// Offers one when the repair is unambiguous.
    Sometimes,
    /// Always offers one.
    Always,
}

/// What the registry knows of a rule.
#[derive(Debug, serde::Serialize)]
pub struct RuleMeta {
    /// Stable code, e.g. `HA401`.
    pub code: &'static str,
    /// Stable name, e.g. `stick-table-not-shared`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Fix availability.
    pub fix: FixAvailability,
    /// One line: what it finds.
    pub summary: &'static str,
    /// The Markdown documentation (from the rule's doc comment).
    #[serde(skip)]
    pub docs: &'static str,
}
