use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::model::cluster::{cluster_sections, instance_address, instances_by_name, local_name};
use crate::model::PeersSection;
use crate::span::Span;
use crate::views::{Address, AddressKind, PeerLine};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Reports a `peer` or `server` line of a peers section whose IP or host
    /// name address has no port (`10.0.0.2`, `10.0.0.2:`, `[2001:db8::2]`,
    /// `lb2.example.com`). Addresses with environment variables are skipped.
    ///
    /// ## Why is this bad?
    /// For a remote peer, HAProxy up to 2.8 accepts it silently and dials
    /// port 0, which never connects: that node never receives updates. From
    /// 2.9 the port is mandatory and the config is refused. For the local
    /// peer every version refuses it (`missing port specification`).
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2
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
    /// Appending the port is safe: a peer without one cannot work, so no
    /// working replication changes. The port is, in order: the inventory's
    /// port for the instance of that name (in the cluster's peers section),
    /// the one port every other peer (and `bind`) of the section uses, or
    /// the inventory's default peer port (cluster section). Without any of
    /// them (say, the other peers use several ports) there is no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers" (`peer <name> <ip>:<port>`),
    /// 11 "Address formats"; haproxy-semantics §1.5 (port 0 on 2.6, fatal
    /// from 2.9 with commit 2c29d1f52), §3 #26 and #27.
    pub struct RemotePeerPortMissing {
        code: "HA411",
        name: "remote-peer-port-missing",
        severity: Error,
        fix: Sometimes,
        summary: "a peer address without a port (port 0 on 2.6, fatal from 2.9)",
    }
}

/// Whether the line is the local peer: yes, no, or on one inventory instance.
enum Role {
    Local,
    Remote,
    LocalOnItsInstance,
    Unknown,
}

fn port_missing(section: &PeersSection, peer: &PeerLine, span: Span, role: Role) -> Diagnostic {
    let label = match role {
        Role::Local => "the local peer needs a port: HAProxy refuses this",
        Role::Remote => "HAProxy 2.6 dials port 0 and never connects; 2.9+ refuses this",
        Role::LocalOnItsInstance => {
            "refused on this instance itself; the others dial port 0 (2.6) or refuse it (2.9+)"
        }
        Role::Unknown => "refused for the local peer; a remote one gets port 0 (2.6) or is refused (2.9+)",
    };
    Diagnostic::new(
        &RemotePeerPortMissing::META,
        span,
        format!("peer '{}' of peers '{}' has no port", peer.name, section.name),
    )
    .with_label(label)
}

/// Whether an address is an IP or host name without a port.
fn lacks_port(address: &Address) -> bool {
    let ip_like = matches!(
        address.kind,
        AddressKind::Ipv4 | AddressKind::Ipv6 | AddressKind::Hostname | AddressKind::Wildcard
    );
    ip_like && address.port.is_none() && !address.has_env
}

/// The one port the other peers and the bind of a section use.
fn section_port(section: &PeersSection) -> Option<u16> {
    let peers = section.peers.iter().filter_map(|p| p.item.address.as_ref());
    let binds = section.binds.iter().filter_map(|b| b.item.address.as_ref());
    let ports: BTreeSet<u16> = peers.chain(binds).filter_map(|(a, _)| a.port_number()).collect();
    let mut it = ports.into_iter();
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// Appends `:port` inside the address word (before a closing quote, after a
/// trailing colon).
fn append_port(src: &str, address: &Address, span: Span, port: u16) -> Edit {
    let raw = span.text(src);
    let at =
        if raw.len() > 1 && (raw.ends_with('"') || raw.ends_with('\'')) { span.end - 1 } else { span.end };
    let colon = if address.text.ends_with(':') { "" } else { ":" };
    Edit::insert(at, format!("{colon}{port}"))
}

impl Rule for RemotePeerPortMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        // Built on first use: one look-up per peer line, not a scan of the inventory.
        let inventory_of = std::cell::OnceCell::new();
        let local = local_name(cx.model(), cx.settings).map(|(name, _)| name);
        let cluster = cluster_sections(cx.model(), cx.settings);
        for section in &cx.model().peers {
            let in_cluster = cluster.iter().any(|s| std::ptr::eq(*s, section));
            for peer in &section.peers {
                let Some((address, span)) = &peer.item.address else { continue };
                if !lacks_port(address) {
                    continue;
                }
                let inventory = inventory_of
                    .get_or_init(|| instances_by_name(cx.settings))
                    .get(peer.item.name.as_str())
                    .copied();
                let role = match (&local, inventory) {
                    (Some(l), _) if *l == peer.item.name => Role::Local,
                    (Some(_), _) => Role::Remote,
                    (None, Some(_)) => Role::LocalOnItsInstance,
                    (None, None) if cx.settings.instances.is_empty() => Role::Unknown,
                    (None, None) => Role::Remote,
                };
                let mut d = port_missing(section, &peer.item, *span, role);
                let from_inventory = inventory.and_then(instance_address).map(|(_, port)| port);
                let port = match (in_cluster, from_inventory) {
                    (true, Some(port)) => Some((port, "the inventory's port for this instance")),
                    _ => section_port(section).map(|p| (p, "the port of the other peers")).or_else(|| {
                        let default = cx.settings.default_peer_port.filter(|_| in_cluster);
                        default.map(|p| (p, "the default peer port"))
                    }),
                };
                d = match port {
                    Some((port, why)) => {
                        let edit = append_port(cx.src(), address, *span, port);
                        d.with_fix(Fix::safe(format!("append port {port} ({why})"), vec![edit]))
                    }
                    None => d.with_help("append the port this peer listens on, e.g. `:10000`"),
                };
                cx.report(d);
            }
        }
    }
}
