use super::unknown_action::rule_set;
use super::{LintContext, Rule, RuleMeta};
use crate::ast::{Directive, SectionKind, Word};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::schema::{self, Versioned};
use crate::settings::Version;
use crate::span::Span;
use crate::views::sample_expr::{calls, Args};

declare_rule! {
    /// ## What it does
    /// Reads the sample expressions HAProxy parses at start-up and reports
    /// an unknown fetch or converter (with a "did you mean"), and arguments
    /// HAProxy refuses by their count: more than the fetch or converter
    /// takes, or a required one missing where HAProxy has no default for it
    /// (numbers, masks and addresses; any but the first). Expressions read:
    /// the criterion of an `acl` line and of an anonymous ACL
    /// (`if { req.hdr(host) -m str x }`, `unless !{ ... }`), which may also
    /// be an ACL keyword like `path_beg`; the expression of the actions
    /// `set-var(...)`, `track-scN`, `set-src`, `set-dst`, `set-src-port`,
    /// `set-dst-port` and `capture`; and the `%[...]` of the log-format
    /// strings HAProxy parses at start-up: `log-format`, `log-format-sd` and
    /// `error-log-format` of a frontend or listen section (a backend's are
    /// ignored, a defaults section's are parsed only where a frontend
    /// inherits them: not read), `unique-id-format` outside defaults, and the
    /// actions `set-header`, `add-header`, `early-hint`, `set-var-fmt(...)`,
    /// `set-path`, `set-pathq`, `set-uri`, `set-query`, `replace-header`,
    /// `replace-value`, `replace-path`, `replace-pathq`, `replace-uri` and
    /// `redirect location|prefix`.
    ///
    /// After an ACL criterion, the flags are read as HAProxy reads them: an
    /// unknown flag (`-x`) or matching method (`-m begx`) is reported.
    ///
    /// Fetches, converters and ACL keywords come from the schema
    /// (`src/schema/`), extracted from HAProxy's sources 1.8 to 3.3. Without
    /// a target version a name of any of those versions is known; with
    /// `--haproxy-version` one the target lacks is reported with the
    /// versions that have it. Items of optional build components (SSL,
    /// 51Degrees, DeviceAtlas, WURFL, …) count as known; `lua.*` ones only
    /// exist when the file loads Lua (`lua-load`). Argument lists with
    /// quotes or escapes are not counted. Inside `.if` blocks only names no
    /// version knows are reported, as warnings.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses the config: `unknown fetch method 'hdrx' in ACL
    /// expression 'hdrx(host)'`, `unknown converter 'lowr'`, `fetch method
    /// 'str' : expected ')' before ',b)'`.
    ///
    /// ## Example
    /// ```haproxy
    /// frontend www
    ///     bind :80
    ///     acl api req.hdr(host),lowr -m str api.example.com
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// frontend www
    ///     bind :80
    ///     acl api req.hdr(host),lower -m str api.example.com
    /// ```
    ///
    /// ## Fix safety
    /// Replacing an unknown name with the suggestion is unsafe: it is a
    /// guess, and the expression then yields something. Argument counts
    /// and names the target version lacks have no fix.
    ///
    /// ## References
    /// HAProxy configuration manual, 7 "Using ACLs and fetching samples",
    /// 7.3.1 "Converters", 7.3.2 and later "Fetching samples".
    pub struct InvalidSampleExpression {
        code: "HA106",
        name: "invalid-sample-expression",
        severity: Error,
        fix: Sometimes,
        summary: "an unknown sample fetch or converter, or arguments HAProxy refuses by their count",
    }
}

