//! Names defined and referred to in a config, for go to definition, find
//! references, completion and the outline: proxies (`use_backend`,
//! `default_backend`), `defaults` sections (`from`), peers sections (a
//! stick-table's `peers`), tables (`table` of stick and track rules), and
//! servers (`use-server`, within their proxy). Read from the model, which
//! keeps the span of every name.

use crate::ast::{LineKind, SectionKind};
use crate::model::Model;
use crate::span::Span;
use crate::syntax::Parse;

/// What a name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A frontend, backend or listen.
    Proxy,
    /// A `defaults` section.
    Defaults,
    /// A `peers` section.
    Peers,
    /// A stick table: a proxy's own, or a peers section's `table`.
    Table,
    /// A server of one proxy.
    Server,
}

/// One occurrence of a name.
#[derive(Clone, Debug)]
pub struct Name {
    /// What it names.
    pub kind: NameKind,
    /// The name.
    pub text: String,
    /// Where it is written.
    pub span: Span,
    /// For servers, the index of their proxy in [`Model::proxies`].
    pub scope: Option<usize>,
    /// Whether it is the definition (else a reference).
    pub definition: bool,
}

impl Name {
    fn same(&self, other: &Name) -> bool {
        self.kind == other.kind && self.text == other.text && self.scope == other.scope
    }
}

/// Every name of a config.
pub struct Names {
    /// In no particular order.
    pub all: Vec<Name>,
}

impl Names {
    /// Collects the names of `parse`.
    pub fn collect(parse: &Parse, model: &Model) -> Names {
        let src = parse.source();
        let mut all = Vec::new();
        let mut push = |kind, text: &str, span, scope, definition| {
            all.push(Name { kind, text: text.to_owned(), span, scope, definition });
        };
        for (index, proxy) in model.proxies.iter().enumerate() {
            let Some(name) = &proxy.name else { continue };
            let kind = if proxy.kind == SectionKind::Defaults { NameKind::Defaults } else { NameKind::Proxy };
            push(kind, name, proxy.name_span, None, true);
            if !proxy.stick_tables.is_empty() {
                push(NameKind::Table, name, proxy.name_span, None, true);
            }
            for r in proxy.use_backends.iter().filter(|r| !r.item.dynamic) {
                push(NameKind::Proxy, &r.item.name, r.item.name_span, None, false);
            }
            for r in proxy.default_backends.iter().filter(|r| !r.item.dynamic) {
                push(NameKind::Proxy, &r.item.name, r.item.name_span, None, false);
            }
            for t in &proxy.stick_tables {
                if let Some((peers, span)) = &t.item.peers {
                    push(NameKind::Peers, peers, *span, None, false);
                }
            }
            let tables = proxy.stick_rules.iter().filter_map(|r| r.item.table.as_ref());
            for (table, span) in tables.chain(proxy.track_scs.iter().filter_map(|t| t.item.table.as_ref())) {
                push(NameKind::Table, table, *span, None, false);
            }
            for server in proxy.servers(parse) {
                push(NameKind::Server, &server.item.name, server.item.name_span, Some(index), true);
            }
            let header = parse.file().header(&parse.file().sections[proxy.section]).directive;
            let args = header.args();
            if let Some(from) = args.iter().position(|w| w.value(src) == "from").and_then(|i| args.get(i + 1))
            {
                push(NameKind::Defaults, &from.value(src), from.span, None, false);
            }
            for (_, d) in parse.file().directives(&parse.file().sections[proxy.section]) {
                if d.keyword().raw(src) == "use-server" {
                    if let Some(server) = d.args().first() {
                        push(NameKind::Server, &server.value(src), server.span, Some(index), false);
                    }
                }
            }
        }
        for peers in &model.peers {
            push(NameKind::Peers, &peers.name, peers.name_span, None, true);
            for table in &peers.tables {
                // Rules name a peers section's table `<peers>/<name>`.
                let global = format!("{}/{}", peers.name, table.item.name);
                push(NameKind::Table, &global, table.item.name_span, None, true);
            }
        }
        Names { all }
    }

