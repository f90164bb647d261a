//! The character-level pieces of address parsing: IP literals, host names,
//! numbers and environment variable references.

use super::Family;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `str2ip2()` without resolution: `::`, empty, `*`, then IPv6, then IPv4.
pub(super) fn host_ip(host: &str, family: Family) -> Option<IpAddr> {
    let any6 = IpAddr::V6(Ipv6Addr::UNSPECIFIED);
    let any4 = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    if host == "::" {
        return (family != Family::V4).then_some(any6);
    }
    if host.is_empty() || host == "*" {
        return Some(if family == Family::V6 { any6 } else { any4 });
    }
    if family != Family::V4 {
        if let Ok(ip) = host.parse::<Ipv6Addr>() {
            return Some(IpAddr::V6(ip));
        }
    }
    if family != Family::V6 {
        if let Ok(ip) = host.parse::<Ipv4Addr>() {
            return Some(IpAddr::V4(ip));
        }
    }
    None
}

/// HAProxy's `dns_hostname_validation()`: labels of `[A-Za-z0-9_-]`, at most
/// 63 bytes each and 255 in all.
pub(super) fn is_hostname(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.split('.').all(|label| {
            label.len() <= 63 && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Whether `host` is made of digits and dots only.
pub(super) fn is_numeric(host: &str) -> bool {
    host.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// C's `atoi` on the digits at the start (saturating instead of overflowing).
pub(super) fn atoi(s: &str) -> u64 {
    s.bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0')))
}

/// The environment variable references in `text`: `${NAME...}` and `$NAME`,
/// as byte ranges with the name.
pub(super) fn env_refs(text: &str) -> Vec<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let name_len = |from: usize| {
        let first = bytes.get(from).copied();
        let ok = first.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'.');
        if !ok {
            return 0;
        }
        1 + bytes[from + 1..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let braced = bytes.get(i + 1) == Some(&b'{');
            let start = i + 1 + usize::from(braced);
            let n = name_len(start);
            if n > 0 {
                let name = text[start..start + n].to_owned();
                let end = if braced {
                    text[start..].find('}').map_or(text.len(), |e| start + e + 1)
                } else {
                    start + n
                };
                out.push((i, end, name));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}
