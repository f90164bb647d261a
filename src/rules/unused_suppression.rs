use super::{Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports `# halint: ignore[rule]` comments that hide no finding, and
    /// names in them that are no halint rule.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line, and a
    /// misspelt rule name suppresses nothing while looking as if it did.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app  # halint: ignore[backend-without-stick-tabel]
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app  # halint: ignore[backend-without-stick-table]
    /// ```
    ///
    /// ## Fix safety
    /// No fix: whether to delete the comment or correct it is the author's call.
    ///
    /// ## References
    /// Like ruff's `RUF100` and clippy's unfulfilled `#[expect]`.
    pub struct UnusedSuppression {
        code: "HA901",
        name: "unused-suppression",
        severity: Warning,
        fix: Never,
        summary: "a `# halint: ignore[...]` comment that suppresses nothing",
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }
    // The linter finds unused suppressions after every rule ran.
}