impl Rule for InvalidSampleExpression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let inside = file.inside_conditionals();
        let src = cx.src();
        let loads_lua = crate::model::loads_lua(cx.parse);
        let checker = Checker { src, target: cx.settings.haproxy_version, loads_lua };
        let mut found = Vec::new();
        for section in file.sections.iter().filter(|s| s.kind.is_proxy()) {
            for (line, d) in file.directives(section) {
                for (at, site) in expressions(d, section.kind, src) {
                    let mut findings = checker.check(&d.words[at], site);
                    if findings.is_empty() && matches!(site, Site::Acl) {
                        findings.extend(checker.check_acl_flags(&d.words[at + 1..]));
                    }
                    for mut finding in findings {
                        if inside[line] {
                            if finding.version_only {
                                continue;
                            }
                            finding.diagnostic.severity = Severity::Warning;
                        }
                        found.push(finding.diagnostic);
                    }
                }
            }
        }
        for d in found {
            cx.report(d);
        }
    }
}

/// The words of a directive that hold a sample expression HAProxy parses at
/// start-up, each with whether it is an ACL criterion.
fn expressions(d: &Directive, kind: SectionKind, src: &str) -> Vec<(usize, Site)> {
    let mut out = Vec::new();
    let words = &d.words;
    let keyword = d.keyword().value(src);
    let not_condition = |w: &&Word| !matches!(w.value(src).as_ref(), "if" | "unless");
    match keyword.as_ref() {
        "acl" => {
            if words.len() > 2 {
                out.push((2, Site::Acl));
            }
            return out;
        }
        // Parsed for proxies that log: not in a backend, and in defaults
        // only once a frontend inherits them.
        "log-format" | "log-format-sd" | "error-log-format"
            if matches!(kind, SectionKind::Frontend | SectionKind::Listen) && words.len() > 1 =>
        {
            out.push((1, Site::LogFormat));
        }
        "unique-id-format" if kind != SectionKind::Defaults && words.len() > 1 => {
            out.push((1, Site::LogFormat));
        }
        _ => {}
    }
    if let Some((rules, at)) = rule_set(d, src) {
        let action = words.get(at).and_then(|w| schema::action(rules, &w.value(src))).map(|a| a.name);
        let (offset, site) = match action {
            Some(
                "set-var" | "track-sc" | "set-src" | "set-dst" | "set-src-port" | "set-dst-port" | "capture",
            ) => (1, Site::Sample),
            Some("set-var-fmt" | "set-path" | "set-pathq" | "set-uri" | "set-query") => (1, Site::LogFormat),
            Some(
                "set-header" | "add-header" | "early-hint" | "replace-path" | "replace-pathq" | "replace-uri",
            ) => (2, Site::LogFormat),
            Some("replace-header" | "replace-value") => (3, Site::LogFormat),
            Some("redirect") => match words.get(at + 1).map(|w| w.value(src)) {
                Some(how) if matches!(how.as_ref(), "location" | "prefix") => (2, Site::LogFormat),
                _ => (0, Site::Sample),
            },
            _ => (0, Site::Sample),
        };
        if offset > 0 && words.get(at + offset).is_some_and(|w| not_condition(&w)) {
            out.push((at + offset, site));
        }
    }
    // Anonymous ACLs of the condition.
    // Conditions are spelled plainly; reading the raw text keeps this scan of
    // every word of every line free of allocations.
    if let Some(cond) =
        words.iter().skip(1).position(|w| matches!(w.raw(src), "if" | "unless")).map(|i| i + 1)
    {
        for (i, w) in words.iter().enumerate().skip(cond + 1) {
            if matches!(w.raw(src), "{" | "!{") && words.get(i + 1).is_some_and(|n| n.raw(src) != "}") {
                out.push((i + 1, Site::Acl));
            }
        }
    }
    out
}

/// What a word holds.
#[derive(Clone, Copy)]
enum Site {
    /// An ACL criterion: an ACL keyword or a sample expression.
    Acl,
    /// A sample expression.
    Sample,
    /// A log-format string, whose `%[...]` hold sample expressions.
    LogFormat,
}

