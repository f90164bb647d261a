//! Proxy lines that name other things or set the proxy's behaviour:
//! `use_backend`, `default_backend`, `cookie`, `balance`, `mode`, and the
//! global `localpeer`.

use super::{condition, is_keyword, val};
use crate::ast::Directive;
use crate::span::Span;
use crate::views::Text;
use serde::Serialize;

/// Whether a backend name is a log-format expression (`%[req.hdr(host)]`):
/// it holds a `%` that is not part of a `%%`.
fn is_dynamic(name: &str) -> bool {
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        if c == '%' && chars.next() != Some('%') {
            return true;
        }
    }
    false
}

/// `use_backend <name> [if|unless <cond>]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UseBackend {
    /// The backend name (or log-format expression).
    pub name: Text,
    /// The span of the name word (of the keyword when it is missing).
    pub name_span: Span,
    /// The name is a log-format expression, resolved per request.
    pub dynamic: bool,
    /// From `if`/`unless` to the end of the line.
    pub condition: Option<Span>,
    /// The condition is `unless`.
    pub unless: bool,
}

impl UseBackend {
    /// Reads a `use_backend` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<UseBackend> {
        if !is_keyword(d, src, "use_backend") {
            return None;
        }
        let name = d.words.get(1).filter(|w| !matches!(w.value(src).as_ref(), "if" | "unless"));
        let cond = condition(&d.words, src, 1);
        let name_text = name.map(|w| val(w, src)).unwrap_or_default();
        Some(UseBackend {
            dynamic: is_dynamic(&name_text),
            name: name_text,
            name_span: name.map_or(d.keyword().span, |w| w.span),
            condition: cond.map(|c| c.1),
            unless: cond.is_some_and(|c| c.2),
        })
    }
}

/// `default_backend <name>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DefaultBackend {
    /// The backend name (or log-format expression).
    pub name: Text,
    /// The span of the name word (of the keyword when it is missing).
    pub name_span: Span,
    /// The name is a log-format expression.
    pub dynamic: bool,
}

impl DefaultBackend {
    /// Reads a `default_backend` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<DefaultBackend> {
        if !is_keyword(d, src, "default_backend") {
            return None;
        }
        let name = d.words.get(1);
        let name_text = name.map(|w| val(w, src)).unwrap_or_default();
        Some(DefaultBackend {
            dynamic: is_dynamic(&name_text),
            name: name_text,
            name_span: name.map_or(d.keyword().span, |w| w.span),
        })
    }
}

/// How a `cookie` line sets the cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CookieMode {
    /// `rewrite`: the server sets it, HAProxy rewrites its value.
    Rewrite,
    /// `insert`: HAProxy adds it.
    Insert,
    /// `prefix`: HAProxy prefixes the server's own cookie.
    Prefix,
}

/// `cookie <name> [rewrite|insert|prefix] [indirect] [nocache] [postonly]
/// [preserve] [httponly] [secure] [domain <d>]* [maxidle <t>] [maxlife <t>]
/// [dynamic] [attr <v>]*` in a proxy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cookie {
    /// The cookie name.
    pub name: Text,
    /// The span of the name word (of the keyword when it is missing).
    pub name_span: Span,
    /// `rewrite`, `insert` or `prefix` (the last one given), with its span.
    pub mode: Option<(CookieMode, Span)>,
    /// The flags given (`indirect`, `nocache`, `postonly`, `preserve`,
    /// `httponly`, `secure`, `dynamic`), with their spans.
    pub flags: Vec<(Text, Span)>,
    /// `domain <d>` values.
    pub domains: Vec<(Text, Span)>,
    /// `maxidle <t>` value.
    pub maxidle: Option<(Text, Span)>,
    /// `maxlife <t>` value.
    pub maxlife: Option<(Text, Span)>,
    /// `attr <v>` values.
    pub attrs: Vec<(Text, Span)>,
    /// Words that are none of the above.
    pub unknown: Vec<Span>,
}

