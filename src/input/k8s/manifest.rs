//! Kubernetes objects in a YAML stream: the HAProxy text they carry
//! (whole configs and ingress-controller snippets) and the workloads that
//! run HAProxy, as `docs/kubernetes.md` of the contract describes them.

use super::block::LiteralBlock;
use super::yaml::{Node, Style};
use crate::span::Span;
use serde::Serialize;

/// Which object a piece of text or a workload comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectRef {
    /// `ConfigMap`, `Deployment`...
    pub kind: String,
    /// `metadata.namespace` (`default` when absent).
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// Where `metadata.name`'s value is (or the object's start).
    #[serde(skip)]
    pub name_span: Span,
}

/// Where a piece of HAProxy text goes in the config HAProxy runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Placement {
    /// A whole `haproxy.cfg`.
    WholeConfig,
    /// Whole sections at the top level of the generated config.
    TopLevel,
    /// Inside `global`.
    Global,
    /// Inside `defaults`.
    Defaults,
    /// Inside each generated frontend.
    Frontends,
    /// Inside every generated backend.
    EveryBackend,
}

/// A snippet key an ingress controller reads, and where it pastes it.
pub struct SnippetKey {
    /// The key (ConfigMap data, or annotation without its prefix).
    pub key: &'static str,
    /// The controller.
    pub controller: &'static str,
    /// Where the text goes.
    pub placement: Placement,
}

/// The snippet keys of the controllers halint knows (contract table).
pub const SNIPPET_KEYS: &[SnippetKey] = &[
    SnippetKey {
        key: "haproxy-peers-cfg",
        controller: "active-active guide",
        placement: Placement::TopLevel,
    },
    SnippetKey {
        key: "stick-table-cfg",
        controller: "active-active guide",
        placement: Placement::EveryBackend,
    },
    SnippetKey { key: "global-config-snippet", controller: "haproxytech", placement: Placement::Global },
    SnippetKey { key: "frontend-config-snippet", controller: "haproxytech", placement: Placement::Frontends },
    SnippetKey {
        key: "backend-config-snippet",
        controller: "haproxytech",
        placement: Placement::EveryBackend,
    },
    SnippetKey { key: "config-global", controller: "haproxy-ingress", placement: Placement::Global },
    SnippetKey { key: "config-defaults", controller: "haproxy-ingress", placement: Placement::Defaults },
    SnippetKey { key: "config-frontend", controller: "haproxy-ingress", placement: Placement::Frontends },
    SnippetKey { key: "config-backend", controller: "haproxy-ingress", placement: Placement::EveryBackend },
    SnippetKey { key: "config-sections", controller: "haproxy-ingress", placement: Placement::TopLevel },
];

/// Annotation prefixes under which `backend-config-snippet` is read (the
/// HAProxy Technologies controller also reads it unprefixed, as its e2e
/// tests do).
const ANNOTATION_PREFIXES: &[&str] = &["haproxy.org/", "haproxy.com/", "ingress.kubernetes.io/", ""];

/// HAProxy text found in a manifest.
#[derive(Clone, Debug)]
pub struct Embedded {
    /// The object holding it.
    pub object: ObjectRef,
    /// The data key or annotation.
    pub key: String,
    /// Where the key is.
    pub key_span: Span,
    /// Where the value's text is.
    pub value_span: Span,
    /// How the value is written.
    pub style: Style,
    /// The text, as YAML reads it.
    pub text: String,
    /// Where it goes.
    pub placement: Placement,
    /// The line map of a literal block; `None` for other styles (findings
    /// are then shown at the value's start, and nothing is fixed).
    pub block: Option<LiteralBlock>,
}

/// A workload that runs HAProxy.
#[derive(Clone, Debug)]
pub struct Workload {
    /// The object.
    pub object: ObjectRef,
    /// `spec.replicas` (1 when absent; `None` for a DaemonSet: one per node).
    pub replicas: Option<u64>,
    /// The pod's fixed `hostname`, and where it is.
    pub hostname: Option<(String, Span)>,
    /// The ConfigMaps it refers to (`--configmap=NS/NAME`, volumes, `envFrom`).
    pub configmaps: Vec<String>,
    /// Whether a container's image names HAProxy.
    pub haproxy_image: bool,
    /// `(ConfigMap, key)` of the keys its pods see as a file ending in
    /// `.cfg` (volume `items[].path`, or a `subPath` mounted at `*.cfg`).
    pub cfg_files: Vec<(String, String)>,
}

