//! HAProxy address strings, read as `str2sa_range()` (src/tools.c) reads them.
//!
//! `[stream+|dgram+][prefix@]address[:port]`, where the prefix is one of
//! `ipv4@ ipv6@ ip@ tcp@ tcp4@ tcp6@ mptcp@ mptcp4@ mptcp6@ udp@ udp4@ udp6@
//! quic4@ quic6@` (IP families), `unix@ uxst@ uxdg@` (a path), `abns@ abnsz@`
//! (an abstract socket name), `fd@ sockpair@` (a file descriptor) or `rhttp@`
//! (a reverse-HTTP server name). A path starting with `/` is a UNIX socket.
//!
//! Otherwise the **last** `:` (searched from the end, stopping at a `]`)
//! separates the port: `::1:1024` is host `::1` port 1024, `[::1]:1024` the
//! same, and a bare `2001:db8::5` is host `2001:db8:` port 5, which HAProxy
//! refuses (`invalid address: '2001:db8:' in '2001:db8::5'`). The host may be
//! empty, `*` or `::` (any address), an IPv4 or IPv6 literal, or a host name.
//! The port is a number, a range `1000-1010` or an offset `+N` / `-N`; like
//! HAProxy (`atoi`), digits are read up to the first non-digit.

mod lex;

use lex::{atoi, env_refs, host_ip, is_hostname, is_numeric};
use serde::Serialize;
use std::net::IpAddr;

/// What an address designates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    /// An IPv4 literal other than `0.0.0.0`.
    Ipv4,
    /// An IPv6 literal other than `::`.
    Ipv6,
    /// Any address: empty host, `*`, `0.0.0.0`, `::` (the family is in [`Address::ip`]).
    Wildcard,
    /// A host name, resolved by HAProxy at start-up.
    Hostname,
    /// A UNIX socket path (`/path`, `unix@`, `uxst@`, `uxdg@`).
    Unix,
    /// A Linux abstract socket (`abns@`, `abnsz@`).
    Abns,
    /// An inherited file descriptor (`fd@N`).
    Fd,
    /// A socket pair file descriptor (`sockpair@N`).
    SockPair,
    /// A reverse-HTTP server (`rhttp@name`).
    ReverseHttp,
    /// The host comes from an environment variable: unknown until expanded.
    Env,
    /// HAProxy refuses it; [`Address::error`] says why.
    Invalid,
}

/// The port part of an address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PortSpec {
    /// `:80`.
    Single(u16),
    /// `:1000-1010` (low, high).
    Range(u16, u16),
    /// `:+N` or `:-N`: relative to the port a connection came in on.
    Offset(i32),
    /// The port contains an environment variable (the text as written).
    Env(String),
}

/// The host of a normalized address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NormalHost {
    /// An IP address (`0.0.0.0` or `::` for wildcards).
    Ip(IpAddr),
    /// A host name, lower-cased.
    Name(String),
}

impl std::fmt::Display for NormalHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NormalHost::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            NormalHost::Ip(ip) => write!(f, "{ip}"),
            NormalHost::Name(name) => f.write_str(name),
        }
    }
}

/// A parsed address string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Address {
    /// The text parsed.
    pub text: String,
    /// The prefixes before the address proper (`ipv6@`, `stream+ipv4@`...).
    pub prefix: Option<String>,
    /// What it designates.
    pub kind: AddressKind,
    /// The host (brackets removed), the path, the socket name or the fd number.
    pub host: String,
    /// The IP address, for literals and wildcards.
    pub ip: Option<IpAddr>,
    /// The port; `None` when there is none (`10.0.0.1`, `10.0.0.1:`, paths).
    pub port: Option<PortSpec>,
    /// The port as written after the separator (`80` in `10.0.0.1:80`).
    pub port_text: Option<String>,
    /// Whether the text refers to environment variables.
    pub has_env: bool,
    /// The names of the variables referred to, in order.
    pub env_names: Vec<String>,
    /// Why HAProxy refuses it (for [`AddressKind::Invalid`]), in HAProxy's words.
    pub error: Option<String>,
}

