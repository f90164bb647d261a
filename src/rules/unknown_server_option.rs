use super::unknown_bind_option::check_options;
use super::{LintContext, Rule, RuleMeta};
use crate::model::line_options::OptionTable;

declare_rule! {
    /// ## What it does
    /// Reports a word of a `server`, `default-server`, `server-template` or
    /// `peer` line that is not a server option, with a "did you mean" when
    /// a known option is close. HAProxy reads the options after the address
    /// one by one, each stepping over the words it takes (`inter 2s`), and
    /// stops at the first word it does not know; so does this rule. An
    /// option `default-server` does not take (`id`) is reported as a
    /// warning: HAProxy alerts, ignores it and starts.
    ///
    /// The options come from the schema (`src/schema/`), extracted from the
    /// server keyword tables of HAProxy's sources 1.8 to 3.3 (and the
    /// options older versions compared by hand). Without a target version
    /// an option of any of those versions is known; with `--haproxy-version`
    /// one the target does not have is reported with the versions that have
    /// it. Options of optional build components (SSL, …) count as known.
    /// Words with environment variables, and `source`, which reads a
    /// variable number of words, end the reading. Inside `.if` blocks only
    /// words no version knows are reported, as warnings.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `'server app/s1' : unknown keyword
    /// 'chek'; did you mean 'check' maybe ?`.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80 chek inter 2s
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80 check inter 2s
    /// ```
    ///
    /// ## Fix safety
    /// Replacing the word with the suggestion is unsafe: it is a guess at
    /// the author's intent, and the option then takes effect. An option the
    /// target version lacks has no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 5.2 "Server and default-server options".
    pub struct UnknownServerOption {
        code: "HA111",
        name: "unknown-server-option",
        severity: Error,
        fix: Sometimes,
        summary: "a word of a server or default-server line that is not a server option (in the target version)",
    }
}

impl Rule for UnknownServerOption {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        check_options(cx, OptionTable::Server, &Self::META);
    }
}
