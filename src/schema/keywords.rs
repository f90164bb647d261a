//! The keyword vocabulary of haproxy.cfg: which first words of lines HAProxy
//! knows in which section, since which version, and which ones it removed.
//!
//! Three tables back the `unknown-keyword` rule (with its "did you mean") and
//! version gating:
//!
//! * [`keywords()`]: the first word of a line (`balance`, `tune.bufsize`,
//!   `peer`, …), for every section kind;
//! * [`option_names()`] / [`lookup_option()`]: the word after `option` (and
//!   `no option`), in proxies, `program`, `fcgi-app` and `log-forward`;
//! * [`lookup_timeout()`]: the word after `timeout`, in proxies, `mailers`,
//!   `resolvers`, `ring` and `log-forward`.
//!
//! Sources: HAProxy's configuration manual (the keyword list of section 3 for
//! `global`, the 4.1 proxy keywords matrix, and the sections on peers,
//! resolvers, userlists, mailers, programs, http-errors, rings, log
//! forwarding, cache, FastCGI applications, crt-store, traces and ACME) as of
//! 2.9 and 3.4, published `haproxy -dKall` keyword dumps of 2.6, 2.8, 3.0 and
//! 3.2, and Debian's HAProxy 2.6.12 itself, probed with `haproxy -c` for every
//! candidate word (including every string in its binary) in every section.
//! The 3.3 entries were checked against the v3.3.0 sources (`cfg_kws`
//! registrations and the section parsers' comparisons); keywords that only
//! 3.4 development sources have carry `since` 3.4.
//!
//! What "known in a section" means: HAProxy's parser accepts the keyword
//! there, possibly with a warning. In a `frontend`, a backend-only keyword
//! such as `balance` is *known* (HAProxy says it is ignored because the
//! proxy has no backend capability), so it is in the set; where HAProxy
//! refuses it outright (`server` in a `frontend`, `bind` in `defaults`) it
//! is not. Keywords only allowed in *named* `defaults` sections (`acl`,
//! `http-request`, …) count as known in [`SectionKind::Defaults`].
//!
//! Versions: `since` is the first major.minor that has the keyword in some
//! release, as far as the manuals and dumps show; when unsure it errs low
//! (1.8 for anything older than the range the sources cover), so gating on it
//! never flags a keyword that exists. Keywords HAProxy removed are kept with
//! `removed: Some(..)` so a rule can say "removed in 2.1" instead of
//! "unknown"; the version is the one HAProxy's own error message names where
//! it names one.
//!
//! A name may appear more than once in a table when it has different
//! versions in different sections (`log` in `global` since 1.8, in `peers`
//! since 2.2); the section sets of one name never overlap.

use crate::ast::SectionKind::{
    self, Acme, Backend, Cache, CrtStore, Defaults, FcgiApp, Frontend, Global, HttpErrors, Listen,
    LogForward, Mailers, Peers, Program, Resolvers, Ring, Traces, Userlist,
};
use crate::did_you_mean;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

pub use super::Version;

/// One keyword HAProxy knows as the first word of a line in some sections.
///
/// The same struct describes `option` and `timeout` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keyword {
    /// The keyword as written in the configuration, e.g. `tune.bufsize`.
    pub name: &'static str,
    /// The sections whose parser accepts it (see the module docs).
    pub sections: SectionSet,
    /// The first version that has it.
    pub since: Version,
    /// The version that no longer accepts it, if HAProxy removed it.
    pub removed: Option<Version>,
}

impl Keyword {
    /// Whether HAProxy `version` accepts this keyword: at or after `since`
    /// and before `removed`.
    pub const fn exists_in(&self, version: Version) -> bool {
        let after_since = version.major > self.since.major
            || (version.major == self.since.major && version.minor >= self.since.minor);
        match self.removed {
            None => after_since,
            Some(r) => {
                after_since
                    && (version.major < r.major || (version.major == r.major && version.minor < r.minor))
            }
        }
    }
}

/// A set of section kinds: bit `i` stands for the kind whose discriminant
/// (`SectionKind as usize`) is `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionSet(u32);

impl SectionSet {
    /// The empty set.
    pub const EMPTY: SectionSet = SectionSet(0);

    /// The set of the given kinds.
    pub const fn of(kinds: &[SectionKind]) -> Self {
        let mut bits = 0u32;
        let mut i = 0;
        while i < kinds.len() {
            bits |= 1 << kinds[i] as u32;
            i += 1;
        }
        SectionSet(bits)
    }

    /// This set plus `kind`.
    pub const fn with(self, kind: SectionKind) -> Self {
        SectionSet(self.0 | 1 << kind as u32)
    }

    /// The kinds in either set.
    pub const fn union(self, other: SectionSet) -> Self {
        SectionSet(self.0 | other.0)
    }

    /// Whether `kind` is in the set.
    pub const fn contains(self, kind: SectionKind) -> bool {
        self.0 & (1 << kind as u32) != 0
    }

    /// Whether the set has no kind.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The raw bits (bit `i` = `SectionKind` discriminant `i`).
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// The kinds in the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = SectionKind> {
        SectionKind::ALL.into_iter().filter(move |k| self.contains(*k))
    }
}

/// The first word of a line known in `section` (in any version), if any.
///
/// Case-sensitive, like HAProxy. `option` and `timeout` themselves are in
/// this table; their second words are looked up with [`lookup_option`] and
/// [`lookup_timeout`].
pub fn lookup(section: SectionKind, name: &str) -> Option<&'static Keyword> {
    find(&KEYWORDS, &KEYWORD_INDEX, section, name)
}

/// The `option X` / `no option X` names known in `section` (any version).
pub fn option_names(section: SectionKind) -> impl Iterator<Item = &'static Keyword> {
    OPTIONS.iter().filter(move |k| k.sections.contains(section))
}

/// The `option` name `name` (as in `option name` or `no option name`) known
/// in `section`, if any.
pub fn lookup_option(section: SectionKind, name: &str) -> Option<&'static Keyword> {
    find(&OPTIONS, &OPTION_INDEX, section, name)
}

/// The `timeout` name `name` (as in `timeout name <time>`) known in
/// `section`, if any.
pub fn lookup_timeout(section: SectionKind, name: &str) -> Option<&'static Keyword> {
    find(&TIMEOUTS, &TIMEOUT_INDEX, section, name)
}

/// The keyword of `section` closest to `name` by edit distance (optimal
/// string alignment: insertions, deletions, substitutions and swaps of two
/// adjacent characters each count 1), if one is within `max(2, len / 3)`
/// where `len` is the length of `name` in characters.
///
/// Removed keywords are never suggested. Ties go to the alphabetically first
/// keyword. The comparison ignores ASCII case. An empty `name`, or one
/// longer than [`MAX_NAME_CHARS`](did_you_mean::MAX_NAME_CHARS), gets none.
pub fn suggest(section: SectionKind, name: &str) -> Option<&'static str> {
    closest(KEYWORDS.iter().filter(|k| k.sections.contains(section)), name)
}

/// The closest known `option` name in `section`, as [`suggest`] does for keywords.
pub fn suggest_option(section: SectionKind, name: &str) -> Option<&'static str> {
    closest(option_names(section), name)
}

