use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use crate::model::cluster::{cluster_sections, instance_address, PeerIndex, PeerMatch};

declare_rule! {
    /// ## What it does
    /// Reports an instance of the inventory that the cluster's peers section
    /// does not list by its name (when no peer is plainly meant for it: a
    /// name differing only in case, or a peer with its address, is
    /// `local-peer-not-found` instead).
    ///
    /// ## Why is this bad?
    /// On that instance HAProxy finds no peer with its local name: it warns
    /// "Removing incomplete section", starts anyway, and its tables stop
    /// syncing. The other instances refuse its connections too (it is not in
    /// their list), so its sessions are lost on failover.
    ///
    /// ## Example
    /// ```haproxy
    /// # halint check --instance lb1=10.0.0.1:1024 --instance lb2=10.0.0.2:1024
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
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
    /// When the inventory gives the instance's address, adding
    /// `peer <name> <address>` after the section's last peer is safe: it
    /// only lets the instances reach one another. Sections in the `bind` +
    /// `server` style get no fix (their local line differs per instance).
    ///
    /// ## References
    /// HAProxy configuration manual, 3.5 "Peers"; haproxy-semantics §1.3, §2.4.
    pub struct PeerMissingForInstance {
        code: "HA402",
        name: "peer-missing-for-instance",
        severity: Error,
        fix: Sometimes,
        summary: "an inventory instance has no `peer`/`server` line by its name",
    }
}

impl Rule for PeerMissingForInstance {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        if !cx.settings.inventory_is_cluster() {
            return;
        }
        for section in cluster_sections(cx.model(), cx.settings) {
            let index = PeerIndex::new(section);
            for instance in &cx.settings.instances {
                if index.exact(&instance.name).is_some() {
                    continue;
                }
                let address = instance_address(instance);
                if index.match_peer(&instance.name, address.as_ref()) != PeerMatch::Missing {
                    continue;
                }
                let mut d = Diagnostic::new(
                    &Self::META,
                    section.name_span,
                    format!("peers section '{}' has no peer named '{}'", section.name, instance.name),
                )
                .with_label(format!("'{}' is missing here", instance.name))
                .with_help(format!(
                    "on '{}' HAProxy drops this section and its tables stop syncing; list every instance",
                    instance.name
                ));
                let classic = section.binds.is_empty();
                if let (true, Some(addr)) = (classic, &instance.address) {
                    let after = section.peers.last().map_or(section.header_line, |p| p.line);
                    let line = format!("peer {} {addr}", edits::quote_word(&instance.name));
                    let edit = edits::insert_lines_after(cx.parse, after, std::slice::from_ref(&line));
                    d = d.with_fix(Fix::safe(format!("add `{line}`"), vec![edit]));
                }
                cx.report(d);
            }
        }
    }
}
