//! The JSON view of a parse, as `halint parse` prints it.
//!
//! It is the tree of [`crate::ast`] with each word's text (`raw`) and value
//! (`value`: quotes removed, escapes decoded, variables as written) spelled
//! out, and 1-based line numbers, so that a reader needs no source to use it.
//! It borrows the parse and streams: nothing is copied into a JSON tree first.
//!
//! ```
//! let parse = halint::parse("peers web\n  peer lb1 \"10.0.0.1:1024\"\n");
//! let json = serde_json::to_value(halint::ast::json::ParseView::new(&parse, "x.cfg")).unwrap();
//! assert_eq!(json["lines"][1]["words"][2]["raw"], "\"10.0.0.1:1024\"");
//! assert_eq!(json["lines"][1]["words"][2]["value"], "10.0.0.1:1024");
//! assert_eq!(json["sections"][0]["kind"], "peers");
//! ```

use super::{Directive, Line, LineKind, Word};
use crate::syntax::Parse;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Serializes a [`Parse`] for `halint parse`.
pub struct ParseView<'a> {
    parse: &'a Parse,
    path: &'a str,
}

impl<'a> ParseView<'a> {
    /// The view of `parse`, read from `path`.
    pub fn new(parse: &'a Parse, path: &'a str) -> Self {
        ParseView { parse, path }
    }

    /// Writes the view as compact JSON: the same bytes as
    /// `serde_json::to_writer`, with the lines serialized on `threads`
    /// threads (a 25 MB config gives some 300 MB of JSON).
    pub fn write_json<W: Write>(&self, mut out: W, threads: usize) -> std::io::Result<()> {
        let p = self.parse;
        out.write_all(b"{")?;
        let mut first = true;
        let mut entry = |out: &mut W, key: &str, value: &dyn erased::Json| -> std::io::Result<()> {
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, key)?;
            out.write_all(b":")?;
            value.write(out)
        };
        entry(&mut out, "version", &1)?;
        entry(&mut out, "file", &self.path)?;
        entry(&mut out, "errors", &Errors(p))?;
        entry(&mut out, "bom", &p.file().bom.is_some())?;
        entry(&mut out, "sections", &Sections(p))?;
        entry(&mut out, "conditionals", &p.file().conditionals)?;
        out.write_all(b",\"lines\":[")?;
        let blocks = p.file().lines.len().div_ceil(LINES_PER_BLOCK);
        if threads <= 1 || blocks <= 1 {
            let mut buf = Vec::new();
            for block in 0..blocks {
                buf.clear();
                self.lines_json(block * LINES_PER_BLOCK, LINES_PER_BLOCK, &mut buf)?;
                out.write_all(&buf)?;
            }
        } else {
            self.write_blocks_parallel(&mut out, blocks, threads)?;
        }
        out.write_all(b"]}")
    }

    /// Serializes `blocks` blocks of lines on `threads` threads and writes
    /// them in order. A thread takes the next block only while it is within
    /// a few blocks of the last one written, so memory stays at a few
    /// blocks whatever the file size or the reader's speed; buffers go back
    /// to the threads once written (fresh ones would cost page faults for
    /// each of some 300 MB).
    fn write_blocks_parallel<W: Write>(
        &self,
        out: &mut W,
        blocks: usize,
        threads: usize,
    ) -> std::io::Result<()> {
        let window = threads * 2;
        // (blocks written, spare buffers, whether the writer gave up)
        let state = Mutex::new((0usize, Vec::<Vec<u8>>::new(), false));
        let turn = Condvar::new();
        let next = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::channel::<(usize, std::io::Result<Vec<u8>>)>();
            for _ in 0..threads {
                let (tx, state, turn, next) = (tx.clone(), &state, &turn, &next);
                scope.spawn(move || loop {
                    let block = next.fetch_add(1, Ordering::Relaxed);
                    if block >= blocks {
                        break;
                    }
                    let mut guard = state.lock().unwrap_or_else(|e| e.into_inner());
                    while block >= guard.0 + window && !guard.2 {
                        guard = turn.wait(guard).unwrap_or_else(|e| e.into_inner());
                    }
                    if guard.2 {
                        break;
                    }
                    let mut buf = guard.1.pop().unwrap_or_default();
                    drop(guard);
                    buf.clear();
                    let filled =
                        self.lines_json(block * LINES_PER_BLOCK, LINES_PER_BLOCK, &mut buf).map(|()| buf);
                    if tx.send((block, filled)).is_err() {
                        break;
                    }
                });
            }
            drop(tx);
            let mut waiting = std::collections::BTreeMap::new();
            let mut written = 0;
            let mut result = Ok(());
            for (block, filled) in rx {
                waiting.insert(block, filled);
                while let Some(filled) = waiting.remove(&written) {
                    let outcome = filled.and_then(|buf| out.write_all(&buf).map(|()| buf));
                    let mut guard = state.lock().unwrap_or_else(|e| e.into_inner());
                    match outcome {
                        Ok(buf) => guard.1.push(buf),
                        Err(e) => {
                            // Stop the threads; the error is the answer.
                            guard.2 = true;
                            result = Err(e);
                        }
                    }
                    guard.0 += 1;
                    written += 1;
                    drop(guard);
                    turn.notify_all();
                }
                if result.is_err() {
                    break;
                }
            }
            result
        })
    }

    /// Appends lines `start..start + count` (those that exist) to `buf` as
    /// JSON array elements, comma-led except for the very first line.
    fn lines_json(&self, start: usize, count: usize, buf: &mut Vec<u8>) -> std::io::Result<()> {
        let p = self.parse;
        for (i, line) in p.file().lines.iter().enumerate().skip(start).take(count) {
            if i > 0 {
                buf.push(b',');
            }
            serde_json::to_writer(&mut *buf, &LineView { parse: p, number: i + 1, line })?;
        }
        Ok(())
    }
}

