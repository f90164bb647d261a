//! Fixing Kubernetes manifests, judged by others than halint: PyYAML (an
//! independent YAML implementation) must read the fixed manifest to the same
//! objects apart from the HAProxy text, and HAProxy 2.6 must accept every
//! config the fixed manifest yields, for every instance (`haproxy -c -L`).

mod common;

use common::fixture::fixture_settings;
use halint::Linter;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/k8s").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("halint-k8s-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch");
    dir.join(name)
}

/// PyYAML's reading of both manifests, HAProxy text left out: equal, apart
/// from backend snippet keys the fix may add.
fn pyyaml_same_objects(before: &str, after: &str) -> Result<(), String> {
    let script = r#"
import json, sys, yaml
SNIPPETS = {"haproxy-peers-cfg", "stick-table-cfg", "global-config-snippet", "frontend-config-snippet",
            "backend-config-snippet", "config-global", "config-defaults", "config-frontend", "config-backend",
            "config-sections"}
ADDED = {"stick-table-cfg", "backend-config-snippet", "config-backend"}
def blank(doc, added):
    if isinstance(doc, dict):
        out = {}
        for k, v in doc.items():
            if isinstance(k, str) and (k.endswith(".cfg") or k in SNIPPETS) and isinstance(v, str):
                v = "<haproxy text>"
            out[k] = blank(v, added)
        return out
    if isinstance(doc, list):
        return [blank(x, added) for x in doc]
    return doc
def load(path):
    with open(path, encoding="utf-8") as f:
        return [blank(d, ADDED) for d in yaml.safe_load_all(f)]
a, b = load(sys.argv[1]), load(sys.argv[2])
def drop_added(x, y):
    if isinstance(x, dict) and isinstance(y, dict):
        for k in [k for k in y if k not in x and k in ADDED]:
            del y[k]
        for k in x:
            if k in y:
                drop_added(x[k], y[k])
    elif isinstance(x, list) and isinstance(y, list):
        for p, q in zip(x, y):
            drop_added(p, q)
drop_added(a, b)
if a != b:
    print(json.dumps(a, indent=1)); print(json.dumps(b, indent=1)); sys.exit(1)
"#;
    let tag = format!("{:x}", before.len() ^ after.len() << 20);
    let (pa, pb) = (scratch(&format!("{tag}-before.yaml")), scratch(&format!("{tag}-after.yaml")));
    std::fs::write(&pa, before).expect("write");
    std::fs::write(&pb, after).expect("write");
    let out = Command::new("python3").arg("-c").arg(script).arg(&pa).arg(&pb).output();
    let out = out.map_err(|e| format!("python3 (.ci/run installs python3-yaml): {e}"))?;
    match out.status.success() {
        true => Ok(()),
        false => {
            Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
        }
    }
}

/// `haproxy -c` on every config the manifest yields, as each instance.
fn haproxy_accepts_all(
    tag: &str,
    manifest: &str,
    linter: &Linter,
    instances: &[&str],
) -> Result<usize, String> {
    let report = linter.check_manifest(manifest);
    let mut checked = 0;
    for (i, doc) in report.documents.iter().enumerate() {
        let path = scratch(&format!("{tag}-{i}.cfg"));
        std::fs::write(&path, &doc.text).expect("write");
        for local in instances {
            let out = Command::new("haproxy").args(["-c", "-f"]).arg(&path).args(["-L", local]).output();
            let out = out.map_err(|e| format!("haproxy (.ci/run installs it): {e}"))?;
            // 0 valid; 2 valid but no listener.
            if !matches!(out.status.code(), Some(0 | 2)) {
                return Err(format!("-L {local}: {}\n{}", String::from_utf8_lossy(&out.stderr), doc.text));
            }
            checked += 1;
        }
    }
    Ok(checked)
}

