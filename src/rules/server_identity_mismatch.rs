use super::{ClusterContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::model::cluster::{cluster_deviations, cluster_reference, join_names};
use crate::model::server_identity::{replicated_servers, shared_table, ReplicatedServer};
use crate::model::Proxy;
use crate::schema::Version;
use fixes::{ids_fix, rename_fix};
use rustc_hash::{FxHashMap, FxHashSet};

mod fixes;

declare_rule! {
    /// ## What it does
    /// With `--cluster`, compares the servers of each backend (or listen) that
    /// sticks clients to servers through a shared table (a `stick` rule whose
    /// table has `peers`, or is a peers-section `table`) on two or more
    /// instances. It reports a backend whose set of server names differs
    /// between files (with `srvkey addr`, the set of server addresses), in any
    /// order. For HAProxy 1.8 (`--haproxy-version 1.8`), whose entries carry
    /// only the numeric server id, it compares each server's id instead: its
    /// `id N`, else the one HAProxy assigns (its position among the servers,
    /// skipping ids taken explicitly).
    ///
    /// Once the names (1.8: the ids) agree, it compares the address each one
    /// stands for: `server s1 10.0.0.1:80` on one instance and `server s1
    /// 10.0.0.2:80` on another send a client stuck to `s1` to two different
    /// servers.
    ///
    /// Each finding is made in the files that differ from the majority (with
    /// two files, in both) and names the file it was compared with. The same
    /// names in another order are fine on 2.0+: entries are matched by name;
    /// so are the same addresses in another order with equal explicit `id`s.
    ///
    /// ## Why is this bad?
    /// A replicated entry names the server a client sticks to (2.0+), or its
    /// `ip:port` with `srvkey addr` (2.4+), and falls back to the numeric id
    /// when the receiving node has no such server. Verified live: with other
    /// names in another order, entries arrive but every client is sent to the
    /// wrong server. Nothing warns about it.
    ///
    /// ## Example
    /// ```haproxy
    /// # lb1.cfg
    /// backend app
    ///     stick-table type ip size 20k peers mesh
    ///     stick on src
    ///     server web1 10.0.1.1:80
    ///     server web2 10.0.1.2:80
    /// # lb2.cfg
    /// backend app
    ///     stick-table type ip size 20k peers mesh
    ///     stick on src
    ///     server s2 10.0.1.2:80
    ///     server s1 10.0.1.1:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// # lb1.cfg and lb2.cfg
    /// backend app
    ///     stick-table type ip size 20k peers mesh
    ///     stick on src
    ///     server web1 10.0.1.1:80
    ///     server web2 10.0.1.2:80
    /// ```
    ///
    /// ## Fix safety
    /// A fix only where the servers pair up one to one with those of the
    /// reference file (the majority's, else the one given first; with two
    /// files only the second is changed): servers at swapped addresses are
    /// renamed after the reference's servers at the same addresses; for 1.8,
    /// servers numbered otherwise get the reference's `id` explicitly (after
    /// a rename, on the next round). Both are unsafe:
    /// entries already stored under the old names or ids, `use-server`
    /// rules and the stats page follow the rename. Servers that do not pair
    /// up (other names at other addresses) get no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table` (`srvkey`), 5.2 `id`;
    /// haproxy-semantics §2.4 (CLUSTER-004).
    pub struct ServerIdentityMismatch {
        code: "HA503",
        name: "server-identity-mismatch",
        severity: Error,
        fix: Sometimes,
        summary: "--cluster: a shared-table backend names, numbers or addresses its servers differently",
    }
}

const HELP: &str = "give the servers of a backend whose table is shared the same names on every instance";

fn key_set(servers: &[ReplicatedServer]) -> FxHashSet<&str> {
    servers.iter().map(|s| s.key.as_str()).collect()
}

fn listing(keys: &[&str]) -> String {
    let mut shown: Vec<String> = keys.iter().take(5).map(|k| format!("'{k}'")).collect();
    if keys.len() > 5 {
        shown.push(format!("{} more", keys.len() - 5));
    }
    let plural = if keys.len() == 1 { "server" } else { "servers" };
    format!("{plural} {}", join_names(&shown.iter().map(String::as_str).collect::<Vec<_>>()))
}

impl Rule for ServerIdentityMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cx: &mut ClusterContext<'_>) {
        let files = cx.files;
        let ids_only = cx.settings.haproxy_version.is_some_and(|v| v < Version { major: 2, minor: 0 });
        // Each backend name once, in order (a set: there can be 50,000).
        let mut seen = rustc_hash::FxHashSet::default();
        let backends: Vec<&str> = files
            .iter()
            .flat_map(|f| f.model.proxies.iter().filter(|p| p.has_backend_capability()))
            .filter_map(|p| p.name.as_deref())
            .filter(|name| seen.insert(*name))
            .collect();
        for backend in backends {
            // (file, backend, srvkey addr) where the backend shares its entries.
            let sharing: Vec<(usize, &Proxy, bool)> = files
                .iter()
                .enumerate()
                .filter_map(|(fi, f)| {
                    let p = f.model.backend(backend)?;
                    let t = shared_table(f.model, p)?;
                    Some((fi, p, t.srvkey.as_ref().is_some_and(|(k, _)| k == "addr")))
                })
                .collect();
            // A different `srvkey` is `table-store-mismatch`'s finding: the keys cannot be compared.
            if sharing.len() < 2 || sharing.iter().any(|s| s.2 != sharing[0].2) {
                continue;
            }
            let lists: Vec<(usize, &Proxy, Vec<ReplicatedServer>)> = sharing
                .iter()
                .map(|&(fi, p, by_addr)| (fi, p, replicated_servers(files[fi].parse, p, by_addr)))
                .collect();
            // Addresses are compared once the identities agree: one cause,
            // one finding.
            let before = cx.diagnostics.len();
            if ids_only {
                self.compare_ids(cx, backend, &lists);
            } else {
                self.compare_keys(cx, backend, &lists);
            }
            let by_addr = sharing[0].2;
            if cx.diagnostics.len() == before && !by_addr {
                self.compare_addresses(cx, backend, &lists, ids_only);
            }
        }
    }
}

