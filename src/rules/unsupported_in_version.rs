use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner C): documentation.
    pub struct UnsupportedInVersion {
        code: "HA103",
        name: "unsupported-in-version",
        severity: Error,
        fix: Sometimes,
        summary: "syntax the targeted HAProxy version does not have (--haproxy-version)",
    }
}

impl Rule for UnsupportedInVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
