use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `track-sc*` action (`http-request`, `http-response`,
    /// `tcp-request connection|session|content`) with no table to track
    /// into: no `table` argument and no stick-table in its own proxy, or a
    /// `table <name>` that names neither a proxy with a stick-table nor a
    /// peers-section table `<peers>/<table>`. (A peers-section table named
    /// without its prefix is `peers-table-unprefixed`.)
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `Proxy 'fe': unable to find table 'fe'
    /// referenced by track-sc0.` A frontend rarely has a table of its own:
    /// rate limiting usually tracks into a table-only backend by name.
    ///
    /// ## Example
    /// ```haproxy
    /// frontend fe
    ///     http-request track-sc0 src
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend fe
    ///     http-request track-sc0 src table st_src
    /// backend st_src
    ///     stick-table type ip size 100k expire 10m peers mesh store http_req_rate(10s)
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which table is meant, and what it must store, is the user's
    /// call.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `http-request track-sc0`,
    /// `tcp-request connection track-sc0`; checked with HAProxy 2.6.
    pub struct TrackScWithoutTable {
        code: "HA306",
        name: "track-sc-without-table",
        severity: Error,
        fix: Never,
        summary: "a track-sc action with no table to track into",
    }
}

impl Rule for TrackScWithoutTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        for proxy in model.proxies.iter().filter(|p| p.kind != SectionKind::Defaults && !p.disabled) {
            let name = proxy.name.as_deref().unwrap_or_default();
            for track in &proxy.track_scs {
                let action = cx.parse.text(track.item.action_span);
                let d = match &track.item.table {
                    Some((table, span)) => {
                        if model.knows_table(table) {
                            continue;
                        }
                        Diagnostic::new(&Self::META, *span, format!("no stick-table named '{table}'"))
                            .with_label(format!("HAProxy refuses this: unable to find table '{table}' referenced by {action}"))
                            .with_help("name a proxy that has a stick-table, or a peers table as <peers>/<table>")
                    }
                    None if proxy.stick_tables.is_empty() => Diagnostic::new(
                        &Self::META,
                        track.item.action_span,
                        format!("{} '{name}' has no stick-table for `{action}` to track into", proxy.kind),
                    )
                    .with_label(format!("HAProxy refuses this: unable to find table '{name}'"))
                    .with_help("add `table <name>` naming a proxy with a stick-table (often a table-only backend), or declare one here"),
                    None => continue,
                };
                cx.report(d);
            }
        }
    }
}
