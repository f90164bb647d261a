use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct LineTruncatedByCarriageReturn {
        code: "HA004",
        name: "line-truncated-by-carriage-return",
        severity: Warning,
        fix: Never,
        summary: "a carriage return after a word makes HAProxy ignore the rest of the line",
    }
}

impl Rule for LineTruncatedByCarriageReturn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
