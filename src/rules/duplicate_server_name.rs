use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::settings::Version;
use rustc_hash::FxHashMap;

declare_rule! {
    /// ## What it does
    /// Reports a `server` name used twice in one `backend` or `listen`
    /// section when neither line sets an `id`. HAProxy 2.0 and later refuse
    /// it; 1.8 and 1.9 warned. (When one of them sets an `id`, HAProxy
    /// 3.2 warns that 3.3 will refuse it: reported as a warning with a
    /// target of 3.2 or later.)
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `proxy 'app', another server named 's1'
    /// was already defined at line 9, please use distinct names.` Servers
    /// are found by name in the stats, the runtime API and `server-state`
    /// files, and, across an active-active cluster, in the stick tables
    /// peers share.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80
    ///     server s1 10.0.0.2:80
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
    /// No fix: renaming a server changes the name stick tables, the stats
    /// and server-state files know it by.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `server`.
    pub struct DuplicateServerName {
        code: "HA310",
        name: "duplicate-server-name",
        severity: Error,
        fix: Never,
        summary: "two servers with one name in a backend",
    }
}

/// The first version that refuses two servers of one name without `id`.
const REFUSED_SINCE: Version = Version::new(2, 0);
/// The first version that warns when one of them has an `id`.
const WARNED_SINCE: Version = Version::new(3, 2);

impl Rule for DuplicateServerName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let target = cx.settings.haproxy_version;
        let mut found = Vec::new();
        for proxy in &cx.model().proxies {
            let mut seen = FxHashMap::default();
            for server in proxy.servers(cx.parse) {
                let s = server.item;
                if s.name.is_empty() || s.name.contains('$') {
                    continue;
                }
                let Some((first_span, first_has_id)) = seen.get(&s.name).copied() else {
                    seen.insert(s.name.clone(), (s.name_span, s.id.is_some()));
                    continue;
                };
                let with_ids = first_has_id || s.id.is_some();
                let severity = match (with_ids, target) {
                    (false, None) => Severity::Error,
                    (false, Some(t)) if t >= REFUSED_SINCE => Severity::Error,
                    (true, Some(t)) if t >= WARNED_SINCE => Severity::Warning,
                    _ => continue,
                };
                let label = if severity == Severity::Error {
                    "HAProxy refuses this"
                } else {
                    "HAProxy 3.2 warns; 3.3 refuses it"
                };
                let mut d = Diagnostic::new(
                    &DuplicateServerName::META,
                    s.name_span,
                    format!("another server named '{}' was already defined in this proxy", s.name),
                )
                .with_label(label)
                .with_secondary(first_span, "first defined here")
                .with_help("please use distinct names");
                d.severity = severity;
                found.push(d);
            }
        }
        for d in found {
            cx.report(d);
        }
    }
}
