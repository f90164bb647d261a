use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner C): documentation.
    pub struct TableDefinitionMismatch {
        code: "HA502",
        name: "table-definition-mismatch",
        severity: Error,
        fix: Never,
        summary: "--cluster: one table name with different key type or length between instances",
    }
}

impl Rule for TableDefinitionMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
