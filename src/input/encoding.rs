//! Bytes that are not UTF-8. HAProxy reads a config as bytes: a Latin-1
//! comment or name is fine to it. halint reads text, so each byte that is not
//! part of valid UTF-8 stands in the text as one private-use character
//! (U+F780 for byte 0x80 ... U+F7FF for 0xFF) and goes back to that very byte
//! when a fixed text is written. A stand-in is one character (one column, as
//! the byte is to a Latin-1 editor) but three bytes of text, so byte offsets
//! of the text are translated back with [`ByteOffsets`].

use std::borrow::Cow;

/// The stand-in of byte 0x00 would be U+F700; only 0x80..=0xFF occur
/// (bytes below 0x80 are ASCII, always valid UTF-8).
const STAND_IN_BASE: u32 = 0xF700;

/// Length of a stand-in in the text (U+F7xx is three bytes of UTF-8).
const STAND_IN_LEN: u32 = 3;

/// The character standing for a byte that is not UTF-8.
pub fn stand_in(byte: u8) -> char {
    char::from_u32(STAND_IN_BASE + u32::from(byte)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The byte a stand-in character stands for.
pub fn raw_byte(c: char) -> Option<u8> {
    let code = u32::from(c).checked_sub(STAND_IN_BASE)?;
    u8::try_from(code).ok().filter(|&b| b >= 0x80)
}

/// A text read from bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text: the bytes themselves when they are UTF-8.
    pub text: String,
    /// Whether some bytes were not UTF-8 and stand in the text as
    /// private-use characters (see the module docs).
    pub raw_bytes: bool,
}

/// Why bytes could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes are not UTF-8 and also hold characters of the range the
    /// stand-ins use, so the text could not be written back exactly.
    #[error("invalid UTF-8 at line {line}, column {column}, and private-use characters U+F780..U+F7FF elsewhere: halint cannot keep both exactly")]
    Ambiguous {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
        /// Its 1-based column, in characters.
        column: usize,
    },
}

/// Reads bytes as text, standing in for the bytes that are not UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(Decoded { text, raw_bytes: false }),
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut first_invalid = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            first_invalid.get_or_insert(text.len());
        }
        text.extend(chunk.invalid().iter().map(|&b| stand_in(b)));
    }
    // A literal character of the stand-ins' range would come back as a byte.
    let literal = bytes.utf8_chunks().any(|c| c.valid().chars().any(|ch| raw_byte(ch).is_some()));
    if literal {
        let at = first_invalid.unwrap_or(0);
        let before = &text[..at];
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        return Err(DecodeError::Ambiguous {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        });
    }
    Ok(Decoded { text, raw_bytes: true })
}

/// The bytes a text read by [`decode`] with `raw_bytes` stands for.
pub fn encode(text: &str, raw_bytes: bool) -> Cow<'_, [u8]> {
    if !raw_bytes || !text.chars().any(|c| raw_byte(c).is_some()) {
        return Cow::Borrowed(text.as_bytes());
    }
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        match raw_byte(c) {
            Some(b) => out.push(b),
            None => out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
        }
    }
    Cow::Owned(out)
}

/// Translates byte offsets of a decoded text into offsets of the bytes read.
#[derive(Clone, Debug, Default)]
pub struct ByteOffsets {
    /// Text offsets of the stand-ins, in order (empty for UTF-8 input).
    stand_ins: Vec<u32>,
}

impl ByteOffsets {
    /// The map of `text`; `raw_bytes` as [`Decoded::raw_bytes`].
    pub fn new(text: &str, raw_bytes: bool) -> Self {
        if !raw_bytes {
            return ByteOffsets::default();
        }
        let stand_ins =
            text.char_indices().filter(|&(_, c)| raw_byte(c).is_some()).map(|(i, _)| i as u32).collect();
        ByteOffsets { stand_ins }
    }

    /// The offset in the bytes read of text offset `offset` (an offset
    /// inside a stand-in maps to its byte).
    pub fn file_offset(&self, offset: u32) -> u32 {
        let before = self.stand_ins.partition_point(|&s| s < offset);
        let inside = before > 0 && offset < self.stand_ins[before - 1] + STAND_IN_LEN;
        let whole = before - usize::from(inside);
        offset
            - (STAND_IN_LEN - 1) * whole as u32
            - if inside { offset - self.stand_ins[before - 1] } else { 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_as_it_is() {
        let d = decode("caf\u{e9} \u{f780}\n".as_bytes().to_vec()).expect("UTF-8");
        assert!(!d.raw_bytes);
        assert_eq!(d.text, "caf\u{e9} \u{f780}\n");
    }

    #[test]
    fn latin1_bytes_round_trip() {
        let bytes = b"# caf\xe9 \xff\xfe\nbackend \xe9t\xe9\n".to_vec();
        let d = decode(bytes.clone()).expect("decodes");
        assert!(d.raw_bytes);
        assert_eq!(d.text.chars().filter(|&c| raw_byte(c).is_some()).count(), 5);
        assert_eq!(encode(&d.text, true).as_ref(), bytes.as_slice());
    }

    #[test]
    fn offsets_translate_back_to_the_bytes() {
        let bytes = b"a\xe9b\xe9\xe9c".to_vec();
        let d = decode(bytes).expect("decodes");
        let map = ByteOffsets::new(&d.text, true);
        // a=0, stand-in 1..4, b=4, stand-ins 5..8 and 8..11, c=11.
        assert_eq!([0, 1, 4, 5, 8, 11, 12].map(|o| map.file_offset(o)), [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(map.file_offset(2), 1, "inside a stand-in: its byte");
    }

    #[test]
    fn literal_stand_in_characters_with_invalid_bytes_are_refused() {
        let mut bytes = "\u{f7e9}\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"x\xe9\n");
        assert_eq!(decode(bytes), Err(DecodeError::Ambiguous { line: 2, column: 2 }));
    }
}
