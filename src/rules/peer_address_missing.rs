use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use crate::model::cluster::{cluster_sections, instance_address, instances_by_name};
use crate::model::{directive_at, At, PeersSection};
use crate::views::{PeerKind, PeerLine};

declare_rule! {
    /// ## What it does
    /// Reports a classic `peer <name>` line with no address at all.
    ///
    /// Only `peer` lines: in a `bind`/`server` peers section the local
    /// peer's `server` line must have no address, so a `server` line
    /// without one is normal there.
    ///
    /// ## Why is this bad?
    /// HAProxy 2.6 accepts it without a word and gives the peer the address
    /// of the previous `peer` line: updates meant for that node go to another
    /// one (or, when it is the local peer, it listens on another node's
    /// address). From 3.2 HAProxy warns `ignoring invalid peer definition
    /// (missing address:port)` and drops the peer.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2
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
    /// When the inventory gives an address for the instance of exactly that
    /// name, appending it is safe: the line cannot work as it is, and the
    /// inventory says where the instance listens. Only in the cluster's
    /// peers section (the inventory's, else the ones stick-tables use):
    /// another section may use other ports. Otherwise no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers" (`peer <name> <ip>:<port>`);
    /// haproxy-semantics §1.5 (live `show peers`: the previous line's
    /// address), §3 #30.
    pub struct PeerAddressMissing {
        code: "HA412",
        name: "peer-address-missing",
        severity: Error,
        fix: Sometimes,
        summary: "a `peer` line without an address (2.6 copies the previous one)",
    }
}

fn address_missing(section: &PeersSection, peer: &PeerLine, copies: bool) -> Diagnostic {
    let label = if copies {
        "HAProxy 2.6 reuses the previous peer's address; 3.2+ drops this peer"
    } else {
        "HAProxy 2.6 accepts it silently; 3.2+ drops this peer"
    };
    Diagnostic::new(
        &PeerAddressMissing::META,
        peer.name_span,
        format!("peer '{}' of peers '{}' has no address", peer.name, section.name),
    )
    .with_label(label)
}

impl Rule for PeerAddressMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        // Built on first use: one look-up per peer line, not a scan of the inventory.
        let inventory = std::cell::OnceCell::new();
        let cluster = cluster_sections(cx.model(), cx.settings);
        for section in &cx.model().peers {
            // The inventory's addresses are those of the cluster's section.
            let in_cluster = cluster.iter().any(|s| std::ptr::eq(*s, section));
            for (i, peer) in section.peers.iter().enumerate() {
                if peer.item.kind != PeerKind::Peer
                    || peer.item.address.is_some()
                    || peer.item.name.is_empty()
                {
                    continue;
                }
                let previous = previous_address(&section.peers[..i]);
                let mut d = address_missing(section, &peer.item, previous.is_some());
                if let Some((prev, span)) = previous {
                    d = d.with_secondary(span, format!("so HAProxy 2.6 uses the address of peer '{prev}'"));
                }
                let instance = inventory
                    .get_or_init(|| instances_by_name(cx.settings))
                    .get(peer.item.name.as_str())
                    .copied()
                    .filter(|_| in_cluster);
                let address =
                    instance.filter(|i| instance_address(i).is_some()).and_then(|i| i.address.as_deref());
                d = match (address, directive_at(cx.parse, peer.line)) {
                    (Some(address), Some(directive)) => {
                        let edit = edits::append_words(directive, &edits::quote_word(address));
                        d.with_fix(Fix::safe(format!("add the inventory's address {address}"), vec![edit]))
                    }
                    _ => d.with_help(format!("add the address and port '{}' listens on", peer.item.name)),
                };
                cx.report(d);
            }
        }
    }
}

/// The last earlier peer line with an address: the one 2.6 copies.
fn previous_address(earlier: &[At<PeerLine>]) -> Option<(&str, crate::span::Span)> {
    earlier.iter().rev().find_map(|p| p.item.address.as_ref().map(|(_, span)| (p.item.name.as_str(), *span)))
}
