use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::did_you_mean::{distance_within, MAX_NAME_CHARS};
use crate::model::{Model, Proxy};
use crate::span::Span;
use rustc_hash::FxHashMap;

declare_rule! {
    /// ## What it does
    /// Reports `use_backend <name>` and `default_backend <name>` where no
    /// backend or listen section carries that name (exactly: names are
    /// case-sensitive). A `default_backend` in a `defaults` section is
    /// checked when a frontend or listen inherits it. Names computed per
    /// request (`use_backend be_%[req.hdr(host)]`) and names built from
    /// environment variables are skipped.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `Proxy 'fe': unable to find required
    /// use_backend: 'ap'.` A frontend name does not count
    /// (`default_backend` pointing at a frontend fails the same way;
    /// verified on 2.6).
    ///
    /// ## Example
    /// ```haproxy
    /// frontend fe
    ///     bind :80
    ///     default_backend ap
    /// backend app
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend fe
    ///     bind :80
    ///     default_backend app
    /// backend app
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: a close name is offered in the help, but routing traffic to
    /// a guessed backend is not a decision to make mechanically.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `use_backend`, `default_backend`.
    pub struct UndefinedBackend {
        code: "HA301",
        name: "undefined-backend",
        severity: Error,
        fix: Never,
        summary: "`use_backend`/`default_backend` names no backend",
    }
}

/// Compares names with a budget of distance cells per check: 10,000
/// misses against 10,000 backends would otherwise cost 10^8 comparisons.
const SUGGESTION_BUDGET: usize = 50_000_000;

/// "Did you mean" over the backend names, prepared once per check.
struct Suggester<'m> {
    /// Each backend name with its characters, by length then config order.
    names: Vec<(usize, &'m str, Vec<char>)>,
    /// Answers given so far: a missing name is often used many times.
    answers: FxHashMap<&'m str, Vec<String>>,
    /// Distance cells left to compute; none left, no more suggestions.
    budget: usize,
}

impl<'m> Suggester<'m> {
    fn new(model: &'m Model) -> Self {
        let mut names: Vec<(usize, &str, Vec<char>)> = model
            .proxies
            .iter()
            .filter(|p| p.has_backend_capability())
            .filter_map(|p| p.name.as_deref())
            .enumerate()
            .map(|(i, n)| (i, n, n.chars().collect()))
            .collect();
        names.sort_by_key(|(i, _, chars)| (chars.len(), *i));
        Suggester { names, answers: FxHashMap::default(), budget: SUGGESTION_BUDGET }
    }

    /// The backend names closest to `name`, if some are close enough to be a typo.
    fn closest(&mut self, name: &'m str) -> Vec<String> {
        if let Some(known) = self.answers.get(name) {
            return known.clone();
        }
        let typed: Vec<char> = name.chars().collect();
        if typed.len() > MAX_NAME_CHARS {
            return Vec::new();
        }
        let limit = (typed.len() / 3).max(1);
        // Only names whose length is within the limit can be close enough.
        let from = self.names.partition_point(|(_, _, c)| c.len() + limit < typed.len());
        let to = self.names.partition_point(|(_, _, c)| c.len() <= typed.len() + limit);
        let mut scored: Vec<(usize, usize, &str)> = Vec::new();
        for (i, n, chars) in &self.names[from..to] {
            let cost = (typed.len() + 1) * (chars.len() + 1);
            let Some(left) = self.budget.checked_sub(cost) else { return Vec::new() };
            self.budget = left;
            let d =
                if n.eq_ignore_ascii_case(name) { Some(0) } else { distance_within(chars, &typed, limit) };
            if let Some(d) = d {
                scored.push((d, *i, n));
            }
        }
        let best = scored.iter().map(|s| s.0).min().unwrap_or(0);
        scored.retain(|s| s.0 == best);
        scored.sort_by_key(|s| s.1);
        let mut out: Vec<String> = scored.iter().map(|(_, _, n)| format!("'{n}'")).collect();
        out.dedup();
        self.answers.insert(name, out.clone());
        out
    }
}

fn undefined(model: &Model, close: Vec<String>, keyword: &str, name: &str, span: Span) -> Diagnostic {
    let frontend = model.proxies_named(name).any(|p| p.kind == SectionKind::Frontend);
    let help = match close.as_slice() {
        [_, ..] => format!("did you mean {}?", close.join(" or ")),
        [] if frontend => format!("'{name}' is a frontend; {keyword} needs a backend or listen section"),
        [] => format!("define `backend {name}`, or name an existing backend"),
    };
    Diagnostic::new(&UndefinedBackend::META, span, format!("no backend named '{name}'"))
        .with_label(format!("HAProxy refuses this: unable to find required {keyword}"))
        .with_help(help)
}

/// A frontend or listen that takes its `default_backend` from `defaults`.
fn inheritor<'m>(model: &'m Model, defaults: &Proxy) -> Option<&'m Proxy> {
    model.inheritors(defaults).find(|p| {
        matches!(p.kind, SectionKind::Frontend | SectionKind::Listen) && p.default_backends.is_empty()
    })
}

impl Rule for UndefinedBackend {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        let mut suggester: Option<Suggester<'_>> = None;
        let mut close = |name| suggester.get_or_insert_with(|| Suggester::new(model)).closest(name);
        let unknown = |name: &str, dynamic: bool| {
            !dynamic && !name.is_empty() && !name.contains('$') && model.backend(name).is_none()
        };
        for proxy in &model.proxies {
            for u in proxy.use_backends.iter().map(|u| &u.item) {
                if unknown(&u.name, u.dynamic) {
                    cx.report(undefined(model, close(&u.name), "use_backend", &u.name, u.name_span));
                }
            }
            if proxy.default_backends.is_empty() {
                continue;
            }
            // The (linear) search for an heir runs only for defaults that set one.
            let heir = if proxy.kind == SectionKind::Defaults { inheritor(model, proxy) } else { None };
            if proxy.kind == SectionKind::Defaults && heir.is_none() {
                continue;
            }
            for b in proxy.default_backends.iter().map(|b| &b.item) {
                if !unknown(&b.name, b.dynamic) {
                    continue;
                }
                let mut d = undefined(model, close(&b.name), "default_backend", &b.name, b.name_span);
                if let Some(heir) = heir {
                    let label =
                        format!("{} '{}' uses it", heir.kind, heir.name.as_deref().unwrap_or_default());
                    d = d.with_secondary(heir.name_span, label);
                }
                cx.report(d);
            }
        }
    }
}
