//! `stick-table <args>` in a proxy, and the arguments of a peers-section `table`.
//!
//! ```text
//! stick-table type {ip | ipv4 | ipv6 | integer | string [len N] | binary [len N]} size N[k|m|g]
//!             [expire T] [nopurge] [peers <section>] [srvkey name|addr] [store <type>[,...]]*
//!             [write-to <table>] [brates-factor N] [recv-only]
//! ```
//!
//! Arguments are read in HAProxy's order (`stktable_parse_fields()`): a keyword,
//! then its value when it takes one; `len` is only taken right after `string`
//! or `binary` (elsewhere it is an unknown argument, as in HAProxy).

use super::{is_keyword, sub_span, val};
use crate::ast::{Directive, Word};
use crate::span::Span;
use crate::views::Text;
use serde::Serialize;

/// The key type of a table.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyType {
    /// `ip`: IPv4 addresses (IPv6 clients only as IPv4-mapped).
    Ip,
    /// `ipv4` (3.2+ alias of `ip`).
    Ipv4,
    /// `ipv6`.
    Ipv6,
    /// `integer`.
    Integer,
    /// `string [len N]`.
    String,
    /// `binary [len N]`.
    Binary,
    /// Anything else, as written.
    Unknown(String),
}

impl KeyType {
    /// The type a `type` value names.
    pub fn from_keyword(word: &str) -> KeyType {
        match word {
            "ip" => KeyType::Ip,
            "ipv4" => KeyType::Ipv4,
            "ipv6" => KeyType::Ipv6,
            "integer" => KeyType::Integer,
            "string" => KeyType::String,
            "binary" => KeyType::Binary,
            other => KeyType::Unknown(other.to_owned()),
        }
    }

    /// Whether the type takes a `len`.
    pub fn takes_len(&self) -> bool {
        matches!(self, KeyType::String | KeyType::Binary)
    }
}

/// A stick table definition: the arguments of `stick-table` or of a peers `table`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StickTable {
    /// The keyword word (`stick-table`, or `table` in a peers section).
    pub keyword: Span,
    /// `type <t>`: the type and the span of its value word.
    pub key_type: Option<(KeyType, Span)>,
    /// `len N` after `string`/`binary`; `None` when absent or not a positive number.
    pub len: Option<u32>,
    /// The span of the `len` value word (of `len` itself when the value is missing).
    pub len_span: Option<Span>,
    /// `size <n>` as written, with the value span.
    pub size: Option<(Text, Span)>,
    /// The size in entries (`k`, `m`, `g` are powers of 1024); `None` if unparsable.
    pub size_value: Option<u64>,
    /// `expire <t>` as written, with the value span.
    pub expire: Option<(Text, Span)>,
    /// The expiry in milliseconds (rounded up, not capped: HAProxy refuses
    /// more than 2147483647); `None` if unparsable.
    pub expire_ms: Option<u64>,
    /// `nopurge` is present.
    pub nopurge: bool,
    /// `peers <name>`: the last one (HAProxy keeps the last), value span.
    pub peers: Option<(Text, Span)>,
    /// Every `peers <name>`, in order.
    pub peers_all: Vec<(Text, Span)>,
    /// `srvkey name|addr`, value span.
    pub srvkey: Option<(Text, Span)>,
    /// The `store` data types (every `store` argument, split on top-level commas).
    pub store: Vec<(Text, Span)>,
    /// `write-to <table>` (3.0+), value span.
    pub write_to: Option<(Text, Span)>,
    /// `brates-factor <n>` (3.1+), value span.
    pub brates_factor: Option<(Text, Span)>,
    /// `recv-only` (3.2+) is present.
    pub recv_only: bool,
    /// Arguments HAProxy does not know here.
    pub unknown_args: Vec<Span>,
    /// Keywords given last, without their value (`peers` at the end of the line).
    pub missing_value: Vec<Span>,
    /// Where a new argument goes: the end of the last word.
    pub append_at: u32,
}

