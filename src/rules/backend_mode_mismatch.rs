use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::model::{Model, Proxy};
use crate::span::Span;
use crate::syntax::Parse;
use rustc_hash::FxHashMap;

declare_rule! {
    /// ## What it does
    /// Reports a frontend (or listen) whose `use_backend` or
    /// `default_backend` names a backend of another proxy mode: an `http`
    /// frontend routing to a `tcp` backend. A proxy's mode is its last
    /// `mode` line, else its defaults section's, else `tcp`. A `tcp`
    /// frontend may hand its connections to an `http` backend (HAProxy
    /// upgrades them), so that is not reported. Dynamic backend names
    /// (`use_backend %[...]`) are resolved per request and not judged.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `http frontend 'www' (haproxy.cfg:12)
    /// tries to use incompatible tcp backend 'app' (haproxy.cfg:20) in a
    /// 'use_backend' rule (see 'mode').`
    ///
    /// ## Example
    /// ```haproxy
    /// frontend www
    ///     mode http
    ///     bind :80
    ///     default_backend app
    ///
    /// backend app
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend www
    ///     mode http
    ///     bind :80
    ///     default_backend app
    ///
    /// backend app
    ///     mode http
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which of the two modes is right is the author's call.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `mode`, `use_backend`, `default_backend`.
    pub struct BackendModeMismatch {
        code: "HA313",
        name: "backend-mode-mismatch",
        severity: Error,
        fix: Never,
        summary: "an http frontend routes to a tcp backend (use_backend, default_backend)",
    }
}

impl Rule for BackendModeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        let mut defaults_modes = FxHashMap::default();
        let frontends =
            model.proxies.iter().filter(|p| matches!(p.kind, SectionKind::Frontend | SectionKind::Listen));
        for frontend in frontends {
            let uses = frontend
                .use_backends
                .iter()
                .map(|u| (&u.item.name, u.item.name_span, u.item.dynamic, "in a 'use_backend' rule"));
            let defaults = frontend
                .default_backends
                .iter()
                .map(|d| (&d.item.name, d.item.name_span, d.item.dynamic, "as its default backend"));
            let mut from = None; // read once: a frontend may have thousands of rules
            for (name, span, dynamic, how) in uses.chain(defaults) {
                let Some(backend) = model.backend(name).filter(|_| !dynamic) else { continue };
                let from = *from.get_or_insert_with(|| mode(cx.parse, model, frontend, &mut defaults_modes));
                let to = mode(cx.parse, model, backend, &mut defaults_modes);
                if from == to || (from == "tcp" && to == "http") || std::ptr::eq(frontend, backend) {
                    continue;
                }
                cx.report(mismatch(frontend, backend, (from, to), span, how));
            }
        }
    }
}

fn mismatch(
    frontend: &Proxy,
    backend: &Proxy,
    (from, to): (&str, &str),
    span: Span,
    how: &str,
) -> Diagnostic {
    let kind = |p: &Proxy| p.kind.keyword();
    let name = |p: &Proxy| p.name.as_deref().unwrap_or_default().to_owned();
    let message = format!(
        "{from} {} '{}' tries to use incompatible {to} {} '{}' {how} (see 'mode')",
        kind(frontend),
        name(frontend),
        kind(backend),
        name(backend)
    );
    Diagnostic::new(&BackendModeMismatch::META, span, message)
        .with_label("HAProxy refuses this")
        .with_secondary(backend.name_span, format!("in {to} mode"))
        .with_help(format!("give both the same `mode`, or route to a backend in {from} mode"))
}

/// The proxy mode of `proxy`: its last `mode` line, else its defaults'
/// (remembered in `defaults_modes` by section: thousands of backends share one).
fn mode<'s>(
    parse: &'s Parse,
    model: &Model,
    proxy: &Proxy,
    defaults_modes: &mut FxHashMap<usize, &'s str>,
) -> &'s str {
    if let Some(mode) = last_mode(parse, proxy) {
        return mode;
    }
    let Some(defaults) = model.defaults_of(proxy).filter(|d| !std::ptr::eq(*d, proxy)) else { return "tcp" };
    if let Some(mode) = defaults_modes.get(&defaults.section) {
        return mode;
    }
    // Defaults chains are short; the bound guards against a `from` loop.
    let mut at = Some(defaults);
    let mut found = "tcp";
    for _ in 0..16 {
        let Some(p) = at else { break };
        if let Some(mode) = last_mode(parse, p) {
            found = mode;
            break;
        }
        at = model.defaults_of(p).filter(|d| !std::ptr::eq(*d, p));
    }
    defaults_modes.insert(defaults.section, found);
    found
}

fn last_mode<'s>(parse: &'s Parse, proxy: &Proxy) -> Option<&'s str> {
    let file = parse.file();
    let src = parse.source();
    let section = &file.sections[proxy.section];
    file.directives(section)
        .filter(|(_, d)| d.keyword().raw(src) == "mode")
        .filter_map(|(_, d)| d.args().first().map(|w| w.raw(src)))
        .last()
}
