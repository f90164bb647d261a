//! The schema room: HAProxy's configuration language as data.
//!
//! Everything halint knows about what HAProxy accepts, per version, lives
//! here and nowhere else; the model, the rules (and later the language
//! server and `halint explain`) ask it instead of keeping keyword lists:
//!
//! * [`keywords`]: the first words of lines per section, `option` and
//!   `timeout` names (hand-curated from the manuals and probed with a real
//!   HAProxy; see its docs);
//! * [`actions`]: the actions of `http-request`, `http-response`,
//!   `http-after-response`, `tcp-request connection|session|content` and
//!   `tcp-response content`;
//! * [`fetch`], [`converter`], [`acl_keyword`]: sample fetches (argument
//!   kinds and counts, output type), converters (also their input type) and
//!   ACL keywords (the fetch each one reads);
//! * [`match_method`], [`acl_flag`]: ACL matching methods (`-m beg`) and
//!   flags (`-i`, `-f <file>`);
//! * [`summary()`], [`describe()`]: a one-line summary of every item, and
//!   everything known about a word across kinds (for hover and `halint
//!   explain`);
//! * [`bind_option`], [`server_option`], [`filter`]: options of `bind` and
//!   `server` lines (with the words they take) and `filter` kinds;
//!   [`ignored_on_peers`]: the server options a `peer` line takes and ignores;
//! * [`section_keyword`]: the keywords that open sections;
//! * [`arguments`]: the arguments of section keywords (`mode`, `log`,
//!   `balance`, `timeout`, `compression`, `http-request deny`, ...), their
//!   counts and kinds, read by [`values`] (hand-curated; see its docs).
//!
//! # Where the data comes from
//!
//! Actions, fetches, converters and ACL keywords are extracted by
//! `tools/extract_schema.py` from the keyword registration tables of
//! HAProxy's C sources (`struct action_kw_list` registered with
//! `http_req_keywords_register` and friends, `struct sample_fetch_kw_list`,
//! `struct sample_conv_kw_list`, `struct acl_kw_list`, `struct bind_kw_list`,
//! `struct srv_kw_list`, `struct flt_kw_list`, `pat_match_names`, the
//! flags `parse_acl_expr` compares, and the actions the rule parsers compare
//! by hand, like `accept` or `track-sc`) at every
//! release tag from v1.8.0 to v3.3.0, into `src/schema/data.rs`. To
//! regenerate: `tools/extract_schema.py <haproxy git clone> > src/schema/data.rs`.
//!
//! # Why generated Rust tables
//!
//! Static arrays sorted by name cost nothing at start-up (no parsing, no
//! allocation: `halint check` on one small file pays nothing for the
//! thousand entries), are searched by binary search, and a wrong entry is
//! a compile error rather than a run-time one. An embedded data file would
//! need a parser and a lazy static for no gain while the only reader is
//! this crate.
//!
//! # Versions
//!
//! Each item has `since` (the first .0 release whose sources have it) and
//! `last` (the last one); versions in between count as having it. Items a
//! stable branch got in a later maintenance release are listed in the
//! script (`BACKPORTED`) after a real `haproxy -c` showed them. An item
//! whose `last` is the newest tag extracted (3.3) is assumed to exist in
//! later versions too.
//!
//! # Build features
//!
//! `feature` names the optional build component an item comes from (`ssl`,
//! `lua`, `51d`, `deviceatlas`, `wurfl`, `ot`, `quic`, …; empty for the
//! core). halint cannot know how the target binary was built, so these
//! count as known; `lua.` names, registered by Lua scripts at run time,
//! are never judged.

macro_rules! versioned {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn since(&self) -> Version { self.since }
            fn last(&self) -> Version { self.last }
        }
    )*};
}

#[rustfmt::skip]
mod data;
pub mod arguments;
mod describe;
pub mod keywords;
mod options;
pub mod reading;
mod summary;
pub mod values;
mod version;

pub use describe::{all_names, describe, usage, Item, Place, Versions};
pub use options::{
    all_bind_options, all_filters, all_server_options, bind_option, filter, ignored_on_peers, option_name,
    server_option, FilterKind, IgnoredOnPeers, LineOption, OptionTable,
};
pub use summary::{entries as summaries, summary, summary_in, Kind, MAX_SUMMARY_CHARS};

use crate::did_you_mean;
pub use version::Version;

/// The newest version the extracted tables describe.
pub const NEWEST: Version = Version::new(3, 3);
/// The oldest version the extracted tables describe.
pub const OLDEST: Version = Version::new(1, 8);

