use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a named `defaults` section that some proxies name with
    /// `from` while others use it implicitly, as the last `defaults` section
    /// before them. The finding is on the first use of the second kind.
    ///
    /// ## Why is this bad?
    /// Readers (and HAProxy) cannot tell whether the implicit users were
    /// meant to take that section: HAProxy 2.6 prints an alert (`defaults
    /// section 'base' ... is explicitly referenced by another proxy and
    /// implicitly used here. To avoid any ambiguity don't mix both usage.`)
    /// yet starts. Adding a proxy at the end of the file then silently
    /// inherits settings meant for a few.
    ///
    /// ## Example
    /// ```haproxy
    /// defaults base
    ///     timeout client 30s
    /// backend b1 from base
    ///     server s1 10.0.1.1:80
    /// frontend fe
    ///     bind :80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// defaults base
    ///     timeout client 30s
    /// backend b1 from base
    ///     server s1 10.0.1.1:80
    /// frontend fe from base
    ///     bind :80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: adding `from` to the implicit users, or a last defaults
    /// section for them, are both reasonable.
    ///
    /// ## References
    /// HAProxy configuration manual, 4 "Proxies" (`defaults <name>`, `from`);
    /// message checked with HAProxy 2.6.
    pub struct DefaultsMixedUse {
        code: "HA309",
        name: "defaults-mixed-use",
        severity: Warning,
        fix: Never,
        summary: "a named defaults section used both with `from` and implicitly",
    }
}

impl Rule for DefaultsMixedUse {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        for defaults in &model.proxies {
            let (SectionKind::Defaults, Some(name)) = (defaults.kind, defaults.name.as_deref()) else {
                continue;
            };
            // Users in file order, each with whether it names the section.
            let users = model.inheritors(defaults).map(|p| (p, p.from.is_some()));
            let mut first: Option<(&crate::model::Proxy, bool)> = None;
            for (user, explicit) in users {
                let Some((earlier, earlier_explicit)) = first else {
                    first = Some((user, explicit));
                    continue;
                };
                if explicit == earlier_explicit {
                    continue;
                }
                let (how, other) = if explicit {
                    ("names it with `from`", "uses it implicitly")
                } else {
                    ("uses it implicitly", "names it with `from`")
                };
                let d = Diagnostic::new(
                    &Self::META,
                    user.name_span,
                    format!("defaults '{name}' is used both with `from` and implicitly: {} {how}", user.kind),
                )
                .with_label(format!("{how}; HAProxy alerts about the ambiguity"))
                .with_secondary(earlier.name_span, format!("{} {other}", earlier.kind))
                .with_help(format!(
                    "name it everywhere (`from {name}`), or end the file's defaults with a section no proxy names"
                ));
                cx.report(d);
                break;
            }
        }
    }
}
