//! `server-identity-mismatch` end to end: findings and fixes across two files.

use crate::schema::Version;
use crate::settings::Settings;
use crate::{parse, Linter};

const LB1: &str = "peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 10.0.0.2:1024\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s1 10.0.1.1:80\n    server s2 10.0.1.2:80 id 7\n";
const LB2: &str = "peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 10.0.0.2:1024\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s2 10.0.1.2:80 id 7\n    server s1 10.0.1.1:80\n";

fn findings(version: Option<&str>, lb2: &str) -> Vec<Vec<String>> {
    let settings =
        Settings { haproxy_version: version.map(|v| v.parse::<Version>().unwrap()), ..Settings::default() };
    let linter = Linter::new(settings).select(&["server-identity-mismatch".to_owned()], &[]).unwrap();
    let (p1, p2) = (parse(LB1), parse(lb2));
    let files = [("lb1.cfg", &p1, Some("lb1".to_owned())), ("lb2.cfg", &p2, Some("lb2".to_owned()))];
    linter.check_cluster(&files).into_iter().map(|ds| ds.into_iter().map(|d| d.message).collect()).collect()
}

#[test]
fn ids_count_only_for_1_8() {
    // s1 is id 1 in lb1.cfg (first free), id 2 in lb2.cfg (the counter
    // passed the explicit `id 7` line first); s2 is id 7 on both.
    assert_eq!(findings(Some("2.6"), LB2), [Vec::<String>::new(), Vec::new()]);
    assert_eq!(findings(None, LB2), [Vec::<String>::new(), Vec::new()]);
    assert_eq!(
        findings(Some("1.8"), LB2),
        [
            vec!["server 's1' of backend 'app' has id 1 here but id 2 in lb2.cfg".to_owned()],
            vec!["server 's1' of backend 'app' has id 2 here but id 1 in lb1.cfg".to_owned()],
        ]
    );
    assert_eq!(findings(Some("1.8"), LB1), [Vec::<String>::new(), Vec::new()]);
}

/// The findings of lb2 against lb1, and lb2's text once its fixes apply
/// (up to three rounds, as `--fix` would go on).
fn check_and_fix(version: &str, lb1: &str, lb2: &str) -> (Vec<String>, String) {
    let (messages, mut fixed) = check_and_fix_once(version, lb1, lb2);
    for _ in 0..2 {
        fixed = check_and_fix_once(version, lb1, &fixed).1;
    }
    (messages, fixed)
}

fn check_and_fix_once(version: &str, lb1: &str, lb2: &str) -> (Vec<String>, String) {
    let settings = Settings { haproxy_version: Some(version.parse().unwrap()), ..Settings::default() };
    let linter = Linter::new(settings).select(&["server-identity-mismatch".to_owned()], &[]).unwrap();
    let (p1, p2) = (parse(lb1), parse(lb2));
    let files = [("lb1.cfg", &p1, Some("lb1".to_owned())), ("lb2.cfg", &p2, Some("lb2".to_owned()))];
    let found = linter.check_cluster(&files);
    assert!(found[0].iter().all(|d| d.fix.is_none()), "the first file is the reference: {:?}", found[0]);
    let fixes: Vec<&crate::fix::Fix> = found[1].iter().filter_map(|d| d.fix.as_ref()).collect();
    let (fixed, _) = crate::fix::apply::apply_fixes(lb2, &fixes);
    (found[1].iter().map(|d| d.message.clone()).collect(), fixed)
}

fn backend(servers: &str) -> String {
    format!("peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 10.0.0.2:1024\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n{servers}")
}

#[test]
fn swapped_addresses_are_reported_and_renamed_back() {
    let lb1 = backend("    server s1 10.0.1.1:80\n    server s2 10.0.1.2:80\n");
    let lb2 = backend("    server s1 10.0.1.2:80\n    server s2 10.0.1.1:80\n");
    for version in ["2.6", "1.8"] {
        let (messages, fixed) = check_and_fix(version, &lb1, &lb2);
        assert_eq!(messages.len(), 1, "{version}: {messages:?}");
        assert!(messages[0].contains("server"), "{messages:?}");
        let (again, _) = check_and_fix(version, &lb1, &fixed);
        assert!(again.is_empty(), "{version}: fixed text still differs:\n{fixed}\n{again:?}");
    }
    // 2.6 renames: the servers at each address take lb1's names.
    let (_, fixed) = check_and_fix("2.6", &lb1, &lb2);
    assert!(fixed.ends_with("    server s2 10.0.1.2:80\n    server s1 10.0.1.1:80\n"), "{fixed}");
}

#[test]
fn the_same_servers_in_another_order_with_equal_ids_are_fine() {
    let lb1 = backend("    server s1 10.0.1.1:80 id 1\n    server s2 10.0.1.2:80 id 2\n");
    let lb2 = backend("    server s2 10.0.1.2:80 id 2\n    server s1 10.0.1.1:80 id 1\n");
    for version in ["2.6", "1.8"] {
        assert_eq!(check_and_fix(version, &lb1, &lb2).0, Vec::<String>::new(), "{version}");
    }
    // Without the ids, 1.8 numbers them by position: reported, and fixed
    // by writing lb1's ids out.
    let lb1 = backend("    server s1 10.0.1.1:80\n    server s2 10.0.1.2:80\n");
    let lb2 = backend("    server s2 10.0.1.2:80\n    server s1 10.0.1.1:80\n");
    assert!(check_and_fix("2.6", &lb1, &lb2).0.is_empty());
    let (messages, fixed) = check_and_fix("1.8", &lb1, &lb2);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(fixed.ends_with("    server s2 10.0.1.2:80 id 2\n    server s1 10.0.1.1:80 id 1\n"), "{fixed}");
    assert!(check_and_fix("1.8", &lb1, &fixed).0.is_empty());
}
