use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `frontend`, `backend` or `listen` section without a name,
    /// or whose name has a character other than letters, digits, `_`, `.`,
    /// `:` and `-`. Names built from environment variables in double quotes
    /// are left alone (their value is unknown here).
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `'backend' expects an <id> argument`, or
    /// `character '@' is not permitted in 'backend' name 'a@b'`. Generated
    /// configs that derive names from host names or URLs hit this (`/`).
    ///
    /// ## Example
    /// ```haproxy
    /// backend api/v1
    ///     server s1 10.0.1.1:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend api_v1
    ///     server s1 10.0.1.1:80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: every `use_backend`, `default_backend` and `table` reference
    /// would have to follow the new name.
    ///
    /// ## References
    /// HAProxy configuration manual, 4 "Proxies"; messages checked with
    /// HAProxy 2.6.
    pub struct InvalidProxyName {
        code: "HA308",
        name: "invalid-proxy-name",
        severity: Error,
        fix: Never,
        summary: "a frontend, backend or listen without a name, or with a character HAProxy refuses in it",
    }
}

impl Rule for InvalidProxyName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let kinds = [SectionKind::Frontend, SectionKind::Backend, SectionKind::Listen];
        for proxy in cx.model().proxies.iter().filter(|p| kinds.contains(&p.kind)) {
            let d = match proxy.name.as_deref() {
                None => Diagnostic::new(&Self::META, proxy.name_span, format!("{} has no name", proxy.kind))
                    .with_label(format!("HAProxy refuses this: '{}' expects an <id> argument", proxy.kind))
                    .with_help("name it: letters, digits, `_`, `.`, `:` and `-`"),
                Some(name) => {
                    let raw = cx.parse.text(proxy.name_span);
                    let from_env = raw.contains('"') && raw.contains('$');
                    let Some(c) = crate::views::invalid_name_char(name).filter(|_| !from_env) else {
                        continue;
                    };
                    Diagnostic::new(
                        &Self::META,
                        proxy.name_span,
                        format!("character '{c}' is not permitted in {} name '{name}'", proxy.kind),
                    )
                    .with_label("HAProxy refuses this name")
                    .with_help(
                        "use only letters, digits, `_`, `.`, `:` and `-`, and rename its references alike",
                    )
                }
            };
            cx.report(d);
        }
    }
}
