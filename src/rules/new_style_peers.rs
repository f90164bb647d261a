use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::views::peer::PeerKind;

declare_rule! {
    /// ## What it does
    /// Points out a peers section written in the `bind`/`server` style
    /// (HAProxy 2.0+): a `bind` line for the local peer and `server` lines,
    /// the local one without an address. Sections mixing the two styles are
    /// `peers-section-syntax`'s finding.
    ///
    /// ## Why is this bad?
    /// It works, but it cannot be the same text on every instance: each
    /// node's file must say which `server` line is itself (the one without
    /// an address) and what it binds. Files that must differ per node drift
    /// apart, and a copied file makes two nodes claim one name. The classic
    /// style lists every instance with `peer <name> <ip:port>`, the local
    /// one included; one byte-identical section then serves every node, each
    /// finding itself by name (`-L` or `localpeer`). HAProxy's manual
    /// recommends identical sections.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mesh
    ///     bind 10.0.0.1:1024
    ///     server lb1
    ///     server lb2 10.0.0.2:1024
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mesh
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the `bind` line's parameters (`ssl`, `crt`...) have no place
    /// on a `peer` line, and the other nodes' files must change alike.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers" (`bind`, `server`, `peer`);
    /// haproxy-semantics §1.1 (PEERS-016).
    pub struct NewStylePeers {
        code: "HA422",
        name: "new-style-peers",
        severity: Info,
        fix: Never,
        summary: "a peers section in the bind/server style, which cannot be identical on every node",
    }
}

impl Rule for NewStylePeers {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for section in &cx.model().peers {
            let Some(bind) = section.binds.first() else { continue };
            let kinds = || section.peers.iter().map(|p| &p.item.kind);
            if kinds().any(|k| *k == PeerKind::Peer) || !kinds().any(|k| *k == PeerKind::Server) {
                continue;
            }
            let local =
                section.peers.iter().find(|p| p.item.kind == PeerKind::Server && p.item.address.is_none());
            let mut d = Diagnostic::new(
                &Self::META,
                section.name_span,
                format!(
                    "peers section '{}' uses the `bind`/`server` style: its text must differ on every node",
                    section.name
                ),
            )
            .with_label("bind/server style");
            if let Some(line) = crate::model::directive_at(cx.parse, bind.line) {
                d = d.with_secondary(line.span(), "this node's own address, in this file only");
            }
            if let Some(local) = local {
                d = d.with_secondary(local.item.name_span, "this node, named without an address");
            }
            cx.report(d.with_help(
                "list every node as `peer <name> <ip:port>`, itself included: one identical section then serves all nodes, each picking itself by name (-L or localpeer)",
            ));
        }
    }
}
