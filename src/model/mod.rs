//! The semantic model: proxies, peers sections, stick tables and the
//! references between them, each pointing back at lines and spans of the tree.
//!
//! The model reads every directive of the text it is given. The linter
//! gives it, for a file with `.if` blocks, each instance's effective text
//! ([`effective`]): the branches that instance's HAProxy skips are blanked.

pub mod cluster;
pub mod conditions;
pub mod effective;
pub use crate::schema::keywords;
pub mod line_options;
pub(crate) mod server_identity;
pub(crate) mod tables;

use crate::ast::{Directive, LineKind, SectionKind};
use crate::span::Span;
use crate::syntax::Parse;
use crate::views::bind::Bind;
use crate::views::peer::{PeerLine, PeersBind, PeersTable};
use crate::views::proxy_refs::{Balance, Cookie, DefaultBackend, UseBackend};
use crate::views::server::{Server, ServerTemplate};
use crate::views::stick_rule::{StickRule, TrackSc};
use crate::views::stick_table::StickTable;
use crate::views::Text;
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::collections::HashMap;
use thin_vec::ThinVec;

/// A view with the index of the line it was read from.
#[derive(Clone, Debug)]
pub struct At<T> {
    /// Index into [`crate::ast::File::lines`].
    pub line: usize,
    /// The view.
    pub item: T,
}

/// A defaults, frontend, backend or listen section.
#[derive(Clone, Debug)]
pub struct Proxy {
    /// Index into [`crate::ast::File::sections`].
    pub section: usize,
    /// Its kind.
    pub kind: SectionKind,
    /// Its name (`None` for an anonymous defaults section).
    pub name: Option<Text>,
    /// The span of the name, or of the keyword when it has none.
    pub name_span: Span,
    /// Index of the header line.
    pub header_line: usize,
    /// `defaults <name>` it inherits from (`from X`).
    pub from: Option<Text>,
    /// `disabled` appears in it.
    pub disabled: bool,
    /// Indexes of the `server` lines; [`Proxy::servers`] reads them. Views are
    /// built on demand: a generated config can have hundreds of thousands.
    pub server_lines: ThinVec<usize>,
    /// `server-template` lines.
    pub server_templates: ThinVec<At<ServerTemplate>>,
    /// `stick-table` lines (HAProxy allows one).
    pub stick_tables: ThinVec<At<StickTable>>,
    /// `stick on/match/store-*` lines.
    pub stick_rules: ThinVec<At<StickRule>>,
    /// `track-sc*` actions.
    pub track_scs: ThinVec<At<TrackSc>>,
    /// `cookie` lines.
    pub cookies: ThinVec<At<Cookie>>,
    /// `balance` lines.
    pub balances: ThinVec<At<Balance>>,
    /// `bind` lines.
    pub binds: ThinVec<At<Bind>>,
    /// `use_backend` lines.
    pub use_backends: ThinVec<At<UseBackend>>,
    /// `default_backend` lines.
    pub default_backends: ThinVec<At<DefaultBackend>>,
}

impl Proxy {
    /// Whether it can hold servers and stick rules.
    pub fn has_backend_capability(&self) -> bool {
        self.kind.has_backend_capability()
    }

    /// Drops spare capacity: a first push reserves room for four views, which
    /// for 50,000 backends of one table each is most of the model's memory.
    fn shrink(&mut self) {
        self.server_lines.shrink_to_fit();
        self.server_templates.shrink_to_fit();
        self.stick_tables.shrink_to_fit();
        self.stick_rules.shrink_to_fit();
        self.track_scs.shrink_to_fit();
        self.cookies.shrink_to_fit();
        self.balances.shrink_to_fit();
        self.binds.shrink_to_fit();
        self.use_backends.shrink_to_fit();
        self.default_backends.shrink_to_fit();
    }

    /// Its `server` lines, read on demand.
    pub fn servers<'p>(&'p self, parse: &'p Parse) -> impl Iterator<Item = At<Server>> + 'p {
        self.server_lines.iter().filter_map(move |&line| {
            let d = directive_at(parse, line)?;
            Server::from_directive(d, parse.source()).map(|item| At { line, item })
        })
    }
}