type Lists<'m> = [(usize, &'m Proxy, Vec<ReplicatedServer>)];

impl ServerIdentityMismatch {
    /// 2.0+: the set of names (or addresses) must be the same.
    fn compare_keys(&self, cx: &mut ClusterContext<'_>, backend: &str, lists: &Lists<'_>) {
        let files = cx.files;
        let sets: Vec<(usize, Vec<&str>)> = lists
            .iter()
            .map(|(fi, _, l)| {
                let mut keys: Vec<&str> = l.iter().map(|s| s.key.as_str()).collect();
                keys.sort_unstable();
                keys.dedup();
                (*fi, keys)
            })
            .collect();
        for (fi, refs) in cluster_deviations(&sets) {
            let (Some(mine), Some(theirs)) =
                (lists.iter().find(|l| l.0 == fi), lists.iter().find(|l| l.0 == refs[0]))
            else {
                continue;
            };
            let who = join_names(&refs.iter().map(|&i| files[i].path).collect::<Vec<_>>());
            let (my_keys, their_keys) = (key_set(&mine.2), key_set(&theirs.2));
            let extra: Vec<&ReplicatedServer> =
                mine.2.iter().filter(|s| !their_keys.contains(s.key.as_str())).collect();
            let mut missing: Vec<&str> = theirs
                .2
                .iter()
                .filter(|s| !my_keys.contains(s.key.as_str()))
                .map(|s| s.key.as_str())
                .collect();
            missing.dedup();
            let mut extra_keys: Vec<&str> = extra.iter().map(|s| s.key.as_str()).collect();
            extra_keys.dedup();
            let kind = mine.1.kind.keyword();
            let (lacks, has_word) = if refs.len() == 1 { ("lacks", "has") } else { ("lack", "have") };
            let message = match (extra_keys.is_empty(), missing.is_empty()) {
                (false, true) => {
                    format!("{kind} '{backend}' has {} that {who} {lacks}", listing(&extra_keys))
                }
                (true, false) => {
                    format!("{kind} '{backend}' lacks {} that {who} {has_word}", listing(&missing))
                }
                _ => format!(
                    "{kind} '{backend}' has {} that {who} {lacks}, and lacks {} that {who} {has_word}",
                    listing(&extra_keys),
                    listing(&missing)
                ),
            };
            // Where another node's entries for this server land: by id.
            let by_id: FxHashMap<Option<u32>, &str> =
                theirs.2.iter().rev().map(|t| (t.id, t.key.as_str())).collect();
            let fallback = |s: &ReplicatedServer| {
                let target = by_id.get(&s.id).copied();
                let id = s.id.unwrap_or_default();
                match target {
                    Some(t) => format!(
                        "not in {}: its entries fall back to id {id}, '{t}' there",
                        files[refs[0]].path
                    ),
                    None => format!(
                        "not in {}: its entries fall back to id {id}, which no server has there",
                        files[refs[0]].path
                    ),
                }
            };
            let mut d = match extra.first() {
                Some(first) => {
                    Diagnostic::new(&Self::META, first.name_span, message).with_label(fallback(first))
                }
                None => Diagnostic::new(&Self::META, mine.1.name_span, message)
                    .with_label(format!("no {} here", listing(&missing))),
            };
            for s in extra.iter().skip(1) {
                d = d.with_secondary(s.name_span, fallback(s));
            }
            cx.report(fi, d.with_help(HELP));
        }
    }