/// The kind of one argument of a fetch or converter (HAProxy's `ARGT_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// A signed integer.
    Sint,
    /// A string.
    Str,
    /// A backend name.
    Be,
    /// A frontend name.
    Fe,
    /// A server (`backend/server`).
    Srv,
    /// A userlist name.
    Usr,
    /// A map file.
    Map,
    /// A regular expression.
    Reg,
    /// A variable name.
    Var,
    /// An IPv4 netmask.
    Msk4,
    /// An IPv6 netmask.
    Msk6,
    /// A stick-table name.
    Tab,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// A time.
    Time,
    /// A size.
    Size,
    /// A protocol buffers field path.
    Pbuf,
    /// A floating point number.
    Dbl,
}

impl ArgKind {
    /// How HAProxy names the kind in its messages (`expected type 'integer'`).
    pub fn describe(self) -> &'static str {
        match self {
            ArgKind::Sint => "integer",
            ArgKind::Str => "string",
            ArgKind::Be => "backend",
            ArgKind::Fe => "frontend",
            ArgKind::Srv => "server",
            ArgKind::Usr => "user list",
            ArgKind::Map => "map",
            ArgKind::Reg => "regex",
            ArgKind::Var => "variable",
            ArgKind::Msk4 => "IPv4 mask",
            ArgKind::Msk6 => "IPv6 mask",
            ArgKind::Tab => "table",
            ArgKind::Ipv4 => "IPv4 address",
            ArgKind::Ipv6 => "IPv6 address",
            ArgKind::Time => "delay",
            ArgKind::Size => "size",
            ArgKind::Pbuf => "Protocol buffers field number",
            ArgKind::Dbl => "double",
        }
    }

    /// Whether HAProxy refuses a missing argument of this kind at parse time
    /// ("expected type 'integer' at position 1, but got nothing"): strings,
    /// names and tables default to empty or to the current proxy instead.
    pub fn required_when_missing(self) -> bool {
        matches!(
            self,
            ArgKind::Sint | ArgKind::Msk4 | ArgKind::Msk6 | ArgKind::Ipv4 | ArgKind::Ipv6 | ArgKind::Pbuf
        )
    }
}

/// The type of a sample (HAProxy's `SMP_T_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmpType {
    /// Any type (converters that accept everything).
    Any,
    /// The same type as the input.
    Same,
    /// A boolean.
    Bool,
    /// A signed integer.
    Sint,
    /// An IPv4 or IPv6 address.
    Addr,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// A string.
    Str,
    /// Binary data.
    Bin,
    /// An HTTP method.
    Meth,
}

impl SmpType {
    /// How HAProxy's manual names the type (`string`, `integer`).
    pub fn describe(self) -> &'static str {
        match self {
            SmpType::Any => "any",
            SmpType::Same => "same",
            SmpType::Bool => "boolean",
            SmpType::Sint => "integer",
            SmpType::Addr => "address",
            SmpType::Ipv4 => "ipv4",
            SmpType::Ipv6 => "ipv6",
            SmpType::Str => "string",
            SmpType::Bin => "binary",
            SmpType::Meth => "method",
        }
    }
}

/// Versions an item exists in.
pub trait Versioned {
    /// First version with the item.
    fn since(&self) -> Version;
    /// Last version extracted with the item ([`NEWEST`] if still there).
    fn last(&self) -> Version;
    /// Whether `version` has the item.
    fn exists_in(&self, version: Version) -> bool {
        self.since() <= version && (version <= self.last() || self.last() >= NEWEST)
    }
    /// The versions that have it, for messages: `2.5 to 3.2`, `2.6 and later`.
    fn versions(&self) -> String {
        if self.last() >= NEWEST {
            format!("{} and later", self.since())
        } else if self.since() == self.last() {
            format!("{} only", self.since())
        } else {
            format!("{} to {}", self.since(), self.last())
        }
    }
}

/// An action of a rule keyword (`http-request deny`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Action {
    /// The rule keyword: `http-request`, `tcp-request content`, …
    pub rules: &'static str,
    /// The action's name; for a prefix, the part every spelling starts with.
    pub name: &'static str,
    /// HAProxy matches the name as a prefix (`set-var(txn.x)`, `track-sc0`).
    pub prefix: bool,
    /// The optional build component it comes from (empty for the core).
    pub feature: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// The arguments a fetch or converter takes from a version on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The first version with these arguments.
    pub since: Version,
    /// Arguments it needs.
    pub min_args: u8,
    /// Arguments it takes at most.
    pub max_args: u8,
    /// The kind of each argument.
    pub args: &'static [ArgKind],
}

