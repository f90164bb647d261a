//! Byte offsets to LSP positions and back, in the encoding agreed with the
//! client (UTF-16 unless it offers UTF-8 or UTF-32). Only this edge knows
//! about code units; the library speaks byte spans.

use crate::span::Span;
use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit of `Position::character`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes.
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl Encoding {
    /// The client's preferred encoding among those offered; UTF-8 first (no
    /// conversion at all), UTF-16 when it offers nothing, as the protocol says.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        let has = |kind: &PositionEncodingKind| offered.contains(kind);
        if has(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.first() == Some(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    /// The protocol's name for it.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// The line starts of a text, to convert positions both ways.
#[derive(Clone, Debug)]
pub struct LineMap {
    starts: Vec<u32>,
}

impl LineMap {
    /// Indexes `text` (lines end at `\n`).
    pub fn new(text: &str) -> LineMap {
        let mut starts = vec![0];
        starts.extend(newline_offsets(text).map(|i| i as u32 + 1));
        LineMap { starts }
    }

    /// Follows an edit of the text: `span` (of the old text) replaced by
    /// `replacement`. Only the line starts inside the edit are looked for;
    /// the ones after it move by the change in length.
    pub fn edit(&mut self, span: Span, replacement: &str) {
        let delta = replacement.len() as i64 - span.len() as i64;
        // Starts in (start, end] follow a line feed the edit replaces.
        let from = self.starts.partition_point(|&s| s <= span.start);
        let to = self.starts.partition_point(|&s| s <= span.end);
        for s in &mut self.starts[to..] {
            *s = (*s as i64 + delta) as u32;
        }
        let added = newline_offsets(replacement).map(|i| span.start + i as u32 + 1);
        self.starts.splice(from..to, added);
    }

    #[cfg(test)]
    pub(super) fn starts_for_tests(&self) -> &[u32] {
        &self.starts
    }

    /// The position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&self, text: &str, offset: u32, encoding: Encoding) -> Position {
        let mut offset = (offset as usize).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.starts[line] as usize;
        let prefix = &text[start..offset];
        let character = match encoding {
            Encoding::Utf8 => prefix.len() as u32,
            // ASCII is one unit in every encoding: no per-character walk for most lines.
            _ if prefix.is_ascii() => prefix.len() as u32,
            _ => prefix.chars().map(|c| encoding.units(c)).sum(),
        };
        Position { line: line as u32, character }
    }

    /// The range of a byte span.
    pub fn range(&self, text: &str, span: Span, encoding: Encoding) -> Range {
        Range {
            start: self.position(text, span.start, encoding),
            end: self.position(text, span.end, encoding),
        }
    }

    /// The byte offset of `position`. A character past the end of its line
    /// means the end of the line; a line past the end, the end of the text.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> u32 {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len() as u32;
        };
        let end = self.starts.get(position.line as usize + 1).map_or(text.len(), |&s| s as usize - 1);
        let line = &text[start as usize..end];
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character {
                return start + i as u32;
            }
            units += encoding.units(c);
        }
        end as u32
    }

    /// The byte span of a range.
    pub fn span(&self, text: &str, range: Range, encoding: Encoding) -> Span {
        let start = self.offset(text, range.start, encoding);
        Span::new(start, self.offset(text, range.end, encoding).max(start))
    }
}

/// The offsets of the line feeds of `text`.
fn newline_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let text = "ab\n# é 😀 x\n";
        let map = LineMap::new(text);
        let x = text.find('x').unwrap() as u32;
        // "# é 😀 " is 2 + 1 + 1 + 2 + 1 UTF-16 units, 9 + ... bytes.
        assert_eq!(map.position(text, x, Encoding::Utf16), Position { line: 1, character: 7 });
        assert_eq!(map.position(text, x, Encoding::Utf32), Position { line: 1, character: 6 });
        assert_eq!(map.position(text, x, Encoding::Utf8), Position { line: 1, character: x - 3 });
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let p = map.position(text, x, encoding);
            assert_eq!(map.offset(text, p, encoding), x, "{encoding:?}");
        }
        // Edits keep the map as a fresh one would be.
        let mut edited = map.clone();
        let mut new_text = text.to_owned();
        for (a, b, with) in [(1, 4, "\n\nz"), (0, 0, "\n"), (5, 9, ""), (3, 3, "é\n")] {
            new_text.replace_range(a..b, with);
            edited.edit(Span::new(a as u32, b as u32), with);
            assert_eq!(edited.starts, LineMap::new(&new_text).starts, "after {a}..{b} -> {with:?}");
        }
        // Past the end of the line: its end; past the last line: the text's end.
        assert_eq!(map.offset(text, Position { line: 0, character: 99 }, Encoding::Utf16), 2);
        assert_eq!(map.offset(text, Position { line: 9, character: 0 }, Encoding::Utf16), text.len() as u32);
    }
}
