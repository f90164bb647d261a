use super::{ManifestContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// In a Kubernetes manifest whose HAProxy config uses peers, reports a
    /// Deployment, ReplicaSet, ReplicationController or DaemonSet running
    /// HAProxy whose pod template sets no `hostname`. A workload runs HAProxy
    /// when a container image names it or it refers to a ConfigMap that
    /// carries HAProxy config (`--configmap=`, a volume, `envFrom`).
    ///
    /// ## Why is this bad?
    /// HAProxy finds its own peer line by its local name, the hostname by
    /// default. Without a fixed hostname every new pod gets a random name
    /// (`haproxy-7d9f8c-x2x4q`) that no `peer` line lists: HAProxy only warns
    /// and the instance stops sharing its stick tables after the first
    /// restart, while `haproxy -c` and every static check of the config pass.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       containers:
    ///         - image: haproxytech/haproxy-debian:2.6
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// kind: Deployment
    /// spec:
    ///   template:
    ///     spec:
    ///       hostname: haproxy-1
    ///       containers:
    ///         - image: haproxytech/haproxy-debian:2.6
    /// ```
    /// or a StatefulSet, whose pods are named `<name>-0`, `<name>-1`...
    ///
    /// ## Fix safety
    /// No fix: the hostname of each instance must match its peer line, and
    /// splitting a Deployment in two is a change of the deployment.
    ///
    /// ## References
    /// Kubernetes, "DNS for Services and Pods" (`hostname`); HAProxy
    /// management guide, `-L`; `docs/kubernetes.md` of halint.
    pub struct UnstableInstanceName {
        code: "HA506",
        name: "unstable-instance-name",
        severity: Error,
        fix: Never,
        summary: "a workload running HAProxy with peers whose pods get random names",
    }
}

impl Rule for UnstableInstanceName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_manifest(&self, cx: &mut ManifestContext<'_>) {
        if !cx.uses_peers {
            return;
        }
        let unstable: Vec<_> = cx.manifest.haproxy_workloads().filter(|w| w.has_unstable_names()).collect();
        for w in unstable {
            let message = format!(
                "{} '{}' runs HAProxy with peers, but its pods get random names",
                w.object.kind, w.object.name
            );
            let d = Diagnostic::new(&Self::META, w.object.name_span, message)
                .with_label("no `hostname` in its pod template")
                .with_help("set `spec.template.spec.hostname` to the peer name of each instance (one workload per instance), or use a StatefulSet");
            cx.report(d);
        }
    }
}
