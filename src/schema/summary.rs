//! One-line summaries of every item the schema knows, for hover, completion
//! and `halint explain`.
//!
//! # Storage
//!
//! One text file per [`Kind`] in `src/schema/summaries/`, embedded with
//! `include_str!`: a line is `KEY<TAB>SUMMARY`, sorted by key (bytes). A
//! key is the item's exact name, or `NAME@CONTEXT` where the meaning
//! depends on the section or rule set (`user@userlist`, `deny@tcp-request
//! connection`); a lookup in a context tries that key first, then the bare
//! name.
//!
//! Why text files rather than generated Rust tables: the summaries are
//! prose that people edit and review, one per line, with diffs that read
//! like text; they are keyed by kind and name only, so they join the
//! tables of other branches (bind and server options, filters) without
//! touching them. Cost: `halint check` never reads them; the first lookup
//! of a kind splits its file into a sorted slice once (a few hundred lines,
//! microseconds), then every lookup is a binary search. The tests check the
//! files are sorted, unique, one line each, and that every item of every
//! table has a summary and every summary an item.

use std::sync::LazyLock;

/// What kind of item a name is: the tables of the schema, plus those whose
/// tables are not in the schema yet (bind and server options, filters),
/// whose names are the keys of their summary files for now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The first word of a line in a section ([`super::keywords::keywords`]).
    Keyword,
    /// The word after `option`.
    Option,
    /// The word after `timeout`.
    Timeout,
    /// An action of `http-request`, `tcp-request content`, … ([`super::RULE_SETS`]).
    Action,
    /// A sample fetch.
    Fetch,
    /// A converter.
    Converter,
    /// An ACL keyword (`path_beg`).
    AclKeyword,
    /// An ACL matching method (`-m beg`).
    MatchMethod,
    /// An ACL flag (`-i`).
    AclFlag,
    /// An option of a `bind` line.
    BindOption,
    /// An option of a `server` or `default-server` line.
    ServerOption,
    /// The kind of a `filter` line (`filter compression`).
    Filter,
}

impl Kind {
    /// Every kind, in the order `describe` lists them.
    pub const ALL: [Kind; 12] = [
        Kind::Keyword,
        Kind::Option,
        Kind::Timeout,
        Kind::Action,
        Kind::Fetch,
        Kind::Converter,
        Kind::AclKeyword,
        Kind::MatchMethod,
        Kind::AclFlag,
        Kind::BindOption,
        Kind::ServerOption,
        Kind::Filter,
    ];

    /// A stable identifier, for JSON (`fetch`, `acl-keyword`).
    pub fn id(self) -> &'static str {
        match self {
            Kind::Keyword => "keyword",
            Kind::Option => "option",
            Kind::Timeout => "timeout",
            Kind::Action => "action",
            Kind::Fetch => "fetch",
            Kind::Converter => "converter",
            Kind::AclKeyword => "acl-keyword",
            Kind::MatchMethod => "match-method",
            Kind::AclFlag => "acl-flag",
            Kind::BindOption => "bind-option",
            Kind::ServerOption => "server-option",
            Kind::Filter => "filter",
        }
    }

    /// How people call it (`sample fetch`, `ACL keyword`).
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Keyword => "keyword",
            Kind::Option => "option",
            Kind::Timeout => "timeout",
            Kind::Action => "action",
            Kind::Fetch => "sample fetch",
            Kind::Converter => "converter",
            Kind::AclKeyword => "ACL keyword",
            Kind::MatchMethod => "ACL match method",
            Kind::AclFlag => "ACL flag",
            Kind::BindOption => "bind option",
            Kind::ServerOption => "server option",
            Kind::Filter => "filter",
        }
    }

    /// The embedded summary file of this kind.
    fn text(self) -> &'static str {
        match self {
            Kind::Keyword => include_str!("summaries/keywords.tsv"),
            Kind::Option => include_str!("summaries/options.tsv"),
            Kind::Timeout => include_str!("summaries/timeouts.tsv"),
            Kind::Action => include_str!("summaries/actions.tsv"),
            Kind::Fetch => include_str!("summaries/fetches.tsv"),
            Kind::Converter => include_str!("summaries/converters.tsv"),
            Kind::AclKeyword => include_str!("summaries/acl-keywords.tsv"),
            Kind::MatchMethod => include_str!("summaries/match-methods.tsv"),
            Kind::AclFlag => include_str!("summaries/acl-flags.tsv"),
            Kind::BindOption => include_str!("summaries/bind-options.tsv"),
            Kind::ServerOption => include_str!("summaries/server-options.tsv"),
            Kind::Filter => include_str!("summaries/filters.tsv"),
        }
    }
}

