use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct ByteOrderMark {
        code: "HA003",
        name: "byte-order-mark",
        severity: Error,
        fix: Always,
        summary: "a UTF-8 byte-order mark, which HAProxy reads as part of the first keyword",
    }
}

impl Rule for ByteOrderMark {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
