use super::{ClusterContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::model::cluster::{cluster_deviations, join_names};
use crate::model::{Model, Proxy};
use crate::settings::Version;
use crate::span::Span;
use crate::syntax::Parse;
use crate::views::stick_table::StickTable;
use rustc_hash::{FxHashMap, FxHashSet};

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
    /// Each finding is made in the files that differ from the majority (with
    /// two files, in both) and names the file it was compared with. The same
    /// names in another order are fine on 2.0+: entries are matched by name.
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
    /// No fix: halint cannot tell which server of one node is which server of
    /// another. Give servers the same names everywhere (and, for 1.8, the
    /// same `id N`).
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table` (`srvkey`), 5.2 `id`;
    /// haproxy-semantics §2.4 (CLUSTER-004).
    pub struct ServerIdentityMismatch {
        code: "HA503",
        name: "server-identity-mismatch",
        severity: Error,
        fix: Never,
        summary: "--cluster: a shared-table backend names or numbers its servers differently",
    }
}

const HELP: &str = "give the servers of a backend whose table is shared the same names on every instance";

/// A server of a backend as replication sees it.
struct Srv {
    /// Its name, or its address with `srvkey addr`.
    key: String,
    /// The numeric id HAProxy gives it.
    id: Option<u32>,
    name_span: Span,
    /// The `id` value, when given.
    id_span: Option<Span>,
}

/// The shared table the backend's stick rules use, if any.
fn shared_table<'m>(model: &'m Model, proxy: &'m Proxy) -> Option<&'m StickTable> {
    let own = proxy.name.as_deref()?;
    proxy.stick_rules.iter().find_map(|r| {
        let name = r.item.table.as_ref().map_or(own, |(n, _)| n.as_str());
        let table = match model.peers_table(name) {
            Some((_, t)) => &t.item.table,
            None => &model.table_owner(name)?.stick_tables.first()?.item,
        };
        (name.contains('/') || table.peers.is_some()).then_some(table)
    })
}

/// The servers in file order (templates included) with HAProxy's ids:
/// `id N`, else the first free id from a counter that every server advances.
fn servers(parse: &Parse, proxy: &Proxy, by_addr: bool) -> Vec<Srv> {
    let mut list: Vec<(usize, Srv)> = proxy
        .servers(parse)
        .filter(|s| !s.item.name.is_empty())
        .map(|s| {
            let key = match &s.item.address {
                Some((a, _)) if by_addr => a.normalized().map_or(a.text.clone(), |(h, p)| format!("{h}:{p}")),
                _ => s.item.name.to_string(),
            };
            let id = s.item.id.as_ref().and_then(|(v, _)| v.parse().ok());
            (s.line, Srv { key, id, name_span: s.item.name_span, id_span: s.item.id.as_ref().map(|i| i.1) })
        })
        .collect();
    for t in &proxy.server_templates {
        for name in t.item.server_names() {
            list.push((t.line, Srv { key: name, id: None, name_span: t.item.prefix_span, id_span: None }));
        }
    }
    list.sort_by_key(|(line, _)| *line);
    // A set, not a list: a template of 100,000 servers made the search quadratic.
    let mut used: FxHashSet<u32> = list.iter().filter_map(|(_, s)| s.id).collect();
    let mut next = 1;
    for (_, s) in &mut list {
        if s.id.is_none() {
            while used.contains(&next) {
                next += 1;
            }
            s.id = Some(next);
            used.insert(next);
        }
        next += 1;
    }
    list.into_iter().map(|(_, s)| s).collect()
}

fn key_set(servers: &[Srv]) -> FxHashSet<&str> {
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
            let lists: Vec<(usize, &Proxy, Vec<Srv>)> = sharing
                .iter()
                .map(|&(fi, p, by_addr)| (fi, p, servers(files[fi].parse, p, by_addr)))
                .collect();
            if ids_only {
                self.compare_ids(cx, backend, &lists);
            } else {
                self.compare_keys(cx, backend, &lists);
            }
        }
    }
}

type Lists<'m> = [(usize, &'m Proxy, Vec<Srv>)];

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
            let extra: Vec<&Srv> = mine.2.iter().filter(|s| !their_keys.contains(s.key.as_str())).collect();
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
            let fallback = |s: &Srv| {
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
        let by_key: Vec<(usize, FxHashMap<&str, &Srv>)> = lists
            .iter()
            .map(|(fi, _, l)| (*fi, l.iter().rev().map(|s| (s.key.as_str(), s)).collect()))
            .collect();
        let find = |fi: usize, key: &str| by_key.iter().find(|l| l.0 == fi)?.1.get(key).copied();
        for key in keys {
            let ids: Vec<(usize, u32)> =
                lists.iter().filter_map(|(fi, _, _)| Some((*fi, find(*fi, key)?.id?))).collect();
            for (fi, refs) in cluster_deviations(&ids) {
                let (Some(mine), Some(theirs)) = (find(fi, key), find(refs[0], key)) else { continue };
                let who = join_names(&refs.iter().map(|&i| files[i].path).collect::<Vec<_>>());
                let (mine_id, their_id) = (mine.id.unwrap_or_default(), theirs.id.unwrap_or_default());
                let d = Diagnostic::new(
                    &Self::META,
                    mine.id_span.unwrap_or(mine.name_span),
                    format!("server '{key}' of backend '{backend}' has id {mine_id} here but id {their_id} in {who}"),
                )
                .with_label(format!("{who}: id {their_id}"))
                .with_help("HAProxy 1.8 entries carry only the server id: give the server the same `id N` everywhere");
                cx.report(fi, d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::{Settings, Version};
    use crate::{parse, Linter};

    const LB1: &str = "peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 10.0.0.2:1024\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s1 10.0.1.1:80\n    server s2 10.0.1.2:80 id 7\n";
    const LB2: &str = "peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 10.0.0.2:1024\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n    server s2 10.0.1.2:80 id 7\n    server s1 10.0.1.1:80\n";

    fn findings(version: Option<&str>, lb2: &str) -> Vec<Vec<String>> {
        let settings = Settings {
            haproxy_version: version.map(|v| v.parse::<Version>().unwrap()),
            ..Settings::default()
        };
        let linter = Linter::new(settings).select(&["server-identity-mismatch".to_owned()], &[]).unwrap();
        let (p1, p2) = (parse(LB1), parse(lb2));
        let files = [("lb1.cfg", &p1, Some("lb1".to_owned())), ("lb2.cfg", &p2, Some("lb2".to_owned()))];
        linter
            .check_cluster(&files)
            .into_iter()
            .map(|ds| ds.into_iter().map(|d| d.message).collect())
            .collect()
    }

    #[test]
    fn ids_count_only_for_1_8() {
        // s1 is id 1 in lb1.cfg (first free), id 2 in lb2.cfg (the counter
        // passed the explicit `id 7` line first); s2 is id 7 on both.
        assert_eq!(findings(Some("2.6"), LB2), [Vec::<String>::new(), Vec::new()]);
        assert_eq!(findings(None, LB2), [Vec::<String>::new(), Vec::new()]);
        assert_eq!(
            findings(Some("1.8"), LB2),
            [
                vec!["server 's1' of backend 'app' has id 1 here but id 2 in lb2.cfg".to_owned()],
                vec!["server 's1' of backend 'app' has id 2 here but id 1 in lb1.cfg".to_owned()],
            ]
        );
        assert_eq!(findings(Some("1.8"), LB1), [Vec::<String>::new(), Vec::new()]);
    }
}
