use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct StickKeyTypeMismatch {
        code: "HA418",
        name: "stick-key-type-mismatch",
        severity: Warning,
        fix: Sometimes,
        summary: "the stick-table key type does not fit the stick expression or the binds",
    }
}

impl Rule for StickKeyTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
