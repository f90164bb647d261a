//! One reading of a file with `.if` blocks, made in place: the lines a
//! reading skips are blanked in the source and parsed again (blank lines,
//! cheap), every other line keeps its tree, and everything is put back when
//! the reading is dropped. The result is the parse of
//! [`crate::model::effective::Alternative::text`] (`tests` below check it),
//! without a second tree of a big file in memory nor a second full parse.

use super::{parse_chunk, structure, Parse, SyntaxError};
use crate::ast::{Conditional, Line, Section};
use crate::span::LineIndex;
use std::sync::OnceLock;

/// A parse lent as one reading; restored when dropped (a panic included).
pub(crate) struct Reading<'p> {
    parse: &'p mut Parse,
    /// Each run of blanked lines: its first line, its lines and text as they were.
    runs: Vec<(usize, Vec<Line>, String)>,
    errors: Vec<SyntaxError>,
    sections: Vec<Section>,
    conditionals: Vec<Conditional>,
    line_index: OnceLock<LineIndex>,
    /// Whether to put the parse back when dropped (see [`Reading::keep`]).
    restore: bool,
}

impl std::ops::Deref for Reading<'_> {
    type Target = Parse;

    fn deref(&self) -> &Parse {
        self.parse
    }
}

/// The text of a line before its line ending: what a skipped line blanks.
fn body(text: &str) -> &str {
    text.trim_end_matches(['\r', '\n'])
}

impl Parse {
    /// This parse read with every line where `read` is false blanked (line
    /// endings kept): as if the blanked text had been parsed.
    ///
    /// # Panics
    /// When `read` does not have one entry per line.
    pub(crate) fn read_only(&mut self, read: &[bool]) -> Reading<'_> {
        assert_eq!(read.len(), self.file.lines.len(), "one entry per line");
        // Runs of consecutive lines to blank; a line of blanks already
        // reads the same.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (i, line) in self.file.lines.iter().enumerate() {
            if read[i] || body(line.span.text(&self.source)).bytes().all(|b| b == b' ') {
                continue;
            }
            match spans.last_mut() {
                Some((_, end)) if *end == i => *end = i + 1,
                _ => spans.push((i, i + 1)),
            }
        }
        let mut reading = Reading {
            errors: Vec::new(),
            sections: Vec::new(),
            conditionals: Vec::new(),
            line_index: std::mem::take(&mut self.line_index),
            runs: Vec::with_capacity(spans.len()),
            restore: true,
            parse: self,
        };
        if spans.is_empty() {
            return reading;
        }
        let parse = &mut *reading.parse;
        // The errors of the lines themselves stay, except on blanked lines;
        // those of the block structure are found again below.
        let mut structural = Vec::new();
        structure::index(&mut parse.file, &mut structural);
        let mut errors = parse.errors.clone();
        for e in &structural {
            if let Some(i) = errors.iter().position(|o| o == e) {
                errors.remove(i);
            }
        }
        // Byte ranges blanked, in order, and the errors of their new lines.
        let mut blanked: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        let mut new_errors = Vec::new();
        for &(first, end) in &spans {
            let lines = &parse.file.lines;
            let (a, b) = (lines[first].span.start as usize, lines[end - 1].span.end as usize);
            let old = parse.source[a..b].to_owned();
            let mut blank = String::with_capacity(old.len());
            for line in &lines[first..end] {
                let text = line.span.text(&parse.source);
                let kept = body(text).len();
                blank.extend(std::iter::repeat_n(' ', kept));
                blank.push_str(&text[kept..]);
            }
            parse.source.replace_range(a..b, &blank);
            let mut region = parse_chunk(&parse.source, a, b, false, Vec::new());
            assert_eq!(region.lines.len(), end - first, "a blanked line is one line");
            blanked.push((a, b));
            new_errors.append(&mut region.errors);
            parse.file.lines[first..end].swap_with_slice(&mut region.lines);
            reading.runs.push((first, region.lines, old));
        }
        errors.retain(|e| {
            // Kept unless it overlaps a range: the last one starting before its end.
            let i = blanked.partition_point(|&(a, _)| a < e.span.end as usize);
            i == 0 || e.span.start as usize >= blanked[i - 1].1
        });
        errors.append(&mut new_errors);
        // The file's own indexes are kept aside; the reading's replace them.
        reading.sections = std::mem::take(&mut parse.file.sections);
        reading.conditionals = std::mem::take(&mut parse.file.conditionals);
        structure::index(&mut parse.file, &mut errors);
        errors.sort_by_key(|e| (e.span.start, e.span.end));
        reading.errors = std::mem::replace(&mut parse.errors, errors);
        reading
    }
}

