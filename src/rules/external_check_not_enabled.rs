use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports `option external-check` in a config whose `global` section
    /// does not enable external checks with the `external-check` keyword.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `'option external-check' unable to find
    /// required 'global.external-check'.` External checks fork a program
    /// for each check, so HAProxy wants that allowed process-wide first.
    ///
    /// ## Example
    /// ```haproxy
    /// backend db
    ///     option external-check
    ///     external-check command /usr/local/bin/check-db
    ///     server s1 10.0.0.1:3306 check
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// global
    ///     external-check
    ///     insecure-fork-wanted
    ///
    /// backend db
    ///     option external-check
    ///     external-check command /usr/local/bin/check-db
    ///     server s1 10.0.0.1:3306 check
    /// ```
    ///
    /// ## Fix safety
    /// No fix: enabling external checks lets HAProxy run programs, a choice
    /// for the author.
    ///
    /// ## Exceptions
    /// A config split over several files (`haproxy -f global.cfg -f
    /// proxies.cfg`) may enable it in another file: check the files together.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.1 `external-check`, 4.2 `option external-check`.
    pub struct ExternalCheckNotEnabled {
        code: "HA117",
        name: "external-check-not-enabled",
        severity: Error,
        fix: Never,
        summary: "`option external-check` without `external-check` in the global section",
    }
}

impl Rule for ExternalCheckNotEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let src = cx.src();
        let enabled = file
            .sections
            .iter()
            .filter(|s| s.kind == SectionKind::Global)
            .any(|s| file.directives(s).any(|(_, d)| d.keyword().raw(src) == "external-check"));
        if enabled {
            return;
        }
        for (_, _, d) in file.proxy_directives() {
            let second = d.words.get(1).map(|w| w.raw(src));
            if d.keyword().raw(src) != "option" || second != Some("external-check") {
                continue;
            }
            cx.report(
                Diagnostic::new(
                    &ExternalCheckNotEnabled::META,
                    d.span(),
                    "'option external-check' unable to find required 'global.external-check'",
                )
                .with_label("HAProxy refuses this")
                .with_help("add `external-check` (and `insecure-fork-wanted`) to the global section"),
            );
        }
    }
}
