use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{directive_at, Proxy};

declare_rule! {
    /// ## What it does
    /// Reports a `stick-table` or a `stick on/match/store-*` rule in a
    /// `defaults` section, and a stick rule in a `frontend`.
    ///
    /// ## Why is this bad?
    /// In `defaults` both are fatal: `'stick-table' is not supported in
    /// 'defaults' section.` and `'stick' not allowed in 'defaults'
    /// section.` In a frontend a stick rule is dropped with only a warning,
    /// `'stick' ignored because frontend 'fe' has no backend capability.`,
    /// and the config starts without the persistence it describes: clients
    /// are balanced as if the rule did not exist (all verified on 2.6).
    /// Reported as a warning there, an error in `defaults`.
    ///
    /// ## Example
    /// ```haproxy
    /// frontend fe
    ///     bind :80
    ///     stick on src table app
    ///     default_backend app
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend fe
    ///     bind :80
    ///     default_backend app
    /// backend app
    ///     stick-table type ip size 20k expire 30m
    ///     stick on src
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which backends should get the table or the rule (every one
    /// inheriting the defaults, the frontend's default backend, all of its
    /// `use_backend` targets) changes persistence and is the author's call.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.1 "Proxy keywords matrix"
    /// (`stick-table`, `stick on`); haproxy-semantics §2.2, §3 #12 to #14.
    pub struct StickInWrongSection {
        code: "HA416",
        name: "stick-in-wrong-section",
        severity: Error,
        fix: Never,
        summary: "a stick-table or stick rule in defaults (fatal) or a stick rule in a frontend (ignored)",
    }
}

impl Rule for StickInWrongSection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for proxy in &cx.model().proxies {
            match proxy.kind {
                SectionKind::Defaults => in_defaults(cx, proxy),
                SectionKind::Frontend => in_frontend(cx, proxy),
                _ => {}
            }
        }
    }
}

fn in_defaults(cx: &mut LintContext<'_>, proxy: &Proxy) {
    let tables = proxy.stick_tables.iter().map(|t| (t.line, "stick-table", "'stick-table' is not supported"));
    let rules = proxy.stick_rules.iter().map(|r| (r.line, "stick", "'stick' not allowed"));
    for (line, keyword, refusal) in tables.chain(rules) {
        let Some(d) = directive_at(cx.parse, line) else { continue };
        let help = if keyword == "stick" {
            "move the rule into the backends that need it"
        } else {
            "declare the table in the backend that uses it (one table per proxy)"
        };
        cx.report(
            Diagnostic::new(
                &StickInWrongSection::META,
                d.span(),
                format!("'{keyword}' in a defaults section"),
            )
            .with_label(format!("HAProxy refuses this: {refusal} in 'defaults' section"))
            .with_help(help),
        );
    }
}

fn in_frontend(cx: &mut LintContext<'_>, proxy: &Proxy) {
    let name = proxy.name.as_deref().unwrap_or_default();
    for rule in &proxy.stick_rules {
        let Some(d) = directive_at(cx.parse, rule.line) else { continue };
        let mut diag =
            Diagnostic::new(&StickInWrongSection::META, d.span(), format!("stick rule in frontend '{name}'"))
                .with_label("HAProxy ignores this: a frontend has no backend capability")
                .with_help("move the rule into the backends the frontend routes to");
        diag.severity = Severity::Warning;
        cx.report(diag);
    }
}
