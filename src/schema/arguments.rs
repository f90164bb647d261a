//! The arguments of section keywords: how many words `mode`, `log`,
//! `balance`, `compression`, `timeout <name>`, `http-request deny`, ... take,
//! and what each must look like (a time, an integer in a range, one word of
//! a list, an address without a port range, an HTTP status), with the
//! versions each keyword, option and word exists in.
//!
//! Hand-curated from the parsers at each release tag v1.8.0 to v3.3.0
//! (`cfgparse-listen.c`, `cfgparse-global.c`, `log.c`, `backend.c`,
//! `flt_http_comp.c`, `http_act.c`, `http_htx.c`, `tcpcheck.c`) and every
//! refusal confirmed with Debian's `haproxy -c` 2.6; the messages are
//! HAProxy's own where reproducing them is the point (a user greps for
//! them). `tests/haproxy_judge.rs` replays each [`Signature::example`]
//! with good and bad values through the real HAProxy.
//!
//! A [`Signature`] describes one keyword, or one keyword and its second word
//! (`compression algo`, `timeout client`, `http-request set-timeout`). A
//! line is read by the most specific signature that exists: the one for its
//! second word, else the one for the keyword alone (whose first argument
//! then usually is a [`Value::OneOf`] of the second words, so an unknown or
//! too-new one is named).

use super::keywords::SectionSet;
use super::{Version, Versioned, NEWEST};
use crate::ast::SectionKind::{
    self, Backend, Cache, Defaults, FcgiApp, Frontend, Global, HttpErrors, Listen, Resolvers,
};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

const fn v(major: u8, minor: u8) -> Version {
    Version::new(major, minor)
}
const V18: Version = v(1, 8);

/// Sections where proxy keywords live. HAProxy reads the arguments of a
/// backend keyword in a frontend too (and the reverse) before it says the
/// line is ignored there, so most signatures hold in all four.
const PROXIES: SectionSet = SectionSet::of(&[Defaults, Frontend, Backend, Listen]);
/// Proxies that can have servers.
const BACKENDS: SectionSet = SectionSet::of(&[Defaults, Backend, Listen]);
const GLOBAL: SectionSet = SectionSet::of(&[Global]);
const RESOLVERS: SectionSet = SectionSet::of(&[Resolvers]);
const CACHES: SectionSet = SectionSet::of(&[Cache]);
const LOGGERS: SectionSet = SectionSet::of(&[Global, Defaults, Frontend, Backend, Listen]);

/// Whether a [`Choice`] is written as a call: `hdr(host)`, `random(2)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// A plain word.
    No,
    /// `name` or `name(<arg>)`.
    Optional,
    /// `name(<arg>)` only.
    Required,
}

/// One word of a list ([`Value::OneOf`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The word.
    pub name: &'static str,
    /// Whether it takes a parenthesised argument.
    pub call: Call,
    /// First version with it.
    pub since: Version,
    /// Last version with it ([`NEWEST`]: still there).
    pub last: Version,
}

/// The words one argument may be, and HAProxy's message for another one
/// (`{}` stands for the word).
#[derive(Debug, PartialEq, Eq)]
pub struct Choices {
    /// The words.
    pub list: &'static [Choice],
    /// What HAProxy says of a word not in the list.
    pub unknown: &'static str,
}

impl Choices {
    /// The choice `word` is (by name, or by `name(` for calls), any version.
    pub fn find(&self, word: &str) -> Option<&'static Choice> {
        self.list.iter().find(|c| match c.call {
            Call::No => c.name == word,
            Call::Optional => {
                word == c.name || (word.starts_with(c.name) && word[c.name.len()..].starts_with('('))
            }
            Call::Required => word.starts_with(c.name) && word[c.name.len()..].starts_with('('),
        })
    }
}

