use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct StickInWrongSection {
        code: "HA416",
        name: "stick-in-wrong-section",
        severity: Error,
        fix: Never,
        summary: "a stick-table or stick rule in defaults (fatal) or a stick rule in a frontend (ignored)",
    }
}

impl Rule for StickInWrongSection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
