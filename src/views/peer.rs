//! The lines of a `peers` section: `peer`/`server`, `bind` and `table`.

use super::address::{has_known_prefix, Address};
use super::bind::Bind;
use super::params::{is_option, last_param, split_params};
use super::stick_table::StickTable;
use super::{is_keyword, val};
use crate::ast::{Directive, Word};
use crate::schema::OptionTable;
use crate::span::Span;
use crate::views::Text;
use serde::Serialize;

/// Which keyword declares a peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerKind {
    /// `peer <name> <addr> [params]` (classic style).
    Peer,
    /// `server <name> [<addr>] [params]` (2.0+ style, with `bind`).
    Server,
}

/// A `peer` or `server` line of a peers section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeerLine {
    /// Which keyword.
    pub kind: PeerKind,
    /// The peer's name (compared with the local peer name, case-sensitively).
    pub name: Text,
    /// The span of the name word (of the keyword when it is missing).
    pub name_span: Span,
    /// The address and the span of its word. For `peer` the word after the
    /// name is always the address; for `server` only when it looks like one
    /// (contains `:` or `.`, starts with `/`, has a prefix such as `ipv4@`
    /// or an environment variable) and is not a parameter keyword: the local
    /// peer's `server` line has no address.
    pub address: Option<(Address, Span)>,
    /// The parameters: keyword, and the span of the keyword and its arguments.
    pub params: Vec<(Text, Span)>,
}

/// Whether a word after a `server` name is an address rather than a parameter.
fn looks_like_address(word: &Word, src: &str) -> bool {
    let v = word.value(src);
    if is_option(&v, OptionTable::Server) {
        return false;
    }
    word.has_env() || v.contains(':') || v.contains('.') || v.starts_with('/') || has_known_prefix(&v)
}

impl PeerLine {
    /// Reads a `peer` or `server` line (of a peers section).
    pub fn from_directive(d: &Directive, src: &str) -> Option<PeerLine> {
        let kind = match d.keyword().value(src).as_ref() {
            "peer" => PeerKind::Peer,
            "server" => PeerKind::Server,
            _ => return None,
        };
        let args = d.args();
        let name = args.first();
        let address = args
            .get(1)
            .filter(|w| kind == PeerKind::Peer || looks_like_address(w, src))
            .map(|w| (Address::from_word(w, src), w.span));
        let from = if address.is_some() { 2 } else { 1 };
        Some(PeerLine {
            kind,
            name: name.map(|w| val(w, src)).unwrap_or_default(),
            name_span: name.map_or(d.keyword().span, |w| w.span),
            address,
            params: split_params(args.get(from..).unwrap_or_default(), src, OptionTable::Server),
        })
    }

    /// The span of parameter `name` and its arguments (the last one given).
    pub fn param(&self, name: &str) -> Option<Span> {
        last_param(&self.params, name)
    }
}

/// A `bind` line of a peers section (2.0+): the local peer's listener.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeersBind {
    /// The first address and its span.
    pub address: Option<(Address, Span)>,
    /// Every address of the word (HAProxy allows only one here).
    pub addresses: Vec<(Address, Span)>,
    /// The parameters: keyword, and the span of the keyword and its arguments.
    pub params: Vec<(Text, Span)>,
    /// `ssl` is given.
    pub ssl: bool,
}

impl PeersBind {
    /// Reads a `bind` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<PeersBind> {
        let bind = Bind::from_directive(d, src)?;
        Some(PeersBind {
            address: bind.addresses.first().cloned(),
            addresses: bind.addresses,
            params: bind.params,
            ssl: bind.ssl,
        })
    }
}

/// A `table <name> <args>` line of a peers section (2.0+). Its global name is
/// `<peers>/<name>`. HAProxy refuses `peers` here (`table: unknown argument
/// 'peers'.`); the view still reads it into `table.peers` for rules to report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeersTable {
    /// The table's name, without the section prefix.
    pub name: Text,
    /// The span of the name word (of the keyword when it is missing).
    pub name_span: Span,
    /// The table's arguments (`keyword` is the `table` word).
    pub table: StickTable,
}