impl Reading<'_> {
    /// Leaves the parse as this reading: nothing is put back.
    pub(crate) fn keep(mut self) {
        self.restore = false;
    }
}

impl Drop for Reading<'_> {
    fn drop(&mut self) {
        if !self.restore {
            return;
        }
        let parse = &mut *self.parse;
        parse.line_index = std::mem::take(&mut self.line_index);
        if self.runs.is_empty() {
            return;
        }
        for (first, lines, old) in self.runs.drain(..) {
            let a = parse.file.lines[first].span.start as usize;
            parse.source.replace_range(a..a + old.len(), &old);
            let mut lines = lines;
            parse.file.lines[first..first + lines.len()].swap_with_slice(&mut lines);
        }
        parse.errors = std::mem::take(&mut self.errors);
        parse.file.sections = std::mem::take(&mut self.sections);
        parse.file.conditionals = std::mem::take(&mut self.conditionals);
    }
}

impl Parse {
    /// A copy to read in place (the line index is built again on use).
    pub(crate) fn duplicate(&self) -> Parse {
        Parse {
            source: self.source.clone(),
            file: self.file.clone(),
            errors: self.errors.clone(),
            line_index: OnceLock::new(),
            raw_bytes: self.raw_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::conditions::Environment;
    use crate::model::effective::alternatives;
    use crate::syntax::{parse, parse_string};

    /// Every reading of `src` made in place is the parse of its blanked
    /// text, and the parse is as it was afterwards.
    fn check(src: &str) {
        let mut p = parse(src);
        let fresh = parse(src);
        for alt in alternatives(&fresh, &Environment::default()) {
            let expected = parse_string(alt.text(&fresh));
            {
                let reading = p.read_only(&alt.active);
                assert_eq!(reading.source(), expected.source(), "{src:?}");
                assert_eq!(reading.file(), expected.file(), "{src:?}");
                assert_eq!(reading.errors(), expected.errors(), "{src:?}");
            }
            assert_eq!(p.source(), fresh.source());
            assert_eq!(p.file(), fresh.file());
            assert_eq!(p.errors(), fresh.errors());
            let mut kept = p.duplicate();
            kept.read_only(&alt.active).keep();
            assert_eq!(
                (kept.source(), kept.file(), kept.errors()),
                (expected.source(), expected.file(), expected.errors())
            );
        }
        let copy = p.duplicate();
        assert_eq!((copy.source(), copy.file(), copy.errors()), (p.source(), p.file(), p.errors()));
    }

    #[test]
    fn readings_in_place_are_the_parses_of_the_blanked_texts() {
        let cases = [
            "global\n.if defined(X)\n    daemon\n.else\n    maxconn 1\n.endif\n",
            "\u{feff}.if defined(X)\nglobal\r\n  daemon \"é\r x\n.elif defined(Y)\nbackend b\n  bad \"quote\n.endif",
            ".if defined(X)\n.if defined(Y)\n a\n.else\n.else\n b\n.endif\n.endif\n.endif\n",
            "backend a\n.if defined(X)\nbackend b\n  server s 1.2.3.4:80 '\n.else\n  x \\\n.endif\n  y ${Z}\n",
            ".if defined(X)\n  unclosed\n",
            "frontend f\n  .if feature(OPENSSL)\n  bind :443 ssl\n  .endif\n  .else\n  bind :80\n\n",
            ".if defined(X)\r\n\r\n   \n\t\n.endif\r\n",
        ];
        for src in cases {
            check(src);
        }
    }

    #[test]
    fn readings_in_place_of_the_corpus_and_fixtures_are_the_parses_of_the_blanked_texts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("corpus"), root.join("tests/fixtures")];
        let mut seen = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("corpus").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "cfg") {
                    let Ok(src) = std::fs::read_to_string(&path) else { continue };
                    if src.contains(".if") {
                        seen += 1;
                    }
                    check(&src);
                }
            }
        }
        assert!(seen > 20, "{seen} files with blocks");
    }
}