/// The family a prefix forces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Any,
    V4,
    V6,
}

/// What a prefix says: a family to force, or a kind of socket.
#[derive(Clone, Copy)]
enum Prefix {
    Ip(Family),
    Other(AddressKind),
}

#[rustfmt::skip]
const PREFIXES: &[(&str, Prefix)] = {
    use AddressKind::*;
    use Family::*;
    use Prefix::{Ip, Other};
    &[
        ("unix@", Other(Unix)), ("uxst@", Other(Unix)), ("uxdg@", Other(Unix)),
        ("abns@", Other(Abns)), ("abnsz@", Other(Abns)), ("fd@", Other(Fd)), ("sockpair@", Other(SockPair)),
        ("rhttp@", Other(ReverseHttp)), ("ip@", Ip(Any)), ("ipv4@", Ip(V4)), ("ipv6@", Ip(V6)),
        ("tcp@", Ip(Any)), ("tcp4@", Ip(V4)), ("tcp6@", Ip(V6)), ("mptcp@", Ip(Any)), ("mptcp4@", Ip(V4)),
        ("mptcp6@", Ip(V6)), ("udp@", Ip(Any)), ("udp4@", Ip(V4)), ("udp6@", Ip(V6)),
        ("quic4@", Ip(V4)), ("quic6@", Ip(V6)),
    ]
};

/// Whether `text` starts with an address prefix such as `ipv4@` or `unix@`.
pub(crate) fn has_known_prefix(text: &str) -> bool {
    let text = text.strip_prefix("stream+").or_else(|| text.strip_prefix("dgram+")).unwrap_or(text);
    PREFIXES.iter().any(|(p, _)| text.starts_with(p))
}

impl Address {
    /// Parses an address; never fails (see [`AddressKind::Invalid`]).
    /// `$NAME` and `${NAME...}` are taken as environment variables.
    pub fn parse(text: &str) -> Address {
        Address::parse_with(text, true)
    }

    /// The address a word holds (its value), environment variables counted
    /// only where the word really has them (inside double quotes).
    pub fn from_word(word: &crate::ast::Word, src: &str) -> Address {
        Address::parse_with(&word.value(src), word.has_env())
    }