    /// 1.8: a server of one name must have one id everywhere.
    fn compare_ids(&self, cx: &mut ClusterContext<'_>, backend: &str, lists: &Lists<'_>) {
        let files = cx.files;
        let mut seen = FxHashSet::default();
        let keys: Vec<&str> =
            lists.iter().flat_map(|l| &l.2).map(|s| s.key.as_str()).filter(|k| seen.insert(*k)).collect();
        // Per file, each key's first server (`rev`: the first one wins).
        let by_key: Vec<(usize, FxHashMap<&str, &ReplicatedServer>)> = lists
            .iter()
            .map(|(fi, _, l)| (*fi, l.iter().rev().map(|s| (s.key.as_str(), s)).collect()))
            .collect();
        let find = |fi: usize, key: &str| by_key.iter().find(|l| l.0 == fi)?.1.get(key).copied();
        let reference =
            cluster_reference(&lists.iter().map(|(fi, _, l)| (*fi, id_map(l))).collect::<Vec<_>>());
        // The fix goes with the first finding of each file.
        let mut fixed_files = FxHashSet::default();
        for key in keys {
            let ids: Vec<(usize, u32)> =
                lists.iter().filter_map(|(fi, _, _)| Some((*fi, find(*fi, key)?.id?))).collect();
            for (fi, refs) in cluster_deviations(&ids) {
                let (Some(mine), Some(theirs)) = (find(fi, key), find(refs[0], key)) else { continue };
                let who = join_names(&refs.iter().map(|&i| files[i].path).collect::<Vec<_>>());
                let (mine_id, their_id) = (mine.id.unwrap_or_default(), theirs.id.unwrap_or_default());
                let mut d = Diagnostic::new(
                    &Self::META,
                    mine.id_span.unwrap_or(mine.name_span),
                    format!("server '{key}' of backend '{backend}' has id {mine_id} here but id {their_id} in {who}"),
                )
                .with_label(format!("{who}: id {their_id}"))
                .with_help("HAProxy 1.8 entries carry only the server id: give the server the same `id N` everywhere");
                if let Some(r) = reference.filter(|&r| r != fi && fixed_files.insert(fi)) {
                    if let Some(fix) = ids_fix(cx, lists, fi, r, |s| s.key.clone()) {
                        d = d.with_fix(fix);
                    }
                }
                cx.report(fi, d);
            }
        }
    }

