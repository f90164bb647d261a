//! The reference scenario of `corpus/reference`: the good config checks clean
//! with its inventory, each broken variant is reported by the right rule at the
//! right line, and one `--fix --unsafe-fixes` repairs every variant.

use halint::{parse, Linter, Settings};
use std::path::{Path, PathBuf};

fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/reference")
}

fn inventory() -> Settings {
    let mut settings = Settings::default();
    halint::config_file::load(&reference_dir().join("halint.toml"), &mut settings).expect("halint.toml");
    settings
}

fn findings(file: &str) -> Vec<(&'static str, u32)> {
    let src = std::fs::read_to_string(reference_dir().join(file)).expect("reference file");
    let parse = parse(&src);
    let diagnostics = Linter::new(inventory()).check(&parse);
    diagnostics
        .iter()
        .map(|d| (d.rule, parse.line_index().line_col(parse.source(), d.span.start).line))
        .collect()
}

#[test]
fn the_inventory_names_both_instances() {
    let settings = inventory();
    let names: Vec<&str> = settings.instances.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["haproxy-1", "haproxy-2"]);
    assert_eq!(settings.peers_section.as_deref(), Some("diamanti_peers"));
}

#[test]
fn the_reference_config_checks_clean() {
    assert_eq!(findings("haproxy.cfg"), []);
}

#[test]
fn each_way_of_breaking_it_is_reported_by_the_right_rule_at_the_right_line() {
    let cases: &[(&str, &[(&str, u32)])] = &[
        ("broken/stick-table-without-peers.cfg", &[("stick-table-not-shared", 43)]),
        ("broken/backend-without-stick-table.cfg", &[("backend-without-stick-table", 40)]),
        ("broken/missing-peer.cfg", &[("peer-missing-for-instance", 23)]),
        (
            "broken/no-peers-section.cfg",
            &[
                ("peers-section-missing", 33),
                ("stick-table-not-shared", 33),
                ("stick-table-not-shared", 40),
                ("stick-table-not-shared", 47),
            ],
        ),
        ("broken/wrong-address.cfg", &[("peer-address-mismatch", 24)]),
        ("broken/local-name-case.cfg", &[("local-peer-not-found", 24)]),
        (
            "broken/all-broken.cfg",
            &[
                ("peer-missing-for-instance", 23),
                ("stick-table-not-shared", 36),
                ("backend-without-stick-table", 41),
            ],
        ),
    ];
    for (file, expected) in cases {
        let src = std::fs::read_to_string(reference_dir().join(file)).expect("file");
        // The expected lines hold what the rule is about (guards against a
        // fixture edit silently moving the finding elsewhere).
        let lines: Vec<&str> = src.lines().collect();
        for (rule, line) in *expected {
            let text = lines[*line as usize - 1];
            let about = match *rule {
                "stick-table-not-shared" | "peers-section-missing" => "stick-table",
                "backend-without-stick-table" => "backend",
                "peer-missing-for-instance" => "peers",
                "peer-address-mismatch" | "local-peer-not-found" => "peer ",
                other => panic!("no expectation for {other}"),
            };
            assert!(text.contains(about), "{file}:{line} is `{text}`, not about {rule}");
        }
        assert_eq!(findings(file), *expected, "{file}");
    }
}

#[test]
fn one_unsafe_fix_run_repairs_every_variant() {
    let linter = Linter::new(inventory());
    for entry in std::fs::read_dir(reference_dir().join("broken")).expect("broken/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "cfg") {
            continue;
        }
        let src = std::fs::read_to_string(&path).expect("file");
        let fixed = linter.fix(&src, true);
        assert!(fixed.remaining.is_empty(), "{}: left {:?}", path.display(), fixed.remaining);
        // Idempotence: a second run changes nothing.
        let again = linter.fix(&fixed.output, true);
        assert_eq!(again.output, fixed.output, "{}: a second --fix changed it", path.display());
        assert!(again.applied.is_empty());
    }
}
