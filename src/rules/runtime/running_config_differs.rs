declare_rule! {
    /// ## What it does
    /// Asks each running instance `show info` and says when what runs may
    /// not be the config checked: the config file changed after the process
    /// started (its modification time is later than the process's start), or
    /// the process runs another HAProxy version than the one the inventory
    /// targets (`--haproxy-version`, `haproxy-version` in halint.toml).
    ///
    /// ## Why is this bad?
    /// The other runtime findings compare the running processes with the
    /// checked file; if that file was never reloaded, they describe the
    /// old config, and the file's own fixes are not live yet.
    ///
    /// ## Example
    /// ```text
    /// haproxy-1 started 2 h ago; haproxy.cfg changed 5 min ago
    /// ```
    ///
    /// ## Use instead
    /// Reload the instances after changing the file (`systemctl reload haproxy`).
    ///
    /// ## Fix safety
    /// No fix.
    ///
    /// ## References
    /// HAProxy management guide, 9.3 `show info`. HAProxy 2.6 has no way to
    /// tell which file or text a process loaded, so this is a hint only.
    pub struct RunningConfigDiffers {
        code: "HA606",
        name: "running-config-differs",
        severity: Info,
        fix: Never,
        summary: "probe: the running process may not run the checked config (changed since, other version)",
    }
}