/// Fixes a fixture (unsafe fixes too), then lets the judges speak.
fn fix_and_judge(name: &str, instances: &[&str], fixed_rules: &[&str]) -> String {
    let text = fixture(name);
    let linter = Linter::new(fixture_settings(&text));
    let fixed = linter.fix_manifest(&text, true);
    let applied: Vec<&str> = fixed.applied.iter().map(|(r, _)| *r).collect();
    for rule in fixed_rules {
        assert!(applied.contains(rule), "{name}: no fix of {rule} applied: {applied:?}");
        assert!(!fixed.remaining.iter().any(|d| d.rule == *rule), "{name}: {rule} is still reported");
    }
    pyyaml_same_objects(&text, &fixed.output)
        .unwrap_or_else(|e| panic!("{name}: PyYAML reads other objects:\n{e}"));
    let checked = haproxy_accepts_all(name, &fixed.output, &linter, instances)
        .unwrap_or_else(|e| panic!("{name}: HAProxy refuses the fixed config:\n{e}"));
    assert!(checked >= instances.len(), "{name}: no config checked");
    let again = linter.fix_manifest(&fixed.output, true);
    assert_eq!(again.output, fixed.output, "{name}: a second fix changed the manifest");
    fixed.output
}

#[test]
fn a_table_without_peers_in_the_snippet_gets_them() {
    let out = fix_and_judge(
        "guide-table-not-shared.yaml",
        &["haproxy-1", "haproxy-2"],
        &["stick-table-not-shared"],
    );
    assert!(out.contains("\n    stick-table type ip size 20k peers diamanti_peers\n"), "{out}");
}

#[test]
fn a_missing_peer_is_added_inside_the_block_with_its_indentation() {
    let out =
        fix_and_judge("guide-missing-peer.yaml", &["haproxy-1", "haproxy-2"], &["peer-missing-for-instance"]);
    assert!(out.contains("\n        peer haproxy-2 172.16.254.202:1024\n"), "{out}");
}

#[test]
fn a_stripped_whole_config_gets_its_final_newline_back() {
    let out =
        fix_and_judge("statefulset-broken.yaml", &["haproxy-0", "haproxy-1"], &["missing-final-newline"]);
    assert!(out.contains("  haproxy.cfg: |\n"), "`|-` became `|`: {out}");
}

#[test]
fn a_backend_snippet_without_persistence_gets_a_shared_table_when_unsafe_fixes_are_asked() {
    let text = fixture("haproxytech-backend-snippet.yaml");
    let linter = Linter::new(fixture_settings(&text));
    let safe = linter.fix_manifest(&text, false);
    assert!(safe.applied.iter().all(|(r, _)| *r != "backend-without-stick-table"), "the fix is unsafe");
    let out = fix_and_judge(
        "guide-no-stick-table-cfg.yaml",
        &["haproxy-1", "haproxy-2"],
        &["backend-without-stick-table"],
    );
    let added =
        "  stick-table-cfg: |\n    stick-table type ip size 20k peers diamanti_peers\n    stick on src\n";
    assert!(out.contains(added), "a new key with the guide's table and rule: {out}");
}

#[test]
fn the_guides_clean_manifest_is_never_rewritten() {
    for name in ["guide-clean.yaml", "statefulset-whole-config.yaml", "helm-template-stream.yaml"] {
        let text = fixture(name);
        let linter = Linter::new(fixture_settings(&text));
        let fixed = linter.fix_manifest(&text, true);
        assert_eq!(fixed.output, text, "{name}: a manifest that needs no fix changed");
        assert!(fixed.applied.is_empty());
        let instances: Vec<String> =
            fixture_settings(&text).instances.iter().map(|i| i.name.clone()).collect();
        let names: Vec<&str> = instances.iter().map(String::as_str).collect();
        let checked =
            haproxy_accepts_all(name, &text, &linter, if names.is_empty() { &["haproxy-0"] } else { &names });
        checked.unwrap_or_else(|e| panic!("{name}: HAProxy refuses the clean config:\n{e}"));
    }
}