/// What one argument must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// Any word.
    Word,
    /// A duration: decimal digits, then an optional unit (`us`, `ms`, `s`,
    /// `m`, `h`, `d`; milliseconds without one), at most 2147483647 ms.
    Time,
    /// A [`Value::Time`] counted in seconds (`stats refresh`): without a
    /// unit it means seconds, and it may reach 2147483647 s.
    Seconds,
    /// A [`Value::Time`], or a sample expression when it does not start with
    /// a digit (`http-request set-timeout server int(3),mul(1000)`).
    TimeOrExpression,
    /// An integer read as C's `atoi` reads it (`x` is 0), within a range;
    /// the message has `{}` for the word.
    Int {
        /// Smallest accepted.
        min: i64,
        /// Largest accepted.
        max: i64,
        /// HAProxy's message for a value outside.
        message: &'static str,
    },
    /// A decimal number read whole, as `strtoul` with an end check reads it
    /// (`x` and `-1` are refused), at most `max`.
    Count {
        /// Largest accepted.
        max: u64,
        /// HAProxy's message for another word (`{}`: the word).
        message: &'static str,
    },
    /// One of a list of words.
    OneOf(&'static Choices),
    /// An address to send to or listen on: a range of ports (`:10001-10010`)
    /// is refused.
    Address,
    /// The name of a section of a kind (`cache`, `fcgi-app`, `http-errors`);
    /// the message says that none has it (`{}`: the name).
    Section(SectionKind, &'static str),
    /// An HTTP status code within a range.
    Status {
        /// Smallest accepted.
        min: u16,
        /// Largest accepted.
        max: u16,
        /// HAProxy's message for a code outside (`{}`: the code).
        message: &'static str,
    },
}

/// A named option among the arguments (`len 1024`, `deny_status 403`): its
/// name, then one word of its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opt {
    /// The name.
    pub name: &'static str,
    /// Its value.
    pub value: Value,
    /// HAProxy's message when the value is missing (`{}`: the name, `{kw}`:
    /// the keyword and sub).
    pub missing: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

/// The arguments of one keyword (or keyword and second word).
#[derive(Debug, PartialEq, Eq)]
pub struct Signature {
    /// The first word of the line (for a rule: `http-request`, `tcp-check`).
    pub keyword: &'static str,
    /// The second word, when the signature is about it; `*` for any.
    pub sub: Option<&'static str>,
    /// The sections it applies in.
    pub sections: SectionSet,
    /// The kind of each positional argument (after the keyword and sub).
    pub args: &'static [Value],
    /// Positional arguments needed.
    pub min: u8,
    /// Positional arguments taken at most ([`MANY`]: no limit; the words
    /// past `args` are then of the last kind when `repeat`, else any).
    pub max: u8,
    /// Whether the last kind of `args` applies to every further word.
    pub repeat: bool,
    /// Named options allowed among the arguments.
    pub options: &'static [Opt],
    /// HAProxy's message when arguments are missing (`{}`: the keyword and sub).
    pub missing: &'static str,
    /// HAProxy's message for a word too many, when it has its own (else
    /// `'<keyword>' cannot handle unexpected argument '<word>'.`).
    pub extra: &'static str,
    /// A line HAProxy 2.6 accepts (for the judge test and the docs).
    pub example: &'static str,
    /// First version with it.
    pub since: Version,
    /// Last version with it.
    pub last: Version,
}

impl Signature {
    /// Whether an argument or option names a section ([`Value::Section`]).
    pub fn names_a_section(&self) -> bool {
        self.args.iter().chain(self.options.iter().map(|o| &o.value)).any(|v| matches!(v, Value::Section(..)))
    }
}

/// [`Signature::max`] for "no limit".
pub const MANY: u8 = u8::MAX;

/// The `tcp-check`/`http-check` steps that may come before the first
/// `connect` of a ruleset (`set-var(...)` and `unset-var(...)` by prefix);
/// any other step there makes HAProxy refuse the `connect`.
pub const STEPS_BEFORE_CONNECT: [&str; 3] = ["comment", "set-var", "unset-var"];

/// Signatures read the words of rules up to their condition.
pub fn is_rule_keyword(keyword: &str) -> bool {
    matches!(
        keyword,
        "http-request"
            | "http-response"
            | "http-after-response"
            | "tcp-request"
            | "tcp-response"
            | "tcp-check"
    )
}

/// The signature for a line whose words are `keyword` then `second` in
/// `section`, existing in `version` when one is given (any version
/// otherwise): the one for the second word first, else the keyword's.
pub fn signature(
    section: SectionKind,
    keyword: &str,
    second: Option<&str>,
    version: Option<Version>,
) -> Option<&'static Signature> {
    let usable = |s: &&Signature| s.sections.contains(section) && version.is_none_or(|v| s.exists_in(v));
    let mut general = None;
    for s in signatures_of(keyword)?.iter().copied().filter(usable) {
        match (s.sub, second) {
            (Some("*"), Some(_)) => return Some(s),
            (Some(sub), Some(w)) if sub == w => return Some(s),
            (None, _) => general = Some(s),
            _ => {}
        }
    }
    general
}

/// The signatures of `keyword` (any section, any version), if it has some:
/// one hash look-up, as every line of a config asks.
pub fn signatures_of(keyword: &str) -> Option<&'static [&'static Signature]> {
    static BY_KEYWORD: LazyLock<FxHashMap<&'static str, Vec<&'static Signature>>> = LazyLock::new(|| {
        let mut map: FxHashMap<&'static str, Vec<&'static Signature>> = FxHashMap::default();
        for s in all_signatures() {
            map.entry(s.keyword).or_default().push(s);
        }
        map
    });
    BY_KEYWORD.get(keyword).map(Vec::as_slice)
}

/// Whether some signature of `keyword` names a section in an argument.
pub fn may_name_a_section(keyword: &str) -> bool {
    // A handful of keywords: comparing with each beats hashing every line.
    static KEYWORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut list: Vec<&str> =
            all_signatures().filter(|s| s.names_a_section()).map(|s| s.keyword).collect();
        list.dedup();
        list
    });
    KEYWORDS.contains(&keyword)
}

/// Every signature.
pub fn all_signatures() -> impl Iterator<Item = &'static Signature> {
    SIGNATURES.iter().chain(&BARE_OPTIONS).chain(&BARE_GLOBALS)
}