impl StickTable {
    /// Reads a `stick-table` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<StickTable> {
        if !is_keyword(d, src, "stick-table") {
            return None;
        }
        Some(StickTable::from_args(d.keyword().span, d.args(), src))
    }

    /// Reads table arguments; `keyword` is the word before them.
    pub fn from_args(keyword: Span, args: &[Word], src: &str) -> StickTable {
        let mut t = StickTable {
            keyword,
            key_type: None,
            len: None,
            len_span: None,
            size: None,
            size_value: None,
            expire: None,
            expire_ms: None,
            nopurge: false,
            peers: None,
            peers_all: Vec::new(),
            srvkey: None,
            store: Vec::new(),
            write_to: None,
            brates_factor: None,
            recv_only: false,
            unknown_args: Vec::new(),
            missing_value: Vec::new(),
            append_at: args.last().map_or(keyword.end, |w| w.span.end),
        };
        let mut i = 0;
        while i < args.len() {
            let word = &args[i];
            let name = word.value(src);
            let takes_value = matches!(
                name.as_ref(),
                "type" | "size" | "expire" | "peers" | "srvkey" | "store" | "write-to" | "brates-factor"
            );
            if takes_value && i + 1 >= args.len() {
                t.missing_value.push(word.span);
                break;
            }
            let value = args.get(i + 1).map(|w| (val(w, src), w.span));
            match (name.as_ref(), value) {
                ("nopurge", _) => t.nopurge = true,
                ("recv-only", _) => t.recv_only = true,
                ("type", Some((v, span))) => {
                    let kt = KeyType::from_keyword(&v);
                    i += 1;
                    if kt.takes_len() && args.get(i + 1).is_some_and(|w| w.value(src) == "len") {
                        i += 1;
                        match args.get(i + 1) {
                            Some(w) => {
                                i += 1;
                                t.len = w.value(src).parse::<u32>().ok().filter(|&n| n > 0);
                                t.len_span = Some(w.span);
                            }
                            None => {
                                t.len_span = Some(args[i].span);
                                t.missing_value.push(args[i].span);
                            }
                        }
                    }
                    t.key_type = Some((kt, span));
                }
                ("size", Some((v, span))) => {
                    t.size_value = parse_size(&v);
                    t.size = Some((v, span));
                    i += 1;
                }
                ("expire", Some((v, span))) => {
                    t.expire_ms = parse_time_ms(&v);
                    t.expire = Some((v, span));
                    i += 1;
                }
                ("peers", Some(v)) => {
                    // Exact room: there is almost always one.
                    t.peers_all.reserve_exact(1);
                    t.peers_all.push(v.clone());
                    t.peers = Some(v);
                    i += 1;
                }
                ("srvkey", v @ Some(_)) => (t.srvkey, i) = (v, i + 1),
                ("write-to", v @ Some(_)) => (t.write_to, i) = (v, i + 1),
                ("brates-factor", v @ Some(_)) => (t.brates_factor, i) = (v, i + 1),
                ("store", Some(_)) => {
                    i += 1;
                    t.store.extend(split_store(&args[i], src));
                }
                _ => t.unknown_args.push(word.span),
            }
            i += 1;
        }
        t
    }

    /// The key length compared between peers for `string`/`binary` tables
    /// (`len`, default 32); `None` for the other types.
    pub fn effective_len(&self) -> Option<u32> {
        match &self.key_type {
            Some((kt, _)) if kt.takes_len() => Some(self.len.unwrap_or(32)),
            _ => None,
        }
    }
}

