use super::{LintContext, Rule, RuleMeta};
use crate::ast::{Directive, SectionKind};
use crate::diagnostic::Diagnostic;
use crate::model::Proxy;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Checks TCP/HTTP rules (`http-request`, `http-response`,
    /// `http-after-response`, `tcp-request`, `tcp-response`) written in a
    /// `defaults` section (HAProxy 2.5+), against what HAProxy accepts:
    ///
    /// - in an anonymous `defaults` section they are refused;
    /// - a named one that defines rules cannot be inherited by a `listen`
    ///   or by another `defaults` (`from`), nor by frontends and backends
    ///   both; a backend cannot inherit `tcp-request connection|session`
    ///   rules, nor a frontend `tcp-response content` rules.
    ///
    /// A proxy inherits the last `defaults` section before it, or the one it
    /// names with `from`.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config, for example: `a listen section cannot
    /// inherit from a defaults section defining TCP/HTTP rules`, or
    /// `frontends and backends cannot inherit from the same defaults section
    /// if it defines TCP/HTTP rules`. On a reload the old config keeps
    /// running.
    ///
    /// ## Example
    /// ```haproxy
    /// defaults
    ///     mode http
    ///     http-request set-header X-Via lb
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// defaults web
    ///     mode http
    ///     http-request set-header X-Via lb
    /// frontend fe from web
    ///     bind :80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the rules should live (a named section for the
    /// frontends, each proxy) is a design choice.
    ///
    /// ## References
    /// HAProxy configuration manual, 4 "Proxies" (`defaults <name>`,
    /// `from`); messages checked with HAProxy 2.6.
    pub struct DefaultsRulesInheritance {
        code: "HA307",
        name: "defaults-rules-inheritance",
        severity: Error,
        fix: Never,
        summary: "TCP/HTTP rules in a defaults section that HAProxy refuses there or in what inherits it",
    }
}

const RULE_KEYWORDS: &[&str] =
    &["http-request", "http-response", "http-after-response", "tcp-request", "tcp-response"];

/// A rule line of a defaults section: its keyword and ruleset.
struct RuleLine<'a> {
    directive: &'a Directive,
    /// `tcp-request connection`, `http-request`...
    ruleset: String,
    /// `inspect-delay` is a setting, not a rule.
    is_setting: bool,
}

fn rule_lines<'a>(cx: &LintContext<'a>, proxy: &Proxy) -> Vec<RuleLine<'a>> {
    let file = cx.parse.file();
    let src = cx.src();
    file.directives(&file.sections[proxy.section])
        .filter_map(|(_, d)| {
            let keyword = d.keyword().value(src);
            if !RULE_KEYWORDS.contains(&keyword.as_ref()) {
                return None;
            }
            let second = d.args().first().map(|w| w.value(src).into_owned()).unwrap_or_default();
            let tcp = keyword.starts_with("tcp-");
            let ruleset = if tcp { format!("{keyword} {second}") } else { keyword.into_owned() };
            Some(RuleLine { directive: d, ruleset, is_setting: tcp && second == "inspect-delay" })
        })
        .collect()
}

impl Rule for DefaultsRulesInheritance {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        for defaults in model.proxies.iter().filter(|p| p.kind == SectionKind::Defaults) {
            let lines = rule_lines(cx, defaults);
            let Some(name) = defaults.name.as_deref() else {
                for line in &lines {
                    let d = Diagnostic::new(
                        &Self::META,
                        line.directive.span(),
                        format!("`{}` is not allowed in an anonymous defaults section", line.ruleset),
                    )
                    .with_label("HAProxy refuses this")
                    .with_help("name the section (`defaults web`) for the proxies that need the rules: frontends and backends need separate ones");
                    cx.report(d);
                }
                continue;
            };
            let rules: Vec<&RuleLine<'_>> = lines.iter().filter(|l| !l.is_setting).collect();
            let Some(first_rule) = rules.first() else { continue };
            let defines = |prefix: &[&str]| rules.iter().find(|l| prefix.contains(&l.ruleset.as_str()));
            let users: Vec<&Proxy> = model.inheritors(defaults).collect();
            let report = |cx: &mut LintContext<'_>, user: &Proxy, why: String, rule: Span| {
                let d = Diagnostic::new(
                    &Self::META,
                    user.name_span,
                    match user.name.as_deref() {
                        Some(user_name) => {
                            format!("{} '{user_name}' cannot inherit defaults '{name}': it defines {why}", user.kind)
                        }
                        None => format!("an anonymous {} section cannot inherit defaults '{name}': it defines {why}", user.kind),
                    },
                )
                .with_label("HAProxy refuses this")
                .with_secondary(rule, "TCP/HTTP rules in the defaults section")
                .with_help("give this proxy its own defaults section (`from <name>`), or move the rules into the proxies");
                cx.report(d);
            };
            let mut first_side: Option<SectionKind> = None;
            for user in users {
                let rule = first_rule.directive.span();
                match user.kind {
                    SectionKind::Listen => {
                        report(cx, user, "TCP/HTTP rules".into(), rule);
                        continue;
                    }
                    SectionKind::Defaults => {
                        report(cx, user, "TCP/HTTP rules".into(), rule);
                        continue;
                    }
                    SectionKind::Backend => {
                        if let Some(l) = defines(&["tcp-request connection", "tcp-request session"]) {
                            let why = format!("`{}` rules", l.ruleset);
                            report(cx, user, why, l.directive.span());
                            continue;
                        }
                    }
                    SectionKind::Frontend => {
                        if let Some(l) = defines(&["tcp-response content"]) {
                            let why = format!("`{}` rules", l.ruleset);
                            report(cx, user, why, l.directive.span());
                            continue;
                        }
                    }
                    _ => continue,
                }
                match first_side {
                    None => first_side = Some(user.kind),
                    Some(side) if side != user.kind => {
                        let why = format!("TCP/HTTP rules, and a {side} inherits it: frontends and backends cannot share it");
                        report(cx, user, why, rule);
                    }
                    Some(_) => {}
                }
            }
        }
    }
}
