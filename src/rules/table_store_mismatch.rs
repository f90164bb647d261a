use super::{ClusterContext, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::cluster::{cluster_deviations, join_names};
use crate::model::tables::{distinct, tables, FileTables};
use crate::views::stick_table::StickTable;

declare_rule! {
    /// ## What it does
    /// With `--cluster`, compares how the instances' shared stick tables
    /// (tables with `peers`, and peers-section `table` lines) of one name
    /// key their servers and what they store:
    ///
    /// - `srvkey` (`name`, the default, or `addr`) differs: an error;
    /// - the `store` lists differ (order aside): a warning.
    ///
    /// Key type and length are `table-definition-mismatch`'s business.
    ///
    /// ## Why is this bad?
    /// Entries carry their server as a key written the way the sender's
    /// `srvkey` says: a server name on one node, `ip:port` on the other. The
    /// receiver looks the key up its own way, does not find it and falls back
    /// to the numeric server id, which may be another server: clients are
    /// sent to the wrong server after a failover. A data type stored on one
    /// node only is not replicated: counters used for rate limiting or
    /// blocking start from zero on the other node.
    ///
    /// ## Example
    /// ```haproxy
    /// # lb1.cfg
    /// backend app
    ///     stick-table type ip size 20k peers mesh srvkey addr store http_req_rate(10s)
    /// # lb2.cfg
    /// backend app
    ///     stick-table type ip size 20k peers mesh
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// # lb1.cfg and lb2.cfg
    /// backend app
    ///     stick-table type ip size 20k peers mesh srvkey addr store http_req_rate(10s)
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which definition is meant is the user's call (the majority is
    /// only a hint).
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table` (`srvkey`, `store`);
    /// haproxy-semantics §2.4 (CLUSTER-005).
    pub struct TableStoreMismatch {
        code: "HA505",
        name: "table-store-mismatch",
        severity: Error,
        fix: Never,
        summary: "--cluster: one shared table with different srvkey or store lists between instances",
    }
}

const HELP: &str = "define each shared table alike on every instance: same `srvkey`, same `store` list";

fn srvkey(t: &StickTable) -> &str {
    t.srvkey.as_ref().map_or("name", |(k, _)| k.as_str())
}

fn store_set(t: &StickTable) -> Vec<&str> {
    let mut set: Vec<&str> = t.store.iter().map(|(s, _)| s.as_str().trim()).collect();
    set.sort_unstable();
    set.dedup();
    set
}

fn listing(items: &[&str]) -> String {
    if items.is_empty() {
        "nothing".to_owned()
    } else {
        items.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(", ")
    }
}

impl Rule for TableStoreMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cx: &mut ClusterContext<'_>) {
        let files = cx.files;
        let tables: Vec<FileTables<'_>> = files.iter().map(|f| tables(f.model)).collect();
        let who = |idx: &[usize]| join_names(&idx.iter().map(|&i| files[i].path).collect::<Vec<_>>());
        let shared = |fi: usize, name: &str| tables[fi].get(name).filter(|d| d.shared()).map(|d| d.table);
        for name in
            distinct(tables.iter().flat_map(|f| &f.list).filter(|d| d.shared()).map(|d| d.name.as_str()))
        {
            let defs: Vec<(usize, &StickTable)> =
                (0..files.len()).filter_map(|fi| Some((fi, shared(fi, name)?))).collect();
            let find = |fi: usize| defs.iter().find(|(f, _)| *f == fi).map(|(_, t)| *t);
            let keys: Vec<(usize, &str)> = defs.iter().map(|&(fi, t)| (fi, srvkey(t))).collect();
            for (fi, refs) in cluster_deviations(&keys) {
                let (Some(mine), Some(theirs)) = (find(fi), find(refs[0])) else { continue };
                let span = mine.srvkey.as_ref().map_or(mine.keyword, |(_, s)| *s);
                let d = Diagnostic::new(
                    &Self::META,
                    span,
                    format!(
                        "table '{name}' keys servers by {} here but by {} in {}",
                        srvkey(mine),
                        srvkey(theirs),
                        who(&refs)
                    ),
                )
                .with_label(format!("{}: srvkey {}", who(&refs), srvkey(theirs)))
                .with_help(format!(
                    "{HELP}; entries from a node keying by another srvkey fall back to server ids"
                ));
                cx.report(fi, d);
            }
            let stores: Vec<(usize, Vec<&str>)> = defs.iter().map(|&(fi, t)| (fi, store_set(t))).collect();
            for (fi, refs) in cluster_deviations(&stores) {
                let (Some(mine), Some(theirs)) = (find(fi), find(refs[0])) else { continue };
                let (my_set, their_set) = (store_set(mine), store_set(theirs));
                let only_here: Vec<&str> =
                    my_set.iter().filter(|s| !their_set.contains(s)).copied().collect();
                let only_there: Vec<&str> =
                    their_set.iter().filter(|s| !my_set.contains(s)).copied().collect();
                // At the first data type stored here only, else at the list.
                let extra = mine.store.iter().find(|(s, _)| only_here.contains(&s.as_str().trim()));
                let span = extra.or(mine.store.first()).map_or(mine.keyword, |(_, s)| *s);
                let mut d = Diagnostic::new(
                    &Self::META,
                    span,
                    format!(
                        "table '{name}' stores {} here but {} in {}",
                        listing(&my_set),
                        listing(&their_set),
                        who(&refs)
                    ),
                )
                .with_label(match (only_here.is_empty(), only_there.is_empty()) {
                    (false, true) => format!("not replicated: {}", listing(&only_here)),
                    (true, false) => format!("{} not received here", listing(&only_there)),
                    _ => format!(
                        "only here: {}; only in {}: {}",
                        listing(&only_here),
                        who(&refs),
                        listing(&only_there)
                    ),
                })
                .with_help(format!("{HELP}; a data type stored on one side only is not replicated"));
                d.severity = Severity::Warning;
                cx.report(fi, d);
            }
        }
    }
}