impl Workload {
    /// The names HAProxy instances of this workload get, when stable:
    /// the hostname, else a StatefulSet's `<name>-0..n-1`.
    pub fn instance_names(&self) -> Vec<String> {
        if let Some((h, _)) = &self.hostname {
            return vec![h.clone()];
        }
        if self.object.kind == "StatefulSet" {
            let n = self.replicas.unwrap_or(1).min(1024);
            return (0..n).map(|i| format!("{}-{i}", self.object.name)).collect();
        }
        Vec::new()
    }

    /// Whether every new pod gets a random name (no hostname, not a StatefulSet).
    pub fn has_unstable_names(&self) -> bool {
        self.hostname.is_none() && self.object.kind != "StatefulSet"
    }
}

const WORKLOAD_KINDS: &[&str] =
    &["Pod", "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet"];

/// The objects of a document: itself, or the items of a `kind: List`.
pub fn objects(root: &Node) -> Vec<&Node> {
    match root.get("kind").and_then(Node::as_str) {
        Some(kind) if kind.ends_with("List") && root.get("items").is_some() => {
            root.get("items").map_or(Vec::new(), |i| i.items().iter().flat_map(objects).collect())
        }
        _ if root.get("kind").is_some() => vec![root],
        _ => Vec::new(),
    }
}

/// The object's kind, namespace and name.
pub fn object_ref(object: &Node) -> ObjectRef {
    let meta = object.get("metadata");
    let field = |k: &str| meta.and_then(|m| m.get(k));
    ObjectRef {
        kind: object.get("kind").and_then(Node::as_str).unwrap_or_default().to_owned(),
        namespace: field("namespace").and_then(Node::as_str).unwrap_or("default").to_owned(),
        name: field("name").and_then(Node::as_str).unwrap_or_default().to_owned(),
        name_span: field("name").map_or(object.span(), Node::span),
    }
}

/// The HAProxy text an object carries; `mounted` lists `(ConfigMap, key)`
/// pairs that workloads mount as `*.cfg` files, whatever the key's name.
pub fn embedded(manifest: &str, object: &Node, mounted: &[(String, String)]) -> Vec<Embedded> {
    let reference = object_ref(object);
    let mut out = Vec::new();
    let mut push = |key: &Node, value: &Node, placement: Placement| {
        let Node::Scalar { value: text, style, span } = value else { return };
        let key_span = key.span();
        let located = match style {
            Style::Literal => LiteralBlock::locate(manifest, key_span.end, text),
            _ => None,
        };
        let (block, text) = match located {
            Some((block, read)) => (Some(block), read),
            None => (None, text.clone()),
        };
        out.push(Embedded {
            object: reference.clone(),
            key: key.as_str().unwrap_or_default().to_owned(),
            key_span,
            value_span: *span,
            style: *style,
            text,
            placement,
            block,
        });
    };
    match reference.kind.as_str() {
        "ConfigMap" | "Secret" => {
            // A Secret's `data` is base64: only `stringData` holds text.
            let field = if reference.kind == "Secret" { "stringData" } else { "data" };
            // Every `data` key, a repeated one too (yaml-duplicate-key says so).
            for (_, v) in object.entries().iter().filter(|(k, _)| k.as_str() == Some(field)) {
                for (key, value) in v.entries() {
                    let Some(name) = key.as_str() else { continue };
                    let is_mounted = mounted.iter().any(|(cm, k)| *cm == reference.name && k == name);
                    if name.ends_with(".cfg") || is_mounted {
                        push(key, value, Placement::WholeConfig);
                    } else if let Some(s) = SNIPPET_KEYS.iter().find(|s| s.key == name) {
                        push(key, value, s.placement);
                    }
                }
            }
        }
        "Ingress" | "Service" => {
            let annotations = object.get("metadata").and_then(|m| m.get("annotations"));
            for (key, value) in annotations.map_or(&[][..], Node::entries) {
                let Some(name) = key.as_str() else { continue };
                let snippet = ANNOTATION_PREFIXES
                    .iter()
                    .any(|p| name.strip_prefix(p) == Some("backend-config-snippet"));
                if snippet {
                    push(key, value, Placement::EveryBackend);
                }
            }
        }
        _ => {}
    }
    out
}