/// A `peers` section.
#[derive(Clone, Debug)]
pub struct PeersSection {
    /// Index into [`crate::ast::File::sections`].
    pub section: usize,
    /// Its name.
    pub name: Text,
    /// Span of the name (of the keyword when it has none).
    pub name_span: Span,
    /// Index of the header line.
    pub header_line: usize,
    /// `peer` and `server` lines.
    pub peers: ThinVec<At<PeerLine>>,
    /// `bind` lines.
    pub binds: ThinVec<At<PeersBind>>,
    /// `table` lines.
    pub tables: ThinVec<At<PeersTable>>,
    /// `disabled` appears in it.
    pub disabled: bool,
}

/// `localpeer` in a `global` section.
#[derive(Clone, Debug)]
pub struct LocalPeerSetting {
    /// Line index.
    pub line: usize,
    /// The name.
    pub name: Text,
    /// Span of the name word.
    pub span: Span,
}

/// The model of one file.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Defaults, frontends, backends and listens, in file order.
    pub proxies: Vec<Proxy>,
    /// Peers sections, in file order.
    pub peers: Vec<PeersSection>,
    /// `localpeer` settings in global sections, in file order.
    pub localpeers: Vec<LocalPeerSetting>,
    /// Line index of the first `peers` header, if any.
    pub first_peers_line: Option<usize>,
    /// The first proxy of each name (lookups stay O(1) with tens of
    /// thousands of backends); the table holds indexes, not copies of names.
    by_name: HashTable<u32>,
    /// For each proxy, the next one with the same name (rare: a mistake, or
    /// a frontend and a backend sharing a name).
    next_same_name: Vec<Option<u32>>,
    /// For each proxy, the index of the defaults section it inherits from.
    defaults: Vec<Option<usize>>,
    /// For each proxy, the proxies inheriting from it (empty but for
    /// defaults sections), in file order.
    inheritors: Vec<Vec<usize>>,
}

