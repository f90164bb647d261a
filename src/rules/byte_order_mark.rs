use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::fix::{Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a UTF-8 byte-order mark (the bytes `EF BB BF`) at the start of
    /// the file.
    ///
    /// ## Why is this bad?
    /// HAProxy does not strip it: the three bytes become part of the first
    /// word. A file starting with `<BOM>global` fails with `unknown keyword
    /// '<BOM>global' out of section`, and every line up to the next section
    /// header is refused with it; a file starting with a comment fails with
    /// `unknown keyword '<BOM>' out of section` (verified on 2.6). Editors on
    /// Windows add the mark silently, and the difference is invisible.
    ///
    /// ## Example
    /// ```haproxy
    /// <BOM>global
    ///     maxconn 1000
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// global
    ///     maxconn 1000
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix deletes the three bytes of the mark and nothing else.
    /// They carry no meaning for HAProxy other than the error.
    ///
    /// ## References
    /// HAProxy source `src/cfgparse.c` (`readcfgfile()` reads bytes as they
    /// are); Unicode FAQ "UTF-8, UTF-16, UTF-32 & BOM".
    pub struct ByteOrderMark {
        code: "HA003",
        name: "byte-order-mark",
        severity: Error,
        fix: Always,
        summary: "a UTF-8 byte-order mark, which HAProxy reads as part of the first keyword",
    }
}

impl Rule for ByteOrderMark {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        let Some(bom) = cx.parse.file().bom else { return };
        let d = Diagnostic::new(&Self::META, bom, "the file starts with a UTF-8 byte-order mark")
            .with_label("HAProxy reads these bytes as part of the first word")
            .with_fix(Fix::safe("remove the byte-order mark", vec![Edit::delete(bom)]));
        cx.report(d);
    }
}
