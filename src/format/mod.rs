//! The formatter: layout of a haproxy.cfg without changing what HAProxy reads.
//!
//! It works on the lossless tree and answers with byte-range [`Edit`]s of the
//! original text, as fixes do, so `halint fmt`, its `--diff`/`--check` and the
//! language server's document and range formatting share one path.
//!
//! What it changes: indentation (section headers at column 0, lines of a
//! section one level in, `.if` blocks one more), blanks between words (one
//! space, or aligned columns on runs of `server`/`bind`/`peer` lines when
//! asked), trailing blanks, and runs of blank lines. What it never changes:
//! the words themselves (quotes, escapes, variables), comments' text and
//! order, line endings, and lines HAProxy would not read as written (a line
//! with a syntax error, text after a carriage return).

mod layout;
mod options;

pub use options::{FormatOptions, Indent};

use crate::ast::{Eol, Line, LineKind};
/// Splices sorted, non-overlapping edits into `src` (the fixes' splice).
pub use crate::fix::apply::apply_edits;
use crate::fix::Edit;
use crate::span::Span;
use crate::syntax::Parse;

/// The edits that format `parse`, sorted and non-overlapping (empty when the
/// text is already formatted).
pub fn format_edits(parse: &Parse, options: &FormatOptions) -> Vec<Edit> {
    let file = parse.file();
    let src = parse.source();
    let levels = layout::indent_levels(file, options.indent_conditionals);
    let aligned = if options.align_columns { layout::column_widths(parse) } else { Vec::new() };
    let untouchable = untouchable_lines(parse);
    let mut edits = Vec::new();
    // `${.LINE}` expands to the line's number: with it, no line is added or
    // removed (blank lines are still emptied of blanks).
    let blanks = if uses_line_numbers(parse) {
        layout::BlankLines::default()
    } else {
        layout::blank_lines(file, options)
    };
    for (i, line) in file.lines.iter().enumerate() {
        if let Some(count) = blanks.insert_before.get(&i) {
            let eol = i.checked_sub(1).map_or(Eol::Lf, |p| file.lines[p].eol);
            let eol = if eol == Eol::None { Eol::Lf } else { eol };
            edits.push(Edit::insert(line.span.start, eol.as_str().repeat(*count)));
        }
        if blanks.delete.contains(&i) {
            edits.push(Edit::delete(line.span));
            continue;
        }
        if untouchable[i] {
            continue;
        }
        let content = content_span(line);
        let widths = aligned.get(i).and_then(Option::as_deref);
        let Some(wanted) = line_text(line, src, levels[i], options.indent, widths) else { continue };
        if wanted != content.text(src) {
            edits.push(Edit::replace(content, wanted));
        }
    }
    edits
}

/// The edits of [`format_edits`] that fall inside the lines `range` touches
/// (for an editor's "format selection").
pub fn format_range_edits(parse: &Parse, options: &FormatOptions, range: Span) -> Vec<Edit> {
    let lines = &parse.file().lines;
    let first = lines.partition_point(|l| l.span.end <= range.start);
    let last = lines.partition_point(|l| l.span.start < range.end.max(range.start + 1));
    let (Some(start), Some(end)) = (lines.get(first), lines.get(last.saturating_sub(1).max(first))) else {
        return Vec::new();
    };
    let covered = Span::new(start.span.start, end.span.end);
    format_edits(parse, options)
        .into_iter()
        .filter(|e| e.span.start >= covered.start && e.span.end <= covered.end)
        .collect()
}

/// The formatted text of `parse`.
pub fn format(parse: &Parse, options: &FormatOptions) -> String {
    apply_edits(parse.source(), &format_edits(parse, options))
}

/// Whether a word of the config expands `${.LINE}`.
fn uses_line_numbers(parse: &Parse) -> bool {
    let src = parse.source();
    let words = parse.file().lines.iter().flat_map(|l| match &l.kind {
        LineKind::Section { directive, .. } | LineKind::Directive(directive) => &directive.words[..],
        LineKind::Control { directive, .. } => &directive.words[..],
        _ => &[],
    });
    words.filter_map(|w| w.parts.as_deref()).flatten().any(|p| match p {
        crate::ast::Part::Env { name, .. } => name.text(src) == ".LINE",
        _ => false,
    })
}

/// The line without its line ending.
fn content_span(line: &Line) -> Span {
    let eol = line.eol.as_str().len() as u32;
    Span::new(line.span.start, line.span.end - eol)
}

/// Lines left exactly as written: those holding a syntax error (formatting
/// them with `--force` must not guess at words) and those whose text goes on
/// after a carriage return (what follows it is not read by HAProxy, and
/// trimming would move it).
fn untouchable_lines(parse: &Parse) -> Vec<bool> {
    let lines = &parse.file().lines;
    let mut out: Vec<bool> = lines.iter().map(|l| l.ignored.is_some()).collect();
    for error in parse.errors() {
        let first = lines.partition_point(|l| l.span.end <= error.span.start);
        let last = lines.partition_point(|l| l.span.start < error.span.end.max(error.span.start + 1));
        for flag in out.iter_mut().take(last.max(first + 1)).skip(first) {
            *flag = true;
        }
    }
    out
}

/// The formatted text of one line (without its line ending), or `None` to
/// leave it as it is.
fn line_text(
    line: &Line,
    src: &str,
    level: usize,
    indent: Indent,
    widths: Option<&[usize]>,
) -> Option<String> {
    let directive = match &line.kind {
        LineKind::Empty => None,
        LineKind::Section { directive, .. } | LineKind::Directive(directive) => Some(directive),
        LineKind::Control { directive, .. } => Some(directive),
        // A kind added to the tree later: not formatted until taught.
        #[allow(unreachable_patterns)]
        _ => return None,
    };
    let mut out = String::new();
    let Some(directive) = directive else {
        // Blank, or a comment alone: a comment at column 0 stays there (it is
        // often a commented-out header or a banner), others take the level.
        if let Some(comment) = line.comment {
            if line.indent.is_some() {
                indent.push(&mut out, level);
            }
            out.push_str(comment.text(src).trim_end_matches([' ', '\t']));
        }
        return Some(out);
    };
    indent.push(&mut out, level);
    let words = &directive.words;
    for (j, word) in words.iter().enumerate() {
        if j > 0 {
            let gap = &src[words[j - 1].span.end as usize..word.span.start as usize];
            // Only blanks separate words; anything else is not ours to touch.
            if !gap.bytes().all(|b| b == b' ' || b == b'\t') {
                return None;
            }
            let pad = widths
                .and_then(|w| w.get(j - 1))
                .map_or(0, |&width| width.saturating_sub(words[j - 1].raw(src).chars().count()));
            out.extend(std::iter::repeat_n(' ', pad + 1));
        }
        out.push_str(word.raw(src));
    }
    if let Some(comment) = line.comment {
        let last = words[words.len() - 1].span.end as usize;
        // The blanks before a trailing comment are kept: comments are often aligned by hand.
        out.push_str(&src[last..comment.start as usize]);
        out.push_str(comment.text(src).trim_end_matches([' ', '\t']));
    }
    Some(out)
}

#[cfg(test)]
mod tests;
