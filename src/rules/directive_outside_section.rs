use super::{LintContext, Rule, RuleMeta};
use crate::ast::LineKind;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports a directive before the first section header. Comments, blank
    /// lines and dot directives (`.if`, `.notice`...) are fine there.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `unknown keyword 'maxconn' out of
    /// section.` (verified on 2.6). It happens when a snippet is pasted at
    /// the top of a file, or when the `global` line was deleted or
    /// misspelt (a misspelt header is itself a directive out of section).
    ///
    /// ## Example
    /// ```haproxy
    /// maxconn 1000
    /// global
    ///     log stdout local0
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// global
    ///     maxconn 1000
    ///     log stdout local0
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which section the line belongs to (`global`, `defaults`, a
    /// proxy) is for the author to decide.
    ///
    /// ## References
    /// HAProxy configuration manual, 2.1 "Configuration file format" and 3
    /// "Global parameters".
    pub struct DirectiveOutsideSection {
        code: "HA102",
        name: "directive-outside-section",
        severity: Error,
        fix: Never,
        summary: "a directive before the first section header",
    }
}

impl Rule for DirectiveOutsideSection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let src = cx.src();
        for line in &file.lines[file.preamble()] {
            let LineKind::Directive(d) = &line.kind else { continue };
            let keyword = d.keyword().value(src);
            let d = Diagnostic::new(&Self::META, d.span(), format!("'{keyword}' is outside any section"))
                .with_label("HAProxy refuses this: unknown keyword out of section")
                .with_help("move it into the section it belongs to (`global`, `defaults`, a proxy), or add the missing section header above it");
            cx.report(d);
        }
    }
}
