use super::{LintContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::input::encoding::raw_byte;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports, once per line, bytes that are not valid UTF-8: text written
    /// in another encoding, most often a Latin-1 or Windows-1252 comment or
    /// name.
    ///
    /// ## Why is this bad?
    /// HAProxy reads bytes and accepts them, so the config works. But the
    /// same file shows differently in every editor, terminal and review tool,
    /// a name that looks like `café` may not be the name another file or
    /// the runtime API uses, and tools that expect UTF-8 (YAML, JSON,
    /// templating) mangle or refuse it. halint checks the file as it is and
    /// writes the bytes back exactly in its fixes.
    ///
    /// ## Example
    /// ```haproxy
    /// # caf<0xE9> (a Latin-1 byte)
    /// global
    ///     maxconn 100
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// # café (UTF-8)
    /// global
    ///     maxconn 100
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which encoding was meant cannot be known (convert the file
    /// with `iconv -f latin1 -t utf-8` once you know it).
    ///
    /// ## References
    /// HAProxy source `src/cfgparse.c` (`readcfgfile()` reads bytes as they
    /// are); RFC 3629 (UTF-8).
    pub struct InvalidUtf8 {
        code: "HA005",
        name: "invalid-utf8",
        severity: Info,
        fix: Never,
        summary: "bytes that are not UTF-8 (HAProxy accepts them; other tools may not)",
    }
}

impl Rule for InvalidUtf8 {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        // Only a text read from such bytes has stand-ins for them.
        if !cx.parse.has_raw_bytes() {
            return;
        }
        let src = cx.src();
        for line in &cx.parse.file().lines {
            let text = line.span.text(src);
            let mut bytes = text.char_indices().filter_map(|(i, c)| Some((i, c, raw_byte(c)?)));
            let Some((first, c, byte)) = bytes.next() else { continue };
            let count = 1 + bytes.count();
            let start = line.span.start + first as u32;
            let span = Span::new(start, start + c.len_utf8() as u32);
            let message = match count {
                1 => format!("byte 0x{byte:02X} is not UTF-8"),
                n => format!("{n} bytes on this line are not UTF-8 (first: 0x{byte:02X})"),
            };
            let d = Diagnostic::new(&Self::META, span, message)
                .with_label("not UTF-8")
                .with_help("save the file as UTF-8; halint keeps these bytes as they are");
            cx.report(d);
        }
    }
}
