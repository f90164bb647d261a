//! Everything the schema knows about one word, across kinds: what hover and
//! `halint explain` show.

use super::arguments::{self, Call, Choices, Value, MANY};
use super::keywords::{self, Keyword};
use super::summary::{summary, summary_in, Kind};
use super::{
    acl_flag, acl_keyword, action, converter, fetch, match_method, Signature, Version, Versioned, NEWEST,
    RULE_SETS,
};
use crate::ast::SectionKind;

/// One item named like the word asked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// Its name in the tables (`set-var` for `set-var(txn.x)`).
    pub name: &'static str,
    /// Where it applies and since when; empty for kinds whose tables the
    /// schema does not have yet (bind and server options, filters).
    pub places: Vec<Place>,
    /// Its arguments and types, where known: `req.hdr([string[,integer]]) :
    /// string` for a fetch, `mode {http|tcp|log|spop}` for a keyword.
    pub signature: Option<String>,
    /// The one-line summary (`None` only for a gap the tests report).
    pub summary: Option<&'static str>,
}

/// Where an item applies, with the versions that have it there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Section keywords (`global`, `backend`) for keywords, options and
    /// timeouts; rule sets (`http-request`) for actions; empty where the
    /// item goes in any sample expression or ACL.
    pub contexts: Vec<&'static str>,
    /// The versions that have it.
    pub versions: Versions,
}

/// The HAProxy versions that have an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versions {
    /// From this version on, still in the newest.
    Since(Version),
    /// From `since` up to `last` included (taken from the extracted tables).
    Until {
        /// First version with it.
        since: Version,
        /// Last version with it.
        last: Version,
    },
    /// From `since`; `removed` refuses it.
    Removed {
        /// First version with it.
        since: Version,
        /// First version without it.
        removed: Version,
    },
}

impl std::fmt::Display for Versions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Versions::Since(since) => write!(f, "{since} and later"),
            Versions::Until { since, last } if since == last => write!(f, "{since} only"),
            Versions::Until { since, last } => write!(f, "{since} to {last}"),
            Versions::Removed { since, removed } => write!(f, "{since}, removed in {removed}"),
        }
    }
}

impl Versions {
    fn of_keyword(k: &Keyword) -> Self {
        match k.removed {
            Some(removed) => Versions::Removed { since: k.since, removed },
            None => Versions::Since(k.since),
        }
    }

    fn of(item: &impl Versioned) -> Self {
        if item.last() >= NEWEST {
            Versions::Since(item.since())
        } else {
            Versions::Until { since: item.since(), last: item.last() }
        }
    }
}

/// Every item named `word`, by kind in [`Kind::ALL`] order: a section
/// keyword, an `option` or `timeout` name, an action (exactly, or by the
/// prefix HAProxy matches: `set-var(txn.x)`, `track-sc1`), a fetch, a
/// converter, an ACL keyword, match method or flag, a bind or server
/// option, a filter. One word can be several (`hdr` is a fetch and an ACL
/// keyword); one name with different meanings in different sections (`user`
/// in `global` and in `userlist`) gives one item per meaning. Cheap: a few
/// binary searches and small allocations, nothing read from disk.
///
/// The words that come before a name narrow it down, as on a config line:
/// `option httplog`, `no option httplog`, `timeout client`, `http-request
/// deny` (any rule set: the action there only), `filter compression`.
///
/// ```
/// use halint::schema::{describe, Kind};
/// let items = describe("hdr");
/// let kinds: Vec<Kind> = items.iter().map(|i| i.kind).collect();
/// assert_eq!(kinds, [Kind::Fetch, Kind::AclKeyword]);
/// assert_eq!(items[0].signature.as_deref(), Some("hdr([string[,integer]]) : string"));
/// assert!(items[0].summary.is_some());
/// assert_eq!(items[0].places[0].versions.to_string(), "1.8 and later");
/// assert!(describe("frobnicate").is_empty());
/// assert_eq!(describe("timeout client")[0].kind, Kind::Timeout);
/// ```
pub fn describe(word: &str) -> Vec<Item> {
    match word.trim().rsplit_once(char::is_whitespace) {
        Some((lead, name)) => {
            describe_after(lead.split_whitespace().collect::<Vec<_>>().join(" "), name.trim())
        }
        None => describe_word(word.trim()),
    }
}