    /// The names written at byte `offset` (a proxy's name is also its table's).
    pub fn at(&self, offset: u32) -> impl Iterator<Item = &Name> + '_ {
        self.all.iter().filter(move |n| n.span.start <= offset && offset <= n.span.end)
    }

    /// The definitions of what the names at `offset` name.
    pub fn definitions(&self, offset: u32) -> Vec<Span> {
        let mut out: Vec<Span> = self
            .at(offset)
            .flat_map(|here| self.all.iter().filter(move |n| n.definition && n.same(here)))
            .map(|n| n.span)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Every occurrence of what the names at `offset` name (definitions
    /// included when `declarations`).
    pub fn references(&self, offset: u32, declarations: bool) -> Vec<Span> {
        let mut out: Vec<Span> = self
            .at(offset)
            .flat_map(|here| self.all.iter().filter(move |n| n.same(here) && (declarations || !n.definition)))
            .map(|n| n.span)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The distinct defined names of one kind (and scope), sorted.
    pub fn defined(&self, kind: NameKind, scope: Option<usize>) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .all
            .iter()
            .filter(|n| n.definition && n.kind == kind && (scope.is_none() || n.scope == scope))
            .map(|n| n.text.as_str())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// One outline entry per section: its header's words, the section's lines.
pub struct SectionSymbol {
    /// `backend app`.
    pub title: String,
    /// The kind.
    pub kind: SectionKind,
    /// From the header to the end of the section's last line.
    pub span: Span,
    /// The name (or the keyword when it has none).
    pub name_span: Span,
}

/// The sections of a config, in order.
pub fn sections(parse: &Parse) -> Vec<SectionSymbol> {
    let file = parse.file();
    let src = parse.source();
    file.sections
        .iter()
        .map(|s| {
            let header = file.header(s);
            let words: Vec<&str> = header.directive.words.iter().take(2).map(|w| w.raw(src)).collect();
            let last = &file.lines[(s.end as usize).max(s.header as usize + 1) - 1];
            // Trailing blank lines belong to the gap, not the section.
            let end = file.lines[s.header as usize..s.end as usize]
                .iter()
                .rev()
                .find(|l| !matches!(l.kind, LineKind::Empty) || l.comment.is_some())
                .map_or(last.span.end, |l| l.span.end);
            SectionSymbol {
                title: words.join(" "),
                kind: s.kind,
                span: Span::new(file.lines[s.header as usize].span.start, end),
                name_span: header.name().map_or(header.directive.keyword().span, |w| w.span),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "\
peers mesh
    peer a 10.0.0.1:1024
    table t_shared type ip size 1k
defaults base
    mode http
frontend fe from base
    http-request track-sc0 src table mesh/t_shared
    http-request track-sc1 src table be
    default_backend be
backend be from base
    stick-table type ip size 1k peers mesh
    stick on src table be
    use-server s2 if { path /x }
    server s1 10.0.0.2:80
    server s2 10.0.0.3:80
";

    /// The text of the spans `names` gives for the occurrence of `needle` (`nth`).
    fn resolve(f: impl Fn(&Names, u32) -> Vec<Span>, needle: &str, nth: usize) -> Vec<(usize, &'static str)> {
        let parse = crate::parse(SRC);
        let names = Names::collect(&parse, &Model::build(&parse));
        let at = SRC.match_indices(needle).nth(nth).expect("needle").0 as u32;
        f(&names, at)
            .into_iter()
            .map(|s| (SRC[..s.start as usize].lines().count(), &SRC[s.range()]))
            .collect()
    }

    #[test]
    fn definitions_of_each_kind_of_reference() {
        let def = |n: &Names, at| n.definitions(at);
        // A stick-table's `peers`, `from`, `use-server` and `default_backend`.
        assert_eq!(resolve(def, "mesh\n", 1), [(1, "mesh")]);
        assert_eq!(resolve(def, "base\n", 1), [(4, "base")]);
        assert_eq!(resolve(def, "s2 if", 0), [(15, "s2")]);
        assert_eq!(resolve(def, "be\n", 1), [(10, "be")], "default_backend be");
        // `table be` in track-sc and stick rules: the backend that holds the table;
        // `table mesh/t_shared`: the peers section's table.
        assert_eq!(resolve(def, "table be", 0).len(), 0, "the cursor is on `table`, not the name");
        assert_eq!(resolve(def, "be\n", 0), [(10, "be")]);
        assert_eq!(resolve(def, "be\n", 2), [(10, "be")]);
        assert_eq!(resolve(def, "mesh/t_shared", 0), [(3, "t_shared")]);
    }

    #[test]
    fn references_of_a_backend_cover_its_table_too() {
        let refs = |n: &Names, at| n.references(at, false);
        // From the header `backend be`: default_backend, and both `table be`.
        assert_eq!(resolve(refs, "be from", 0), [(8, "be"), (9, "be"), (12, "be")]);
        let with_decl = |n: &Names, at| n.references(at, true);
        assert_eq!(resolve(with_decl, "mesh", 0), [(1, "mesh"), (11, "mesh")]);
    }
}
