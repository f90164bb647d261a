//! Servers as stick-table replication sees them: a backend whose stick
//! rules use a shared table (one with `peers`, or a peers-section table)
//! sends entries naming each server by name (2.0+), by address (`srvkey
//! addr`, 2.4+) or, on 1.8, by numeric id. `server-identity-mismatch`
//! compares these identities across the files of a cluster.

use super::{Model, Proxy};
use crate::span::Span;
use crate::syntax::Parse;
use crate::views::stick_table::StickTable;
use rustc_hash::{FxHashMap, FxHashSet};

/// A server of a backend as replication sees it.
pub(crate) struct ReplicatedServer {
    /// Its name, or its address with `srvkey addr`.
    pub(crate) key: String,
    /// The numeric id HAProxy gives it.
    pub(crate) id: Option<u32>,
    pub(crate) name_span: Span,
    /// The `id` value, when given.
    pub(crate) id_span: Option<Span>,
    /// Its address (`host:port`, normalised), and the span of the word.
    pub(crate) addr: Option<(String, Span)>,
    /// Its name as written (the key may be its address).
    pub(crate) name: String,
    /// The line of a `server` line (`None` for a template's servers).
    pub(crate) line: Option<usize>,
}

/// The shared table the backend's stick rules use, if any.
pub(crate) fn shared_table<'m>(model: &'m Model, proxy: &'m Proxy) -> Option<&'m StickTable> {
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
/// `by_addr`: they are keyed by address (`srvkey addr`).
pub(crate) fn replicated_servers(parse: &Parse, proxy: &Proxy, by_addr: bool) -> Vec<ReplicatedServer> {
    let mut list: Vec<(usize, ReplicatedServer)> = proxy
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
            let srv = ReplicatedServer {
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
            let srv = ReplicatedServer {
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

/// Matches each server of `mine` with the server of `theirs` of the same
/// `key` (name, or address), both ways one to one; `None` when any has no
/// match or several.
pub(crate) fn pair_up<'l>(
    mine: &'l [ReplicatedServer],
    theirs: &'l [ReplicatedServer],
    key: impl Fn(&ReplicatedServer) -> String,
) -> Option<Vec<(&'l ReplicatedServer, &'l ReplicatedServer)>> {
    if mine.len() != theirs.len() {
        return None;
    }
    let mut by_key: FxHashMap<String, &ReplicatedServer> = FxHashMap::default();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(cfg: &str) -> Vec<(String, Option<u32>)> {
        let parse = crate::parse(cfg);
        let model = Model::build(&parse);
        let app = model.backend("app").expect("backend app");
        assert!(shared_table(&model, app).is_some());
        replicated_servers(&parse, app, false).into_iter().map(|s| (s.key, s.id)).collect()
    }

    #[test]
    fn ids_are_explicit_or_the_first_free_one_of_a_counter_every_server_advances() {
        let head = "peers mesh\n    peer lb1 10.0.0.1:1024\n\nbackend app\n    stick-table type ip size 20k peers mesh\n    stick on src\n";
        let got = ids(&format!("{head}    server s1 10.0.1.1:80\n    server s2 10.0.1.2:80 id 7\n"));
        assert_eq!(got, [("s1".to_owned(), Some(1)), ("s2".to_owned(), Some(7))]);
        // The counter passed the explicit `id 7` line first.
        let got = ids(&format!("{head}    server s2 10.0.1.2:80 id 7\n    server s1 10.0.1.1:80\n"));
        assert_eq!(got, [("s2".to_owned(), Some(7)), ("s1".to_owned(), Some(2))]);
        let got = ids(&format!("{head}    server s1 10.0.1.1:80 id 2\n    server-template w 2 app:80\n"));
        assert_eq!(got, [("s1".to_owned(), Some(2)), ("w1".to_owned(), Some(3)), ("w2".to_owned(), Some(4))]);
    }
}