/// The closest known `timeout` name in `section`.
pub fn suggest_timeout(section: SectionKind, name: &str) -> Option<&'static str> {
    closest(TIMEOUTS.iter().filter(move |k| k.sections.contains(section)), name)
}

/// The closest known name among `candidates` (removed ones excluded), within
/// the distance [`suggest`] allows; ties go to the alphabetically first.
fn closest(candidates: impl Iterator<Item = &'static Keyword>, name: &str) -> Option<&'static str> {
    did_you_mean::closest(candidates.filter(|k| k.removed.is_none()).map(|k| k.name), name)
}

/// Every first-word keyword, sorted by name (see the module docs about
/// names appearing more than once).
pub fn keywords() -> &'static [Keyword] {
    &KEYWORDS
}

/// Every `option` name, sorted by name.
pub fn options() -> &'static [Keyword] {
    &OPTIONS
}

/// Every `timeout` name, sorted by name.
pub fn timeouts() -> &'static [Keyword] {
    &TIMEOUTS
}

/// The entry named `name` whose sections include `section`, in a table
/// sorted by name.
fn find(
    table: &'static [Keyword],
    index: &NameIndex,
    section: SectionKind,
    name: &str,
) -> Option<&'static Keyword> {
    let &(start, end) = index.get(name)?;
    table[start as usize..end as usize].iter().find(|k| k.name == name && k.sections.contains(section))
}

/// For each name in a (sorted) table, the range of its entries, one per
/// set of sections. A hash lookup, not a binary search: this runs once or
/// twice per line of the config.
type NameIndex = FxHashMap<&'static str, (u16, u16)>;

static KEYWORD_INDEX: LazyLock<NameIndex> = LazyLock::new(|| index(&KEYWORDS));
static OPTION_INDEX: LazyLock<NameIndex> = LazyLock::new(|| index(&OPTIONS));
static TIMEOUT_INDEX: LazyLock<NameIndex> = LazyLock::new(|| index(&TIMEOUTS));

fn index(table: &'static [Keyword]) -> NameIndex {
    let mut map = NameIndex::default();
    for (i, k) in table.iter().enumerate() {
        map.entry(k.name).and_modify(|r| r.1 = i as u16 + 1).or_insert((i as u16, i as u16 + 1));
    }
    map
}

/// A keyword HAProxy still has.
const fn kw(name: &'static str, sections: SectionSet, since: Version) -> Keyword {
    Keyword { name, sections, since, removed: None }
}

/// A keyword HAProxy removed in `removed`.
const fn gone(name: &'static str, sections: SectionSet, since: Version, removed: Version) -> Keyword {
    Keyword { name, sections, since, removed: Some(removed) }
}

// Versions used by the tables below.
const V1_3: Version = Version::new(1, 3);
const V1_4: Version = Version::new(1, 4);
const V1_6: Version = Version::new(1, 6);
const V1_8: Version = Version::new(1, 8);
const V1_9: Version = Version::new(1, 9);
const V2_0: Version = Version::new(2, 0);
const V2_1: Version = Version::new(2, 1);
const V2_2: Version = Version::new(2, 2);
const V2_3: Version = Version::new(2, 3);
const V2_4: Version = Version::new(2, 4);
const V2_5: Version = Version::new(2, 5);
const V2_6: Version = Version::new(2, 6);
const V2_7: Version = Version::new(2, 7);
const V2_8: Version = Version::new(2, 8);
const V2_9: Version = Version::new(2, 9);
const V3_0: Version = Version::new(3, 0);
const V3_1: Version = Version::new(3, 1);
const V3_2: Version = Version::new(3, 2);
const V3_3: Version = Version::new(3, 3);
const V3_4: Version = Version::new(3, 4);

// Section sets used by the tables below.
const ACME: SectionSet = SectionSet::of(&[Acme]);
const CACHE: SectionSet = SectionSet::of(&[Cache]);
const CRT_STORE: SectionSet = SectionSet::of(&[CrtStore]);
const FCGI_APP: SectionSet = SectionSet::of(&[FcgiApp]);
const GLOBAL: SectionSet = SectionSet::of(&[Global]);
const HTTP_ERRORS: SectionSet = SectionSet::of(&[HttpErrors]);
const LOG_FORWARD: SectionSet = SectionSet::of(&[LogForward]);
const MAILERS: SectionSet = SectionSet::of(&[Mailers]);
const PEERS: SectionSet = SectionSet::of(&[Peers]);
const PROGRAM: SectionSet = SectionSet::of(&[Program]);
const RESOLVERS: SectionSet = SectionSet::of(&[Resolvers]);
const RING: SectionSet = SectionSet::of(&[Ring]);
const TRACES: SectionSet = SectionSet::of(&[Traces]);
const USERLIST: SectionSet = SectionSet::of(&[Userlist]);
const BACKEND_NO_DEF: SectionSet = SectionSet::of(&[Backend, Listen]);
const PROXY: SectionSet = SectionSet::of(&[Defaults, Frontend, Backend, Listen]);
const PROXY_NO_DEF: SectionSet = SectionSet::of(&[Frontend, Backend, Listen]);

