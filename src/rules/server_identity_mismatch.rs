use super::{ClusterContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::edits::{append_words, quote_word};
use crate::fix::{Edit, Fix};
use crate::model::cluster::{cluster_deviations, join_names};
use crate::model::{directive_at, Model, Proxy};
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

/// A server of a backend as replication sees it.
struct Srv {
    /// Its name, or its address with `srvkey addr`.
    key: String,
    /// The numeric id HAProxy gives it.
    id: Option<u32>,
    name_span: Span,
    /// The `id` value, when given.
    id_span: Option<Span>,
    /// Its address (`host:port`, normalised), and the span of the word.
    addr: Option<(String, Span)>,
    /// Its name as written (the key may be its address).
    name: String,
    /// The line of a `server` line (`None` for a template's servers).
    line: Option<usize>,
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
            let addr =
                s.item.address.as_ref().map(|(a, span)| {
                    (a.normalized().map_or(a.text.clone(), |(h, p)| format!("{h}:{p}")), *span)
                });
            let key = match &addr {
                Some((a, _)) if by_addr => a.clone(),
                _ => s.item.name.to_string(),
            };
            let id = s.item.id.as_ref().and_then(|(v, _)| v.parse().ok());
            let srv = Srv {
                key,
                id,
                name_span: s.item.name_span,
                id_span: s.item.id.as_ref().map(|i| i.1),
                addr,
                name: s.item.name.to_string(),
                line: Some(s.line),
            };
            (s.line, srv)
        })
        .collect();
    for t in &proxy.server_templates {
        for name in t.item.server_names() {
            let srv = Srv {
                key: name.clone(),
                id: None,
                name_span: t.item.prefix_span,
                id_span: None,
                addr: None,
                name,
                line: None,
            };
            list.push((t.line, srv));
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
        let reference = canonical(&lists.iter().map(|(fi, _, l)| (*fi, id_map(l))).collect::<Vec<_>>());
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
        let identity = |s: &Srv| {
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
        let reference = canonical(&mappings);
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
            let wrong: Vec<(&Srv, &str)> = mine
                .2
                .iter()
                .filter_map(|s| {
                    let theirs = *their_addr.get(&identity(s))?;
                    (s.addr.as_ref()?.0 != theirs).then_some((s, theirs))
                })
                .collect();
            let Some(&(first, first_theirs)) = wrong.first() else { continue };
            let who = join_names(&refs.iter().map(|&i| files[i].path).collect::<Vec<_>>());
            let at = |s: &Srv| s.addr.as_ref().map_or(s.name_span, |a| a.1);
            let here = |s: &Srv| s.addr.as_ref().map_or("", |a| a.0.as_str()).to_owned();
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
fn id_map(list: &[Srv]) -> Vec<(String, Option<u32>)> {
    let mut m: Vec<(String, Option<u32>)> = list.iter().map(|s| (s.key.clone(), s.id)).collect();
    m.sort();
    m
}

/// The file every other file's fix aligns to: one of the largest group of
/// files holding one value, the one given first on a tie (with two files,
/// only the second is rewritten: never both toward each other).
fn canonical<T: PartialEq>(values: &[(usize, T)]) -> Option<usize> {
    let mut groups: Vec<(&T, Vec<usize>)> = Vec::new();
    for (file, value) in values {
        match groups.iter_mut().find(|(v, _)| *v == value) {
            Some((_, files)) => files.push(*file),
            None => groups.push((value, vec![*file])),
        }
    }
    let most = groups.iter().map(|g| g.1.len()).max()?;
    groups.iter().filter(|g| g.1.len() == most).map(|g| g.1[0]).min()
}

/// Matches each server of file `fi` with the server of file `r` of the same
/// `key` (name, or address), both ways one to one; `None` when any has no
/// match or several.
fn pair_up<'l>(
    lists: &'l Lists<'_>,
    fi: usize,
    r: usize,
    key: impl Fn(&Srv) -> String,
) -> Option<Vec<(&'l Srv, &'l Srv)>> {
    let mine = &lists.iter().find(|l| l.0 == fi)?.2;
    let theirs = &lists.iter().find(|l| l.0 == r)?.2;
    if mine.len() != theirs.len() {
        return None;
    }
    let mut by_key: FxHashMap<String, &Srv> = FxHashMap::default();
    for t in theirs {
        if by_key.insert(key(t), t).is_some() {
            return None;
        }
    }
    let mut pairs = Vec::new();
    let mut used = FxHashSet::default();
    for m in mine {
        let k = key(m);
        let t = *by_key.get(&k)?;
        if k.is_empty() || !used.insert(k) {
            return None;
        }
        pairs.push((m, t));
    }
    Some(pairs)
}

/// 2.0+: rename the servers of file `fi` after the servers of file `r` at
/// the same addresses.
fn rename_fix(lists: &Lists<'_>, fi: usize, r: usize) -> Option<Fix> {
    let pairs = pair_up(lists, fi, r, |s| s.addr.as_ref().map_or(String::new(), |a| a.0.clone()))?;
    let edits: Vec<Edit> = pairs
        .iter()
        .filter(|(m, t)| m.name != t.name)
        .map(|(m, t)| m.line.map(|_| Edit::replace(m.name_span, quote_word(&t.name))))
        .collect::<Option<_>>()?;
    let renamed: Vec<String> = pairs
        .iter()
        .filter(|(m, t)| m.name != t.name)
        .map(|(m, t)| format!("'{}' to '{}'", m.name, t.name))
        .collect();
    (!edits.is_empty()).then(|| {
        Fix::unsafe_(
            format!("rename server {}", join_names(&renamed.iter().map(String::as_str).collect::<Vec<_>>())),
            edits,
        )
    })
}

/// Give each server of file `fi` the id of its match (by `key`) in file
/// `r`, explicitly.
fn ids_fix(
    cx: &ClusterContext<'_>,
    lists: &Lists<'_>,
    fi: usize,
    r: usize,
    key: impl Fn(&Srv) -> String,
) -> Option<Fix> {
    let pairs = pair_up(lists, fi, r, key)?;
    let parse = cx.files[fi].parse;
    let mut edits = Vec::new();
    for (m, t) in &pairs {
        let id = t.id?;
        // Every server gets its id written out, the right ones included: a
        // server left without one would take the first id the others leave free.
        match m.id_span {
            Some(_) if m.id == Some(id) => {}
            Some(span) => edits.push(Edit::replace(span, id.to_string())),
            None => edits.push(append_words(directive_at(parse, m.line?)?, &format!("id {id}"))),
        }
    }
    (!edits.is_empty())
        .then(|| Fix::unsafe_(format!("give the servers the ids they have in {}", cx.files[r].path), edits))
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

    /// The findings of lb2 against lb1, and lb2's text once its fixes apply
    /// (up to three rounds, as `--fix` would go on).
    fn check_and_fix(version: &str, lb1: &str, lb2: &str) -> (Vec<String>, String) {
        let (messages, mut fixed) = check_and_fix_once(version, lb1, lb2);
        for _ in 0..2 {
            fixed = check_and_fix_once(version, lb1, &fixed).1;
        }
        (messages, fixed)
    }

    fn check_and_fix_once(version: &str, lb1: &str, lb2: &str) -> (Vec<String>, String) {
        let settings = Settings { haproxy_version: Some(version.parse().unwrap()), ..Settings::default() };
        let linter = Linter::new(settings).select(&["server-identity-mismatch".to_owned()], &[]).unwrap();
        let (p1, p2) = (parse(lb1), parse(lb2));
        let files = [("lb1.cfg", &p1, Some("lb1".to_owned())), ("lb2.cfg", &p2, Some("lb2".to_owned()))];
        let found = linter.check_cluster(&files);
        assert!(found[0].iter().all(|d| d.fix.is_none()), "the first file is the reference: {:?}", found[0]);
        let fixes: Vec<&crate::fix::Fix> = found[1].iter().filter_map(|d| d.fix.as_ref()).collect();
        let (fixed, _) = crate::fix::apply::apply_fixes(lb2, &fixes);
        (found[1].iter().map(|d| d.message.clone()).collect(), fixed)
    }

    fn backend(servers: &str) -> String {
        format!("peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 10.0.0.2:1024\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n{servers}")
    }

    #[test]
    fn swapped_addresses_are_reported_and_renamed_back() {
        let lb1 = backend("    server s1 10.0.1.1:80\n    server s2 10.0.1.2:80\n");
        let lb2 = backend("    server s1 10.0.1.2:80\n    server s2 10.0.1.1:80\n");
        for version in ["2.6", "1.8"] {
            let (messages, fixed) = check_and_fix(version, &lb1, &lb2);
            assert_eq!(messages.len(), 1, "{version}: {messages:?}");
            assert!(messages[0].contains("server"), "{messages:?}");
            let (again, _) = check_and_fix(version, &lb1, &fixed);
            assert!(again.is_empty(), "{version}: fixed text still differs:\n{fixed}\n{again:?}");
        }
        // 2.6 renames: the servers at each address take lb1's names.
        let (_, fixed) = check_and_fix("2.6", &lb1, &lb2);
        assert!(fixed.ends_with("    server s2 10.0.1.2:80\n    server s1 10.0.1.1:80\n"), "{fixed}");
    }

    #[test]
    fn the_same_servers_in_another_order_with_equal_ids_are_fine() {
        let lb1 = backend("    server s1 10.0.1.1:80 id 1\n    server s2 10.0.1.2:80 id 2\n");
        let lb2 = backend("    server s2 10.0.1.2:80 id 2\n    server s1 10.0.1.1:80 id 1\n");
        for version in ["2.6", "1.8"] {
            assert_eq!(check_and_fix(version, &lb1, &lb2).0, Vec::<String>::new(), "{version}");
        }
        // Without the ids, 1.8 numbers them by position: reported, and fixed
        // by writing lb1's ids out.
        let lb1 = backend("    server s1 10.0.1.1:80\n    server s2 10.0.1.2:80\n");
        let lb2 = backend("    server s2 10.0.1.2:80\n    server s1 10.0.1.1:80\n");
        assert!(check_and_fix("2.6", &lb1, &lb2).0.is_empty());
        let (messages, fixed) = check_and_fix("1.8", &lb1, &lb2);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            fixed.ends_with("    server s2 10.0.1.2:80 id 2\n    server s1 10.0.1.1:80 id 1\n"),
            "{fixed}"
        );
        assert!(check_and_fix("1.8", &lb1, &fixed).0.is_empty());
    }
}
