declare_rule! {
    /// ## What it does
    /// For every table the config shares through the cluster's peers
    /// section, asks each running instance whether it has the table
    /// (`show table`) with the config's key type and size, whether it
    /// shares it with its peers (`show peers`, shared tables), whether each
    /// connected peer announced it (a remote id other than 0: same name, key
    /// type and length on the other side), and, when entries exist, whether
    /// they carry the data types the config stores.
    ///
    /// ## Why is this bad?
    /// Peers match tables by name, key type and key length and silently
    /// drop updates of tables that differ. A table running without `peers`
    /// on one instance, or with another type, looks fine in every file but
    /// that instance's, and `haproxy -c` says nothing.
    ///
    /// ## Example
    /// ```text
    /// # haproxy.cfg: stick-table type ip size 20k peers mesh
    /// # show table on haproxy-2:
    /// # table: app, type: string, size:20480, used:0
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// # table: app, type: ip, size:20480, used:0
    /// ```
    ///
    /// ## Fix safety
    /// No fix: deploy the checked config to the instance and reload it.
    ///
    /// ## References
    /// HAProxy management guide, 9.3 `show table`, `show peers`; haproxy-semantics §2.4.
    pub struct RuntimeTableMismatch {
        code: "HA604",
        name: "runtime-table-mismatch",
        severity: Error,
        fix: Never,
        summary: "probe: a shared table is missing, unshared or different on a running instance",
    }
}
