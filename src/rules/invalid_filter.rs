use super::{Holds, LintContext, Rule, RuleMeta};
use crate::ast::{Directive, Word};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::schema::Version;
use crate::schema::{self, Versioned};

declare_rule! {
    /// ## What it does
    /// Reports a `filter` line whose kind HAProxy does not have
    /// (`filter comp-req`), with a "did you mean" when a known kind is
    /// close, and a `filter spoe` without its `config <file>`.
    ///
    /// The kinds come from the schema (`src/schema/`), extracted from the
    /// filter keyword tables of HAProxy's sources 1.8 to 3.3: `cache`,
    /// `compression`, `spoe`, `trace`, `fcgi-app` (2.1), `opentracing`
    /// (2.4, an optional build component, counted as known),
    /// `bwlim-in`/`bwlim-out` (2.7). Without a target version a kind of any
    /// of those versions is known; with `--haproxy-version` one the target
    /// does not have is reported with the versions that have it. Lua
    /// filters (`lua.<name>`) exist once a script registers them: they are
    /// only reported when the file loads no Lua. Inside `.if` blocks only
    /// kinds no version knows are reported, as warnings.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `'filter' : unknown keyword 'comp-req'.`,
    /// `'filter' : ''spoe' : missing config file'`.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     filter compresion
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     filter compression
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Fix safety
    /// Replacing the kind with the suggestion is unsafe: it is a guess at
    /// the author's intent, and the filter then runs.
    ///
    /// ## References
    /// HAProxy configuration manual, 9 "Filters".
    pub struct InvalidFilter {
        code: "HA112",
        name: "invalid-filter",
        severity: Error,
        fix: Sometimes,
        summary: "a filter kind HAProxy does not have (in the target version), or spoe without its config",
    }
}

impl Rule for InvalidFilter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let target = cx.settings.haproxy_version;
        let src = cx.src();
        let loads_lua = crate::model::loads_lua(cx.parse);
        for (_, line, d) in file.proxy_directives() {
            let Some(kind) = d.words.get(1).filter(|_| d.keyword().value(src) == "filter") else {
                continue;
            };
            let Some((diagnostic, holds)) = check_filter(d, kind, src, target, loads_lua) else {
                continue;
            };
            cx.report_on_line(line, diagnostic, holds);
        }
    }
}

fn check_filter(
    d: &Directive,
    kind: &Word,
    src: &str,
    target: Option<Version>,
    loads_lua: bool,
) -> Option<(Diagnostic, Holds)> {
    if kind.has_env() || kind.raw(src).contains('$') {
        return None;
    }
    let name = kind.value(src);
    if name.starts_with("lua.") && loads_lua {
        return None;
    }
    let Some(filter) = schema::filter(&name) else {
        let mut diagnostic =
            Diagnostic::new(&InvalidFilter::META, kind.span, format!("'filter' : unknown keyword '{name}'"))
                .with_label("HAProxy refuses this");
        if name.starts_with("lua.") {
            diagnostic = diagnostic
                .with_help("Lua filters exist only once a script registers them: no `lua-load` in `global`");
        } else if let Some(s) = schema::suggest(schema::all_filters(), |f| f.name, &name, target) {
            diagnostic = diagnostic.with_help(format!("did you mean '{s}'?"));
            if kind.is_plain() {
                let fix =
                    Fix::unsafe_(format!("replace '{name}' with '{s}'"), vec![Edit::replace(kind.span, s)]);
                diagnostic = diagnostic.with_fix(fix);
            }
        }
        return Some((diagnostic, Holds::Everywhere));
    };
    if let Some(t) = target.filter(|t| !filter.exists_in(*t)) {
        let message =
            format!("'{}' is not a filter in HAProxy {t}: HAProxy {} has it", filter.name, filter.versions());
        let diagnostic = Diagnostic::new(&InvalidFilter::META, kind.span, message)
            .with_label(format!("HAProxy {t} refuses this"))
            .with_help("remove it or raise the target (--haproxy-version)");
        return Some((diagnostic, Holds::OnlyHere));
    }
    let has_config = d.words.iter().skip(2).any(|w| w.value(src) == "config" || w.raw(src).contains('$'));
    // Inside `.if` blocks only kinds no version knows are reported (see the
    // rule's docs): a known kind's missing config counts as holding here only.
    (filter.name == "spoe" && !has_config).then(|| {
        let diagnostic =
            Diagnostic::new(&InvalidFilter::META, d.span(), "'filter' : 'spoe' : missing config file")
                .with_label("HAProxy refuses this")
                .with_help("name the SPOE configuration file: `filter spoe config <file>`");
        (diagnostic, Holds::OnlyHere)
    })
}
