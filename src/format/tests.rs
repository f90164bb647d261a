use super::*;
use crate::parse;

fn fmt(src: &str) -> String {
    format(&parse(src), &FormatOptions::default())
}

fn fmt_with(src: &str, options: FormatOptions) -> String {
    format(&parse(src), &options)
}

#[test]
fn indents_sections_and_trims_blanks() {
    let src = "  global\n maxconn   100  \n\n\n\n# banner\nbackend b   # web\n\tserver s1 10.0.0.1:80\t\n\n";
    let want = "global\n    maxconn 100\n\n# banner\nbackend b   # web\n    server s1 10.0.0.1:80\n";
    assert_eq!(fmt(src), want);
    assert_eq!(fmt(want), want, "formatting twice changes nothing");
}

#[test]
fn inserts_one_blank_line_before_a_section_but_not_between_banner_and_header() {
    let src = "global\n    daemon\n# backends\nbackend b\n    mode http\nfrontend f\n";
    let want = "global\n    daemon\n\n# backends\nbackend b\n    mode http\n\nfrontend f\n";
    assert_eq!(fmt(src), want);
    let none = FormatOptions { blank_lines_before_section: 0, ..FormatOptions::default() };
    assert_eq!(
        fmt_with(want, none),
        "global\n    daemon\n# backends\nbackend b\n    mode http\nfrontend f\n"
    );
}

#[test]
fn keeps_words_quotes_comments_and_line_endings() {
    let src = "backend b\r\n  http-request set-header X \"a  b\" # keep  \r\n #note\r\n# col0\r\n";
    let want = "backend b\r\n    http-request set-header X \"a  b\" # keep\r\n    #note\r\n# col0\r\n";
    assert_eq!(fmt(src), want);
}

#[test]
fn indents_conditional_blocks_and_leaves_section_switches_at_column_0() {
    let src = "global\n.if defined(A)\ndaemon\n.else\n.if defined(B)\nmaxconn 1\n.endif\n.endif\n\
               .if defined(C)\nbackend x\nmode http\n.endif\n";
    let want = "global\n    .if defined(A)\n        daemon\n    .else\n        .if defined(B)\n            maxconn 1\n        \
                .endif\n    .endif\n.if defined(C)\n\nbackend x\n    mode http\n.endif\n";
    assert_eq!(fmt(src), want);
    assert_eq!(fmt(want), want);
    let flat = FormatOptions { indent_conditionals: false, ..FormatOptions::default() };
    assert!(fmt_with(src, flat).starts_with("global\n    .if defined(A)\n    daemon\n"));
}

#[test]
fn indent_settings_and_aligned_columns() {
    let src = "backend b\n server a 10.0.0.1:80 check\n server bbbb 10.0.0.22:80 check\n";
    let tab = FormatOptions { indent: Indent::Tab, ..FormatOptions::default() };
    assert_eq!(
        fmt_with(src, tab),
        "backend b\n\tserver a 10.0.0.1:80 check\n\tserver bbbb 10.0.0.22:80 check\n"
    );
    let aligned =
        FormatOptions { indent: Indent::Spaces(2), align_columns: true, ..FormatOptions::default() };
    let want = "backend b\n  server a    10.0.0.1:80  check\n  server bbbb 10.0.0.22:80 check\n";
    assert_eq!(fmt_with(src, aligned), want);
    assert_eq!(fmt_with(want, aligned), want);
}

#[test]
fn leaves_lines_with_syntax_errors_and_carriage_returns_alone() {
    let src =
        "backend b\n   http-request deny if { hdr(x) -m str \"oops }\n   mode  http\r check\n  retries  3\n";
    let out = fmt(src);
    assert!(out.contains("\n   http-request deny if { hdr(x) -m str \"oops }\n"));
    assert!(out.contains("\n   mode  http\r check\n"));
    assert!(out.ends_with("\n    retries 3\n"));
}

#[test]
fn range_formatting_touches_only_the_lines_asked() {
    let src = "global\n  daemon\n  maxconn 1\n";
    let p = parse(src);
    let second = Span::new(9, 12); // inside "  daemon"
    let edits = format_range_edits(&p, &FormatOptions::default(), second);
    assert_eq!(apply_edits(src, &edits), "global\n    daemon\n  maxconn 1\n");
}

#[test]
fn indent_setting_reads_numbers_and_tab() {
    #[derive(serde::Deserialize)]
    struct T {
        format: FormatOptions,
    }
    let two: T = toml::from_str("[format]\nindent = 2").unwrap();
    assert_eq!(two.format.indent, Indent::Spaces(2));
    let tab: T = toml::from_str("[format]\nindent = \"tab\"\nalign-columns = true").unwrap();
    assert_eq!((tab.format.indent, tab.format.align_columns), (Indent::Tab, true));
    assert!(toml::from_str::<T>("[format]\nindent = 0").is_err());
    assert!(toml::from_str::<T>("[format]\nindent = \"spaces\"").is_err());
}

#[test]
fn keeps_line_numbers_when_the_config_expands_line() {
    let src = "global\n\n\n\n  setenv L \"${.LINE}\"\nbackend b\n";
    assert_eq!(fmt(src), "global\n\n\n\n    setenv L \"${.LINE}\"\nbackend b\n");
}