/// The signature of `signatures` (oldest first) in `version`.
fn signature_in(signatures: &'static [Signature], version: Version) -> Option<&'static Signature> {
    signatures.iter().rev().find(|s| s.since <= version).or(signatures.first())
}

/// A sample fetch (`req.hdr`, `src`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fetch {
    /// Its name.
    pub name: &'static str,
    /// Its arguments, oldest first: a new entry where a version changed them.
    pub signatures: &'static [Signature],
    /// The type of its result.
    pub output: SmpType,
    /// The optional build component it comes from (empty for the core).
    pub feature: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// A converter (`lower`, `map_str`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Converter {
    /// Its name.
    pub name: &'static str,
    /// Its arguments, oldest first: a new entry where a version changed them.
    pub signatures: &'static [Signature],
    /// The type it reads.
    pub input: SmpType,
    /// The type of its result.
    pub output: SmpType,
    /// The optional build component it comes from (empty for the core).
    pub feature: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// An ACL keyword (`path_beg`, `hdr_dom`): a fetch with a matching method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AclKeyword {
    /// Its name.
    pub name: &'static str,
    /// The sample fetch it reads (empty when it has none).
    pub fetch: &'static str,
    /// The optional build component it comes from (empty for the core).
    pub feature: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// An ACL matching method (`-m beg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AclMatch {
    /// Its name.
    pub name: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// An ACL flag (`-i`, `-f <file>`, `-m <method>`, `--`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AclFlag {
    /// The flag as written.
    pub name: &'static str,
    /// The next word is its value.
    pub takes_argument: bool,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// A section keyword (`backend`, `crt-store`), registered with its parser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionKeyword {
    /// The keyword.
    pub name: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

versioned!(Action, Fetch, Converter, AclKeyword, AclMatch, AclFlag, SectionKeyword);

impl Fetch {
    /// Its arguments in `version`.
    pub fn signature_in(&self, version: Version) -> Option<&'static Signature> {
        signature_in(self.signatures, version)
    }
}

impl Converter {
    /// Its arguments in `version`.
    pub fn signature_in(&self, version: Version) -> Option<&'static Signature> {
        signature_in(self.signatures, version)
    }
}

/// The rule keywords that take actions, as HAProxy names them in messages.
pub const RULE_SETS: [&str; 7] = [
    "http-request",
    "http-response",
    "http-after-response",
    "tcp-request connection",
    "tcp-request session",
    "tcp-request content",
    "tcp-response content",
];

/// Every action of every rule keyword, sorted by rule keyword then name.
pub fn all_actions() -> &'static [Action] {
    &data::ACTIONS
}

/// The actions of `rules` (one of [`RULE_SETS`]), in any version.
pub fn actions(rules: &str) -> &'static [Action] {
    let all = &data::ACTIONS[..];
    let start = all.partition_point(|a| a.rules < rules);
    let end = all.partition_point(|a| a.rules <= rules);
    &all[start..end]
}

/// The action `word` (as written: `deny`, `set-var(txn.x)`, `track-sc1`)
/// of `rules`, in any version: an exact name first, else the longest
/// prefix action it starts with.
pub fn action(rules: &str, word: &str) -> Option<&'static Action> {
    let list = actions(rules);
    if let Ok(i) = list.binary_search_by(|a| a.name.cmp(word)) {
        return Some(&list[i]);
    }
    list.iter().filter(|a| a.prefix && word.starts_with(a.name)).max_by_key(|a| a.name.len())
}

/// Every sample fetch, sorted by name.
pub fn all_fetches() -> &'static [Fetch] {
    &data::FETCHES
}

/// The sample fetch `name`, in any version.
pub fn fetch(name: &str) -> Option<&'static Fetch> {
    data::FETCHES.binary_search_by(|f| f.name.cmp(name)).ok().map(|i| &data::FETCHES[i])
}

/// Every converter, sorted by name.
pub fn all_converters() -> &'static [Converter] {
    &data::CONVERTERS
}

/// The converter `name`, in any version.
pub fn converter(name: &str) -> Option<&'static Converter> {
    data::CONVERTERS.binary_search_by(|c| c.name.cmp(name)).ok().map(|i| &data::CONVERTERS[i])
}

