use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use crate::views::{Address, AddressKind, PortSpec};

declare_rule! {
    /// ## What it does
    /// Reports an address in a peers section (`peer`, `server` or `bind`
    /// line) that HAProxy refuses while reading it: a host it cannot read
    /// (`[::1`, `::1` without a port, a name with a space), a port above
    /// 65535, or a port range on a `peer`/`server` line. The message is
    /// HAProxy's.
    ///
    /// A host name that is well formed is not reported: HAProxy resolves
    /// it once at start-up and refuses the config only when that fails,
    /// which depends on the machine it runs on.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config (`invalid address: '[:' in '[::1'`), and
    /// on a reload keeps the old one running.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 [2001:db8::2:1024
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 [2001:db8::2]:1024
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intended address cannot be guessed.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers", 11 "Address formats";
    /// haproxy-semantics §1.5.
    pub struct PeerAddressInvalid {
        code: "HA423",
        name: "peer-address-invalid",
        severity: Error,
        fix: Never,
        summary: "an address in a peers section that HAProxy refuses",
    }
}

fn invalid(span: Span, what: &str, why: String) -> Diagnostic {
    Diagnostic::new(&PeerAddressInvalid::META, span, format!("{what}: {why}"))
        .with_label("HAProxy refuses this address")
        .with_help("write IPv4:port, [IPv6]:port, ipv6@IPv6:port or host:port, with one port of 1-65535")
}

/// Why HAProxy refuses `address` on a line that takes a single port.
fn refusal(address: &Address, single_port: bool) -> Option<String> {
    // HAProxy 2.6 expands `$NAME` outside single quotes too (`peer b
    // ${ADDR}:${PORT}` unquoted is accepted): unknown until expanded.
    if address.text.contains('$') {
        return None;
    }
    if address.kind == AddressKind::Invalid {
        return address.error.clone();
    }
    match &address.port {
        Some(PortSpec::Range(..)) if single_port => {
            Some(format!("port range not permitted here in '{}'", address.text))
        }
        _ => None,
    }
}

impl Rule for PeerAddressInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let mut found = Vec::new();
        for section in &cx.model().peers {
            for peer in &section.peers {
                let Some((address, span)) = &peer.item.address else { continue };
                if let Some(why) = refusal(address, true) {
                    let what = format!("address of peer '{}' in peers '{}'", peer.item.name, section.name);
                    found.push(invalid(*span, &what, why));
                }
            }
            for bind in &section.binds {
                for (address, span) in &bind.item.addresses {
                    if let Some(why) = refusal(address, true) {
                        found.push(invalid(*span, &format!("`bind` of peers '{}'", section.name), why));
                    }
                }
            }
        }
        for d in found {
            cx.report(d);
        }
    }
}