/// The longest summary allowed, in characters: one line of a hover or a
/// terminal with its kind and name in front.
pub const MAX_SUMMARY_CHARS: usize = 100;

/// `(key, summary)` pairs of one kind, sorted by key.
type Entries = Vec<(&'static str, &'static str)>;

static ENTRIES: [LazyLock<Entries>; 12] = [
    LazyLock::new(|| split(Kind::ALL[0])),
    LazyLock::new(|| split(Kind::ALL[1])),
    LazyLock::new(|| split(Kind::ALL[2])),
    LazyLock::new(|| split(Kind::ALL[3])),
    LazyLock::new(|| split(Kind::ALL[4])),
    LazyLock::new(|| split(Kind::ALL[5])),
    LazyLock::new(|| split(Kind::ALL[6])),
    LazyLock::new(|| split(Kind::ALL[7])),
    LazyLock::new(|| split(Kind::ALL[8])),
    LazyLock::new(|| split(Kind::ALL[9])),
    LazyLock::new(|| split(Kind::ALL[10])),
    LazyLock::new(|| split(Kind::ALL[11])),
];

/// The lines of a summary file as pairs; a line without a tab (none: the
/// tests check) is skipped rather than trusted.
fn split(kind: Kind) -> Entries {
    kind.text().lines().filter_map(|line| line.split_once('\t')).collect()
}

/// Every `(key, summary)` of `kind`, sorted by key; a key is a name or
/// `NAME@CONTEXT` (see the module docs).
pub fn entries(kind: Kind) -> &'static [(&'static str, &'static str)] {
    let position = Kind::ALL.iter().position(|k| *k == kind).unwrap_or_default();
    &ENTRIES[position]
}

fn find(kind: Kind, key: &str) -> Option<&'static str> {
    let list = entries(kind);
    list.binary_search_by(|(k, _)| (*k).cmp(key)).ok().map(|i| list[i].1)
}

/// The summary of the item of `kind` named `name`, in its general sense.
///
/// ```
/// use halint::schema::{summary, Kind};
/// assert!(summary(Kind::Converter, "lower").is_some_and(|s| s.contains("lower case")));
/// assert_eq!(summary(Kind::Fetch, "no-such-fetch"), None);
/// ```
pub fn summary(kind: Kind, name: &str) -> Option<&'static str> {
    find(kind, name)
}

/// The summary of `name` where it is used: `context` is the section
/// keyword for keywords, options and timeouts (`userlist`), the rule set
/// for actions (`tcp-request connection`). Falls back to [`summary`].
///
/// ```
/// use halint::schema::{summary_in, Kind};
/// let in_userlist = summary_in(Kind::Keyword, "user", "userlist");
/// assert_ne!(in_userlist, summary_in(Kind::Keyword, "user", "global"));
/// ```
pub fn summary_in(kind: Kind, name: &str, context: &str) -> Option<&'static str> {
    let mut key = String::with_capacity(name.len() + 1 + context.len());
    key.push_str(name);
    key.push('@');
    key.push_str(context);
    find(kind, &key).or_else(|| find(kind, name))
}
