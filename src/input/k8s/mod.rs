//! Kubernetes manifests as input (`docs/kubernetes.md` of the contract):
//! the HAProxy configs they carry, each with a map from its text back to the
//! manifest's bytes, the workloads that run them, and what is wrong with the
//! YAML itself.
//!
//! ```
//! let manifest = "\
//! apiVersion: v1
//! kind: ConfigMap
//! metadata:
//!   name: haproxy
//! data:
//!   haproxy.cfg: |
//!     global
//!         maxconn 100
//! ";
//! let read = halint::input::k8s::read_manifest(manifest);
//! let config = &read.embedded[0];
//! assert_eq!((config.key.as_str(), config.text.as_str()), ("haproxy.cfg", "global\n    maxconn 100\n"));
//! // Offset 7 of the text ("maxconn"'s line) is in the manifest's line 8.
//! let block = config.block.as_ref().unwrap();
//! let at = block.manifest_offset(11) as usize;
//! assert_eq!(&manifest[at..at + 7], "maxconn");
//! ```

pub mod block;
pub mod manifest;
pub mod yaml;

pub use manifest::{Embedded, ObjectRef, Placement, Workload};

use crate::span::Span;
use yaml::Node;

/// A key written twice in one mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key.
    pub key: String,
    /// The repeated occurrence.
    pub span: Span,
    /// The first one.
    pub first: Span,
}

/// What a manifest holds.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// HAProxy text found, in manifest order.
    pub embedded: Vec<Embedded>,
    /// Workloads that may run HAProxy.
    pub workloads: Vec<Workload>,
    /// Keys written twice in one mapping.
    pub duplicate_keys: Vec<DuplicateKey>,
    /// YAML that does not parse (what comes before it is read).
    pub error: Option<yaml::YamlError>,
    /// Documents that are not Kubernetes objects (no `kind`), by position.
    pub not_objects: Vec<Span>,
}

/// Reads a manifest stream.
pub fn read_manifest(text: &str) -> Manifest {
    let stream = yaml::read(text);
    let mut out = Manifest { error: stream.error, ..Manifest::default() };
    for document in &stream.documents {
        let Some(root) = &document.root else { continue };
        duplicate_keys(root, &mut out.duplicate_keys);
        let objects = manifest::objects(root);
        if objects.is_empty() {
            out.not_objects.push(root.span());
        }
        for object in objects {
            out.embedded.extend(manifest::embedded(text, object));
            out.workloads.extend(manifest::workload(object));
        }
    }
    out
}

impl Manifest {
    /// The workloads that run HAProxy: an image that names it, or a
    /// reference to a ConfigMap that carries HAProxy text.
    pub fn haproxy_workloads(&self) -> impl Iterator<Item = &Workload> {
        self.workloads.iter().filter(|w| {
            w.haproxy_image
                || w.configmaps.iter().any(|c| {
                    self.embedded.iter().any(|e| e.object.kind == "ConfigMap" && &e.object.name == c)
                })
        })
    }
}

/// Every repeated key of every mapping under `node`.
fn duplicate_keys(node: &Node, out: &mut Vec<DuplicateKey>) {
    let entries = node.entries();
    let mut seen: rustc_hash::FxHashMap<&str, Span> = rustc_hash::FxHashMap::default();
    for (key, _) in entries {
        let Some(name) = key.as_str() else { continue };
        match seen.get(name) {
            Some(&first) => out.push(DuplicateKey { key: name.to_owned(), span: key.span(), first }),
            None => {
                seen.insert(name, key.span());
            }
        }
    }
    for child in entries.iter().map(|(_, v)| v).chain(node.items()) {
        duplicate_keys(child, out);
    }
}
