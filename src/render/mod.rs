//! Output of findings: human (miette), JSON, GitHub annotations, SARIF,
//! GitLab Code Quality and JUnit XML.

pub mod escape;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod limit;
pub mod sarif;
#[cfg(feature = "fancy")]
pub mod text;

use crate::diagnostic::Diagnostic;

/// Findings of one file, with what is needed to show them.
pub struct FileReport<'a> {
    /// The path as given on the command line.
    pub path: &'a str,
    /// The file's text.
    pub source: &'a str,
    /// Its findings, in source order.
    pub diagnostics: &'a [Diagnostic],
    /// Whether `source` stands for bytes that are not all UTF-8
    /// ([`crate::Parse::has_raw_bytes`]): byte spans in the output are then
    /// translated to offsets in those bytes.
    pub raw_bytes: bool,
}