/// First words of lines, sorted by name; a name appears once per distinct
/// (since, removed) pair, with disjoint section sets.
static KEYWORDS: [Keyword; 490] = [
    kw("51degrees-allow-unmatched", GLOBAL, V2_2),
    kw("51degrees-cache-size", GLOBAL, V1_8),
    kw("51degrees-data-file", GLOBAL, V1_8),
    kw("51degrees-difference", GLOBAL, V2_2),
    kw("51degrees-drift", GLOBAL, V2_2),
    kw("51degrees-property-name-list", GLOBAL, V1_8),
    kw("51degrees-property-separator", GLOBAL, V1_8),
    kw("51degrees-use-performance-graph", GLOBAL, V2_2),
    kw("51degrees-use-predictive-graph", GLOBAL, V2_2),
    kw("accepted_payload_size", RESOLVERS, V1_8),
    kw("account-key", ACME, V3_2),
    kw("acl", PROXY, V1_8),
    kw("acl", FCGI_APP, V2_1),
    kw("acme-vars", ACME, V3_3),
    kw("acme.scheduler", GLOBAL, V3_2),
    kw("anonkey", GLOBAL, V2_7),
    gone("appsession", PROXY, V1_3, V1_6),
    kw("backing-file", RING, V2_6),
    kw("backlog", PROXY, V1_8),
    kw("backlog", LOG_FORWARD, V2_3),
    kw("balance", PROXY, V1_8),
    kw("bind", PROXY_NO_DEF, V1_8),
    kw("bind", PEERS, V2_0),
    kw("bind", LOG_FORWARD, V2_3),
    gone("bind-process", PROXY, V1_8, V2_7),
    kw("bits", ACME, V3_2),
    gone("block", PROXY, V1_8, V2_1),
    kw("busy-polling", GLOBAL, V1_9),
    kw("ca-base", GLOBAL, V1_8),
    kw("capture", PROXY, V1_8),
    kw("challenge", ACME, V3_2),
    kw("challenge-ready", ACME, V3_4),
    kw("chroot", GLOBAL, V1_8),
    gone("cliexp", PROXY, V1_8, V2_1),
    kw("clitcpka-cnt", PROXY, V1_9),
    kw("clitcpka-idle", PROXY, V1_9),
    kw("clitcpka-intvl", PROXY, V1_9),
    gone("clitimeout", PROXY, V1_8, V2_1),
    kw("close-spread-time", GLOBAL, V2_6),
    kw("cluster-secret", GLOBAL, V2_6),
    kw("command", PROGRAM, V2_0),
    kw("compression", PROXY, V1_8),
    kw("contact", ACME, V3_2),
    gone("contimeout", PROXY, V1_8, V2_1),
    kw("cookie", PROXY, V1_8),
    kw("cpu-affinity", GLOBAL, V3_4),
    kw("cpu-map", GLOBAL, V1_8),
    kw("cpu-policy", GLOBAL, V3_2),
    kw("cpu-set", GLOBAL, V3_2),
    kw("crt-base", GLOBAL, V1_8),
    kw("crt-base", CRT_STORE, V3_0),
    kw("curves", ACME, V3_2),
    kw("daemon", GLOBAL, V1_8),
    gone("debug", GLOBAL, V1_8, V2_5),
    kw("debug.counters", GLOBAL, V3_1),
    kw("declare", PROXY, V1_8),
    kw("default-bind", PEERS, V2_0),
    kw("default-path", GLOBAL, V2_4),
    kw("default-server", SectionSet::of(&[Defaults, Backend, Listen]), V1_8),
    kw("default-server", PEERS, V2_0),
    kw("default_backend", PROXY, V1_8),
    kw("description", GLOBAL.union(PROXY_NO_DEF), V1_8),
    kw("description", RING, V2_2),
    kw("deviceatlas-json-file", GLOBAL, V1_8),
    kw("deviceatlas-log-level", GLOBAL, V1_8),
    kw("deviceatlas-properties-cookie", GLOBAL, V1_8),
    kw("deviceatlas-separator", GLOBAL, V1_8),
    kw("dgram-bind", LOG_FORWARD, V2_3),
    kw("directory", ACME, V3_2),
    kw("disabled", SectionSet::of(&[Defaults, Frontend, Backend, Listen, Peers]), V1_8),
    kw("dispatch", PROXY_NO_DEF, V1_8),
    kw("dns-accept-family", GLOBAL, V3_2),
    kw("dns-delay", ACME, V3_4),
    kw("dns-timeout", ACME, V3_4),
    kw("docroot", FCGI_APP, V2_1),
    kw("dynamic-cookie-key", PROXY, V1_8),
    kw("early-hints", CACHE, V3_4),
    kw("email-alert", PROXY, V1_8),
    kw("enabled", SectionSet::of(&[Defaults, Frontend, Backend, Listen, Peers]), V1_8),
    kw("error-log-format", PROXY, V2_5),
    kw("errorfile", PROXY, V1_8),
    kw("errorfile", HTTP_ERRORS, V2_2),
    kw("errorfiles", PROXY, V2_2),
    kw("errorloc", PROXY, V1_8),
    kw("errorloc302", PROXY, V1_8),
    kw("errorloc303", PROXY, V1_8),
    kw("expose-deprecated-directives", GLOBAL, V3_1),
    kw("expose-experimental-directives", GLOBAL, V2_4),
    kw("external-check", GLOBAL.union(PROXY), V1_8),
    kw("fd-hard-limit", GLOBAL, V2_5),
    kw("filter", PROXY_NO_DEF, V1_8),
    kw("force-be-switch", PROXY_NO_DEF, V3_4),
    kw("force-cfg-parser-pause", GLOBAL, V3_1),
    kw("force-persist", PROXY_NO_DEF, V1_8),
    kw("format", RING, V2_2),
    kw("fullconn", PROXY, V1_8),
    kw("gid", GLOBAL, V1_8),
    kw("grace", GLOBAL, V2_5),
    gone("grace", PROXY, V1_8, V2_5),
    kw("group", GLOBAL.union(USERLIST), V1_8),
    kw("group", PROGRAM, V2_0),
    kw("guid", PROXY_NO_DEF, V3_0),
    kw("h1-accept-payload-with-any-method", GLOBAL, V2_5),
    kw("h1-case-adjust", GLOBAL, V1_9),
    kw("h1-case-adjust-file", GLOBAL, V1_9),
    kw("h1-do-not-close-on-insecure-transfer-encoding", GLOBAL, V2_9),
    kw("h2-workaround-bogus-websocket-clients", GLOBAL, V2_4),
    kw("hard-stop-after", GLOBAL, V1_8),
    kw("harden.reject-privileged-ports.quic", GLOBAL, V2_6),
    kw("harden.reject-privileged-ports.tcp", GLOBAL, V2_6),
    kw("hash-balance-factor", PROXY, V1_9),
    kw("hash-preserve-affinity", PROXY, V3_2),
    kw("hash-type", PROXY, V1_8),
    kw("hold", RESOLVERS, V1_8),
    kw("http-after-response", PROXY, V2_2),
    kw("http-check", PROXY, V1_8),
    kw("http-err-codes", GLOBAL, V3_0),
    kw("http-error", PROXY, V2_2),
    kw("http-fail-codes", GLOBAL, V3_0),
    kw("http-request", PROXY, V1_8),
    kw("http-response", PROXY, V1_8),
    kw("http-reuse", PROXY, V1_8),
    kw("http-send-name-header", PROXY, V1_8),
    kw("httpclient.resolvers.disabled", GLOBAL, V2_7),
    kw("httpclient.resolvers.id", GLOBAL, V2_5),
    kw("httpclient.resolvers.prefer", GLOBAL, V2_5),
    kw("httpclient.retries", GLOBAL, V2_7),
    kw("httpclient.ssl.ca-file", GLOBAL, V2_5),
    kw("httpclient.ssl.verify", GLOBAL, V2_5),
    kw("httpclient.timeout.connect", GLOBAL, V2_7),
    kw("id", PROXY_NO_DEF, V1_8),
    kw("ignore-persist", PROXY_NO_DEF, V1_8),
    kw("index", FCGI_APP, V2_1),
    kw("insecure-fork-wanted", GLOBAL, V2_2),
    kw("insecure-setuid-wanted", GLOBAL, V2_2),
    kw("issuers-chain-path", GLOBAL, V2_2),
    kw("jwt.decrypt_alg_list", GLOBAL, V3_4),
    kw("key-base", GLOBAL.union(CRT_STORE), V3_0),
    kw("keytype", ACME, V3_2),
    kw("limited-quic", GLOBAL, V2_8),
    kw("load", CRT_STORE, V3_0),
    kw("load-server-state-from-file", PROXY, V1_8),
    kw("localpeer", GLOBAL, V2_2),
    kw("log", GLOBAL.union(PROXY), V1_8),
    kw("log", PEERS, V2_2),
    kw("log", LOG_FORWARD, V2_3),
    kw("log-format", PROXY, V1_8),
    kw("log-format-sd", PROXY, V1_8),
    kw("log-send-hostname", GLOBAL, V1_8),
    kw("log-stderr", FCGI_APP, V2_1),
    kw("log-steps", PROXY, V3_1),
    kw("log-tag", GLOBAL.union(PROXY), V1_8),
    kw("lua-load", GLOBAL, V1_8),
    kw("lua-load-per-thread", GLOBAL, V2_4),
    kw("lua-prepend-path", GLOBAL, V2_4),
    kw("mailer", MAILERS, V1_8),
    kw("map", ACME, V3_2),
    kw("master-worker", GLOBAL, V1_8),
    kw("max-age", CACHE, V1_8),
    kw("max-keep-alive-queue", PROXY, V1_9),
    kw("max-object-size", CACHE, V1_9),
    kw("max-secondary-entries", CACHE, V2_4),
    kw("max-session-srv-conns", PROXY, V1_9),
    kw("max-spread-checks", GLOBAL, V1_8),
    kw("maxcompcpuusage", GLOBAL, V1_8),
    kw("maxcomprate", GLOBAL, V1_8),
    kw("maxconn", GLOBAL.union(PROXY), V1_8),
    kw("maxconn", LOG_FORWARD, V2_3),
    kw("maxconnrate", GLOBAL, V1_8),
    kw("maxlen", RING, V2_2),
    kw("maxpipes", GLOBAL, V1_8),
    kw("maxsessrate", GLOBAL, V1_8),
    kw("maxsslconn", GLOBAL, V1_8),
    kw("maxsslrate", GLOBAL, V1_8),
    kw("maxzlibmem", GLOBAL, V1_8),
    kw("mode", PROXY, V1_8),
    kw("monitor", PROXY_NO_DEF, V1_8),
    gone("monitor-net", PROXY, V1_8, V2_5),
    kw("monitor-uri", PROXY, V1_8),
    kw("mworker-max-reloads", GLOBAL, V1_9),
    kw("nameserver", RESOLVERS, V1_8),
    gone("nbproc", GLOBAL, V1_8, V2_5),
    kw("nbthread", GLOBAL, V1_8),
    kw("no-memory-trimming", GLOBAL, V2_6),
    gone("no-quic", GLOBAL, V2_8, V3_3),
    kw("node", GLOBAL, V1_8),
    kw("noepoll", GLOBAL, V1_8),
    kw("noevports", GLOBAL, V1_8),
    kw("nogetaddrinfo", GLOBAL, V1_8),
    kw("nokqueue", GLOBAL, V1_8),
    kw("noktls", GLOBAL, V3_3),
    kw("nopoll", GLOBAL, V1_8),
    kw("noreuseport", GLOBAL, V1_8),
    kw("nosplice", GLOBAL, V1_8),
    kw("numa-cpu-mapping", GLOBAL, V2_4),
    kw("ocsp-update.disable", GLOBAL, V3_0),
    kw("ocsp-update.httpproxy", GLOBAL, V3_0),
    kw("ocsp-update.maxdelay", GLOBAL, V3_0),
    kw("ocsp-update.mindelay", GLOBAL, V3_0),
    kw("ocsp-update.mode", GLOBAL, V3_0),
    kw("option", PROXY, V1_8),
    kw("option", PROGRAM, V2_0),
    kw("option", LOG_FORWARD, V3_1),
    kw("option", FCGI_APP, V2_1),
    kw("parse-resolv-conf", RESOLVERS, V2_0),
    kw("pass-header", FCGI_APP, V2_1),
    kw("path-info", FCGI_APP, V2_1),
    kw("peer", PEERS, V1_8),
    kw("persist", PROXY, V1_8),
    kw("pidfile", GLOBAL, V1_8),
    kw("pp2-never-send-local", GLOBAL, V2_3),
    kw("prealloc-fd", GLOBAL, V2_8),
    kw("presetenv", GLOBAL, V1_8),
    kw("process-vary", CACHE, V2_4),
    kw("profile", ACME, V3_4),
    kw("profiling.memory", GLOBAL, V2_4),
    kw("profiling.tasks", GLOBAL, V2_0),
    kw("provider-name", ACME, V3_3),
    kw("quic-initial", PROXY, V3_1),
    kw("quiet", GLOBAL, V1_8),
    kw("rate-limit", PROXY, V1_8),
    kw("redirect", PROXY_NO_DEF, V1_8),
    gone("redisp", PROXY, V1_8, V2_1),
    gone("redispatch", PROXY, V1_8, V2_1),
    gone("reqadd", PROXY, V1_8, V2_1),
    gone("reqallow", PROXY, V1_8, V2_1),
    gone("reqdel", PROXY, V1_8, V2_1),
    gone("reqdeny", PROXY, V1_8, V2_1),
    gone("reqiallow", PROXY, V1_8, V2_1),
    gone("reqidel", PROXY, V1_8, V2_1),
    gone("reqideny", PROXY, V1_8, V2_1),
    gone("reqipass", PROXY, V1_8, V2_1),
    gone("reqirep", PROXY, V1_8, V2_1),
    gone("reqitarpit", PROXY, V1_8, V2_1),
    gone("reqpass", PROXY, V1_8, V2_1),
    gone("reqrep", PROXY, V1_8, V2_1),
    gone("reqtarpit", PROXY, V1_8, V2_1),
    kw("resetenv", GLOBAL, V1_8),
    gone("resolution_pool_size", RESOLVERS, V1_8, V1_8),
    kw("resolve_retries", RESOLVERS, V1_8),
    kw("retries", PROXY, V1_8),
    kw("retry-on", PROXY, V2_0),
    kw("reuse-key", ACME, V3_3),
    gone("rspadd", PROXY, V1_8, V2_1),
    gone("rspdel", PROXY, V1_8, V2_1),
    gone("rspdeny", PROXY, V1_8, V2_1),
    gone("rspidel", PROXY, V1_8, V2_1),
    gone("rspideny", PROXY, V1_8, V2_1),
    gone("rspirep", PROXY, V1_8, V2_1),
    gone("rsprep", PROXY, V1_8, V2_1),
    kw("server", BACKEND_NO_DEF, V1_8),
    kw("server", PEERS, V2_0),
    kw("server", RING, V2_2),
    kw("server-state-base", GLOBAL, V1_8),
    kw("server-state-file", GLOBAL, V1_8),
    kw("server-state-file-name", PROXY, V1_8),
    kw("server-template", BACKEND_NO_DEF, V1_8),
    kw("set-dumpable", GLOBAL, V1_9),
    kw("set-param", FCGI_APP, V2_1),
    kw("set-var", GLOBAL, V2_4),
    kw("set-var-fmt", GLOBAL, V2_5),
    kw("setcap", GLOBAL, V2_8),
    kw("setenv", GLOBAL, V1_8),
    kw("shards", PEERS, V2_8),
    kw("shm-stats-file", GLOBAL, V3_3),
    kw("shm-stats-file-max-objects", GLOBAL, V3_3),
    kw("size", RING, V2_2),
    kw("source", PROXY, V1_8),
    kw("spread-checks", GLOBAL, V1_8),
    gone("srvexp", PROXY, V1_8, V2_1),
    kw("srvtcpka-cnt", PROXY, V1_9),
    kw("srvtcpka-idle", PROXY, V1_9),
    kw("srvtcpka-intvl", PROXY, V1_9),
    gone("srvtimeout", PROXY, V1_8, V2_1),
    kw("ssl-default-bind-ciphers", GLOBAL, V1_8),
    kw("ssl-default-bind-ciphersuites", GLOBAL, V1_9),
    kw("ssl-default-bind-client-sigalgs", GLOBAL, V2_7),
    kw("ssl-default-bind-curves", GLOBAL, V2_2),
    kw("ssl-default-bind-options", GLOBAL, V1_8),
    kw("ssl-default-bind-sigalgs", GLOBAL, V2_7),
    kw("ssl-default-server-ciphers", GLOBAL, V1_8),
    kw("ssl-default-server-ciphersuites", GLOBAL, V1_9),
    kw("ssl-default-server-client-sigalgs", GLOBAL, V3_0),
    kw("ssl-default-server-curves", GLOBAL, V3_0),
    kw("ssl-default-server-options", GLOBAL, V1_8),
    kw("ssl-default-server-sigalgs", GLOBAL, V3_0),
    kw("ssl-dh-param-file", GLOBAL, V1_8),
    kw("ssl-engine", GLOBAL, V1_8),
    kw("ssl-f-use", PROXY_NO_DEF, V3_2),
    kw("ssl-load-extra-del-ext", GLOBAL, V2_4),
    kw("ssl-load-extra-files", GLOBAL, V2_2),
    kw("ssl-mode-async", GLOBAL, V1_8),
    kw("ssl-passphrase-cmd", GLOBAL, V3_3),
    kw("ssl-propquery", GLOBAL, V2_6),
    kw("ssl-provider", GLOBAL, V2_6),
    kw("ssl-provider-path", GLOBAL, V2_6),
    kw("ssl-security-level", GLOBAL, V3_0),
    kw("ssl-server-verify", GLOBAL, V1_8),
    kw("ssl-skip-self-issued-ca", GLOBAL, V2_2),
    kw("stats", GLOBAL.union(PROXY), V1_8),
    kw("stats-file", GLOBAL, V3_0),
    kw("stick", PROXY_NO_DEF, V1_8),
    kw("stick-table", PROXY_NO_DEF, V1_8),
    kw("stress-level", GLOBAL, V3_1),
    kw("strict-limits", GLOBAL, V2_0),
    kw("table", PEERS, V2_0),
    kw("tcp-check", PROXY, V1_8),
    kw("tcp-request", PROXY, V1_8),
    kw("tcp-response", PROXY, V1_8),
    kw("thread-group", GLOBAL, V2_6),
    kw("thread-groups", GLOBAL, V2_6),
    kw("thread-hard-limit", GLOBAL, V3_0),
    kw("timeout", SectionSet::of(&[Defaults, Frontend, Backend, Listen, Resolvers, Mailers]), V1_8),
    kw("timeout", RING, V2_2),
    kw("timeout", LOG_FORWARD, V2_3),
    kw("total-max-size", CACHE, V1_8),
    kw("trace", GLOBAL, V2_8),
    kw("trace", TRACES, V3_1),
    kw("transparent", PROXY, V1_8),
    kw("tune.applet.zero-copy-forwarding", GLOBAL, V2_9),
    kw("tune.buffers.limit", GLOBAL, V1_8),
    kw("tune.buffers.reserve", GLOBAL, V1_8),
    kw("tune.bufsize", GLOBAL, V1_8),
    kw("tune.bufsize.large", GLOBAL, V3_4),
    kw("tune.bufsize.small", GLOBAL, V3_1),
    gone("tune.chksize", GLOBAL, V1_4, V1_6),
    kw("tune.cli.max-payload-size", GLOBAL, V3_4),
    kw("tune.comp.maxlevel", GLOBAL, V1_8),
    kw("tune.defaults.purge", GLOBAL, V3_4),
    kw("tune.disable-fast-forward", GLOBAL, V2_8),
    kw("tune.disable-zero-copy-forwarding", GLOBAL, V2_9),
    kw("tune.epoll.mask-events", GLOBAL, V2_9),
    kw("tune.events.max-events-at-once", GLOBAL, V2_8),
    kw("tune.fail-alloc", GLOBAL, V2_0),
    kw("tune.fd.edge-triggered", GLOBAL, V2_4),
    kw("tune.glitches.kill.cpu-usage", GLOBAL, V3_1),
    kw("tune.h1.be.glitches-threshold", GLOBAL, V3_4),
    kw("tune.h1.fe.glitches-threshold", GLOBAL, V3_4),
    kw("tune.h1.zero-copy-fwd-recv", GLOBAL, V2_9),
    kw("tune.h1.zero-copy-fwd-send", GLOBAL, V2_9),
    kw("tune.h2.be.glitches-threshold", GLOBAL, V2_8),
    kw("tune.h2.be.initial-window-size", GLOBAL, V2_8),
    kw("tune.h2.be.max-concurrent-streams", GLOBAL, V2_8),
    kw("tune.h2.be.max-frames-at-once", GLOBAL, V3_1),
    kw("tune.h2.be.rxbuf", GLOBAL, V3_1),
    kw("tune.h2.fe.glitches-threshold", GLOBAL, V2_8),
    kw("tune.h2.fe.initial-window-size", GLOBAL, V2_8),
    kw("tune.h2.fe.max-concurrent-streams", GLOBAL, V2_8),
    kw("tune.h2.fe.max-frames-at-once", GLOBAL, V3_1),
    kw("tune.h2.fe.max-rst-at-once", GLOBAL, V3_1),
    kw("tune.h2.fe.max-total-streams", GLOBAL, V2_8),
    kw("tune.h2.fe.rxbuf", GLOBAL, V3_1),
    kw("tune.h2.header-table-size", GLOBAL, V1_8),
    kw("tune.h2.initial-window-size", GLOBAL, V1_8),
    kw("tune.h2.log-errors", GLOBAL, V3_1),
    kw("tune.h2.max-concurrent-streams", GLOBAL, V1_8),
    kw("tune.h2.max-frame-size", GLOBAL, V1_9),
    kw("tune.h2.zero-copy-fwd-send", GLOBAL, V2_9),
    kw("tune.http.cookielen", GLOBAL, V1_8),
    kw("tune.http.logurilen", GLOBAL, V1_8),
    kw("tune.http.maxhdr", GLOBAL, V1_8),
    kw("tune.idle-pool.shared", GLOBAL, V2_3),
    kw("tune.idletimer", GLOBAL, V1_8),
    kw("tune.listener.default-shards", GLOBAL, V2_8),
    kw("tune.listener.multi-queue", GLOBAL, V2_0),
    kw("tune.lua.bool-sample-conversion", GLOBAL, V3_1),
    kw("tune.lua.burst-timeout", GLOBAL, V2_9),
    kw("tune.lua.forced-yield", GLOBAL, V1_8),
    kw("tune.lua.log.loggers", GLOBAL, V2_9),
    kw("tune.lua.log.stderr", GLOBAL, V2_9),
    kw("tune.lua.maxmem", GLOBAL, V1_8),
    kw("tune.lua.openlibs", GLOBAL, V3_4),
    kw("tune.lua.service-timeout", GLOBAL, V1_8),
    kw("tune.lua.session-timeout", GLOBAL, V1_8),
    kw("tune.lua.task-timeout", GLOBAL, V1_8),
    kw("tune.max-checks-per-thread", GLOBAL, V2_9),
    kw("tune.max-rules-at-once", GLOBAL, V3_1),
    kw("tune.maxaccept", GLOBAL, V1_8),
    kw("tune.maxpollevents", GLOBAL, V1_8),
    kw("tune.maxrewrite", GLOBAL, V1_8),
    kw("tune.memory.hot-size", GLOBAL, V2_8),
    kw("tune.notsent-lowat.client", GLOBAL, V3_1),
    kw("tune.notsent-lowat.server", GLOBAL, V3_1),
    kw("tune.pattern.cache-size", GLOBAL, V1_8),
    kw("tune.peers.max-updates-at-once", GLOBAL, V2_5),
    kw("tune.pipesize", GLOBAL, V1_8),
    kw("tune.pool-high-fd-ratio", GLOBAL, V2_1),
    kw("tune.pool-low-fd-ratio", GLOBAL, V2_1),
    kw("tune.pt.zero-copy-forwarding", GLOBAL, V2_9),
    kw("tune.quic.be.cc.cubic-min-losses", GLOBAL, V3_3),
    kw("tune.quic.be.cc.hystart", GLOBAL, V3_3),
    kw("tune.quic.be.cc.max-frame-loss", GLOBAL, V3_3),
    kw("tune.quic.be.cc.max-win-size", GLOBAL, V3_3),
    kw("tune.quic.be.cc.reorder-ratio", GLOBAL, V3_3),
    kw("tune.quic.be.max-idle-timeout", GLOBAL, V3_3),
    kw("tune.quic.be.sec.glitches-threshold", GLOBAL, V3_3),
    kw("tune.quic.be.stream.data-ratio", GLOBAL, V3_3),
    kw("tune.quic.be.stream.max-concurrent", GLOBAL, V3_3),
    kw("tune.quic.be.stream.rxbuf", GLOBAL, V3_3),
    kw("tune.quic.be.tx.pacing", GLOBAL, V3_3),
    kw("tune.quic.be.tx.udp-gso", GLOBAL, V3_3),
    kw("tune.quic.cc-hystart", GLOBAL, V3_0),
    kw("tune.quic.cc.cubic.min-losses", GLOBAL, V3_1),
    kw("tune.quic.disable-tx-pacing", GLOBAL, V3_1),
    kw("tune.quic.disable-udp-gso", GLOBAL, V3_1),
    kw("tune.quic.fe.cc.cubic-min-losses", GLOBAL, V3_3),
    kw("tune.quic.fe.cc.hystart", GLOBAL, V3_3),
    kw("tune.quic.fe.cc.max-frame-loss", GLOBAL, V3_3),
    kw("tune.quic.fe.cc.max-win-size", GLOBAL, V3_3),
    kw("tune.quic.fe.cc.reorder-ratio", GLOBAL, V3_3),
    kw("tune.quic.fe.max-idle-timeout", GLOBAL, V3_3),
    kw("tune.quic.fe.sec.glitches-threshold", GLOBAL, V3_3),
    kw("tune.quic.fe.sec.retry-threshold", GLOBAL, V3_3),
    kw("tune.quic.fe.sock-per-conn", GLOBAL, V3_3),
    kw("tune.quic.fe.stream.data-ratio", GLOBAL, V3_3),
    kw("tune.quic.fe.stream.max-concurrent", GLOBAL, V3_3),
    kw("tune.quic.fe.stream.max-total", GLOBAL, V3_4),
    kw("tune.quic.fe.stream.rxbuf", GLOBAL, V3_3),
    kw("tune.quic.fe.tx.pacing", GLOBAL, V3_3),
    kw("tune.quic.fe.tx.udp-gso", GLOBAL, V3_3),
    gone("tune.quic.frontend.conn-tx-buffers.limit", GLOBAL, V2_6, V3_3),
    kw("tune.quic.frontend.default-max-window-size", GLOBAL, V3_1),
    kw("tune.quic.frontend.glitches-threshold", GLOBAL, V3_0),
    kw("tune.quic.frontend.max-data-size", GLOBAL, V3_1),
    kw("tune.quic.frontend.max-idle-timeout", GLOBAL, V2_6),
    kw("tune.quic.frontend.max-streams-bidi", GLOBAL, V2_6),
    kw("tune.quic.frontend.max-tx-mem", GLOBAL, V3_1),
    kw("tune.quic.frontend.stream-data-ratio", GLOBAL, V3_1),
    kw("tune.quic.listen", GLOBAL, V3_3),
    kw("tune.quic.max-frame-loss", GLOBAL, V2_6),
    kw("tune.quic.mem.tx-max", GLOBAL, V3_3),
    kw("tune.quic.reorder-ratio", GLOBAL, V3_0),
    kw("tune.quic.retry-threshold", GLOBAL, V2_6),
    kw("tune.quic.socket-owner", GLOBAL, V2_6),
    kw("tune.quic.zero-copy-fwd-send", GLOBAL, V2_9),
    kw("tune.rcvbuf.backend", GLOBAL, V3_0),
    kw("tune.rcvbuf.client", GLOBAL, V1_8),
    kw("tune.rcvbuf.frontend", GLOBAL, V3_0),
    kw("tune.rcvbuf.server", GLOBAL, V1_8),
    kw("tune.recv_enough", GLOBAL, V1_8),
    kw("tune.renice.runtime", GLOBAL, V3_1),
    kw("tune.renice.startup", GLOBAL, V3_1),
    kw("tune.ring.queues", GLOBAL, V3_0),
    kw("tune.runqueue-depth", GLOBAL, V1_8),
    kw("tune.sched.low-latency", GLOBAL, V2_4),
    kw("tune.sndbuf.backend", GLOBAL, V3_0),
    kw("tune.sndbuf.client", GLOBAL, V1_8),
    kw("tune.sndbuf.frontend", GLOBAL, V3_0),
    kw("tune.sndbuf.server", GLOBAL, V1_8),
    kw("tune.ssl.cachesize", GLOBAL, V1_8),
    kw("tune.ssl.capture-buffer-size", GLOBAL, V2_5),
    kw("tune.ssl.capture-cipherlist-size", GLOBAL, V1_8),
    kw("tune.ssl.certificate-compression", GLOBAL, V3_0),
    kw("tune.ssl.default-dh-param", GLOBAL, V1_8),
    kw("tune.ssl.force-private-cache", GLOBAL, V1_8),
    kw("tune.ssl.hard-maxrecord", GLOBAL, V1_8),
    kw("tune.ssl.keylog", GLOBAL, V2_2),
    kw("tune.ssl.lifetime", GLOBAL, V1_8),
    kw("tune.ssl.maxrecord", GLOBAL, V1_8),
    kw("tune.ssl.ocsp-update.maxdelay", GLOBAL, V2_8),
    kw("tune.ssl.ocsp-update.mindelay", GLOBAL, V2_8),
    kw("tune.ssl.ssl-ctx-cache-size", GLOBAL, V1_8),
    kw("tune.stick-counters", GLOBAL, V2_8),
    kw("tune.takeover-other-tg-connections", GLOBAL, V3_1),
    kw("tune.vars.check-max-size", GLOBAL, V2_2),
    kw("tune.vars.global-max-size", GLOBAL, V1_8),
    kw("tune.vars.proc-max-size", GLOBAL, V1_8),
    kw("tune.vars.reqres-max-size", GLOBAL, V1_8),
    kw("tune.vars.sess-max-size", GLOBAL, V1_8),
    kw("tune.vars.txn-max-size", GLOBAL, V1_8),
    kw("tune.zlib.memlevel", GLOBAL, V1_8),
    kw("tune.zlib.windowsize", GLOBAL, V1_8),
    kw("uid", GLOBAL, V1_8),
    kw("ulimit-n", GLOBAL, V1_8),
    kw("unique-id-format", PROXY, V1_8),
    kw("unique-id-header", PROXY, V1_8),
    kw("unix-bind", GLOBAL, V1_8),
    kw("unsetenv", GLOBAL, V1_8),
    kw("use-fcgi-app", PROXY, V2_1),
    kw("use-server", PROXY_NO_DEF, V1_8),
    kw("use_backend", PROXY_NO_DEF, V1_8),
    kw("user", GLOBAL.union(USERLIST), V1_8),
    kw("user", PROGRAM, V2_0),
    kw("warn-blocked-traffic-after", GLOBAL, V3_0),
    kw("wurfl-cache-size", GLOBAL, V1_8),
    kw("wurfl-data-file", GLOBAL, V1_8),
    kw("wurfl-information-list", GLOBAL, V1_8),
    kw("wurfl-information-list-separator", GLOBAL, V1_8),
    kw("wurfl-patch-file", GLOBAL, V1_8),
    kw("zero-warning", GLOBAL, V2_4),
];

