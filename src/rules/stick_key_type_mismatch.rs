use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::{Model, Proxy};
use crate::span::Span;
use crate::views::{AddressKind, KeyType, StickTable};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Compares a stick-table's key type with the keys that stick rules and
    /// `track-sc*` actions store into it:
    /// - a boolean fetch (`ssl_fc`...) into an `ip`/`ipv6` table, or a
    ///   binary one (`req.body`, `req.payload(...)`, `ssl_fc_session_id`...)
    ///   into an `ip`/`ipv6`/`integer` table: error;
    /// - an address (`src`, `dst`, `hdr_ip(...)`) into an `integer`,
    ///   `string` or `binary` table: warning;
    /// - `src` into a `type ip` table while a `bind` accepts IPv6 clients
    ///   (an IPv6 address or wildcard, or `v4v6`): warning.
    ///
    /// Only an expression made of one fetch and no converter is judged,
    /// and only for the fetches of the small table in the rule's source,
    /// each checked against every key type with `haproxy -c` 2.6.
    ///
    /// ## Why is this bad?
    /// A fetch whose type HAProxy cannot cast to the key type is fatal:
    /// `Proxy 'app': type of fetch not usable with type of stick-table
    /// 'app'.` An address in an `integer` table works for IPv4 only; in a
    /// `string` or `binary` table it works but every entry costs more
    /// memory. A `type ip` table holds IPv4 keys only: native IPv6 clients
    /// get no entry, hence no persistence, and nothing says so.
    ///
    /// ## Example
    /// ```haproxy
    /// frontend fe
    ///     bind [::]:80 v4v6
    ///     default_backend app
    /// backend app
    ///     stick-table type ip size 20k expire 30m
    ///     stick on src
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend fe
    ///     bind [::]:80 v4v6
    ///     default_backend app
    /// backend app
    ///     stick-table type ipv6 size 20k expire 30m
    ///     stick on src
    /// ```
    ///
    /// ## Fix safety
    /// Only the IPv6 case has a fix, `type ip` → `type ipv6`, and it is
    /// unsafe: peers replicate a table only between nodes that declare it
    /// with the same key type, so every node of the cluster must change at
    /// once, and the existing entries are lost. The other cases need a
    /// choice of table or key: no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table` (`type`), 7.3
    /// "Fetching samples"; source `src/sample.c` (cast matrix);
    /// haproxy-semantics §2.3 and §3 #15, #16.
    pub struct StickKeyTypeMismatch {
        code: "HA418",
        name: "stick-key-type-mismatch",
        severity: Warning,
        fix: Sometimes,
        summary: "the stick-table key type does not fit the stick expression or the binds",
    }
}

/// What a fetch gives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fetch {
    /// The client's address.
    Client,
    /// Another address.
    Address,
    /// A boolean.
    Boolean,
    /// Binary data.
    Binary,
}

const CLIENT: &[&str] = &["src", "fc_src"];
const ADDRESS: &[&str] = &["dst", "fc_dst", "req.hdr_ip", "hdr_ip"];
#[rustfmt::skip]
const BOOLEAN: &[&str] = &[
    "ssl_fc", "ssl_c_used", "ssl_fc_has_crt", "ssl_fc_has_sni", "ssl_fc_has_early", "ssl_fc_is_resumed",
    "fc_rcvd_proxy",
];
#[rustfmt::skip]
const BINARY: &[&str] = &[
    "req.body", "req.payload", "req.payload_lv", "ssl_fc_session_id", "ssl_fc_unique_id", "ssl_c_serial",
    "ssl_f_serial", "ssl_c_der", "base32+src", "url32+src",
];

/// The kind of a single-fetch expression without converters.
fn classify(expr: &str) -> Option<Fetch> {
    let name = expr.split('(').next().unwrap_or(expr);
    let args_end = expr.rfind(')').map_or(name.len(), |i| i + 1);
    if expr.contains(' ') || expr[args_end..].contains(',') || name.contains(',') {
        return None;
    }
    [(CLIENT, Fetch::Client), (ADDRESS, Fetch::Address), (BOOLEAN, Fetch::Boolean), (BINARY, Fetch::Binary)]
        .into_iter()
        .find(|(list, _)| list.contains(&name))
        .map(|(_, kind)| kind)
}

/// The table a rule of `proxy` uses.
fn resolve<'m>(model: &'m Model, proxy: &'m Proxy, table: Option<&str>) -> Option<&'m StickTable> {
    match table {
        None => proxy.stick_tables.first().map(|t| &t.item),
        Some(name) if name.contains('/') => model.peers_table(name).map(|(_, t)| &t.item.table),
        Some(name) => model.table_owner(name)?.stick_tables.first().map(|t| &t.item),
    }
}

