use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner C): documentation.
    pub struct UnknownKeyword {
        code: "HA101",
        name: "unknown-keyword",
        severity: Error,
        fix: Sometimes,
        summary: "a keyword HAProxy does not know in that section",
    }
}

impl Rule for UnknownKeyword {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
