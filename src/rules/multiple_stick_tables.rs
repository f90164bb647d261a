use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct MultipleStickTables {
        code: "HA417",
        name: "multiple-stick-tables",
        severity: Error,
        fix: Never,
        summary: "more than one stick-table in a proxy",
    }
}

impl Rule for MultipleStickTables {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
