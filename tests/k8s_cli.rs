//! `halint check` on Kubernetes manifests, as users and CI scripts see it:
//! exit statuses, positions in every format, stdin detection, --fix/--diff,
//! and bad input that must give a finding or a clear error, never a panic.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

const INVENTORY: [&str; 4] =
    ["--instance", "haproxy-1=172.16.254.201:1024", "--instance", "haproxy-2=172.16.254.202:1024"];

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/k8s").join(name)
}

fn halint(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run::halint_in(args, None, stdin, common::run::DEFAULT_LIMIT)
}

fn with_inventory<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["check", "--isolated"];
    all.extend_from_slice(&INVENTORY);
    all.extend_from_slice(args);
    all
}

fn scratch(test: &str, name: &str, text: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-k8s-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn exit_status_and_positions_in_every_format() {
    let broken = corpus("guide-wrong-peer-ip.yaml");
    let path = broken.to_str().expect("path");
    let human = halint(&with_inventory(&[path]), None);
    assert_eq!(human.status.code(), Some(1));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("guide-wrong-peer-ip.yaml:14:24"), "{text}");
    let json = halint(&with_inventory(&["--format", "json", path]), None);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let d = &doc["diagnostics"][0];
    assert_eq!(
        (d["rule"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("peer-address-mismatch"), Some(14), Some(24))
    );
    let embedded = &d["embedded"];
    assert_eq!(embedded["kind"], "ConfigMap");
    assert_eq!(embedded["name"], "haproxy-ingress");
    assert_eq!(embedded["key"], "haproxy-peers-cfg");
    assert_eq!((embedded["line"].as_u64(), embedded["column"].as_u64()), (Some(3), Some(20)));
    let github = halint(&with_inventory(&["--format", "github", path]), None);
    let text = String::from_utf8_lossy(&github.stdout);
    assert!(text.starts_with("::error file=") && text.contains(",line=14,col=24,"), "{text}");
    let sarif = halint(&with_inventory(&["--format", "sarif", path]), None);
    let doc: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF");
    let region = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(14), Some(24)));
    let clean = halint(&with_inventory(&[corpus("guide-clean.yaml").to_str().expect("path")]), None);
    assert_eq!(clean.status.code(), Some(0), "{}", String::from_utf8_lossy(&clean.stdout));
}

#[test]
fn helm_template_output_on_stdin_is_read_as_manifests() {
    let text = std::fs::read(corpus("helm-template-stream.yaml")).expect("fixture");
    let out = halint(&["check", "--isolated", "-"], Some(&text));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let broken = std::fs::read(corpus("guide-table-not-shared.yaml")).expect("fixture");
    let out = halint(&with_inventory(&["--format", "json", "-"]), Some(&broken));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["diagnostics"][0]["rule"], "stick-table-not-shared");
    assert_eq!(doc["diagnostics"][0]["file"], "-");
    // --input haproxy forces the config reading (the YAML is then no config).
    let forced = halint(&with_inventory(&["--input", "haproxy", "--format", "json", "-"]), Some(&broken));
    let doc: serde_json::Value = serde_json::from_slice(&forced.stdout).expect("JSON");
    assert!(doc["diagnostics"].as_array().is_some_and(|d| d
        .iter()
        .any(|d| d["rule"] == "unknown-keyword" || d["rule"] == "directive-outside-section")));
}

#[test]
fn fix_rewrites_the_manifest_and_a_second_run_changes_nothing() {
    let text = std::fs::read(corpus("guide-missing-peer.yaml")).expect("fixture");
    let path = scratch("fix", "haproxy.yaml", &text);
    let p = path.to_str().expect("path");
    let out = halint(&with_inventory(&["--fix", p]), None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let fixed = std::fs::read_to_string(&path).expect("fixed");
    assert!(fixed.contains("        peer haproxy-2 172.16.254.202:1024\n"), "{fixed}");
    let diff = halint(&with_inventory(&["--diff", p]), None);
    assert_eq!((diff.status.code(), diff.stdout.len()), (Some(0), 0), "nothing left to fix");
    let clean = std::fs::read(corpus("guide-clean.yaml")).expect("fixture");
    let path = scratch("clean", "haproxy.yaml", &clean);
    let before = std::fs::metadata(&path).expect("meta").modified().expect("mtime");
    std::thread::sleep(Duration::from_millis(20));
    let out = halint(&with_inventory(&["--fix", path.to_str().expect("path")]), None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::metadata(&path).expect("meta").modified().expect("mtime"), before, "never rewritten");
}

#[test]
fn a_manifest_without_haproxy_is_no_error() {
    let path = scratch("none", "service.yaml", b"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n");
    let out = halint(&["check", "--isolated", path.to_str().expect("path")], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no HAProxy config and no HAProxy workload"));
}

#[test]
fn bad_input_gives_a_finding_or_a_clear_error_and_writes_nothing() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("unparsable.yaml", b"kind: ConfigMap\ndata: [\n", "yaml-syntax-error"),
        ("tabs.yaml", b"kind: ConfigMap\ndata:\n\thaproxy.cfg: |\n    global\n", "yaml-syntax-error"),
        ("scalar.yaml", b"just text\n", "invalid-manifest-object"),
        (
            "not-string.yaml",
            b"kind: ConfigMap\nmetadata:\n  name: x\ndata:\n  haproxy.cfg:\n    a: 1\n",
            "invalid-manifest-object",
        ),
        (
            "alias.yaml",
            b"kind: ConfigMap\nmetadata:\n  name: &n x\ndata:\n  haproxy.cfg: *n\n",
            "invalid-manifest-object",
        ),
    ];
    for (name, text, rule) in cases {
        let path = scratch("bad", name, text);
        let out =
            halint(&["check", "--isolated", "--fix", "--format", "json", path.to_str().expect("path")], None);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert!(
            doc["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["rule"] == *rule)),
            "{name}: {doc}"
        );
        assert_eq!(std::fs::read(&path).expect("file"), *text, "{name}: nothing written");
    }
    let latin1 = scratch("bad", "latin1.yaml", b"kind: ConfigMap\ndata:\n  x: caf\xe9\n");
    let out = halint(&["check", "--isolated", latin1.to_str().expect("path")], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must be UTF-8"));
}

#[test]
fn a_ten_megabyte_manifest_is_checked_in_bounded_time() {
    // 4,000 ConfigMaps of a 2.6 KB config each, one of them broken.
    let mut text = String::new();
    for i in 0..4000 {
        text.push_str(&format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  haproxy.cfg: |\n    global\n        maxconn 100\n    defaults\n        mode http\n        timeout connect 5s\n        timeout client 5s\n        timeout server 5s\n"));
        for b in 0..20 {
            text.push_str(&format!("    backend b{b}\n        balance roundrobin\n        server s1 127.0.0.1:{} check\n        server s2 127.0.0.2:{} check\n", 8000 + b, 8000 + b));
        }
        if i == 1234 {
            text.push_str("        use_backend nowhere\n");
        }
    }
    assert!(text.len() > 10_000_000, "{} bytes", text.len());
    let path = scratch("big", "big.yaml", text.as_bytes());
    let start = Instant::now();
    let out = halint(&["check", "--isolated", "--format", "json", path.to_str().expect("path")], None);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let found: Vec<&str> =
        doc["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["rule"].as_str()).collect();
    assert!(found.contains(&"undefined-backend"), "{found:?}");
    assert!(took < Duration::from_secs(60), "took {took:?} (debug build)");
}
