use super::{LintContext, Rule, RuleMeta};
use crate::ast::{Section, SectionKind};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Edit, Fix};
use crate::schema::Version;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports words after the name on a `frontend`, `listen` or `backend`
    /// line, other than `from <defaults>` (2.4 and later): typically the
    /// listening address of HAProxy 1.4's `listen www 0.0.0.0:80`, which
    /// every version from 1.8 on refuses. With a target version before 2.4,
    /// `from <defaults>` is reported too.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `please use the 'bind' keyword for
    /// listening addresses.` (a `backend` line with extra words is refused
    /// too, HAProxy reporting the line after it).
    ///
    /// ## Example
    /// ```haproxy
    /// listen www 0.0.0.0:80
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// listen www
    ///     bind 0.0.0.0:80
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Fix safety
    /// On a `frontend` or `listen` line with one extra word, moving it to a
    /// `bind` line is offered as unsafe: the word may not be an address.
    ///
    /// ## References
    /// HAProxy configuration manual, 4 "Proxies", `bind`.
    pub struct AddressOnProxyLine {
        code: "HA114",
        name: "address-on-proxy-line",
        severity: Error,
        fix: Sometimes,
        summary: "words after the name of a frontend, listen or backend line (an address belongs on a bind line)",
    }
}

/// The first version that takes `from <defaults>` on a proxy line.
const FROM_DEFAULTS: Version = Version::new(2, 4);

impl Rule for AddressOnProxyLine {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let src = cx.src();
        let takes_from = cx.settings.haproxy_version.is_none_or(|t| t >= FROM_DEFAULTS);
        let proxies = [SectionKind::Frontend, SectionKind::Listen, SectionKind::Backend];
        for section in file.sections.iter().filter(|s| proxies.contains(&s.kind)) {
            let words = &file.header(section).directive.words;
            let Some(extra) = words.get(2..).filter(|e| !e.is_empty()) else { continue };
            if takes_from && extra.len() == 2 && extra[0].value(src) == "from" {
                continue;
            }
            let span = extra[0].span.cover(extra[extra.len() - 1].span);
            cx.report(diagnostic(cx, section, span, extra));
        }
    }
}

fn diagnostic(cx: &LintContext<'_>, section: &Section, span: Span, extra: &[crate::ast::Word]) -> Diagnostic {
    let src = cx.src();
    let keyword = section.kind.keyword();
    if extra.len() == 2 && extra[0].value(src) == "from" {
        let message = format!("'{keyword} <name> from <defaults>' needs HAProxy {FROM_DEFAULTS} or later");
        return Diagnostic::new(&AddressOnProxyLine::META, span, message)
            .with_label(format!("not in HAProxy {}", cx.settings.haproxy_version.unwrap_or(FROM_DEFAULTS)))
            .with_help("remove it or raise the target (--haproxy-version)");
    }
    if section.kind == SectionKind::Backend {
        return Diagnostic::new(&AddressOnProxyLine::META, span, format!("'{keyword}' takes a name only"))
            .with_label("HAProxy refuses this")
            .with_help("remove the words after the name");
    }
    let message =
        format!("an address on the '{keyword}' line: please use the 'bind' keyword for listening addresses");
    let diagnostic =
        Diagnostic::new(&AddressOnProxyLine::META, span, message).with_label("HAProxy refuses this");
    let [word] = extra else { return diagnostic.with_help("move the address to a `bind` line") };
    // From the end of the name, so the space before the word goes too.
    let name_end = cx.parse.file().header(section).directive.words[1].span.end;
    let edits = vec![
        Edit::delete(Span { start: name_end, end: word.span.end }),
        edits::insert_lines_after(cx.parse, section.header as usize, &[format!("bind {}", word.raw(src))]),
    ];
    diagnostic.with_fix(Fix::unsafe_(format!("move '{}' to a bind line", word.raw(src)), edits))
}