macro_rules! versioned_items {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn since(&self) -> Version { self.since }
            fn last(&self) -> Version { self.last }
        }
    )*};
}
versioned_items!(Choice, Opt, Signature);

const fn word(name: &'static str, since: Version, last: Version) -> Choice {
    Choice { name, call: Call::No, since, last }
}
const fn call(name: &'static str, call: Call, since: Version) -> Choice {
    Choice { name, call, since, last: NEWEST }
}
const fn any_version(name: &'static str) -> Choice {
    word(name, V18, NEWEST)
}

/// A signature in every version, in `sections`, with no options.
const fn sig(
    keyword: &'static str,
    sub: Option<&'static str>,
    sections: SectionSet,
    args: &'static [Value],
    (min, max): (u8, u8),
    missing: &'static str,
    example: &'static str,
) -> Signature {
    Signature {
        keyword,
        sub,
        sections,
        args,
        min,
        max,
        repeat: false,
        options: &[],
        missing,
        extra: "",
        example,
        since: V18,
        last: NEWEST,
    }
}

// ---- the lists of words ----

static MODES: Choices = Choices {
    list: &[
        any_version("http"),
        any_version("tcp"),
        word("health", V18, v(2, 2)),
        word("log", v(3, 0), NEWEST),
        word("spop", v(3, 1), NEWEST),
    ],
    unknown: "unknown proxy mode '{}'.",
};

static FACILITIES: Choices = Choices {
    list: &[
        any_version("kern"),
        any_version("user"),
        any_version("mail"),
        any_version("daemon"),
        any_version("auth"),
        any_version("syslog"),
        any_version("lpr"),
        any_version("news"),
        any_version("uucp"),
        any_version("cron"),
        any_version("auth2"),
        any_version("ftp"),
        any_version("ntp"),
        any_version("audit"),
        any_version("alert"),
        any_version("cron2"),
        any_version("local0"),
        any_version("local1"),
        any_version("local2"),
        any_version("local3"),
        any_version("local4"),
        any_version("local5"),
        any_version("local6"),
        any_version("local7"),
    ],
    unknown: "log : unknown log facility '{}'",
};

static LEVELS: Choices = Choices {
    list: &[
        any_version("emerg"),
        any_version("alert"),
        any_version("crit"),
        any_version("err"),
        any_version("warning"),
        any_version("notice"),
        any_version("info"),
        any_version("debug"),
    ],
    unknown: "log : unknown optional log level '{}'",
};

static LOG_FORMATS: Choices = Choices {
    list: &[
        any_version("rfc3164"),
        any_version("rfc5424"),
        word("short", v(2, 0), NEWEST),
        word("raw", v(2, 0), NEWEST),
        word("local", v(2, 3), NEWEST),
        word("priority", v(2, 3), NEWEST),
        word("timed", v(2, 3), NEWEST),
        word("iso", v(2, 3), NEWEST),
    ],
    unknown: "log : unknown log format '{}'",
};

static COMPRESSION: Choices = Choices {
    list: &[
        any_version("algo"),
        any_version("type"),
        any_version("offload"),
        word("algo-req", v(2, 8), NEWEST),
        word("algo-res", v(2, 8), NEWEST),
        word("type-req", v(2, 8), NEWEST),
        word("type-res", v(2, 8), NEWEST),
        word("direction", v(2, 8), NEWEST),
        word("minsize-req", v(3, 2), NEWEST),
        word("minsize-res", v(3, 2), NEWEST),
    ],
    unknown: "'compression' expects 'algo', 'type' or 'offload'",
};

static COMPRESSION_ALGOS: Choices = Choices {
    list: &[any_version("identity"), any_version("gzip"), any_version("deflate"), any_version("raw-deflate")],
    unknown: "'compression' : '{}' is not a supported algorithm.",
};

static DIRECTIONS: Choices = Choices {
    list: &[any_version("request"), any_version("response"), any_version("both")],
    unknown: "'compression direction' expects 'request', 'response', or 'both'; got '{}'.",
};

static BALANCE: Choices = Choices {
    list: &[
        any_version("roundrobin"),
        any_version("static-rr"),
        any_version("first"),
        any_version("leastconn"),
        call("random", Call::Optional, v(2, 0)),
        any_version("source"),
        any_version("uri"),
        any_version("url_param"),
        word("hash", v(2, 6), NEWEST),
        call("hdr", Call::Required, V18),
        call("rdp-cookie", Call::Optional, V18),
        word("log-hash", v(2, 9), NEWEST),
        word("sticky", v(2, 9), NEWEST),
    ],
    unknown: "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.",
};

static EXTERNAL_CHECK: Choices = Choices {
    list: &[any_version("command"), any_version("path")],
    unknown: "'external-check' only supports 'command' and 'path'. but got '{}'.",
};

static SET_TIMEOUT: Choices = Choices {
    list: &[any_version("server"), any_version("tunnel"), word("client", v(2, 9), NEWEST)],
    unknown: "'set-timeout' rule supports 'server'/'tunnel' (got '{}').",
};

