//! One finding per cause (`halint::rules::precedence`): where two rules
//! would report one mistake, the more specific one does, and the general
//! one speaks again when the specific one is not run.

use halint::{Diagnostic, Instance, Linter, Settings};

const PEERS: &str = "peers mesh\n    peer lb1 127.0.0.1:10001\n    peer lb2 127.0.0.1:10002\n\n";
const BACKEND_TAIL: &str = "    stick on src\n    server s1 127.0.0.1:8081\n    server s2 127.0.0.1:8082\n";

fn settings() -> Settings {
    let instances = ["lb1=127.0.0.1:10001", "lb2=127.0.0.1:10002"];
    Settings {
        instances: instances.iter().map(|a| Instance::parse_arg(a).unwrap()).collect(),
        ..Settings::default()
    }
}

fn linter(ignore: &[&str]) -> Linter {
    let ignore: Vec<String> = ignore.iter().map(|s| s.to_string()).collect();
    Linter::new(settings()).select(&[], &ignore).expect("rules exist")
}

fn cluster(linter: &Linter, lb1: &str, lb2: &str) -> Vec<(String, Diagnostic)> {
    let (p1, p2) = (halint::parse(lb1), halint::parse(lb2));
    let files = [("lb1.cfg", &p1, Some("lb1".to_owned())), ("lb2.cfg", &p2, Some("lb2".to_owned()))];
    let found = linter.check_cluster(&files);
    ["lb1.cfg", "lb2.cfg"]
        .iter()
        .zip(found)
        .flat_map(|(f, ds)| ds.into_iter().map(move |d| (f.to_string(), d)))
        .collect()
}

fn rules(found: &[(String, Diagnostic)]) -> Vec<(String, &'static str)> {
    found.iter().map(|(f, d)| (f.clone(), d.rule)).collect()
}

#[test]
fn a_table_shared_on_one_instance_only_is_one_finding() {
    let lb1 = format!("{PEERS}backend app\n    balance roundrobin\n    stick-table type ip size 20k peers mesh\n{BACKEND_TAIL}");
    let lb2 = format!(
        "{PEERS}backend app\n    balance roundrobin\n    stick-table type ip size 20k\n{BACKEND_TAIL}"
    );
    let found = cluster(&linter(&[]), &lb1, &lb2);
    assert_eq!(rules(&found), [("lb2.cfg".to_owned(), "stick-table-not-shared")], "{found:#?}");
    assert!(found[0].1.fix.is_some(), "the one finding left carries the fix");

    // Without the specific rule, the general one reports it from both sides.
    let found = cluster(&linter(&["stick-table-not-shared"]), &lb1, &lb2);
    assert_eq!(
        rules(&found),
        [
            ("lb1.cfg".to_owned(), "table-definition-mismatch"),
            ("lb2.cfg".to_owned(), "table-definition-mismatch")
        ],
        "{found:#?}"
    );

    // Another cause in the same table (a key type) is still reported.
    let lb1_string = lb1.replace("type ip", "type string");
    let lb3 = lb1.clone();
    let (p1, p2, p3) = (halint::parse(&lb1_string), halint::parse(&lb2), halint::parse(&lb3));
    let files = [
        ("lb1.cfg", &p1, Some("lb1".to_owned())),
        ("lb2.cfg", &p2, Some("lb2".to_owned())),
        ("lb3.cfg", &p3, Some("lb3".to_owned())),
    ];
    let found = linter(&[]).check_cluster(&files);
    let key_findings = found.iter().flatten().filter(|d| d.rule == "table-definition-mismatch").count();
    assert!(key_findings >= 1, "{found:#?}");
    assert!(found.iter().flatten().all(|d| !d.message.contains("is shared")), "{found:#?}");
}

#[test]
fn a_repeated_peer_line_is_one_finding() {
    let src = "peers mesh\n    peer lb1 127.0.0.1:10001\n    peer lb2 127.0.0.1:10002\n    peer lb2 127.0.0.1:10002\n";
    let found = linter(&[]).check(&halint::parse(src));
    let repeat = src.rfind("    peer lb2").unwrap() as u32;
    let on_line_4: Vec<&str> = found.iter().filter(|d| d.span.start >= repeat).map(|d| d.rule).collect();
    assert_eq!(on_line_4, ["duplicate-peer-name"], "{found:#?}");
    assert!(found.iter().all(|d| d.rule != "duplicate-line"), "{found:#?}");

    let found = linter(&["duplicate-peer-name"]).check(&halint::parse(src));
    assert!(found.iter().any(|d| d.rule == "duplicate-line"), "{found:#?}");
}
