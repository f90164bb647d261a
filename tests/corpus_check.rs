//! `halint check` over the real-world corpus: no panic, every tokenizer-level
//! refusal HAProxy reports is found at its line, and the error findings are a
//! reviewed snapshot (each one a true positive).

mod common;

use common::{read_text, real_corpus_dir, real_manifest};
use halint::{parse, Linter, Settings, Severity};

/// `[file:LINE]` in a HAProxy message.
fn haproxy_line(message: &str, file: &str) -> Option<u32> {
    let at = message.find(&format!("[{file}:"))? + file.len() + 2;
    message[at..].split(']').next()?.parse().ok()
}

#[test]
fn every_corpus_file_checks_without_panic_and_errors_are_reviewed() {
    let dir = real_corpus_dir();
    let linter = Linter::new(Settings::default());
    let mut snapshot = String::new();
    let mut missed = Vec::new();
    let mut false_unknown: Vec<String> = Vec::new();
    for entry in real_manifest() {
        let src = read_text(&dir.join(&entry.file));
        let parsed = parse(&src);
        let findings = linter.check(&parsed);
        let line_of =
            |d: &halint::Diagnostic| parsed.line_index().line_col(parsed.source(), d.span.start).line;
        // HAProxy 2.6 accepted the file: every keyword in it is known.
        if entry.accepted() {
            for d in findings.iter().filter(|d| d.rule == "unknown-keyword") {
                false_unknown.push(format!("{}:{}: {}", entry.file, line_of(d), d.message));
            }
        }
        for d in findings.iter().filter(|d| d.severity == Severity::Error) {
            snapshot.push_str(&format!("{}:{} {} {}\n", entry.file, line_of(d), d.rule, d.message));
        }
        // What HAProxy's reader refuses before keywords matter must be found.
        let expect = if entry.first_message.contains("Missing LF on last line") {
            Some("missing-final-newline")
        } else if entry.first_message.contains("unknown directive")
            || entry.first_message.contains("unmatched quote")
        {
            Some("syntax-error")
        } else if entry.first_message.contains("out of section") {
            Some("directive-outside-section")
        } else {
            None
        };
        if let (Some(rule), Some(line)) = (expect, haproxy_line(&entry.first_message, &entry.file)) {
            if !findings.iter().any(|d| d.rule == rule && line_of(d) == line) {
                missed.push(format!("{}:{line}: expected {rule} ({})", entry.file, entry.first_message));
            }
        }
    }
    assert!(
        false_unknown.is_empty(),
        "unknown-keyword on files HAProxy accepts:\n{}",
        false_unknown.join("\n")
    );
    assert!(missed.is_empty(), "refusals halint did not report:\n{}", missed.join("\n"));
    insta::assert_snapshot!(snapshot);
}
