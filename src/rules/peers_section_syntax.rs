use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::model::PeersSection;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports the peers-section mistakes HAProxy refuses at start-up:
    /// - `peer` lines mixed with a `bind` line (`mixing "peer" and "bind"
    ///   line is forbidden`);
    /// - more than one `bind` (`One listener per "peers" section is
    ///   authorized`);
    /// - a character other than letters, digits, `_`, `.`, `:` and `-` in a
    ///   section or peer name (`character '/' is not permitted`);
    /// - in the `bind`/`server` style, the local peer's `server` line with an
    ///   address (`Hint: no address was expected for this server`), when the
    ///   local name is known (`--local`, `localpeer`, or the instance whose
    ///   reading of `.if` blocks is checked).
    ///
    /// (`enable`, which older manuals documented for `enabled`, is
    /// `unknown-keyword`'s, with the suggestion.)
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config, and on a reload keeps the old one running.
    ///
    /// ## Example
    /// ```haproxy
    /// peers my/peers
    ///     bind 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    /// ```
    ///
    /// ## Fix safety
    /// No fix: each mistake needs a decision (which style, which name, which
    /// listener), and names are referenced elsewhere.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers"; haproxy-semantics §1.1,
    /// §1.4 and §3 #32, #33, #35.
    pub struct PeersSectionSyntax {
        code: "HA420",
        name: "peers-section-syntax",
        severity: Error,
        fix: Never,
        summary: "a peers section HAProxy refuses: `peer` mixed with `bind`, two `bind`s, a bad name",
    }
}

fn bad_name(span: Span, what: &str, name: &str, c: char) -> Diagnostic {
    Diagnostic::new(
        &PeersSectionSyntax::META,
        span,
        format!("character '{c}' is not permitted in {what} '{name}'"),
    )
    .with_label("HAProxy refuses this name")
    .with_help("use only letters, digits, `_`, `.`, `:` and `-`")
}

impl Rule for PeersSectionSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for section in &cx.model().peers {
            check_section(cx, section);
        }
    }
}

fn check_section(cx: &mut LintContext<'_>, section: &PeersSection) {
    if let Some(c) = crate::views::invalid_name_char(&section.name) {
        cx.report(bad_name(section.name_span, "peers section name", &section.name, c));
    }
    for peer in &section.peers {
        if let Some(c) = crate::views::invalid_name_char(&peer.item.name) {
            cx.report(bad_name(peer.item.name_span, "peer name", &peer.item.name, c));
        }
    }
    let bind_span = |line: usize| crate::model::directive_at(cx.parse, line).map(|d| d.keyword().span);
    if let (Some(first_bind), Some(first_peer)) =
        (section.binds.first(), section.peers.iter().find(|p| is_peer_line(cx, p.line)))
    {
        if let (Some(bind), Some(peer)) =
            (bind_span(first_bind.line), crate::model::directive_at(cx.parse, first_peer.line))
        {
            cx.report(
                Diagnostic::new(
                    &PeersSectionSyntax::META,
                    bind,
                    "`peer` and `bind` lines mixed in one peers section",
                )
                .with_label("HAProxy refuses this: mixing \"peer\" and \"bind\" line is forbidden")
                .with_secondary(peer.keyword().span, "a `peer` line")
                .with_help("use `peer` lines only, or `bind` with `server` lines"),
            );
        }
    }
    if let (Some(bind), Some((local, _))) =
        (section.binds.first(), crate::model::cluster::local_name(cx.model(), cx.settings))
    {
        let own = section.peers.iter().find(|p| p.item.name == local.as_str() && !is_peer_line(cx, p.line));
        if let Some((_, address)) = own.and_then(|p| p.item.address.as_ref()) {
            let d = Diagnostic::new(
                &PeersSectionSyntax::META,
                *address,
                format!("the local peer's `server {local}` line has an address"),
            )
            .with_label("HAProxy refuses this: no address was expected for this server")
            .with_help("the local peer listens on the section's `bind`: write `server <name>` alone");
            let d = match bind_span(bind.line) {
                Some(span) => d.with_secondary(span, "the local peer's listener"),
                None => d,
            };
            cx.report(d);
        }
    }
    if let [first, second, ..] = section.binds.as_slice() {
        if let (Some(a), Some(b)) = (bind_span(first.line), bind_span(second.line)) {
            cx.report(
                Diagnostic::new(&PeersSectionSyntax::META, b, "a second `bind` in one peers section")
                    .with_label("HAProxy refuses this: one listener per peers section")
                    .with_secondary(a, "the first `bind`")
                    .with_help("keep one `bind` per peers section"),
            );
        }
    }
}

/// Whether a peer entry comes from a `peer` line (not a `server` line).
fn is_peer_line(cx: &LintContext<'_>, line: usize) -> bool {
    crate::model::directive_at(cx.parse, line).is_some_and(|d| d.keyword().value(cx.src()) == "peer")
}
