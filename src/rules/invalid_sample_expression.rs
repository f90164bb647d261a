use super::{LintContext, Rule, RuleMeta};
use crate::views::sample_sites::{sample_sites, SampleSite};
use checker::Checker;

mod arguments;
mod checker;

declare_rule! {
    /// ## What it does
    /// Reads the sample expressions HAProxy parses at start-up and reports
    /// an unknown fetch or converter (with a "did you mean"), and arguments
    /// HAProxy refuses by their count: more than the fetch or converter
    /// takes, or a required one missing where HAProxy has no default for it
    /// (numbers, masks and addresses; any but the first). Expressions read:
    /// the criterion of an `acl` line and of an anonymous ACL
    /// (`if { req.hdr(host) -m str x }`, `unless !{ ... }`), which may also
    /// be an ACL keyword like `path_beg`; the expression of the actions
    /// `set-var(...)`, `track-scN`, `set-src`, `set-dst`, `set-src-port`,
    /// `set-dst-port` and `capture`; and the `%[...]` of the log-format
    /// strings HAProxy parses at start-up: `log-format`, `log-format-sd` and
    /// `error-log-format` of a frontend or listen section (a backend's are
    /// ignored, a defaults section's are parsed only where a frontend
    /// inherits them: not read), `unique-id-format` outside defaults, and the
    /// actions `set-header`, `add-header`, `early-hint`, `set-var-fmt(...)`,
    /// `set-path`, `set-pathq`, `set-uri`, `set-query`, `replace-header`,
    /// `replace-value`, `replace-path`, `replace-pathq`, `replace-uri` and
    /// `redirect location|prefix`.
    ///
    /// After an ACL criterion, the flags are read as HAProxy reads them: an
    /// unknown flag (`-x`) or matching method (`-m begx`) is reported.
    ///
    /// Fetches, converters and ACL keywords come from the schema
    /// (`src/schema/`), extracted from HAProxy's sources 1.8 to 3.3. Without
    /// a target version a name of any of those versions is known; with
    /// `--haproxy-version` one the target lacks is reported with the
    /// versions that have it. Items of optional build components (SSL,
    /// 51Degrees, DeviceAtlas, WURFL, …) count as known; `lua.*` ones only
    /// exist when the file loads Lua (`lua-load`). Argument lists with
    /// quotes or escapes are not counted. Inside `.if` blocks only names no
    /// version knows are reported, as warnings.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `unknown fetch method 'hdrx' in ACL
    /// expression 'hdrx(host)'`, `unknown converter 'lowr'`, `fetch method
    /// 'str' : expected ')' before ',b)'`.
    ///
    /// ## Example
    /// ```haproxy
    /// frontend www
    ///     bind :80
    ///     acl api req.hdr(host),lowr -m str api.example.com
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend www
    ///     bind :80
    ///     acl api req.hdr(host),lower -m str api.example.com
    /// ```
    ///
    /// ## Fix safety
    /// Replacing an unknown name with the suggestion is unsafe: it is a
    /// guess, and the expression then yields something. Argument counts
    /// and names the target version lacks have no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 7 "Using ACLs and fetching samples",
    /// 7.3.1 "Converters", 7.3.2 and later "Fetching samples".
    pub struct InvalidSampleExpression {
        code: "HA106",
        name: "invalid-sample-expression",
        severity: Error,
        fix: Sometimes,
        summary: "an unknown sample fetch or converter, or arguments HAProxy refuses by their count",
    }
}

impl Rule for InvalidSampleExpression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let src = cx.src();
        let loads_lua = crate::model::loads_lua(cx.parse);
        let checker = Checker { src, target: cx.settings.haproxy_version, loads_lua };
        for (section, line, d) in file.proxy_directives() {
            for (at, site) in sample_sites(d, section.kind, src) {
                let mut findings = checker.check(&d.words[at], site);
                if findings.is_empty() && matches!(site, SampleSite::Acl) {
                    findings.extend(checker.check_acl_flags(&d.words[at + 1..]));
                }
                for finding in findings {
                    cx.report_on_line(line, finding.diagnostic, finding.holds);
                }
            }
        }
    }
}
