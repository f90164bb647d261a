//! Sample expressions as HAProxy splits them: a fetch, its arguments in
//! parentheses, then converters after commas (`req.hdr(host),lower,map(x)`).
//!
//! Names are runs of HAProxy's identifier characters (letters, digits,
//! `.`, `_`, `-`, `+`, `:`); an argument list ends at the first `)` outside
//! quotes. Where HAProxy would complain about the shape itself (no name, a
//! missing comma, an unclosed parenthesis) the reading stops: those are
//! not this module's findings.
//!
//! In a log-format string, expressions follow `%[` or `%{flags}[`
//! ([`log_format_expressions`]).

/// One fetch or converter call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call<'a> {
    /// The name.
    pub name: &'a str,
    /// Byte offset of the name in the expression.
    pub start: usize,
    /// The argument list, when parentheses follow the name.
    pub args: Option<Args<'a>>,
}

/// The text between the parentheses of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args<'a> {
    /// The text between `(` and `)`.
    pub inner: &'a str,
    /// The inner text has no quote, backslash or parenthesis, so splitting
    /// it at commas gives HAProxy's arguments.
    pub plain: bool,
}

impl Args<'_> {
    /// The arguments, split at commas (only meaningful when [`Args::plain`]);
    /// `()` has none.
    pub fn list(&self) -> Vec<&str> {
        if self.inner.is_empty() {
            Vec::new()
        } else {
            self.inner.split(',').collect()
        }
    }
}

fn is_idchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | ':')
}

/// The calls of `expr`, the fetch first; the reading stops at the first
/// shape HAProxy would refuse for another reason.
pub fn calls(expr: &str) -> Vec<Call<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &expr[pos..];
        let len = rest.find(|c: char| !is_idchar(c)).unwrap_or(rest.len());
        if len == 0 {
            return out;
        }
        let name = &rest[..len];
        let start = pos;
        pos += len;
        let mut args = None;
        if expr[pos..].starts_with('(') {
            let Some(close) = closing(&expr[pos + 1..]) else {
                // Unclosed: HAProxy refuses the shape; the arguments are not judged.
                out.push(Call { name, start, args: Some(Args { inner: &expr[pos + 1..], plain: false }) });
                return out;
            };
            let inner = &expr[pos + 1..pos + 1 + close];
            let plain = !inner.contains(['"', '\'', '\\', '(', ')']);
            args = Some(Args { inner, plain });
            pos += close + 2;
        }
        out.push(Call { name, start, args });
        let rest = &expr[pos..];
        if !rest.starts_with(',') {
            return out;
        }
        // HAProxy skips repeated and trailing commas.
        pos += rest.len() - rest.trim_start_matches(',').len();
    }
}

/// The byte offsets just after each `%[` / `%{flags}[` of a log-format
/// string (`%%` is a literal percent sign).
pub fn log_format_expressions(s: &str) -> Vec<usize> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        match bytes[i + 1] {
            b'%' => i += 2,
            b'[' => {
                out.push(i + 2);
                i += 2;
            }
            b'{' => match s[i..].find('}') {
                Some(close) if bytes.get(i + close + 1) == Some(&b'[') => {
                    out.push(i + close + 2);
                    i += close + 2;
                }
                _ => i += 2,
            },
            _ => i += 1,
        }
    }
    out
}

/// The offset of the `)` closing an argument list in `s` (which starts just
/// after the `(`), outside quotes and escapes.
fn closing(s: &str) -> Option<usize> {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match (escaped, quote, c) {
            (true, _, _) => escaped = false,
            (false, _, '\\') => escaped = true,
            (false, Some(q), c) if c == q => quote = None,
            (false, Some(_), _) => {}
            (false, None, '"' | '\'') => quote = Some(c),
            (false, None, ')') => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(expr: &str) -> Vec<&str> {
        calls(expr).into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn fetch_and_converters() {
        assert_eq!(names("src"), ["src"]);
        assert_eq!(names("req.hdr(host),lower,map_str(/etc/x.map,def)"), ["req.hdr", "lower", "map_str"]);
        assert_eq!(names("src,,lower,"), ["src", "lower"]);
        let c = calls("str(a,b),field(1)");
        assert_eq!(c[0].args.as_ref().unwrap().list(), ["a", "b"]);
        assert_eq!(c[1].start, 9);
        assert_eq!(calls("str()")[0].args.as_ref().unwrap().list(), Vec::<&str>::new());
    }

    #[test]
    fn quotes_and_odd_shapes() {
        let c = calls("regsub(\"[,)]\",_,g),lower");
        assert_eq!(names("regsub(\"[,)]\",_,g),lower"), ["regsub", "lower"]);
        assert!(!c[0].args.as_ref().unwrap().plain);
        assert_eq!(names("src lower"), ["src"]);
        assert_eq!(names("str(a"), ["str"]);
        assert!(!calls("ipmask(2]")[0].args.as_ref().unwrap().plain);
        assert_eq!(names("(x)"), Vec::<&str>::new());
        assert_eq!(names("str(a)x,lower"), ["str"]);
    }

    #[test]
    fn log_format_expressions_start_after_each_opening_bracket() {
        let s = "%[src] %% %{+Q}[path] %{x %[";
        assert_eq!(log_format_expressions(s), [2, 16, 28]);
        assert!(log_format_expressions("100%%[x]").is_empty());
    }
}
