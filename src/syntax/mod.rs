//! Text to lossless tree: [`parse`] never fails and never panics.
//!
//! Big files are cut at line boundaries into chunks that are parsed on all
//! cores with the same pest grammar; the grammar is line-based (no state
//! crosses a line), so the lines are the same as one parse of the whole file
//! would give (`tests/parallel.rs` checks it). Sections and conditional blocks
//! are indexed afterwards in one sequential pass.

mod error;
pub mod grammar;
mod incremental;
mod lower;
mod reading;
mod structure;

pub use error::{SyntaxError, SyntaxErrorKind};

use crate::ast::{File, Line, Word};
use crate::span::{LineIndex, Span};
use grammar::{HaproxyParser, Rule};
use pest::Parser;
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Files up to this size are parsed in one piece, on the calling thread.
const CHUNK_BYTES: usize = 64 * 1024;

/// The result of parsing: the source, its tree and its syntax errors.
///
/// `to_string()` gives back the source byte for byte.
#[derive(Debug)]
pub struct Parse {
    source: String,
    file: File,
    errors: Vec<SyntaxError>,
    line_index: OnceLock<LineIndex>,
    /// Whether the source was read from bytes that are not all UTF-8 (see
    /// [`crate::input::encoding`]).
    raw_bytes: bool,
}

impl Parse {
    /// The source text parsed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The tree.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The syntax errors, in source order; empty for a file HAProxy's tokenizer accepts.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// Gives back the source text, dropping the tree.
    pub fn into_source(self) -> String {
        self.source
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        span.text(&self.source)
    }

    /// A word's value: unquoted and unescaped, variables left as written.
    pub fn value(&self, word: &Word) -> Cow<'_, str> {
        word.value(&self.source)
    }

    /// Whether the source was read from bytes that are not all UTF-8: its
    /// characters U+F780..U+F7FF then stand for those bytes.
    pub fn has_raw_bytes(&self) -> bool {
        self.raw_bytes
    }

    /// The bytes this source was read from (the text itself for UTF-8).
    pub fn to_bytes(&self) -> Cow<'_, [u8]> {
        crate::input::encoding::encode(&self.source, self.raw_bytes)
    }

    /// Marks the source as read from bytes that are not all UTF-8 (a fixed
    /// text of such a source keeps the mark).
    pub(crate) fn with_raw_bytes(mut self, raw_bytes: bool) -> Self {
        self.raw_bytes = raw_bytes;
        self
    }

    /// Line and column lookups for this source (built on first use).
    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.source))
    }
}

impl std::fmt::Display for Parse {
    /// Prints the tree: the byte-order mark, then every line, line ending
    /// included. The lines cover the source, so this is the source itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(bom) = self.file.bom {
            f.write_str(self.text(bom))?;
        }
        for line in &self.file.lines {
            f.write_str(self.text(line.span))?;
        }
        Ok(())
    }
}

/// Parses a haproxy.cfg. Never fails: mistakes are in [`Parse::errors`].
///
/// ```
/// let parse = halint::parse("backend app\n    server s1 \"10.0.0.1:80\" # one\n");
/// assert!(parse.errors().is_empty());
/// assert_eq!(parse.to_string(), "backend app\n    server s1 \"10.0.0.1:80\" # one\n");
/// let section = &parse.file().sections[0];
/// assert_eq!(parse.file().header(section).name().map(|w| parse.value(w)).as_deref(), Some("app"));
/// ```
pub fn parse(src: &str) -> Parse {
    parse_string(src.to_owned())
}

/// Parses a haproxy.cfg read as bytes, as HAProxy reads it: bytes that are
/// not UTF-8 (a Latin-1 comment...) are kept, and [`Parse::to_bytes`] gives
/// them back exactly. Fails only on bytes that could not be given back
/// exactly (see [`crate::input::encoding::DecodeError`]).
///
/// ```
/// let parse = halint::parse_bytes(b"# caf\xe9\nglobal\n".to_vec()).unwrap();
/// assert!(parse.has_raw_bytes());
/// assert_eq!(parse.to_bytes().as_ref(), b"# caf\xe9\nglobal\n");
/// ```
pub fn parse_bytes(bytes: Vec<u8>) -> Result<Parse, crate::input::encoding::DecodeError> {
    let decoded = crate::input::encoding::decode(bytes)?;
    Ok(parse_string(decoded.text).with_raw_bytes(decoded.raw_bytes))
}

/// Like [`parse`], taking the text by value: no copy of a big file is made.
pub fn parse_string(src: String) -> Parse {
    parse_with_threads(src, default_threads())
}

