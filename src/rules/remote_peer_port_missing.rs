use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct RemotePeerPortMissing {
        code: "HA411",
        name: "remote-peer-port-missing",
        severity: Error,
        fix: Sometimes,
        summary: "a peer address without a port (port 0 on 2.6, fatal from 2.9)",
    }
}

impl Rule for RemotePeerPortMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