impl PeersTable {
    /// Reads a `table` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<PeersTable> {
        if !is_keyword(d, src, "table") {
            return None;
        }
        let args = d.args();
        let name = args.first();
        let name_span = name.map_or(d.keyword().span, |w| w.span);
        let mut table = StickTable::from_args(d.keyword().span, args.get(1..).unwrap_or_default(), src);
        table.append_at = table.append_at.max(name_span.end);
        Some(PeersTable { name: name.map(|w| val(w, src)).unwrap_or_default(), name_span, table })
    }

    /// The name other sections use for it: `<peers>/<name>`.
    pub fn global_name(&self, peers: &str) -> String {
        format!("{peers}/{}", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::address::{AddressKind, PortSpec};
    use crate::views::stick_table::KeyType;
    use crate::views::testing::{all, first, text};

    #[test]
    fn classic_peers() {
        let cfg = "peers mesh\n    peer lb1 10.0.0.1:1024\n    peer lb2 \"10.0.0.2:1024\" check\n    peer lb3 10.0.0.3\n    peer lb4\n    peer lb5 ::1:10002 ssl verify none\n";
        let p = all(cfg, PeerLine::from_directive);
        assert_eq!(p.len(), 5);
        assert!(p.iter().all(|l| l.kind == PeerKind::Peer));
        assert_eq!((p[0].name.as_str(), text(cfg, p[0].name_span)), ("lb1", "lb1"));
        let (a, span) = p[1].address.as_ref().unwrap();
        assert_eq!((a.host.as_str(), text(cfg, *span)), ("10.0.0.2", "\"10.0.0.2:1024\""));
        assert_eq!(p[1].param("check").map(|s| text(cfg, s)), Some("check"));
        assert_eq!(p[2].address.as_ref().unwrap().0.port, None);
        assert!(p[3].address.is_none() && p[3].params.is_empty());
        assert_eq!(p[4].address.as_ref().unwrap().0.kind, AddressKind::Ipv6);
        let params: Vec<_> = p[4].params.iter().map(|(_, s)| text(cfg, *s)).collect();
        assert_eq!(params, ["ssl", "verify none"]);
    }

    #[test]
    fn new_style_servers() {
        let cfg = "peers mesh\n    bind 10.0.0.1:1024 ssl crt /x.pem\n    server lb1\n    server lb1b check\n    server lb2 10.0.0.2:1024\n    server lb3 /run/peer.sock\n    server lb4 \"${LB4}\"\n    server lb5 ipv4@lb5\n    server lb6 lb6.example.com\n    table t1 type string len 16 size 1k expire 5m\n";
        let p = all(cfg, PeerLine::from_directive);
        assert!(p.iter().all(|l| l.kind == PeerKind::Server));
        assert!(p[0].address.is_none());
        assert!(p[1].address.is_none());
        assert_eq!(p[1].params.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["check"]);
        assert_eq!(p[2].address.as_ref().unwrap().0.port, Some(PortSpec::Single(1024)));
        assert_eq!(p[3].address.as_ref().unwrap().0.kind, AddressKind::Unix);
        assert_eq!(p[4].address.as_ref().unwrap().0.kind, AddressKind::Env);
        assert_eq!(p[5].address.as_ref().unwrap().0.kind, AddressKind::Hostname);
        assert_eq!(p[6].address.as_ref().unwrap().0.host, "lb6.example.com");

        let b = first(cfg, PeersBind::from_directive);
        assert_eq!(b.address.as_ref().unwrap().0.port_number(), Some(1024));
        assert!(b.ssl);
        assert_eq!(b.addresses.len(), 1);

        let t = first(cfg, PeersTable::from_directive);
        assert_eq!((t.name.as_str(), text(cfg, t.name_span)), ("t1", "t1"));
        assert_eq!(t.global_name("mesh"), "mesh/t1");
        assert_eq!(t.table.key_type.as_ref().map(|k| &k.0), Some(&KeyType::String));
        assert_eq!(t.table.effective_len(), Some(16));
        assert_eq!(t.table.expire_ms, Some(300_000));
        assert_eq!(text(cfg, t.table.keyword), "table");
    }

    #[test]
    fn bare_table_appends_after_its_name() {
        let cfg = "peers mesh\n    table t1\n";
        let t = first(cfg, PeersTable::from_directive);
        assert_eq!(&cfg[..t.table.append_at as usize], "peers mesh\n    table t1");
        let t = first("peers mesh\n    table t1 type ip size 1k peers x\n", PeersTable::from_directive);
        assert_eq!(t.table.peers.as_ref().map(|p| p.0.as_str()), Some("x"));
    }
}
