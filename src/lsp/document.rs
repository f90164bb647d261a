//! An open document: the editor's text (never re-read from disk) with its
//! tree, both kept up to date edit by edit, and its findings, computed on
//! demand after each change. A Kubernetes manifest keeps its text only: it
//! is checked through the manifest pipeline, which finds the HAProxy
//! config inside and places the findings (and fixes) in the YAML.

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
    content: Content,
    lines: LineMap,
    findings: Option<Vec<Diagnostic>>,
}

/// What a document holds.
enum Content {
    /// haproxy.cfg: the text and its tree.
    Config(Parse),
    /// Kubernetes manifests (YAML): the text alone.
    Manifest(String),
}

impl Document {
    /// A document as opened; `language` is the client's language id.
    pub fn new(uri: Uri, language: &str, version: i32, text: String) -> Document {
        let path = file_path(&uri);
        let lines = LineMap::new(&text);
        let content = if is_manifest(language, path.as_deref()) {
            Content::Manifest(text)
        } else {
            Content::Config(crate::parse_string(text))
        };
        Document { uri, path, version, content, lines, findings: None }
    }

    /// Its text.
    pub fn text(&self) -> &str {
        match &self.content {
            Content::Config(parse) => parse.source(),
            Content::Manifest(text) => text,
        }
    }

    /// Its line map.
    pub fn lines(&self) -> &LineMap {
        &self.lines
    }

    /// Applies the editor's changes in order: a range replaced in memory
    /// (in a config, only the lines it touches are parsed again), or the
    /// whole text when a change has no range.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let span = self.lines.span(self.text(), range, encoding);
                    self.lines.edit(span, &change.text);
                    match &mut self.content {
                        Content::Config(parse) => {
                            let old = std::mem::replace(parse, crate::parse(""));
                            *parse = old.edit(span, &change.text);
                        }
                        Content::Manifest(text) => {
                            text.replace_range(span.start as usize..span.end as usize, &change.text);
                        }
                    }
                }
                None => {
                    self.lines = LineMap::new(&change.text);
                    self.content = match self.content {
                        Content::Config(_) => Content::Config(crate::parse_string(change.text)),
                        Content::Manifest(_) => Content::Manifest(change.text),
                    };
                }
            }
        }
        self.version = version;
        self.findings = None;
    }

    /// The tree of the current text; `None` for a manifest (its YAML is no
    /// HAProxy config: keyword hover, names, outline, completion and
    /// formatting do not apply).
    pub fn parse(&self) -> Option<&Parse> {
        match &self.content {
            Content::Config(parse) => Some(parse),
            Content::Manifest(_) => None,
        }
    }

    /// The findings on the current text, linting it with `linter` if they
    /// are not known yet. A manifest's are those of `halint check` on it,
    /// at the manifest's positions, with fixes that edit the manifest; a
    /// YAML text that carries no HAProxy config and runs no HAProxy has
    /// none (a folder walk would skip it).
    pub fn findings(&mut self, linter: &crate::Linter) -> &[Diagnostic] {
        if self.findings.is_none() {
            self.findings = Some(match &self.content {
                Content::Config(parse) => linter.check(parse),
                Content::Manifest(text) => {
                    let report = linter.check_manifest(text);
                    if report.has_haproxy() {
                        report.diagnostics
                    } else {
                        Vec::new()
                    }
                }
            });
        }
        self.findings.as_deref().unwrap_or_default()
    }

    /// The text after every safe fix (as `halint check --fix` writes it).
    pub fn fixed_text(&self, linter: &crate::Linter) -> String {
        match &self.content {
            Content::Config(parse) => linter.fix_parsed(parse, false).output,
            Content::Manifest(text) => linter.fix_manifest(text, false).output,
        }
    }

    /// Forgets the findings (the settings they came from changed).
    pub fn forget_findings(&mut self) {
        self.findings = None;
    }
}

/// Whether a document is read as Kubernetes manifests: the client calls its
/// language YAML, or the file ends in `.yaml`/`.yml` (as `halint check
/// --input auto` decides by extension).
fn is_manifest(language: &str, path: Option<&std::path::Path>) -> bool {
    let yaml = |s: &str| s.eq_ignore_ascii_case("yaml") || s.eq_ignore_ascii_case("yml");
    yaml(language) || path.and_then(|p| p.extension()).and_then(|e| e.to_str()).is_some_and(yaml)
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
        let mut doc = Document::new(uri.clone(), "haproxy", 1, text.to_owned());
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
            let fresh = Document::new(uri.clone(), "haproxy", 0, doc.text().to_owned());
            assert_eq!(
                doc.lines().starts_for_tests(),
                fresh.lines().starts_for_tests(),
                "lines after {version}"
            );
            let (tree, fresh_tree) = (doc.parse().unwrap(), fresh.parse().unwrap());
            assert_eq!(tree.file(), fresh_tree.file(), "tree after {version}");
            assert_eq!(tree.errors(), fresh_tree.errors(), "errors after {version}");
        }
    }
}