/// `option <name>` / `no option <name>`, sorted by name.
static OPTIONS: [Keyword; 71] = [
    kw("abortonclose", PROXY, V1_8),
    kw("accept-invalid-http-request", PROXY, V1_8),
    kw("accept-invalid-http-response", PROXY, V1_8),
    kw("accept-unsafe-violations-in-http-request", PROXY, V3_0),
    kw("accept-unsafe-violations-in-http-response", PROXY, V3_0),
    kw("allbackups", PROXY, V1_8),
    kw("assume-rfc6587-ntf", LOG_FORWARD, V3_1),
    kw("checkcache", PROXY, V1_8),
    kw("clitcpka", PROXY, V1_8),
    kw("contstats", PROXY, V1_8),
    kw("disable-h2-upgrade", PROXY, V2_1),
    kw("dont-parse-log", LOG_FORWARD, V3_1),
    kw("dontlog-normal", PROXY, V1_8),
    kw("dontlognull", PROXY, V1_8),
    kw("external-check", PROXY, V1_8),
    gone("forceclose", PROXY, V1_8, V2_0),
    kw("forwarded", PROXY, V2_7),
    kw("forwardfor", PROXY, V1_8),
    kw("get-values", FCGI_APP, V2_1),
    kw("h1-case-adjust-bogus-client", PROXY, V1_9),
    kw("h1-case-adjust-bogus-server", PROXY, V1_9),
    kw("host", LOG_FORWARD, V3_2),
    kw("http-buffer-request", PROXY, V1_8),
    kw("http-drop-request-trailers", PROXY, V3_1),
    kw("http-drop-response-trailers", PROXY, V3_1),
    kw("http-ignore-probes", PROXY, V1_8),
    kw("http-keep-alive", PROXY, V1_8),
    kw("http-no-delay", PROXY, V1_8),
    kw("http-pretend-keepalive", PROXY, V1_8),
    kw("http-restrict-req-hdr-names", PROXY, V2_5),
    kw("http-server-close", PROXY, V1_8),
    gone("http-tunnel", PROXY, V1_8, V2_1),
    gone("http-use-htx", PROXY, V1_9, V2_5),
    kw("http-use-proxy-header", PROXY, V1_8),
    gone("http_proxy", PROXY, V1_8, V2_5),
    kw("httpchk", PROXY, V1_8),
    kw("httpclose", PROXY, V1_8),
    kw("httplog", PROXY, V1_8),
    kw("httpslog", PROXY, V2_4),
    kw("idle-close-on-response", PROXY, V2_6),
    kw("independent-streams", PROXY, V1_8),
    kw("keep-conn", FCGI_APP, V2_1),
    kw("ldap-check", PROXY, V1_8),
    kw("log-health-checks", PROXY, V1_8),
    kw("log-separate-errors", PROXY, V1_8),
    kw("logasap", PROXY, V1_8),
    kw("max-reqs", FCGI_APP, V2_1),
    kw("mpxs-conns", FCGI_APP, V2_1),
    kw("mysql-check", PROXY, V1_8),
    kw("nolinger", PROXY, V1_8),
    kw("originalto", PROXY, V1_8),
    kw("persist", PROXY, V1_8),
    kw("pgsql-check", PROXY, V1_8),
    kw("prefer-last-server", PROXY, V1_8),
    kw("redis-check", PROXY, V1_8),
    kw("redispatch", PROXY, V1_8),
    kw("smtpchk", PROXY, V1_8),
    kw("socket-stats", PROXY, V1_8),
    kw("splice-auto", PROXY, V1_8),
    kw("splice-request", PROXY, V1_8),
    kw("splice-response", PROXY, V1_8),
    kw("spop-check", PROXY, V1_8),
    kw("srvtcpka", PROXY, V1_8),
    kw("ssl-hello-chk", PROXY, V1_8),
    kw("start-on-reload", PROGRAM, V2_0),
    kw("tcp-check", PROXY, V1_8),
    kw("tcp-smart-accept", PROXY, V1_8),
    kw("tcp-smart-connect", PROXY, V1_8),
    kw("tcpka", PROXY, V1_8),
    kw("tcplog", PROXY, V1_8),
    kw("transparent", PROXY, V1_8),
];

