//! Stick rules (`stick on|match|store-request|store-response <expr> [table <t>]
//! [if|unless <cond>]`) and `track-sc` actions of `http-request`,
//! `http-response` and `tcp-request connection|session|content`.

use super::{condition, is_keyword, joined, val, Text};
use crate::ast::{Directive, Word};
use crate::span::Span;
use serde::Serialize;

/// Which stick rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StickKind {
    /// `stick on`: match, then store the request's key.
    On,
    /// `stick match`.
    Match,
    /// `stick store-request` (or its synonym `stick store`).
    StoreRequest,
    /// `stick store-response`.
    StoreResponse,
    /// Something else (HAProxy: `'stick' expects 'on', 'match', or 'store'.`);
    /// empty when the word is missing.
    Unknown(String),
}

impl StickKind {
    /// Whether the rule writes entries into its table.
    pub fn writes(&self) -> bool {
        matches!(self, StickKind::On | StickKind::StoreRequest | StickKind::StoreResponse)
    }
}

/// The words of a rule after its action: expression, `table`, condition.
struct Tail {
    pattern: Vec<Span>,
    pattern_text: Text,
    table: Option<(Text, Span)>,
    condition: Option<Span>,
    unless: bool,
    extra: Vec<Span>,
}

/// Reads `<expr...> [table <t>] [if|unless <cond...>]` from `words[from..]`.
fn tail(words: &[Word], src: &str, from: usize) -> Tail {
    let cond = condition(words, src, from);
    let end = cond.as_ref().map_or(words.len(), |c| c.0);
    let body = &words[from.min(end)..end];
    let table_at = body.iter().position(|w| w.value(src) == "table").unwrap_or(body.len());
    let pattern: Vec<Span> = body[..table_at].iter().map(|w| w.span).collect();
    let pattern_text = joined(&body[..table_at], src);
    let table = body.get(table_at + 1).map(|w| (val(w, src), w.span));
    let extra = body.iter().skip(table_at + 2).map(|w| w.span).collect();
    Tail {
        pattern,
        pattern_text,
        table,
        condition: cond.map(|c| c.1),
        unless: cond.is_some_and(|c| c.2),
        extra,
    }
}

/// A `stick` line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StickRule {
    /// Which rule.
    pub kind: StickKind,
    /// The span of the word after `stick` (of `stick` when there is none).
    pub kind_span: Span,
    /// The spans of the expression's words (usually one: `src`, `req.cook(id),lower`).
    pub pattern: Vec<Span>,
    /// The expression: the words' values joined by a space.
    pub pattern_text: Text,
    /// `table <t>`: the name and the span of its word.
    pub table: Option<(Text, Span)>,
    /// From `if`/`unless` to the end of the line.
    pub condition: Option<Span>,
    /// The condition is `unless`.
    pub unless: bool,
    /// Words after `table <t>` that are not a condition (HAProxy refuses them).
    pub extra: Vec<Span>,
}

impl StickRule {
    /// Reads a `stick ...` line.
    pub fn from_directive(d: &Directive, src: &str) -> Option<StickRule> {
        if !is_keyword(d, src, "stick") {
            return None;
        }
        let (kind, kind_span) = match d.words.get(1) {
            Some(w) => {
                let kind = match w.value(src).as_ref() {
                    "on" => StickKind::On,
                    "match" => StickKind::Match,
                    "store" | "store-request" => StickKind::StoreRequest,
                    "store-response" => StickKind::StoreResponse,
                    other => StickKind::Unknown(other.to_owned()),
                };
                (kind, w.span)
            }
            None => (StickKind::Unknown(String::new()), d.keyword().span),
        };
        let t = tail(&d.words, src, 2);
        Some(StickRule {
            kind,
            kind_span,
            pattern: t.pattern,
            pattern_text: t.pattern_text,
            table: t.table,
            condition: t.condition,
            unless: t.unless,
            extra: t.extra,
        })
    }
}

/// A `track-sc<N>` action (`http-request track-sc0 src table t if ...`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrackSc {
    /// The rule keyword and its qualifier (`http-request`, `tcp-request content`...).
    pub ruleset: Text,
    /// The action word (`track-sc0`, or `track-sc` followed by the number).
    pub action_span: Span,
    /// The counter number; `None` when it is not a number.
    pub counter: Option<u32>,
    /// The spans of the key expression's words.
    pub key: Vec<Span>,
    /// The key expression: the words' values joined by a space.
    pub key_text: Text,
    /// `table <t>`: the name and the span of its word.
    pub table: Option<(Text, Span)>,
    /// From `if`/`unless` to the end of the line.
    pub condition: Option<Span>,
    /// The condition is `unless`.
    pub unless: bool,
}