/// The items named `name` that can follow `lead` on a line.
fn describe_after(lead: String, name: &str) -> Vec<Item> {
    let kind = match lead.as_str() {
        "option" | "no option" => Kind::Option,
        "timeout" => Kind::Timeout,
        "filter" => Kind::Filter,
        rules if RULE_SETS.contains(&rules) => Kind::Action,
        _ => return Vec::new(),
    };
    let mut items: Vec<Item> = describe_word(name).into_iter().filter(|i| i.kind == kind).collect();
    if kind == Kind::Action {
        for item in &mut items {
            item.places.retain_mut(|p| {
                p.contexts.retain(|c| *c == lead);
                !p.contexts.is_empty()
            });
        }
        items.retain(|i| !i.places.is_empty());
    }
    items
}

fn describe_word(word: &str) -> Vec<Item> {
    let mut items = Vec::new();
    section_words(&mut items, Kind::Keyword, keywords::keywords(), word);
    section_words(&mut items, Kind::Option, keywords::options(), word);
    section_words(&mut items, Kind::Timeout, keywords::timeouts(), word);
    actions(&mut items, word);
    if let Some(f) = fetch(word) {
        let signature = f.signatures.last().map(|s| format!("{} : {}", call(f.name, s), f.output.describe()));
        items.push(single(Kind::Fetch, f.name, Versions::of(f), signature));
    }
    if let Some(c) = converter(word) {
        let types = format!("{} -> {}", c.input.describe(), c.output.describe());
        let signature = c.signatures.last().map(|s| format!("{} : {types}", call(c.name, s)));
        items.push(single(Kind::Converter, c.name, Versions::of(c), signature));
    }
    if let Some(k) = acl_keyword(word) {
        // The arguments of the fetch it reads; its result is a match, not a sample.
        let read = fetch(k.fetch).and_then(|f| f.signatures.last()).filter(|s| s.max_args > 0);
        let signature = read.map(|s| call(k.name, s));
        items.push(single(Kind::AclKeyword, k.name, Versions::of(k), signature));
    }
    if let Some(m) = match_method(word) {
        items.push(single(Kind::MatchMethod, m.name, Versions::of(m), None));
    }
    if let Some(flag) = acl_flag(word) {
        items.push(single(Kind::AclFlag, flag.name, Versions::of(flag), None));
    }
    if let Some(o) = super::bind_option(word).filter(|o| o.name == word) {
        items.push(on_lines(Kind::BindOption, o.name, vec!["bind"], Versions::of(o)));
    }
    if let Some(o) = super::server_option(word).filter(|o| o.name == word) {
        let lines = if o.default_server { vec!["server", "default-server"] } else { vec!["server"] };
        items.push(on_lines(Kind::ServerOption, o.name, lines, Versions::of(o)));
    }
    if let Some(f) = super::filter(word) {
        items.push(on_lines(Kind::Filter, f.name, vec!["filter"], Versions::of(f)));
    }
    items
}

/// Every name [`describe`] knows, once or more (for "did you mean" and
/// completion): keywords, `option` and `timeout` names, actions, fetches,
/// converters, ACL keywords, match methods and flags, bind and server
/// options, filters.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    let tables = [keywords::keywords(), keywords::options(), keywords::timeouts()];
    tables
        .into_iter()
        .flat_map(|t| t.iter().map(|k| k.name))
        .chain(super::all_actions().iter().map(|a| a.name))
        .chain(super::all_fetches().iter().map(|f| f.name))
        .chain(super::all_converters().iter().map(|c| c.name))
        .chain(super::all_acl_keywords().iter().map(|k| k.name))
        .chain(super::all_match_methods().iter().map(|m| m.name))
        .chain(super::all_acl_flags().iter().map(|f| f.name))
        .chain(super::all_bind_options().iter().map(|o| o.name))
        .chain(super::all_server_options().iter().map(|o| o.name))
        .chain(super::all_filters().iter().map(|f| f.name))
}

/// An option or filter kind, with the lines (`bind`, `server`) it goes on.
fn on_lines(kind: Kind, name: &'static str, lines: Vec<&'static str>, versions: Versions) -> Item {
    let places = vec![Place { contexts: lines, versions }];
    Item { kind, name, places, signature: None, summary: summary(kind, name) }
}

fn single(kind: Kind, name: &'static str, versions: Versions, signature: Option<String>) -> Item {
    let places = vec![Place { contexts: Vec::new(), versions }];
    Item { kind, name, places, signature, summary: summary(kind, name) }
}

/// The entries of a keyword table named `word`, one item per summary.
fn section_words(items: &mut Vec<Item>, kind: Kind, table: &'static [Keyword], word: &str) {
    let start = table.partition_point(|k| k.name < word);
    for entry in table[start..].iter().take_while(|k| k.name == word) {
        let versions = Versions::of_keyword(entry);
        for section in entry.sections.iter() {
            let context = section.keyword();
            let summary = summary_in(kind, entry.name, context);
            let item = add_place(items, kind, entry.name, summary, context, versions);
            if item.signature.is_none() {
                item.signature = usage(kind, entry.name, section);
            }
        }
    }
}

