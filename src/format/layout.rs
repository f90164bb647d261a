//! Where lines go: indentation levels, aligned columns, blank lines.

use super::FormatOptions;
use crate::ast::{File, LineKind};
use crate::syntax::Parse;
use rustc_hash::{FxHashMap, FxHashSet};

/// The indentation level of every line: 0 for section headers and lines
/// before the first section, 1 inside a section, plus one per enclosing `.if`
/// block when `conditionals` is set.
///
/// A block that holds a section header (`.if` around whole sections) adds no
/// level and its `.if`/`.else`/`.endif` lines go to column 0: it is a
/// switch over sections, and headers stay at column 0 whatever encloses them.
pub(super) fn indent_levels(file: &File, conditionals: bool) -> Vec<usize> {
    let n = file.lines.len();
    let mut level: Vec<usize> = (0..n)
        .map(|i| match file.lines[i].kind {
            LineKind::Section { .. } => 0,
            _ => usize::from(file.section_of(i).is_some()),
        })
        .collect();
    if !conditionals {
        return level;
    }
    // +1 over each block's inside, by a difference array: one pass, whatever the nesting.
    let mut delta = vec![0isize; n + 1];
    let mut at_zero = Vec::new();
    for c in &file.conditionals {
        let start = c.if_line as usize;
        let end = c.endif_line.map_or(n, |e| e as usize);
        let spans_sections =
            file.lines[start..end.min(n)].iter().any(|l| matches!(l.kind, LineKind::Section { .. }));
        if spans_sections {
            at_zero.push(start);
            at_zero.extend(c.branches.iter().map(|&b| b as usize));
            at_zero.extend(c.endif_line.map(|e| e as usize));
            continue;
        }
        delta[start + 1] += 1;
        delta[end] -= 1;
        for &b in &c.branches {
            // `.elif`/`.else` sit at the level of their `.if`.
            delta[b as usize] -= 1;
            delta[b as usize + 1] += 1;
        }
    }
    let mut depth = 0isize;
    for (i, l) in level.iter_mut().enumerate() {
        depth += delta[i];
        if !matches!(file.lines[i].kind, LineKind::Section { .. }) {
            *l += depth.max(0) as usize;
        }
    }
    for i in at_zero {
        level[i] = 0;
    }
    level
}

/// Keywords whose lines come in runs worth aligning in columns.
const ALIGNED_KEYWORDS: &[&str] = &["server", "bind", "peer", "server-template", "default-server"];

/// For each line of a run of two or more consecutive lines with one of
/// [`ALIGNED_KEYWORDS`], the width (in characters) of each of its columns but
/// the last word's; `None` elsewhere.
pub(super) fn column_widths(parse: &Parse) -> Vec<Option<Vec<usize>>> {
    let src = parse.source();
    let lines = &parse.file().lines;
    let keyword = |i: usize| match &lines[i].kind {
        LineKind::Directive(d) => {
            let k = d.keyword().raw(src);
            ALIGNED_KEYWORDS.contains(&k).then_some(k)
        }
        _ => None,
    };
    let mut out = vec![None; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let Some(k) = keyword(i) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < lines.len() && keyword(end) == Some(k) {
            end += 1;
        }
        if end - i >= 2 {
            let mut widths: Vec<usize> = Vec::new();
            for line in &lines[i..end] {
                let LineKind::Directive(d) = &line.kind else { continue };
                for (j, w) in d.words[..d.words.len() - 1].iter().enumerate() {
                    let width = w.raw(src).chars().count();
                    match widths.get_mut(j) {
                        Some(max) => *max = (*max).max(width),
                        None => widths.push(width),
                    }
                }
            }
            out[i..end].iter_mut().for_each(|w| *w = Some(widths.clone()));
        }
        i = end;
    }
    out
}

/// The blank lines to delete and the ones to insert (count, before line).
#[derive(Default)]
pub(super) struct BlankLines {
    pub(super) delete: FxHashSet<usize>,
    pub(super) insert_before: FxHashMap<usize, usize>,
}

/// Runs of blank lines: none at the start or end of the file, exactly
/// `blank_lines_before_section` before each section (before the column-0
/// comments right above its header, which belong to it), at most
/// `max_blank_lines` elsewhere.
pub(super) fn blank_lines(file: &File, options: &FormatOptions) -> BlankLines {
    let lines = &file.lines;
    let is_blank = |i: usize| {
        let l = &lines[i];
        matches!(l.kind, LineKind::Empty) && l.comment.is_none() && l.ignored.is_none()
    };
    let is_banner = |i: usize| {
        let l = &lines[i];
        matches!(l.kind, LineKind::Empty) && l.comment.is_some() && l.indent.is_none()
    };
    // The first line of each header's block: its banner comments, then the header.
    let mut block_starts = FxHashSet::default();
    for s in &file.sections {
        let mut start = s.header as usize;
        while start > 0 && is_banner(start - 1) {
            start -= 1;
        }
        block_starts.insert(start);
    }
    let mut out = BlankLines::default();
    let mut i = 0;
    while i < lines.len() {
        if !is_blank(i) {
            if block_starts.contains(&i)
                && i > 0
                && !is_blank(i - 1)
                && options.blank_lines_before_section > 0
            {
                out.insert_before.insert(i, options.blank_lines_before_section);
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_blank(i) {
            i += 1;
        }
        let keep = if start == 0 || i == lines.len() {
            0
        } else if block_starts.contains(&i) {
            options.blank_lines_before_section
        } else {
            options.max_blank_lines.min(i - start)
        };
        let have = i - start;
        if keep > have {
            out.insert_before.insert(i, keep - have);
        }
        out.delete.extend(start + keep.min(have)..i);
    }
    out
}
