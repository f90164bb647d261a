use super::{LintContext, Rule, RuleMeta};

declare_rule! {
    /// TODO(owner B): documentation.
    pub struct PeersTableUnprefixed {
        code: "HA305",
        name: "peers-table-unprefixed",
        severity: Error,
        fix: Sometimes,
        summary: "a peers-section table referenced without its `<peers>/` prefix",
    }
}

impl Rule for PeersTableUnprefixed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _cx: &mut LintContext<'_>) {}
}
