use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct IgnoredPeerParameter {
        code: "HA414",
        name: "ignored-peer-parameter",
        severity: Warning,
        fix: Always,
        summary: "`check`, `resolvers`, `init_addr`, `weight`... on a peer line, which HAProxy ignores",
    }
}

impl Rule for IgnoredPeerParameter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
