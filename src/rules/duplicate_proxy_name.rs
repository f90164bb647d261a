use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct DuplicateProxyName {
        code: "HA302",
        name: "duplicate-proxy-name",
        severity: Error,
        fix: Never,
        summary: "two proxies share a name where HAProxy refuses it",
    }
}

impl Rule for DuplicateProxyName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
