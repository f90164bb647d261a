use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct UndefinedBackend {
        code: "HA301",
        name: "undefined-backend",
        severity: Error,
        fix: Never,
        summary: "`use_backend`/`default_backend` names no backend",
    }
}

impl Rule for UndefinedBackend {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
