//! Re-parsing after an edit: only the lines the edit touches are parsed
//! again; the lines after them keep their trees, moved by the edit's change
//! in length. The grammar is line-based (no state crosses a line, which the
//! parallel parse relies on too), so the result is the tree and errors a
//! full parse of the new text gives; the sections and conditional blocks are
//! indexed again over the whole file. An editor's keystroke on a 5 MB config
//! re-parses one line instead of 130,000.

use super::{parse_chunk, parse_with_threads, structure, Parse, SyntaxError};
use crate::ast::{Line, LineKind, Part};
use crate::span::Span;
use std::sync::OnceLock;

/// Edits bigger than this are parsed whole, on all cores.
const MAX_REGION_BYTES: usize = 1 << 20;

impl Parse {
    /// The parse of the text with `span` replaced by `replacement`: the
    /// same tree and errors as parsing that text from scratch.
    ///
    /// ```
    /// let old = halint::parse("global\n    daemon\nbackend b\n");
    /// let new = old.edit(halint::span::Span::new(11, 17), "maxconn 10");
    /// assert_eq!(new.to_string(), "global\n    maxconn 10\nbackend b\n");
    /// assert_eq!(new.file(), halint::parse("global\n    maxconn 10\nbackend b\n").file());
    /// ```
    ///
    /// # Panics
    /// When `span` is not within the source or not on character boundaries.
    pub fn edit(self, span: Span, replacement: &str) -> Parse {
        let raw_bytes = self.raw_bytes;
        let lines = &self.file.lines;
        let (a, b) = (span.start as usize, span.end as usize);
        assert!(a <= b && b <= self.source.len(), "edit {span:?} outside the source");
        // The lines holding the edit's first and last bytes (the last line
        // when the edit is at the very end).
        let last_line = lines.len().saturating_sub(1);
        let first = lines.partition_point(|l| l.span.end as usize <= a).min(last_line);
        let last = lines.partition_point(|l| l.span.end as usize <= b).min(last_line);
        let whole =
            |source: String| parse_with_threads(source, super::default_threads()).with_raw_bytes(raw_bytes);
        let mut source = self.source;
        source.replace_range(a..b, replacement);
        // The first line may hold the byte-order mark, which only a whole
        // parse reads; an empty file has no line to start from.
        if first == 0 || lines.is_empty() {
            return whole(source);
        }
        let region_start = lines[first].span.start as usize;
        let delta = replacement.len() as i64 - (b - a) as i64;
        let region_end = (lines[last].span.end as i64 + delta) as usize;
        if region_end - region_start > MAX_REGION_BYTES {
            return whole(source);
        }
        let mut file = self.file;
        let mut old_errors = self.errors;
        // The errors the structure pass made on the old tree are made again
        // on the new one; the others are the lines' own.
        // (Most texts have no error at all: nothing to sort out.)
        if !old_errors.is_empty() {
            let mut structural = Vec::new();
            structure::index(&mut file, &mut structural);
            for e in &structural {
                if let Some(i) = old_errors.iter().position(|o| o == e) {
                    old_errors.remove(i);
                }
            }
        }
        let region = parse_chunk(&source, region_start, region_end, false, Vec::new());
        // One move of the lines after the region (none when the counts
        // match), and no walk over them when the edit kept the length.
        let moved = first + region.lines.len();
        file.lines.splice(first..=last, region.lines);
        if delta != 0 {
            for line in &mut file.lines[moved..] {
                shift_line(line, delta);
            }
        }
        let old_end = region_end as i64 - delta;
        let mut errors: Vec<SyntaxError> = Vec::with_capacity(old_errors.len() + region.errors.len());
        errors.extend(old_errors.iter().filter(|e| (e.span.end as usize) <= region_start).cloned());
        errors.extend(region.errors);
        for mut e in old_errors.into_iter().filter(|e| e.span.start as i64 >= old_end) {
            e.span = shift(e.span, delta);
            errors.push(e);
        }
        structure::index(&mut file, &mut errors);
        errors.sort_by_key(|e| (e.span.start, e.span.end));
        Parse { source, file, errors, line_index: OnceLock::new(), raw_bytes }
    }
}

