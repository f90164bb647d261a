use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct DuplicatePeerAddress {
        code: "HA405",
        name: "duplicate-peer-address",
        severity: Error,
        fix: Never,
        summary: "two peers share one IP:port",
    }
}

impl Rule for DuplicatePeerAddress {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
