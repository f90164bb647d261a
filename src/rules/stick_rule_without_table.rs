use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use crate::model::cluster::fix_target_section;

declare_rule! {
    /// ## What it does
    /// Reports a `stick on/match/store-request/store-response` rule of a
    /// backend or listen with no table to use: no `table` argument and no
    /// stick-table in its own proxy, or a `table <name>` that names neither a
    /// proxy with a stick-table nor a peers-section table `<peers>/<table>`.
    /// (A peers-section table named without its prefix is
    /// `peers-table-unprefixed`.)
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `Proxy 'app': unable to find stick-table 'app'.`
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     stick on src
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k peers mypeers
    ///     stick on src
    /// ```
    ///
    /// ## Fix safety
    /// For a rule without `table` in a proxy without a table, the fix adds
    /// `stick-table type ip size 20k` (`ipv6` when a bind accepts IPv6;
    /// `peers <section>` when the cluster's section is unambiguous) before
    /// the rule. It is safe for `stick on src`: the config could not start,
    /// and the table only makes the rule work as written. For other
    /// expressions the key type is a guess (`string`), so the fix is unsafe.
    /// A rule naming an unknown table gets no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick on`; haproxy-semantics §2.2.
    pub struct StickRuleWithoutTable {
        code: "HA304",
        name: "stick-rule-without-table",
        severity: Error,
        fix: Sometimes,
        summary: "`stick on/match/store` with no table to use",
    }
}

impl Rule for StickRuleWithoutTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        for proxy in model.proxies.iter().filter(|p| p.has_backend_capability() && !p.disabled) {
            let name = proxy.name.as_deref().unwrap_or_default();
            // One table serves every rule of the proxy: only the first rule gets the fix.
            let mut fix_offered = false;
            for rule in &proxy.stick_rules {
                match &rule.item.table {
                    Some((table, span)) => {
                        if model.knows_table(table) {
                            continue;
                        }
                        cx.report(
                            Diagnostic::new(&Self::META, *span, format!("no stick-table named '{table}'"))
                                .with_label("HAProxy refuses this: unable to find stick-table")
                                .with_help("name a proxy that has a stick-table, or a peers table as <peers>/<table>"),
                        );
                    }
                    None if proxy.stick_tables.is_empty() => {
                        let mut d = Diagnostic::new(
                            &Self::META,
                            rule.item.kind_span,
                            format!("{} '{name}' has no stick-table for this rule", proxy.kind),
                        )
                        .with_label("HAProxy refuses this: unable to find stick-table")
                        .with_help("declare a stick-table in this proxy, or use `table <name>`");
                        if std::mem::replace(&mut fix_offered, true) {
                            cx.report(d);
                            continue;
                        }
                        let key = rule.item.pattern_text.trim();
                        let is_src = key == "src";
                        let key_type = match (is_src, model.binds_ipv6()) {
                            (true, true) => "ipv6",
                            (true, false) => "ip",
                            (false, _) => "string",
                        };
                        let peers = fix_target_section(model, cx.settings)
                            .filter(|_| cx.is_active_active())
                            .map(|s| format!(" peers {}", s.name))
                            .unwrap_or_default();
                        let table = format!("stick-table type {key_type} size 20k{peers}");
                        let at = rule.line.checked_sub(1).unwrap_or(proxy.header_line);
                        let edit = edits::insert_lines_after(cx.parse, at, std::slice::from_ref(&table));
                        let title = format!("add `{table}`");
                        d = d.with_fix(if is_src {
                            Fix::safe(title, vec![edit])
                        } else {
                            Fix::unsafe_(title, vec![edit])
                        });
                        cx.report(d);
                    }
                    None => {}
                }
            }
        }
    }
}
