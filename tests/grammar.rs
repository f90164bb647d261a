//! Token-level tests of the pest grammar (`grammar/haproxy.pest`).

use halint::syntax::grammar::{HaproxyParser, Rule};
use pest::{consumes_to, parses_to};

#[test]
fn a_plain_word_is_one_token() {
    parses_to! {
        parser: HaproxyParser,
        input: "server s1\n",
        rule: Rule::line,
        tokens: [line(0, 10, [plain_word(0, 6), plain_word(7, 9)])]
    };
}

#[test]
fn quotes_escapes_and_variables_are_pieces_of_one_word() {
    parses_to! {
        parser: HaproxyParser,
        input: "a\"b ${X-d}\"'c'\\ \n",
        rule: Rule::line,
        tokens: [line(0, 17, [complex_word(0, 16, [
            plain(0, 1),
            dq_string(1, 11, [
                dquote(1, 2),
                dq_text(2, 4),
                env(4, 10, [env_braced(5, 10, [env_open(5, 6), env_name(6, 7), env_default(7, 9), env_close(9, 10)])]),
                dquote(10, 11)
            ]),
            sq_string(11, 14, [squote(11, 12), sq_text(12, 13), squote(13, 14)]),
            char_escape(14, 16)
        ])])]
    };
}

#[test]
fn a_comment_ends_a_word_and_the_line_ending_is_kept() {
    parses_to! {
        parser: HaproxyParser,
        input: "maxconn 10#x\r\n",
        rule: Rule::line,
        tokens: [line(0, 14, [plain_word(0, 7), plain_word(8, 10), comment(10, 12)])]
    };
}

#[test]
fn mistakes_are_tokens_not_failures() {
    parses_to! {
        parser: HaproxyParser,
        input: "x \"$1 \\xZ\n",
        rule: Rule::line,
        tokens: [line(0, 10, [plain_word(0, 1), complex_word(2, 9, [
            dq_string(2, 9, [dquote(2, 3), bad_env(3, 4), dq_text(4, 6), bad_hex_escape(6, 8), dq_text(8, 9)])
        ])])]
    };
}

#[test]
fn a_carriage_return_after_a_word_ends_the_line() {
    parses_to! {
        parser: HaproxyParser,
        input: "server s1\rcheck\n",
        rule: Rule::line,
        tokens: [line(0, 16, [plain_word(0, 6), plain_word(7, 9), stray_cr(9, 15)])]
    };
}

#[test]
fn the_last_line_may_lack_a_line_feed_and_the_file_a_bom() {
    parses_to! {
        parser: HaproxyParser,
        input: "\u{FEFF}global",
        rule: Rule::file,
        tokens: [file(0, 9, [bom(0, 3), last_line(3, 9, [plain_word(3, 9)]), EOI(9, 9)])]
    };
}

/// HAProxy 2.6 refuses the 100th nested `.if` ("too many nested '.if', max
/// is 100", at that line), even inside a false branch; 99 are accepted.
#[test]
fn the_hundredth_nested_if_is_a_syntax_error_at_its_line() {
    use halint::syntax::SyntaxErrorKind;
    let nested = |n: usize| format!("global\n{}{}", ".if 1\n".repeat(n), ".endif\n".repeat(n));
    let ok = halint::parse(&nested(99));
    assert!(ok.errors().is_empty(), "{:?}", ok.errors());
    let deep = halint::parse(&nested(150));
    let errors: Vec<_> =
        deep.errors().iter().filter(|e| e.kind == SyntaxErrorKind::TooManyNestedIfs).collect();
    assert_eq!(errors.len(), 1, "reported once: {:?}", deep.errors());
    let line = deep.line_index().line_col(deep.source(), errors[0].span.start).line;
    assert_eq!(line, 101, "the 100th `.if` is on line 101");
}