/// `timeout <name>`, sorted by name.
static TIMEOUTS: [Keyword; 21] = [
    kw("check", PROXY, V1_8),
    kw("client", PROXY, V1_8),
    kw("client", LOG_FORWARD, V2_3),
    kw("client-fin", PROXY, V1_8),
    kw("client-hs", PROXY, V2_7),
    gone("clitimeout", PROXY, V1_8, V2_1),
    kw("connect", PROXY, V1_8),
    kw("connect", RING, V2_2),
    gone("contimeout", PROXY, V1_8, V2_1),
    kw("http-keep-alive", PROXY, V1_8),
    kw("http-request", PROXY, V1_8),
    kw("mail", MAILERS, V1_8),
    kw("queue", PROXY, V1_8),
    kw("resolve", RESOLVERS, V1_8),
    kw("retry", RESOLVERS, V1_8),
    kw("server", PROXY, V1_8),
    kw("server", RING, V2_2),
    kw("server-fin", PROXY, V1_8),
    gone("srvtimeout", PROXY, V1_8, V2_1),
    kw("tarpit", PROXY, V1_8),
    kw("tunnel", PROXY, V1_8),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_sections_disjoint_per_name() {
        for table in [&KEYWORDS[..], &OPTIONS[..], &TIMEOUTS[..]] {
            for pair in table.windows(2) {
                assert!(pair[0].name <= pair[1].name, "{} > {}", pair[0].name, pair[1].name);
                if pair[0].name == pair[1].name {
                    let overlap = pair[0].sections.bits() & pair[1].sections.bits();
                    assert_eq!(overlap, 0, "{} twice in one section", pair[0].name);
                }
            }
            for k in table {
                assert!(!k.sections.is_empty(), "{} has no section", k.name);
                if let Some(r) = k.removed {
                    assert!(k.since <= r, "{} removed before it came", k.name);
                }
            }
        }
    }

    #[test]
    fn lookup_hits_and_misses() {
        let balance = lookup(Backend, "balance").expect("balance");
        assert_eq!(balance.name, "balance");
        assert!(balance.removed.is_none());
        assert!(lookup(Global, "tune.bufsize").is_some());
        assert!(lookup(Global, "maxconn").is_some());
        assert!(lookup(Peers, "peer").is_some());
        assert!(lookup(Frontend, "use_backend").is_some());
        assert!(lookup(Global, "balance").is_none());
        assert!(lookup(Backend, "balanse").is_none());
        assert!(lookup(Frontend, "server").is_none());
        assert!(lookup(Defaults, "bind").is_none());
        assert!(lookup(Peers, "timeout").is_none());
        assert!(lookup(Backend, "Balance").is_none());
    }

    #[test]
    fn one_name_with_versions_per_section() {
        assert_eq!(lookup(Global, "log").map(|k| k.since), Some(V1_8));
        assert_eq!(lookup(Peers, "log").map(|k| k.since), Some(V2_2));
        assert_eq!(lookup(Peers, "shards").map(|k| k.since), Some(V2_8));
        assert_eq!(lookup(CrtStore, "load").map(|k| k.since), Some(V3_0));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest(Backend, "balanse"), Some("balance"));
        assert_eq!(suggest(Global, "maxconns"), Some("maxconn"));
        assert_eq!(suggest(Frontend, "use-backend"), Some("use_backend"));
        assert_eq!(suggest(Peers, "enable"), Some("enabled"));
        assert_eq!(suggest(Global, "tune.ssl.defaultdh-param"), Some("tune.ssl.default-dh-param"));
        assert_eq!(suggest(Backend, "frobnicate"), None);
        assert_eq!(suggest(Backend, ""), None);
        // Removed keywords are not offered.
        assert_ne!(suggest(Backend, "reqadd"), Some("reqadd"));
        // A huge name gets nothing, at once (a full distance took minutes).
        let long = "a".repeat(1_000_000);
        assert_eq!(suggest(Backend, &long), None);
        assert_eq!(suggest_option(Backend, &long), None);
        assert_eq!(suggest_timeout(Backend, &long), None);
    }

    #[test]
    fn options_and_timeouts() {
        assert!(lookup_option(Defaults, "httplog").is_some());
        assert!(lookup_option(Backend, "redispatch").is_some());
        assert!(lookup_option(Program, "start-on-reload").is_some());
        assert!(lookup_option(Global, "httplog").is_none());
        assert!(lookup_option(Frontend, "start-on-reload").is_none());
        assert!(option_names(FcgiApp).any(|k| k.name == "keep-conn"));
        assert!(option_names(Listen).all(|k| k.sections.contains(Listen)));
        assert!(lookup_timeout(Defaults, "http-keep-alive").is_some());
        assert!(lookup_timeout(Mailers, "mail").is_some());
        assert!(lookup_timeout(Ring, "connect").is_some());
        assert!(lookup_timeout(Defaults, "mail").is_none());
    }

    #[test]
    fn removed_keywords_stay_known() {
        let reqadd = lookup(Frontend, "reqadd").expect("reqadd");
        assert_eq!(reqadd.removed, Some(Version::new(2, 1)));
        assert!(reqadd.exists_in(Version::new(2, 0)));
        assert!(!reqadd.exists_in(Version::new(2, 1)));
        assert_eq!(lookup(Global, "nbproc").and_then(|k| k.removed), Some(V2_5));
        let tunnel = lookup_option(Defaults, "http-tunnel").expect("http-tunnel");
        assert_eq!(tunnel.removed, Some(V2_1));
        let shards = lookup(Peers, "shards").expect("shards");
        assert!(!shards.exists_in(Version::new(2, 6)));
        assert!(shards.exists_in(Version::new(3, 2)));
        // 3.3 renamed `no-quic` to `tune.quic.listen` and dropped the unused
        // `tune.quic.frontend.conn-tx-buffers.limit` (v3.3.0 sources).
        let no_quic = lookup(Global, "no-quic").expect("no-quic");
        assert!(no_quic.exists_in(V3_2) && !no_quic.exists_in(V3_3) && !no_quic.exists_in(V2_7));
        let limit = lookup(Global, "tune.quic.frontend.conn-tx-buffers.limit").expect("limit");
        assert_eq!((limit.since, limit.removed), (V2_6, Some(V3_3)));
    }

    #[test]
    fn keywords_of_3_3_and_3_4() {
        // Registered in the v3.3.0 sources and not in v3.2.0.
        for name in ["tune.quic.listen", "tune.quic.fe.sock-per-conn", "tune.quic.be.tx.pacing", "noktls"] {
            assert_eq!(lookup(Global, name).map(|k| k.since), Some(V3_3), "{name}");
        }
        assert_eq!(lookup(Global, "ssl-passphrase-cmd").map(|k| k.since), Some(V3_3));
        assert_eq!(lookup(Acme, "acme-vars").map(|k| k.since), Some(V3_3));
        // Only in 3.4-dev sources: not in any release yet.
        assert_eq!(lookup(Acme, "challenge-ready").map(|k| k.since), Some(V3_4));
        assert_eq!(lookup(Global, "tune.bufsize.large").map(|k| k.since), Some(V3_4));
        assert_eq!(lookup(Frontend, "force-be-switch").map(|k| k.since), Some(V3_4));
        // Listed in the 3.2 and 3.3 manuals' keyword matrix, but no parser has it.
        assert!(lookup(Frontend, "crt").is_none());
    }

    #[test]
    fn section_sets() {
        let s = SectionSet::of(&[Global, Acme]);
        assert!(s.contains(Global) && s.contains(Acme) && !s.contains(Ring));
        assert_eq!(s.bits(), 1 | 1 << 17);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![Global, Acme]);
        assert_eq!(SectionSet::EMPTY.with(Ring).union(s).iter().count(), 3);
        assert_eq!(Version::new(2, 6).to_string(), "2.6");
        assert!(Version::new(2, 10) > Version::new(2, 9));
    }
}
