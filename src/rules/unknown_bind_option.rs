use super::{Holds, LintContext, Rule, RuleMeta};
use crate::ast::{Directive, File, Section, Word};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::line_options::{option_table, option_words, reads_options, OptionTable};
use crate::schema::Version;
use crate::schema::{self, LineOption, Versioned};

declare_rule! {
    /// ## What it does
    /// Reports a word of a `bind` line (in `frontend`, `listen`, `peers`
    /// and `log-forward` sections) that is not a bind option, with a
    /// "did you mean" when a known option is close. HAProxy reads the
    /// options after the address one by one, each stepping over the words
    /// it takes (`crt <file>`), and stops at the first word it does not
    /// know; so does this rule.
    ///
    /// The options come from the schema (`src/schema/`), extracted from the
    /// bind keyword tables of HAProxy's sources 1.8 to 3.3. Without a target
    /// version an option of any of those versions is known; with
    /// `--haproxy-version` one the target does not have is reported with the
    /// versions that have it. Options of optional build components (SSL,
    /// QUIC, …) count as known: halint cannot tell how the binary was built.
    /// Words with environment variables end the reading (they may stand for
    /// several words). Inside `.if` blocks only words no version knows are
    /// reported, as warnings.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `'bind :443' in section 'frontend':
    /// unknown keyword 'alpn-h2'`.
    ///
    /// ## Example
    /// ```haproxy
    /// frontend www
    ///     bind :443 ssl crt /etc/haproxy/site.pem alnp h2,http/1.1
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend www
    ///     bind :443 ssl crt /etc/haproxy/site.pem alpn h2,http/1.1
    /// ```
    ///
    /// ## Fix safety
    /// Replacing the word with the suggestion is unsafe: it is a guess at
    /// the author's intent, and the option then takes effect. An option the
    /// target version lacks has no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 5.1 "Bind options".
    pub struct UnknownBindOption {
        code: "HA110",
        name: "unknown-bind-option",
        severity: Error,
        fix: Sometimes,
        summary: "a word of a bind line that is not a bind option (in the target version)",
    }
}

impl Rule for UnknownBindOption {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        check_options(cx, OptionTable::Bind, &Self::META);
    }
}

/// Reports the unknown options of the lines reading `table`, and those the
/// target lacks, under `meta`'s rule (shared with `unknown-server-option`).
pub(super) fn check_options(cx: &mut LintContext<'_>, table: OptionTable, meta: &'static RuleMeta) {
    let file = cx.parse.file();
    let target = cx.settings.haproxy_version;
    let src = cx.src();
    for section in file.sections.iter().filter(|s| reads_options(s.kind, table)) {
        for (line, d) in file.directives(section) {
            if option_table(section.kind, d, src).is_none_or(|(t, _)| t != table) {
                continue;
            }
            for o in option_words(section.kind, d, src) {
                let typed = o.word.value(src);
                let (diagnostic, holds) = match o.option {
                    None => {
                        let context = context(file, section, d, src);
                        (unknown(meta, table, &context, o.word, &typed, target), Holds::Everywhere)
                    }
                    Some(option) => {
                        let Some(t) = target.filter(|t| !option.exists_in(*t)) else {
                            if table == OptionTable::Server {
                                if let Some(d) = ignored_on_default_server(meta, d, src, option, o.word) {
                                    cx.report(d);
                                }
                            }
                            continue;
                        };
                        let what = if table == OptionTable::Bind { "a bind" } else { "a server" };
                        let message = format!(
                            "'{}' is not {what} option in HAProxy {t}: HAProxy {} has it",
                            option.name,
                            option.versions()
                        );
                        let diagnostic = Diagnostic::new(meta, o.word.span, message)
                            .with_label(format!("HAProxy {t} refuses this"))
                            .with_help("remove it or raise the target (--haproxy-version)");
                        (diagnostic, Holds::OnlyHere)
                    }
                };
                cx.report_on_line(line, diagnostic, holds);
            }
        }
    }
}

/// How HAProxy names the line in its messages: `'bind :443' in section
/// 'frontend'`, `'server app/s1'`.
fn context(file: &File, section: &Section, d: &Directive, src: &str) -> String {
    let keyword = d.keyword().value(src);
    let second = d.words.get(1).map(|w| w.value(src)).unwrap_or_default();
    let proxy = file.header(section).name().map(|w| w.value(src)).unwrap_or_default();
    match keyword.as_ref() {
        "bind" => format!("'bind {second}' in section '{}'", section.kind.keyword()),
        "default-server" => "'default-server'".to_owned(),
        _ => format!("'{keyword} {proxy}/{second}'"),
    }
}

fn unknown(
    meta: &'static RuleMeta,
    table: OptionTable,
    context: &str,
    word: &Word,
    typed: &str,
    target: Option<Version>,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(meta, word.span, format!("{context}: unknown keyword '{typed}'"))
        .with_label("HAProxy refuses this");
    let name = schema::option_name(typed);
    if let Some(s) = schema::suggest(table.all(), |o| o.name, name, target) {
        diagnostic = diagnostic.with_help(format!("did you mean '{s}'?"));
        if word.is_plain() && name == typed {
            let fix =
                Fix::unsafe_(format!("replace '{typed}' with '{s}'"), vec![Edit::replace(word.span, s)]);
            diagnostic = diagnostic.with_fix(fix);
        }
    }
    diagnostic
}

/// A server option `default-server` does not take: HAProxy alerts and
/// ignores it, but still starts.
fn ignored_on_default_server(
    meta: &'static RuleMeta,
    d: &Directive,
    src: &str,
    option: &LineOption,
    word: &Word,
) -> Option<Diagnostic> {
    if option.default_server || d.keyword().value(src) != "default-server" {
        return None;
    }
    let message = format!("'{}' option is not accepted in default-server sections", option.name);
    let mut diagnostic = Diagnostic::new(meta, word.span, message)
        .with_label("HAProxy ignores it here")
        .with_help("set it on each `server` line instead");
    diagnostic.severity = Severity::Warning;
    Some(diagnostic)
}
