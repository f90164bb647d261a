use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::model::directive_at;
use crate::schema::{self, IgnoredOnPeers};
use crate::span::Span;
use crate::views::PeerLine;

declare_rule! {
    /// ## What it does
    /// Reports server parameters on `peer`/`server` lines of a peers section
    /// that HAProxy ignores there: health checks and agents (`check`,
    /// `agent-check`, `agent-port`, `agent-inter`, `agent-addr`,
    /// `agent-send`), run-time resolution (`resolvers`, `init-addr`,
    /// `resolve-prefer`, `resolve-net`, `resolve-opts`) and load-balancing
    /// settings (`weight`, `cookie`).
    ///
    /// ## Why is this bad?
    /// For `check`, `agent-check`, `resolvers` and `init-addr` HAProxy warns
    /// (`'peer lb2' : init_addr, resolvers, check and agent are ignored for
    /// peers.`); the others are accepted and do nothing. They suggest that a
    /// down peer is detected, or that a peer's DNS name is re-resolved when
    /// its IP changes. Neither happens: a peer's name is resolved once at
    /// start-up, and peers reconnect on their own.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 lb2.example.com:1024 check resolvers dns init-addr last,libc
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 lb2.example.com:1024
    /// ```
    ///
    /// ## Fix safety
    /// Deleting the parameter (with its argument and the blank before it)
    /// is safe: HAProxy ignores it on this line, so nothing changes but the
    /// warning going away.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers" (`peer` takes the transport
    /// parameters of `server`), 5.2 "Server and default-server options";
    /// haproxy-semantics §1.5, §3 #31 (verified: `agent-port`, `weight`,
    /// `cookie`, `agent-*` are accepted silently on 2.6).
    pub struct IgnoredPeerParameter {
        code: "HA414",
        name: "ignored-peer-parameter",
        severity: Warning,
        fix: Always,
        summary: "`check`, `resolvers`, `init-addr`, `weight`... on a peer line, which HAProxy ignores",
    }
}

/// Why the parameter is pointless on a peer, as the finding's label says it.
fn why(reason: IgnoredOnPeers) -> &'static str {
    match reason {
        IgnoredOnPeers::HealthCheck => "peers are not health-checked",
        IgnoredOnPeers::Resolution => "a peer's name is resolved once, at start-up",
        IgnoredOnPeers::LoadBalancing => "peers are not load-balanced",
    }
}

fn ignored_param(peer: &PeerLine, param: &str, span: Span, why: &str) -> Diagnostic {
    Diagnostic::new(
        &IgnoredPeerParameter::META,
        span,
        format!("'{param}' on peer '{}' is ignored by HAProxy", peer.name),
    )
    .with_label(why.to_owned())
}

impl Rule for IgnoredPeerParameter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for section in &cx.model().peers {
            for peer in &section.peers {
                let Some(directive) = directive_at(cx.parse, peer.line) else { continue };
                for (name, span) in &peer.item.params {
                    let Some(reason) = schema::ignored_on_peers(name) else { continue };
                    let mut d = ignored_param(&peer.item, name, *span, why(reason));
                    // From the end of the word before, so one blank goes too.
                    let before = directive.words.iter().rev().find(|w| w.span.end <= span.start);
                    if let Some(before) = before {
                        let edit = Edit::delete(Span::new(before.span.end, span.end));
                        d = d.with_fix(Fix::safe(format!("remove `{}`", cx.parse.text(*span)), vec![edit]));
                    }
                    cx.report(d);
                }
            }
        }
    }
}