/// The byte offsets just after each `%[` / `%{flags}[` of a log-format
/// string (`%%` is a literal percent sign).
fn log_format_expressions(s: &str) -> Vec<usize> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        match bytes[i + 1] {
            b'%' => i += 2,
            b'[' => {
                out.push(i + 2);
                i += 2;
            }
            b'{' => match s[i..].find('}') {
                Some(close) if bytes.get(i + close + 1) == Some(&b'[') => {
                    out.push(i + close + 2);
                    i += close + 2;
                }
                _ => i += 2,
            },
            _ => i += 1,
        }
    }
    out
}

struct Finding {
    diagnostic: Diagnostic,
    /// Only the target version lacks the name.
    version_only: bool,
}

struct Checker<'s> {
    src: &'s str,
    target: Option<Version>,
    loads_lua: bool,
}

/// What a call is checked against: the signatures of the versions in
/// question (the target's, or all of them).
struct Signature {
    what: &'static str,
    name: &'static str,
    versions: Vec<&'static schema::Signature>,
}

impl Checker<'_> {
    fn check(&self, word: &Word, site: Site) -> Vec<Finding> {
        if word.has_env() {
            return Vec::new();
        }
        let value = word.value(self.src);
        match site {
            Site::Acl => self.check_expr(word, &value, 0, true, false),
            Site::Sample => self.check_expr(word, &value, 0, false, false),
            Site::LogFormat => log_format_expressions(&value)
                .into_iter()
                .flat_map(|at| self.check_expr(word, &value[at..], at, false, true))
                .collect(),
        }
    }

    /// Checks the expression `expr`, found at byte `base` of `word`'s value;
    /// `in_log_format`: it is the rest of a log-format string after `%[`.
    fn check_expr(
        &self,
        word: &Word,
        expr: &str,
        base: usize,
        in_acl: bool,
        in_log_format: bool,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        // Offsets into the value are offsets into the source for plain words.
        let span_of = |start: usize, len: usize| {
            if word.is_plain() {
                let start = word.span.start + (base + start) as u32;
                Span { start, end: start + len as u32 }
            } else {
                word.span
            }
        };
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
                    return out;
                }
                let what = if i == 0 { "fetch method" } else { "converter" };
                let d = self
                    .error(span, in_acl_text(format!("unknown {what} '{}'", call.name), acl_keyword))
                    .with_help("Lua fetches and converters exist only once a script registers them: no `lua-load` in `global`");
                out.push(Finding { diagnostic: d, version_only: false });
                return out;
            }
            let signature = if i == 0 {
                let acl = in_acl.then(|| schema::acl_keyword(call.name)).flatten();
                if let Some(k) = acl {
                    acl_keyword = Some(k.name);
                    if let Some(f) = self.too_new(k, "ACL keyword", call.name, span) {
                        out.push(f);
                        return out;
                    }
                    schema::fetch(k.fetch).map(|f| Signature {
                        what: "ACL keyword",
                        name: k.name,
                        versions: self.signatures(f.signatures, |v| f.signature_in(v)),
                    })
                } else if let Some(f) = schema::fetch(call.name) {
                    if let Some(f) = self.too_new(f, "fetch method", call.name, span) {
                        out.push(f);
                        return out;
                    }
                    Some(Signature {
                        what: "fetch method",
                        name: f.name,
                        versions: self.signatures(f.signatures, |v| f.signature_in(v)),
                    })
                } else {
                    let names = schema::all_fetches().iter().filter(|f| self.exists(*f)).map(|f| f.name);
                    let acl_names = schema::all_acl_keywords()
                        .iter()
                        .filter(|k| in_acl && self.exists(*k))
                        .map(|k| k.name);
                    let suggestion = crate::model::did_you_mean::closest(names.chain(acl_names), call.name);
                    let message = in_acl_text(format!("unknown fetch method '{}'", call.name), None);
                    out.push(self.unknown(span, message, call.name, suggestion, word.is_plain()));
                    return out;
                }
            } else if let Some(c) = schema::converter(call.name) {
                if let Some(f) = self.too_new(c, "converter", call.name, span) {
                    out.push(f);
                    return out;
                }
                Some(Signature {
                    what: "converter",
                    name: c.name,
                    versions: self.signatures(c.signatures, |v| c.signature_in(v)),
                })
            } else {
                let suggestion =
                    schema::suggest(schema::all_converters(), |c| c.name, call.name, self.target);
                let message = in_acl_text(format!("unknown converter '{}'", call.name), acl_keyword);
                out.push(self.unknown(span, message, call.name, suggestion, word.is_plain()));
                return out;
            };
            if let Some(sig) = signature {
                let args_span = match &call.args {
                    Some(a) => span_of(call.start, call.name.len() + a.inner.len() + 2),
                    None => span,
                };
                if let Some(message) =
                    argument_problem(&sig, call.args.as_ref(), &expr[call.start + call.name.len()..])
                {
                    out.push(Finding {
                        diagnostic: self.error(args_span, in_acl_text(message, acl_keyword)),
                        version_only: false,
                    });
                    return out;
                }
            }
        }
        out
    }

    /// The signatures to check against: the target's, or every version's.
    fn signatures(
        &self,
        all: &'static [schema::Signature],
        in_version: impl Fn(Version) -> Option<&'static schema::Signature>,
    ) -> Vec<&'static schema::Signature> {
        match self.target {
            Some(t) => in_version(t).into_iter().collect(),
            None => all.iter().collect(),
        }
    }

    /// The flags after an ACL criterion (`-i`, `-m beg`, `--`), up to the
    /// first pattern or the `}` of an anonymous ACL.
    fn check_acl_flags(&self, words: &[Word]) -> Option<Finding> {
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
                return Some(Finding { diagnostic: self.error(w.span, message), version_only: false });
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
        Some(Finding { diagnostic: d, version_only: true })
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
        Finding { diagnostic: d, version_only: false }
    }
}