impl TrackSc {
    /// Reads an `http-request`/`http-response`/`tcp-request <where>` line
    /// whose action is `track-sc*`.
    pub fn from_directive(d: &Directive, src: &str) -> Option<TrackSc> {
        let keyword = d.keyword().value(src);
        let action_at = match keyword.as_ref() {
            "http-request" | "http-response" => 1,
            "tcp-request"
                if d.words.get(1).is_some_and(|w| {
                    matches!(w.value(src).as_ref(), "connection" | "session" | "content")
                }) =>
            {
                2
            }
            _ => return None,
        };
        let action = d.words.get(action_at)?;
        let action_value = action.value(src);
        let number = action_value.strip_prefix("track-sc")?;
        let (counter, key_from) = if number.is_empty() {
            let n = d.words.get(action_at + 1).map(|w| w.value(src).parse::<u32>().ok());
            (n.flatten(), action_at + 2)
        } else {
            (number.parse::<u32>().ok(), action_at + 1)
        };
        if number.is_empty() && counter.is_none() {
            return None;
        }
        let ruleset = joined(&d.words[..action_at], src);
        let t = tail(&d.words, src, key_from);
        Some(TrackSc {
            ruleset,
            action_span: action.span,
            counter,
            key: t.pattern,
            key_text: t.pattern_text,
            table: t.table,
            condition: t.condition,
            unless: t.unless,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::testing::{all, first, text};

    #[test]
    fn stick_rules() {
        let cfg = "backend app\n    stick on src\n    stick match req.cook(id),lower table mesh/t1 if { path_beg /a }\n    stick store-response res.cook(id) unless !ok\n    stick store src\n    stick foo src\n    stick\n";
        let rules = all(cfg, StickRule::from_directive);
        assert_eq!(rules.len(), 6);
        assert_eq!(rules[0].kind, StickKind::On);
        assert_eq!(rules[0].pattern_text, "src");
        assert_eq!((rules[0].table.clone(), rules[0].condition), (None, None));
        let m = &rules[1];
        assert_eq!(m.kind, StickKind::Match);
        assert_eq!(m.pattern_text, "req.cook(id),lower");
        assert_eq!(m.table.as_ref().map(|t| (t.0.as_str(), text(cfg, t.1))), Some(("mesh/t1", "mesh/t1")));
        assert_eq!(text(cfg, m.condition.unwrap()), "if { path_beg /a }");
        assert!(!m.unless && m.extra.is_empty());
        assert_eq!(rules[2].kind, StickKind::StoreResponse);
        assert!(rules[2].unless);
        assert_eq!(text(cfg, rules[2].condition.unwrap()), "unless !ok");
        assert_eq!(rules[3].kind, StickKind::StoreRequest);
        assert!(rules[3].kind.writes() && !StickKind::Match.writes());
        assert_eq!(rules[4].kind, StickKind::Unknown("foo".into()));
        assert_eq!(rules[5].kind, StickKind::Unknown(String::new()));
        assert!(rules[5].pattern.is_empty());
    }

    #[test]
    fn words_after_table_are_extra() {
        let cfg = "backend app\n    stick on src table t junk if TRUE\n";
        let r = first(cfg, StickRule::from_directive);
        assert_eq!(r.extra.iter().map(|s| text(cfg, *s)).collect::<Vec<_>>(), ["junk"]);
        assert_eq!(text(cfg, r.condition.unwrap()), "if TRUE");
    }

    #[test]
    fn track_sc_actions() {
        let cfg = "frontend fe\n    http-request track-sc0 src\n    tcp-request connection track-sc1 src table mesh/t1 if { src 10.0.0.0/8 }\n    tcp-request content track-sc2 req.hdr(x) unless ok\n    http-response track-sc 5 src\n    tcp-request session track-sc9 src\n    http-request deny\n    tcp-request inspect-delay 5s\n    tcp-request foo track-sc0 src\n";
        let t = all(cfg, TrackSc::from_directive);
        assert_eq!(t.len(), 5);
        assert_eq!(
            (t[0].ruleset.as_str(), t[0].counter, t[0].key_text.as_str()),
            ("http-request", Some(0), "src")
        );
        assert_eq!(text(cfg, t[0].action_span), "track-sc0");
        assert_eq!(t[1].ruleset, "tcp-request connection");
        assert_eq!(t[1].table.as_ref().map(|x| x.0.as_str()), Some("mesh/t1"));
        assert_eq!(text(cfg, t[1].condition.unwrap()), "if { src 10.0.0.0/8 }");
        assert_eq!((t[2].counter, t[2].key_text.as_str(), t[2].unless), (Some(2), "req.hdr(x)", true));
        assert_eq!((t[3].counter, t[3].key_text.as_str()), (Some(5), "src"));
        assert_eq!((t[4].ruleset.as_str(), t[4].counter), ("tcp-request session", Some(9)));
    }
}
