use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner C): documentation.
    pub struct PeersSectionDivergent {
        code: "HA501",
        name: "peers-section-divergent",
        severity: Error,
        fix: Never,
        summary: "--cluster: the same peers section differs between instances",
    }
}

impl Rule for PeersSectionDivergent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
