use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::model::{Model, Proxy};
use crate::span::Span;

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

/// Levenshtein distance over characters, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(above + 1).min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The backend names closest to `name`, if some are close enough to be a typo.
fn closest(model: &Model, name: &str) -> Vec<String> {
    let limit = (name.chars().count() / 3).max(1);
    let distance = |n: &str| if n.eq_ignore_ascii_case(name) { 0 } else { edit_distance(n, name) };
    let names = model.proxies.iter().filter(|p| p.has_backend_capability()).filter_map(|p| p.name.as_deref());
    let scored: Vec<(usize, &str)> = names.map(|n| (distance(n), n)).filter(|(d, _)| *d <= limit).collect();
    let best = scored.iter().map(|(d, _)| *d).min().unwrap_or(0);
    let mut out: Vec<String> =
        scored.iter().filter(|(d, _)| *d == best).map(|(_, n)| format!("'{n}'")).collect();
    out.dedup();
    out
}

fn undefined(model: &Model, keyword: &str, name: &str, span: Span) -> Diagnostic {
    let frontend =
        model.proxies.iter().any(|p| p.kind == SectionKind::Frontend && p.name.as_deref() == Some(name));
    let close = closest(model, name);
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
        let unknown = |name: &str, dynamic: bool| {
            !dynamic && !name.is_empty() && !name.contains('$') && model.backend(name).is_none()
        };
        for proxy in &model.proxies {
            for u in proxy.use_backends.iter().map(|u| &u.item) {
                if unknown(&u.name, u.dynamic) {
                    cx.report(undefined(model, "use_backend", &u.name, u.name_span));
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
                let mut d = undefined(model, "default_backend", &b.name, b.name_span);
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
