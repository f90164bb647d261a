use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner C): documentation.
    pub struct ServerIdentityMismatch {
        code: "HA503",
        name: "server-identity-mismatch",
        severity: Error,
        fix: Never,
        summary: "--cluster: a shared-table backend names or numbers its servers differently",
    }
}

impl Rule for ServerIdentityMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