/// Every ACL keyword, sorted by name.
pub fn all_acl_keywords() -> &'static [AclKeyword] {
    &data::ACL_KEYWORDS
}

/// The ACL keyword `name`, in any version.
pub fn acl_keyword(name: &str) -> Option<&'static AclKeyword> {
    data::ACL_KEYWORDS.binary_search_by(|k| k.name.cmp(name)).ok().map(|i| &data::ACL_KEYWORDS[i])
}

/// Every ACL matching method, sorted by name.
pub fn all_match_methods() -> &'static [AclMatch] {
    &data::MATCH_METHODS
}

/// The ACL matching method `name` (as in `-m name`), in any version.
pub fn match_method(name: &str) -> Option<&'static AclMatch> {
    data::MATCH_METHODS.iter().find(|m| m.name == name)
}

/// Every ACL flag.
pub fn all_acl_flags() -> &'static [AclFlag] {
    &data::ACL_FLAGS
}

/// The ACL flag `name` (`-i`, `--`), in any version.
pub fn acl_flag(name: &str) -> Option<&'static AclFlag> {
    data::ACL_FLAGS.iter().find(|f| f.name == name)
}

/// The section keyword `name` (`crt-store`), if some version 1.8 to 3.3
/// has it.
pub fn section_keyword(name: &str) -> Option<&'static SectionKeyword> {
    data::SECTIONS.iter().find(|s| s.name == name)
}

