use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::model::cluster::{cluster_sections, in_exclusive_branches, instances_by_name};
use crate::model::PeersSection;
use crate::span::Span;
use crate::views::{AddressKind, NormalHost};
use rustc_hash::FxHashMap;
use std::net::{IpAddr, Ipv4Addr};

declare_rule! {
    /// ## What it does
    /// Reports two peers of one peers section that share an `IP:port`, after
    /// normalising the address: `[::1]:1024`, `::1:1024` and
    /// `ipv6@::1:1024` are one address, an `ipv4@` prefix is ignored, and the
    /// wildcard forms (`:1024`, `*:1024`, `0.0.0.0:1024`, `[::]:1024`) equal
    /// each other. In a `bind`/`server` section, the local `server` line
    /// (the one without an address) stands for the `bind` address.
    ///
    /// Addresses made of environment variables are skipped (their value is
    /// not known here), as are host names against IP literals (what a name
    /// resolves to is not known either), and lines in different branches of
    /// one `.if` block.
    ///
    /// ## Why is this bad?
    /// Two peers at one address are one process under two names: HAProxy
    /// accepts it silently (any version), connects twice to the same node, and
    /// the instance that was meant to be reached under the second name gets
    /// no updates. It is almost always a copy-paste slip.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.1:1024
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
    /// No fix: which of the two addresses is wrong, and what the right one
    /// is, only the author knows. With an inventory, the help names the
    /// inventory's address for the later peer.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers", 11 "Address formats";
    /// haproxy-semantics §1.4 (two peers with one address: accepted
    /// silently), §1.5 (IPv6 and prefix forms), §3 #6.
    pub struct DuplicatePeerAddress {
        code: "HA405",
        name: "duplicate-peer-address",
        severity: Error,
        fix: Never,
        summary: "two peers share one IP:port",
    }
}

/// One peer with the address it is reached at.
struct Located<'a> {
    name: &'a str,
    line: usize,
    span: Span,
    key: (NormalHost, u16),
    /// The local `server` line of a `bind` section (listening at the bind).
    via_bind: bool,
}

fn shared_address(section: &PeersSection, peer: &Located<'_>, first: &Located<'_>) -> Diagnostic {
    let (host, port) = &peer.key;
    Diagnostic::new(
        &DuplicatePeerAddress::META,
        peer.span,
        format!("peers '{}' and '{}' share {host}:{port}", first.name, peer.name),
    )
    .with_label(format!("peer '{}' of section '{}' is at this address", peer.name, section.name))
    .with_secondary(
        first.span,
        match first.via_bind {
            true => format!("local peer '{}' listens at the section's bind address", first.name),
            false => format!("peer '{}' is already here", first.name),
        },
    )
}

/// Every peer of a section with a known, normalised address.
fn located(section: &PeersSection) -> Vec<Located<'_>> {
    let bind = section.binds.first().and_then(|b| {
        let (address, span) = b.item.address.as_ref()?;
        Some((address, *span))
    });
    section
        .peers
        .iter()
        .filter_map(|p| {
            // The local `server` line of a `bind` section listens at the bind.
            let (address, span, via_bind) = match &p.item.address {
                Some((address, span)) => (address, *span, false),
                None => bind.map(|(address, _)| (address, p.item.name_span, true))?,
            };
            if address.has_env {
                return None;
            }
            let (host, port) = address.normalized()?;
            let host = match address.kind {
                AddressKind::Wildcard => NormalHost::Ip(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
                _ => host,
            };
            Some(Located { name: &p.item.name, line: p.line, span, key: (host, port), via_bind })
        })
        .collect()
}

impl Rule for DuplicatePeerAddress {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        // Built on first use: one look-up per peer line, not a scan of the inventory.
        let inventory_of = std::cell::OnceCell::new();
        let file = cx.parse.file();
        let cluster = cluster_sections(cx.model(), cx.settings);
        for section in &cx.model().peers {
            // The inventory's addresses are those of the cluster's section.
            let in_cluster = cluster.iter().any(|s| std::ptr::eq(*s, section));
            let peers = located(section);
            // The earlier peers at each address: a section may list thousands.
            let mut at: FxHashMap<&(NormalHost, u16), Vec<&Located<'_>>> = FxHashMap::default();
            for peer in &peers {
                let earlier = at.entry(&peer.key).or_default();
                let first = earlier
                    .iter()
                    .find(|p| {
                        // One name twice is duplicate-peer-name's finding.
                        p.name != peer.name && !in_exclusive_branches(file, p.line, peer.line)
                    })
                    .copied();
                earlier.push(peer);
                let Some(first) = first else { continue };
                let mut d = shared_address(section, peer, first);
                let inventory = inventory_of
                    .get_or_init(|| instances_by_name(cx.settings))
                    .get(peer.name)
                    .copied()
                    .filter(|_| in_cluster);
                d = match inventory.and_then(|i| i.address.as_deref()) {
                    Some(address) => d.with_help(format!("the inventory puts '{}' at {address}", peer.name)),
                    None => d.with_help("give each peer its own address and port"),
                };
                cx.report(d);
            }
        }
    }
}