static REDIRECT_CODES: Choices = Choices {
    list: &[
        any_version("301"),
        any_version("302"),
        any_version("303"),
        any_version("307"),
        any_version("308"),
    ],
    unknown: "'code': unsupported HTTP code '{}' (must be one of 301, 302, 303, 307 or 308).",
};

static HASH_METHODS: Choices = Choices {
    list: &[any_version("consistent"), any_version("map-based")],
    unknown: "'hash-type' only supports 'consistent' and 'map-based'.",
};

static HASH_FUNCTIONS: Choices = Choices {
    list: &[
        any_version("sdbm"),
        any_version("djb2"),
        any_version("wt6"),
        any_version("crc32"),
        word("none", v(3, 0), NEWEST),
    ],
    unknown: "'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.",
};

static HASH_MODIFIERS: Choices = Choices {
    list: &[any_version("avalanche")],
    unknown: "'hash-type' only supports 'avalanche' as a modifier for hash functions.",
};

static HTTP_REUSE: Choices = Choices {
    list: &[any_version("never"), any_version("safe"), any_version("aggressive"), any_version("always")],
    unknown: "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.",
};

static MASTER_WORKER: Choices = Choices {
    list: &[any_version("no-exit-on-failure")],
    unknown: "'master-worker' only supports 'no-exit-on-failure' option.",
};

static IF_NONE: Choices = Choices {
    list: &[any_version("if-none")],
    unknown: "'option forwardfor' only supports optional values: 'except', 'header' and 'if-none'.",
};

static CLF: Choices =
    Choices { list: &[any_version("clf")], unknown: "keyword 'httplog' only supports option 'clf'." };

static HDR_NAMES: Choices = Choices {
    list: &[any_version("preserve"), any_version("reject"), any_version("delete")],
    unknown: "invalid parameter '{}'. option 'http-restrict-req-hdr-names' expects 'preserve', 'reject' or 'delete' option.",
};

static HOLD_EVENTS: Choices = Choices {
    list: &[
        any_version("nx"),
        any_version("other"),
        any_version("refused"),
        any_version("timeout"),
        any_version("valid"),
        any_version("obsolete"),
    ],
    unknown: "'hold' unknown <event>: '{}', expects either 'nx', 'timeout', 'valid', 'obsolete' or 'other'.",
};

/// The status codes HAProxy has an error page for (`errorfile`, `errorloc`,
/// `http-error`): `http_err_codes` at each tag.
static ERROR_CODES: Choices = Choices {
    list: &[
        any_version("200"),
        any_version("400"),
        word("401", v(2, 2), NEWEST),
        any_version("403"),
        word("404", v(2, 2), NEWEST),
        any_version("405"),
        word("407", v(2, 2), NEWEST),
        any_version("408"),
        word("410", v(2, 2), NEWEST),
        word("413", v(2, 2), NEWEST),
        word("414", v(3, 1), NEWEST),
        word("421", v(1, 9), NEWEST),
        word("422", v(2, 5), NEWEST),
        any_version("425"),
        any_version("429"),
        word("431", v(3, 1), NEWEST),
        any_version("500"),
        word("501", v(2, 4), NEWEST),
        any_version("502"),
        any_version("503"),
        any_version("504"),
    ],
    unknown: "{kw} : status code '{}' not handled.",
};

// ---- values used more than once ----

const STATUS: Value = Value::Status { min: 200, max: 599, message: "Unexpected status code '{}'." };
/// `deny_status`/`status` of `deny`, `tarpit` and `return` (2.2 on; before,
/// only the codes with a built-in error page were taken). Not modelled: a
/// `deny` without its own payload also needs a code HAProxy has an error
/// page for.
const REPLY_OPTIONS: &[Opt] = &[
    Opt { name: "status", value: STATUS, missing: "missing status code.", since: v(2, 2), last: NEWEST },
    Opt { name: "deny_status", value: STATUS, missing: "missing status code.", since: v(2, 2), last: NEWEST },
    Opt {
        name: "errorfiles",
        value: Value::Section(HttpErrors, "unknown http-errors section '{}' referenced by an http reply."),
        missing: "'{}' expects <name> as argument.",
        since: v(2, 2),
        last: NEWEST,
    },
];
const CACHE: Value = Value::Section(Cache, "unable to find the cache '{}' referenced by the filter 'cache'.");
/// `except` and `header` of `option forwardfor`.
const FORWARDFOR_OPTIONS: &[Opt] = &[
    Opt {
        name: "except",
        value: Value::Word,
        missing: "'{kw} {}' expects <address>[/mask] as argument.",
        since: V18,
        last: NEWEST,
    },
    Opt {
        name: "header",
        value: Value::Word,
        missing: "'{kw} {}' expects <header_name> as argument.",
        since: V18,
        last: NEWEST,
    },
];
/// `code` of `redirect` rules.
const REDIRECT_OPTIONS: &[Opt] = &[Opt {
    name: "code",
    value: Value::OneOf(&REDIRECT_CODES),
    missing: "'code': missing argument",
    since: V18,
    last: NEWEST,
}];
const LOG_OPTIONS: &[Opt] = &[
    Opt {
        name: "len",
        value: Value::Int {
            min: 80,
            max: 65535,
            message: "log : invalid log length '{}', must be between 80 and 65535",
        },
        missing: "log : invalid log length '', must be between 80 and 65535",
        since: V18,
        last: NEWEST,
    },
    Opt {
        name: "format",
        value: Value::OneOf(&LOG_FORMATS),
        missing: "log : unknown log format ''",
        since: V18,
        last: NEWEST,
    },
    Opt { name: "sample", value: Value::Word, missing: "Missing sample range", since: v(2, 0), last: NEWEST },
    Opt {
        name: "profile",
        value: Value::Word,
        missing: "missing log-profile name",
        since: v(3, 1),
        last: NEWEST,
    },
];
const LOG_ARGS: &[Value] =
    &[Value::Address, Value::OneOf(&FACILITIES), Value::OneOf(&LEVELS), Value::OneOf(&LEVELS)];

