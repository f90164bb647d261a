use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct StickTableExpire {
        code: "HA419",
        name: "stick-table-expire",
        severity: Warning,
        fix: Never,
        summary: "no `expire`, `nopurge` without `expire`, or an expire beyond 24.8 days",
    }
}

impl Rule for StickTableExpire {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
