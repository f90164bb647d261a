//! An open document: the editor's text (never re-read from disk), its parse
//! and its findings, both computed on demand after each change.

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
    text: String,
    lines: LineMap,
    parse: Option<Parse>,
    findings: Option<Vec<Diagnostic>>,
}

impl Document {
    /// A document as opened.
    pub fn new(uri: Uri, version: i32, text: String) -> Document {
        let path = file_path(&uri);
        let lines = LineMap::new(&text);
        Document { uri, path, version, text, lines, parse: None, findings: None }
    }

    /// Its text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its line map.
    pub fn lines(&self) -> &LineMap {
        &self.lines
    }

    /// Applies the editor's changes in order: ranges replaced in memory, or
    /// the whole text when a change has no range.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = self.lines.span(&self.text, range, encoding);
                    self.text.replace_range(span.range(), &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = LineMap::new(&self.text);
        }
        self.version = version;
        self.parse = None;
        self.findings = None;
    }

    /// The parse of the current text.
    pub fn parse(&mut self) -> &Parse {
        self.parse.get_or_insert_with(|| crate::parse(&self.text))
    }

    /// The findings on the current text, linting it with `linter` if they are not known yet.
    pub fn findings(&mut self, linter: &crate::Linter) -> &[Diagnostic] {
        if self.findings.is_none() {
            let findings = linter.check(self.parse());
            self.findings = Some(findings);
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
