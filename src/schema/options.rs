//! Options of `bind` lines, of `server`, `default-server`, `server-template`
//! and `peer` lines, and the kinds of `filter` lines, extracted from the
//! registration tables of HAProxy's sources (`struct bind_kw_list`,
//! `struct srv_kw_list`, `struct flt_kw_list`) at every tag 1.8 to 3.3.
//!
//! HAProxy looks an option up by the part of the word before any `(`
//! (`set-proxy-v2-tlv-fmt(0xE1)`), then steps over the words it takes.

use super::{data, Version, Versioned};

/// An option of a `bind` line (`ssl`, `crt <file>`) or of a `server`-like
/// line (`check`, `weight <n>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineOption {
    /// Its name.
    pub name: &'static str,
    /// How many words after it belong to it; -1 when the option reads a
    /// variable number itself (`source <addr> [usesrc <addr>] ...`).
    pub args: i8,
    /// HAProxy reads a missing argument as an empty word (`weight` alone is
    /// weight 0) instead of refusing the line.
    pub empty_ok: bool,
    /// Server options only: `default-server` accepts it (HAProxy alerts
    /// and ignores it otherwise).
    pub default_server: bool,
    /// The optional build component it comes from (empty for the core).
    pub feature: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// A kind of filter (`filter compression`, `filter spoe config <file>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilterKind {
    /// Its name.
    pub name: &'static str,
    /// The optional build component it comes from (empty for the core).
    pub feature: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

versioned!(LineOption, FilterKind);

/// The name HAProxy looks an option word up by: the part before any `(`.
pub fn option_name(word: &str) -> &str {
    word.split('(').next().unwrap_or(word)
}

fn find(table: &'static [LineOption], word: &str) -> Option<&'static LineOption> {
    let name = option_name(word);
    table.binary_search_by(|o| o.name.cmp(name)).ok().map(|i| &table[i])
}

/// Every bind option, sorted by name.
pub fn all_bind_options() -> &'static [LineOption] {
    &data::BIND_OPTIONS
}

/// The bind option `word` is (see [`option_name`]), in any version.
pub fn bind_option(word: &str) -> Option<&'static LineOption> {
    find(&data::BIND_OPTIONS, word)
}

/// Every server option, sorted by name.
pub fn all_server_options() -> &'static [LineOption] {
    &data::SERVER_OPTIONS
}

/// The server option `word` is (see [`option_name`]), in any version.
pub fn server_option(word: &str) -> Option<&'static LineOption> {
    find(&data::SERVER_OPTIONS, word)
}

/// Which table a line's options come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionTable {
    /// `bind <addr> [options]`.
    Bind,
    /// `server`, `default-server`, `server-template` and `peer`.
    Server,
}

impl OptionTable {
    /// The option `word` is in this table (see [`option_name`]), in any version.
    pub fn option(self, word: &str) -> Option<&'static LineOption> {
        match self {
            OptionTable::Bind => bind_option(word),
            OptionTable::Server => server_option(word),
        }
    }

    /// Every option of this table, sorted by name.
    pub fn all(self) -> &'static [LineOption] {
        match self {
            OptionTable::Bind => all_bind_options(),
            OptionTable::Server => all_server_options(),
        }
    }
}

/// Every filter kind, sorted by name.
pub fn all_filters() -> &'static [FilterKind] {
    &data::FILTERS
}

/// The filter kind `name`, in any version.
pub fn filter(name: &str) -> Option<&'static FilterKind> {
    data::FILTERS.iter().find(|f| f.name == name)
}

/// Why a server option does nothing on a `peer` line (or a `server` line of
/// a peers section), where HAProxy accepts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IgnoredOnPeers {
    /// Health checks and agents: peers are not health-checked.
    HealthCheck,
    /// Run-time resolution: a peer's name is resolved once, at start-up.
    Resolution,
    /// Load balancing: peers are not load-balanced.
    LoadBalancing,
}

/// The server options HAProxy accepts on peer lines and ignores there,
/// sorted by name. It warns for `check`, `agent-check`, `resolvers` and
/// `init-addr` (`init_addr, resolvers, check and agent are ignored for
/// peers.`) and takes the others silently (verified on 2.6).
#[rustfmt::skip]
const IGNORED_ON_PEERS: &[(&str, IgnoredOnPeers)] = &[
    ("agent-addr", IgnoredOnPeers::HealthCheck),
    ("agent-check", IgnoredOnPeers::HealthCheck),
    ("agent-inter", IgnoredOnPeers::HealthCheck),
    ("agent-port", IgnoredOnPeers::HealthCheck),
    ("agent-send", IgnoredOnPeers::HealthCheck),
    ("check", IgnoredOnPeers::HealthCheck),
    ("cookie", IgnoredOnPeers::LoadBalancing),
    ("init-addr", IgnoredOnPeers::Resolution),
    ("resolve-net", IgnoredOnPeers::Resolution),
    ("resolve-opts", IgnoredOnPeers::Resolution),
    ("resolve-prefer", IgnoredOnPeers::Resolution),
    ("resolvers", IgnoredOnPeers::Resolution),
    ("weight", IgnoredOnPeers::LoadBalancing),
];

/// Why HAProxy ignores the server option named exactly `name` on a peer
/// line; `None` when it does not.
pub fn ignored_on_peers(name: &str) -> Option<IgnoredOnPeers> {
    let i = IGNORED_ON_PEERS.binary_search_by(|(n, _)| n.cmp(&name)).ok()?;
    Some(IGNORED_ON_PEERS[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_ignored_on_peers_are_sorted_server_options() {
        assert!(IGNORED_ON_PEERS.windows(2).all(|w| w[0].0 < w[1].0));
        for (name, _) in IGNORED_ON_PEERS {
            assert!(server_option(name).is_some(), "{name} is not a server option");
        }
        assert_eq!(ignored_on_peers("check"), Some(IgnoredOnPeers::HealthCheck));
        assert_eq!(ignored_on_peers("inter"), None);
    }
}
