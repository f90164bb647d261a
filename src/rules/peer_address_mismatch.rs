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
                // An inventory that names the instance more than once is
                // satisfied by any of its addresses, and rewrites to none:
                // fixing to one address would break the other, round after round.
                let same_name = || cx.settings.instances.iter().filter(|o| o.name == instance.name);
                let normalized = address.normalized();
                if address.has_env
                    || same_name().any(|o| instance_address(o).is_some() && instance_address(o) == normalized)
                {
                    continue;
                }
                let unambiguous = same_name().filter_map(instance_address).all(|a| a == expected);
                let d = Diagnostic::new(
                    &Self::META,
                    *span,
                    format!("peer '{}' is at {}, but the inventory says {text}", instance.name, address.text),
                )
                .with_label(format!("expected {text}"))
                .with_help(
                    "the other instances connect to this address: it must be where the instance listens",
                );
                let d = if unambiguous {
                    d.with_fix(Fix::safe(format!("use {text}"), vec![Edit::replace(*span, quote_word(text))]))
                } else {
                    d
                };
                cx.report(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{parse, Instance, Linter, Settings};

    fn linter(instances: &[&str]) -> Linter {
        let instances = instances.iter().map(|a| Instance::parse_arg(a).expect("instance")).collect();
        Linter::new(Settings { instances, ..Settings::default() })
    }

    /// Found by the `fix` fuzz target: with `lb1` in the inventory twice at
    /// two addresses, the fix rewrote the peer to one address, then back to
    /// the other, for all ten rounds of the fix loop.
    #[test]
    fn an_instance_listed_twice_is_not_rewritten_back_and_forth() {
        let src = "peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 10.0.0.2:1024\n";
        let linter = linter(&["lb1=10.0.0.1:1024", "lb1=10.0.0.9:1024", "lb2=10.0.0.2:1024"]);
        let mismatches = |src: &str| {
            linter.check(&parse(src)).into_iter().filter(|d| d.rule == "peer-address-mismatch").count()
        };
        assert_eq!(mismatches(src), 0, "the peer is at one of lb1's addresses");
        let fixed = linter.fix(src, true);
        assert_eq!(fixed.output, src);
        assert!(fixed.applied.is_empty(), "{:?}", fixed.applied);

        // At neither address: reported, but no address to rewrite to.
        let elsewhere = src.replace("10.0.0.1:1024", "10.0.0.5:1024");
        assert_eq!(mismatches(&elsewhere), 2);
        assert!(linter
            .check(&parse(&elsewhere))
            .iter()
            .all(|d| d.fix.is_none() || d.rule != "peer-address-mismatch"));
        assert_eq!(linter.fix(&elsewhere, true).output, elsewhere);
    }
}
