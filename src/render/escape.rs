//! Text from the config made safe to print: a config is data, and its
//! control bytes must not drive the terminal (`\x1b[...`), move the cursor
//! (`\r`) or become GitHub Actions workflow commands (`::error ...`).

use std::borrow::Cow;
use std::fmt::Write;

/// Makes control characters visible as escapes (`\x1b`, `\r`, `\0`, `\t`,
/// `\u{85}`); line feeds stay, for text that spans lines on purpose.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\0' => out.push_str("\\0"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`visible`], cut after `max` characters with a note of how many more
/// there were: a message quoting a 1 MB word is no use on a terminal.
pub fn visible_clipped(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => visible(s),
        Some((cut, _)) => {
            let more = s[cut..].chars().count();
            Cow::Owned(format!("{}… ({more} more characters)", visible(&s[..cut])))
        }
    }
}

/// The source with each control byte or character replaced by as many `?`
/// as it has bytes, so that every span still points at the same bytes.
/// Tabs, line feeds and the CR of a CRLF stay; a lone CR does not, so the
/// excerpt counts lines as halint and HAProxy do (only LF ends a line).
pub fn excerpt_safe(src: &str) -> Cow<'_, str> {
    let bytes = src.as_bytes();
    let unsafe_at = |i: usize, c: char| {
        c.is_control() && c != '\t' && c != '\n' && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    };
    if !src.char_indices().any(|(i, c)| unsafe_at(i, c)) {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len());
    for (i, c) in src.char_indices() {
        if unsafe_at(i, c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A zero-width space before any line that would start, once its leading
/// whitespace is trimmed, with `::`: the GitHub Actions runner reads every
/// such line of a job's output as a workflow command, and a config's text
/// (a backend named `::error`, a wrapped help) must not issue one.
pub fn neutralize_workflow_commands(text: String) -> String {
    if !text.lines().any(|l| l.trim_start().starts_with("::")) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("::") {
            out.push_str(&line[..line.len() - trimmed.len()]);
            out.push('\u{200b}');
            out.push_str(trimmed);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_escapes() {
        assert_eq!(visible("a\x1b[31mb\r\0\tc\u{85}\nd"), "a\\x1b[31mb\\r\\0\\tc\\u{85}\nd");
        assert!(matches!(visible("plain text\n"), Cow::Borrowed(_)));
        assert_eq!(visible_clipped("abcdef", 3), "abc… (3 more characters)");
        assert_eq!(visible_clipped("ab\0", 3), "ab\\0");
    }

    #[test]
    fn excerpts_keep_their_byte_length() {
        let src = "a\x1bb\rc\r\nd\0\t\u{85}\n";
        let safe = excerpt_safe(src);
        assert_eq!(safe, "a?b?c\r\nd?\t??\n");
        assert_eq!(safe.len(), src.len());
    }

    #[test]
    fn workflow_commands_are_neutralized() {
        let text = "  help: x\n        ::error file=a::b\n::warning::c\nok :: fine\n".to_owned();
        let out = neutralize_workflow_commands(text);
        assert_eq!(out, "  help: x\n        \u{200b}::error file=a::b\n\u{200b}::warning::c\nok :: fine\n");
        assert!(out.lines().all(|l| !l.trim_start().starts_with("::")));
    }
}
