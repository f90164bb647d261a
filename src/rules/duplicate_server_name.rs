use super::{LintContext, Rule, RuleMeta};
use crate::ast::{Directive, SectionKind, Word};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::directive_at;
use crate::model::line_options::option_words;
use crate::schema::Version;
use crate::span::Span;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

fn duplicate_server_name_diagnostic(name: &Word, first: Span, src: &str, severity: Severity) -> Diagnostic {
    let label = if severity == Severity::Error {
        "HAProxy refuses this"
    } else {
        "HAProxy 3.2 warns; 3.3 refuses it"
    };
    let message = format!("another server named '{}' was already defined in this proxy", name.value(src));
    let mut d = Diagnostic::new(&DuplicateServerName::META, name.span, message)
        .with_label(label)
        .with_secondary(first, "first defined here")
        .with_help("please use distinct names");
    d.severity = severity;
    d
}

/// Whether a `server` line sets an explicit `id`.
fn has_id(d: &Directive, src: &str) -> bool {
    option_words(SectionKind::Backend, d, src).any(|o| o.option.is_some_and(|op| op.name == "id"))
}

declare_rule! {
    /// ## What it does
    /// Reports a `server` name used twice in one `backend` or `listen`
    /// section when neither line sets an `id`. HAProxy 2.0 and later refuse
    /// it; 1.8 and 1.9 warned. (When one of them sets an `id`, HAProxy
    /// 3.2 warns that 3.3 will refuse it: reported as a warning with a
    /// target of 3.2 or later.)
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `proxy 'app', another server named 's1'
    /// was already defined at line 9, please use distinct names.` Servers
    /// are found by name in the stats, the runtime API and `server-state`
    /// files, and, across an active-active cluster, in the stick tables
    /// peers share.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80
    ///     server s1 10.0.0.2:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80
    ///     server s2 10.0.0.2:80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: renaming a server changes the name stick tables, the stats
    /// and server-state files know it by.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `server`.
    pub struct DuplicateServerName {
        code: "HA310",
        name: "duplicate-server-name",
        severity: Error,
        fix: Never,
        summary: "two servers with one name in a backend",
    }
}

/// The first version that refuses two servers of one name without `id`.
const REFUSED_SINCE: Version = Version::new(2, 0);
/// The first version that warns when one of them has an `id`.
const WARNED_SINCE: Version = Version::new(3, 2);

impl Rule for DuplicateServerName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let target = cx.settings.haproxy_version;
        let (parse, src) = (cx.parse, cx.src());
        let mut found = Vec::new();
        for proxy in &cx.model().proxies {
            // Names only: a generated config can have hundreds of thousands
            // of servers, and a duplicate is rare.
            let mut seen: FxHashMap<Cow<'_, str>, &Directive> = FxHashMap::default();
            for d in proxy.server_lines.iter().filter_map(|&line| directive_at(parse, line)) {
                let Some(name) = d.words.get(1).filter(|w| !w.raw(src).contains('$')) else { continue };
                let Some(first) = seen.get(&name.value(src)).copied() else {
                    seen.insert(name.value(src), d);
                    continue;
                };
                let with_ids = has_id(first, src) || has_id(d, src);
                let severity = match (with_ids, target) {
                    (false, None) => Severity::Error,
                    (false, Some(t)) if t >= REFUSED_SINCE => Severity::Error,
                    (true, Some(t)) if t >= WARNED_SINCE => Severity::Warning,
                    _ => continue,
                };
                found.push(duplicate_server_name_diagnostic(name, first.words[1].span, src, severity));
            }
        }
        for d in found {
            cx.report(d);
        }
    }
}
