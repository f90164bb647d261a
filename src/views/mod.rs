//! Typed views over single directives.
//!
//! A view reads one [`Directive`] (a line's words) and names its parts:
//! `server s1 10.0.0.1:80 check` becomes a [`server::Server`] with a name, an
//! [`address::Address`] and its parameters, each with the [`Span`] it came
//! from so that rules can point at it and fixes can edit it. Views are built on
//! demand (`from_directive` returns `None` when the keyword does not match)
//! and never fail: what HAProxy would refuse is kept and marked, for the
//! rules to report.
//!
//! Values are the words' values as HAProxy's tokenizer gives them (quotes
//! removed, escapes decoded), with environment variables left as written
//! (`${NAME}`).

pub mod address;
pub mod bind;
pub mod peer;
pub mod proxy_refs;
pub mod sample_expr;
pub mod server;
pub mod stick_rule;
pub mod stick_table;

pub use address::{Address, AddressKind, NormalHost, PortSpec};
pub use bind::Bind;
pub use peer::{PeerKind, PeerLine, PeersBind, PeersTable};
pub use proxy_refs::{Balance, Cookie, CookieMode, DefaultBackend, LocalPeer, Mode, ProxyMode, UseBackend};
pub use server::{Server, ServerTemplate, TemplateRange};
pub use stick_rule::{StickKind, StickRule, TrackSc};
pub use stick_table::{KeyType, StickTable};

/// The text of a view's field (a name, a size, a timeout as written). Short
/// texts, the usual case, are stored inline without an allocation; it
/// dereferences to `&str` and compares with `&str` and `String`.
pub type Text = compact_str::CompactString;

use crate::ast::{Directive, Word};
use crate::span::Span;

/// A word's value as an owned string.
pub(crate) fn val(word: &Word, src: &str) -> Text {
    Text::from(word.value(src))
}

/// The values of `words` joined with single spaces.
pub(crate) fn joined(words: &[Word], src: &str) -> Text {
    let mut out = Text::default();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&w.value(src));
    }
    out
}

/// The first character HAProxy refuses in a proxy, peers section or peer
/// name (it allows letters, digits, `_`, `.`, `:` and `-`).
pub fn invalid_name_char(name: &str) -> Option<char> {
    name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))
}

/// Whether the directive's keyword is `keyword`.
pub(crate) fn is_keyword(d: &Directive, src: &str, keyword: &str) -> bool {
    d.keyword().value(src) == keyword
}

/// The span of bytes `start..end` of a word's value: exact for a plain word
/// (its value is its text), the whole word otherwise.
pub(crate) fn sub_span(word: &Word, start: usize, end: usize) -> Span {
    if word.is_plain() {
        Span::new(word.span.start + start as u32, word.span.start + end as u32)
    } else {
        word.span
    }
}

/// Splits a value on commas, giving each piece with its span inside `word`.
pub(crate) fn split_commas(word: &Word, src: &str) -> Vec<(Text, Span)> {
    let value = word.value(src);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, piece) in value.split(',').enumerate() {
        if i > 0 {
            start += 1;
        }
        out.push((Text::from(piece), sub_span(word, start, start + piece.len())));
        start += piece.len();
    }
    out
}

/// The `if`/`unless` condition at the end of a rule: the span from the
/// `if`/`unless` word to the last word, and whether it is `unless`.
/// `words` are searched from `from` on.
pub(crate) fn condition(words: &[Word], src: &str, from: usize) -> Option<(usize, Span, bool)> {
    let at = words.iter().skip(from).position(|w| matches!(w.value(src).as_ref(), "if" | "unless"))? + from;
    let unless = words[at].value(src) == "unless";
    let span = words[at].span.cover(words[words.len() - 1].span);
    Some((at, span, unless))
}

/// Which keyword table [`split_params`] uses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamTable {
    /// `server`, `peer`, `server-template`, `default-server` parameters.
    Server,
    /// `bind` parameters.
    Bind,
}

/// Server parameters that take no argument (besides `no-*` and `force-*`).
#[rustfmt::skip]
const SERVER_FLAGS: &[&str] = &[
    "agent-check", "allow-0rtt", "backup", "check", "check-reuse-pool", "check-send-proxy", "check-ssl",
    "check-via-socks4", "disabled", "enabled", "non-stick", "renegotiate", "send-proxy",
    "send-proxy-v2", "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "ssl", "ssl-reuse", "stick",
    "strict-maxconn", "tfo", "tls-tickets",
];

