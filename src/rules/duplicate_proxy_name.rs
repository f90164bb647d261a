use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::model::{Model, Proxy};

declare_rule! {
    /// ## What it does
    /// Reports a proxy whose name is already taken by an earlier one in a
    /// way HAProxy refuses: two frontends, two backends, or a listen and any
    /// other frontend, backend or listen. A frontend and a backend may share
    /// a name (the common `frontend app` + `backend app` pattern), and
    /// `defaults` names live apart from proxy names. Two `defaults` sections
    /// with one name are reported only when some proxy names them with
    /// `from`: the reference is then ambiguous.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `backend 'app' has the same name as
    /// backend 'app' declared at f:8.` A backend followed by a listen of the
    /// same name slips through on 2.6 (only frontends are looked up for a
    /// new listen), and `default_backend app` then picks one of them; newer
    /// releases check both capabilities and refuse it. Two `defaults d1`
    /// with a later `from d1` fail on 2.6 with `ambiguous defaults section
    /// name 'd1'`, and recent releases refuse a `defaults d1` that follows
    /// a `from d1` (all verified on 2.6 or read in the source).
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80
    /// backend app
    ///     server s2 10.0.0.2:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80
    ///     server s2 10.0.0.2:80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: merging the sections or renaming one (and every reference to
    /// it) changes routing.
    ///
    /// ## References
    /// HAProxy configuration manual, 4 "Proxies" and 4.1 "Proxy keywords
    /// matrix" (`defaults <name>`, `from`); source `src/cfgparse-listen.c`.
    pub struct DuplicateProxyName {
        code: "HA302",
        name: "duplicate-proxy-name",
        severity: Error,
        fix: Never,
        summary: "two proxies share a name where HAProxy refuses it",
    }
}

/// Why `later` may not share its name with `earlier`, if it may not.
fn clash(model: &Model, earlier: &Proxy, later: &Proxy) -> Option<&'static str> {
    use SectionKind::{Backend, Defaults, Frontend, Listen};
    match (earlier.kind, later.kind) {
        (Defaults, Defaults) => {
            let referenced = model.proxies.iter().any(|p| p.from.is_some() && p.from == later.name);
            // (Only reached for two defaults of one name: rare, so the scan is fine.)
            referenced.then_some("ambiguous for the `from` that names it")
        }
        (Defaults, _) | (_, Defaults) | (Frontend, Backend) | (Backend, Frontend) => None,
        (Backend, Listen) => Some("accepted silently by HAProxy 2.6, refused by newer releases"),
        _ => Some("HAProxy refuses this"),
    }
}

impl Rule for DuplicateProxyName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        for later in &model.proxies {
            let Some(name) = later.name.as_deref() else { continue };
            let found = model
                .proxies_named(name)
                .take_while(|p| !std::ptr::eq(*p, later))
                .find_map(|p| clash(model, p, later).map(|why| (p, why)));
            let Some((earlier, why)) = found else { continue };
            let d = Diagnostic::new(
                &Self::META,
                later.name_span,
                format!("{} '{name}' has the same name as an earlier {}", later.kind, earlier.kind),
            )
            .with_label(why)
            .with_secondary(earlier.name_span, "first declared here")
            .with_help("rename one of them (and the references to it), or merge them");
            cx.report(d);
        }
    }
}
