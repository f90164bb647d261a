use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
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

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
