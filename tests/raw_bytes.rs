//! Configs whose bytes are not all UTF-8 (a Latin-1 comment, a name saved
//! by an old editor): HAProxy reads bytes and accepts them, so halint checks
//! them (rule `invalid-utf8`, info), and its fixes, diffs and JSON spans keep
//! to the bytes of the file. HAProxy 2.6 judges the fixed file.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A Latin-1 config whose table is not shared: a fix is due.
const LATIN1: &[u8] = b"# Config of the caf\xe9 (Latin-1)\n\
peers mesh\n    peer lb1 127.0.0.1:10001\n    peer lb2 127.0.0.2:10001\n\n\
defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n\
frontend web\n    description caf\xe9 du coin\n    bind 127.0.0.1:18080\n    default_backend app\n\n\
backend app\n    balance roundrobin\n    stick-table type ip size 20k\n    stick on src\n    server s1 127.0.0.1:9001 # h\xf4te un\n\
    \x20   server s2 127.0.0.1:9002\n";

const INVENTORY: [&str; 4] = ["--instance", "lb1=127.0.0.1:10001", "--instance", "lb2=127.0.0.2:10001"];

fn halint(args: &[&str], dir: &Path, stdin: Option<&[u8]>) -> Output {
    common::run::halint_in(args, Some(dir), stdin, common::run::DEFAULT_LIMIT)
}

fn workdir(test: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-raw-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("haproxy.cfg"), bytes).expect("write");
    dir
}

/// The Latin-1 config with the fix applied, byte for byte.
fn expected_fixed() -> Vec<u8> {
    let text = LATIN1.to_vec();
    let at = text.windows(9).position(|w| w == b"size 20k\n").expect("table line") + 8;
    [&text[..at], b" peers mesh", &text[at..]].concat()
}

fn haproxy_accepts(path: &Path, local: &str) -> Result<(), String> {
    let out = Command::new("haproxy").args(["-c", "-f"]).arg(path).args(["-L", local]).output();
    let out = out.map_err(|e| format!("haproxy is not installed (.ci/run installs it): {e}"))?;
    match out.status.code() {
        Some(0) => Ok(()),
        code => Err(format!("exit {code:?}: {}", String::from_utf8_lossy(&out.stderr))),
    }
}

#[test]
fn haproxy_accepts_the_latin1_config_and_halint_only_informs() {
    let dir = workdir("check", LATIN1);
    haproxy_accepts(&dir.join("haproxy.cfg"), "lb1").expect("HAProxy reads Latin-1 bytes");
    let out = halint(&["check", "--select", "invalid-utf8", "haproxy.cfg"], &dir, None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "an info finding only: {text}");
    assert!(text.contains("HA005(invalid-utf8)") && text.contains("haproxy.cfg:1:20"), "{text}");
    assert!(text.contains("found 0 errors, 0 warnings, 3 infos"), "{text}");
}

#[test]
fn fix_keeps_the_bytes_and_haproxy_accepts_the_result() {
    let dir = workdir("fix", LATIN1);
    let out = halint(&[&["check", "--fix", "haproxy.cfg"][..], &INVENTORY].concat(), &dir, None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let fixed = std::fs::read(dir.join("haproxy.cfg")).expect("fixed file");
    assert_eq!(fixed, expected_fixed(), "only the fix changed, every Latin-1 byte is kept");
    for local in ["lb1", "lb2"] {
        haproxy_accepts(&dir.join("haproxy.cfg"), local).expect("the fixed file passes haproxy -c");
    }
}

#[test]
fn stdin_fix_and_diff_carry_the_raw_bytes() {
    let dir = workdir("stdin", b"");
    let out = halint(&[&["check", "--fix", "-"][..], &INVENTORY].concat(), &dir, Some(LATIN1));
    assert_eq!(out.stdout, expected_fixed());
    let out = halint(
        &[&["check", "--diff", "haproxy.cfg"][..], &INVENTORY].concat(),
        &workdir("diff", LATIN1),
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let diff = out.stdout;
    let line = |s: &[u8]| diff.windows(s.len()).any(|w| w == s);
    assert!(line(b"-    stick-table type ip size 20k\n+    stick-table type ip size 20k peers mesh\n"));
    assert!(line(b"     server s1 127.0.0.1:9001 # h\xf4te un\n"), "context lines keep their bytes");
}

#[test]
fn json_spans_are_offsets_in_the_file_bytes() {
    let dir = workdir("json", LATIN1);
    let out = halint(&["check", "--format", "json", "--select", "invalid-utf8", "haproxy.cfg"], &dir, None);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let found = doc["diagnostics"].as_array().expect("diagnostics");
    let bytes: Vec<u8> =
        found.iter().map(|d| LATIN1[d["span"]["start"].as_u64().expect("start") as usize]).collect();
    assert_eq!(bytes, [0xe9, 0xe9, 0xf4], "each span starts at the byte it reports");
    let columns: Vec<u64> = found.iter().map(|d| d["column"].as_u64().expect("column")).collect();
    assert_eq!(columns, [20, 20, 33], "a byte is one column");
}

#[test]
fn utf8_text_with_private_use_characters_is_not_taken_for_raw_bytes() {
    let text = "# \u{f7e9} is a private-use character\nglobal\n    maxconn 10\n";
    let dir = workdir("pua", text.as_bytes());
    let out = halint(&["check", "--format", "json", "haproxy.cfg"], &dir, None);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(0), "{doc}");
}
