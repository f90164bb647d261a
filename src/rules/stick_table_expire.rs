use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::directive_at;
use crate::views::StickTable;

declare_rule! {
    /// ## What it does
    /// Checks the expiry of every stick-table and peers-section `table`:
    /// - `expire` beyond 2147483647 ms (about 24.8 days): error;
    /// - `nopurge` without `expire`: warning.
    ///
    /// A table without `expire` is not reported: it then drops its oldest
    /// entries when full, a deliberate least-recently-used policy (and the
    /// shape of the examples in HAProxy's manual).
    ///
    /// ## Why is this bad?
    /// HAProxy refuses a longer expiry: `stick-table: timer overflow in
    /// argument <30d> to <expire>, maximum value is 2147483647 ms (~24.8
    /// days).` Without `expire`, entries stay until the table is full, then
    /// the oldest are purged to make room: persistence lasts as long as
    /// traffic allows, and a full table is replicated in full to every peer
    /// on reload. With `nopurge` and no `expire`, nothing ever leaves: once
    /// the table is full, new clients get no entry and no persistence, and
    /// HAProxy accepts that silently (verified on 2.6).
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k nopurge
    ///     stick on src
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k expire 30m
    ///     stick on src
    /// ```
    ///
    /// ## Fix safety
    /// No fix: how long a client should stick to its server is a product
    /// decision (session length, memory budget), not a mechanical one.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table` (`expire`,
    /// `nopurge`); haproxy-semantics §2.1 and §3 #23.
    pub struct StickTableExpire {
        code: "HA419",
        name: "stick-table-expire",
        severity: Warning,
        fix: Never,
        summary: "`nopurge` without `expire`, or an expire beyond 24.8 days",
    }
}

/// HAProxy's largest timer, in milliseconds.
const MAX_EXPIRE_MS: u64 = 2_147_483_647;

fn check_table(cx: &mut LintContext<'_>, line: usize, table: &StickTable, what: &str) {
    let meta = &StickTableExpire::META;
    if let (Some((text, span)), Some(ms)) = (&table.expire, table.expire_ms) {
        if ms > MAX_EXPIRE_MS {
            let mut d =
                Diagnostic::new(meta, *span, format!("expire {text} is longer than HAProxy's timers allow"))
                    .with_label("HAProxy refuses this: timer overflow, maximum 2147483647 ms (~24.8 days)")
                    .with_help("use at most `expire 24d`");
            d.severity = Severity::Error;
            cx.report(d);
        }
        return;
    }
    if table.expire.is_some() {
        return; // an unreadable value is another rule's business
    }
    if table.nopurge {
        let src = cx.src();
        let nopurge = directive_at(cx.parse, line)
            .and_then(|d| d.words.iter().find(|w| w.value(src) == "nopurge"))
            .map_or(table.keyword, |w| w.span);
        let d = Diagnostic::new(meta, nopurge, format!("{what} has `nopurge` but no `expire`"))
            .with_label("entries never leave: once full, new clients get no entry")
            .with_help("add `expire <time>` (e.g. `expire 30m`), or drop `nopurge`");
        cx.report(d);
    }
}

impl Rule for StickTableExpire {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        for proxy in model.proxies.iter().filter(|p| p.kind != SectionKind::Defaults) {
            let what =
                format!("the stick-table of {} '{}'", proxy.kind, proxy.name.as_deref().unwrap_or_default());
            for table in &proxy.stick_tables {
                check_table(cx, table.line, &table.item, &what);
            }
        }
        for section in &model.peers {
            for table in &section.tables {
                let what = format!("table '{}'", table.item.global_name(&section.name));
                check_table(cx, table.line, &table.item.table, &what);
            }
        }
    }
}
