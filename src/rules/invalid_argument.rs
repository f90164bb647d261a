use super::{Holds, LintContext, Rule, RuleMeta};
use crate::ast::{Directive, SectionKind, Word};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};
use crate::schema::arguments::{Value, MANY};
use crate::schema::reading;
use crate::schema::values::{self, Refusal};
use crate::schema::Version;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports arguments of section keywords that HAProxy refuses: too few
    /// or too many (`mode http x`, `global test`, `external-check` alone),
    /// a word not in the keyword's list (`mode ftp`, `balance roundrobinx`,
    /// a log facility or level, a `compression` algorithm), a time HAProxy
    /// cannot read or that overflows (`timeout client 5x`, `25d`), a port
    /// range where one port is expected (`log 127.0.0.1:10001-10010`), an
    /// HTTP status out of range (`http-request deny deny_status 601`) or a
    /// redirect code HAProxy does not send. A "did you mean" is offered
    /// for a misspelled word.
    ///
    /// The signatures are data in the schema (`src/schema/arguments.rs`),
    /// each with the versions it holds for. Without a target version a word
    /// that some version takes is accepted; with `--haproxy-version`, one
    /// the target lacks is reported with the versions that have it.
    /// Arguments with environment variables are not judged. Inside `.if`
    /// blocks findings are warnings.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses to start: `unknown proxy mode 'ftp'.`
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     mode htp
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     mode http
    /// ```
    ///
    /// ## Fix safety
    /// Replacing a misspelled word with the suggestion is unsafe: it is a
    /// guess, and the line then takes effect.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 (`mode`, `balance`, `log`,
    /// `compression`, `timeout`, `http-request`), 3.1 (`stats socket`).
    pub struct InvalidArgument {
        code: "HA115",
        name: "invalid-argument",
        severity: Error,
        fix: Sometimes,
        summary: "an argument HAProxy refuses: count, time, range, a word not in the keyword's list",
    }
}

impl Rule for InvalidArgument {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let (src, target) = (cx.src(), cx.settings.haproxy_version);
        for section in &file.sections {
            let header = std::iter::once((section.header as usize, file.header(section).directive));
            for (line, d) in header.chain(file.directives(section)) {
                if let Some(diagnostic) = check_directive(src, section.kind, d, target) {
                    cx.report_on_line(line, diagnostic, Holds::Everywhere);
                }
            }
        }
    }
}

fn check_directive(
    src: &str,
    section: SectionKind,
    d: &Directive,
    target: Option<Version>,
) -> Option<Diagnostic> {
    let sig = reading::signature_of(src, section, d, target)?;
    let reading = reading::read(src, sig, d, target);
    // Messages name the keyword as `{kw}`, filled in once one is kept:
    // nearly every line is fine, and naming costs an allocation.
    let mut out: Vec<Diagnostic> =
        reading.values().filter_map(|(kind, w)| check_word(src, kind, w, target)).collect();
    for (option, name, value) in &reading.options {
        if value.is_none() {
            out.push(error(name.span, option.missing.replace("{}", option.name)));
        }
    }
    let count = reading.positional.len();
    // A variable may stand for any number of words.
    if !d.words.iter().any(|w| has_variable(src, w)) {
        if count < usize::from(sig.min) {
            let at = reading.words.last().map_or(d.keyword().span, |w| w.span);
            out.push(error(at, sig.missing.replace("{}", "{kw}")));
        } else if sig.max != MANY && count > usize::from(sig.max) {
            let extra = reading.positional[usize::from(sig.max)].1;
            let word = extra.value(src);
            let message = match sig.extra {
                "" => format!("'{{kw}}' cannot handle unexpected argument '{word}'."),
                own => own.replace("{}", &word),
            };
            out.push(error(extra.span, message).with_help("remove it"));
        }
    }
    // HAProxy stops at the first word it refuses; what follows is unread.
    let mut first = out.into_iter().min_by_key(|d| d.span.start)?;
    first.message = first.message.replace("{kw}", &reading.context(src));
    Some(first)
}

fn check_word(src: &str, kind: Value, w: &Word, target: Option<Version>) -> Option<Diagnostic> {
    if has_variable(src, w) {
        return None;
    }
    let text = w.value(src);
    let Refusal { message, suggestion, versions } = values::refusal(kind, &text, "{kw}", target)?;
    let mut diagnostic = error(w.span, message);
    if let (Some(versions), Some(target)) = (versions, target) {
        diagnostic = diagnostic
            .with_label(format!("HAProxy {target} refuses this; HAProxy {versions} takes it"))
            .with_help("remove it or raise the target (--haproxy-version)");
    } else if let Some(s) = suggestion.filter(|_| !text.starts_with(|c: char| c.is_ascii_digit())) {
        diagnostic = diagnostic.with_help(format!("did you mean '{s}'?"));
        if w.is_plain() {
            let name_len = text.split('(').next().unwrap_or_default().len() as u32;
            let span = Span { start: w.span.start, end: w.span.start + name_len };
            diagnostic = diagnostic
                .with_fix(Fix::unsafe_(format!("replace it with '{s}'"), vec![Edit::replace(span, s)]));
        }
    }
    Some(diagnostic)
}

/// A word HAProxy expands (`"$VAR"`), or a template's unexpanded `${VAR}`.
fn has_variable(src: &str, w: &Word) -> bool {
    w.has_env() || w.raw(src).contains('$')
}

fn error(span: Span, message: String) -> Diagnostic {
    Diagnostic::new(&InvalidArgument::META, span, message).with_label("HAProxy refuses this")
}
