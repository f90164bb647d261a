use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use crate::model::cluster::fix_target_section;
use crate::model::Proxy;
use crate::views::proxy_refs::CookieMode;

declare_rule! {
    /// ## What it does
    /// In an active-active config, reports a backend or listen that balances
    /// over two or more servers (backup servers aside) or a `server-template`
    /// and has no persistence that survives a failover between instances.
    ///
    /// Accepted as persistence:
    /// - a stick rule (`stick on`/`match`/`store-*`): whether its table is
    ///   shared is `stick-table-not-shared`'s business;
    /// - cookie persistence, `cookie <name> insert|rewrite|prefix` (own or
    ///   from defaults) with `cookie` values on the servers: the client
    ///   carries its server, so any instance routes it alike;
    /// - a hashing `balance` (`source`, `uri`, `url_param`, `hdr`,
    ///   `rdp-cookie`, `hash`): with the same server list on every instance,
    ///   each computes the same server for a client.
    ///
    /// ## Why is this bad?
    /// Each instance picks servers on its own: a client that fails over to
    /// another instance lands on another server and loses its session.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     balance roundrobin
    ///     server s1 10.0.1.1:80
    ///     server s2 10.0.1.2:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     balance roundrobin
    ///     stick-table type ip size 20k peers mypeers
    ///     stick on src
    ///     server s1 10.0.1.1:80
    ///     server s2 10.0.1.2:80
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: adding `stick-table type ip size 20k peers <section>` and
    /// `stick on src` (type `ipv6` when a bind accepts IPv6; the table is
    /// configurable in `halint.toml` `[fix.stick-table]`) changes routing:
    /// clients stick to a server from then on. Offered only when the target
    /// peers section is unambiguous.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick on`, `stick-table`, `cookie`,
    /// `balance`; haproxy-semantics §2.
    pub struct BackendWithoutStickTable {
        code: "HA409",
        name: "backend-without-stick-table",
        severity: Error,
        fix: Sometimes,
        summary: "active-active, and a load-balanced backend keeps no shared persistence",
    }
}

impl Rule for BackendWithoutStickTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        if !cx.is_active_active() {
            return;
        }
        for proxy in &cx.model().proxies {
            // Count from the words: building full server views for every
            // server of a 50,000-backend config would dominate the rule.
            let src = cx.src();
            let active = proxy
                .server_lines
                .iter()
                .filter_map(|&l| crate::model::directive_at(cx.parse, l))
                .filter(|d| !d.args().iter().skip(2).any(|w| w.value(src) == "backup"))
                .count();
            let balanced = active >= 2 || !proxy.server_templates.is_empty();
            if !proxy.has_backend_capability() || proxy.disabled || !balanced || has_persistence(cx, proxy) {
                continue;
            }
            let name = proxy.name.as_deref().unwrap_or_default();
            let servers = if proxy.server_templates.is_empty() {
                format!("{active} servers")
            } else {
                "a server template".to_owned()
            };
            let mut d = Diagnostic::new(
                &Self::META,
                proxy.name_span,
                format!(
                    "{} '{name}' balances over {servers} with no persistence shared between instances",
                    proxy.kind
                ),
            )
            .with_label("a client that fails over to another instance may land on another server")
            .with_help("add a stick-table with `peers <section>` and `stick on src`, or cookie persistence");
            if let Some(fix) = add_persistence(cx, proxy) {
                d = d.with_fix(fix);
            }
            cx.report(d);
        }
    }
}

fn has_persistence(cx: &LintContext<'_>, proxy: &Proxy) -> bool {
    if !proxy.stick_rules.is_empty() {
        return true;
    }
    let model = cx.model();
    let cookie = model.inherited(proxy, |p| &p.cookies).is_some_and(|c| {
        matches!(c.item.mode, Some((CookieMode::Insert | CookieMode::Rewrite | CookieMode::Prefix, _)))
            && (c.item.has("dynamic") || proxy.servers(cx.parse).any(|s| s.item.cookie.is_some()))
    });
    let hashed = model.inherited(proxy, |p| &p.balances).is_some_and(|b| b.item.is_hash_based());
    cookie || hashed
}

fn add_persistence(cx: &LintContext<'_>, proxy: &Proxy) -> Option<Fix> {
    let section = fix_target_section(cx.model(), cx.settings)?;
    // A table is already there (without a rule): add the rule after it.
    if let Some(table) = proxy.stick_tables.first() {
        let edit = edits::insert_lines_after(cx.parse, table.line, &["stick on src".to_owned()]);
        return Some(Fix::unsafe_("add `stick on src`", vec![edit]));
    }
    let template = &cx.settings.stick_table;
    let key_type = if cx.model().binds_ipv6() && template.key_type == "ip" {
        "ipv6"
    } else {
        template.key_type.as_str()
    };
    let expire = template.expire.as_ref().map(|e| format!(" expire {e}")).unwrap_or_default();
    let table = format!("stick-table type {key_type} size {}{expire} peers {}", template.size, section.name);
    let lines = vec![table.clone(), "stick on src".to_owned()];
    // Before the first server line, indented like it; else after the header.
    let anchor =
        proxy.server_lines.iter().copied().chain(proxy.server_templates.iter().map(|s| s.line)).min();
    let edit = match anchor {
        Some(line) => {
            let indent = edits::indent_near(cx.parse, line);
            let eol = edits::eol_of(cx.parse);
            let start = cx.parse.file().lines[line].span.start;
            crate::fix::Edit::insert(
                start,
                lines.iter().map(|l| format!("{indent}{l}{eol}")).collect::<String>(),
            )
        }
        None => edits::insert_lines_after(cx.parse, proxy.header_line, &lines),
    };
    Some(Fix::unsafe_(format!("add `{table}` and `stick on src`"), vec![edit]))
}
