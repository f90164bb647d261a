//! `check --format junit`: JUnit XML, as CI systems (GitLab, Jenkins, Azure)
//! show test reports: one `<testsuite>` per file, one failing `<testcase>`
//! per finding, or one passing `<testcase>` for a file without findings.

use super::escape::visible;
use super::FileReport;
use crate::span::LineIndex;
use std::fmt::Write;

/// Escapes text for an XML attribute or element. Control characters are
/// shown as escapes first (XML 1.0 cannot carry most of them at all).
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in visible(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit document for some files.
pub fn to_junit(files: &[FileReport<'_>]) -> String {
    let total: usize = files.iter().map(|f| f.diagnostics.len().max(1)).sum();
    let failures: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ =
        writeln!(out, "<testsuites name=\"halint\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\">");
    for f in files {
        let path = xml(f.path);
        let n = f.diagnostics.len();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">",
            n.max(1)
        );
        if n == 0 {
            let _ =
                writeln!(out, "    <testcase name=\"no findings\" classname=\"{path}\" file=\"{path}\"/>");
        }
        let index = LineIndex::new(f.source);
        for d in f.diagnostics {
            let at = index.line_col(f.source, d.span.start);
            let mut body =
                format!("{}:{}:{}: {} [{} {}]", f.path, at.line, at.column, d.message, d.code, d.rule);
            if let Some(help) = &d.help {
                body.push_str("\nhelp: ");
                body.push_str(help);
            }
            let _ = writeln!(
                out,
                "    <testcase name=\"{} {} at line {}, column {}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">",
                d.code, d.rule, at.line, at.column, at.line
            );
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                d.severity.as_str(),
                xml(&d.message),
                xml(&body).replace("&#10;", "\n")
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(xml("a<b & \"c\"\x1b"), "a&lt;b &amp; &quot;c&quot;\\x1b");
        let empty =
            to_junit(&[FileReport { path: "a&b.cfg", source: "", diagnostics: &[], raw_bytes: false }]);
        assert!(empty.contains("<testcase name=\"no findings\" classname=\"a&amp;b.cfg\""), "{empty}");
    }
}