/// The actions named by `word` in every rule set, one item per summary.
fn actions(items: &mut Vec<Item>, word: &str) {
    for rules in RULE_SETS {
        if let Some(a) = action(rules, word) {
            add_place(
                items,
                Kind::Action,
                a.name,
                summary_in(Kind::Action, a.name, rules),
                rules,
                Versions::of(a),
            );
        }
    }
}

/// Adds `context` with `versions` to the item of `kind`, `name` and
/// `summary`, creating the item or its place as needed.
fn add_place<'i>(
    items: &'i mut Vec<Item>,
    kind: Kind,
    name: &'static str,
    summary: Option<&'static str>,
    context: &'static str,
    versions: Versions,
) -> &'i mut Item {
    let found = items.iter().position(|i| i.kind == kind && i.name == name && i.summary == summary);
    let item = match found {
        Some(i) => &mut items[i],
        None => {
            items.push(Item { kind, name, places: Vec::new(), signature: None, summary });
            items.last_mut().expect("just pushed")
        }
    };
    match item.places.iter_mut().find(|p| p.versions == versions) {
        Some(place) => place.contexts.push(context),
        None => item.places.push(Place { contexts: vec![context], versions }),
    }
    item
}

/// `name(kinds, optional ones in brackets)` as HAProxy's manual writes
/// calls: `req.hdr([string[,integer]])`; just `name` without arguments.
fn call(name: &str, s: &Signature) -> String {
    let mut text = name.to_owned();
    if s.max_args > 0 {
        text.push('(');
        let mut open = 0;
        for i in 0..usize::from(s.max_args) {
            if i >= usize::from(s.min_args) {
                text.push('[');
                open += 1;
            }
            if i > 0 {
                text.push(',');
            }
            text.push_str(s.args.get(i).map_or("any", |k| k.describe()));
        }
        text.push_str(&"]".repeat(open));
        text.push(')');
    }
    text
}

/// How a line of a section keyword, `option` or `timeout` name is written
/// in `section`, from its signature in [`arguments`]: `balance [{roundrobin|
/// static-rr|...} ...]`, `timeout client <time>`, `option httplog [clf]`.
/// `None` where the schema has no signature for it.
pub fn usage(kind: Kind, name: &str, section: SectionKind) -> Option<String> {
    let (keyword, second) = match kind {
        Kind::Keyword => (name, None),
        Kind::Option => ("option", Some(name)),
        Kind::Timeout => ("timeout", Some(name)),
        _ => return None,
    };
    let sig = arguments::signature(section, keyword, second, None)?;
    // The keyword's own signature says nothing of one `option` or `timeout` name.
    if second.is_some() && sig.sub.is_none() {
        return None;
    }
    let mut text = [Some(keyword), second].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let positional =
        if sig.max == MANY { sig.args.len().max(usize::from(sig.min)) } else { usize::from(sig.max) };
    let mut open = 0;
    for i in 0..positional {
        let value = sig.args.get(i).or(sig.args.last().filter(|_| sig.repeat));
        let optional = i >= usize::from(sig.min);
        text.push(' ');
        if optional {
            text.push('[');
            open += 1;
        }
        text.push_str(&placeholder(value.copied().unwrap_or(Value::Word), !optional));
    }
    // Without positional arguments, `MANY` stands for the options.
    let only_options = positional == 0 && !sig.options.is_empty();
    if sig.max == MANY && !only_options {
        text.push_str(if positional == 0 { " [...]" } else { " ..." });
    }
    text.push_str(&"]".repeat(open));
    for option in sig.options.iter().filter(|o| o.last >= NEWEST) {
        text.push_str(&format!(" [{} {}]", option.name, placeholder(option.value, true)));
    }
    Some(text)
}

/// How one argument is written in a usage line: `<time>`, `<integer>`, the
/// words of a list (in braces when one must be chosen).
fn placeholder(value: Value, required: bool) -> String {
    match value {
        Value::Word => "<value>".into(),
        Value::Time | Value::Seconds => "<time>".into(),
        Value::TimeOrExpression => "<time|expression>".into(),
        Value::Int { .. } => "<integer>".into(),
        Value::Count { .. } => "<number>".into(),
        Value::Address => "<address>".into(),
        Value::Section(kind, _) => format!("<{} name>", kind.keyword()),
        Value::Status { .. } => "<status>".into(),
        Value::OneOf(choices) => words(choices, required),
    }
}