/// The first `bind` accepting IPv6 clients.
fn ipv6_bind(model: &Model) -> Option<Span> {
    let binds = model.proxies.iter().flat_map(|p| &p.binds);
    binds.map(|b| &b.item).find_map(|b| {
        let v6 = b.addresses.iter().find(|(a, _)| {
            a.kind == AddressKind::Ipv6 || (a.kind == AddressKind::Wildcard && a.host.contains(':'))
        });
        v6.map(|(_, span)| *span).or_else(|| b.param("v4v6").filter(|_| b.v4v6))
    })
}

fn mismatch(
    expr: &str,
    at: Span,
    kt: &KeyType,
    type_name: &str,
    type_span: Span,
    fetch: Fetch,
) -> Option<Diagnostic> {
    let meta = &StickKeyTypeMismatch::META;
    let (message, label, help, fatal) = match (kt, fetch) {
        (KeyType::Ip | KeyType::Ipv4 | KeyType::Ipv6 | KeyType::Integer, Fetch::Binary)
        | (KeyType::Ip | KeyType::Ipv4 | KeyType::Ipv6, Fetch::Boolean) => (
            format!("'{expr}' gives a key that a table of type '{type_name}' cannot hold"),
            "HAProxy refuses this: type of fetch not usable with type of stick-table",
            "store it in a `string` or `binary` table, or use another key",
            true,
        ),
        (KeyType::Integer, Fetch::Client | Fetch::Address) => (
            format!("address '{expr}' stored in a table of type 'integer'"),
            "IPv6 addresses do not fit an integer: those clients get no entry",
            "use `type ipv6` (or `type ip` for IPv4-only traffic)",
            false,
        ),
        (KeyType::String | KeyType::Binary, Fetch::Client | Fetch::Address) => (
            format!("address '{expr}' stored in a table of type '{type_name}'"),
            "works, but each entry takes more memory than an address key",
            "use `type ipv6` (or `type ip` for IPv4-only traffic)",
            false,
        ),
        _ => return None,
    };
    let mut d = Diagnostic::new(meta, at, message)
        .with_label(label)
        .with_secondary(type_span, format!("the table's key type is '{type_name}'"))
        .with_help(help);
    if fatal {
        d.severity = Severity::Error;
    }
    Some(d)
}

impl Rule for StickKeyTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let (model, src) = (cx.model(), cx.src());
        let v6_bind = ipv6_bind(model);
        let mut reported_v6: HashSet<Span> = HashSet::new();
        for proxy in model.proxies.iter().filter(|p| p.kind != SectionKind::Defaults && !p.disabled) {
            // A frontend's stick rules are ignored (stick-in-wrong-section).
            let sticks = proxy.stick_rules.iter().filter(|_| proxy.has_backend_capability());
            let sticks = sticks.map(|r| (&r.item.pattern_text, &r.item.pattern, &r.item.table));
            let tracks = proxy.track_scs.iter().map(|t| (&t.item.key_text, &t.item.key, &t.item.table));
            for (expr, words, table) in sticks.chain(tracks) {
                let Some(at) = words.iter().copied().reduce(Span::cover) else { continue };
                let Some(fetch) = classify(expr) else { continue };
                let Some(t) = resolve(model, proxy, table.as_ref().map(|(n, _)| n.as_str())) else {
                    continue;
                };
                let Some((kt, type_span)) = &t.key_type else { continue };
                let type_name = type_span.text(src).trim_matches(['"', '\'']);
                if let Some(d) = mismatch(expr, at, kt, type_name, *type_span, fetch) {
                    cx.report(d);
                }
                let Some(bind) = v6_bind else { continue };
                if !matches!(kt, KeyType::Ip | KeyType::Ipv4)
                    || fetch != Fetch::Client
                    || !reported_v6.insert(*type_span)
                {
                    continue;
                }
                let fix =
                    Fix::unsafe_("change the table type to `ipv6`", vec![Edit::replace(*type_span, "ipv6")]);
                cx.report(
                    Diagnostic::new(
                        &Self::META,
                        *type_span,
                        format!("a table of type '{type_name}' stores client addresses, but IPv6 clients connect too"),
                    )
                    .with_label("holds IPv4 only: native IPv6 clients get no entry")
                    .with_secondary(at, "client address stored here")
                    .with_secondary(bind, "accepts IPv6 clients")
                    .with_help("use `type ipv6`: it also holds IPv4 clients, as IPv4-mapped addresses")
                    .with_fix(fix),
                );
            }
        }
    }
}
