//! Lists the HAProxy configs a Kubernetes manifest carries, with where each
//! one sits in the manifest, through the library (`halint::input::k8s`).
//!
//! `cargo run --example k8s_configs -- manifest.yaml`

use halint::input::k8s::read_manifest;
use halint::span::LineIndex;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: k8s_configs MANIFEST.yaml");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let manifest = read_manifest(&text);
    let index = LineIndex::new(&text);
    for e in &manifest.embedded {
        let at = index.line_col(&text, e.value_span.start);
        let mapped = if e.block.is_some() { "mapped line by line" } else { "not a literal block" };
        println!(
            "{path}:{}:{}: {} {}/{} key {:?} ({:?}, {} bytes, {mapped})",
            at.line,
            at.column,
            e.object.kind,
            e.object.namespace,
            e.object.name,
            e.key,
            e.placement,
            e.text.len()
        );
        if std::env::var_os("SHOW_TEXT").is_some() {
            println!("{:?}", e.text);
        }
    }
    for w in manifest.haproxy_workloads() {
        println!(
            "{path}: workload {} {} runs HAProxy as {:?}",
            w.object.kind,
            w.object.name,
            w.instance_names()
        );
    }
    if let Some(error) = &manifest.error {
        let at = index.line_col(&text, error.span.start);
        println!("{path}:{}:{}: YAML error: {}", at.line, at.column, error.message);
    }
}
