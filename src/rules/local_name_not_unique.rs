use super::{ClusterContext, ManifestContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::model::cluster::{join_names, local_name, LocalNameSource};
use crate::settings::Settings;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// With `--cluster`, finds instances that take the same local peer name:
    /// the name given with `--local FILE=NAME` (HAProxy's `-L`), else the
    /// file's `localpeer` (the one before the first peers section). Files
    /// whose name is unknown are left out. In a Kubernetes manifest whose
    /// HAProxy config uses peers, it also finds a workload running HAProxy
    /// with a fixed `hostname` and more than one pod (`replicas` over 1, or a
    /// DaemonSet): every pod takes that one name.
    ///
    /// ## Why is this bad?
    /// An instance finds itself in the peers section by that name, listens on
    /// that peer's address and connects to all the others. Two instances with
    /// one name both claim the same peer line: one cannot bind its address (or
    /// binds it on the wrong host), neither connects to the other, and the
    /// peer the second one should have been is never reached. `haproxy -c`
    /// checks one file at a time and sees nothing wrong. A config copied from
    /// one node to another with its `localpeer` unchanged does exactly this.
    ///
    /// ## Example
    /// ```haproxy
    /// # lb1.cfg and lb2.cfg, byte for byte
    /// global
    ///     localpeer lb1
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// # lb1.cfg: localpeer lb1, lb2.cfg: localpeer lb2
    /// # or one file for all, started with `haproxy -L <name>` on each node
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which file belongs to which node is outside the files.
    ///
    /// ## References
    /// HAProxy management guide, `-L`; configuration manual, 3.1 `localpeer`;
    /// haproxy-semantics §1.2 (CLUSTER-006).
    pub struct LocalNameNotUnique {
        code: "HA504",
        name: "local-name-not-unique",
        severity: Error,
        fix: Never,
        summary: "--cluster: two instances take the same local peer name",
    }
}

impl Rule for LocalNameNotUnique {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cx: &mut ClusterContext<'_>) {
        let files = cx.files;
        let names: Vec<Option<(String, LocalNameSource)>> = files
            .iter()
            .map(|f| {
                let settings = Settings { local: f.local.map(str::to_owned), ..Settings::default() };
                local_name(f.model, &settings)
            })
            .collect();
        for (fi, name) in names.iter().enumerate() {
            let Some((name, source)) = name else { continue };
            let others: Vec<usize> = (0..files.len())
                .filter(|&o| o != fi && names[o].as_ref().is_some_and(|(n, _)| n == name))
                .collect();
            if others.is_empty() {
                continue;
            }
            let who = join_names(&others.iter().map(|&o| files[o].path).collect::<Vec<_>>());
            let (span, label) = match source {
                LocalNameSource::LocalPeer { span, .. } => (*span, format!("also the local name of {who}")),
                LocalNameSource::CommandLine | LocalNameSource::HostName => {
                    let anchor = files[fi].model.peers.first().map_or(Span::empty(0), |s| s.name_span);
                    (anchor, format!("`--local` names this instance '{name}', like {who}"))
                }
            };
            let d = Diagnostic::new(
                &Self::META,
                span,
                format!("local peer name '{name}' is taken by {who} too"),
            )
            .with_label(label)
            .with_help(
                "give each instance its own name (`localpeer` in each file, or one file started with `-L <name>` per node), matching its own peer line",
            );
            cx.report(fi, d);
        }
    }

    fn check_manifest(&self, cx: &mut ManifestContext<'_>) {
        if !cx.uses_peers {
            return;
        }
        let shared: Vec<_> = cx
            .manifest
            .haproxy_workloads()
            .filter(|w| w.hostname.is_some() && w.replicas.is_none_or(|n| n > 1))
            .collect();
        for w in shared {
            let Some((name, span)) = &w.hostname else { continue };
            let pods = w.replicas.map_or("one pod per node".to_owned(), |n| format!("{n} replicas"));
            let d = Diagnostic::new(
                &Self::META,
                *span,
                format!("local peer name '{name}' is taken by every pod of {} '{}' ({pods})", w.object.kind, w.object.name),
            )
            .with_label("a fixed hostname for several pods")
            .with_help("run one workload per instance with `replicas: 1` and its own hostname, or a StatefulSet (pods `<name>-0`, `<name>-1`...)");
            cx.report(d);
        }
    }
}
