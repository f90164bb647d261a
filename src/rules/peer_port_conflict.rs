use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::model::cluster::local_name;
use crate::model::{At, Model};
use crate::span::Span;
use crate::views::{Address, PeerLine, PortSpec};
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::net::IpAddr;

declare_rule! {
    /// ## What it does
    /// Reports a local peer whose `IP:port` overlaps a `bind` of a frontend
    /// or listen of the same instance, or the local address of another peers
    /// section: same port (or a bind port range holding it) and the same IP,
    /// or either side a wildcard of a family that covers the other.
    ///
    /// The local peer is the `peer`/`server` line named by the local name
    /// (`--local`, else an effective `localpeer`); without one, with an
    /// inventory, each instance's own line is checked. The `bind` line of a
    /// new-style peers section is always a local address. Disabled proxies
    /// and peers sections, and addresses made of environment variables, are
    /// skipped.
    ///
    /// ## Why is this bad?
    /// `haproxy -c` does not notice. At run time both listeners bind the
    /// same socket (SO_REUSEPORT) and the kernel spreads new connections
    /// between them: HTTP clients land on the peers listener and fail, peer
    /// sessions land on the frontend. Nothing in the logs says why.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:8080
    ///     peer lb2 10.0.0.2:8080
    /// frontend www
    ///     bind :8080
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:10000
    ///     peer lb2 10.0.0.2:10000
    /// frontend www
    ///     bind :8080
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the new port must be free on every instance and open in
    /// their firewalls, which halint cannot know.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers", 4.2 `bind`;
    /// haproxy-semantics §1.5 (live test: 6 of 8 requests hit the peers
    /// listener), §1.4 (two sections sharing a local address), §3 #40.
    pub struct PeerPortConflict {
        code: "HA407",
        name: "peer-port-conflict",
        severity: Error,
        fix: Never,
        summary: "a local peer's IP:port overlaps a bind of the same instance",
    }
}

/// A local listening address: the peers section it belongs to and what
/// declares it (`peer 'lb1'` or `bind`).
struct Listener<'a> {
    section: usize,
    what: String,
    address: &'a Address,
    span: Span,
}

fn conflict(local: &Listener<'_>, section: &str, other: &Listener<'_>, other_what: &str) -> Diagnostic {
    let port = local.address.port_number().unwrap_or_default();
    Diagnostic::new(
        &PeerPortConflict::META,
        local.span,
        format!("{} of peers '{section}' shares port {port} with {other_what}", local.what),
    )
    .with_label("this instance's peers listener")
    .with_secondary(other.span, format!("{other_what} binds {} here", other.address.text))
    .with_help("use a peer port no bind uses: the kernel would split connections between both listeners")
}

/// Whether two listening addresses can receive the same connections.
fn overlaps(a: &Address, b: &Address) -> bool {
    let ports_meet = match (&a.port, &b.port) {
        (Some(PortSpec::Single(p)), Some(PortSpec::Single(q))) => p == q,
        (Some(PortSpec::Single(p)), Some(PortSpec::Range(lo, hi)))
        | (Some(PortSpec::Range(lo, hi)), Some(PortSpec::Single(p))) => (lo..=hi).contains(&p),
        _ => false,
    };
    let (Some(x), Some(y)) = (a.ip, b.ip) else {
        return ports_meet && a.kind == b.kind && a.host.eq_ignore_ascii_case(&b.host) && !a.has_env;
    };
    // `::` also takes IPv4 (dual stack); `0.0.0.0` only IPv4.
    let covers = |w: IpAddr, o: IpAddr| w.is_unspecified() && (w.is_ipv6() || o.is_ipv4());
    ports_meet && !a.has_env && !b.has_env && (x == y || covers(x, y) || covers(y, x))
}

/// The peers sections' listeners: the `bind`s (whoever the instance is)
/// and each peer line by name, built once for every instance name.
struct ListenerIndex<'m> {
    binds: Vec<Listener<'m>>,
    peers: FxHashMap<&'m str, Vec<(usize, &'m At<PeerLine>)>>,
}

impl<'m> ListenerIndex<'m> {
    fn new(model: &'m Model) -> Self {
        let mut index = ListenerIndex { binds: Vec::new(), peers: FxHashMap::default() };
        for (i, section) in model.peers.iter().enumerate().filter(|(_, s)| !s.disabled) {
            for bind in &section.binds {
                let one = bind.item.addresses.iter().map(|(a, s)| (a, *s, "the peers `bind`".to_owned()));
                index.binds.extend(one.map(|(address, span, what)| Listener {
                    section: i,
                    what,
                    address,
                    span,
                }));
            }
            for peer in &section.peers {
                index.peers.entry(peer.item.name.as_str()).or_default().push((i, peer));
            }
        }
        index
    }

    /// The local listeners of the instance named `local` (the binds only
    /// when the name is unknown), in the order of the sections.
    fn listeners(&self, local: Option<&str>) -> Vec<Listener<'m>> {
        let own = local.and_then(|name| self.peers.get(name)).map_or(&[][..], Vec::as_slice);
        let mut out: Vec<Listener<'m>> = self
            .binds
            .iter()
            .map(|b| Listener { section: b.section, what: b.what.clone(), address: b.address, span: b.span })
            .collect();
        for &(section, peer) in own {
            let Some((address, span)) = &peer.item.address else { continue };
            let what = format!("local peer '{}'", peer.item.name);
            out.push(Listener { section, what, address, span: *span });
        }
        // Binds and peers section by section, as HAProxy reads them.
        out.sort_by_key(|l| l.section);
        out
    }
}

impl Rule for PeerPortConflict {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let model = cx.model();
        let names: Vec<Option<String>> = match local_name(model, cx.settings) {
            Some((name, _)) => vec![Some(name)],
            None if !cx.settings.instances.is_empty() => {
                cx.settings.instances.iter().map(|i| Some(i.name.clone())).collect()
            }
            None => vec![None],
        };
        // One config serves every instance: report each pair of spans once.
        let mut seen: HashSet<(Span, Span)> = HashSet::new();
        let index = ListenerIndex::new(model);
        for name in &names {
            let locals = index.listeners(name.as_deref());
            for (i, local) in locals.iter().enumerate() {
                let section = &model.peers[local.section].name;
                for proxy in model.proxies.iter().filter(|p| !p.disabled) {
                    let kind_name = format!("{} '{}'", proxy.kind, proxy.name.as_deref().unwrap_or_default());
                    for (address, span) in proxy.binds.iter().flat_map(|b| &b.item.addresses) {
                        if !overlaps(local.address, address) || !seen.insert((local.span, *span)) {
                            continue;
                        }
                        let other =
                            Listener { section: local.section, what: String::new(), address, span: *span };
                        cx.report(conflict(local, section, &other, &kind_name));
                    }
                }
                for earlier in locals[..i].iter().filter(|e| e.section != local.section) {
                    if !overlaps(local.address, earlier.address) || !seen.insert((local.span, earlier.span)) {
                        continue;
                    }
                    let other_what = format!("peers '{}'", model.peers[earlier.section].name);
                    cx.report(conflict(local, section, earlier, &other_what));
                }
            }
        }
    }
}