/// Server parameters that take one argument.
#[rustfmt::skip]
const SERVER_ARGS: &[&str] = &[
    "addr", "agent-addr", "agent-inter", "agent-port", "agent-send", "alpn", "ca-file", "check-alpn",
    "check-proto", "check-sni", "ciphers", "ciphersuites", "client-sigalgs", "cookie", "crl-file",
    "crt", "curves", "downinter", "error-limit", "fall", "fastinter", "guid", "hash-key", "id",
    "idle-ping", "init-addr", "init-state", "inter", "interface", "ktls", "log-bufsize", "log-proto",
    "max-reuse", "maxconn", "maxqueue", "minconn", "namespace", "npn", "observe", "on-error",
    "on-marked-down", "on-marked-up", "pool-conn-name", "pool-low-conn", "pool-max-conn",
    "pool-purge-delay", "port", "proto", "proxy-v2-options", "redir", "resolve-net", "resolve-opts",
    "resolve-prefer", "resolvers", "rise", "shard", "sigalgs", "slowstart", "sni", "socks4", "source",
    "ssl-max-ver", "ssl-min-ver", "tcp-md5sig", "tcp-ut", "track", "usesrc", "verify", "verifyhost",
    "weight", "ws",
];

/// Bind parameters that take no argument (besides `no-*` and `force-*`).
#[rustfmt::skip]
const BIND_FLAGS: &[&str] = &[
    "accept-proxy", "allow-0rtt", "defer-accept", "generate-certificates", "prefer-client-ciphers",
    "quic-force-retry", "ssl", "strict-sni", "tfo", "transparent", "v4v6", "v6only",
];

/// Bind parameters that take one argument.
#[rustfmt::skip]
const BIND_ARGS: &[&str] = &[
    "accept-netscaler-cip", "alpn", "backlog", "ca-file", "ca-ignore-err", "ca-sign-file",
    "ca-sign-pass", "ca-verify-file", "ciphers", "ciphersuites", "client-sigalgs", "crl-file", "crt",
    "crt-ignore-err", "crt-list", "curves", "ecdhe", "expose-fd", "gid", "group", "guid-prefix", "id",
    "idle-ping", "interface", "ktls", "label", "level", "maxconn", "mode", "mss", "name", "namespace",
    "nbconn", "nice", "npn", "process", "proto", "quic-cc-algo", "quic-socket", "severity-output",
    "shards", "sigalgs", "ssl-max-ver", "ssl-min-ver", "tcp-md5sig", "tcp-ut", "thread",
    "tls-ticket-keys", "uid", "user", "verify",
];

fn is_flag(name: &str, table: ParamTable) -> bool {
    let flags = match table {
        ParamTable::Server => SERVER_FLAGS,
        ParamTable::Bind => BIND_FLAGS,
    };
    flags.contains(&name) || name.starts_with("no-") || name.starts_with("force-")
}

fn takes_arg(name: &str, table: ParamTable) -> bool {
    let args = match table {
        ParamTable::Server => SERVER_ARGS,
        ParamTable::Bind => BIND_ARGS,
    };
    args.contains(&name) || name.starts_with("set-proxy-v2-tlv-fmt")
}

/// Whether `name` is a parameter keyword of `table`.
pub(crate) fn is_param_keyword(name: &str, table: ParamTable) -> bool {
    is_flag(name, table) || takes_arg(name, table)
}

/// Splits parameter words into `(keyword, span)` pairs, the span covering
/// the keyword and its argument words. Known flags take no argument, known
/// keywords one; an unknown keyword takes the next word unless that word is
/// a known keyword itself.
pub(crate) fn split_params(words: &[Word], src: &str, table: ParamTable) -> Vec<(Text, Span)> {
    let known = |w: &Word| is_param_keyword(&w.value(src), table);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let name = val(&words[i], src);
        let nargs = if is_flag(&name, table) {
            0
        } else if takes_arg(&name, table) {
            1
        } else {
            usize::from(words.get(i + 1).is_some_and(|w| !known(w)))
        };
        let last = (i + nargs).min(words.len() - 1);
        out.push((name, words[i].span.cover(words[last].span)));
        i = last + 1;
    }
    out
}

/// The value and span of the argument of parameter `name` (the word after
/// the keyword), if present.
pub(crate) fn param_arg(
    words: &[Word],
    src: &str,
    params: &[(Text, Span)],
    name: &str,
) -> Option<(Text, Span)> {
    let (_, span) = params.iter().rev().find(|(n, _)| n == name)?;
    let at = words.iter().position(|w| w.span.start == span.start)?;
    let w = words.get(at + 1).filter(|w| w.span.end <= span.end)?;
    Some((val(w, src), w.span))
}

/// Test helpers shared by the views' tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::ast::{Directive, LineKind};

    /// Every view `read` builds from the directives of `cfg`, in order.
    pub fn all<T>(cfg: &str, read: impl Fn(&Directive, &str) -> Option<T>) -> Vec<T> {
        let parse = crate::parse(cfg);
        assert!(parse.errors().is_empty(), "{:?}", parse.errors());
        let src = parse.source();
        parse
            .file()
            .lines
            .iter()
            .filter_map(|line| match &line.kind {
                LineKind::Directive(d) => read(d, src),
                _ => None,
            })
            .collect()
    }

    /// The first view `read` builds from `cfg`.
    pub fn first<T>(cfg: &str, read: impl Fn(&Directive, &str) -> Option<T>) -> T {
        all(cfg, read).into_iter().next().expect("no matching directive")
    }

    /// The text of `span` in `cfg`.
    pub fn text(cfg: &str, span: crate::span::Span) -> &str {
        span.text(cfg)
    }
}
