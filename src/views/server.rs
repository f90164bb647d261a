//! `server <name> <addr> [params]` and `server-template <prefix> <num|range>
//! <fqdn>[:port] [params]` in proxy sections.

use super::address::Address;
use super::params::{last_param, param_arg, split_params};
use super::{is_keyword, val};
use crate::ast::Directive;
use crate::schema::OptionTable;
use crate::span::Span;
use crate::views::Text;
use serde::Serialize;

/// A `server` line of a proxy (peers-section servers are [`super::PeerLine`]s).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Server {
    /// The server's name.
    pub name: Text,
    /// The span of the name word (of the keyword when it is missing).
    pub name_span: Span,
    /// The address word, parsed, and its span.
    pub address: Option<(Address, Span)>,
    /// The parameters: keyword, and the span of the keyword and its arguments.
    pub params: Vec<(Text, Span)>,
    /// `id <n>`: the value as written and its span.
    pub id: Option<(Text, Span)>,
    /// `cookie <value>`: the value and its span.
    pub cookie: Option<(Text, Span)>,
    /// `backup` is given.
    pub backup: bool,
    /// `disabled` is given.
    pub disabled: bool,
    /// `check` is given.
    pub check: bool,
}

impl Server {
    /// Reads a `server` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<Server> {
        if !is_keyword(d, src, "server") {
            return None;
        }
        let args = d.args();
        let name = args.first();
        let address = args.get(1).map(|w| (Address::from_word(w, src), w.span));
        let rest = args.get(2..).unwrap_or_default();
        let params = split_params(rest, src, OptionTable::Server);
        let has = |p: &str| last_param(&params, p).is_some();
        Some(Server {
            name: name.map(|w| val(w, src)).unwrap_or_default(),
            name_span: name.map_or(d.keyword().span, |w| w.span),
            address,
            id: param_arg(rest, src, &params, "id"),
            cookie: param_arg(rest, src, &params, "cookie"),
            backup: has("backup"),
            disabled: has("disabled"),
            check: has("check"),
            params,
        })
    }

    /// The span of parameter `name` and its arguments (the last one given).
    pub fn param(&self, name: &str) -> Option<Span> {
        last_param(&self.params, name)
    }
}

/// The number of servers of a template: `<num>` or `<low>-<high>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateRange {
    /// `5`: servers 1 to 5.
    Count(u32),
    /// `3-5`: servers 3 to 5.
    Range(u32, u32),
    /// Anything else, as written.
    Invalid(String),
}

impl TemplateRange {
    /// Reads `<num>` or `<low>-<high>`.
    pub fn parse(text: &str) -> TemplateRange {
        let num = |s: &str| s.parse::<u32>().ok().filter(|_| !s.starts_with('+'));
        match text.split_once('-') {
            None => num(text).map_or_else(|| TemplateRange::Invalid(text.to_owned()), TemplateRange::Count),
            Some((lo, hi)) => match (num(lo), num(hi)) {
                (Some(lo), Some(hi)) if lo <= hi => TemplateRange::Range(lo, hi),
                _ => TemplateRange::Invalid(text.to_owned()),
            },
        }
    }

    /// How many servers it makes.
    pub fn count(&self) -> u32 {
        match *self {
            TemplateRange::Count(n) => n,
            TemplateRange::Range(lo, hi) => hi - lo + 1,
            TemplateRange::Invalid(_) => 0,
        }
    }
}

/// A `server-template` line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerTemplate {
    /// The name prefix (servers are `<prefix>1`, `<prefix>2`...).
    pub prefix: Text,
    /// The span of the prefix word (of the keyword when it is missing).
    pub prefix_span: Span,
    /// The number or range of servers, and its span.
    pub range: Option<(TemplateRange, Span)>,
    /// The address (usually `<fqdn>:<port>`), parsed, and its span.
    pub address: Option<(Address, Span)>,
    /// The parameters: keyword, and the span of the keyword and its arguments.
    pub params: Vec<(Text, Span)>,
}

