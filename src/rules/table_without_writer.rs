use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::model::{At, Model, Proxy};
use crate::span::Span;
use crate::views::stick_rule::{StickKind, StickRule};
use rustc_hash::FxHashSet;

declare_rule! {
    /// ## What it does
    /// Reports a shared stick table (a `stick-table` with `peers`, or a
    /// peers-section `table`) that nothing stores into: no `stick on`,
    /// `stick store-request`/`store-response` and no `track-sc*` uses it,
    /// in its own proxy or through `table <name>` anywhere, while
    ///
    /// - its proxy reads it with `stick match` (the usual slip: `match`
    ///   where `on` was meant), or
    /// - it is a table-only proxy (no servers) or a peers-section table,
    ///   kept for other proxies to track into, and none does.
    ///
    /// A load-balanced backend with a table and no stick rule at all is
    /// `backend-without-stick-table`'s finding. Configs that load Lua
    /// (`lua-load`) are skipped: a script can write any table.
    ///
    /// ## Why is this bad?
    /// The table stays empty: `stick match` never finds an entry, so there
    /// is no persistence, and peers have nothing to replicate. HAProxy and
    /// `haproxy -c` say nothing.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k peers mesh
    ///     stick match src
    ///     server s1 10.0.1.1:80
    ///     server s2 10.0.1.2:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k peers mesh
    ///     stick on src
    ///     server s1 10.0.1.1:80
    ///     server s2 10.0.1.2:80
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe, offered when the proxy's own `stick match` rules read the
    /// table: turning the first into `stick on` (match, then store) starts
    /// storing entries, which changes routing: clients stick from then on.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick match`, `stick on`,
    /// `stick store-request`, `http-request track-sc0`; haproxy-semantics
    /// §4 (STICK-004).
    pub struct TableWithoutWriter {
        code: "HA421",
        name: "table-without-writer",
        severity: Warning,
        fix: Sometimes,
        summary: "a shared stick table that no stick or track-sc rule stores into",
    }
}

fn writes(rule: &StickRule) -> bool {
    matches!(rule.kind, StickKind::On | StickKind::StoreRequest | StickKind::StoreResponse)
}

/// The names of the tables something stores into: `<proxy>` for a rule
/// using its own proxy's table, else the name after `table`.
fn written_tables(model: &Model) -> FxHashSet<&str> {
    let mut written = FxHashSet::default();
    for p in &model.proxies {
        let own = p.name.as_deref();
        let stick = p.stick_rules.iter().filter(|r| writes(&r.item)).map(|r| &r.item.table);
        let track = p.track_scs.iter().map(|t| &t.item.table);
        for table in stick.chain(track) {
            match table {
                Some((name, _)) => written.insert(name.as_str()),
                None => own.is_some_and(|n| written.insert(n)),
            };
        }
    }
    written
}

fn loads_lua(cx: &LintContext<'_>) -> bool {
    let file = cx.parse.file();
    file.sections
        .iter()
        .filter(|s| s.kind == SectionKind::Global)
        .any(|s| file.directives(s).any(|(_, d)| d.keyword().value(cx.src()).starts_with("lua-load")))
}

/// The proxy's own `stick match` rules (those without `table`).
fn own_matches(proxy: &Proxy) -> Vec<&At<StickRule>> {
    proxy.stick_rules.iter().filter(|r| r.item.kind == StickKind::Match && r.item.table.is_none()).collect()
}

impl Rule for TableWithoutWriter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        if loads_lua(cx) {
            return;
        }
        let written = written_tables(model);
        for proxy in model.proxies.iter().filter(|p| p.kind != SectionKind::Defaults) {
            let (Some(name), Some(table)) = (proxy.name.as_deref(), proxy.stick_tables.first()) else {
                continue;
            };
            if table.item.peers.is_none() || written.contains(name) {
                continue;
            }
            let matches = own_matches(proxy);
            let holder = proxy.server_lines.is_empty() && proxy.server_templates.is_empty();
            if let Some(first) = matches.first() {
                let d = Diagnostic::new(
                    &Self::META,
                    first.item.kind_span,
                    format!("`stick match` reads table '{name}', but nothing stores into it"),
                )
                .with_label("matches only: the table stays empty")
                .with_secondary(table.item.keyword, "shared with peers, yet never written")
                .with_help("use `stick on` (match, then store), or add a `stick store-request` rule")
                .with_fix(Fix::unsafe_(
                    "store entries: `stick match` becomes `stick on`",
                    vec![Edit::replace(first.item.kind_span, "on")],
                ));
                cx.report(d);
            } else if holder {
                cx.report(unwritten(table.item.keyword, &format!("table '{name}'"), name));
            }
        }
        for section in &model.peers {
            for t in &section.tables {
                let global = t.item.global_name(&section.name);
                if !t.item.name.is_empty() && !written.contains(global.as_str()) {
                    cx.report(unwritten(
                        t.item.name_span,
                        &format!("peers-section table '{global}'"),
                        &global,
                    ));
                }
            }
        }
    }
}

fn unwritten(span: Span, what: &str, name: &str) -> Diagnostic {
    Diagnostic::new(&TableWithoutWriter::META, span, format!("{what} is shared, but no rule stores into it"))
        .with_label("no `stick on`/`store` and no `track-sc` uses it")
        .with_help(format!(
            "track into it where it is meant to be filled (`http-request track-sc0 src table {name}`), or remove it"
        ))
}