/// The known name closest to `name` among `items` that exist in `version`
/// (any version when `None`), by [`did_you_mean::closest`].
pub fn suggest<'a, T: Versioned + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    name_of: impl Fn(&T) -> &'static str,
    name: &str,
    version: Option<Version>,
) -> Option<&'static str> {
    let names = items.into_iter().filter(|i| version.is_none_or(|v| i.exists_in(v))).map(name_of);
    did_you_mean::closest(names, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn v(major: u8, minor: u8) -> Version {
        Version::new(major, minor)
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        let a = all_actions();
        assert!(a.windows(2).all(|w| (w[0].rules, w[0].name) < (w[1].rules, w[1].name)));
        assert!(all_fetches().windows(2).all(|w| w[0].name < w[1].name));
        assert!(all_converters().windows(2).all(|w| w[0].name < w[1].name));
        assert!(all_acl_keywords().windows(2).all(|w| w[0].name < w[1].name));
        assert!(all_bind_options().windows(2).all(|w| w[0].name < w[1].name));
        assert!(all_server_options().windows(2).all(|w| w[0].name < w[1].name));
        assert!(a.iter().all(|x| RULE_SETS.contains(&x.rules)));
    }

    #[test]
    fn sizes_are_plausible() {
        assert!(all_actions().len() > 200, "{}", all_actions().len());
        assert!(all_fetches().len() > 500);
        assert!(all_converters().len() > 150);
        assert!(all_acl_keywords().len() > 70);
        assert_eq!(all_match_methods().len(), 14);
        assert!(acl_flag("-f").unwrap().takes_argument && !acl_flag("-i").unwrap().takes_argument);
        assert!(match_method("beg").is_some() && match_method("begin").is_none());
    }

    #[test]
    fn actions_match_exactly_or_by_prefix() {
        assert_eq!(action("http-request", "deny").map(|a| a.name), Some("deny"));
        assert_eq!(action("http-request", "set-var(txn.x)").map(|a| a.name), Some("set-var"));
        assert_eq!(action("http-request", "set-var-fmt(txn.x)").map(|a| a.name), Some("set-var-fmt"));
        assert_eq!(action("tcp-request content", "track-sc1").map(|a| a.name), Some("track-sc"));
        assert_eq!(action("http-request", "dney"), None);
        assert_eq!(action("tcp-response content", "close").map(|a| a.name), Some("close"));
        assert_eq!(action("tcp-request content", "close"), None);
    }

    #[test]
    fn version_ranges_of_newer_items() {
        // 2.8 to 3.3 items, read in the sources at their tags.
        let sc_add_gpc = action("http-request", "sc-add-gpc(0,1)").unwrap();
        assert_eq!((sc_add_gpc.since, sc_add_gpc.exists_in(v(2, 6))), (v(2, 8), false));
        assert_eq!(action("http-request", "set-retries").unwrap().since, v(3, 1));
        assert_eq!(action("tcp-request content", "set-bc-mark").unwrap().since, v(3, 0));
        assert_eq!(action("http-request", "set-fc-tos").unwrap().since, v(3, 0));
        assert_eq!(converter("when").unwrap().since, v(3, 1));
        assert_eq!(fetch("uptime").unwrap().since, v(3, 0));
        assert_eq!(fetch("req.cook_names").unwrap().since, v(2, 9));
        assert_eq!(fetch("fc_pp_tlv").unwrap().since, v(2, 9));
        assert_eq!(converter("host_only").unwrap().since, v(2, 6), "backported to 2.6");
        // New in 3.2 (absent from the v3.1.0 sources).
        let pause = action("http-request", "pause").unwrap();
        assert!(pause.exists_in(v(3, 2)) && !pause.exists_in(v(3, 1)));
        assert_eq!(action("http-response", "pause").unwrap().since, v(3, 2));
        assert_eq!(fetch("req.ssl_sigalgs").unwrap().since, v(3, 2));
        assert_eq!(fetch("term_events").unwrap().since, v(3, 2));
        // New in 3.3 (absent from the v3.2.0 sources).
        let bytes_in = fetch("req.bytes_in").unwrap();
        assert_eq!((bytes_in.since, bytes_in.exists_in(v(3, 2))), (v(3, 3), false));
        assert_eq!(fetch("ssl_bc_sni").map(|f| (f.since, f.feature)), Some((v(3, 3), "ssl")));
        assert_eq!(converter("le2dec").unwrap().versions(), "3.3 and later");
        assert_eq!(converter("srv_is_up").unwrap().since, v(3, 3));
        assert_eq!(fetch("srv_is_up").unwrap().since, v(1, 8), "the fetch is older than the converter");
        // 3.3 gave `aes_gcm_dec` an optional fifth argument (additional data).
        let aes = converter("aes_gcm_dec").unwrap();
        assert_eq!(aes.signature_in(v(3, 2)).map(|s| s.max_args), Some(4));
        assert_eq!(aes.signature_in(v(3, 3)).map(|s| (s.min_args, s.max_args)), Some((4, 5)));
        // Newer than the newest extracted version: assumed still there.
        assert!(fetch("term_events").unwrap().exists_in(v(3, 4)));
        assert!(fetch("req.bytes_in").unwrap().exists_in(v(3, 5)));
        // 2.8: the sc-*-gpc actions of every rule set.
        assert!(RULE_SETS.iter().all(|r| action(r, "sc-inc-gpc(0,1)").is_some_and(|a| a.since <= v(2, 8))));
        // Removed: `http-request block` (2.2 refuses it), the `set-cookie` fetch after 2.4.
        let block = action("http-request", "block").unwrap();
        assert_eq!((block.since, block.last), (v(1, 8), v(2, 1)));
        assert!(!block.exists_in(v(2, 6)));
        assert_eq!(block.versions(), "1.8 to 2.1");
        assert_eq!(fetch("set-cookie").unwrap().last, v(2, 4));
        assert_eq!(fetch("src").unwrap().versions(), "1.8 and later");
    }

    #[test]
    fn version_ranges_of_newer_options() {
        // 2.8 to 3.3 bind and server options, read in the sources at their tags.
        assert_eq!(bind_option("no-alpn").unwrap().since, v(2, 8));
        assert_eq!(bind_option("quic-socket").map(|o| (o.since, o.feature)), Some((v(2, 9), "quic")));
        assert_eq!(bind_option("default-crt").unwrap().since, v(3, 0));
        let tickets = bind_option("tls-tickets").unwrap();
        assert!(tickets.exists_in(v(3, 2)) && !tickets.exists_in(v(3, 1)));
        let curves = server_option("curves").unwrap();
        assert_eq!((curves.since, curves.exists_in(v(2, 6))), (v(2, 9), false));
        assert_eq!(server_option("pool-conn-name").unwrap().since, v(3, 0));
        assert_eq!(server_option("init-state").unwrap().since, v(3, 1));
        assert_eq!(server_option("strict-maxconn").unwrap().versions(), "3.2 and later");
        assert_eq!(filter("bwlim-in").unwrap().since, v(2, 7));
        assert_eq!(section_keyword("crt-store").unwrap().since, v(3, 0));
        assert_eq!(section_keyword("log-profile").unwrap().since, v(3, 1));
        assert_eq!(section_keyword("traces").unwrap().since, v(3, 1));
        assert_eq!(section_keyword("acme").unwrap().since, v(3, 2));
        assert!(section_keyword("healthcheck").is_none(), "newer than 3.3 (3.4-dev)");
        // 3.3 removed the `program` section (master-worker programs).
        let program = section_keyword("program").unwrap();
        assert_eq!((program.since, program.last), (v(2, 0), v(3, 2)));
        assert!(program.exists_in(v(3, 2)) && !program.exists_in(v(3, 3)));
        assert_eq!(program.versions(), "2.0 to 3.2");
        // Words the options take; a parenthesised suffix is not part of the name.
        let tlv = server_option("set-proxy-v2-tlv-fmt(0xE1)").unwrap();
        assert_eq!((tlv.since, tlv.args), (v(2, 9), 1));
        assert_eq!(server_option("source").unwrap().args, -1);
        assert_eq!(bind_option("crt").map(|o| (o.args, o.feature)), Some((1, "ssl")));
        assert!(server_option("weight").unwrap().empty_ok && !server_option("inter").unwrap().empty_ok);
        assert!(!server_option("id").unwrap().default_server);
        // New in 3.3 (absent from the v3.2.0 sources), on bind and server lines.
        for name in ["tcp-md5sig", "cc"] {
            let (bind, server) = (bind_option(name).unwrap(), server_option(name).unwrap());
            assert_eq!((bind.since, bind.args, bind.feature), (v(3, 3), 1, ""), "{name}");
            assert_eq!((server.since, server.args, server.default_server), (v(3, 3), 1, true), "{name}");
        }
        let ktls = server_option("ktls").unwrap();
        assert_eq!((ktls.since, ktls.args, ktls.feature), (v(3, 3), 1, "ssl"));
        assert!(ktls.exists_in(v(3, 3)) && !ktls.exists_in(v(3, 2)));
        assert_eq!(bind_option("ktls").map(|o| (o.since, o.feature)), Some((v(3, 3), "ssl")));
        assert_eq!(bind_option("ech").map(|o| (o.since, o.args, o.feature)), Some((v(3, 3), 1, "ssl")));
        for name in ["sni-auto", "no-sni-auto", "check-sni-auto", "no-check-sni-auto", "renegotiate"] {
            let o = server_option(name).unwrap();
            assert_eq!((o.since, o.args, o.feature), (v(3, 3), 0, "ssl"), "{name}");
        }
        assert_eq!(server_option("sni-auto").unwrap().versions(), "3.3 and later");
        // 3.4-dev, never in a release up to 3.3.
        assert!(server_option("healthcheck").is_none());
        // Never in a release up to 3.3.
        assert!(filter("comp-req").is_none());
        assert!(filter("opentelemetry").is_none());
    }

    #[test]
    fn fetch_signatures() {
        let hdr = fetch("req.hdr").unwrap().signature_in(v(2, 6)).unwrap();
        assert_eq!((hdr.min_args, hdr.max_args, hdr.args), (0, 2, &[ArgKind::Str, ArgKind::Sint][..]));
        assert_eq!(fetch("req.hdr").unwrap().output, SmpType::Str);
        let regsub = converter("regsub").unwrap().signatures;
        assert_eq!((regsub.len(), regsub[0].min_args, regsub[0].max_args), (1, 2, 3));
        // `bytes` took integers up to 2.8 and strings (or variables) from 2.9.
        let bytes = converter("bytes").unwrap();
        assert_eq!(bytes.signature_in(v(2, 6)).unwrap().args, &[ArgKind::Sint, ArgKind::Sint]);
        assert_eq!(bytes.signature_in(v(3, 2)).unwrap().args, &[ArgKind::Str, ArgKind::Str]);
        assert_eq!(acl_keyword("path_beg").unwrap().fetch, "path");
    }

    #[test]
    fn suggestions_respect_the_version() {
        assert_eq!(suggest(actions("http-request"), |a| a.name, "dney", None), Some("deny"));
        assert_eq!(suggest(all_fetches(), |f| f.name, "req.hdrr", None), Some("req.hdr"));
        assert_eq!(suggest(all_converters(), |c| c.name, "lowr", Some(v(2, 6))), Some("lower"));
        assert_eq!(suggest(all_server_options(), |o| o.name, "chek", Some(v(2, 6))), Some("check"));
        assert_eq!(suggest(all_bind_options(), |o| o.name, "no-alpnn", None), Some("no-alpn"));
        assert_ne!(suggest(all_bind_options(), |o| o.name, "no-alpnn", Some(v(2, 6))), Some("no-alpn"));
        assert_eq!(suggest(all_filters(), |f| f.name, "compresion", None), Some("compression"));
    }
}
