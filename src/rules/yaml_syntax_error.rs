use super::{ManifestContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// ## What it does
    /// Reports YAML that does not parse in a Kubernetes manifest (`.yaml`,
    /// `.yml`, or a manifest on standard input), at the place the parser
    /// stopped. What comes before that place is still checked.
    ///
    /// ## Why is this bad?
    /// `kubectl apply` refuses the file, or worse, a tool that is lenient
    /// where this parser is strict reads something else than was meant. Tabs
    /// in indentation are the usual cause: YAML forbids them.
    ///
    /// ## Example
    /// ```yaml
    /// data:
    /// 	haproxy.cfg: |
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// data:
    ///   haproxy.cfg: |
    /// ```
    ///
    /// ## Fix safety
    /// No fix: what was meant cannot be known.
    ///
    /// ## References
    /// YAML 1.2.2, 6.1 "Indentation Spaces"; `docs/kubernetes.md` of halint.
    pub struct YamlSyntaxError {
        code: "HA006",
        name: "yaml-syntax-error",
        severity: Error,
        fix: Never,
        summary: "a Kubernetes manifest whose YAML does not parse",
    }
}

impl Rule for YamlSyntaxError {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_manifest(&self, cx: &mut ManifestContext<'_>) {
        let Some(error) = &cx.manifest.error else { return };
        let d = Diagnostic::new(&Self::META, error.span, format!("YAML does not parse: {}", error.message))
            .with_label("the YAML parser stopped here")
            .with_help(if error.message.contains("tab") {
                "indent with spaces: YAML does not allow tabs there; nothing after this point is checked"
            } else {
                "fix the YAML; nothing after this point is checked"
            });
        cx.report(d);
    }
}