    /// Once identities agree: the server each identity (name, or id for
    /// 1.8) stands for must have one address everywhere.
    fn compare_addresses(
        &self,
        cx: &mut ClusterContext<'_>,
        backend: &str,
        lists: &Lists<'_>,
        ids_only: bool,
    ) {
        let files = cx.files;
        let identity = |s: &ReplicatedServer| {
            if ids_only {
                format!("id {}", s.id.unwrap_or_default())
            } else {
                format!("'{}'", s.key)
            }
        };
        let mappings: Vec<(usize, AddressMap)> = lists
            .iter()
            .map(|(fi, _, l)| {
                let mut m: Vec<(String, Option<String>)> =
                    l.iter().map(|s| (identity(s), s.addr.as_ref().map(|a| a.0.clone()))).collect();
                m.sort();
                m.dedup_by(|a, b| a.0 == b.0);
                (*fi, m)
            })
            .collect();
        let reference = cluster_reference(&mappings);
        for (fi, refs) in cluster_deviations(&mappings) {
            let (Some(mine), Some(theirs)) =
                (lists.iter().find(|l| l.0 == fi), lists.iter().find(|l| l.0 == refs[0]))
            else {
                continue;
            };
            let their_addr: FxHashMap<String, &str> = theirs
                .2
                .iter()
                .rev()
                .filter_map(|s| Some((identity(s), s.addr.as_ref()?.0.as_str())))
                .collect();
            let wrong: Vec<(&ReplicatedServer, &str)> = mine
                .2
                .iter()
                .filter_map(|s| {
                    let theirs = *their_addr.get(&identity(s))?;
                    (s.addr.as_ref()?.0 != theirs).then_some((s, theirs))
                })
                .collect();
            let Some(&(first, first_theirs)) = wrong.first() else { continue };
            let who = join_names(&refs.iter().map(|&i| files[i].path).collect::<Vec<_>>());
            let at = |s: &ReplicatedServer| s.addr.as_ref().map_or(s.name_span, |a| a.1);
            let here = |s: &ReplicatedServer| s.addr.as_ref().map_or("", |a| a.0.as_str()).to_owned();
            let more = match wrong.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let mut d = Diagnostic::new(
                &Self::META,
                at(first),
                format!(
                    "{} '{backend}': server {} is {} here but {first_theirs} in {who}{more}",
                    mine.1.kind.keyword(),
                    identity(first),
                    here(first)
                ),
            )
            .with_label(format!("a client stuck to {} through {who} lands on another server here", identity(first)))
            .with_help("a replicated entry names its server: give each server the same name (and id) and address everywhere");
            for &(s, theirs) in &wrong[1..] {
                d = d.with_secondary(at(s), format!("{} is {theirs} in {who}", identity(s)));
            }
            if let Some(r) = reference.filter(|&r| r != fi) {
                // Names follow addresses (for 1.8 too: the ids then follow
                // the names, by compare_ids' fix on the next round).
                if let Some(fix) = rename_fix(lists, fi, r) {
                    d = d.with_fix(fix);
                }
            }
            cx.report(fi, d);
        }
    }
}

/// Each identity (name, or `id N`) with its address, sorted.
type AddressMap = Vec<(String, Option<String>)>;

/// Each server's id, sorted by name (what 1.8 matches on).
fn id_map(list: &[ReplicatedServer]) -> Vec<(String, Option<u32>)> {
    let mut m: Vec<(String, Option<u32>)> = list.iter().map(|s| (s.key.clone(), s.id)).collect();
    m.sort();
    m
}

#[cfg(test)]
mod tests;
