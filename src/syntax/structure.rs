//! The indexes over the lines: sections and conditional blocks.

use super::error::{SyntaxError, SyntaxErrorKind};
use crate::ast::{Conditional, ControlKind, File, LineKind, Section};

/// HAProxy refuses the `.if` that would open this many nested blocks
/// (2.6: `too many nested '.if', max is 100` at the 100th).
pub const MAX_NESTED_IFS: usize = 100;

/// Fills `file.sections` and `file.conditionals` from its lines, reporting
/// unbalanced conditional blocks.
pub(super) fn index(file: &mut File, errors: &mut Vec<SyntaxError>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut conditionals: Vec<Conditional> = Vec::new();
    // Open blocks: index into `conditionals`, and whether `.else` was seen.
    let mut open: Vec<(usize, bool)> = Vec::new();
    for (i, line) in file.lines.iter().enumerate() {
        let i32 = i as u32;
        match &line.kind {
            LineKind::Section { kind: section_kind, .. } => {
                if let Some(last) = sections.last_mut() {
                    last.end = i32;
                }
                sections.push(Section { kind: *section_kind, header: i32, end: i32 + 1 });
            }
            LineKind::Control { kind: control_kind, directive } => {
                let span = directive.keyword().span;
                let mut report = |kind| errors.push(SyntaxError { span, kind });
                match control_kind {
                    ControlKind::If => {
                        // Reported once, at the `.if` that reaches the limit.
                        if open.len() + 1 == MAX_NESTED_IFS {
                            report(SyntaxErrorKind::TooManyNestedIfs);
                        }
                        open.push((conditionals.len(), false));
                        conditionals.push(Conditional {
                            if_line: i32,
                            branches: Vec::new(),
                            endif_line: None,
                            depth: open.len() as u32 - 1,
                        });
                    }
                    ControlKind::Elif | ControlKind::Else => {
                        let is_else = *control_kind == ControlKind::Else;
                        match open.last_mut() {
                            None if is_else => report(SyntaxErrorKind::ElseWithoutIf),
                            None => report(SyntaxErrorKind::ElifWithoutIf),
                            Some((_, true)) if is_else => report(SyntaxErrorKind::ElseAfterElse),
                            Some((_, true)) => report(SyntaxErrorKind::ElifAfterElse),
                            Some((block, seen_else)) => {
                                conditionals[*block].branches.push(i32);
                                *seen_else = is_else;
                            }
                        }
                    }
                    ControlKind::Endif => match open.pop() {
                        Some((block, _)) => conditionals[block].endif_line = Some(i32),
                        None => report(SyntaxErrorKind::EndifWithoutIf),
                    },
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some(last) = sections.last_mut() {
        last.end = file.lines.len() as u32;
    }
    for (block, _) in open {
        let line = &file.lines[conditionals[block].if_line as usize];
        if let LineKind::Control { directive, .. } = &line.kind {
            errors.push(SyntaxError { span: directive.keyword().span, kind: SyntaxErrorKind::UnclosedIf });
        }
    }
    file.sections = sections;
    file.conditionals = conditionals;
}
