declare_rule! {
    /// ## What it does
    /// Asks each running instance (`show peers`) whether it has an
    /// established session (`active`, `last_status=ESTA`) with every other
    /// instance of the inventory.
    ///
    /// ## Why is this bad?
    /// Stick-table updates travel only over established peer sessions. A
    /// peer stuck in `CONN` (nothing answers at its address), `UNKN` (the
    /// other side does not list this instance) or missing from the running
    /// section means clients lose their server when they fail over.
    ///
    /// ## Example
    /// ```text
    /// 0x55…: id=haproxy-2(remote,inactive) addr=10.0.0.2:1024 last_status=CONN
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// 0x55…: id=haproxy-2(remote,active) addr=10.0.0.2:1024 last_status=ESTA
    /// ```
    ///
    /// ## Fix safety
    /// No fix: check the peer's address, firewall, and that both configs
    /// list each other (`halint check --cluster`).
    ///
    /// ## References
    /// HAProxy management guide, 9.3 `show peers`; haproxy-semantics §1.6.
    pub struct PeerNotConnected {
        code: "HA602",
        name: "peer-not-connected",
        severity: Error,
        fix: Never,
        summary: "probe: a running instance has no established session with another instance",
    }
}
