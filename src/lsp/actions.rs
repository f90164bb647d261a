//! Code actions: each finding's fix (unsafe ones say so), "ignore on this
//! line", and `source.fixAll.halint` (every safe fix, to a fixed point).

use super::convert::{diagnostic, minimal_edit, text_edits};
use super::document::Document;
use super::position::Encoding;
use crate::ast::{Line, LineKind};
use crate::fix::{Applicability, Edit};
use crate::span::Span;
use crate::Linter;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, WorkspaceEdit};
use std::collections::HashMap;

/// The kind of the fix-all action, as clients ask for it on save.
pub const FIX_ALL: &str = "source.fixAll.halint";

/// What the suppression comment starts with (see `suppression.rs`).
const IGNORE_MARKER: &str = "halint: ignore[";

/// The actions for the findings that touch `range`, filtered by the kinds
/// the client asked for (`only`, hierarchical: `source.fixAll` includes ours).
pub fn code_actions(
    doc: &mut Document,
    linter: &Linter,
    range: Span,
    only: Option<&[CodeActionKind]>,
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &str| {
        only.is_none_or(|only| {
            only.iter().any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
        })
    };
    let mut out = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        let findings = doc.findings(linter).to_vec();
        for d in findings.iter().filter(|d| d.span.start <= range.end && range.start <= d.span.end) {
            let shown = diagnostic(d, &doc.uri, doc.text(), doc.lines(), enc);
            if let Some(fix) = &d.fix {
                let unsafe_ = fix.applicability == Applicability::Unsafe;
                let title = if unsafe_ { format!("{} (unsafe fix)", fix.title) } else { fix.title.clone() };
                out.push(action(
                    doc,
                    title,
                    CodeActionKind::QUICKFIX,
                    &fix.edits,
                    Some(vec![shown.clone()]),
                    !unsafe_,
                    enc,
                ));
            }
            if let Some(edit) = ignore_edit(doc, d.span.start, d.rule) {
                let title = format!("Ignore {} on this line", d.rule);
                out.push(action(
                    doc,
                    title,
                    CodeActionKind::QUICKFIX,
                    &[edit],
                    Some(vec![shown]),
                    false,
                    enc,
                ));
            }
        }
    }
    if wants(FIX_ALL) {
        let fixed = doc.fixed_text(linter);
        if let Some(edit) = minimal_edit(doc.text(), &fixed) {
            let title = "Fix all safely fixable halint findings".to_owned();
            out.push(action(doc, title, CodeActionKind::from(FIX_ALL), &[edit], None, false, enc));
        }
    }
    out
}

fn action(
    doc: &Document,
    title: String,
    kind: CodeActionKind,
    edits: &[Edit],
    diagnostics: Option<Vec<lsp_types::Diagnostic>>,
    preferred: bool,
    enc: Encoding,
) -> CodeActionOrCommand {
    // lsp-types keys `WorkspaceEdit::changes` by `Uri`, whose lazily parsed
    // parts make clippy call it mutable; nothing here changes a key.
    #[allow(clippy::mutable_key_type)]
    let changes: HashMap<_, Vec<TextEdit>> =
        HashMap::from([(doc.uri.clone(), text_edits(edits, doc.text(), doc.lines(), enc))]);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics,
        edit: Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

/// The edit that suppresses `rule` on the line holding `offset`: a trailing
/// `# halint: ignore[rule]`; the rule added to a suppression already there;
/// or, when the line has another comment or a syntax error (a `#` after an
/// open quote would be quoted), the comment alone on a new line above,
/// which covers the next line. `None` on a blank line (nothing to cover)
/// and in a manifest (the comment would go into YAML text).
fn ignore_edit(doc: &mut Document, offset: u32, rule: &str) -> Option<Edit> {
    let parse = doc.parse()?;
    let lines = &parse.file().lines;
    let index = lines.partition_point(|l| l.span.end <= offset).min(lines.len().checked_sub(1)?);
    let line: &Line = &lines[index];
    if matches!(line.kind, LineKind::Empty) {
        return None;
    }
    let src = parse.source();
    let content_end = line.span.end - line.eol.as_str().len() as u32;
    let broken =
        parse.errors().iter().any(|e| e.span.start < line.span.end && line.span.start <= e.span.start);
    if let Some(comment) = line.comment {
        let text = comment.text(src);
        if let Some(close) = text.find(IGNORE_MARKER).and_then(|at| text[at..].find(']').map(|c| at + c)) {
            return Some(Edit::insert(comment.start + close as u32, format!(", {rule}")));
        }
    }
    if line.comment.is_none() && !broken && line.ignored.is_none() {
        let end =
            src[line.span.start as usize..content_end as usize].trim_end().len() as u32 + line.span.start;
        return Some(Edit::insert(end, format!(" # {IGNORE_MARKER}{rule}]")));
    }
    let indent = line.indent.map_or("", |i| i.text(src));
    let eol = match line.eol.as_str() {
        "" => "\n",
        eol => eol,
    };
    Some(Edit::insert(line.span.start, format!("{indent}# {IGNORE_MARKER}{rule}]{eol}")))
}
