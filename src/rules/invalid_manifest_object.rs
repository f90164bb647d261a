use super::{ManifestContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// In a Kubernetes manifest, reports a document that is not an object
    /// (a scalar, a list, a mapping without `kind`), and a ConfigMap or
    /// Secret key meant for HAProxy (`*.cfg`, a controller snippet key) whose
    /// value is not text (a mapping, a list, an alias).
    ///
    /// ## Why is this bad?
    /// `kubectl apply` refuses both ("Object 'Kind' is missing", "cannot
    /// unmarshal object into ... of type string"), so the config never
    /// reaches HAProxy; and halint cannot check HAProxy text that is not
    /// there as text.
    ///
    /// ## Example
    /// ```yaml
    /// kind: ConfigMap
    /// data:
    ///   haproxy.cfg:
    ///     global: {}
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: ConfigMap
    /// data:
    ///   haproxy.cfg: |
    ///     global
    /// ```
    ///
    /// ## Fix safety
    /// No fix: what the value should have been is not known.
    ///
    /// ## References
    /// Kubernetes API, ConfigMap (`data` is a map of strings); `docs/kubernetes.md` of halint.
    pub struct InvalidManifestObject {
        code: "HA008",
        name: "invalid-manifest-object",
        severity: Error,
        fix: Never,
        summary: "a manifest document that is no object, or HAProxy config that is not text",
    }
}

impl Rule for InvalidManifestObject {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_manifest(&self, cx: &mut ManifestContext<'_>) {
        for &span in &cx.manifest.not_objects {
            let d = Diagnostic::new(&Self::META, span, "this document is not a Kubernetes object")
                .with_label("no `kind` here")
                .with_help("each YAML document of a manifest is one object with `apiVersion` and `kind`");
            cx.report(d);
        }
        for (key, span) in &cx.manifest.not_text {
            let d = Diagnostic::new(&Self::META, *span, format!("the value of '{key}' is not text"))
                .with_label("HAProxy config must be a string here")
                .with_help("write the config as a literal block: `key: |` and the lines indented below");
            cx.report(d);
        }
    }
}
