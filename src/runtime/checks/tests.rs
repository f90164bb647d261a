use super::*;
use crate::runtime::show_peers::{RuntimePeer, SharedTable};
use crate::settings::Settings;

const CONFIG: &str = "\
peers mesh
    peer h1 127.0.0.1:1001
    peer h2 127.0.0.1:1002
backend app
    stick-table type ip size 20k peers mesh store server_id
    stick on src
";

fn expected() -> Expected {
    Expected::from_config(&crate::parse(CONFIG), &Settings::default()).unwrap()
}

fn peer(name: &str, local: bool, status: &str, addr: &str, remote_id: u32) -> RuntimePeer {
    RuntimePeer {
        name: name.into(),
        local,
        active: status == "ESTA",
        addr: addr.into(),
        last_status: status.into(),
        last_handshake: None,
        shared_tables: vec![SharedTable { name: "app".into(), remote_id }],
    }
}

/// `h1` as a healthy cluster shows it.
fn healthy() -> Snapshot {
    Snapshot {
        sections: vec![RuntimeSection {
            name: "mesh".into(),
            disabled: false,
            peers: vec![
                peer("h1", true, "NONE", "127.0.0.1:1001", 0),
                peer("h2", false, "ESTA", "127.0.0.1:1002", 1),
            ],
        }],
        tables: vec![TableHeader { name: "app".into(), key_type: "ip".into(), size: 20480, used: 0 }],
        samples: Vec::new(),
        info: ProcessInfo { version: "2.6.12".into(), uptime: Duration::from_secs(60), pid: 1 },
    }
}

fn rules(found: &[Diagnostic]) -> Vec<&str> {
    found.iter().map(|d| d.rule).collect()
}

#[test]
fn a_healthy_instance_has_no_finding() {
    assert_eq!(rules(&check_instance(&expected(), "h1", &healthy(), &Context::default())), [""; 0]);
}

#[test]
fn missing_section_and_wrong_local_name() {
    let mut s = healthy();
    s.sections.clear();
    let found = check_instance(&expected(), "h1", &s, &Context::default());
    assert_eq!(rules(&found), ["runtime-local-peer-mismatch"]);
    assert!(found[0].message.contains("(it runs: none)"), "{}", found[0].message);
    let mut s = healthy();
    s.sections[0].peers[0].local = false;
    s.sections[0].peers[1].local = true;
    let found = check_peers(&expected(), "h1", &s);
    assert_eq!(rules(&found), ["runtime-local-peer-mismatch"]);
    assert!(found[0].message.contains("as peer 'h2'"));
}

#[test]
fn down_sessions_and_wrong_addresses() {
    let mut s = healthy();
    s.sections[0].peers[1] = peer("h2", false, "CONN", "127.0.0.1:1002", 1);
    assert_eq!(rules(&check_peers(&expected(), "h1", &s)), ["peer-not-connected"]);
    let mut s = healthy();
    s.sections[0].peers[1].addr = "127.0.0.1:9".into();
    s.sections[0].peers[0].addr = "127.0.0.1:8".into();
    let found = check_peers(&expected(), "h1", &s);
    assert_eq!(rules(&found), ["runtime-peer-address-mismatch", "runtime-peer-address-mismatch"]);
    assert!(found[0].message.contains("its own address at 127.0.0.1:8"));
    s.sections[0].peers.pop();
    assert_eq!(rules(&check_peers(&expected(), "h1", &s))[1], "peer-not-connected");
}

#[test]
fn tables_missing_unshared_different_or_unannounced() {
    let mut s = healthy();
    s.tables[0].key_type = "string".into();
    s.tables[0].size = 1024;
    let found = check_tables(&expected(), "h1", &s);
    assert_eq!(found.len(), 2);
    assert!(found[0].message.contains("key type string, not ip"));
    let mut s = healthy();
    s.sections[0].peers[0].shared_tables.clear();
    s.sections[0].peers[1].shared_tables[0].remote_id = 0;
    let found = check_tables(&expected(), "h1", &s);
    assert!(found[0].message.contains("without sharing it through 'mesh'"));
    assert!(found[1].message.contains("peer 'h2' never announced table 'app'"));
    let mut s = healthy();
    s.tables.clear();
    assert_eq!(rules(&check_tables(&expected(), "h1", &s)), ["runtime-table-mismatch"]);
    let mut s = healthy();
    s.samples.push(("app".into(), TableEntry { key: "1.2.3.4".into(), expires_in_ms: 0, data: Vec::new() }));
    assert!(check_tables(&expected(), "h1", &s)[0].message.contains("without storing server_id"));
}

#[test]
fn version_and_config_age_are_infos() {
    let context = Context {
        target_version: Some(Version::new(3, 0)),
        config_modified: Some(("haproxy.cfg".into(), SystemTime::now())),
    };
    let found = check_info(&expected(), "h1", &healthy().info, &context);
    assert_eq!(rules(&found), ["running-config-differs", "running-config-differs"]);
    assert!(found.iter().all(|d| d.severity == crate::Severity::Info));
    let old = Context {
        target_version: Some(Version::new(2, 6)),
        config_modified: Some(("haproxy.cfg".into(), SystemTime::now() - Duration::from_secs(3600))),
    };
    assert!(check_info(&expected(), "h1", &healthy().info, &old).is_empty());
}

#[test]
fn only_a_down_session_of_the_section_run_as_itself_is_waited_for() {
    let e = expected();
    assert!(!waiting_for_a_session(&e, &healthy().sections));
    let mut s = healthy();
    s.sections[0].peers[1].last_status = "CONN".into();
    s.sections[0].peers[1].active = false;
    assert!(waiting_for_a_session(&e, &s.sections));
    s.sections[0].name = "other".into();
    assert!(!waiting_for_a_session(&e, &s.sections), "a missing section will not come");
}
