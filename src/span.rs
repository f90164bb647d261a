//! Byte spans into the source and the line index that turns them into
//! line and column numbers.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open range of byte offsets into the source text.
///
/// Offsets are `u32`: a config file of 4 GiB is not a config file, and
/// halving the size of every span keeps the tree of a 25 MB file small.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset` (where an insertion goes).
    pub const fn empty(offset: u32) -> Self {
        Span { start: offset, end: offset }
    }

    /// The span as a `usize` range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers in `src`.
    pub fn text(self, src: &str) -> &str {
        &src[self.range()]
    }
}

/// Turns byte offsets into 1-based lines and columns.
///
/// Columns count Unicode scalar values, as editors do, not bytes. Up to a
/// line's first non-ASCII byte a column is a subtraction: a line is never
/// rescanned per finding (a 64 KiB line of findings was quadratic).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// Per line, the offset of its first byte outside ASCII (`u32::MAX`: none).
    first_non_ascii: Vec<u32>,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl LineIndex {
    /// Indexes the line starts of `src` (after LF; CR alone does not start a line).
    pub fn new(src: &str) -> Self {
        let mut line_starts = vec![0];
        let mut first_non_ascii = vec![u32::MAX];
        for (i, b) in src.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
                first_non_ascii.push(u32::MAX);
            } else if b >= 0x80 {
                let last = first_non_ascii.len() - 1;
                first_non_ascii[last] = first_non_ascii[last].min(i as u32);
            }
        }
        LineIndex { line_starts, first_non_ascii }
    }

    /// The line and column of byte `offset` of `src` (the text indexed).
    pub fn line_col(&self, src: &str, offset: u32) -> LineCol {
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let mut end = (offset as usize).min(src.len());
        let ascii_end = (self.first_non_ascii[line] as usize).min(end);
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        let column = (ascii_end - start) + src[ascii_end..end.max(ascii_end)].chars().count() + 1;
        LineCol { line: line as u32 + 1, column: column as u32 }
    }

    /// The byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts.get(line.checked_sub(1)? as usize).copied()
    }

    /// The number of lines (a final line feed opens an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_lines() {
        let src = "ab\ncé d\r\nx";
        let index = LineIndex::new(src);
        assert_eq!(index.line_col(src, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(src, 3), LineCol { line: 2, column: 1 });
        // 'é' is two bytes: the space after it is column 3.
        assert_eq!(index.line_col(src, 6), LineCol { line: 2, column: 3 });
        assert_eq!(index.line_col(src, 10), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_count(), 3);
        // Past the end, and inside a character: the character's column.
        assert_eq!(index.line_col(src, 5), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col(src, 99), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn columns_of_a_long_line_cost_no_rescan() {
        // 100,000 findings on a 1 MB line: was 10^11 character steps.
        let src = "\0".repeat(1 << 20);
        let index = LineIndex::new(&src);
        let start = std::time::Instant::now();
        for offset in (0..src.len() as u32).step_by(10) {
            assert_eq!(index.line_col(&src, offset).column, offset + 1);
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
