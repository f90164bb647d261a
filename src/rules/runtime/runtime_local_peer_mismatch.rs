declare_rule! {
    /// ## What it does
    /// Asks each running instance (`show peers`) which peers sections it
    /// runs and which peer it took as itself, and compares with the
    /// inventory: the instance named `haproxy-2` must run the cluster's
    /// section with local peer `haproxy-2`.
    ///
    /// ## Why is this bad?
    /// HAProxy picks its local peer by name (`-L`, `localpeer`, host name).
    /// Started under a name no peer line carries, it drops the whole section
    /// with a mere warning and its tables stop syncing; started under
    /// another instance's name, it listens on that instance's address and
    /// the real one is refused. The config can be perfect and this still
    /// happen (a wrong `-L` in `/etc/default/haproxy`, a renamed host).
    ///
    /// ## Example
    /// ```text
    /// $ halint probe haproxy.cfg --socket haproxy-2=/run/haproxy-2.sock ...
    /// # haproxy-2 was started with -L lb2: `show peers` prints nothing
    /// ```
    ///
    /// ## Use instead
    /// Start each instance under its inventory name (`-L haproxy-2`, or
    /// `localpeer haproxy-2` in `global`, or that host name).
    ///
    /// ## Fix safety
    /// No fix: the remedy is in how the process is started, not in the file.
    ///
    /// ## References
    /// HAProxy management guide, 9.3 `show peers`; haproxy-semantics §1.2-1.3.
    pub struct RuntimeLocalPeerMismatch {
        code: "HA601",
        name: "runtime-local-peer-mismatch",
        severity: Error,
        fix: Never,
        summary: "probe: a running instance lacks the peers section, or runs it under another local name",
    }
}