/// Parses with at most `threads` threads (1 = on the calling thread only).
/// The result is the same whatever the number.
///
/// # Panics
/// On a text of 4 GiB or more (spans are 32-bit; the CLI refuses such files).
pub fn parse_with_threads(src: impl Into<String>, threads: usize) -> Parse {
    let source: String = src.into();
    let src = source.as_str();
    assert!(src.len() < u32::MAX as usize, "halint reads files under 4 GiB");
    let chunks = split_chunks(src, CHUNK_BYTES);
    let mut file = File::default();
    let mut errors = Vec::new();
    // Exact capacity (one line per line feed, plus a last one): growing by
    // doubling would briefly hold two copies of a big tree.
    file.lines.reserve_exact(src.bytes().filter(|&b| b == b'\n').count() + 1);
    if chunks.len() == 1 || threads <= 1 {
        // One thread: the chunks' lines go straight into the file's vector.
        for (i, &(a, b)) in chunks.iter().enumerate() {
            let out = parse_chunk(src, a, b, i == 0, std::mem::take(&mut file.lines));
            file.bom = file.bom.or(out.bom);
            file.lines = out.lines;
            errors.extend(out.errors);
        }
    } else {
        parse_parallel(src, &chunks, threads, |out: &mut ChunkOutput| {
            file.bom = file.bom.or(out.bom);
            file.lines.append(&mut out.lines);
            errors.append(&mut out.errors);
        });
    }
    structure::index(&mut file, &mut errors);
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    Parse { source, file, errors, line_index: OnceLock::new(), raw_bytes: false }
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// Cuts `src` into byte ranges of about `target` bytes, each ending just
/// after a line feed (the last one at the end of the text).
fn split_chunks(src: &str, target: usize) -> Vec<(usize, usize)> {
    let bytes = src.as_bytes();
    let mut chunks = Vec::new();
    let mut start = 0;
    while src.len() - start > target {
        let Some(nl) = bytes[start + target..].iter().position(|&b| b == b'\n') else { break };
        let end = start + target + nl + 1;
        chunks.push((start, end));
        start = end;
    }
    if start < src.len() || chunks.is_empty() {
        chunks.push((start, src.len()));
    }
    chunks
}

struct ChunkOutput {
    bom: Option<Span>,
    lines: Vec<Line>,
    errors: Vec<SyntaxError>,
}

/// Parses chunks on `threads` threads and hands them to `merge` in order as
/// they come, so only a few chunks' trees wait in memory at any time. The
/// line buffers go back to the workers once merged: a chunk's lines are
/// allocated and freed on the same thread, and no more buffers exist than
/// chunks in flight.
fn parse_parallel(
    src: &str,
    chunks: &[(usize, usize)],
    threads: usize,
    mut merge: impl FnMut(&mut ChunkOutput),
) {
    let next = AtomicUsize::new(0);
    let spare: Mutex<Vec<Vec<Line>>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel::<(usize, ChunkOutput)>();
        for _ in 0..threads.min(chunks.len()) {
            let tx = tx.clone();
            let (next, spare) = (&next, &spare);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(a, b)) = chunks.get(i) else { break };
                let buffer = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
                if tx.send((i, parse_chunk(src, a, b, i == 0, buffer))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut expected = 0;
        for (i, out) in rx {
            waiting.insert(i, out);
            while let Some(mut out) = waiting.remove(&expected) {
                merge(&mut out);
                if let Ok(mut s) = spare.lock() {
                    s.push(out.lines);
                }
                expected += 1;
            }
        }
    });
}

/// Parses `src[start..end]`, appending its lines to `lines`.
fn parse_chunk(src: &str, start: usize, end: usize, first: bool, mut lines: Vec<Line>) -> ChunkOutput {
    let text = &src[start..end];
    let rule = if first { Rule::file } else { Rule::chunk };
    lines.reserve(text.bytes().filter(|&b| b == b'\n').count() + 1);
    let mut lower = lower::Lowerer::new(src, start as u32, lines);
    match HaproxyParser::parse(rule, text) {
        Ok(mut pairs) => {
            let top = pairs.next().unwrap_or_else(|| unreachable!("pest returns the top rule"));
            lower.lower_file(top);
        }
        // The grammar accepts every text; this would be a bug in it.
        Err(e) => unreachable!("the grammar rejected text it must accept: {e}"),
    }
    ChunkOutput { bom: lower.bom, lines: lower.lines, errors: lower.errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_after_line_feeds_and_cover_the_text() {
        let src = "aaaa\nbbbb\ncccc\ndd";
        let chunks = split_chunks(src, 3);
        assert_eq!(chunks, vec![(0, 5), (5, 10), (10, 15), (15, 17)]);
        assert_eq!(split_chunks("", 3), vec![(0, 0)]);
        assert_eq!(split_chunks("abc\n", 100), vec![(0, 4)]);
    }
}
