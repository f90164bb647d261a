//! What the checked config and the inventory say the running cluster
//! should be: the peers section, its peers and their addresses, and the
//! tables shared through it. Each item keeps the span of its line so a
//! runtime finding points at the config text it contradicts.

use crate::model::tables::tables;
use crate::model::Model;
use crate::settings::Settings;
use crate::span::Span;
use crate::views::address::Address;
use crate::views::stick_table::KeyType;
use crate::Parse;

/// The cluster as the config describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// The peers section the cluster uses.
    pub section: String,
    /// Its name in the config (empty span without a config).
    pub section_span: Span,
    /// Every instance, by the name HAProxy must know it by.
    pub peers: Vec<ExpectedPeer>,
    /// The tables shared through the section.
    pub tables: Vec<ExpectedTable>,
}

/// One instance of the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedPeer {
    /// Its peer name.
    pub name: String,
    /// Where its peers listener is: the inventory's address, else the config's.
    pub address: Option<String>,
    /// Its peer line (the section name when it has none).
    pub span: Span,
}

/// One shared table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedTable {
    /// The name `show table` gives it: the proxy's, or `<peers>/<table>`.
    pub name: String,
    /// The key type as `show table` names it (`ip`, `ipv6`, `integer`, `string`, `binary`).
    pub key_type: Option<String>,
    /// The size in entries.
    pub size: Option<u64>,
    /// The data types stored (`store` arguments, periods left out).
    pub store: Vec<String>,
    /// Its `stick-table`/`table` line.
    pub span: Span,
}

impl Expected {
    /// The expected peer named `name`.
    pub fn peer(&self, name: &str) -> Option<&ExpectedPeer> {
        self.peers.iter().find(|p| p.name == name)
    }

    /// Only the inventory (no config given): the section named by
    /// halint.toml's `peers`, with the inventory's instances.
    pub fn from_inventory(settings: &Settings) -> Option<Expected> {
        Some(Expected {
            section: settings.peers_section.clone()?,
            section_span: Span { start: 0, end: 0 },
            peers: settings
                .instances
                .iter()
                .map(|i| ExpectedPeer {
                    name: i.name.clone(),
                    address: i.address.clone(),
                    span: Span { start: 0, end: 0 },
                })
                .collect(),
            tables: Vec::new(),
        })
    }

    /// What `parse` (one instance's config) and the inventory say. The
    /// section is halint.toml's `peers`, else the one the stick tables
    /// use, else the only one; `None` when the config has no peers section.
    pub fn from_config(parse: &Parse, settings: &Settings) -> Option<Expected> {
        let model = Model::build(parse);
        let used = model.proxies.iter().find_map(|p| p.stick_tables.first()?.item.peers.as_ref());
        let name = settings
            .peers_section
            .clone()
            .or_else(|| used.map(|(n, _)| n.to_string()))
            .or_else(|| (model.peers.len() == 1).then(|| model.peers[0].name.to_string()))?;
        let section = model.peers_section(&name)?;
        let line_of = |peer: &str| {
            section
                .peers
                .iter()
                .find(|p| p.item.name == peer)
                .map(|p| (p.item.name_span, p.item.address.as_ref()))
        };
        let peers = if settings.instances.is_empty() {
            section
                .peers
                .iter()
                .map(|p| ExpectedPeer {
                    name: p.item.name.to_string(),
                    address: p.item.address.as_ref().map(|(a, _)| a.text.clone()),
                    span: p.item.name_span,
                })
                .collect()
        } else {
            settings
                .instances
                .iter()
                .map(|i| {
                    let line = line_of(&i.name);
                    ExpectedPeer {
                        name: i.name.clone(),
                        address: i.address.clone().or_else(|| line?.1.map(|(a, _)| a.text.clone())),
                        span: line.map_or(section.name_span, |(span, _)| span),
                    }
                })
                .collect()
        };
        let tables = tables(&model)
            .list
            .iter()
            .filter(|t| {
                t.section == Some(name.as_str()) || t.table.peers.as_ref().is_some_and(|(p, _)| *p == name)
            })
            .map(|t| ExpectedTable {
                name: t.name.clone(),
                key_type: t.key().map(|(kt, _)| key_type_name(&kt)),
                size: t.table.size_value,
                store: t.table.store.iter().map(|(s, _)| data_name(s)).collect(),
                span: t.table.keyword,
            })
            .collect();
        Some(Expected { section: name, section_span: section.name_span, peers, tables })
    }
}

