use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner A): documentation.
    pub struct LocalpeerIgnored {
        code: "HA410",
        name: "localpeer-ignored",
        severity: Warning,
        fix: Sometimes,
        summary: "`localpeer` after a peers section, or overridden by --local",
    }
}

impl Rule for LocalpeerIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