/// `option` names that take no argument (the `cfg_opts` tables and a few
/// parsed by hand): HAProxy refuses a word after them.
macro_rules! bare_options {
    ($($name:literal),* $(,)?) => {
        [$(sig("option", Some($name), PROXIES, &[], (0, 0), "", concat!("option ", $name))),*]
    };
}
static BARE_OPTIONS: [Signature; 44] = bare_options!(
    "abortonclose",
    "accept-invalid-http-request",
    "accept-invalid-http-response",
    "allbackups",
    "checkcache",
    "clitcpka",
    "contstats",
    "disable-h2-upgrade",
    "dontlog-normal",
    "dontlognull",
    "external-check",
    "h1-case-adjust-bogus-client",
    "h1-case-adjust-bogus-server",
    "http-buffer-request",
    "http-ignore-probes",
    "http-keep-alive",
    "http-no-delay",
    "http-pretend-keepalive",
    "http-server-close",
    "http-use-proxy-header",
    "httpclose",
    "idle-close-on-response",
    "independent-streams",
    "ldap-check",
    "log-health-checks",
    "log-separate-errors",
    "logasap",
    "nolinger",
    "persist",
    "prefer-last-server",
    "redis-check",
    "socket-stats",
    "splice-auto",
    "splice-request",
    "splice-response",
    "spop-check",
    "srvtcpka",
    "ssl-hello-chk",
    "tcp-check",
    "tcp-smart-accept",
    "tcp-smart-connect",
    "tcpka",
    "tcplog",
    "transparent",
);

/// `global` keywords that take no argument.
macro_rules! bare_globals {
    ($($name:literal),* $(,)?) => {
        [$(sig($name, None, GLOBAL, &[], (0, 0), "", $name)),*]
    };
}
static BARE_GLOBALS: [Signature; 16] = bare_globals!(
    "busy-polling",
    "daemon",
    "external-check",
    "insecure-fork-wanted",
    "insecure-setuid-wanted",
    "noepoll",
    "noevports",
    "nogetaddrinfo",
    "nokqueue",
    "nopoll",
    "noreuseport",
    "nosplice",
    "quiet",
    "set-dumpable",
    "strict-limits",
    "zero-warning",
);

/// The signature of keywords whose only argument is any word.
const fn one_word(
    keyword: &'static str,
    sections: SectionSet,
    missing: &'static str,
    example: &'static str,
) -> Signature {
    sig(keyword, None, sections, &[Value::Word], (1, 1), missing, example)
}

/// What HAProxy says of a word after the cache's name of a cache rule.
const CACHE_EXTRA: &str = "'{kw}' expects either 'if' or 'unless' followed by a condition but found '{}'.";

const POSITIVE: Value =
    Value::Int { min: 1, max: i64::MAX, message: "'{kw}' expects a positive integer argument." };