    pub(crate) fn parse_with(text: &str, detect_env: bool) -> Address {
        let env = if detect_env { env_refs(text) } else { Vec::new() };
        let mut a = Address {
            text: text.to_owned(),
            prefix: None,
            kind: AddressKind::Invalid,
            host: String::new(),
            ip: None,
            port: None,
            port_text: None,
            has_env: !env.is_empty(),
            env_names: env.iter().map(|(_, _, n)| n.clone()).collect(),
            error: None,
        };
        if text.is_empty() {
            a.error = Some(format!("'{text}' resolves to an empty address (environment variable missing?)"));
            return a;
        }
        let mut rest = text;
        for p in ["stream+", "dgram+"] {
            rest = rest.strip_prefix(p).unwrap_or(rest);
        }
        let mut family = Family::Any;
        let mut kind = None;
        if let Some((p, prefix)) = PREFIXES.iter().find(|(p, _)| rest.starts_with(p)) {
            rest = &rest[p.len()..];
            match *prefix {
                Prefix::Ip(f) => family = f,
                Prefix::Other(k) => kind = Some(k),
            }
        } else if rest.starts_with('/') {
            kind = Some(AddressKind::Unix);
        }
        let offset = text.len() - rest.len();
        if offset > 0 {
            a.prefix = Some(text[..offset].to_owned());
        }
        let in_env = |i: usize| env.iter().any(|(s, e, _)| (*s..*e).contains(&(offset + i)));
        match kind {
            Some(k @ (AddressKind::Fd | AddressKind::SockPair)) => {
                a.host = rest.to_owned();
                if a.has_env {
                    a.kind = AddressKind::Env;
                } else if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
                    a.kind = k;
                } else {
                    a.error = Some(format!("file descriptor '{rest}' is not a valid integer in '{text}'"));
                }
            }
            Some(k) => {
                a.kind = k;
                a.host = rest.to_owned();
            }
            None => a.parse_ip(rest, family, in_env),
        }
        a
    }

    /// The IP branch of `str2sa_range()`: port, then host.
    fn parse_ip(&mut self, rest: &str, family: Family, in_env: impl Fn(usize) -> bool) {
        let bytes = rest.as_bytes();
        let mut sep = bytes.len().saturating_sub(1);
        while sep > 0 && (in_env(sep) || !matches!(bytes[sep], b':' | b']')) {
            sep -= 1;
        }
        let (host, port, port_env) = match bytes.get(sep) {
            Some(b':') if !in_env(sep) => {
                (&rest[..sep], &rest[sep + 1..], (sep + 1..rest.len()).any(&in_env))
            }
            _ => (rest, "", false),
        };
        if !port.is_empty() {
            self.port_text = Some(port.to_owned());
        }
        let host_env = (0..host.len()).any(&in_env);
        if port_env {
            self.port = Some(PortSpec::Env(port.to_owned()));
        } else if let Err(e) = self.parse_port(port) {
            self.error = Some(e);
        }
        let inner = match host.strip_prefix('[') {
            Some(h) if (4..48).contains(&host.len()) => h.strip_suffix(']'),
            Some(_) => None,
            None => Some(host),
        };
        self.host = inner.unwrap_or(host).to_owned();
        if self.error.is_some() {
            return;
        }
        if host_env {
            self.kind = AddressKind::Env;
            return;
        }
        let ip = inner.and_then(|h| host_ip(h, family));
        self.kind = match ip {
            Some(ip) if ip.is_unspecified() => AddressKind::Wildcard,
            Some(IpAddr::V4(_)) => AddressKind::Ipv4,
            Some(IpAddr::V6(_)) => AddressKind::Ipv6,
            // A numeric IPv4-like name cannot resolve to IPv6 (`ipv6@127.0.0.1`).
            None if inner.is_some_and(|h| is_hostname(h) && !(family == Family::V6 && is_numeric(h))) => {
                AddressKind::Hostname
            }
            None => {
                self.error = Some(format!("invalid address: '{host}' in '{}'", self.text));
                AddressKind::Invalid
            }
        };
        self.ip = ip;
    }

    fn parse_port(&mut self, port: &str) -> Result<(), String> {
        let first = port.as_bytes().first().copied();
        match first {
            None => {}
            Some(b'0'..=b'9') => {
                let (lo_text, hi_text) = port.split_once('-').map_or((port, None), |(l, h)| (l, Some(h)));
                let lo = atoi(lo_text);
                let hi = hi_text.map_or(lo, atoi);
                if lo > 65535 {
                    return Err(format!("invalid port '{lo_text}'"));
                }
                if hi > 65535 {
                    return Err(format!("invalid port '{}'", hi_text.unwrap_or(lo_text)));
                }
                if lo > hi {
                    return Err(format!("invalid port range '{lo}-{hi}'"));
                }
                self.port = Some(match hi_text {
                    None => PortSpec::Single(lo as u16),
                    Some(_) => PortSpec::Range(lo as u16, hi as u16),
                });
            }
            Some(sign @ (b'+' | b'-')) => {
                let n = atoi(&port[1..]).min(i32::MAX as u64) as i32;
                self.port = Some(PortSpec::Offset(if sign == b'-' { -n } else { n }));
            }
            Some(_) => {
                let c = port.chars().next().unwrap_or('?');
                return Err(format!("invalid character '{c}' in port number '{port}' in '{}'", self.text));
            }
        }
        Ok(())
    }

    /// The port when it is a single number.
    pub fn port_number(&self) -> Option<u16> {
        match self.port {
            Some(PortSpec::Single(p)) => Some(p),
            _ => None,
        }
    }

    /// Whether it is an IP-family address (literal, wildcard, host name or env).
    pub fn is_ip_family(&self) -> bool {
        use AddressKind::*;
        matches!(self.kind, Ipv4 | Ipv6 | Wildcard | Hostname | Env)
    }

    /// Host and single port in a canonical form, so that `[::1]:1024`,
    /// `::1:1024` and `ipv6@::1:1024` are equal, `ipv4@127.0.0.1:1024` equals
    /// `127.0.0.1:1024`, and `*:80`, `:80` and `0.0.0.0:80` are all
    /// `0.0.0.0:80`. IPv4-mapped IPv6 addresses stay distinct from IPv4 ones.
    /// `None` without a single port, for paths, fds, env and invalid addresses.
    pub fn normalized(&self) -> Option<(NormalHost, u16)> {
        let port = self.port_number()?;
        match self.kind {
            AddressKind::Ipv4 | AddressKind::Ipv6 | AddressKind::Wildcard => {
                Some((NormalHost::Ip(self.ip?), port))
            }
            AddressKind::Hostname => Some((NormalHost::Name(self.host.to_ascii_lowercase()), port)),
            _ => None,
        }
    }

    /// Whether it is an any-address (`*`, empty, `0.0.0.0`, `::`).
    pub fn is_wildcard(&self) -> bool {
        self.kind == AddressKind::Wildcard
    }

    /// Whether it is a loopback address (127.0.0.0/8, `::1`, `::ffff:127.x`, `localhost`).
    pub fn is_loopback(&self) -> bool {
        match self.ip {
            Some(IpAddr::V4(ip)) => ip.is_loopback(),
            Some(IpAddr::V6(ip)) => {
                ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
            None => self.kind == AddressKind::Hostname && self.host.eq_ignore_ascii_case("localhost"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::peer::PeerLine;
    use crate::views::testing::first;

    fn norm(text: &str) -> Option<(NormalHost, u16)> {
        Address::parse(text).normalized()
    }

    fn ip(text: &str) -> NormalHost {
        NormalHost::Ip(text.parse().unwrap())
    }

    #[test]
    fn ipv4_with_port() {
        let a = Address::parse("10.0.0.1:1024");
        assert_eq!(a.kind, AddressKind::Ipv4);
        assert_eq!(a.host, "10.0.0.1");
        assert_eq!(a.port, Some(PortSpec::Single(1024)));
        assert_eq!(a.port_number(), Some(1024));
        assert_eq!(a.prefix, None);
        assert!(!a.is_wildcard() && !a.is_loopback());
        assert_eq!(norm("10.0.0.1:1024"), Some((ip("10.0.0.1"), 1024)));
    }

    #[test]
    fn ipv6_forms_are_equal() {
        let expected = Some((ip("::1"), 1024));
        for text in
            ["[::1]:1024", "::1:1024", "ipv6@::1:1024", "ipv6@[::1]:1024", "[0:0::1]:1024", "tcp6@::1:1024"]
        {
            let a = Address::parse(text);
            assert_eq!(a.kind, AddressKind::Ipv6, "{text}");
            assert_eq!(a.host.trim_start_matches("0:0"), "::1", "{text}");
            assert_eq!(a.normalized(), expected, "{text}");
            assert!(a.is_loopback(), "{text}");
        }
        assert_eq!(Address::parse("ipv6@::1:1024").prefix.as_deref(), Some("ipv6@"));
        assert_eq!(norm("[2001:db8::5]:10005"), Some((ip("2001:db8::5"), 10005)));
    }

    #[test]
    fn prefixed_ipv4_equals_plain() {
        assert_eq!(norm("ipv4@127.0.0.1:1024"), norm("127.0.0.1:1024"));
        assert_eq!(norm("stream+ipv4@127.0.0.1:1024"), norm("127.0.0.1:1024"));
        assert_eq!(Address::parse("stream+ipv4@1.2.3.4:80").prefix.as_deref(), Some("stream+ipv4@"));
        // A family prefix refuses the other family.
        assert_eq!(Address::parse("ipv4@::1:80").kind, AddressKind::Invalid);
        assert_eq!(Address::parse("ipv6@127.0.0.1:80").kind, AddressKind::Invalid);
    }

    #[test]
    fn mapped_ipv6_stays_distinct() {
        assert_ne!(norm("[::ffff:127.0.0.1]:80"), norm("127.0.0.1:80"));
        assert!(Address::parse("[::ffff:127.0.0.1]:80").is_loopback());
    }

    #[test]
    fn wildcards() {
        for text in [":80", "*:80", "0.0.0.0:80", "ipv4@:80", "ipv4@*:80"] {
            let a = Address::parse(text);
            assert!(a.is_wildcard(), "{text}");
            assert_eq!(a.normalized(), Some((ip("0.0.0.0"), 80)), "{text}");
        }
        for text in [":::80", "[::]:80", "ipv6@:80", "ipv6@*:80", "[0::0]:80"] {
            let a = Address::parse(text);
            assert!(a.is_wildcard(), "{text}");
            assert_eq!(a.normalized(), Some((ip("::"), 80)), "{text}");
        }
        assert_eq!(Address::parse("ipv4@:::80").kind, AddressKind::Invalid);
        let star = Address::parse("*");
        assert!(star.is_wildcard());
        assert_eq!(star.port, None);
    }

    #[test]
    fn bare_ipv6_takes_the_last_colon_as_port() {
        let a = Address::parse("2001:db8::5");
        assert_eq!(a.kind, AddressKind::Invalid);
        assert_eq!(a.host, "2001:db8:");
        assert_eq!(a.port, Some(PortSpec::Single(5)));
        assert_eq!(a.error.as_deref(), Some("invalid address: '2001:db8:' in '2001:db8::5'"));
        assert_eq!(Address::parse("::1").kind, AddressKind::Invalid);
        assert_eq!(Address::parse("::").kind, AddressKind::Invalid);
        let bracketed = Address::parse("[2001:db8::5]");
        assert_eq!((bracketed.kind, bracketed.port), (AddressKind::Ipv6, None));
        assert_eq!(Address::parse("[::1").kind, AddressKind::Invalid);
        assert_eq!(Address::parse("[::1]80").kind, AddressKind::Invalid);
        assert_eq!(Address::parse("[]:80").kind, AddressKind::Invalid);
    }

    #[test]
    fn missing_ports() {
        for text in ["10.0.0.1", "10.0.0.1:", "[::1]", "localhost"] {
            let a = Address::parse(text);
            assert_eq!(a.port, None, "{text}");
            assert_eq!(a.normalized(), None, "{text}");
            assert_ne!(a.kind, AddressKind::Invalid, "{text}");
        }
    }

    #[test]
    fn port_ranges_and_offsets() {
        assert_eq!(Address::parse("10.0.0.1:1000-1010").port, Some(PortSpec::Range(1000, 1010)));
        assert_eq!(Address::parse("10.0.0.1:1000-1010").normalized(), None);
        assert_eq!(Address::parse(":+1").port, Some(PortSpec::Offset(1)));
        assert_eq!(Address::parse("10.0.0.1:-2").port, Some(PortSpec::Offset(-2)));
        let bad = Address::parse("10.0.0.1:1010-1000");
        assert_eq!(bad.kind, AddressKind::Invalid);
        assert_eq!(bad.error.as_deref(), Some("invalid port range '1010-1000'"));
        assert_eq!(Address::parse(":70000").error.as_deref(), Some("invalid port '70000'"));
        assert_eq!(Address::parse("1.2.3.4:1-70000").error.as_deref(), Some("invalid port '70000'"));
        let junk = Address::parse("1.2.3.4:x");
        assert_eq!(junk.kind, AddressKind::Invalid);
        assert!(junk.error.unwrap().starts_with("invalid character 'x'"));
        // Like atoi(), digits are read up to the first non-digit.
        let trailing = Address::parse("1.2.3.4:80abc");
        assert_eq!(trailing.port, Some(PortSpec::Single(80)));
        assert_eq!(trailing.port_text.as_deref(), Some("80abc"));
    }

    #[test]
    fn hostnames() {
        let a = Address::parse("localhost:10002");
        assert_eq!(a.kind, AddressKind::Hostname);
        assert!(a.is_loopback());
        assert_eq!(norm("LB1.Example.com:80"), Some((NormalHost::Name("lb1.example.com".into()), 80)));
        assert_eq!(NormalHost::Name("a".into()).to_string(), "a");
        assert_eq!(ip("::1").to_string(), "[::1]");
        assert_eq!(Address::parse("no_such-host.invalid:1").kind, AddressKind::Hostname);
        assert_eq!(Address::parse("bad!host:80").kind, AddressKind::Invalid);
        assert_eq!(Address::parse("01.2.3.4:80").kind, AddressKind::Hostname);
    }

    #[test]
    fn sockets_and_fds() {
        let unix = Address::parse("/var/run/peers.sock");
        assert_eq!(
            (unix.kind, unix.host.as_str(), &unix.port),
            (AddressKind::Unix, "/var/run/peers.sock", &None)
        );
        assert_eq!(unix.normalized(), None);
        assert_eq!(Address::parse("unix@rel.sock").kind, AddressKind::Unix);
        assert_eq!(Address::parse("uxst@/x:1").host, "/x:1");
        assert_eq!(Address::parse("abns@haproxy-peers").kind, AddressKind::Abns);
        assert_eq!(Address::parse("fd@3").kind, AddressKind::Fd);
        assert_eq!(Address::parse("sockpair@4").kind, AddressKind::SockPair);
        assert_eq!(Address::parse("fd@x").kind, AddressKind::Invalid);
        assert_eq!(Address::parse("rhttp@srv").kind, AddressKind::ReverseHttp);
        assert!(!Address::parse("/x").is_ip_family());
    }

    #[test]
    fn environment_variables() {
        let a = Address::parse("${PEER2_ADDR}:${PEER2_PORT}");
        assert_eq!(a.kind, AddressKind::Env);
        assert!(a.has_env);
        assert_eq!(a.env_names, ["PEER2_ADDR", "PEER2_PORT"]);
        assert_eq!(a.port, Some(PortSpec::Env("${PEER2_PORT}".into())));
        let whole = Address::parse("${ADDR}");
        assert_eq!((whole.kind, whole.port), (AddressKind::Env, None));
        let port = Address::parse("10.0.0.1:${PORT}");
        assert_eq!(port.kind, AddressKind::Ipv4);
        assert_eq!(port.port, Some(PortSpec::Env("${PORT}".into())));
        assert_eq!(port.normalized(), None);
        // A colon inside a default value is not the port separator.
        let default = Address::parse("${A-1.2.3.4:80}");
        assert_eq!((default.kind, default.port), (AddressKind::Env, None));
        let short = Address::parse("$HOST:80");
        assert_eq!(
            (short.kind, short.port, short.env_names),
            (AddressKind::Env, Some(PortSpec::Single(80)), vec!["HOST".into()])
        );
        assert_eq!(Address::parse("${HAPROXY_LOCALPEER}").env_names, ["HAPROXY_LOCALPEER"]);
    }

    #[test]
    fn empty_is_invalid() {
        let a = Address::parse("");
        assert_eq!(a.kind, AddressKind::Invalid);
        assert!(a.error.unwrap().contains("empty address"));
    }

    #[test]
    fn from_words_quoted_and_unquoted() {
        let cfg = "peers p\n    peer a \"10.0.0.1:1024\"\n    peer b \"${B}:1024\"\n    peer c $C:1024\n";
        let lines = crate::views::testing::all(cfg, PeerLine::from_directive);
        assert_eq!(lines[0].address.as_ref().unwrap().0.normalized(), Some((ip("10.0.0.1"), 1024)));
        assert_eq!(lines[1].address.as_ref().unwrap().0.kind, AddressKind::Env);
        // `$` outside double quotes is literal, not a variable.
        let c = &lines[2].address.as_ref().unwrap().0;
        assert!(!c.has_env);
        assert_eq!(c.kind, AddressKind::Invalid);
        let _ = first(cfg, PeerLine::from_directive);
    }
}
