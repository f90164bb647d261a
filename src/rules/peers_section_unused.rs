use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct PeersSectionUnused {
        code: "HA415",
        name: "peers-section-unused",
        severity: Warning,
        fix: Never,
        summary: "a peers section no table uses, or one that is disabled",
    }
}

impl Rule for PeersSectionUnused {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
