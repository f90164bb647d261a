use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct DuplicateLine {
        code: "HA104",
        name: "duplicate-line",
        severity: Warning,
        fix: Always,
        summary: "the same directive twice in one section",
    }
}

impl Rule for DuplicateLine {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
