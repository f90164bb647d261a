declare_rule! {
    /// ## What it does
    /// With `--through NAME=ADDR:PORT` and `--path /x`, sends one HTTP
    /// request through an instance's frontend, finds the client's entry in
    /// that instance's shared tables, then reads the same key on every other
    /// instance (`show table NAME key KEY`, polled until the timeout) and
    /// compares the server stored (`server_key`, else `server_id`).
    ///
    /// ## Why is this bad?
    /// This is the guide's manual test (curl through every instance and
    /// compare the servers) done by halint: an entry that never arrives, or
    /// arrives naming another server, means a client that fails over lands
    /// on another server and loses its session.
    ///
    /// ## Example
    /// ```text
    /// haproxy-1: key=127.0.0.1 server_key=s1
    /// haproxy-2: (no entry for 127.0.0.1 after 3s)
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// haproxy-2: key=127.0.0.1 server_key=s1
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the other runtime findings (or `halint check --cluster`) say why.
    ///
    /// ## References
    /// HAProxy management guide, 9.3 `show table`; haproxy-semantics §2.4.
    pub struct NotReplicated {
        code: "HA605",
        name: "not-replicated",
        severity: Error,
        fix: Never,
        summary: "probe: a client's table entry made on one instance is missing or different on another",
    }
}
