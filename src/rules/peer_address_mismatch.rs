use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits::quote_word, Edit, Fix};
use crate::model::cluster::{cluster_sections, instance_address, PeerIndex, PeerMatch};

declare_rule! {
    /// ## What it does
    /// Compares each peer named after an inventory instance with the
    /// instance's address (`--instance NAME=IP:PORT`), after normalising
    /// (`[::1]:1024`, `::1:1024` and `ipv6@::1:1024` are one address).
    /// Addresses built from environment variables are skipped.
    ///
    /// ## Why is this bad?
    /// The other instances dial the wrong address and never reach this one;
    /// or, for the local peer, HAProxy listens where no peer connects. Either
    /// way the tables do not sync, and `haproxy -c` cannot tell.
    ///
    /// ## Example
    /// ```haproxy
    /// # --instance lb2=10.0.0.2:1024
    /// peers mypeers
    ///     peer lb2 10.0.0.3:1024
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// peers mypeers
    ///     peer lb2 10.0.0.2:1024
    /// ```
    ///
    /// ## Fix safety
    /// Rewriting the address from the inventory is safe: the inventory is the
    /// statement of where each instance listens, and a peer at another address
    /// cannot have been replicating.
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 `peer`; haproxy-semantics §1.5.
    pub struct PeerAddressMismatch {
        code: "HA406",
        name: "peer-address-mismatch",
        severity: Error,
        fix: Sometimes,
        summary: "a peer's IP:port differs from the inventory's",
    }
}

impl Rule for PeerAddressMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        for section in cluster_sections(cx.model(), cx.settings) {
            let index = PeerIndex::new(section);
            for instance in &cx.settings.instances {
                let (Some(expected), Some(text)) = (instance_address(instance), &instance.address) else {
                    continue;
                };
                let PeerMatch::Exact(i) = index.match_peer(&instance.name, Some(&expected)) else {
                    continue;
                };
                let Some((address, span)) = &section.peers[i].item.address else { continue };
                if address.has_env || address.normalized().as_ref() == Some(&expected) {
                    continue;
                }
                let d = Diagnostic::new(
                    &Self::META,
                    *span,
                    format!("peer '{}' is at {}, but the inventory says {text}", instance.name, address.text),
                )
                .with_label(format!("expected {text}"))
                .with_help(
                    "the other instances connect to this address: it must be where the instance listens",
                )
                .with_fix(Fix::safe(format!("use {text}"), vec![Edit::replace(*span, quote_word(text))]));
                cx.report(d);
            }
        }
    }
}
