use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct PeerAddressMissing {
        code: "HA412",
        name: "peer-address-missing",
        severity: Error,
        fix: Sometimes,
        summary: "a `peer` line without an address (2.6 copies the previous one)",
    }
}

impl Rule for PeerAddressMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
