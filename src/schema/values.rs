//! Reading one argument word as HAProxy's parsers read it: a time, an
//! integer, a word of a list, an address, a status code. The kinds and their
//! ranges are data ([`super::arguments`]); this is the small amount of code
//! that knows how HAProxy turns a word into each kind.

use super::arguments::{Call, Value};
use super::{Version, Versioned};

/// Why HAProxy refuses a word, as a message, with a better-spelled word
/// when one of a list is close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The message (HAProxy's wording where it has one).
    pub message: String,
    /// The known word closest to the one written, for a "did you mean".
    pub suggestion: Option<&'static str>,
    /// The versions that do take the word, when some do.
    pub versions: Option<String>,
}

impl Refusal {
    fn new(message: String) -> Self {
        Refusal { message, suggestion: None, versions: None }
    }
}

/// Why `word` is no `value` in `version` (any version when `None`), if it
/// is not; `context` names the keyword in messages (`timeout client`).
pub fn refusal(value: Value, word: &str, context: &str, version: Option<Version>) -> Option<Refusal> {
    let fill = |template: &str| template.replace("{kw}", context).replace("{}", word);
    match value {
        Value::Word | Value::Section(..) => None,
        Value::Time => time_problem(word, context, 1).map(Refusal::new),
        Value::Seconds => time_problem(word, context, 1000).map(Refusal::new),
        Value::TimeOrExpression if !word.starts_with(|c: char| c.is_ascii_digit()) => None,
        Value::TimeOrExpression => time_problem(word, context, 1).map(Refusal::new),
        Value::Int { min, max, message } => {
            let n = atoi(word);
            (n < min || n > max).then(|| Refusal::new(fill(message)))
        }
        Value::Count { max, message } => {
            let whole = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
            (!whole || word.parse::<u64>().map_or(true, |n| n > max)).then(|| Refusal::new(fill(message)))
        }
        Value::Status { min, max, message } => {
            let n = atoi(word);
            (n < i64::from(min) || n > i64::from(max))
                .then(|| Refusal::new(message.replace("{}", &n.to_string())))
        }
        Value::Address => {
            port_range(word).then(|| Refusal::new(format!("port range not permitted here in '{word}'")))
        }
        Value::OneOf(choices) => {
            let known = |c: &super::arguments::Choice| version.is_none_or(|v| c.exists_in(v));
            match choices.find(word) {
                Some(c) if known(c) => call_problem(c.name, c.call, word).map(Refusal::new),
                found => {
                    let name = word.split('(').next().unwrap_or(word);
                    let names = choices.list.iter().filter(|c| known(c)).map(|c| c.name);
                    Some(Refusal {
                        message: fill(choices.unknown),
                        suggestion: crate::did_you_mean::closest(names, name).filter(|s| *s != name),
                        versions: found.map(|c| c.versions()),
                    })
                }
            }
        }
    }
}

/// `random(x)`, `hdr()`: what HAProxy says of a call's argument.
fn call_problem(name: &str, call: Call, word: &str) -> Option<String> {
    let inner = match (call, word.strip_prefix(name)?.strip_prefix('(')) {
        (Call::No, _) | (Call::Optional, None) => return None,
        (_, inner) => inner.unwrap_or_default(),
    };
    let closed = inner.strip_suffix(')');
    match name {
        "random" => match closed {
            None => Some("balance random : missing closing parenthesis.".to_owned()),
            Some(digits) => match digits.chars().find(|c| !c.is_ascii_digit()) {
                Some(c) => Some(format!("balance random : unexpected character '{c}' after argument.")),
                None if atoi(digits) < 1 => {
                    Some("balance random : number of draws must be at least 1.".to_owned())
                }
                None => None,
            },
        },
        "hdr" if closed.is_none_or(str::is_empty) => {
            Some("balance hdr requires an http header field name.".to_owned())
        }
        "rdp-cookie" if closed.is_none_or(str::is_empty) => {
            Some("balance rdp-cookie : missing cookie name.".to_owned())
        }
        _ => None,
    }
}

/// C's `atoi`: blanks, a sign, the leading digits; 0 when there are none.
/// Saturates instead of overflowing.
pub fn atoi(word: &str) -> i64 {
    let s = word.trim_start_matches([' ', '\t']);
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let n = digits
        .bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0i64, |n, d| n.saturating_mul(10).saturating_add(i64::from(d - b'0')));
    if negative {
        -n
    } else {
        n
    }
}

/// The largest time HAProxy takes, in its unit (a signed 32-bit value).
const MAX_TIME: u128 = i32::MAX as u128;

