//! Kubernetes manifests of corpus/k8s (written by the team): each broken
//! one is reported by the right rule at the right manifest line, each clean
//! one reports nothing. A fixture names its inventory with
//! `# halint-test: --instance NAME=ADDR ...` and its findings with
//! `# expect: RULE LINE` lines (or `# expect: nothing`).

mod common;

use common::fixture::fixture_settings;
use halint::span::LineIndex;
use halint::Linter;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/k8s");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus/k8s")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "corpus/k8s holds {} manifests", files.len());
    files
}

fn expected(text: &str) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .filter(|e| *e != "nothing")
        .map(|e| {
            let (rule, line) = e.split_once(' ').expect("`# expect: RULE LINE`");
            (rule.to_owned(), line.trim().parse().expect("line number"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_manifest_reports_what_it_expects_at_its_line() {
    let mut failures = Vec::new();
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).expect("manifest");
        assert!(text.contains("# expect: "), "{}: no `# expect:` line", path.display());
        let linter = Linter::new(fixture_settings(&text));
        let report = linter.check_manifest(&text);
        let index = LineIndex::new(&text);
        let mut found: Vec<(String, u32)> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule.to_owned(), index.line_col(&text, d.span.start).line))
            .collect();
        found.sort();
        if found != expected(&text) {
            let shown: Vec<String> = report
                .diagnostics
                .iter()
                .map(|d| format!("{} {}: {}", d.rule, index.line_col(&text, d.span.start).line, d.message))
                .collect();
            failures.push(format!(
                "{}: expected {:?}, found:\n  {}",
                path.display(),
                expected(&text),
                shown.join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
