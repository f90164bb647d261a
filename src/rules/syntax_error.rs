use super::{LintContext, Rule, RuleMeta};
use crate::ast::{ControlKind, LineKind};
use crate::diagnostic::Diagnostic;
use crate::model::conditions::{parses, Environment};
use crate::model::effective::condition_text;

declare_rule! {
    /// ## What it does
    /// Reports what HAProxy's tokenizer and conditional-block reader refuse:
    /// unterminated quotes, bad `\x` escapes, bad variable references inside
    /// double quotes, NUL bytes, more than 64 words on a line, unknown dot
    /// directives (`.elseif`) and unbalanced `.if`/`.elif`/`.else`/`.endif`,
    /// and `.if`/`.elif` conditions HAProxy cannot parse (`defind(X)`, a
    /// missing parenthesis; `strstr()` and `enabled()` before 2.8, with
    /// `--haproxy-version`). A condition is checked whichever branch an
    /// instance takes (HAProxy skips it inside a branch it does not read),
    /// with the values of variables left open.
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
        self.check_conditions(cx);
    }
}

impl SyntaxErrorRule {
    fn check_conditions(&self, cx: &mut LintContext<'_>) {
        // Variables stay unknown: a condition is judged on its shape alone.
        let env = Environment {
            vars: Default::default(),
            version: cx.settings.haproxy_version.map(|v| (v.major, v.minor)),
        };
        for (i, line) in cx.parse.file().lines.iter().enumerate() {
            let LineKind::Control { kind: ControlKind::If | ControlKind::Elif, directive } = &line.kind
            else {
                continue;
            };
            let (Some(first), Some(last)) = (directive.args().first(), directive.args().last()) else {
                continue;
            };
            let text = condition_text(directive, cx.src(), i, &env);
            if parses(&text, &env) {
                continue;
            }
            let keyword = directive.keyword().raw(cx.src());
            let d = Diagnostic::new(
                &Self::META,
                first.span.cover(last.span),
                format!("HAProxy cannot parse the condition of this `{keyword}`"),
            )
            .with_label("HAProxy refuses this: unparsable conditional expression")
            .with_help(CONDITION_HELP);
            cx.report(d);
        }
    }
}

const CONDITION_HELP: &str = "a condition is made of numbers and `defined()`, `feature()`, `streq()`, `strneq()`, `version_atleast()`, `version_before()` (2.8+: `strstr()`, `enabled()`), with `!`, `&&`, `||` and parentheses";