/// What HAProxy's time parser says of `word`: decimal digits, then one unit
/// (`us`, `ms`, `s`, `m`, `h`, `d`) or none (then the value is in `unit_ms`), at most
/// 2147483647 once counted in `unit_ms` (1 for milliseconds, 1000 for
/// seconds, rounded up as HAProxy does). Letters after a unit (`5mn`) only
/// draw a warning in 2.6, so they pass.
pub fn time_problem(word: &str, context: &str, unit_ms: u128) -> Option<String> {
    if word.is_empty() {
        return Some(format!("'{context}' expects an integer value (in milliseconds)"));
    }
    let digits_end = word.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(word.len());
    if digits_end == 0 {
        let c = word.chars().next().unwrap_or_default();
        return Some(format!("unexpected character '{c}' in '{context}'"));
    }
    let rest = &word[digits_end..];
    // (unit, multiplier, divisor) to milliseconds.
    let (mul, div): (u128, u128) = match rest.as_bytes() {
        [] => (unit_ms, 1), // no unit: the caller's unit
        [b'u', b's', ..] => (1, 1000),
        [b'm', b's', ..] => (1, 1),
        [b's', ..] => (1000, 1),
        [b'm', ..] => (60_000, 1),
        [b'h', ..] => (3_600_000, 1),
        [b'd', ..] => (86_400_000, 1),
        _ => {
            let c = rest.chars().next().unwrap_or_default();
            return Some(format!("unexpected character '{c}' in '{context}'"));
        }
    };
    let value: u128 = word[..digits_end].parse().unwrap_or(u128::MAX);
    let divisor = div * unit_ms;
    if value.saturating_mul(mul).div_ceil(divisor) > MAX_TIME {
        let unit = if unit_ms == 1 { "ms or ~24.8 days" } else { "s or ~68 years" };
        return Some(format!(
            "timer overflow in argument '{word}' to '{context}' (maximum value is 2147483647 {unit})"
        ));
    }
    None
}

/// Whether an address ends with a port range (`127.0.0.1:10001-10010`).
/// UNIX socket paths, `fd@`/`sockpair@` and rings have no port to check.
fn port_range(address: &str) -> bool {
    if address.starts_with('/') || address.starts_with("unix@") || address.starts_with("abns@") {
        return false;
    }
    let Some((_, port)) = address.rsplit_once(':') else { return false };
    let Some((low, high)) = port.split_once('-') else { return false };
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    number(low) && number(high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_haproxy_reads_them() {
        let bad = |w: &str| time_problem(w, "timeout client", 1);
        for ok in ["5", "5s", "10ms", "250us", "1m", "5mn", "2h", "1d", "24d"] {
            assert_eq!(bad(ok), None, "{ok}");
        }
        assert_eq!(bad("5x").unwrap(), "unexpected character 'x' in 'timeout client'");
        assert_eq!(bad("-1").unwrap(), "unexpected character '-' in 'timeout client'");
        assert_eq!(bad("5.5s").unwrap(), "unexpected character '.' in 'timeout client'");
        assert!(bad("25d").unwrap().starts_with("timer overflow in argument '25d'"));
        assert!(bad("99999999999").unwrap().starts_with("timer overflow"));
        assert!(bad("999999999999999999999999999999999999999999").unwrap().starts_with("timer overflow"));
        assert_eq!(bad("").unwrap(), "'timeout client' expects an integer value (in milliseconds)");
        // Counted in seconds (`stats refresh`), 25 days is far from the limit.
        assert_eq!(time_problem("25d", "stats refresh", 1000), None);
        assert!(time_problem("2147483648", "stats refresh", 1000).unwrap().contains("~68 years"));
        assert_eq!(time_problem("2147483647", "stats refresh", 1000), None);
        assert_eq!(bad("2147483647"), None);
        assert!(bad("2147483648").is_some());
    }

    #[test]
    fn integers_read_as_atoi() {
        assert_eq!((atoi("1024"), atoi("x"), atoi("12x"), atoi("-3"), atoi("")), (1024, 0, 12, -3, 0));
        assert_eq!(atoi("99999999999999999999999"), i64::MAX);
    }

    #[test]
    fn port_ranges_are_seen_in_ip_addresses_only() {
        assert!(port_range("127.0.0.1:10001-10010") && port_range("udp@[::1]:1-2"));
        assert!(!port_range("127.0.0.1:514") && !port_range("/dev/log") && !port_range("unix@/a:1-2"));
    }

    #[test]
    fn calls_of_balance() {
        assert_eq!(
            call_problem("random", Call::Optional, "random(x)").unwrap(),
            "balance random : unexpected character 'x' after argument."
        );
        assert_eq!(
            call_problem("random", Call::Optional, "random(0)").unwrap(),
            "balance random : number of draws must be at least 1."
        );
        assert_eq!(call_problem("random", Call::Optional, "random(2)"), None);
        assert_eq!(
            call_problem("hdr", Call::Required, "hdr()").unwrap(),
            "balance hdr requires an http header field name."
        );
        assert_eq!(call_problem("hdr", Call::Required, "hdr(host)"), None);
    }
}
