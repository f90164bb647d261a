//! Real manifests of ../shared/corpus/k8s: halint reads each one without
//! panicking, finds the HAProxy configs it carries to the very text PyYAML
//! (an independent YAML implementation) reads, and maps every literal block
//! back to the manifest's lines.

mod common;

use halint::input::k8s::read_manifest;
use std::path::PathBuf;
use std::process::Command;

fn k8s_corpus() -> PathBuf {
    let dir = common::real_corpus_dir().join("../k8s");
    assert!(
        dir.join("manifest.tsv").is_file(),
        "{} is missing: ../shared must sit beside the checkout",
        dir.display()
    );
    dir
}

fn manifests() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(k8s_corpus())
        .expect("k8s corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

/// What PyYAML reads as `.cfg` keys and snippet keys of ConfigMaps, per
/// file: `[[kind, name, key, text], ...]`.
fn pyyaml_texts(files: &[PathBuf]) -> serde_json::Value {
    let script = r#"
import json, sys, yaml
SNIPPETS = {"haproxy-peers-cfg", "stick-table-cfg", "global-config-snippet", "frontend-config-snippet",
            "backend-config-snippet", "config-global", "config-defaults", "config-frontend", "config-backend",
            "config-sections"}
def objects(doc):
    if not isinstance(doc, dict) or "kind" not in doc:
        return []
    if str(doc["kind"]).endswith("List") and isinstance(doc.get("items"), list):
        return [o for item in doc["items"] for o in objects(item)]
    return [doc]
out = {}
for path in sys.argv[1:]:
    found = []
    with open(path, encoding="utf-8") as f:
        for doc in yaml.safe_load_all(f):
            for o in objects(doc):
                kind = o.get("kind")
                field = {"ConfigMap": "data", "Secret": "stringData"}.get(kind)
                data = o.get(field) if field else None
                if isinstance(data, dict):
                    name = (o.get("metadata") or {}).get("name", "")
                    for k, v in data.items():
                        if isinstance(k, str) and (k.endswith(".cfg") or k in SNIPPETS) and isinstance(v, str):
                            found.append([kind, name, k, v])
    out[path] = found
print(json.dumps(out))
"#;
    let out = Command::new("python3").arg("-c").arg(script).args(files).output();
    let out = out.expect("python3 runs (.ci/run installs python3-yaml)");
    assert!(out.status.success(), "PyYAML: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON from PyYAML")
}

#[test]
fn embedded_configs_are_found_as_pyyaml_reads_them_and_literal_blocks_map_back() {
    let files = manifests();
    assert!(files.len() >= 40, "expected the shared k8s corpus, found {} files", files.len());
    let expected = pyyaml_texts(&files);
    let (mut literal, mut mapped, mut texts) = (0, 0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("UTF-8 manifest");
        let manifest = read_manifest(&text);
        let name = path.display();
        assert!(manifest.error.is_none(), "{name}: PyYAML reads it, halint says {:?}", manifest.error);
        let ours: Vec<[&str; 4]> = manifest
            .embedded
            .iter()
            .filter(|e| e.object.kind != "Ingress" && e.object.kind != "Service")
            .map(|e| [e.object.kind.as_str(), e.object.name.as_str(), e.key.as_str(), e.text.as_str()])
            .collect();
        let theirs: Vec<[&str; 4]> = expected[path.to_str().expect("path")]
            .as_array()
            .expect("list")
            .iter()
            .map(|f| std::array::from_fn(|i| f[i].as_str().expect("string")))
            .collect();
        // PyYAML keeps the last of two repeated keys; halint reads both.
        for t in &theirs {
            assert!(ours.contains(t), "{name}: PyYAML reads {:?} = {:?}, halint does not", t[2], t[3]);
        }
        texts += theirs.len();
        for e in &manifest.embedded {
            if e.style != halint::input::k8s::yaml::Style::Literal {
                continue;
            }
            literal += 1;
            let Some(block) = &e.block else {
                panic!("{name}: the literal block of '{}' was not mapped", e.key);
            };
            mapped += 1;
            // Every line of the text sits at its mapped place in the manifest.
            let mut at = 0;
            for line in e.text.split_inclusive('\n') {
                let body = line.trim_end_matches('\n');
                let m = block.manifest_offset(at as u32) as usize;
                assert_eq!(&text[m..m + body.len()], body, "{name}: line at text offset {at} of '{}'", e.key);
                at += line.len();
            }
        }
    }
    assert!(texts >= 40 && literal == mapped && literal >= 38, "texts {texts}, literal blocks {literal}");
    eprintln!("{texts} texts as PyYAML reads them; {mapped} of {literal} literal blocks mapped");
}

#[test]
fn workloads_are_found_with_their_replicas_and_hostnames() {
    let index = std::fs::read_to_string(k8s_corpus().join("manifest.tsv")).expect("manifest.tsv");
    let mut checked = 0;
    for row in index.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (file, listed) = (cols[0], cols[7]);
        let text = std::fs::read_to_string(k8s_corpus().join(file)).expect("manifest");
        let ours: Vec<String> = read_manifest(&text)
            .workloads
            .iter()
            .map(|w| {
                let replicas = match (w.object.kind.as_str(), w.replicas) {
                    ("Pod" | "DaemonSet", _) => String::new(),
                    (_, Some(n)) => format!("({n}"),
                    (_, None) => "(".into(),
                };
                format!("{}:{}{replicas}", w.object.kind, w.object.name)
            })
            .collect();
        // The index lists OpenShift kinds halint does not read, and writes
        // `unset` for a default count: compare kind, name and count only.
        for entry in listed.split(' ').filter(|e| !e.is_empty() && !e.starts_with("DeploymentConfig")) {
            let short = entry.split([',', ')']).next().unwrap_or(entry).replace("(unset", "(1");
            assert!(ours.contains(&short), "{file}: workload {entry} not found in {ours:?}");
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} workloads compared");
}
