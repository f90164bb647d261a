//! The check of one sample expression against the schema: fetch,
//! converter and ACL keyword names (and the versions that have them), ACL
//! flags and matching methods, and argument counts ([`super::arguments`]).

use super::arguments::{argument_problem, Signature};
use super::InvalidSampleExpression;
use crate::ast::Word;
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::rules::Holds;
use crate::schema::Version;
use crate::schema::{self, Versioned};
use crate::span::Span;
use crate::views::sample_expr::{calls, log_format_expressions};
use crate::views::sample_sites::SampleSite;
use crate::views::sub_span;

/// A diagnostic, and where it holds (what becomes of it inside `.if`).
pub(super) struct Finding {
    pub(super) diagnostic: Diagnostic,
    /// `OnlyHere` when only the target version lacks the name.
    pub(super) holds: Holds,
}

/// Checks expressions against the schema, for the target version if any.
pub(super) struct Checker<'s> {
    pub(super) src: &'s str,
    pub(super) target: Option<Version>,
    pub(super) loads_lua: bool,
}

impl Checker<'_> {
    pub(super) fn check(&self, word: &Word, site: SampleSite) -> Vec<Finding> {
        if word.has_env() {
            return Vec::new();
        }
        let value = word.value(self.src);
        match site {
            SampleSite::Acl => self.check_expr(word, &value, 0, true, false).into_iter().collect(),
            SampleSite::Sample => self.check_expr(word, &value, 0, false, false).into_iter().collect(),
            SampleSite::LogFormat => log_format_expressions(&value)
                .into_iter()
                .flat_map(|at| self.check_expr(word, &value[at..], at, false, true))
                .collect(),
        }
    }

    /// Checks the expression `expr`, found at byte `base` of `word`'s value,
    /// up to its first finding; `in_log_format`: it is the rest of a
    /// log-format string after `%[`.
    fn check_expr(
        &self,
        word: &Word,
        expr: &str,
        base: usize,
        in_acl: bool,
        in_log_format: bool,
    ) -> Option<Finding> {
        // Offsets into the value are offsets into the source for plain words.
        let span_of = |start: usize, len: usize| sub_span(word, base + start, base + start + len);
        // HAProxy's wording: errors after an ACL keyword name it, errors
        // of an expression in an ACL name the expression.
        let mut acl_keyword: Option<&str> = None;
        let in_acl_text = |m: String, kw: Option<&str>| match kw {
            Some(kw) if !m.starts_with("ACL keyword") => format!("ACL keyword '{kw}' : {m}"),
            Some(_) => m,
            None if in_acl => format!("{m} in ACL expression '{expr}'"),
            None if in_log_format => format!("failed to parse sample expression <{expr}> : {m}"),
            None => m,
        };
        for (i, call) in calls(expr).into_iter().enumerate() {
            let span = span_of(call.start, call.name.len());
            if call.name.starts_with("lua.") {
                if self.loads_lua {
                    return None;
                }
                let what = if i == 0 { "fetch method" } else { "converter" };
                let d = self
                    .error(span, in_acl_text(format!("unknown {what} '{}'", call.name), acl_keyword))
                    .with_help("Lua fetches and converters exist only once a script registers them: no `lua-load` in `global`");
                return Some(Finding { diagnostic: d, holds: Holds::Everywhere });
            }
            let signature = if i == 0 {
                let acl = in_acl.then(|| schema::acl_keyword(call.name)).flatten();
                if let Some(k) = acl {
                    acl_keyword = Some(k.name);
                    if let Some(f) = self.too_new(k, "ACL keyword", call.name, span) {
                        return Some(f);
                    }
                    schema::fetch(k.fetch)
                        .map(|f| self.signature("ACL keyword", k.name, f.signatures, |v| f.signature_in(v)))
                } else if let Some(f) = schema::fetch(call.name) {
                    if let Some(f) = self.too_new(f, "fetch method", call.name, span) {
                        return Some(f);
                    }
                    Some(self.signature("fetch method", f.name, f.signatures, |v| f.signature_in(v)))
                } else {
                    let names = schema::all_fetches().iter().filter(|f| self.exists(*f)).map(|f| f.name);
                    let acl_names = schema::all_acl_keywords()
                        .iter()
                        .filter(|k| in_acl && self.exists(*k))
                        .map(|k| k.name);
                    let suggestion = crate::did_you_mean::closest(names.chain(acl_names), call.name);
                    let message = in_acl_text(format!("unknown fetch method '{}'", call.name), None);
                    return Some(self.unknown(span, message, call.name, suggestion, word.is_plain()));
                }
            } else if let Some(c) = schema::converter(call.name) {
                if let Some(f) = self.too_new(c, "converter", call.name, span) {
                    return Some(f);
                }
                Some(self.signature("converter", c.name, c.signatures, |v| c.signature_in(v)))
            } else {
                let suggestion =
                    schema::suggest(schema::all_converters(), |c| c.name, call.name, self.target);
                let message = in_acl_text(format!("unknown converter '{}'", call.name), acl_keyword);
                return Some(self.unknown(span, message, call.name, suggestion, word.is_plain()));
            };
            if let Some(sig) = signature {
                let args_span = match &call.args {
                    Some(a) => span_of(call.start, call.name.len() + a.inner.len() + 2),
                    None => span,
                };
                if let Some(message) =
                    argument_problem(&sig, call.args.as_ref(), &expr[call.start + call.name.len()..])
                {
                    return Some(Finding {
                        diagnostic: self.error(args_span, in_acl_text(message, acl_keyword)),
                        holds: Holds::Everywhere,
                    });
                }
            }
        }
        None
    }

    /// What a call of `what` `name` is checked against: the target's
    /// signature, or every version's.
    fn signature(
        &self,
        what: &'static str,
        name: &'static str,
        all: &'static [schema::Signature],
        in_version: impl Fn(Version) -> Option<&'static schema::Signature>,
    ) -> Signature {
        let versions = match self.target {
            Some(t) => in_version(t).into_iter().collect(),
            None => all.iter().collect(),
        };
        Signature { what, name, versions }
    }

    /// The flags after an ACL criterion (`-i`, `-m beg`, `--`), up to the
    /// first pattern or the `}` of an anonymous ACL.
    pub(super) fn check_acl_flags(&self, words: &[Word]) -> Option<Finding> {
        let mut i = 0;
        while let Some(w) = words.get(i) {
            let flag = w.value(self.src);
            if w.has_env() || flag == "}" || !flag.starts_with('-') || flag == "--" {
                return None;
            }
            let Some(known) = schema::acl_flag(&flag) else {
                let message = format!(
                    "'{flag}' is not a valid ACL option. Please use '--' before any pattern beginning with a '-'"
                );
                return Some(Finding { diagnostic: self.error(w.span, message), holds: Holds::Everywhere });
            };
            if known.name == "-m" {
                let (span, method) = match words.get(i + 1) {
                    Some(m) if m.has_env() => return None,
                    Some(m) => (m.span, m.value(self.src)),
                    None => (w.span, "".into()),
                };
                if schema::match_method(&method).is_none() {
                    let message = format!("unknown matching method '{method}' when parsing ACL expression");
                    let suggestion =
                        schema::suggest(schema::all_match_methods(), |m| m.name, &method, self.target);
                    let plain = words.get(i + 1).is_some_and(|m| m.is_plain());
                    return Some(self.unknown(span, message, &method, suggestion, plain));
                }
            }
            i += if known.takes_argument { 2 } else { 1 };
        }
        None
    }

    fn exists(&self, item: &impl Versioned) -> bool {
        self.target.is_none_or(|t| item.exists_in(t))
    }

    fn too_new(&self, item: &impl Versioned, what: &str, name: &str, span: Span) -> Option<Finding> {
        let target = self.target.filter(|t| !item.exists_in(*t))?;
        let d = Diagnostic::new(
            &InvalidSampleExpression::META,
            span,
            format!("{what} '{name}' is not in HAProxy {target}: HAProxy {} has it", item.versions()),
        )
        .with_label(format!("HAProxy {target} refuses this"))
        .with_help("use another one or raise the target (--haproxy-version)");
        Some(Finding { diagnostic: d, holds: Holds::OnlyHere })
    }

    fn error(&self, span: Span, message: String) -> Diagnostic {
        Diagnostic::new(&InvalidSampleExpression::META, span, message).with_label("HAProxy refuses this")
    }

    fn unknown(
        &self,
        span: Span,
        message: String,
        name: &str,
        suggestion: Option<&str>,
        plain: bool,
    ) -> Finding {
        let mut d = self.error(span, message);
        if let Some(s) = suggestion {
            d = d.with_help(format!("did you mean '{s}'?"));
            if plain {
                d = d.with_fix(Fix::unsafe_(
                    format!("replace '{name}' with '{s}'"),
                    vec![Edit::replace(span, s)],
                ));
            }
        }
        Finding { diagnostic: d, holds: Holds::Everywhere }
    }
}
