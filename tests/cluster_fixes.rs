//! Fixes of the cross-file findings, where the inventory decides:
//! `peers-section-divergent` rewrites each file's section to the
//! inventory's, by the library (`Linter::fix_cluster`) and by one
//! `halint check --cluster --fix` run.

use halint::{Instance, Linter, Settings};
use std::process::Command;

const INVENTORY: [&str; 2] = ["lb1=127.0.0.1:10001", "lb2=127.0.0.1:10002"];

fn settings() -> Settings {
    Settings {
        instances: INVENTORY.iter().map(|a| Instance::parse_arg(a).unwrap()).collect(),
        ..Settings::default()
    }
}

fn config(peers: &str) -> String {
    format!(
        "peers mesh\n{peers}\nbackend app\n    balance roundrobin\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s1 127.0.0.1:8081\n    server s2 127.0.0.1:8082\n"
    )
}

const GOOD: &str = "    peer lb1 127.0.0.1:10001\n    peer lb2 127.0.0.1:10002\n";
// lb2.cfg lists a third peer the inventory does not know, in another order.
const DIVERGENT: &str =
    "    peer lb2 127.0.0.1:10002\n    peer lb3 127.0.0.1:10003\n    peer lb1 127.0.0.1:10001\n";

#[test]
fn the_inventory_decides_the_peers_section() {
    let (lb1, lb2) = (config(GOOD), config(DIVERGENT));
    let linter = Linter::new(settings());
    let (p1, p2) = (halint::parse(&lb1), halint::parse(&lb2));
    let found =
        linter.check_cluster(&[("lb1.cfg", &p1, Some("lb1".into())), ("lb2.cfg", &p2, Some("lb2".into()))]);
    let divergent =
        |ds: &[halint::Diagnostic]| ds.iter().filter(|d| d.rule == "peers-section-divergent").count();
    assert!(divergent(&found[0]) >= 1 && divergent(&found[1]) >= 1, "{found:#?}");
    // lb1.cfg already says what the inventory says: no fix there.
    assert!(found[0].iter().all(|d| d.fix.is_none()), "{:#?}", found[0]);
    let fixes: Vec<_> = found[1].iter().filter_map(|d| d.fix.as_ref()).collect();
    assert_eq!(fixes.len(), 1, "one fix for the section: {:#?}", found[1]);

    let outcomes = linter
        .fix_cluster(&[("lb1.cfg", &lb1, Some("lb1".into())), ("lb2.cfg", &lb2, Some("lb2".into()))], false);
    assert_eq!(outcomes[0].output, lb1);
    assert_eq!(outcomes[1].output, config(GOOD));
    for o in &outcomes {
        assert!(o.remaining.is_empty(), "{:#?}", o.remaining);
    }
    assert!(outcomes[1].applied.iter().any(|(rule, _)| *rule == "peers-section-divergent"));
}

#[test]
fn no_fix_without_addresses_in_the_inventory() {
    let settings = Settings {
        instances: ["lb1", "lb2"].iter().map(|a| Instance::parse_arg(a).unwrap()).collect(),
        ..Settings::default()
    };
    let (lb1, lb2) = (config(GOOD), config(DIVERGENT));
    let (p1, p2) = (halint::parse(&lb1), halint::parse(&lb2));
    let found = Linter::new(settings)
        .check_cluster(&[("lb1.cfg", &p1, Some("lb1".into())), ("lb2.cfg", &p2, Some("lb2".into()))]);
    let divergent: Vec<_> = found.iter().flatten().filter(|d| d.rule == "peers-section-divergent").collect();
    assert!(!divergent.is_empty() && divergent.iter().all(|d| d.fix.is_none()), "{divergent:#?}");
}

#[test]
fn one_cli_run_fixes_the_cluster() {
    let dir = std::env::temp_dir().join(format!("halint-cluster-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lb1.cfg"), config(GOOD)).unwrap();
    std::fs::write(dir.join("lb2.cfg"), config(DIVERGENT)).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_halint"));
    cmd.current_dir(&dir).args([
        "check",
        "--isolated",
        "--cluster",
        "--fix",
        "--local",
        "lb1.cfg=lb1",
        "--local",
        "lb2.cfg=lb2",
    ]);
    for i in INVENTORY {
        cmd.args(["--instance", i]);
    }
    let out = cmd.args(["lb1.cfg", "lb2.cfg"]).output().expect("run halint");
    let log = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert_eq!(std::fs::read_to_string(dir.join("lb2.cfg")).unwrap(), config(GOOD), "{log}");
    assert_eq!(std::fs::read_to_string(dir.join("lb1.cfg")).unwrap(), config(GOOD), "{log}");
    let _ = std::fs::remove_dir_all(&dir);
}
