use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct MissingFinalNewline {
        code: "HA002",
        name: "missing-final-newline",
        severity: Error,
        fix: Always,
        summary: "the last line has no line feed: HAProxy 2.6 refuses the file",
    }
}

impl Rule for MissingFinalNewline {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
