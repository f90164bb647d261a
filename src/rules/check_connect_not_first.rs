use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::schema::arguments::STEPS_BEFORE_CONNECT;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a `tcp-check connect` (or `http-check connect`) that comes
    /// after another step of the same ruleset: when a ruleset has a
    /// `connect`, its first step must be one, preceded at most by
    /// `comment`, `set-var` and `unset-var` steps. The request an
    /// `option httpchk` line sets up does not count.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `'tcp-check connect' : first step MUST
    /// also be a 'connect', ...`: before the connect, the check would have
    /// no connection to send on or read from.
    ///
    /// ## Example
    /// ```haproxy
    /// backend pop3
    ///     option tcp-check
    ///     tcp-check expect string +OK
    ///     tcp-check connect port 110
    ///     server s1 10.0.0.1:110 check
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend pop3
    ///     option tcp-check
    ///     tcp-check connect port 110
    ///     tcp-check expect string +OK
    ///     server s1 10.0.0.1:110 check
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the connect belongs is the author's call.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `tcp-check connect`, `http-check connect`.
    pub struct CheckConnectNotFirst {
        code: "HA116",
        name: "check-connect-not-first",
        severity: Error,
        fix: Never,
        summary: "a tcp-check or http-check connect after another step of its ruleset",
    }
}

impl Rule for CheckConnectNotFirst {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let src = cx.src();
        for section in file.sections.iter().filter(|s| s.kind.is_proxy()) {
            // Per ruleset (tcp-check, http-check): whether a connect came
            // already (later ones are fine), else the first step that may not
            // precede one.
            let mut connected = [false; 2];
            let mut blocking: [Option<Span>; 2] = [None, None];
            for (_, d) in file.directives(section) {
                let ruleset = match d.keyword().raw(src) {
                    "tcp-check" => 0,
                    "http-check" => 1,
                    _ => continue,
                };
                let Some(step) = d.words.get(1).filter(|_| !connected[ruleset]) else { continue };
                let name = step.raw(src);
                if name == "connect" {
                    connected[ruleset] = true;
                    if let Some(earlier) = blocking[ruleset] {
                        cx.report(not_first(
                            d.keyword().raw(src),
                            d.keyword().span.cover(step.span),
                            earlier,
                        ));
                    }
                } else if blocking[ruleset].is_none() && !may_precede_connect(name) {
                    blocking[ruleset] = Some(d.span());
                }
            }
        }
    }
}

fn may_precede_connect(step: &str) -> bool {
    STEPS_BEFORE_CONNECT
        .iter()
        .any(|s| step.strip_prefix(s).is_some_and(|rest| rest.is_empty() || rest.starts_with('(')))
}

fn not_first(keyword: &str, span: Span, earlier: Span) -> Diagnostic {
    Diagnostic::new(
        &CheckConnectNotFirst::META,
        span,
        format!(
            "'{keyword} connect' : first step MUST also be a 'connect', optionally preceded by a 'set-var', \
             an 'unset-var' or a 'comment', when there is a 'connect' step in the tcp-check ruleset"
        ),
    )
    .with_label("HAProxy refuses this")
    .with_secondary(earlier, "this step comes first")
    .with_help("move the connect before the other steps")
}
