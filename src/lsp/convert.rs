//! halint's findings and edits in the protocol's terms.

use super::position::{Encoding, LineMap};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::Edit;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, TextEdit, Uri};

/// A finding as the editor shows it: code `HA401`, the rule's name before
/// the message, the help after it, the other places as related information.
pub fn diagnostic(
    d: &Diagnostic,
    uri: &Uri,
    text: &str,
    lines: &LineMap,
    enc: Encoding,
) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = format!("{}: {}", d.rule, d.message);
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: lines.range(text, l.span, enc) },
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: lines.range(text, d.span, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_owned())),
        source: Some("halint".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        // The rule's name, so that a client can tell findings apart without parsing the message.
        data: Some(serde_json::json!({ "rule": d.rule })),
        ..Default::default()
    }
}

/// Byte-range edits as text edits.
pub fn text_edits(edits: &[Edit], text: &str, lines: &LineMap, enc: Encoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit { range: lines.range(text, e.span, enc), new_text: e.replacement.clone() })
        .collect()
}

/// The one edit turning `old` into `new`: the changed middle, after the
/// common start and before the common end (whole lines are not needed).
pub fn minimal_edit(old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix =
        old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let span = crate::span::Span::new(prefix as u32, (old.len() - suffix) as u32);
    Some(Edit::replace(span, &new[prefix..new.len() - suffix]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edit_keeps_common_ends() {
        let e = minimal_edit("abcdef", "abXYef").unwrap();
        assert_eq!((e.span.start, e.span.end, e.replacement.as_str()), (2, 4, "XY"));
        let e = minimal_edit("aa", "aaa").unwrap();
        assert_eq!((e.span.start, e.span.end, e.replacement.as_str()), (2, 2, "a"));
        let e = minimal_edit("é", "è").unwrap();
        assert_eq!((e.span.start, e.span.end, e.replacement.as_str()), (0, 2, "è"));
        assert!(minimal_edit("x", "x").is_none());
    }
}
