use super::{LintContext, Rule, RuleMeta};
use crate::ast::Eol;
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Edit, Fix};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a file whose last line does not end with a line feed, even
    /// when that line holds only a comment or blanks.
    ///
    /// ## Why is this bad?
    /// HAProxy takes a missing final line feed for a truncated file and
    /// refuses the whole config: `Missing LF on last line, file might have
    /// been truncated at position 6.` (verified on 2.6). Editors and
    /// templating tools drop the last newline easily, and the next reload
    /// then fails.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80  # the file ends here, no line feed follows
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80  # a line feed follows
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix appends the line ending the file already uses (LF
    /// unless its lines end with CRLF). Nothing else changes, and HAProxy
    /// reads the last line exactly as before.
    ///
    /// ## References
    /// HAProxy source `src/cfgparse.c` (`readcfgfile()`, "Missing LF on last
    /// line"); POSIX defines a line as ending with a newline.
    pub struct MissingFinalNewline {
        code: "HA002",
        name: "missing-final-newline",
        severity: Error,
        fix: Always,
        summary: "the last line has no line feed: HAProxy 2.6 refuses the file",
    }
}

impl Rule for MissingFinalNewline {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let src = cx.src();
        let Some(last) = cx.parse.file().lines.last() else { return };
        if last.eol != Eol::None || last.span.is_empty() {
            return;
        }
        let end = src.len() as u32;
        // A CRLF file cut right after its last CR needs only the LF.
        let eol = match edits::eol_of(cx.parse) {
            "\r\n" if src.ends_with('\r') => "\n",
            eol => eol,
        };
        let title =
            if eol == "\n" { "add a line feed at the end" } else { "add a CRLF line ending at the end" };
        let d = Diagnostic::new(
            &Self::META,
            Span::new(last.span.start, end),
            "the file does not end with a line feed",
        )
        .with_label("HAProxy refuses a last line without a line feed")
        .with_fix(Fix::safe(title, vec![Edit::insert(end, eol)]));
        cx.report(d);
    }
}
