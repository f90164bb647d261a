use super::{LintContext, Rule, RuleMeta};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::fix::{edits, Fix};
use crate::model::{directive_at, LocalPeerSetting, Model, PeersSection};
use crate::span::Span;
use crate::syntax::Parse;

declare_rule! {
    /// ## What it does
    /// Reports a `localpeer` line of `global` that HAProxy ignores: one given
    /// while the local name comes from the command line (`--local`, i.e.
    /// `haproxy -L`), or one that comes after the first `peers` section.
    ///
    /// ## Why is this bad?
    /// HAProxy only warns (`'localpeer' ignored since it is used after
    /// 'peers' section.`, or `... already set by using the '-L' command line
    /// argument.`) and takes the host name or `-L` instead. The config says
    /// the node is `lb1` while HAProxy looks for another name; if no peer
    /// carries that name, the peers section is dropped and the tables stop
    /// replicating.
    ///
    /// ## Example
    /// ```haproxy
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    /// global
    ///     localpeer lb1
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// global
    ///     localpeer lb1
    /// peers mypeers
    ///     peer lb1 10.0.0.1:1024
    ///     peer lb2 10.0.0.2:1024
    /// ```
    ///
    /// ## Fix safety
    /// After a peers section, moving the line to the end of the first
    /// `global` section that comes before the first peers section is safe:
    /// it makes HAProxy use the name the config already states. It is
    /// offered only when that `global` exists, when the line is the only
    /// ignored `localpeer`, no effective `localpeer` precedes it, and it is
    /// outside `.if` blocks. With `-L`, no fix: whether to drop the line or
    /// the option is for the operator to decide.
    ///
    /// ## References
    /// HAProxy management guide, 3 (`-L`); configuration manual, 3.1
    /// `localpeer`; haproxy-semantics §1.2 (the `-L` check comes first),
    /// §3 #39.
    pub struct LocalpeerIgnored {
        code: "HA410",
        name: "localpeer-ignored",
        severity: Warning,
        fix: Sometimes,
        summary: "`localpeer` after a peers section, or overridden by --local",
    }
}

fn overridden(setting: &LocalPeerSetting, span: Span, local: &str) -> Diagnostic {
    Diagnostic::new(
        &LocalpeerIgnored::META,
        span,
        format!("'localpeer {}' is ignored: the local name comes from -L ('{local}')", setting.name),
    )
    .with_label("HAProxy warns and ignores this line when started with -L")
    .with_help("drop this line, or drop -L (--local) and let it name the local peer")
}

fn after_peers(setting: &LocalPeerSetting, span: Span, first: &PeersSection) -> Diagnostic {
    Diagnostic::new(
        &LocalpeerIgnored::META,
        span,
        format!("'localpeer {}' is ignored: it comes after peers section '{}'", setting.name, first.name),
    )
    .with_label("HAProxy warns and uses the host name instead")
    .with_secondary(first.name_span, "first peers section")
}

impl Rule for LocalpeerIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &mut LintContext<'_>) {
        // HAProxy checks -L first, then the position.
        if let Some(local) = &cx.settings.local {
            for setting in &cx.model().localpeers {
                cx.report(overridden(setting, line_span(cx.parse, setting), local));
            }
            return;
        }
        let Some(first) = cx.model().peers.first() else { return };
        let ignored: Vec<&LocalPeerSetting> =
            cx.model().localpeers.iter().filter(|l| l.line > first.header_line).collect();
        for setting in &ignored {
            let mut d = after_peers(setting, line_span(cx.parse, setting), first);
            d = match move_fix(cx.parse, cx.model(), setting, ignored.len()) {
                Some(fix) => d.with_fix(fix),
                None => d.with_help("move it into a `global` section before the first peers section"),
            };
            cx.report(d);
        }
    }
}

/// The span of the whole `localpeer <name>` directive.
fn line_span(parse: &Parse, setting: &LocalPeerSetting) -> Span {
    directive_at(parse, setting.line).map_or(setting.span, |d| d.span())
}

/// Moves `setting` to the end of the first `global` before the first peers
/// section, when that is unambiguous.
fn move_fix(parse: &Parse, model: &Model, setting: &LocalPeerSetting, ignored: usize) -> Option<Fix> {
    let file = parse.file();
    let first_peers = model.first_peers_line?;
    // Two ignored lines, or an effective one, would change which name wins.
    if ignored != 1 || model.localpeers.iter().any(|l| l.line < first_peers) {
        return None;
    }
    // Moving a line out of an `.if` block would change when it applies.
    let in_block = |line: usize| {
        file.conditionals
            .iter()
            .any(|c| c.if_line as usize <= line && c.endif_line.is_none_or(|e| line <= e as usize))
    };
    if in_block(setting.line) {
        return None;
    }
    let global =
        file.sections.iter().find(|s| s.kind == SectionKind::Global && (s.header as usize) < first_peers)?;
    // After the last non-blank line of the section, so trailing comments and
    // blank lines stay with what follows.
    let last = global
        .body()
        .rev()
        .find(|&l| !matches!(file.lines[l].kind, crate::ast::LineKind::Empty))
        .unwrap_or(global.header as usize);
    if in_block(last) && !matches!(&file.lines[last].kind, crate::ast::LineKind::Control { .. }) {
        return None;
    }
    let text = format!("localpeer {}", edits::quote_word(&setting.name));
    Some(Fix::safe(
        format!("move `{text}` before the first peers section"),
        vec![
            edits::insert_lines_after(parse, last, std::slice::from_ref(&text)),
            edits::delete_line(parse, setting.line),
        ],
    ))
}
