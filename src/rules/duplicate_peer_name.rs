use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct DuplicatePeerName {
        code: "HA404",
        name: "duplicate-peer-name",
        severity: Error,
        fix: Sometimes,
        summary: "one peer name twice in a section",
    }
}

impl Rule for DuplicatePeerName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
