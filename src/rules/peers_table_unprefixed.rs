use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Edit, Fix};
use crate::model::{At, PeersSection};
use crate::span::Span;
use crate::views::PeersTable;

declare_rule! {
    /// ## What it does
    /// Reports `stick ... table t1` and `track-sc* ... table t1` where no
    /// proxy named `t1` has a stick-table but a peers section declares
    /// `table t1`. Tables of peers sections are known to the rest of the
    /// config as `<peers>/<table>` only.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `Proxy 'app': unable to find stick-table
    /// 't1'.`, or for a tracking rule `Proxy 'fe': unable to find table 't1'
    /// referenced by track-sc0.` (verified on 2.6).
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:10000
    ///     table t1 type ip size 20k expire 30m
    /// frontend fe
    ///     bind :80
    ///     http-request track-sc0 src table t1
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:10000
    ///     table t1 type ip size 20k expire 30m
    /// frontend fe
    ///     bind :80
    ///     http-request track-sc0 src table mypeers/t1
    /// ```
    ///
    /// ## Fix safety
    /// When exactly one peers section declares the table, the fix writes
    /// its full name (`mypeers/t1`). It is safe: the config could not start
    /// before, and the name now points at the only table it can mean. When
    /// several peers sections declare a table of that name, the choice is
    /// the author's: no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers" (`table`), 4.2 `stick on`,
    /// `http-request track-sc0`; haproxy-semantics §2.2 and §3 #18.
    pub struct PeersTableUnprefixed {
        code: "HA305",
        name: "peers-table-unprefixed",
        severity: Error,
        fix: Sometimes,
        summary: "a peers-section table referenced without its `<peers>/` prefix",
    }
}

fn unprefixed(name: &str, span: Span, found: &[(&PeersSection, &At<PeersTable>)]) -> Diagnostic {
    let names: Vec<String> =
        found.iter().map(|(s, t)| format!("'{}'", t.item.global_name(&s.name))).collect();
    let mut d = Diagnostic::new(
        &PeersTableUnprefixed::META,
        span,
        format!("table '{name}' is a peers-section table and must be named {}", names.join(" or ")),
    )
    .with_label(format!("HAProxy refuses this: unable to find table '{name}'"))
    .with_help("tables of a peers section are named `<peers>/<table>` outside it");
    for (s, t) in found {
        d = d.with_secondary(t.item.name_span, format!("declared in peers section '{}'", s.name));
    }
    d
}

impl Rule for PeersTableUnprefixed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        for proxy in model.proxies.iter().filter(|p| !p.disabled) {
            let stick = proxy.stick_rules.iter().filter_map(|r| r.item.table.as_ref());
            let track = proxy.track_scs.iter().filter_map(|r| r.item.table.as_ref());
            for (name, span) in stick.chain(track) {
                if name.contains('/') || model.table_owner(name).is_some() {
                    continue;
                }
                let found: Vec<_> = model
                    .peers
                    .iter()
                    .flat_map(|s| s.tables.iter().filter(|t| t.item.name == *name).map(move |t| (s, t)))
                    .collect();
                if found.is_empty() {
                    continue;
                }
                let mut d = unprefixed(name, *span, &found);
                if let [(section, table)] = found.as_slice() {
                    let full = table.item.global_name(&section.name);
                    let edit = Edit::replace(*span, edits::quote_word(&full));
                    d = d.with_fix(Fix::safe(format!("write `{full}`"), vec![edit]));
                }
                cx.report(d);
            }
        }
    }
}
