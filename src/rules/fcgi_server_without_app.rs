use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a `server ... proto fcgi` in a backend (or listen) that has
    /// no `use-fcgi-app` line: the server speaks FastCGI, but nothing tells
    /// HAProxy which application (document root, script name, ...) to
    /// present to it.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `proxy 'php': FCGI server 's1' has no
    /// FCGI app configured.`
    ///
    /// ## Example
    /// ```haproxy
    /// backend php
    ///     server s1 10.0.0.1:9000 proto fcgi
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// fcgi-app php
    ///     docroot /var/www
    ///
    /// backend php
    ///     use-fcgi-app php
    ///     server s1 10.0.0.1:9000 proto fcgi
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the application's settings are the author's.
    ///
    /// ## References
    /// HAProxy configuration manual, 10.1 (FastCGI applications), 5.2 `proto`.
    pub struct FcgiServerWithoutApp {
        code: "HA314",
        name: "fcgi-server-without-app",
        severity: Error,
        fix: Never,
        summary: "a `server ... proto fcgi` in a backend without `use-fcgi-app`",
    }
}

impl Rule for FcgiServerWithoutApp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let src = cx.src();
        for section in file.sections.iter().filter(|s| s.kind.has_backend_capability()) {
            if file.directives(section).any(|(_, d)| d.keyword().raw(src) == "use-fcgi-app") {
                continue;
            }
            let header = file.header(section);
            let proxy = header.name().map(|w| w.value(src)).unwrap_or_default();
            for (_, d) in file.directives(section).filter(|(_, d)| d.keyword().raw(src) == "server") {
                let Some(at) =
                    d.words.windows(2).find(|w| w[0].raw(src) == "proto" && w[1].raw(src) == "fcgi")
                else {
                    continue;
                };
                let server = d.words.get(1).map(|w| w.value(src)).unwrap_or_default();
                cx.report(
                    Diagnostic::new(
                        &FcgiServerWithoutApp::META,
                        at[0].span.cover(at[1].span),
                        format!("proxy '{proxy}': FCGI server '{server}' has no FCGI app configured"),
                    )
                    .with_label("HAProxy refuses this")
                    .with_help("add `use-fcgi-app <name>` to the backend, naming an `fcgi-app` section"),
                );
            }
        }
    }
}
