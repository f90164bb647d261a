use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{directive_at, PeersSection};
use crate::views::{Address, AddressKind, PeerLine};

declare_rule! {
    /// ## What it does
    /// In an active-active config (an inventory of two or more instances, or
    /// a peers section listing two or more peers), reports a peer address
    /// the other instances cannot use to reach that peer:
    ///
    /// - a wildcard: `0.0.0.0`, `*`, `::`, or an empty host as in `:1024`;
    /// - environment variables that are unset in the environment halint runs
    ///   in and leave a wildcard or an empty address (a warning: HAProxy's
    ///   environment may differ; a `${VAR-default}` default counts);
    /// - a loopback address (`127.0.0.0/8`, `::1`, `localhost`) in a section
    ///   where another peer is not on loopback: a multi-host cluster, where a
    ///   loopback address reaches the dialling node itself. Sections where
    ///   every peer is on loopback (one-host test clusters) are fine.
    ///
    /// Disabled peers sections are skipped.
    ///
    /// ## Why is this bad?
    /// HAProxy accepts all of these silently. A wildcard or loopback remote
    /// address makes every node dial itself; an unset variable expands to
    /// nothing, which HAProxy takes as `0.0.0.0`. The peer never receives
    /// updates, and `haproxy -c` says the config is valid.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 127.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    ///     peer lb3 :1024
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    ///     peer lb3 10.0.0.3:1024
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the right address is each node's own, which the file does not
    /// say (`peer-address-mismatch` compares peers with an inventory).
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers", 2.3 "Environment
    /// variables"; haproxy-semantics §1.5 (`:port`, `0.0.0.0:port` and
    /// `"${UNSET}:port"` are the wildcard; unset variables expand to empty).
    pub struct PeerAddressNotRoutable {
        code: "HA413",
        name: "peer-address-not-routable",
        severity: Error,
        fix: Never,
        summary: "a wildcard, unset-variable or loopback peer address in a multi-host cluster",
    }
}

fn wildcard(section: &PeersSection, peer: &PeerLine, address: &Address) -> Diagnostic {
    Diagnostic::new(
        &PeerAddressNotRoutable::META,
        peer_span(peer),
        format!(
            "peer '{}' of peers '{}' has the wildcard address '{}'",
            peer.name, section.name, address.text
        ),
    )
    .with_label("any address: every node that dials it connects to itself")
    .with_help("write the address this instance listens on, as the other instances reach it")
}

fn unset_env(peer: &PeerLine, expanded: &str, unset: &[&str]) -> Diagnostic {
    let mut d = Diagnostic::new(
        &PeerAddressNotRoutable::META,
        peer_span(peer),
        format!(
            "address of peer '{}' expands to '{expanded}': {} unset in halint's environment",
            peer.name,
            unset.join(", ")
        ),
    )
    .with_label(match expanded.is_empty() {
        true => "an empty address: HAProxy accepts it silently, and the peer cannot be reached",
        false => "an unset variable expands to nothing: HAProxy dials 0.0.0.0",
    })
    .with_help("set the variable where HAProxy runs, or give it a default: \"${NAME-10.0.0.2}\"");
    d.severity = Severity::Warning;
    d
}

fn loopback(section: &PeersSection, peer: &PeerLine, address: &Address, remote: &PeerLine) -> Diagnostic {
    let d = Diagnostic::new(
        &PeerAddressNotRoutable::META,
        peer_span(peer),
        format!(
            "peer '{}' of peers '{}' is on loopback, but peer '{}' is on another host",
            peer.name, section.name, remote.name
        ),
    )
    .with_label(format!("on the other hosts, {} reaches the host itself", address.text))
    .with_help("write the address the other instances reach this one at");
    match &remote.address {
        Some((_, span)) => d.with_secondary(*span, format!("peer '{}' is not on loopback", remote.name)),
        None => d,
    }
}

/// The span of a peer's address word (of its name when it has none).
fn peer_span(peer: &PeerLine) -> crate::span::Span {
    peer.address.as_ref().map_or(peer.name_span, |(_, span)| *span)
}

/// Whether an address plainly designates another host.
fn is_remote_host(address: &Address) -> bool {
    let ip_like = matches!(address.kind, AddressKind::Ipv4 | AddressKind::Ipv6 | AddressKind::Hostname);
    ip_like && !address.is_loopback() && !address.has_env
}

/// Variables HAProxy sets itself, or pseudo-variables such as `.LINE`.
fn set_by_haproxy(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("HAPROXY_")
}

impl Rule for PeerAddressNotRoutable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        if !cx.is_active_active() {
            return;
        }
        for section in cx.model().peers.iter().filter(|s| !s.disabled) {
            let remote = section
                .peers
                .iter()
                .find(|p| p.item.address.as_ref().is_some_and(|(a, _)| is_remote_host(a)));
            for peer in &section.peers {
                let Some((address, span)) = &peer.item.address else { continue };
                if address.has_env {
                    let Some(word) = directive_at(cx.parse, peer.line)
                        .and_then(|d| d.args().iter().find(|w| w.span == *span))
                    else {
                        continue;
                    };
                    let unset: Vec<&str> = address
                        .env_names
                        .iter()
                        .map(String::as_str)
                        .filter(|n| !set_by_haproxy(n) && std::env::var_os(n).is_none())
                        .collect();
                    let expanded = word.expand(cx.src(), |n| std::env::var(n).ok());
                    let value = Address::parse_with(&expanded, false);
                    // Set variables giving a wildcard are reported as such below.
                    if value.is_wildcard() && unset.is_empty() {
                        cx.report(wildcard(section, &peer.item, &value));
                    } else if (value.is_wildcard() || expanded.is_empty()) && !unset.is_empty() {
                        cx.report(unset_env(&peer.item, &expanded, &unset));
                    }
                    continue;
                }
                if address.is_wildcard() {
                    cx.report(wildcard(section, &peer.item, address));
                } else if let Some(remote) = remote.filter(|_| address.is_loopback()) {
                    cx.report(loopback(section, &peer.item, address, &remote.item));
                }
            }
        }
    }
}