/// The words of a list the newest version has, `|`-separated (the first
/// sixteen and `...` for a longer list), as calls where they take an argument.
fn words(choices: &Choices, required: bool) -> String {
    const SHOWN: usize = 16;
    let current: Vec<String> = choices
        .list
        .iter()
        .filter(|c| c.last >= NEWEST)
        .map(|c| match c.call {
            Call::No => c.name.to_owned(),
            Call::Optional => format!("{}[(<arg>)]", c.name),
            Call::Required => format!("{}(<arg>)", c.name),
        })
        .collect();
    let mut list = current.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join("|");
    if current.len() > SHOWN {
        list.push_str("|...");
    }
    if required && current.len() > 1 {
        format!("{{{list}}}")
    } else {
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyword_in_many_sections_lists_them_by_version() {
        let items = describe("log");
        assert_eq!(items.len(), 1, "{items:#?}");
        let places: Vec<String> =
            items[0].places.iter().map(|p| format!("{}: {}", p.contexts.join(","), p.versions)).collect();
        assert_eq!(
            places,
            [
                "global,defaults,frontend,backend,listen: 1.8 and later",
                "peers: 2.2 and later",
                "log-forward: 2.3 and later"
            ]
        );
    }

    #[test]
    fn one_name_with_two_meanings_gives_two_items() {
        let items: Vec<Item> = describe("user").into_iter().filter(|i| i.kind == Kind::Keyword).collect();
        assert!(items.len() >= 2, "{items:#?}");
        assert!(items.iter().any(|i| i.places[0].contexts == ["userlist"]));
    }

    #[test]
    fn actions_by_prefix_and_removed_items() {
        let items = describe("set-var(txn.x)");
        assert_eq!(items[0].kind, Kind::Action);
        assert_eq!(items[0].name, "set-var");
        let block = describe("block");
        let action = block.iter().find(|i| i.kind == Kind::Action).expect("block action");
        assert_eq!(action.places[0].versions.to_string(), "1.8 to 2.1");
        let keyword = block.iter().find(|i| i.kind == Kind::Keyword).expect("block keyword");
        assert_eq!(keyword.places[0].versions.to_string(), "1.8, removed in 2.1");
    }

    #[test]
    fn leading_words_narrow_the_kind() {
        let kinds = |w: &str| describe(w).iter().map(|i| i.kind).collect::<Vec<_>>();
        assert_eq!(kinds("client"), [Kind::Timeout]);
        assert_eq!(kinds("no option  httplog"), [Kind::Option]);
        assert_eq!(kinds("filter compression"), [Kind::Filter]);
        assert_eq!(kinds("option client"), []);
        assert_eq!(kinds("frobnicate deny"), []);
        let deny = describe("tcp-request   content deny");
        assert_eq!(deny.len(), 0, "tcp-request content has reject, not deny");
        let reject = describe("tcp-request content reject");
        assert_eq!(reject[0].places.len(), 1);
        assert_eq!(reject[0].places[0].contexts, ["tcp-request content"]);
    }

    #[test]
    fn signatures_read_like_the_manual() {
        let sig = |w: &str, k: Kind| describe(w).into_iter().find(|i| i.kind == k).and_then(|i| i.signature);
        assert_eq!(sig("src", Kind::Fetch).as_deref(), Some("src : address"));
        assert_eq!(
            sig("regsub", Kind::Converter).as_deref(),
            Some("regsub(regex,string[,string]) : string -> string")
        );
        assert_eq!(sig("hdr_beg", Kind::AclKeyword).as_deref(), Some("hdr_beg([string[,integer]])"));
        assert_eq!(sig("path_beg", Kind::AclKeyword), None);
    }

    #[test]
    fn section_keywords_show_their_usage() {
        let sig = |w: &str| describe(w).into_iter().next().and_then(|i| i.signature);
        assert_eq!(sig("mode").as_deref(), Some("mode {http|tcp|log|spop}"));
        assert_eq!(sig("timeout client").as_deref(), Some("timeout client <time>"));
        assert_eq!(sig("option httplog").as_deref(), Some("option httplog [clf]"));
        assert_eq!(sig("option abortonclose").as_deref(), Some("option abortonclose"));
        assert_eq!(sig("errorfiles").as_deref(), Some("errorfiles <http-errors name> [<value> ...]"));
        assert_eq!(sig("redirect").as_deref(), Some("redirect [code {301|302|303|307|308}]"));
        assert!(
            sig("balance").is_some_and(|s| s.starts_with("balance [roundrobin|static-rr|")),
            "{:?}",
            sig("balance")
        );
        assert_eq!(sig("bind"), None, "no signature in the schema");
    }
}