/// Lines serialized per block by [`ParseView::write_json`].
const LINES_PER_BLOCK: usize = 8192;

/// Object-safe "serialize to a writer" for [`ParseView::write_json`]'s entries.
mod erased {
    pub(super) trait Json {
        fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()>;
    }

    impl<T: serde::Serialize + ?Sized> Json for T {
        fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
            serde_json::to_writer(out, self).map_err(std::io::Error::from)
        }
    }
}

impl Serialize for ParseView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.parse;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("version", &1)?;
        map.serialize_entry("file", self.path)?;
        map.serialize_entry("errors", &Errors(p))?;
        map.serialize_entry("bom", &p.file().bom.is_some())?;
        map.serialize_entry("sections", &Sections(p))?;
        map.serialize_entry("conditionals", &p.file().conditionals)?;
        map.serialize_entry("lines", &Lines(p))?;
        map.end()
    }
}

struct Errors<'a>(&'a Parse);

impl Serialize for Errors<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut seq = s.serialize_seq(Some(p.errors().len()))?;
        for e in p.errors() {
            let at = p.line_index().line_col(p.source(), e.span.start);
            seq.serialize_element(&serde_json::json!({
                "kind": e.kind,
                "message": e.kind.message(),
                "line": at.line,
                "column": at.column,
                "span": e.span,
                "help": e.kind.help(),
            }))?;
        }
        seq.end()
    }
}

struct Sections<'a>(&'a Parse);

impl Serialize for Sections<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let file = p.file();
        let mut seq = s.serialize_seq(Some(file.sections.len()))?;
        for section in &file.sections {
            let name = file.header(section).name().map(|w| p.value(w));
            seq.serialize_element(&serde_json::json!({
                "kind": section.kind,
                "name": name,
                "line": section.header + 1,
                "end_line": section.end,
            }))?;
        }
        seq.end()
    }
}

struct Lines<'a>(&'a Parse);