/// What HAProxy says about the number of arguments of a call, if every
/// signature in question refuses them (the message of the newest).
/// `after_name` is the expression from just after the name: HAProxy quotes
/// the rest of it when there are too many arguments.
fn argument_problem(sig: &Signature, args: Option<&Args<'_>>, after_name: &str) -> Option<String> {
    let problems: Vec<Option<String>> =
        sig.versions.iter().map(|s| problem_with(sig.what, sig.name, s, args, after_name)).collect();
    if problems.iter().any(Option::is_none) {
        return None;
    }
    problems.into_iter().last().flatten()
}

fn problem_with(
    what: &str,
    name: &str,
    sig: &schema::Signature,
    args: Option<&Args<'_>>,
    after_name: &str,
) -> Option<String> {
    if args.is_some_and(|a| !a.plain) {
        return None;
    }
    let list = args.map(|a| a.list()).unwrap_or_default();
    let given = list.len();
    let max = usize::from(sig.max_args);
    if given > max {
        // After the `(`: all of it, or from the comma before the first extra argument.
        let inside = after_name.get(1..).unwrap_or_default();
        let from = if max == 0 { 0 } else { list[..max].iter().map(|a| a.len() + 1).sum::<usize>() - 1 };
        let rest = inside.get(from..).unwrap_or(inside);
        return Some(format!("{what} '{name}' : expected ')' before '{rest}'"));
    }
    // The first required argument missing that HAProxy does not default:
    // any after the first, or a first one that must be a number or mask.
    let missing = (given + 1..=usize::from(sig.min_args))
        .find(|&p| p >= 2 || sig.args.get(p - 1).is_some_and(|k| k.required_when_missing()))?;
    let kind = sig.args.get(missing - 1).map_or("argument", |k| k.describe());
    Some(if missing == 1 {
        format!("{what} '{name}' : expected type '{kind}' at position 1, but got nothing")
    } else {
        format!(
            "{what} '{name}' : missing arguments (got {}/{}), type '{kind}' expected",
            given.max(1),
            sig.min_args
        )
    })
}
