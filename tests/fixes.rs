//! Properties of every fix: it converges, is idempotent, never introduces a
//! syntax error, keeps the file's line endings and indentation, and matches
//! the rule's declared fix availability.

mod common;

use common::fixture::{fixture_settings, read_fixture, rules_dir};
use halint::rules::{FixAvailability, ALL_RULES};
use halint::{parse, Linter};

fn fixtures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for rule in ALL_RULES {
        for name in ["invalid.cfg", "fixable.cfg", "valid.cfg"] {
            let path = rules_dir().join(rule.meta().name).join(name);
            if let Some(src) = read_fixture(&path) {
                out.push((format!("{}/{name}", rule.meta().name), src));
            }
        }
    }
    assert!(out.len() > 60, "expected the fixtures of every rule, found {}", out.len());
    out
}

#[test]
fn fixes_converge_are_idempotent_and_introduce_no_syntax_error() {
    for (name, src) in fixtures() {
        let linter = Linter::new(fixture_settings(&src));
        let before = parse(&src).errors().len();
        let fixed = linter.fix(&src, true);
        let after = parse(&fixed.output);
        assert!(after.errors().len() <= before, "{name}: the fixes added a syntax error");
        let again = linter.fix(&fixed.output, true);
        assert_eq!(again.output, fixed.output, "{name}: a second --fix changed the text");
        // What the fixes leave must have no fix left to apply.
        let fixable_left: Vec<&str> =
            again.remaining.iter().filter(|d| d.fix.is_some()).map(|d| d.rule).collect();
        assert!(fixable_left.is_empty() || before > 0, "{name}: fixes left unapplied: {fixable_left:?}");
    }
}

#[test]
fn rules_offer_fixes_as_declared() {
    for (name, src) in fixtures() {
        let diagnostics = Linter::new(fixture_settings(&src)).check(&parse(&src));
        for d in diagnostics {
            let Some(rule) = halint::rules::find(d.rule) else { panic!("{name}: unknown rule {}", d.rule) };
            match rule.meta().fix {
                FixAvailability::Never => {
                    assert!(d.fix.is_none(), "{name}: {} declares no fix but offers one", d.rule);
                }
                FixAvailability::Always => {
                    assert!(d.fix.is_some(), "{name}: {} declares a fix for every finding", d.rule);
                }
                FixAvailability::Sometimes => {}
            }
        }
    }
}

#[test]
fn new_lines_take_the_files_line_ending_and_indentation() {
    let src = "peers mesh\r\n\tpeer lb1 127.0.0.1:10001\r\n\r\nbackend app\r\n\tbalance roundrobin\r\n\tserver s1 127.0.0.1:9001\r\n\tserver s2 127.0.0.1:9002\r\n";
    let settings =
        fixture_settings("# halint-test: --instance lb1=127.0.0.1:10001 --instance lb2=127.0.0.2:10001");
    let fixed = Linter::new(settings).fix(src, true).output;
    assert_eq!(
        fixed,
        "peers mesh\r\n\tpeer lb1 127.0.0.1:10001\r\n\tpeer lb2 127.0.0.2:10001\r\n\r\nbackend app\r\n\tbalance roundrobin\r\n\
         \tstick-table type ip size 20k peers mesh\r\n\tstick on src\r\n\tserver s1 127.0.0.1:9001\r\n\tserver s2 127.0.0.1:9002\r\n"
    );
}

#[test]
fn a_missing_final_newline_is_added_once_with_the_files_line_ending() {
    let src = "global\r\n    maxconn 100";
    let fixed = Linter::new(halint::Settings::default()).fix(src, false).output;
    assert_eq!(fixed, "global\r\n    maxconn 100\r\n");
}

/// Thirty inventory instances and a peers section with no peer line: each
/// missing peer's fix inserts at the same place. They used to apply one per
/// round, so the 10-round cap left 20 errors; they must all apply at once.
#[test]
fn many_missing_peers_are_added_in_one_fix_run() {
    let instances: Vec<halint::Instance> = (1..=30)
        .map(|i| halint::Instance::parse_arg(&format!("lb{i}=127.0.0.1:{}", 20000 + i)).expect("instance"))
        .collect();
    let settings = halint::Settings { instances, ..Default::default() };
    let with_section = "global\n    log stdout format raw local0\n\npeers mypeers\n\nbackend app\n    \
                        stick-table type ip size 20k peers mypeers\n    stick on src\n    server s1 127.0.0.1:8080\n";
    let without_section =
        "global\n    log stdout format raw local0\n\nbackend app\n    stick-table type ip size 20k\n    stick on src\n";
    for src in [with_section, without_section] {
        let fixed = Linter::new(settings.clone()).fix(src, false);
        let errors: Vec<_> = fixed
            .remaining
            .iter()
            .filter(|d| d.severity == halint::Severity::Error)
            .map(|d| &d.message)
            .collect();
        assert!(errors.is_empty(), "errors left after --fix: {errors:?}\n{}", fixed.output);
        for i in 1..=30 {
            let line = format!("peer lb{i} 127.0.0.1:{}\n", 20000 + i);
            assert_eq!(fixed.output.matches(&line).count(), 1, "{line:?} once in\n{}", fixed.output);
        }
        let order: Vec<usize> =
            (1..=30).map(|i| fixed.output.find(&format!("peer lb{i} ")).unwrap()).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "peers in inventory order:\n{}", fixed.output);
        let again = Linter::new(settings.clone()).fix(&fixed.output, false);
        assert!(again.applied.is_empty(), "a second run changed {:?}", again.applied);
    }
}

/// A big inventory (a 10 MB halint.toml lists ~150,000 instances) against a
/// section listing all of them: rules matched every instance against every
/// peer line (12,000 instances took 14 s in a debug build, 10 MB 82 s in
/// release). Linear now: well under the limit even in a debug build.
#[test]
fn a_big_inventory_is_checked_and_fixed_in_linear_time() {
    let n = 12_000;
    let address = |i: usize| format!("10.{}.{}.{}:1024", i >> 16 & 255, i >> 8 & 255, i & 255);
    let instances: Vec<halint::Instance> = (0..n)
        .map(|i| halint::Instance::parse_arg(&format!("lb{i}={}", address(i))).expect("instance"))
        .collect();
    let settings = halint::Settings { instances, local: Some("lb0".into()), ..Default::default() };
    let mut src = String::from("peers mypeers\n");
    for i in 0..n {
        src.push_str(&format!("    peer lb{i} {}\n", address(i)));
    }
    src.push_str("\nbackend app\n    stick-table type ip size 20k peers mypeers\n    stick on src\n");
    let start = std::time::Instant::now();
    let linter = Linter::new(settings);
    let found = linter.check(&parse(&src));
    let fixed = linter.fix(&src, true);
    let took = start.elapsed();
    assert!(
        found.iter().all(|d| d.severity != halint::Severity::Error),
        "{:?}",
        &found[..found.len().min(3)]
    );
    assert!(fixed.applied.is_empty(), "{:?}", &fixed.applied[..fixed.applied.len().min(3)]);
    assert!(took < std::time::Duration::from_secs(8), "{n} instances and peers took {took:?}");
}
