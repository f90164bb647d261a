use super::{Holds, LintContext, Rule, RuleMeta};
use crate::ast::Directive;
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::schema::Version;
use crate::schema::{self, Action, Versioned};
use crate::span::Span;
use crate::views::rule_set;

declare_rule! {
    /// ## What it does
    /// Reports an action that the rule keyword before it does not have:
    /// `http-request`, `http-response`, `http-after-response`,
    /// `tcp-request connection|session|content` and `tcp-response content`,
    /// with a "did you mean" when a known action is close. Actions HAProxy
    /// matches by their beginning (`set-var(txn.x)`, `track-sc1`,
    /// `sc-inc-gpc0(0)`) are read that way.
    ///
    /// The actions come from the schema (`src/schema/`), extracted from
    /// HAProxy's sources 1.8 to 3.3. Without a target version an action of
    /// any of those versions is known; with `--haproxy-version` one the
    /// target does not have is reported with the versions that have it.
    /// Actions of optional build components (SSL, Lua, OpenTracing, …) count
    /// as known. `lua.*` actions, which Lua scripts register, are only
    /// reported when the file loads no Lua script (`lua-load`,
    /// `lua-load-per-thread`). Inside `.if` blocks only words no version knows are
    /// reported, as warnings.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `'http-request' expects 'wait-for-handshake',
    /// ..., but got 'dney'.`
    ///
    /// ## Example
    /// ```haproxy
    /// frontend www
    ///     bind :80
    ///     http-request dney if { src 10.0.0.0/8 }
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend www
    ///     bind :80
    ///     http-request deny if { src 10.0.0.0/8 }
    /// ```
    ///
    /// ## Fix safety
    /// Replacing the name with the suggestion is unsafe: it is a guess at
    /// the author's intent, and the rule then takes effect. An action the
    /// target version lacks has no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `http-request`, `http-response`,
    /// `http-after-response`, `tcp-request`, `tcp-response`.
    pub struct UnknownAction {
        code: "HA105",
        name: "unknown-action",
        severity: Error,
        fix: Sometimes,
        summary: "an action the rule keyword (http-request, tcp-request content, ...) does not have",
    }
}

impl Rule for UnknownAction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let target = cx.settings.haproxy_version;
        let src = cx.src();
        let loads_lua = crate::model::loads_lua(cx.parse);
        for (_, line, d) in file.proxy_directives() {
            let Some((diagnostic, holds)) = check_directive(src, d, target, loads_lua) else { continue };
            cx.report_on_line(line, diagnostic, holds);
        }
    }
}

fn check_directive(
    src: &str,
    d: &Directive,
    target: Option<Version>,
    loads_lua: bool,
) -> Option<(Diagnostic, Holds)> {
    let (rules, at) = rule_set(d, src)?;
    let word = d.words.get(at)?;
    if word.has_env() {
        return None;
    }
    let typed = word.value(src);
    if typed.starts_with("lua.") {
        if loads_lua {
            return None;
        }
        let message = format!("'{rules}' expects an action, but got '{typed}'");
        let diagnostic = Diagnostic::new(&UnknownAction::META, word.span, message)
            .with_label("HAProxy refuses this")
            .with_help("Lua actions exist only once a script registers them: no `lua-load` in `global`");
        return Some((diagnostic, Holds::Everywhere));
    }
    match schema::action(rules, &typed) {
        Some(action) => {
            let target = target.filter(|t| !action.exists_in(*t))?;
            let message = format!(
                "'{}' is not an action of '{rules}' in HAProxy {target}: HAProxy {} has it",
                action.name,
                action.versions()
            );
            let diagnostic = Diagnostic::new(&UnknownAction::META, word.span, message)
                .with_label(format!("HAProxy {target} refuses this"))
                .with_help("remove it or raise the target (--haproxy-version)");
            Some((diagnostic, Holds::OnlyHere))
        }
        None => {
            let name = typed.split('(').next().unwrap_or_default();
            let mut diagnostic = Diagnostic::new(
                &UnknownAction::META,
                word.span,
                format!("'{rules}' expects an action, but got '{typed}'"),
            )
            .with_label("HAProxy refuses this");
            if let Some(s) = suggest(rules, name, target) {
                diagnostic = diagnostic.with_help(format!("did you mean '{s}'?"));
                if word.is_plain() {
                    let span = Span { start: word.span.start, end: word.span.start + name.len() as u32 };
                    diagnostic = diagnostic.with_fix(Fix::unsafe_(
                        format!("replace '{name}' with '{s}'"),
                        vec![Edit::replace(span, s)],
                    ));
                }
            }
            Some((diagnostic, Holds::Everywhere))
        }
    }
}

/// The known action closest to `name`; prefix actions are offered in the
/// spellings people write (`track-sc0`, not `track-sc`).
fn suggest(rules: &str, name: &str, target: Option<Version>) -> Option<&'static str> {
    const TRACK: [&str; 3] = ["track-sc0", "track-sc1", "track-sc2"];
    let known = |a: &&Action| target.is_none_or(|t| a.exists_in(t));
    let names = schema::actions(rules).iter().filter(known).flat_map(|a| {
        if a.prefix && a.name == "track-sc" {
            TRACK.to_vec()
        } else {
            vec![a.name]
        }
    });
    crate::did_you_mean::closest(names, name)
}