impl Model {
    /// Builds the model of a parsed file.
    pub fn build(parse: &Parse) -> Model {
        let file = parse.file();
        let src = parse.source();
        let mut model = Model::default();
        // Exact room: doubling a vector of 50,000 proxies copies and touches
        // half as much memory again.
        model.proxies.reserve_exact(file.sections.iter().filter(|s| s.kind.is_proxy()).count());
        for (si, section) in file.sections.iter().enumerate() {
            let header = file.header(section);
            let header_line = section.header as usize;
            // `defaults from base`: an anonymous defaults section inheriting `base`.
            let anonymous = section.kind == SectionKind::Defaults
                && header.name().is_some_and(|w| w.value(src) == "from");
            let name_word = header.name().filter(|_| !anonymous);
            let name = name_word.map(|w| Text::from(w.value(src)));
            let name_span = name_word.map_or(header.directive.keyword().span, |w| w.span);
            match section.kind {
                kind if kind.is_proxy() => {
                    let from = from_clause(header.directive, src);
                    let mut proxy = Proxy {
                        section: si,
                        kind,
                        name,
                        name_span,
                        header_line,
                        from,
                        disabled: false,
                        server_lines: ThinVec::new(),
                        server_templates: ThinVec::new(),
                        stick_tables: ThinVec::new(),
                        stick_rules: ThinVec::new(),
                        track_scs: ThinVec::new(),
                        cookies: ThinVec::new(),
                        balances: ThinVec::new(),
                        binds: ThinVec::new(),
                        use_backends: ThinVec::new(),
                        default_backends: ThinVec::new(),
                    };
                    for (line, d) in file.directives(section) {
                        add_proxy_directive(&mut proxy, line, d, src);
                    }
                    proxy.shrink();
                    model.proxies.push(proxy);
                }
                SectionKind::Peers => {
                    model.first_peers_line.get_or_insert(header_line);
                    let mut peers = PeersSection {
                        section: si,
                        name: name.unwrap_or_default(),
                        name_span,
                        header_line,
                        peers: ThinVec::new(),
                        binds: ThinVec::new(),
                        tables: ThinVec::new(),
                        disabled: false,
                    };
                    for (line, d) in file.directives(section) {
                        add_peers_directive(&mut peers, line, d, src);
                    }
                    model.peers.push(peers);
                }
                SectionKind::Global => {
                    for (line, d) in file.directives(section) {
                        if d.keyword().value(src) == "localpeer" {
                            if let Some(w) = d.args().first() {
                                model.localpeers.push(LocalPeerSetting {
                                    line,
                                    name: Text::from(w.value(src)),
                                    span: w.span,
                                });
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        model.index();
        model
    }

    fn index(&mut self) {
        let mut last_defaults = None;
        let mut named_defaults: HashMap<&str, usize> = HashMap::new();
        let proxies = &self.proxies;
        self.by_name.reserve(proxies.len(), |&i| name_hash(proxies[i as usize].name.as_deref()));
        self.next_same_name = vec![None; proxies.len()];
        // Walking backwards leaves each name's first proxy in the table, each
        // later one chained from the one before it.
        for (i, p) in proxies.iter().enumerate().rev() {
            let Some(name) = p.name.as_deref() else { continue };
            let same = |&j: &u32| proxies[j as usize].name.as_deref() == Some(name);
            let hash = name_hash(Some(name));
            match self.by_name.find_mut(hash, same) {
                Some(first) => {
                    self.next_same_name[i] = Some(*first);
                    *first = i as u32;
                }
                None => {
                    self.by_name
                        .insert_unique(hash, i as u32, |&j| name_hash(proxies[j as usize].name.as_deref()));
                }
            }
        }
        for (i, p) in self.proxies.iter().enumerate() {
            let inherited = match &p.from {
                Some(name) => named_defaults.get(name.as_str()).copied(),
                // A new defaults section starts afresh (HAProxy 2.6 lets a
                // defaults section follow one with TCP/HTTP rules, which it
                // could not inherit).
                None if p.kind == SectionKind::Defaults => None,
                None => last_defaults,
            };
            self.defaults.push(inherited);
            if let Some(d) = inherited {
                self.inheritors.resize_with(self.proxies.len(), Vec::new);
                self.inheritors[d].push(i);
            }
            if p.kind == SectionKind::Defaults {
                last_defaults = Some(i);
                if let Some(name) = &p.name {
                    named_defaults.insert(name, i);
                }
            }
        }
    }

    /// The proxies (defaults included) named `name`, in file order.
    pub fn proxies_named<'m>(&'m self, name: &str) -> impl Iterator<Item = &'m Proxy> + 'm {
        let first = self
            .by_name
            .find(name_hash(Some(name)), |&i| self.proxies[i as usize].name.as_deref() == Some(name))
            .copied();
        std::iter::successors(first, |&i| self.next_same_name[i as usize]).map(|i| &self.proxies[i as usize])
    }

    /// The proxy named `name` with backend capability (backend or listen).
    pub fn backend(&self, name: &str) -> Option<&Proxy> {
        self.proxies_named(name).find(|p| p.has_backend_capability())
    }

    /// The defaults section a proxy takes its defaults from: the one named
    /// by `from`, else the last defaults section before it.
    pub fn defaults_of(&self, proxy: &Proxy) -> Option<&Proxy> {
        self.defaults_of_index(self.index_of(proxy)?)
    }

    /// The index of `proxy` in `proxies`, when it is one of ours (O(1): the
    /// address tells where it sits in the vector).
    pub fn index_of(&self, proxy: &Proxy) -> Option<usize> {
        let offset = (proxy as *const Proxy as usize).checked_sub(self.proxies.as_ptr() as usize)?;
        let i = offset / std::mem::size_of::<Proxy>().max(1);
        self.proxies.get(i).filter(|p| std::ptr::eq(*p, proxy)).map(|_| i)
    }

    /// [`Model::defaults_of`] by index into `proxies`.
    pub fn defaults_of_index(&self, proxy: usize) -> Option<&Proxy> {
        self.defaults.get(proxy).copied().flatten().map(|i| &self.proxies[i])
    }

    /// The proxies inheriting from `proxy` (a defaults section), in file
    /// order: those naming it with `from`, and those after it without one.
    pub fn inheritors(&self, proxy: &Proxy) -> impl Iterator<Item = &Proxy> + '_ {
        let list = self.index_of(proxy).and_then(|i| self.inheritors.get(i)).map_or(&[][..], Vec::as_slice);
        list.iter().map(|&i| &self.proxies[i])
    }

    /// A proxy's directives of one kind, its own or else inherited from its
    /// defaults chain (`balance`, `cookie`...).
    pub fn inherited<'m, T>(
        &'m self,
        proxy: &'m Proxy,
        get: impl Fn(&'m Proxy) -> &'m [At<T>],
    ) -> Option<&'m At<T>> {
        let mut current = Some(proxy);
        // A chain longer than the proxies count would be a `from` loop.
        for _ in 0..=self.proxies.len() {
            let p = current?;
            if let Some(last) = get(p).last() {
                return Some(last);
            }
            current = self.defaults_of(p).filter(|d| !std::ptr::eq(*d, p));
        }
        None
    }

    /// The proxy whose stick-table is named `name` (proxy tables are named
    /// after their proxy).
    pub fn table_owner(&self, name: &str) -> Option<&Proxy> {
        self.proxies_named(name).find(|p| p.kind != SectionKind::Defaults && !p.stick_tables.is_empty())
    }

    /// Whether `<peers>/<table>` names a peers-section table.
    pub fn peers_table(&self, name: &str) -> Option<(&PeersSection, &At<PeersTable>)> {
        let (section, table) = name.split_once('/')?;
        let s = self.peers_section(section)?;
        s.tables.iter().find(|t| t.item.name == table).map(|t| (s, t))
    }

    /// Whether a `table <name>` reference (of a stick rule or a `track-sc`)
    /// finds a table: a proxy's, or `<peers>/<table>`. A peers-section table
    /// named without its prefix counts too: that mistake is
    /// `peers-table-unprefixed`'s finding, not a missing table.
    pub fn knows_table(&self, name: &str) -> bool {
        self.table_owner(name).is_some()
            || self.peers_table(name).is_some()
            || self.peers.iter().any(|s| s.tables.iter().any(|t| t.item.name == name))
    }

    /// Whether any `bind` of a frontend or listen accepts IPv6 clients.
    pub fn binds_ipv6(&self) -> bool {
        self.proxies.iter().flat_map(|p| &p.binds).any(|b| {
            b.item.v4v6
                || b.item.addresses.iter().any(|(a, _)| {
                    a.kind == crate::views::address::AddressKind::Ipv6
                        || (a.kind == crate::views::address::AddressKind::Wildcard && a.host.contains(':'))
                })
        })
    }

    /// The peers section named `name`.
    pub fn peers_section(&self, name: &str) -> Option<&PeersSection> {
        self.peers.iter().find(|p| p.name == name)
    }

    /// Reads the peer names, peer addresses and `localpeer` names written
    /// with environment variables again, with the variables `env` gives
    /// expanded, as HAProxy expands `"${VAR}"` at start-up. Variables it does
    /// not give stay as written (rules then treat the word as unknown).
    pub fn expand_env(&mut self, parse: &Parse, env: &conditions::Environment) {
        let src = parse.source();
        let expand = |w: &crate::ast::Word| {
            w.value_with(src, |name| env.get(name).flatten().map(|v| Some(v.to_owned()))).into_owned()
        };
        for section in &mut self.peers {
            for peer in &mut section.peers {
                let Some(d) = directive_at(parse, peer.line) else { continue };
                let args = d.args();
                if let Some(w) = args.first().filter(|w| w.has_env()) {
                    peer.item.name = Text::from(expand(w));
                }
                if let Some((address, span)) = &mut peer.item.address {
                    if let Some(w) = args.iter().find(|w| w.span == *span && w.has_env()) {
                        *address = crate::views::address::Address::parse_with(&expand(w), true);
                    }
                }
            }
        }
        for setting in &mut self.localpeers {
            let Some(d) = directive_at(parse, setting.line) else { continue };
            if let Some(w) = d.args().first().filter(|w| w.has_env()) {
                setting.name = Text::from(expand(w));
            }
        }
    }

    /// Whether any peer line or `localpeer` is written with an environment
    /// variable ([`Model::expand_env`] would read it otherwise per instance).
    pub fn uses_env_in_peers(parse: &Parse) -> bool {
        let file = parse.file();
        let src = parse.source();
        file.sections.iter().filter(|s| matches!(s.kind, SectionKind::Peers | SectionKind::Global)).any(|s| {
            file.directives(s).any(|(_, d)| {
                matches!(d.keyword().value(src).as_ref(), "peer" | "server" | "localpeer")
                    && d.args().iter().take(2).any(|w| w.has_env())
            })
        })
    }

    /// Whether the file alone describes an active-active cluster (a peers
    /// section with two or more peers).
    pub fn lists_several_peers(&self) -> bool {
        self.peers.iter().any(|p| p.peers.len() >= 2)
    }
}

/// `defaults name from other` / `backend b from other`.
fn from_clause(header: &Directive, src: &str) -> Option<Text> {
    let args = header.args();
    let at = args.iter().position(|w| w.value(src) == "from")?;
    args.get(at + 1).map(|w| Text::from(w.value(src)))
}

fn add_proxy_directive(proxy: &mut Proxy, line: usize, d: &Directive, src: &str) {
    let keyword = d.keyword().value(src);
    match keyword.as_ref() {
        "server" => proxy.server_lines.push(line),
        "server-template" => push(&mut proxy.server_templates, line, ServerTemplate::from_directive(d, src)),
        "stick-table" => push(&mut proxy.stick_tables, line, StickTable::from_directive(d, src)),
        "stick" => push(&mut proxy.stick_rules, line, StickRule::from_directive(d, src)),
        "cookie" => push(&mut proxy.cookies, line, Cookie::from_directive(d, src)),
        "balance" => push(&mut proxy.balances, line, Balance::from_directive(d, src)),
        "bind" => push(&mut proxy.binds, line, Bind::from_directive(d, src)),
        "use_backend" => push(&mut proxy.use_backends, line, UseBackend::from_directive(d, src)),
        "default_backend" => push(&mut proxy.default_backends, line, DefaultBackend::from_directive(d, src)),
        "disabled" => proxy.disabled = true,
        "http-request" | "http-response" | "tcp-request" | "tcp-response" => {
            push(&mut proxy.track_scs, line, TrackSc::from_directive(d, src));
        }
        _ => {}
    }
}

fn add_peers_directive(peers: &mut PeersSection, line: usize, d: &Directive, src: &str) {
    let keyword = d.keyword().value(src);
    match keyword.as_ref() {
        "peer" | "server" => push(&mut peers.peers, line, PeerLine::from_directive(d, src)),
        "bind" => push(&mut peers.binds, line, PeersBind::from_directive(d, src)),
        "table" => push(&mut peers.tables, line, PeersTable::from_directive(d, src)),
        "disabled" => peers.disabled = true,
        _ => {}
    }
}

/// Pushes a view; a first one gets room for itself only (most proxies have
/// one table, one balance...: a default first allocation holds four).
fn push<T>(list: &mut ThinVec<At<T>>, line: usize, item: Option<T>) {
    if let Some(item) = item {
        if list.capacity() == 0 {
            list.reserve_exact(1);
        }
        list.push(At { line, item });
    }
}

fn name_hash(name: Option<&str>) -> u64 {
    use std::hash::BuildHasher;
    FxBuildHasher.hash_one(name.unwrap_or_default())
}

/// Whether a `global` section loads a Lua script (`lua-load`,
/// `lua-load-per-thread`): Lua actions, fetches and converters exist only then.
pub fn loads_lua(parse: &Parse) -> bool {
    let (file, src) = (parse.file(), parse.source());
    file.sections
        .iter()
        .filter(|s| s.kind == crate::ast::SectionKind::Global)
        .any(|s| file.directives(s).any(|(_, d)| d.keyword().value(src).starts_with("lua-load")))
}

/// The directive on line `line`, if it holds one.
pub fn directive_at(parse: &Parse, line: usize) -> Option<&Directive> {
    match &parse.file().lines.get(line)?.kind {
        LineKind::Directive(d) => Some(d),
        _ => None,
    }
}
