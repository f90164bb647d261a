//! Options of `bind` lines, of `server`, `default-server`, `server-template`
//! and `peer` lines, and the kinds of `filter` lines, extracted from the
//! registration tables of HAProxy's sources (`struct bind_kw_list`,
//! `struct srv_kw_list`, `struct flt_kw_list`) at every tag 1.8 to 3.2.
//!
//! HAProxy looks an option up by the part of the word before any `(`
//! (`set-proxy-v2-tlv-fmt(0xE1)`), then steps over the words it takes.

use super::{data, Version, Versioned};

/// An option of a `bind` line (`ssl`, `crt <file>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BindOption {
    /// Its name.
    pub name: &'static str,
    /// How many words after it belong to it.
    pub args: i8,
    /// HAProxy reads a missing argument as an empty word instead of refusing it.
    pub empty_ok: bool,
    /// The optional build component it comes from (empty for the core).
    pub feature: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// An option of a `server`-like line (`check`, `weight <n>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerOption {
    /// Its name.
    pub name: &'static str,
    /// How many words after it belong to it; -1 when the option reads a
    /// variable number itself (`source <addr> [usesrc <addr>] ...`).
    pub args: i8,
    /// HAProxy reads a missing argument as an empty word (`weight` alone is
    /// weight 0) instead of refusing it.
    pub empty_ok: bool,
    /// `default-server` accepts it (HAProxy alerts otherwise).
    pub default_server: bool,
    /// The optional build component it comes from (empty for the core).
    pub feature: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// A kind of filter (`filter compression`, `filter spoe ...`).
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

versioned!(BindOption, ServerOption, FilterKind);

/// The name HAProxy looks an option word up by: the part before any `(`.
pub fn option_name(word: &str) -> &str {
    word.split('(').next().unwrap_or(word)
}

/// Every bind option, sorted by name.
pub fn all_bind_options() -> &'static [BindOption] {
    &data::BIND_OPTIONS
}

/// The bind option `word` is (see [`option_name`]), in any version.
pub fn bind_option(word: &str) -> Option<&'static BindOption> {
    let name = option_name(word);
    data::BIND_OPTIONS.binary_search_by(|o| o.name.cmp(name)).ok().map(|i| &data::BIND_OPTIONS[i])
}

/// Every server option, sorted by name.
pub fn all_server_options() -> &'static [ServerOption] {
    &data::SERVER_OPTIONS
}

/// The server option `word` is (see [`option_name`]), in any version.
pub fn server_option(word: &str) -> Option<&'static ServerOption> {
    let name = option_name(word);
    data::SERVER_OPTIONS.binary_search_by(|o| o.name.cmp(name)).ok().map(|i| &data::SERVER_OPTIONS[i])
}

/// Every filter kind, sorted by name.
pub fn all_filters() -> &'static [FilterKind] {
    &data::FILTERS
}

/// The filter kind `name`, in any version.
pub fn filter(name: &str) -> Option<&'static FilterKind> {
    data::FILTERS.iter().find(|f| f.name == name)
}