impl Cookie {
    /// Reads a `cookie` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<Cookie> {
        if !is_keyword(d, src, "cookie") {
            return None;
        }
        let name = d.words.get(1);
        let mut c = Cookie {
            name: name.map(|w| val(w, src)).unwrap_or_default(),
            name_span: name.map_or(d.keyword().span, |w| w.span),
            mode: None,
            flags: Vec::new(),
            domains: Vec::new(),
            maxidle: None,
            maxlife: None,
            attrs: Vec::new(),
            unknown: Vec::new(),
        };
        let rest = d.words.get(2..).unwrap_or_default();
        let mut i = 0;
        while i < rest.len() {
            let w = &rest[i];
            let next = rest.get(i + 1).map(|n| (val(n, src), n.span));
            match w.value(src).as_ref() {
                "rewrite" => c.mode = Some((CookieMode::Rewrite, w.span)),
                "insert" => c.mode = Some((CookieMode::Insert, w.span)),
                "prefix" => c.mode = Some((CookieMode::Prefix, w.span)),
                f
                @ ("indirect" | "nocache" | "postonly" | "preserve" | "httponly" | "secure" | "dynamic") => {
                    c.flags.push((Text::from(f), w.span));
                }
                kw @ ("domain" | "maxidle" | "maxlife" | "attr") if next.is_some() => {
                    i += 1;
                    match kw {
                        "domain" => c.domains.extend(next),
                        "attr" => c.attrs.extend(next),
                        "maxidle" => c.maxidle = next,
                        _ => c.maxlife = next,
                    }
                }
                _ => c.unknown.push(w.span),
            }
            i += 1;
        }
        Some(c)
    }

    /// Whether flag `name` (`indirect`, `nocache`...) is given.
    pub fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(f, _)| f == name)
    }
}

/// `balance <algorithm> [args]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Balance {
    /// The algorithm (`roundrobin`, `source`, `uri`, `hdr(host)`...), as written.
    pub algorithm: Text,
    /// The span of the algorithm word (of the keyword when it is missing).
    pub algorithm_span: Span,
    /// The spans of the words after the algorithm.
    pub args: Vec<Span>,
}

impl Balance {
    /// Reads a `balance` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<Balance> {
        if !is_keyword(d, src, "balance") {
            return None;
        }
        let algo = d.words.get(1);
        Some(Balance {
            algorithm: algo.map(|w| val(w, src)).unwrap_or_default(),
            algorithm_span: algo.map_or(d.keyword().span, |w| w.span),
            args: d.words.iter().skip(2).map(|w| w.span).collect(),
        })
    }

    /// Whether the algorithm sends a given client to the same server by
    /// itself (hashing on the source, URI, a header, a parameter...).
    pub fn is_hash_based(&self) -> bool {
        let algo = self.algorithm.split('(').next().unwrap_or_default();
        matches!(algo, "source" | "uri" | "url_param" | "hdr" | "rdp-cookie" | "hash")
    }
}

/// `localpeer <name>` in `global` (2.2+).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocalPeer {
    /// The local peer name.
    pub name: Text,
    /// The span of the name word (of the keyword when it is missing).
    pub name_span: Span,
}

impl LocalPeer {
    /// Reads a `localpeer` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<LocalPeer> {
        if !is_keyword(d, src, "localpeer") {
            return None;
        }
        let name = d.words.get(1);
        Some(LocalPeer {
            name: name.map(|w| val(w, src)).unwrap_or_default(),
            name_span: name.map_or(d.keyword().span, |w| w.span),
        })
    }
}

/// A proxy mode.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProxyMode {
    /// `http`.
    Http,
    /// `tcp`.
    Tcp,
    /// `log` (log-forward backends, 2.3+ / 3.1+ for backends).
    Log,
    /// `spop` (3.1+ SPOE backends).
    Spop,
    /// `health` (removed in 2.4).
    Health,
    /// Anything else, as written (empty when the word is missing).
    Unknown(String),
}

