declare_rule! {
    /// ## What it does
    /// Compares the address each running instance holds for every peer
    /// (`show peers`, `addr=`) with the inventory's address of that
    /// instance (or, without one, the checked config's `peer` line).
    ///
    /// ## Why is this bad?
    /// An instance dials its peers at the addresses of its own running
    /// config. With one port wrong in one file the session may still come
    /// up, opened by the other side, so everything looks established; after
    /// the next restart of that other side, or a firewall that allows one
    /// direction, replication stops. A wrong local address means the
    /// instance listens where nobody dials.
    ///
    /// ## Example
    /// ```text
    /// # inventory: haproxy-1=10.0.0.1:1024; haproxy-2's running config says:
    /// 0x55…: id=haproxy-1(remote,active) addr=10.0.0.1:1025 last_status=ESTA
    /// ```
    ///
    /// ## Use instead
    /// One byte-identical peers section on every instance, its addresses the
    /// inventory's (`halint check --cluster` finds the divergence in files).
    ///
    /// ## Fix safety
    /// No fix: the running config must be corrected and reloaded.
    ///
    /// ## References
    /// HAProxy management guide, 9.3 `show peers`; haproxy-semantics §1.5.
    pub struct RuntimePeerAddressMismatch {
        code: "HA603",
        name: "runtime-peer-address-mismatch",
        severity: Error,
        fix: Never,
        summary: "probe: a running instance holds another address for a peer than the inventory",
    }
}
