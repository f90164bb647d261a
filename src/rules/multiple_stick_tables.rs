use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::model::directive_at;

declare_rule! {
    /// ## What it does
    /// Reports a second (third...) `stick-table` line in one frontend,
    /// backend or listen. (A table in `defaults` is `stick-in-wrong-section`.)
    ///
    /// ## Why is this bad?
    /// A proxy has exactly one table, named after the proxy. HAProxy refuses
    /// the config: `stick-table name 'app' conflicts with table declared in
    /// backend 'app' at f:15.` (verified on 2.6).
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k expire 30m
    ///     stick-table type string len 64 size 20k expire 30m
    ///     stick on src
    ///     stick on req.cook(sid) table app
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     stick-table type ip size 20k expire 30m
    ///     stick on src
    ///     stick on req.cook(sid) table st_sid
    ///     server s1 10.0.0.1:80
    /// backend st_sid
    ///     stick-table type string len 64 size 20k expire 30m
    /// ```
    ///
    /// ## Fix safety
    /// No fix: moving the extra table to a backend of its own (or a peers
    /// section `table`) renames it, and every rule that meant it must say so.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table`; haproxy-semantics
    /// §2.2 and §3 #11.
    pub struct MultipleStickTables {
        code: "HA417",
        name: "multiple-stick-tables",
        severity: Error,
        fix: Never,
        summary: "more than one stick-table in a proxy",
    }
}

impl Rule for MultipleStickTables {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for proxy in cx.model().proxies.iter().filter(|p| p.kind != SectionKind::Defaults) {
            let [first, rest @ ..] = proxy.stick_tables.as_slice() else { continue };
            let Some(first_line) = directive_at(cx.parse, first.line) else { continue };
            let name = proxy.name.as_deref().unwrap_or_default();
            for table in rest {
                let Some(d) = directive_at(cx.parse, table.line) else { continue };
                cx.report(
                    Diagnostic::new(&Self::META, d.span(), format!("{} '{name}' has more than one stick-table", proxy.kind))
                        .with_label(format!("HAProxy refuses this: conflicts with table '{name}'"))
                        .with_secondary(first_line.span(), "the proxy's table")
                        .with_help("move this table to a backend of its own (or a peers-section `table`) and name it with `table <name>` in the rules"),
                );
            }
        }
    }
}
