use super::{Holds, LintContext, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::line_options::{option_words, reads_options, OptionTable};
use crate::schema::{LineOption, Versioned};
use crate::span::Span;

fn missing_option_argument_diagnostic(option: &LineOption, span: Span) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        &MissingOptionArgument::META,
        span,
        format!("'{}' expects an argument, but the line ends", option.name),
    );
    if option.empty_ok {
        // HAProxy reads an empty word: `weight` alone is weight 0.
        diagnostic.severity = Severity::Warning;
        diagnostic.with_label("HAProxy reads an empty value here").with_help("give it the value you mean")
    } else {
        diagnostic.with_label("HAProxy refuses this").with_help("give it a value or remove it")
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an option of a `bind`, `server`, `default-server`,
    /// `server-template` or `peer` line that takes an argument but ends the
    /// line (`server s1 10.0.0.1:80 check inter`). How many words each
    /// option takes comes from HAProxy's keyword tables (see
    /// `unknown-bind-option`); an option followed by another word takes that
    /// word, whatever it is, so only the last word of a line can miss one.
    ///
    /// Most options refuse a missing argument. A few read it as an empty
    /// word instead (`weight`, `maxconn`, `maxqueue`, `minconn`,
    /// `init-addr`, `resolve-opts` on servers, seen with a real HAProxy
    /// 2.6): for those the finding is a warning, since `weight` alone
    /// silently means weight 0. Inside `.if` blocks findings are warnings.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config (`'server app/s1' : 'inter' expects a
    /// delay as argument.`), or takes an empty value the author did not mean.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80 check inter
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80 check inter 2s
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the value to give is the author's choice.
    ///
    /// ## References
    /// HAProxy configuration manual, 5.1 "Bind options", 5.2 "Server and
    /// default-server options".
    pub struct MissingOptionArgument {
        code: "HA113",
        name: "missing-option-argument",
        severity: Error,
        fix: Never,
        summary: "a bind or server option that takes an argument ends the line",
    }
}

impl Rule for MissingOptionArgument {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let target = cx.settings.haproxy_version;
        let src = cx.src();
        let takes_options = |k| reads_options(k, OptionTable::Bind) || reads_options(k, OptionTable::Server);
        for section in file.sections.iter().filter(|s| takes_options(s.kind)) {
            for (line, d) in file.directives(section) {
                for o in option_words(section.kind, d, src) {
                    // Options the target lacks are `unknown-*-option`'s.
                    let Some(option) = o.option.filter(|op| target.is_none_or(|t| op.exists_in(t))) else {
                        continue;
                    };
                    if o.missing_argument {
                        let diagnostic = missing_option_argument_diagnostic(option, o.word.span);
                        cx.report_on_line(line, diagnostic, Holds::Everywhere);
                    }
                }
            }
        }
    }
}