/// The addresses of the `stats socket` lines of `global`, as written
/// (HAProxy reads its runtime API there).
pub fn stats_sockets(parse: &Parse) -> Vec<String> {
    let file = parse.file();
    let src = parse.source();
    let globals = file.sections.iter().filter(|s| s.kind == crate::ast::SectionKind::Global);
    globals
        .flat_map(|s| file.directives(s))
        .filter_map(|(_, d)| {
            let args = d.args();
            let is_socket = d.keyword().value(src) == "stats" && args.first()?.value(src) == "socket";
            is_socket.then(|| args.get(1).map(|a| a.value(src).into_owned()))?
        })
        .collect()
}

/// `show table`'s word for a key type.
fn key_type_name(kt: &KeyType) -> String {
    match kt {
        KeyType::Ip | KeyType::Ipv4 => "ip".into(),
        KeyType::Ipv6 => "ipv6".into(),
        KeyType::Integer => "integer".into(),
        KeyType::String => "string".into(),
        KeyType::Binary => "binary".into(),
        KeyType::Unknown(other) => other.clone(),
    }
}

/// `http_req_rate(10s)` → `http_req_rate`.
fn data_name(store: &str) -> String {
    store.split_once('(').map_or(store, |(n, _)| n).trim().to_owned()
}

/// Whether two peer addresses are the same once normalised (`show peers`
/// prints IPv6 without brackets, configs may use `ipv4@`...). Text that
/// does not normalise is compared as written.
pub fn same_address(a: &str, b: &str) -> bool {
    match (Address::parse(a).normalized(), Address::parse(b).normalized()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Instance;

    const CONFIG: &str = "\
peers mesh
    peer h1 127.0.0.1:1001
    peer h2 127.0.0.1:1002
    table t1 type string len 16 size 1k
backend app
    stick-table type ip size 20k expire 30m peers mesh store server_id,http_req_rate(10s)
    stick on src
backend local
    stick-table type ip size 1k
";

    #[test]
    fn reads_section_peers_and_shared_tables() {
        let e = Expected::from_config(&crate::parse(CONFIG), &Settings::default()).unwrap();
        assert_eq!(e.section, "mesh");
        let peers: Vec<_> = e.peers.iter().map(|p| (p.name.as_str(), p.address.as_deref())).collect();
        assert_eq!(peers, [("h1", Some("127.0.0.1:1001")), ("h2", Some("127.0.0.1:1002"))]);
        let tables: Vec<_> =
            e.tables.iter().map(|t| (t.name.as_str(), t.key_type.as_deref(), t.size)).collect();
        assert_eq!(tables, [("app", Some("ip"), Some(20480)), ("mesh/t1", Some("string"), Some(1024))]);
        assert_eq!(e.tables[0].store, ["server_id", "http_req_rate"]);
    }

    #[test]
    fn the_inventory_gives_names_and_addresses() {
        let settings = Settings {
            instances: vec![
                Instance::parse_arg("h1=127.0.0.1:2001").unwrap(),
                Instance::parse_arg("h3").unwrap(),
            ],
            ..Settings::default()
        };
        let e = Expected::from_config(&crate::parse(CONFIG), &settings).unwrap();
        let peers: Vec<_> = e.peers.iter().map(|p| (p.name.as_str(), p.address.as_deref())).collect();
        assert_eq!(peers, [("h1", Some("127.0.0.1:2001")), ("h3", None)]);
        assert!(same_address("::1:1024", "[::1]:1024"));
        let global = "global\n    stats socket /run/a.sock level admin\n    stats socket ipv4@*:9999\n";
        assert_eq!(stats_sockets(&crate::parse(global)), ["/run/a.sock", "ipv4@*:9999"]);
        assert!(!same_address("127.0.0.1:1", "127.0.0.1:2"));
    }
}
