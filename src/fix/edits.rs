//! Edit builders that know HAProxy's line structure: they keep the bytes
//! around an edit, reuse the neighbours' indentation and line ending.

use super::Edit;
use crate::ast::{Directive, Eol, Line};
use crate::syntax::Parse;

/// The line ending new lines should use: the file's first line ending, LF by default.
pub fn eol_of(parse: &Parse) -> &'static str {
    parse.file().lines.iter().find(|l| l.eol != Eol::None).map_or("\n", |l| l.eol.as_str())
}

/// The indentation of `line`, or of the nearest indented line after `line`
/// when it has none (a section header's body), or four spaces.
pub fn indent_near(parse: &Parse, line: usize) -> String {
    let lines = &parse.file().lines;
    // Blank lines say nothing about indentation; comments and directives do.
    let indented =
        |l: &Line| l.indent.filter(|_| !matches!(l.kind, crate::ast::LineKind::Empty) || l.comment.is_some());
    lines[line..]
        .iter()
        .take(8)
        .chain(lines[..line].iter().rev().take(8))
        .find_map(indented)
        .map_or_else(|| "    ".to_owned(), |span| parse.text(span).to_owned())
}

/// Inserts whole lines (each given without indentation or line ending) after
/// line `line`, indented like the lines near it.
pub fn insert_lines_after(parse: &Parse, line: usize, new_lines: &[String]) -> Edit {
    let eol = eol_of(parse);
    let target = &parse.file().lines[line];
    // A sibling of an indented line takes its indentation; the first line of
    // a section body takes the body's.
    let indent = match (&target.kind, target.indent) {
        (crate::ast::LineKind::Directive(_), Some(span)) => parse.text(span).to_owned(),
        _ => indent_near(parse, line + 1),
    };
    let mut text = String::new();
    // A last line without a line ending gets one, so the new line starts fresh.
    if target.eol == Eol::None {
        text.push_str(eol);
    }
    for l in new_lines {
        text.push_str(&indent);
        text.push_str(l);
        text.push_str(eol);
    }
    Edit::insert(target.span.end, text)
}

/// Inserts whole unindented lines before line `line`.
pub fn insert_lines_before(parse: &Parse, line: usize, new_lines: &[String]) -> Edit {
    let eol = eol_of(parse);
    let at = parse.file().lines.get(line).map_or(parse.source().len() as u32, |l| l.span.start);
    let text: String = new_lines.iter().map(|l| format!("{l}{eol}")).collect();
    Edit::insert(at, text)
}

/// Appends ` words` after the last word of a directive (before any trailing
/// blanks or comment).
pub fn append_words(directive: &Directive, words: &str) -> Edit {
    Edit::insert(directive.span().end, format!(" {words}"))
}

/// Deletes a whole line, its line ending included.
pub fn delete_line(parse: &Parse, line: usize) -> Edit {
    Edit::delete(parse.file().lines[line].span)
}

/// Quotes a value for a config word when it needs it.
pub fn quote_word(value: &str) -> String {
    let plain = !value.is_empty()
        && value.bytes().all(|b| b > b' ' && !matches!(b, b'"' | b'\'' | b'\\' | b'#' | b'$'));
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}
