use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct PeerAddressNotRoutable {
        code: "HA413",
        name: "peer-address-not-routable",
        severity: Error,
        fix: Never,
        summary: "a wildcard, unset-variable or loopback peer address in a multi-host cluster",
    }
}

impl Rule for PeerAddressNotRoutable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
