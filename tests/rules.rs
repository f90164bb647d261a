//! Fixture-per-rule snapshots: each rule's findings on its `invalid.cfg`,
//! rendered as a user sees them, then the diff of its fixes; and silence on
//! its `valid.cfg`.

mod common;

use common::fixture::{fixture_local, fixture_settings, parse_fixture, read_fixture, rules_dir};
use halint::render::text::{render_diagnostic, TextOptions};
use halint::render::FileReport;
use halint::rules::ALL_RULES;
use halint::{Diagnostic, Linter};
use std::fmt::Write;
use std::path::Path;

/// The linter for one rule's fixtures: that rule alone, except
/// `unused-suppression`, which judges the other rules' suppressions and so
/// needs them all (its findings are then picked out).
fn linter_for(rule: &str, src: &str) -> Linter {
    let select = if rule == halint::rules::UNUSED_SUPPRESSION { vec![] } else { vec![rule.to_owned()] };
    Linter::new(fixture_settings(src)).select(&select, &[]).expect("rule exists")
}

fn findings_of(rule: &str, linter: &Linter, src: &str) -> Vec<Diagnostic> {
    linter.check(&parse_fixture(src)).into_iter().filter(|d| d.rule == rule).collect()
}

fn render(path: &str, src: &str, diagnostics: &[Diagnostic]) -> String {
    let report = FileReport { path, source: src, diagnostics, raw_bytes: parse_fixture(src).has_raw_bytes() };
    let opts = TextOptions { color: false, width: 100 };
    diagnostics.iter().map(|d| render_diagnostic(&report, d, opts)).collect()
}

/// Findings, then the fix diffs (safe, then with unsafe fixes) of one file.
fn snapshot_file(rule: &str, name: &str, src: &str) -> String {
    let linter = linter_for(rule, src);
    let diagnostics = findings_of(rule, &linter, src);
    assert!(!diagnostics.is_empty(), "{rule}: {name} must trigger the rule");
    let mut out = render(name, src, &diagnostics);
    if halint::rules::find(rule).is_some_and(|r| r.meta().fix == halint::rules::FixAvailability::Never) {
        return out;
    }
    let safe = linter.fix(src, false).output;
    let all = linter.fix(src, true).output;
    if safe != src {
        let _ = write!(out, "\n---- safe fixes ----\n{}", halint::unified_diff(name, src, &safe));
    }
    if all != safe {
        let _ = write!(out, "\n---- with unsafe fixes ----\n{}", halint::unified_diff(name, src, &all));
    }
    out
}

/// A rule's findings in a Kubernetes manifest fixture (spans in the manifest).
fn manifest_findings(rule: &str, text: &str) -> Vec<Diagnostic> {
    let report = linter_for(rule, text).check_manifest(text);
    report.diagnostics.into_iter().filter(|d| d.rule == rule).collect()
}

fn assert_silent(rule: &str, name: &str, src: &str) {
    let mine = findings_of(rule, &linter_for(rule, src), src);
    assert!(mine.is_empty(), "{rule}: {name} must not trigger it:\n{}", render(name, src, &mine));
}

fn cluster_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("cluster fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "cfg"))
        .map(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
            (name, read_fixture(&p).expect("fixture"))
        })
        .collect();
    files.sort();
    files
}

fn check_cluster(rule: &str, dir: &Path) -> Vec<(String, String, Vec<Diagnostic>)> {
    let files = cluster_files(dir);
    assert!(files.len() >= 2, "{}: a cluster case needs two or more files", dir.display());
    let all_text: String = files.iter().map(|(_, s)| s.as_str()).collect();
    let linter = linter_for(rule, &all_text);
    let parses: Vec<halint::Parse> = files.iter().map(|(_, s)| parse_fixture(s)).collect();
    let input: Vec<(&str, &halint::Parse, Option<String>)> = files
        .iter()
        .zip(&parses)
        .map(|((name, src), p)| (name.as_str(), p, fixture_local(name, src)))
        .collect();
    let results = linter.check_cluster(&input);
    files.into_iter().zip(results).map(|((n, s), d)| (n, s, d)).collect()
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_its_near_misses() {
    // Every rule is checked even when one fails, so one run shows them all.
    let failed: Vec<&str> = ALL_RULES
        .iter()
        .map(|r| r.meta().name)
        .filter(|name| std::panic::catch_unwind(|| check_rule(name)).is_err())
        .collect();
    assert!(failed.is_empty(), "rules failing their fixtures: {failed:?}");
}

fn check_rule(name: &str) {
    {
        let dir = rules_dir().join(name);
        if dir.join("invalid.cfg").is_file() {
            let src = read_fixture(&dir.join("invalid.cfg")).expect("invalid.cfg");
            let snapshot = snapshot_file(name, "invalid.cfg", &src);
            insta::with_settings!({ snapshot_path => dir.join("snapshots"), prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("{name}"), snapshot);
            });
        }
        if dir.join("valid.cfg").is_file() {
            let src = read_fixture(&dir.join("valid.cfg")).expect("valid.cfg");
            assert_silent(name, "valid.cfg", &src);
        }
        if dir.join("invalid.yaml").is_file() {
            let text = read_fixture(&dir.join("invalid.yaml")).expect("invalid.yaml");
            let found = manifest_findings(name, &text);
            assert!(!found.is_empty(), "{name}: invalid.yaml must trigger it");
            let snapshot = render("invalid.yaml", &text, &found);
            insta::with_settings!({ snapshot_path => dir.join("snapshots"), prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("{name}-manifest"), snapshot);
            });
        }
        if dir.join("valid.yaml").is_file() {
            let text = read_fixture(&dir.join("valid.yaml")).expect("valid.yaml");
            let found = manifest_findings(name, &text);
            assert!(
                found.is_empty(),
                "{name}: valid.yaml must not trigger it:\n{}",
                render("valid.yaml", &text, &found)
            );
        }
        if dir.join("cluster-invalid").is_dir() {
            let mut snapshot = String::new();
            let results = check_cluster(name, &dir.join("cluster-invalid"));
            assert!(results.iter().any(|(_, _, d)| !d.is_empty()), "{name}: cluster-invalid must trigger it");
            for (file, src, diagnostics) in &results {
                snapshot.push_str(&render(file, src, diagnostics));
            }
            insta::with_settings!({ snapshot_path => dir.join("snapshots"), prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("{name}-cluster"), snapshot);
            });
        }
        if dir.join("cluster-valid").is_dir() {
            for (file, src, diagnostics) in check_cluster(name, &dir.join("cluster-valid")) {
                assert!(
                    diagnostics.is_empty(),
                    "{name}: cluster-valid/{file} must not trigger it:\n{}",
                    render(&file, &src, &diagnostics)
                );
            }
        }
    }
}
