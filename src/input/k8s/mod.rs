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

pub mod assemble;
pub mod block;
pub mod manifest;
pub mod yaml;

pub use manifest::{Embedded, ObjectRef, Placement, Workload};

use crate::diagnostic::Diagnostic;
use crate::input::source_map::SourceMap;
use crate::span::{LineIndex, Span};
use yaml::Node;

/// A config to check, taken from a manifest: a whole config, or the config
/// generated around the manifest's snippets.
#[derive(Clone, Debug)]
pub struct Document {
    /// The HAProxy text.
    pub text: String,
    /// Its map to the manifest.
    pub map: SourceMap,
    /// Which embedded texts it holds (indexes into [`Manifest::embedded`])
    /// and where in `text`.
    pub pieces: Vec<(usize, Span)>,
    /// The object findings in generated text are shown at.
    pub anchor: ObjectRef,
    /// Line index of each piece's embedded text (as `pieces`).
    piece_lines: Vec<LineIndex>,
}

impl Document {
    /// A finding of this document's text, placed in the manifest: spans
    /// mapped, and where it is inside the embedded text. Fixes are dropped:
    /// [`crate::input::k8s`] fixes the manifest itself.
    pub fn place(&self, manifest: &Manifest, mut d: Diagnostic) -> Diagnostic {
        let at = d.span.start;
        let piece = self.pieces.iter().position(|(_, s)| s.start <= at && at <= s.end && !s.is_empty());
        let (object, key, line, column) = match piece {
            Some(k) => {
                let (i, span) = self.pieces[k];
                let e = &manifest.embedded[i];
                let lc = self.piece_lines[k].line_col(&e.text, (at - span.start).min(e.text.len() as u32));
                (&e.object, e.key.clone(), lc.line, lc.column)
            }
            None => (&self.anchor, String::new(), 0, 0),
        };
        d.embedded = Some(Box::new(crate::diagnostic::Embedded {
            kind: object.kind.clone(),
            namespace: object.namespace.clone(),
            name: object.name.clone(),
            key,
            line,
            column,
        }));
        d.span = self.map.span(d.span);
        for l in &mut d.labels {
            l.span = self.map.span(l.span);
        }
        d.fix = None;
        d
    }
}

/// The configs to check in a manifest: each whole config, then the config
/// generated around its snippets (when it has any).
pub fn documents(manifest: &Manifest) -> Vec<Document> {
    let mut out = Vec::new();
    for (i, e) in manifest.embedded.iter().enumerate().filter(|(_, e)| e.placement == Placement::WholeConfig)
    {
        let span = Span::new(0, e.text.len() as u32);
        let mut map = SourceMap::default();
        match &e.block {
            Some(block) => map.push_block(span, block.clone(), 0),
            None => map.push_fixed(span, e.value_span),
        }
        out.push(Document {
            text: e.text.clone(),
            map,
            pieces: vec![(i, span)],
            anchor: e.object.clone(),
            piece_lines: vec![LineIndex::new(&e.text)],
        });
    }
    let snippets: Vec<(usize, &Embedded)> =
        manifest.embedded.iter().enumerate().filter(|(_, e)| e.placement != Placement::WholeConfig).collect();
    if let Some((_, first)) = snippets.first() {
        // Generated lines show at the ConfigMap holding snippets, if any.
        let anchor = snippets.iter().map(|(_, e)| e).find(|e| e.object.kind == "ConfigMap").unwrap_or(first);
        let texts: Vec<&Embedded> = snippets.iter().map(|(_, e)| *e).collect();
        let built = assemble::assemble(&texts, anchor.object.name_span);
        let pieces: Vec<(usize, Span)> =
            built.pieces.iter().map(|&(j, span)| (snippets[j].0, span)).collect();
        let piece_lines = pieces.iter().map(|&(i, _)| LineIndex::new(&manifest.embedded[i].text)).collect();
        out.push(Document {
            text: built.text,
            map: built.map,
            pieces,
            anchor: anchor.object.clone(),
            piece_lines,
        });
    }
    out
}

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
    /// HAProxy keys of a ConfigMap or Secret whose value is not text (a
    /// mapping, a list, an alias): `(key, where its value is)`.
    pub not_text: Vec<(String, Span)>,
}

/// Reads a manifest stream.
pub fn read_manifest(text: &str) -> Manifest {
    let stream = yaml::read(text);
    let mut out = Manifest { error: stream.error, ..Manifest::default() };
    let mut all = Vec::new();
    for document in &stream.documents {
        let Some(root) = &document.root else { continue };
        // An empty document (`---` twice, comments only) is a YAML null.
        let null = matches!(root, Node::Scalar { value, style: yaml::Style::Plain, .. } if matches!(value.as_str(), "" | "~" | "null"));
        if null {
            continue;
        }
        duplicate_keys(root, &mut out.duplicate_keys);
        let objects = manifest::objects(root);
        if objects.is_empty() {
            out.not_objects.push(root.span());
        }
        for object in objects {
            out.not_text.extend(manifest::non_text_values(object));
            out.workloads.extend(manifest::workload(object));
            all.push(object);
        }
    }
    // The workloads say which keys their pods read as `*.cfg` files.
    let mounted: Vec<(String, String)> =
        out.workloads.iter().flat_map(|w| w.cfg_files.iter().cloned()).collect();
    for object in all {
        out.embedded.extend(manifest::embedded(text, object, &mounted));
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
