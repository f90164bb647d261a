use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct PeerPortConflict {
        code: "HA407",
        name: "peer-port-conflict",
        severity: Error,
        fix: Never,
        summary: "a local peer's IP:port overlaps a bind of the same instance",
    }
}

impl Rule for PeerPortConflict {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
