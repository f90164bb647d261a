//! `bind <addr>[,<addr>...] [params]` in proxies (and, through
//! [`super::PeersBind`], in peers sections).

use super::address::Address;
use super::params::{last_param, split_params};
use super::{is_keyword, split_commas};
use crate::ast::Directive;
use crate::schema::OptionTable;
use crate::span::Span;
use crate::views::Text;
use serde::Serialize;

/// A `bind` line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bind {
    /// The addresses of the first argument, split on commas, each with its
    /// span (exact in a plain word, the whole word when it is quoted).
    pub addresses: Vec<(Address, Span)>,
    /// The span of the whole address word.
    pub address_span: Option<Span>,
    /// The parameters: keyword, and the span of the keyword and its arguments.
    pub params: Vec<(Text, Span)>,
    /// `ssl` is given.
    pub ssl: bool,
    /// `v4v6` is given (an IPv6 wildcard also accepts IPv4).
    pub v4v6: bool,
    /// `v6only` is given.
    pub v6only: bool,
}

impl Bind {
    /// Reads a `bind` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<Bind> {
        if !is_keyword(d, src, "bind") {
            return None;
        }
        let args = d.args();
        let addresses = args.first().map_or_else(Vec::new, |w| {
            split_commas(w, src)
                .into_iter()
                .map(|(text, span)| (Address::parse_with(&text, w.has_env()), span))
                .collect()
        });
        let params = split_params(args.get(1..).unwrap_or_default(), src, OptionTable::Bind);
        let has = |p: &str| last_param(&params, p).is_some();
        Some(Bind {
            addresses,
            address_span: args.first().map(|w| w.span),
            ssl: has("ssl"),
            v4v6: has("v4v6"),
            v6only: has("v6only"),
            params,
        })
    }

    /// The span of parameter `name` and its arguments (the last one given).
    pub fn param(&self, name: &str) -> Option<Span> {
        last_param(&self.params, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::address::{AddressKind, PortSpec};
    use crate::views::testing::{all, text};

    #[test]
    fn binds() {
        let cfg = "frontend fe\n    bind :80,[::]:80 v4v6\n    bind \"10.0.0.1:443,10.0.0.2:443\" ssl crt /etc/x.pem name https\n    bind /run/h.sock mode 600\n    bind ipv6@:::8080 v6only\n    bind 10.0.0.3:1000-1010\n";
        let b = all(cfg, Bind::from_directive);
        assert_eq!(b.len(), 5);
        let spans: Vec<_> = b[0].addresses.iter().map(|(_, s)| text(cfg, *s)).collect();
        assert_eq!(spans, [":80", "[::]:80"]);
        assert!(b[0].addresses.iter().all(|(a, _)| a.is_wildcard()));
        assert!(b[0].v4v6 && !b[0].ssl && !b[0].v6only);
        // Quoted: each address spans the whole word.
        let spans: Vec<_> = b[1].addresses.iter().map(|(_, s)| text(cfg, *s)).collect();
        assert_eq!(spans, ["\"10.0.0.1:443,10.0.0.2:443\"", "\"10.0.0.1:443,10.0.0.2:443\""]);
        assert_eq!(b[1].addresses[1].0.host, "10.0.0.2");
        assert!(b[1].ssl);
        assert_eq!(b[1].param("crt").map(|s| text(cfg, s)), Some("crt /etc/x.pem"));
        assert_eq!(b[2].addresses[0].0.kind, AddressKind::Unix);
        assert!(b[3].v6only);
        assert_eq!(b[4].addresses[0].0.port, Some(PortSpec::Range(1000, 1010)));
        assert_eq!(text(cfg, b[4].address_span.unwrap()), "10.0.0.3:1000-1010");
    }
}
