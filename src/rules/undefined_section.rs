use super::{Holds, LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::did_you_mean;
use crate::schema::arguments::{self, Value};
use crate::schema::reading;
use std::borrow::Cow;

declare_rule! {
    /// ## What it does
    /// Reports a name of a `cache`, `http-errors` or `fcgi-app` section
    /// that no section of the file defines: `http-request cache-use`,
    /// `http-response cache-store`, `filter cache`, `errorfiles`, the
    /// `errorfiles` of `http-request deny|return|tarpit` and
    /// `use-fcgi-app`. Which arguments name which kind of section is data in
    /// the schema (`src/schema/arguments.rs`). Inside `.if` blocks findings
    /// are warnings; names with environment variables are not judged.
    ///
    /// ## Why is this bad?
    /// HAProxy refuses to start once the whole config is read: `unable to
    /// find the cache 'web' referenced by the filter 'cache'.`
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     http-request cache-use web
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// cache web
    ///     total-max-size 64
    ///
    /// backend app
    ///     http-request cache-use web
    ///     server s1 10.0.0.1:80
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which section was meant (or whether one is missing) is the
    /// author's call.
    ///
    /// ## Exceptions
    /// A config split over several files (`haproxy -f conf.d/`) may define
    /// the section in another file: check the files together.
    ///
    /// ## References
    /// HAProxy configuration manual, 6.2 (cache), 3.8 (http-errors),
    /// 10.1 (fcgi-app).
    pub struct UndefinedSection {
        code: "HA312",
        name: "undefined-section",
        severity: Error,
        fix: Never,
        summary: "a cache, http-errors or fcgi-app section named in an argument that no section defines",
    }
}

impl Rule for UndefinedSection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let file = cx.parse.file();
        let (src, target) = (cx.src(), cx.settings.haproxy_version);
        let defined: Vec<(SectionKind, Cow<'_, str>)> =
            file.sections.iter().filter_map(|s| Some((s.kind, file.header(s).name()?.value(src)))).collect();
        for (section, line, d) in file.proxy_directives() {
            if !arguments::may_name_a_section(d.keyword().raw(src)) {
                continue;
            }
            let sig = reading::signature_of(src, section.kind, d, target);
            let Some(sig) = sig.filter(|s| s.names_a_section()) else { continue };
            let reading = reading::read(src, sig, d, target);
            for (value, word) in reading.values() {
                let Value::Section(kind, message) = value else { continue };
                let name = word.value(src);
                if word.has_env()
                    || name.contains('$')
                    || defined.iter().any(|(k, n)| *k == kind && *n == name)
                {
                    continue;
                }
                let mut diagnostic =
                    Diagnostic::new(&UndefinedSection::META, word.span, message.replace("{}", &name))
                        .with_label(format!("no {} section has this name", kind.keyword()));
                let names = defined.iter().filter(|(k, _)| *k == kind).map(|(_, n)| n.as_ref());
                if let Some(close) = did_you_mean::closest(names, &name) {
                    diagnostic = diagnostic.with_help(format!("did you mean '{close}'?"));
                }
                cx.report_on_line(line, diagnostic, Holds::Everywhere);
            }
        }
    }
}