/// Every other signature, sorted by keyword.
#[rustfmt::skip]
static SIGNATURES: &[Signature] = &[
    sig("accepted_payload_size", None, RESOLVERS, &[Value::Int { min: 12, max: 65535, message: "'accepted_payload_size' must be between 12 and 65535 inclusive (was {})." }], (1, MANY), "'{}' expects <nb> as argument.", "accepted_payload_size 8192"),
    sig("backlog", None, PROXIES, &[Value::Word], (1, MANY), "'{}' expects an integer argument.", "backlog 100"),
    sig("balance", None, PROXIES, &[Value::OneOf(&BALANCE)], (0, MANY), "", "balance roundrobin"),
    Signature { since: v(2, 6), ..sig("balance", Some("hash"), PROXIES, &[Value::Word], (1, 1), "balance hash requires a sample expression.", "balance hash src") },
    sig("balance", Some("url_param"), PROXIES, &[Value::Word, Value::Word], (1, MANY), "balance url_param requires an URL parameter name.", "balance url_param id"),
    one_word("chroot", GLOBAL, "'{}' expects a directory as an argument.", "chroot /var/empty"),
    sig("compression", None, PROXIES, &[Value::OneOf(&COMPRESSION)], (1, MANY), "'compression' expects 'algo', 'type' or 'offload'", "compression offload"),
    Signature { repeat: true, ..sig("compression", Some("algo"), PROXIES, &[Value::OneOf(&COMPRESSION_ALGOS)], (1, MANY), "'compression' expects <algorithm>.", "compression algo gzip") },
    Signature { since: v(2, 8), ..sig("compression", Some("direction"), PROXIES, &[Value::OneOf(&DIRECTIONS)], (1, 1), "'compression direction' expects 'request', 'response', or 'both'.", "compression direction both") },
    sig("compression", Some("type"), PROXIES, &[Value::Word], (1, MANY), "'compression' expects <type>.", "compression type text/html"),
    one_word("default_backend", SectionSet::of(&[Defaults, Frontend, Listen]), "'{}' expects a backend name.", "default_backend b"),
    sig("description", None, PROXIES.union(GLOBAL), &[Value::Word], (1, MANY), "'{}' expects a string argument.", "description web"),
    sig("errorfile", None, PROXIES, &[Value::OneOf(&ERROR_CODES), Value::Word], (2, MANY), "errorfile : expects <status_code> and <file> as arguments.", "errorfile 503 /dev/null"),
    sig("errorfiles", None, PROXIES, &[Value::Section(HttpErrors, "unknown http-errors section '{}'."), Value::Word], (1, MANY), "'{}' expects <name> as argument.", "errorfiles web"),
    sig("errorloc", None, PROXIES, &[Value::OneOf(&ERROR_CODES), Value::Word], (2, MANY), "{} : expects <status_code> and <url> as arguments.", "errorloc 503 /sorry"),
    sig("errorloc302", None, PROXIES, &[Value::OneOf(&ERROR_CODES), Value::Word], (2, MANY), "{} : expects <status_code> and <url> as arguments.", "errorloc302 503 /sorry"),
    sig("errorloc303", None, PROXIES, &[Value::OneOf(&ERROR_CODES), Value::Word], (2, MANY), "{} : expects <status_code> and <url> as arguments.", "errorloc303 503 /sorry"),
    sig("external-check", None, PROXIES, &[Value::OneOf(&EXTERNAL_CHECK)], (1, MANY), "missing argument after '{}'.", "external-check path /usr/bin"),
    sig("external-check", Some("command"), PROXIES, &[Value::Word], (1, 1), "missing argument after 'command'.", "external-check command /bin/true"),
    sig("external-check", Some("path"), PROXIES, &[Value::Word], (1, 1), "missing argument after 'path'.", "external-check path /usr/bin"),
    Signature { since: v(1, 9), ..sig("filter", Some("cache"), PROXIES, &[CACHE], (1, 1), "'filter' : 'cache : expects a <name> argument'", "filter cache web") },
    sig("fullconn", None, PROXIES, &[Value::Word], (1, MANY), "'{}' expects an integer argument.", "fullconn 100"),
    sig("global", None, GLOBAL, &[], (0, 0), "", "global"),
    one_word("group", GLOBAL, "cannot find group id for ''", "group root"),
    Signature { since: v(2, 2), ..sig("hard-stop-after", None, GLOBAL, &[Value::Time], (1, MANY), "'{}' expects <time> as argument.", "hard-stop-after 30s") },
    Signature { repeat: false, ..sig("hash-type", None, PROXIES, &[Value::OneOf(&HASH_METHODS), Value::OneOf(&HASH_FUNCTIONS), Value::OneOf(&HASH_MODIFIERS)], (1, MANY), "'hash-type' only supports 'consistent' and 'map-based'.", "hash-type consistent sdbm avalanche") },
    sig("hold", None, RESOLVERS, &[Value::OneOf(&HOLD_EVENTS), Value::Time], (2, MANY), "'hold' expects an <event> and a <time> as arguments.", "hold valid 10s"),
    Signature { options: &[Opt { name: "status", value: Value::OneOf(&ERROR_CODES), missing: "http-error : expects at least a <status> as arguments.", since: v(2, 2), last: NEWEST }], since: v(2, 2), ..sig("http-error", None, PROXIES, &[], (0, MANY), "", "http-error status 503") },
    Signature { options: REPLY_OPTIONS, ..sig("http-request", Some("deny"), PROXIES, &[], (0, MANY), "", "http-request deny deny_status 403") },
    Signature { extra: CACHE_EXTRA, ..sig("http-request", Some("cache-use"), PROXIES, &[CACHE], (1, 1), "'http-request cache-use' expects a cache name.", "http-request cache-use web") },
    Signature { options: REDIRECT_OPTIONS, ..sig("http-request", Some("redirect"), PROXIES, &[], (0, MANY), "", "http-request redirect location / code 301") },
    Signature { options: REPLY_OPTIONS, since: v(2, 2), ..sig("http-request", Some("return"), PROXIES, &[], (0, MANY), "", "http-request return status 200") },
    Signature { since: v(2, 4), ..sig("http-request", Some("set-timeout"), BACKENDS, &[Value::OneOf(&SET_TIMEOUT), Value::TimeOrExpression], (2, 2), "'set-timeout' expects exactly 2 arguments", "http-request set-timeout server 5s") },
    Signature { options: REPLY_OPTIONS, ..sig("http-request", Some("tarpit"), PROXIES, &[], (0, MANY), "", "http-request tarpit deny_status 403") },
    Signature { extra: CACHE_EXTRA, ..sig("http-response", Some("cache-store"), PROXIES, &[CACHE], (1, 1), "'http-response cache-store' expects a cache name.", "http-response cache-store web") },
    Signature { options: REPLY_OPTIONS, ..sig("http-response", Some("deny"), PROXIES, &[], (0, MANY), "", "http-response deny deny_status 403") },
    Signature { options: REPLY_OPTIONS, since: v(2, 2), ..sig("http-response", Some("return"), PROXIES, &[], (0, MANY), "", "http-response return status 200") },
    Signature { since: v(2, 0), ..sig("http-reuse", None, PROXIES, &[Value::OneOf(&HTTP_REUSE)], (1, 1), "'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'.", "http-reuse safe") },
    sig("id", None, PROXIES, &[Value::Int { min: 1, max: i64::MAX, message: "custom id has to be > 0." }], (1, 1), "'{}' expects an integer argument.", "id 42"),
    Signature { options: LOG_OPTIONS, ..sig("log", None, LOGGERS, LOG_ARGS, (2, 4), "log : expects <address> and <facility> or global as arguments", "log 127.0.0.1:514 local0 info") },
    sig("log", Some("global"), PROXIES, &[], (0, 0), "", "log global"),
    Signature { extra: "log-format expects only one argument, don't forget to escape spaces!", ..one_word("log-format", PROXIES, "log-format expects an argument.", "log-format %ci") },
    sig("log-tag", None, PROXIES.union(GLOBAL), &[Value::Word], (1, MANY), "'{}' expects a tag for use in syslog.", "log-tag web"),
    sig("master-worker", None, GLOBAL, &[Value::OneOf(&MASTER_WORKER)], (0, 1), "", "master-worker no-exit-on-failure"),
    sig("max-object-size", None, CACHES, &[Value::Word], (1, 1), "'{}' expects a maximum file size parameter in bytes.", "max-object-size 10000"),
    one_word("maxconn", PROXIES, "'{}' expects an integer argument.", "maxconn 1000"),
    one_word("maxconn", GLOBAL, "'{}' expects an integer argument.", "maxconn 1000"),
    sig("mode", None, PROXIES, &[Value::OneOf(&MODES)], (1, 1), "unknown proxy mode ''.", "mode http"),
    one_word("monitor-uri", PROXIES, "'{}' expects an URI.", "monitor-uri /health"),
    sig("nameserver", None, RESOLVERS, &[Value::Word, Value::Address], (2, MANY), "'nameserver' expects <name> and <addr>[:<port>] as arguments.", "nameserver dns1 127.0.0.1:53"),
    one_word("nbthread", GLOBAL, "'nbthread' passed a missing or unparsable integer value in ''", "nbthread 2"),
    Signature { options: FORWARDFOR_OPTIONS, repeat: true, ..sig("option", Some("forwardfor"), PROXIES, &[Value::OneOf(&IF_NONE)], (0, MANY), "", "option forwardfor except 127.0.0.1 header X-Client if-none") },
    sig("option", Some("httpchk"), PROXIES, &[Value::Word, Value::Word, Value::Word], (0, 3), "", "option httpchk GET / HTTP/1.1"),
    sig("option", Some("httplog"), PROXIES, &[Value::OneOf(&CLF)], (0, 1), "", "option httplog clf"),
    Signature { since: v(2, 6), ..sig("option", Some("http-restrict-req-hdr-names"), PROXIES, &[Value::OneOf(&HDR_NAMES)], (1, 1), "missing parameter. option 'http-restrict-req-hdr-names' expects 'preserve', 'reject' or 'delete' option.", "option http-restrict-req-hdr-names reject") },
    sig("option", Some("smtpchk"), PROXIES, &[Value::Word, Value::Word], (0, 2), "", "option smtpchk HELO mail.example.com"),
    one_word("pidfile", GLOBAL, "'{}' expects a file name as an argument.", "pidfile /run/haproxy.pid"),
    sig("rate-limit", Some("sessions"), PROXIES, &[Value::Word], (1, MANY), "'rate-limit sessions' expects expects an integer value (in sessions/second)", "rate-limit sessions 100"),
    Signature { options: REDIRECT_OPTIONS, ..sig("redirect", None, PROXIES, &[], (0, MANY), "", "redirect location / code 301") },
    sig("resolve_retries", None, RESOLVERS, &[Value::Word], (1, MANY), "'{}' expects <nb> as argument.", "resolve_retries 3"),
    one_word("retries", PROXIES, "'retries' expects an integer argument (dispatch counts for one).", "retries 3"),
    sig("spread-checks", None, GLOBAL, &[Value::Int { min: 0, max: 50, message: "'spread-checks' needs a positive value in range 0..50." }], (1, 1), "'{}' expects an integer argument.", "spread-checks 5"),
    sig("stats", Some("socket"), GLOBAL, &[Value::Word], (1, MANY), "'stats socket' in global section expects an address or a path to a UNIX socket", "stats socket /tmp/halint-judge.sock level admin"),
    sig("stats", Some("timeout"), GLOBAL, &[Value::Time], (1, MANY), "'stats timeout' expects a time", "stats timeout 30s"),
    sig("stats", Some("auth"), PROXIES, &[Value::Word], (1, MANY), "'auth' needs a user:password account.", "stats auth admin:secret"),
    sig("stats", Some("realm"), PROXIES, &[Value::Word], (1, MANY), "'realm' needs an realm name.", "stats realm HAProxy"),
    sig("stats", Some("refresh"), PROXIES, &[Value::Seconds], (1, MANY), "'refresh' needs a refresh interval.", "stats refresh 10s"),
    sig("stats", Some("scope"), PROXIES, &[Value::Word], (1, MANY), "'scope' needs a proxy name.", "stats scope l"),
    Signature { options: &[Opt { name: "comment", value: Value::Word, missing: "'{kw}' : '{}' expects a string as argument.", since: V18, last: NEWEST }], ..sig("tcp-check", Some("send"), PROXIES, &[Value::Word], (1, MANY), "'tcp-check send' expects a string as argument.", "tcp-check send PING") },
    sig("tcp-request", Some("inspect-delay"), PROXIES, &[Value::Time], (1, MANY), "'{}' expects a positive delay in milliseconds", "tcp-request inspect-delay 5s"),
    sig("tcp-response", Some("inspect-delay"), SectionSet::of(&[Defaults, Backend]), &[Value::Time], (1, MANY), "'{}' expects a positive delay in milliseconds", "tcp-response inspect-delay 5s"),
    sig("timeout", Some("*"), PROXIES, &[Value::Time], (1, 1), "'{}' expects an integer value (in milliseconds)", "timeout client 5s"),
    sig("timeout", Some("*"), RESOLVERS, &[Value::Time], (1, MANY), "'{}' expects 'retry' or 'resolve' and <time> as arguments.", "timeout resolve 1s"),
    sig("total-max-size", None, CACHES, &[Value::Count { max: 4095, message: "total-max-size wrong value '{}'" }], (1, 1), "total-max-size wrong value ''", "total-max-size 64"),
    sig("tune.bufsize", None, GLOBAL, &[POSITIVE], (1, 1), "'{}' expects an integer argument.", "tune.bufsize 16384"),
    one_word("ulimit-n", GLOBAL, "'{}' expects an integer argument.", "ulimit-n 4096"),
    sig("unique-id-format", None, PROXIES, &[Value::Word], (1, MANY), "unique-id-format expects an argument.", "unique-id-format %ci"),
    sig("unique-id-header", None, PROXIES, &[Value::Word], (1, MANY), "unique-id-header expects an argument.", "unique-id-header X-Id"),
    Signature { since: v(2, 1), ..sig("use-fcgi-app", None, BACKENDS, &[Value::Section(FcgiApp, "fcgi-app '{}' not found.")], (1, 1), "'{}' expects <name> as argument", "use-fcgi-app php") },
    one_word("user", GLOBAL, "cannot find user id for ''", "user root"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_sorted_and_examples_name_them() {
        assert!(SIGNATURES.windows(2).all(|w| w[0].keyword <= w[1].keyword));
        for s in all_signatures() {
            let mut words = s.example.split(' ');
            assert_eq!(words.next(), Some(s.keyword), "{}", s.example);
            if let Some(sub) = s.sub.filter(|s| *s != "*") {
                assert_eq!(words.next(), Some(sub), "{}", s.example);
            }
            assert!(s.min <= s.max && (s.max == MANY || usize::from(s.max) <= s.args.len().max(1)));
        }
    }

    #[test]
    fn the_second_word_picks_the_signature_in_its_versions() {
        let at = |sub, version| signature(Listen, "compression", Some(sub), version).and_then(|s| s.sub);
        assert_eq!(at("algo", None), Some("algo"));
        assert_eq!(at("direction", None), Some("direction"));
        assert_eq!(at("direction", Some(v(2, 6))), None, "2.6 reads it with the keyword's signature");
        assert_eq!(signature(Listen, "timeout", Some("client"), None).and_then(|s| s.sub), Some("*"));
        assert!(
            signature(Frontend, "balance", Some("roundrobin"), None).is_some(),
            "read before it is ignored"
        );
        assert!(signature(Frontend, "use-fcgi-app", Some("php"), None).is_none());
        assert!(signature(Global, "mode", Some("http"), None).is_none());
    }

    #[test]
    fn choices_match_calls() {
        assert_eq!(BALANCE.find("hdr(host)").map(|c| c.name), Some("hdr"));
        assert!(BALANCE.find("hdr").is_none());
        assert_eq!(BALANCE.find("random").map(|c| c.name), Some("random"));
        assert_eq!(BALANCE.find("random(2)").map(|c| c.name), Some("random"));
        assert!(BALANCE.find("randomly").is_none());
        assert!(!MODES.find("health").unwrap().exists_in(v(2, 6)));
        assert!(MODES.find("spop").unwrap().exists_in(v(3, 2)));
    }
}
