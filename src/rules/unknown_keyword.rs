use super::{Holds, LintContext, Rule, RuleMeta};
use crate::ast::{Directive, SectionKind};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::model::keywords::{self, Keyword};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports the first word of a line that HAProxy does not know in that
    /// section, with a "did you mean" when a known keyword is close; the
    /// same for `option <name>`, `no option <name>` and `timeout <name>`
    /// (`no` and `default` before a keyword are read as HAProxy does).
    /// A keyword known elsewhere (`server` in a frontend) is named as such,
    /// and a removed one (`reqadd`, `contimeout`) says since when.
    ///
    /// The keyword table covers HAProxy 1.8 to 3.3 (`src/model/keywords.rs`);
    /// a keyword of any of those versions is known (see
    /// `unsupported-in-version` for a target version). Inside `.if` blocks,
    /// where HAProxy skips the lines of a false branch, only words that no
    /// version knows are reported, as warnings. The sections the table does
    /// not describe (`log-profile`, `healthcheck`, `namespace_list`) are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `unknown keyword 'balanse' in 'backend'
    /// section; did you mean 'balance' maybe ?`
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     balanse roundrobin
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     balance roundrobin
    /// ```
    ///
    /// ## Fix safety
    /// Replacing the word with the suggestion is unsafe: it is a guess at the
    /// author's intent, and the directive then takes effect.
    ///
    /// ## References
    /// HAProxy configuration manual, 3 "Global parameters", 4.1 "Proxy
    /// keywords matrix".
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

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        for section in file.sections.iter().filter(|s| s.kind.has_keyword_table()) {
            for (line, d) in file.directives(section) {
                if let Some(finding) = check_directive(cx, section.kind, d) {
                    cx.report_on_line(line, finding.diagnostic, finding.holds);
                }
            }
        }
    }
}

struct Finding {
    diagnostic: Diagnostic,
    /// `Everywhere` when no section of any version knows the word.
    holds: Holds,
}

fn check_directive(cx: &LintContext<'_>, kind: SectionKind, d: &Directive) -> Option<Finding> {
    let src = cx.src();
    // `no <keyword>` and `default <keyword>` negate or reset a keyword.
    let first = d.keyword().value(src);
    let prefixed = matches!(first.as_ref(), "no" | "default") && d.words.len() > 1;
    let skip = usize::from(prefixed);
    let keyword = d.words[skip].value(src);
    let keyword_span = d.words[skip].span;
    // `no option x` / `option x` / `timeout x`: the second-level name.
    let second = d.words.get(skip + 1).map(|w| w.value(src));
    let (sub, at) = match (keyword.as_ref(), &second) {
        ("option", Some(name)) => ("option", Some((name, skip + 1))),
        ("timeout", Some(name)) => ("timeout", Some((name, skip + 1))),
        _ => ("", None),
    };
    if let Some((name, i)) = at {
        let known = if sub == "option" {
            keywords::lookup_option(kind, name)
        } else {
            keywords::lookup_timeout(kind, name)
        };
        if keywords::lookup(kind, &keyword).is_some() {
            let span = d.words[i].span;
            return match known {
                Some(k) => removed(cx, k, span, &format!("{sub} {name}")),
                None => {
                    let suggestion = if sub == "option" {
                        keywords::suggest_option(kind, name)
                    } else {
                        keywords::suggest_timeout(kind, name)
                    };
                    Some(unknown(span, &format!("{sub} '{name}'"), kind, suggestion, Holds::Everywhere))
                }
            };
        }
    }
    match keywords::lookup(kind, &keyword) {
        Some(k) => removed(cx, k, keyword_span, &keyword),
        None => {
            let elsewhere =
                SectionKind::ALL.into_iter().filter(|&other| keywords::lookup(other, &keyword).is_some());
            let elsewhere: Vec<SectionKind> = elsewhere.collect();
            let span = keyword_span;
            let what = format!("keyword '{keyword}'");
            if elsewhere.is_empty() {
                return Some(unknown(
                    span,
                    &what,
                    kind,
                    keywords::suggest(kind, &keyword),
                    Holds::Everywhere,
                ));
            }
            let places: Vec<&str> = elsewhere.iter().map(|k| k.keyword()).collect();
            let mut f = unknown(span, &what, kind, keywords::suggest(kind, &keyword), Holds::OnlyHere);
            f.diagnostic = f.diagnostic.with_help(format!("'{keyword}' belongs in: {}", places.join(", ")));
            Some(f)
        }
    }
}

fn unknown(span: Span, what: &str, kind: SectionKind, suggestion: Option<&str>, holds: Holds) -> Finding {
    let mut d = Diagnostic::new(&UnknownKeyword::META, span, format!("unknown {what} in {kind} section"))
        .with_label("HAProxy refuses this");
    if let Some(s) = suggestion {
        let last = what.rsplit(' ').next().unwrap_or(what).trim_matches('\'');
        d = d
            .with_help(format!("did you mean '{s}'?"))
            .with_fix(Fix::unsafe_(format!("replace '{last}' with '{s}'"), vec![Edit::replace(span, s)]));
    }
    Finding { diagnostic: d, holds }
}

/// A known keyword that the target (or, without one, current HAProxy) no longer has.
fn removed(cx: &LintContext<'_>, k: &Keyword, span: Span, what: &str) -> Option<Finding> {
    let removed = k.removed?;
    if cx.settings.haproxy_version.is_some_and(|target| target < removed) {
        return None;
    }
    let help = match replacement(what) {
        Some(new) => format!("use {new} instead"),
        None => "see the manual of your version for its replacement".to_owned(),
    };
    let d =
        Diagnostic::new(&UnknownKeyword::META, span, format!("'{what}' was removed in HAProxy {removed}"))
            .with_label("HAProxy refuses this")
            .with_help(help);
    Some(Finding { diagnostic: d, holds: Holds::OnlyHere })
}

/// What HAProxy's own messages recommend instead of a removed keyword.
fn replacement(removed: &str) -> Option<&'static str> {
    Some(match removed {
        "contimeout" => "`timeout connect`",
        "clitimeout" => "`timeout client`",
        "srvtimeout" => "`timeout server`",
        "redispatch" => "`option redispatch`",
        "nbproc" => "`nbthread` (threads are used automatically)",
        "reqadd" => "`http-request add-header`",
        "rspadd" => "`http-response add-header`",
        "reqdel" | "reqidel" => "`http-request del-header`",
        "rspdel" | "rspidel" => "`http-response del-header`",
        "reqrep" | "reqirep" => "`http-request replace-path`, `replace-uri` or `replace-header`",
        "rsprep" | "rspirep" => "`http-response replace-header`",
        "reqdeny" | "reqideny" | "block" => "`http-request deny`",
        "reqallow" | "reqiallow" | "reqpass" | "reqipass" => "`http-request allow`",
        "reqtarpit" | "reqitarpit" => "`http-request tarpit`",
        "rspdeny" | "rspideny" => "`http-response deny`",
        "monitor-net" => "`http-request return` with an ACL on `src`",
        "bind-process" => "`bind ... thread`",
        "no-quic" => "`tune.quic.listen off`",
        _ => return None,
    })
}