/// Splits a `store` value on commas outside parentheses (`gpc_rate(3,10s)`).
fn split_store(word: &Word, src: &str) -> Vec<(Text, Span)> {
    let value = word.value(src);
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in value.char_indices().chain(std::iter::once((value.len(), ','))) {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                out.push((Text::from(&value[start..i]), sub_span(word, start, i)));
                start = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// HAProxy's `parse_size_err()`: digits and an optional `k`, `m` or `g`
/// (powers of 1024), fitting 32 bits.
pub fn parse_size(text: &str) -> Option<u64> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let n: u64 = text[..digits].parse().ok()?;
    let shift = match &text[digits..] {
        "" => 0,
        "k" | "K" => 10,
        "m" | "M" => 20,
        "g" | "G" => 30,
        _ => return None,
    };
    let value = n.checked_shl(shift)?;
    (value <= u64::from(u32::MAX)).then_some(value)
}

/// HAProxy's `parse_time_err()` in milliseconds: digits, then `us`, `ms`, `s`,
/// `m`, `h`, `d` or nothing (milliseconds), rounded up. Characters after a
/// valid unit only draw a warning from HAProxy 2.x, so they are ignored.
pub fn parse_time_ms(text: &str) -> Option<u64> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let n: u64 = text[..digits].parse().ok()?;
    let unit = &text[digits..];
    let (mul, div) = if unit.is_empty() || unit.starts_with("ms") {
        (1, 1)
    } else if unit.starts_with("us") {
        (1, 1000)
    } else {
        match unit.as_bytes()[0] {
            b's' => (1000, 1),
            b'm' => (60_000, 1),
            b'h' => (3_600_000, 1),
            b'd' => (86_400_000, 1),
            _ => return None,
        }
    };
    Some(n.saturating_mul(mul).div_ceil(div))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::{first, text};

    fn table(line: &str) -> (String, StickTable) {
        let cfg = format!("backend app\n    {line}\n");
        let t = first(&cfg, StickTable::from_directive);
        (cfg, t)
    }

    #[test]
    fn full_definition() {
        let (cfg, t) = table(
            "stick-table type string len 64 size 20k expire 30m nopurge peers mesh srvkey addr store gpc0,http_req_rate(10s) store conn_cur",
        );
        let (kt, span) = t.key_type.clone().unwrap();
        assert_eq!((kt, text(&cfg, span)), (KeyType::String, "string"));
        assert_eq!(t.len, Some(64));
        assert_eq!(t.effective_len(), Some(64));
        assert_eq!(text(&cfg, t.len_span.unwrap()), "64");
        assert_eq!(t.size.as_ref().map(|s| s.0.as_str()), Some("20k"));
        assert_eq!(t.size_value, Some(20 * 1024));
        assert_eq!(t.expire_ms, Some(30 * 60 * 1000));
        assert!(t.nopurge);
        assert_eq!(t.peers.as_ref().map(|p| text(&cfg, p.1)), Some("mesh"));
        assert_eq!(t.srvkey.as_ref().map(|p| p.0.as_str()), Some("addr"));
        let store: Vec<_> = t.store.iter().map(|(s, span)| (s.as_str(), text(&cfg, *span))).collect();
        assert_eq!(
            store,
            [("gpc0", "gpc0"), ("http_req_rate(10s)", "http_req_rate(10s)"), ("conn_cur", "conn_cur")]
        );
        assert!(t.unknown_args.is_empty() && t.missing_value.is_empty());
        assert_eq!(t.append_at as usize, cfg.len() - 1);
    }

    #[test]
    fn minimal_and_defaults() {
        let (cfg, t) = table("stick-table type ip size 100k");
        assert_eq!(t.key_type.as_ref().map(|k| &k.0), Some(&KeyType::Ip));
        assert_eq!((t.len, t.effective_len(), t.expire, t.peers), (None, None, None, None));
        assert_eq!(&cfg[t.append_at as usize..], "\n");
        let (_, s) = table("stick-table type binary size 1m");
        assert_eq!(s.effective_len(), Some(32));
    }

    #[test]
    fn peers_repeated_last_wins() {
        let (_, t) = table("stick-table type ip size 1k peers p1 peers p2");
        assert_eq!(t.peers.as_ref().map(|p| p.0.as_str()), Some("p2"));
        assert_eq!(t.peers_all.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["p1", "p2"]);
    }

    #[test]
    fn quoted_values() {
        let (cfg, t) = table("stick-table type \"ipv6\" size 1k peers \"mesh\" store 'gpc0,gpc1'");
        assert_eq!(t.key_type.as_ref().map(|k| &k.0), Some(&KeyType::Ipv6));
        assert_eq!(t.peers.as_ref().map(|p| (p.0.as_str(), text(&cfg, p.1))), Some(("mesh", "\"mesh\"")));
        // Inside a quoted word each store type spans the whole word.
        assert_eq!(
            t.store.iter().map(|s| text(&cfg, s.1)).collect::<Vec<_>>(),
            ["'gpc0,gpc1'", "'gpc0,gpc1'"]
        );
    }

    #[test]
    fn errors_are_kept() {
        let (cfg, t) = table("stick-table type ip len 16 size 1k foo peers");
        assert_eq!(t.unknown_args.iter().map(|s| text(&cfg, *s)).collect::<Vec<_>>(), ["len", "16", "foo"]);
        assert_eq!(t.missing_value.iter().map(|s| text(&cfg, *s)).collect::<Vec<_>>(), ["peers"]);
        let (_, t) =
            table("stick-table type ipv4 size 1k expire 10x recv-only write-to other brates-factor 2");
        assert_eq!(t.key_type.as_ref().map(|k| &k.0), Some(&KeyType::Ipv4));
        assert_eq!(t.expire_ms, None);
        assert!(t.recv_only);
        assert_eq!(t.write_to.as_ref().map(|p| p.0.as_str()), Some("other"));
        assert_eq!(t.brates_factor.as_ref().map(|p| p.0.as_str()), Some("2"));
        let (_, t) = table("stick-table type string len 0 size 1k");
        assert_eq!((t.len, t.len_span.is_some()), (None, true));
        let (_, t) = table("stick-table type foo size x");
        assert_eq!(t.key_type.as_ref().map(|k| &k.0), Some(&KeyType::Unknown("foo".into())));
        assert_eq!(t.size_value, None);
    }

    #[test]
    fn store_splits_outside_parentheses() {
        let (cfg, t) = table("stick-table type ip size 1k store gpc_rate(3,10s),gpc(2)");
        assert_eq!(
            t.store.iter().map(|s| text(&cfg, s.1)).collect::<Vec<_>>(),
            ["gpc_rate(3,10s)", "gpc(2)"]
        );
    }

    #[test]
    fn not_a_stick_table() {
        let parse = crate::parse("backend app\n    stick on src\n");
        let d = parse.file().directives(&parse.file().sections[0]).next().unwrap().1;
        assert_eq!(StickTable::from_directive(d, parse.source()), None);
    }

    #[test]
    fn time_units() {
        assert_eq!(parse_time_ms("100"), Some(100));
        assert_eq!(parse_time_ms("100ms"), Some(100));
        assert_eq!(parse_time_ms("1500us"), Some(2));
        assert_eq!(parse_time_ms("30s"), Some(30_000));
        assert_eq!(parse_time_ms("5m"), Some(300_000));
        assert_eq!(parse_time_ms("2h"), Some(7_200_000));
        assert_eq!(parse_time_ms("30d"), Some(2_592_000_000));
        assert_eq!(parse_time_ms("s"), None);
        assert_eq!(parse_time_ms("10x"), None);
        assert_eq!(parse_size("1g"), Some(1 << 30));
        assert_eq!(parse_size("4g"), None);
        assert_eq!(parse_size("10kb"), None);
    }
}