impl ServerTemplate {
    /// Reads a `server-template` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<ServerTemplate> {
        if !is_keyword(d, src, "server-template") {
            return None;
        }
        let args = d.args();
        let prefix = args.first();
        Some(ServerTemplate {
            prefix: prefix.map(|w| val(w, src)).unwrap_or_default(),
            prefix_span: prefix.map_or(d.keyword().span, |w| w.span),
            range: args.get(1).map(|w| (TemplateRange::parse(&w.value(src)), w.span)),
            address: args.get(2).map(|w| (Address::from_word(w, src), w.span)),
            params: split_params(args.get(3..).unwrap_or_default(), src, OptionTable::Server),
        })
    }

    /// The names of the servers it makes (at most 100 000).
    pub fn server_names(&self) -> Vec<String> {
        let (lo, hi) = match self.range {
            Some((TemplateRange::Count(n), _)) => (1, n),
            Some((TemplateRange::Range(lo, hi), _)) => (lo, hi),
            _ => return Vec::new(),
        };
        (lo..=hi).take(100_000).map(|i| format!("{}{i}", self.prefix)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::address::AddressKind;
    use crate::views::testing::{all, text};

    #[test]
    fn servers() {
        let cfg = "backend app\n    server s1 10.0.1.1:80 check id 3 cookie \"c 1\" weight 10\n    server s2 [::1]:80 backup disabled\n    server s3 \"${S3}:80\" resolvers dns init-addr none\n    server s4\n";
        let s = all(cfg, Server::from_directive);
        assert_eq!(s.len(), 4);
        assert_eq!((s[0].name.as_str(), text(cfg, s[0].name_span)), ("s1", "s1"));
        assert_eq!(s[0].address.as_ref().unwrap().0.port_number(), Some(80));
        assert_eq!(s[0].id.as_ref().map(|i| (i.0.as_str(), text(cfg, i.1))), Some(("3", "3")));
        assert_eq!(s[0].cookie.as_ref().map(|c| c.0.as_str()), Some("c 1"));
        assert!(s[0].check && !s[0].backup && !s[0].disabled);
        let names: Vec<_> = s[0].params.iter().map(|(n, sp)| (n.as_str(), text(cfg, *sp))).collect();
        assert_eq!(
            names,
            [("check", "check"), ("id", "id 3"), ("cookie", "cookie \"c 1\""), ("weight", "weight 10")]
        );
        assert_eq!(s[0].param("weight").map(|sp| text(cfg, sp)), Some("weight 10"));
        assert!(s[1].backup && s[1].disabled && !s[1].check);
        assert_eq!(s[1].address.as_ref().unwrap().0.kind, AddressKind::Ipv6);
        assert_eq!(s[2].address.as_ref().unwrap().0.kind, AddressKind::Env);
        assert_eq!(s[2].param("init-addr").map(|sp| text(cfg, sp)), Some("init-addr none"));
        assert_eq!((s[3].address.clone(), s[3].params.len()), (None, 0));
    }

    #[test]
    fn unknown_params_take_a_value_unless_a_keyword_follows() {
        let cfg = "backend app\n    server s1 10.0.0.1:80 frobnicate 3 newflag check\n";
        let s = all(cfg, Server::from_directive).remove(0);
        let names: Vec<_> = s.params.iter().map(|(_, sp)| text(cfg, *sp)).collect();
        assert_eq!(names, ["frobnicate 3", "newflag", "check"]);
    }

    #[test]
    fn templates() {
        let cfg = "backend app\n    server-template web 3 _http._tcp.app.local:80 check\n    server-template w 5-6 app:80\n    server-template x abc app:80\n";
        let t = all(cfg, ServerTemplate::from_directive);
        assert_eq!(t[0].prefix, "web");
        assert_eq!(
            t[0].range.as_ref().map(|r| (&r.0, text(cfg, r.1))),
            Some((&TemplateRange::Count(3), "3"))
        );
        assert_eq!(t[0].server_names(), ["web1", "web2", "web3"]);
        assert_eq!(t[0].address.as_ref().unwrap().0.kind, AddressKind::Hostname);
        assert_eq!(t[0].params.len(), 1);
        assert_eq!(t[1].server_names(), ["w5", "w6"]);
        assert_eq!(t[1].range.as_ref().unwrap().0.count(), 2);
        assert_eq!(t[2].range.as_ref().unwrap().0, TemplateRange::Invalid("abc".into()));
        assert_eq!(TemplateRange::parse("6-5"), TemplateRange::Invalid("6-5".into()));
    }
}