impl Serialize for Lines<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut seq = s.serialize_seq(Some(p.file().lines.len()))?;
        for (i, line) in p.file().lines.iter().enumerate() {
            seq.serialize_element(&LineView { parse: p, number: i + 1, line })?;
        }
        seq.end()
    }
}

struct LineView<'a> {
    parse: &'a Parse,
    number: usize,
    line: &'a Line,
}

impl Serialize for LineView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, line) = (self.parse, self.line);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("line", &self.number)?;
        map.serialize_entry("span", &line.span)?;
        let (kind, directive): (&str, Option<&Directive>) = match &line.kind {
            LineKind::Empty => ("empty", None),
            LineKind::Section { directive, .. } => ("section", Some(directive)),
            LineKind::Directive(d) => ("directive", Some(d)),
            LineKind::Control { directive, .. } => ("control", Some(directive)),
        };
        map.serialize_entry("type", kind)?;
        match &line.kind {
            LineKind::Section { kind, .. } => map.serialize_entry("section", kind)?,
            LineKind::Control { kind, .. } => map.serialize_entry("control", kind)?,
            _ => {}
        }
        if let Some(indent) = line.indent {
            map.serialize_entry("indent", p.text(indent))?;
        }
        if let Some(d) = directive {
            map.serialize_entry("words", &Words { parse: p, words: &d.words })?;
        }
        if let Some(comment) = line.comment {
            map.serialize_entry("comment", p.text(comment))?;
        }
        if let Some(ignored) = line.ignored {
            map.serialize_entry("ignored", p.text(ignored))?;
        }
        map.serialize_entry("eol", &line.eol)?;
        map.end()
    }
}

struct Words<'a> {
    parse: &'a Parse,
    words: &'a [Word],
}

impl Serialize for Words<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.words.len()))?;
        for w in self.words {
            seq.serialize_element(&WordView { parse: self.parse, word: w })?;
        }
        seq.end()
    }
}

struct WordView<'a> {
    parse: &'a Parse,
    word: &'a Word,
}

impl Serialize for WordView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, w) = (self.parse, self.word);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("raw", p.text(w.span))?;
        map.serialize_entry("value", &p.value(w))?;
        map.serialize_entry("span", &w.span)?;
        if let Some(parts) = &w.parts {
            map.serialize_entry("parts", parts)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threaded_writer_gives_the_serde_bytes() {
        // Several rounds of blocks, a last partial block, errors, a
        // conditional block and quoted words.
        let mut src = String::from("\u{feff}global\n.if defined(X)\n  maxconn 10\n.endif\nbad \"open\n");
        for i in 0..(LINES_PER_BLOCK * 5 + 123) / 3 {
            src.push_str(&format!("backend b{i} # c\n    server s \"10.0.0.{}:80\" check\n\n", i % 250));
        }
        let parse = crate::parse(&src);
        assert!(!parse.errors().is_empty());
        let view = ParseView::new(&parse, "x.cfg");
        let expected = serde_json::to_vec(&view).unwrap();
        for threads in [1, 2, 3] {
            let mut got = Vec::new();
            view.write_json(&mut got, threads).unwrap();
            assert!(got == expected, "{threads} threads: the bytes differ");
        }
    }

    /// A reader that goes away (a closed pipe) stops the threads: the
    /// error comes back, nothing hangs.
    #[test]
    fn a_failing_writer_stops_the_threads() {
        struct Closes(usize);
        impl std::io::Write for Closes {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.0 < buf.len() {
                    return Err(std::io::ErrorKind::BrokenPipe.into());
                }
                self.0 -= buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let src = "backend b\n    server s 10.0.0.1:80\n".repeat(LINES_PER_BLOCK * 4);
        let parse = crate::parse(&src);
        let view = ParseView::new(&parse, "x.cfg");
        let err = view.write_json(Closes(LINES_PER_BLOCK * 300), 3).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
    }
}
