use super::{ManifestContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a key written twice in one YAML mapping of a Kubernetes
    /// manifest, such as a ConfigMap with two `data:` keys.
    ///
    /// ## Why is this bad?
    /// YAML forbids it, but tools disagree on what to do: some refuse the
    /// file, most (PyYAML, kubectl's parser) silently keep the last value
    /// and drop the first. A ConfigMap whose peers snippet is under the first
    /// `data:` and whose stick-table snippet is under the second loses one of
    /// them without a word, and the cluster stops sharing sessions. halint
    /// checks the HAProxy text under both keys.
    ///
    /// ## Example
    /// ```yaml
    /// data:
    ///   haproxy-peers-cfg: |
    ///     peers mesh
    /// data:
    ///   stick-table-cfg: |
    ///     stick-table type ip size 20k peers mesh
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// data:
    ///   haproxy-peers-cfg: |
    ///     peers mesh
    ///   stick-table-cfg: |
    ///     stick-table type ip size 20k peers mesh
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which of the two values was meant, or whether they should
    /// be merged, is for a human to decide.
    ///
    /// ## References
    /// YAML 1.2.2, 3.2.1.1 "Nodes" (mapping keys are unique); `docs/kubernetes.md` of halint.
    pub struct YamlDuplicateKey {
        code: "HA007",
        name: "yaml-duplicate-key",
        severity: Error,
        fix: Never,
        summary: "a key twice in one YAML mapping: tools keep one value or the other",
    }
}

impl Rule for YamlDuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_manifest(&self, cx: &mut ManifestContext<'_>) {
        for dup in &cx.manifest.duplicate_keys {
            let d = Diagnostic::new(
                &Self::META,
                dup.span,
                format!("key '{}' is written twice in this mapping", dup.key),
            )
            .with_label("repeated here")
            .with_secondary(dup.first, "first written here")
            .with_help("merge the two into one key: most YAML readers keep only the last value");
            cx.report(d);
        }
    }
}
