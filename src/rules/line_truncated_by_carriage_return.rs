use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a carriage return (`\r`, not part of a CRLF line ending) that
    /// follows a word and is itself followed by more text on the line.
    /// A stray CR followed only by blanks or a comment is not reported:
    /// nothing HAProxy would read is lost.
    ///
    /// ## Why is this bad?
    /// HAProxy's tokenizer ends the line at such a carriage return and
    /// silently drops the rest: `server s1 10.0.0.1:80<CR> check` starts
    /// the server without health checks, `-c` says nothing (verified on
    /// 2.6). Stray carriage returns come from files edited on Windows and
    /// pasted into Unix ones, or lines joined by a bad merge.
    ///
    /// ## Example
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80<CR> check inter 2s
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// backend app
    ///     server s1 10.0.0.1:80 check inter 2s
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the ignored text may be wanted on this line (delete the CR),
    /// on a line of its own (the CR was meant as a line break), or not at
    /// all (the CR is protecting the config from it). Only the author knows.
    ///
    /// ## References
    /// HAProxy source `src/tools.c` (`parse_line()` ends a line at `\r`);
    /// HAProxy configuration manual, 2.1 "Configuration file format".
    pub struct LineTruncatedByCarriageReturn {
        code: "HA004",
        name: "line-truncated-by-carriage-return",
        severity: Warning,
        fix: Never,
        summary: "a carriage return after a word makes HAProxy ignore the rest of the line",
    }
}

impl Rule for LineTruncatedByCarriageReturn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let src = cx.src();
        for line in &cx.parse.file().lines {
            let Some(ignored) = line.ignored else { continue };
            // The span starts with the CR itself.
            let rest = ignored.text(src)[1..].trim_matches(|c: char| c.is_ascii_whitespace());
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let cr = Span::new(ignored.start, ignored.start + 1);
            let lost = Span::new(ignored.start + 1, ignored.end);
            // The CR is the primary span: editors and miette count a lone CR as
            // a line break, so the text after it would seem to be on the next line.
            let d = Diagnostic::new(&Self::META, cr, "a carriage return ends this line early")
                .with_label("this carriage return ends the line")
                .with_secondary(lost, "HAProxy ignores this")
                .with_help(
                    "delete the carriage return to keep the text on this line, or break the line there",
                );
            cx.report(d);
        }
    }
}
