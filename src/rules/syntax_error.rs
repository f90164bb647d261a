use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports what HAProxy's tokenizer and conditional-block reader refuse:
    /// unterminated quotes, bad `\x` escapes, bad variable references inside
    /// double quotes, NUL bytes, more than 64 words on a line, unknown dot
    /// directives (`.elseif`) and unbalanced `.if`/`.elif`/`.else`/`.endif`.
    ///
    /// ## Why is this bad?
    /// HAProxy stops at start-up with a fatal error; a reload keeps the old
    /// configuration running.
    ///
    /// ## Example
    /// ```haproxy
    /// http-request set-header X-Name "unterminated
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// http-request set-header X-Name "terminated"
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intent of a broken line cannot be guessed.
    ///
    /// ## References
    /// HAProxy configuration manual, 2.2 "Quoting and escaping", 2.3
    /// "Environment variables", 2.4 "Conditional blocks".
    pub struct SyntaxErrorRule {
        code: "HA001",
        name: "syntax-error",
        severity: Error,
        fix: Never,
        summary: "a line HAProxy's tokenizer would reject",
    }
}

impl Rule for SyntaxErrorRule {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for e in cx.parse.errors() {
            let d = Diagnostic::new(&Self::META, e.span, e.kind.message())
                .with_label(e.kind.label())
                .with_help(e.kind.help());
            cx.report(d);
        }
    }
}
