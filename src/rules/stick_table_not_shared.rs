use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use crate::model::cluster::fix_target_section;
use crate::model::{directive_at, Proxy};
use crate::views::stick_table::StickTable;

declare_rule! {
    /// ## What it does
    /// In an active-active config (an inventory of two or more instances, or
    /// a peers section listing two or more peers), reports every stick-table
    /// of a frontend, backend or listen that has no `peers <section>`.
    ///
    /// ## Why is this bad?
    /// Without `peers`, the table lives only in the process that wrote it.
    /// When that instance fails, the other instances know nothing of its
    /// clients: persistence breaks, rate limits reset. HAProxy says nothing
    /// about it, and `haproxy -c` reports the config as valid.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k
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
    /// Appending `peers <section>` is safe when the target is unambiguous:
    /// the peers section the inventory names (`halint.toml`), or the only
    /// peers section that is not disabled. It only adds replication of a
    /// table the instances already keep; routing does not change. With
    /// several candidate sections there is no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table` (`peers`), 3.5 "Peers".
    pub struct StickTableNotShared {
        code: "HA408",
        name: "stick-table-not-shared",
        severity: Error,
        fix: Sometimes,
        summary: "active-active, and a stick-table has no `peers`",
    }
}

fn not_shared(proxy: &Proxy, table: &StickTable) -> Diagnostic {
    let name = proxy.name.as_deref().unwrap_or_default();
    Diagnostic::new(
        &StickTableNotShared::META,
        table.keyword,
        format!("stick-table of {} '{name}' is not shared with the other instances", proxy.kind),
    )
    .with_label("no `peers` here: entries stay in this process")
}

impl Rule for StickTableNotShared {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        if !cx.is_active_active() {
            return;
        }
        let target = fix_target_section(cx.model(), cx.settings);
        for proxy in &cx.model().proxies {
            // A disabled proxy's tables are not checked by HAProxy either.
            if proxy.disabled {
                continue;
            }
            for table in &proxy.stick_tables {
                if table.item.peers.is_some() {
                    continue;
                }
                let mut d = not_shared(proxy, &table.item);
                match (target, directive_at(cx.parse, table.line)) {
                    (Some(section), Some(directive)) => {
                        let edit = edits::append_words(directive, &format!("peers {}", section.name));
                        d = d
                            .with_secondary(section.name_span, "the cluster's peers section")
                            .with_fix(Fix::safe(format!("add `peers {}`", section.name), vec![edit]));
                    }
                    _ if cx.model().peers.is_empty() => {
                        d = d.with_help(
                            "declare a peers section listing every instance, then add `peers <section>`",
                        );
                    }
                    _ => {
                        let names: Vec<&str> = cx.model().peers.iter().map(|p| p.name.as_str()).collect();
                        d = d.with_help(format!(
                            "add `peers <section>` with one of: {} (or name it in halint.toml [cluster] peers)",
                            names.join(", ")
                        ));
                    }
                }
                cx.report(d);
            }
        }
    }
}
