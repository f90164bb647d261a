//! `halint init`: the inventory drafted from a config's peers section reads
//! back as the hand-written one, checks the config clean, and is never
//! written over an existing file unless asked.

mod common;

use common::run::{halint_in, DEFAULT_LIMIT};
use std::path::{Path, PathBuf};

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-init-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn reference(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/reference").join(file)
}

fn settings_of(path: &Path) -> halint::Settings {
    let mut s = halint::Settings::default();
    halint::config_file::load(path, &mut s).expect("a halint.toml halint reads");
    s
}

#[test]
fn the_reference_configs_inventory_is_drafted_as_written_by_hand() {
    let dir = scratch("reference");
    std::fs::copy(reference("haproxy.cfg"), dir.join("haproxy.cfg")).expect("copy");
    let out = halint_in(&["init"], Some(&dir), None, DEFAULT_LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("review: each name must be"));
    let drafted = settings_of(&dir.join("halint.toml"));
    let by_hand = settings_of(&reference("halint.toml"));
    assert_eq!(drafted.instances, by_hand.instances);
    assert_eq!(
        (drafted.peers_section, drafted.default_peer_port),
        (by_hand.peers_section, by_hand.default_peer_port)
    );
    // The drafted inventory is found by `check` and finds the broken variant.
    let clean = halint_in(&["check", "--local", "haproxy-1", "haproxy.cfg"], Some(&dir), None, DEFAULT_LIMIT);
    assert_eq!(clean.status.code(), Some(0), "{}", String::from_utf8_lossy(&clean.stdout));
    std::fs::copy(reference("broken/missing-peer.cfg"), dir.join("broken.cfg")).expect("copy");
    let broken = halint_in(&["check", "--format", "json", "broken.cfg"], Some(&dir), None, DEFAULT_LIMIT);
    let doc: serde_json::Value = serde_json::from_slice(&broken.stdout).expect("JSON");
    assert!(doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .any(|d| d["rule"] == "peer-missing-for-instance"));
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = scratch("force");
    std::fs::copy(reference("haproxy.cfg"), dir.join("haproxy.cfg")).expect("copy");
    std::fs::write(dir.join("halint.toml"), "# mine\n").expect("write");
    let out = halint_in(&["init"], Some(&dir), None, DEFAULT_LIMIT);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give --force"));
    assert_eq!(std::fs::read_to_string(dir.join("halint.toml")).expect("kept"), "# mine\n");
    let out = halint_in(&["init", "--force"], Some(&dir), None, DEFAULT_LIMIT);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(dir.join("halint.toml"))
        .expect("written")
        .contains("[[cluster.instance]]"));
}

#[test]
fn new_style_peers_take_the_local_address_from_bind_and_no_peers_is_an_error() {
    let config = "peers mesh\n    bind 127.0.0.1:10001\n    server lb1\n    server lb2 127.0.0.2:10001\n";
    let out = halint_in(&["init", "-o", "-", "-"], None, Some(config.as_bytes()), DEFAULT_LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let toml = String::from_utf8_lossy(&out.stdout);
    assert!(toml.contains("name = \"lb1\"\naddress = \"127.0.0.1:10001\""), "{toml}");
    assert!(toml.contains("name = \"lb2\"\naddress = \"127.0.0.2:10001\""), "{toml}");
    let none = halint_in(&["init", "-o", "-", "-"], None, Some(b"backend app\n"), DEFAULT_LIMIT);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("has no peers section"));
}