/// `mode <mode>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mode {
    /// The mode.
    pub mode: ProxyMode,
    /// The span of the mode word (of the keyword when it is missing).
    pub span: Span,
}

impl Mode {
    /// Reads a `mode` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<Mode> {
        if !is_keyword(d, src, "mode") {
            return None;
        }
        let word = d.words.get(1);
        let mode = match word.map(|w| w.value(src)).as_deref() {
            Some("http") => ProxyMode::Http,
            Some("tcp") => ProxyMode::Tcp,
            Some("log") => ProxyMode::Log,
            Some("spop") => ProxyMode::Spop,
            Some("health") => ProxyMode::Health,
            other => ProxyMode::Unknown(other.unwrap_or_default().to_owned()),
        };
        Some(Mode { mode, span: word.map_or(d.keyword().span, |w| w.span) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::{all, first, text};

    #[test]
    fn backends() {
        let cfg = "frontend fe\n    use_backend app if { path_beg /app }\n    use_backend %[req.hdr(host),lower]\n    use_backend 100%%static unless x\n    use_backend\n    default_backend \"app\"\n";
        let u = all(cfg, UseBackend::from_directive);
        assert_eq!((u[0].name.as_str(), u[0].dynamic), ("app", false));
        assert_eq!(text(cfg, u[0].condition.unwrap()), "if { path_beg /app }");
        assert!(u[1].dynamic && u[1].condition.is_none());
        assert!(!u[2].dynamic && u[2].unless);
        assert_eq!((u[3].name.as_str(), text(cfg, u[3].name_span)), ("", "use_backend"));
        let d = first(cfg, DefaultBackend::from_directive);
        assert_eq!((d.name.as_str(), text(cfg, d.name_span), d.dynamic), ("app", "\"app\"", false));
    }

    #[test]
    fn cookies() {
        let cfg = "backend app\n    cookie SRV insert indirect nocache domain .a.com domain .b.com maxidle 30m attr SameSite=Lax bogus\n    cookie JS prefix\n    cookie X\n";
        let c = all(cfg, Cookie::from_directive);
        assert_eq!(c[0].name, "SRV");
        assert_eq!(c[0].mode.map(|m| (m.0, text(cfg, m.1))), Some((CookieMode::Insert, "insert")));
        assert!(c[0].has("indirect") && c[0].has("nocache") && !c[0].has("secure"));
        assert_eq!(c[0].domains.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(), [".a.com", ".b.com"]);
        assert_eq!(c[0].maxidle.as_ref().map(|m| m.0.as_str()), Some("30m"));
        assert_eq!(c[0].attrs.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(), ["SameSite=Lax"]);
        assert_eq!(c[0].unknown.iter().map(|s| text(cfg, *s)).collect::<Vec<_>>(), ["bogus"]);
        assert_eq!(c[1].mode.map(|m| m.0), Some(CookieMode::Prefix));
        assert_eq!(c[2].mode, None);
    }

    #[test]
    fn balance_mode_localpeer() {
        let cfg = "global\n    localpeer lb1\nbackend app\n    mode http\n    balance url_param userid check_post\n    balance hdr(host)\n    balance roundrobin\n    mode tcp\n    mode bogus\n";
        let b = all(cfg, Balance::from_directive);
        assert_eq!(b[0].algorithm, "url_param");
        assert_eq!(b[0].args.iter().map(|s| text(cfg, *s)).collect::<Vec<_>>(), ["userid", "check_post"]);
        assert!(b[0].is_hash_based() && b[1].is_hash_based() && !b[2].is_hash_based());
        let m: Vec<_> = all(cfg, Mode::from_directive).into_iter().map(|m| m.mode).collect();
        assert_eq!(m, [ProxyMode::Http, ProxyMode::Tcp, ProxyMode::Unknown("bogus".into())]);
        let l = first(cfg, LocalPeer::from_directive);
        assert_eq!((l.name.as_str(), text(cfg, l.name_span)), ("lb1", "lb1"));
    }
}