/// HAProxy keys of a ConfigMap or Secret whose value is not a scalar.
pub fn non_text_values(object: &Node) -> Vec<(String, Span)> {
    let field = match object.get("kind").and_then(Node::as_str) {
        Some("ConfigMap") => "data",
        Some("Secret") => "stringData",
        _ => return Vec::new(),
    };
    let data = object.entries().iter().filter(|(k, _)| k.as_str() == Some(field));
    data.flat_map(|(_, v)| v.entries())
        .filter(|(k, v)| {
            let haproxy =
                k.as_str().is_some_and(|n| n.ends_with(".cfg") || SNIPPET_KEYS.iter().any(|s| s.key == n));
            haproxy && !matches!(v, Node::Scalar { .. })
        })
        .map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), v.span()))
        .collect()
}

/// The workload an object is, when it is one that may run HAProxy.
pub fn workload(object: &Node) -> Option<Workload> {
    let reference = object_ref(object);
    if !WORKLOAD_KINDS.contains(&reference.kind.as_str()) {
        return None;
    }
    let spec = object.get("spec");
    let pod = if reference.kind == "Pod" {
        spec
    } else {
        spec.and_then(|s| s.get("template")).and_then(|t| t.get("spec"))
    };
    let replicas = match reference.kind.as_str() {
        "DaemonSet" => None,
        "Pod" => Some(1),
        _ => Some(
            spec.and_then(|s| s.get("replicas"))
                .and_then(Node::as_str)
                .and_then(|r| r.parse().ok())
                .unwrap_or(1),
        ),
    };
    let hostname = pod.and_then(|p| p.get("hostname")).and_then(|h| Some((h.as_str()?.to_owned(), h.span())));
    let containers = pod.map_or(Vec::new(), |p| {
        ["containers", "initContainers"].iter().filter_map(|k| p.get(k)).flat_map(Node::items).collect()
    });
    let haproxy_image = containers
        .iter()
        .any(|c| c.get("image").and_then(Node::as_str).is_some_and(|i| i.contains("haproxy")));
    let mut configmaps = Vec::new();
    for c in &containers {
        for arg in c
            .get("args")
            .map_or(&[][..], Node::items)
            .iter()
            .chain(c.get("command").map_or(&[][..], Node::items))
        {
            if let Some(v) = arg.as_str().and_then(|a| a.strip_prefix("--configmap=")) {
                configmaps.push(v.rsplit('/').next().unwrap_or(v).to_owned());
            }
        }
        for e in c.get("envFrom").map_or(&[][..], Node::items) {
            if let Some(n) = e.get("configMapRef").and_then(|r| r.get("name")).and_then(Node::as_str) {
                configmaps.push(n.to_owned());
            }
        }
    }
    let mut cfg_files = Vec::new();
    let volumes = pod.and_then(|p| p.get("volumes")).map_or(&[][..], Node::items);
    for v in volumes {
        let Some(n) = v.get("configMap").and_then(|r| r.get("name")).and_then(Node::as_str) else { continue };
        configmaps.push(n.to_owned());
        for item in v.get("configMap").and_then(|r| r.get("items")).map_or(&[][..], Node::items) {
            let (Some(key), Some(path)) =
                (item.get("key").and_then(Node::as_str), item.get("path").and_then(Node::as_str))
            else {
                continue;
            };
            if path.ends_with(".cfg") {
                cfg_files.push((n.to_owned(), key.to_owned()));
            }
        }
    }
    // `subPath: KEY` mounted at `.../haproxy.cfg`.
    for c in &containers {
        for m in c.get("volumeMounts").map_or(&[][..], Node::items) {
            let field = |k: &str| m.get(k).and_then(Node::as_str);
            let (Some(volume), Some(sub), Some(at)) = (field("name"), field("subPath"), field("mountPath"))
            else {
                continue;
            };
            let source = volumes.iter().find(|v| v.get("name").and_then(Node::as_str) == Some(volume));
            let cm =
                source.and_then(|v| v.get("configMap")).and_then(|r| r.get("name")).and_then(Node::as_str);
            if let (Some(cm), true) = (cm, at.ends_with(".cfg")) {
                cfg_files.push((cm.to_owned(), sub.to_owned()));
            }
        }
    }
    Some(Workload { object: reference, replicas, hostname, configmaps, haproxy_image, cfg_files })
}
