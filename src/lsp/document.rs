//! An open document: the editor's text (never re-read from disk) with its
//! tree, both kept up to date edit by edit, and its findings, computed on
//! demand after each change.

use super::position::{Encoding, LineMap};
use crate::diagnostic::Diagnostic;
use crate::syntax::Parse;
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::path::PathBuf;

/// One open document.
pub struct Document {
    /// Its address.
    pub uri: Uri,
    /// The file behind it, when it is one (to find its halint.toml).
    pub path: Option<PathBuf>,
    /// The version the editor gave with the last change.
    pub version: i32,
    /// The text and its tree.
    parse: Parse,
    lines: LineMap,
    findings: Option<Vec<Diagnostic>>,
}

impl Document {
    /// A document as opened.
    pub fn new(uri: Uri, version: i32, text: String) -> Document {
        let path = file_path(&uri);
        let lines = LineMap::new(&text);
        Document { uri, path, version, parse: crate::parse_string(text), lines, findings: None }
    }

    /// Its text.
    pub fn text(&self) -> &str {
        self.parse.source()
    }

    /// Its line map.
    pub fn lines(&self) -> &LineMap {
        &self.lines
    }

    /// Applies the editor's changes in order: a range replaced in memory
    /// (only the lines it touches are parsed again), or the whole text when
    /// a change has no range.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            let old = std::mem::replace(&mut self.parse, crate::parse(""));
            match change.range {
                Some(range) => {
                    let span = self.lines.span(old.source(), range, encoding);
                    self.lines.edit(span, &change.text);
                    self.parse = old.edit(span, &change.text);
                }
                None => {
                    self.lines = LineMap::new(&change.text);
                    self.parse = crate::parse_string(change.text);
                }
            }
        }
        self.version = version;
        self.findings = None;
    }

    /// The tree of the current text.
    pub fn parse(&self) -> &Parse {
        &self.parse
    }

    /// The findings on the current text, linting it with `linter` if they are not known yet.
    pub fn findings(&mut self, linter: &crate::Linter) -> &[Diagnostic] {
        if self.findings.is_none() {
            self.findings = Some(linter.check(&self.parse));
        }
        self.findings.as_deref().unwrap_or_default()
    }

    /// Forgets the findings (the settings they came from changed).
    pub fn forget_findings(&mut self) {
        self.findings = None;
    }
}

/// The local path of a `file:` URI (percent-escapes decoded).
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn incremental_changes_keep_text_lines_and_tree_as_a_fresh_open() {
        let text = include_str!("../../tests/fixtures/lsp/cluster.cfg");
        let uri: Uri = "file:///tmp/x.cfg".parse().unwrap();
        let mut doc = Document::new(uri.clone(), 1, text.to_owned());
        let at = |line, character| Position { line, character };
        let changes = [
            (at(22, 4), at(22, 12), "stick match src"),
            (at(16, 16), at(16, 16), "added\n    balance first\n\n"),
            (at(17, 0), at(19, 0), ""),
            (at(15, 38), at(15, 38), "ü"),
        ];
        for (version, (start, end, new)) in changes.into_iter().enumerate() {
            let change = TextDocumentContentChangeEvent {
                range: Some(Range { start, end }),
                range_length: None,
                text: new.to_owned(),
            };
            doc.apply_changes(version as i32 + 2, vec![change], Encoding::Utf16);
            let fresh = Document::new(uri.clone(), 0, doc.text().to_owned());
            assert_eq!(
                doc.lines().starts_for_tests(),
                fresh.lines().starts_for_tests(),
                "lines after {version}"
            );
            assert_eq!(doc.parse().file(), fresh.parse().file(), "tree after {version}");
            assert_eq!(doc.parse().errors(), fresh.parse().errors(), "errors after {version}");
        }
    }
}