fn shift(span: Span, delta: i64) -> Span {
    Span::new((span.start as i64 + delta) as u32, (span.end as i64 + delta) as u32)
}

/// Moves every span of a line by `delta` bytes.
fn shift_line(line: &mut Line, delta: i64) {
    line.span = shift(line.span, delta);
    line.indent = line.indent.map(|s| shift(s, delta));
    line.comment = line.comment.map(|s| shift(s, delta));
    line.ignored = line.ignored.map(|s| shift(s, delta));
    let directive = match &mut line.kind {
        LineKind::Empty => return,
        LineKind::Section { directive, .. } | LineKind::Directive(directive) => directive,
        LineKind::Control { directive, .. } => directive,
    };
    for word in directive.words.iter_mut() {
        word.span = shift(word.span, delta);
        for part in word.parts.iter_mut().flat_map(|p| p.iter_mut()) {
            match part {
                Part::Text { span }
                | Part::Quote { span, .. }
                | Part::Escape { span, .. }
                | Part::Invalid { span } => {
                    *span = shift(*span, delta);
                }
                Part::Env { span, name, default, .. } => {
                    *span = shift(*span, delta);
                    *name = shift(*name, delta);
                    *default = default.map(|d| shift(d, delta));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `edits` one after the other, incrementally and from scratch, and compares.
    fn check(src: &str, edits: &[(u32, u32, &str)]) {
        let mut parse = super::super::parse(src);
        let mut text = src.to_owned();
        for &(a, b, with) in edits {
            text.replace_range(a as usize..b as usize, with);
            parse = parse.edit(Span::new(a, b), with);
            let fresh = super::super::parse(&text);
            assert_eq!(parse.source(), text);
            assert_eq!(parse.file(), fresh.file(), "tree after {a}..{b} -> {with:?} on {src:?}");
            assert_eq!(parse.errors(), fresh.errors(), "errors after {a}..{b} -> {with:?}");
        }
    }

    const SRC: &str = "\u{feff}global\n  daemon\n.if defined(X)\nbackend b\r\n  server s1 \"10.0.0.1:80\" # c\n  acl a path \"${P-x}\"\n.endif\n  mode  http\r x\nfrontend f";

    #[test]
    fn edits_anywhere_give_the_tree_of_a_full_parse() {
        let len = SRC.len() as u32;
        // Within a line, across lines, adding and removing line feeds,
        // creating and closing quotes and blocks, at both ends, and the BOM line.
        let cases: &[(u32, u32, &str)] = &[
            (20, 21, "x"),
            (18, 26, ""),
            (11, 11, "\n\n  maxconn 1\n"),
            (43, 44, "'"),
            (len, len, "\n  bind :80\n.endif\n"),
            (len - 2, len, ""),
            (26, 26, ".else\n"),
            (3, 5, "lob"),
            (30, 52, "\""),
            (0, len, "backend x\n"),
        ];
        for &case in cases {
            check(SRC, &[case]);
        }
        check(SRC, cases);
    }

    #[test]
    fn random_edits_on_real_configs_match_a_full_parse() {
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut files: Vec<_> = ["reference/broken", "syntax", "syntax/invalid"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(format!("{corpus}/{dir}")).expect("corpus"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "cfg"))
            .collect();
        files.sort();
        assert!(files.len() > 30, "{} files", files.len());
        let pieces =
            ["", "\n", " ", "\"", "'", "#", ".if x\n", ".endif\n", "backend z\n", "\\", "${A}", "é", "\r"];
        let mut seed = 0x9e37_79b9_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        for path in files {
            let src = std::fs::read_to_string(&path).expect("read");
            let mut text = src.clone();
            let mut edits = Vec::new();
            for _ in 0..40 {
                let mut a = next(text.len() + 1);
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (a + next(12)).min(text.len());
                while !text.is_char_boundary(b) {
                    b -= 1;
                }
                let with = pieces[next(pieces.len())];
                text.replace_range(a..b, with);
                edits.push((a as u32, b as u32, with));
            }
            check(&src, &edits);
        }
    }
}
