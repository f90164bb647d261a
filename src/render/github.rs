//! `check --format github`: GitHub Actions workflow commands, so that
//! findings show as annotations on the pull request's diff.

use super::escape::visible;
use super::FileReport;
use crate::diagnostic::Severity;
use crate::span::LineIndex;

/// Escapes a workflow command's message: GitHub's escapes for `%`, CR and
/// LF, after the config's other control characters are made visible (an
/// escape sequence would reach the log viewer as it is).
fn escape_data(s: &str) -> String {
    visible(s).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error file=...,line=...::message` line per finding.
pub fn to_github(files: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for f in files {
        let index = LineIndex::new(f.source);
        for d in f.diagnostics {
            let start = index.line_col(f.source, d.span.start);
            let end = index.line_col(f.source, d.span.end);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let message = match &d.help {
                Some(help) => format!("{}\n{help}", d.message),
                None => d.message.clone(),
            };
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(f.path),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("{} {}", d.code, d.rule)),
                escape_data(&message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        // A config's control characters show as escapes, in data and properties.
        assert_eq!(escape_data("be\x1b[2J\rx\0"), "be\\x1b[2J\\rx\\0");
        assert_eq!(escape_property("f\x07.cfg"), "f\\x07.cfg");
    }
}
