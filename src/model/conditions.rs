//! `.if` / `.elif` conditions evaluated as HAProxy evaluates them (2.4+,
//! `src/cfgcond.c`), with a third answer, "unknown", for what halint cannot
//! know: a variable the instance's environment does not give, the build's
//! features, the OpenSSL version, a HAProxy version finer than the one set.
//!
//! HAProxy first splits the line into words as any line (quotes removed,
//! `"$VAR"` expanded), then joins the words after `.if` with single spaces
//! and parses that text:
//!
//! ```text
//! expr := and ( '||' expr )?
//! and  := term ( '&&' and )?
//! term := '!'* ( number | '(' expr ')' | predicate '(' args ')' )
//! ```
//!
//! A number is read as C's `strtol(.., 0)` reads it (`0x10`, `010`, `-1`):
//! zero is false, anything else true. An empty condition is false.

use crate::settings::Settings;
use std::collections::BTreeMap;

/// Stands for the value of a variable the environment does not give, in the
/// expanded text of a condition (a private-use character no config holds).
pub const UNKNOWN_VALUE: char = '\u{F8FF}';

/// A three-valued truth: Kleene's logic (`false && unknown` is false).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Decided false.
    False,
    /// Decided true.
    True,
    /// Depends on something halint does not know.
    Unknown,
}

impl Truth {
    fn from_bool(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }

    fn not(self) -> Truth {
        match self {
            Truth::False => Truth::True,
            Truth::True => Truth::False,
            Truth::Unknown => Truth::Unknown,
        }
    }

    fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }
}

/// What one environment variable is, as far as halint knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Var {
    /// Set, to this value.
    Value(String),
    /// Set, value unknown (`HAPROXY_LOCALPEER` of an unnamed instance: HAProxy
    /// always sets it, to the host name by default).
    SetUnknown,
}

/// The environment an instance's HAProxy reads its config in. A variable not
/// listed is unknown: it may be set or not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// The variables halint knows about.
    pub vars: BTreeMap<String, Var>,
    /// The HAProxy version (major, minor), when known.
    pub version: Option<(u8, u8)>,
}

impl Environment {
    /// The value of a variable: `Some(Some(v))` set to `v`, `Some(None)` set
    /// to an unknown value, `None` unknown altogether.
    pub fn get(&self, name: &str) -> Option<Option<&str>> {
        match self.vars.get(name)? {
            Var::Value(v) => Some(Some(v)),
            Var::SetUnknown => Some(None),
        }
    }
}

// Defined next to `Environment` rather than in `settings`: the settings,
// which nearly every module reads, then need nothing from the model.
impl Settings {
    /// The environment `.if` conditions are evaluated in for the instance
    /// named `name` (`None`: an instance halint knows nothing about).
    ///
    /// From weakest to strongest: `HOSTNAME` = the instance's name (the host
    /// name is what HAProxy takes as local peer name by default); the
    /// cluster's `env`; the instance's own `env`; `--env`; then `HAPROXY_LOCALPEER`,
    /// which HAProxy itself sets to the local peer name at start-up. Other
    /// variables are unknown: a condition on them has two outcomes.
    pub fn environment(&self, name: Option<&str>) -> Environment {
        let mut vars = BTreeMap::new();
        if let Some(n) = name {
            vars.insert("HOSTNAME".to_owned(), Var::Value(n.to_owned()));
        }
        let own = name.and_then(|n| self.instances.iter().find(|i| i.name == n)).map(|i| &i.env);
        for (k, v) in self.env.iter().chain(own.into_iter().flatten()).chain(&self.env_overrides) {
            vars.insert(k.clone(), Var::Value(v.clone()));
        }
        let local = name.map_or(Var::SetUnknown, |n| Var::Value(n.to_owned()));
        vars.insert("HAPROXY_LOCALPEER".to_owned(), local);
        Environment { vars, version: self.haproxy_version.map(|v| (v.major, v.minor)) }
    }
}

/// Evaluates the expanded text of a condition (unknown values stand as
/// [`UNKNOWN_VALUE`]). A text HAProxy cannot parse is `Unknown` here: HAProxy
/// refuses the whole config, and halint has no branch to prefer.
pub fn evaluate(text: &str, env: &Environment) -> Truth {
    let mut p = Parser { rest: text, env };
    if p.rest.trim_matches([' ', '\t']).is_empty() {
        return Truth::False;
    }
    match p.expr(0) {
        Some(t) if p.rest.trim_start_matches([' ', '\t']).is_empty() => t,
        _ => Truth::Unknown,
    }
}

/// Whether HAProxy can parse the expanded text of a condition (values
/// halint does not know count as parsable): `false` is a fatal error at
/// start-up, `unparsable conditional expression`. With a version below 2.8,
/// `strstr()` and `enabled()` are unknown predicates too.
pub fn parses(text: &str, env: &Environment) -> bool {
    let mut p = Parser { rest: text, env };
    if p.rest.trim_matches([' ', '\t']).is_empty() {
        return true;
    }
    p.expr(0).is_some() && p.rest.trim_start_matches([' ', '\t']).is_empty()
}

/// HAProxy's limit of nested parentheses (`MAX_CFG_RECURSION`).
const MAX_DEPTH: usize = 1024;

struct Parser<'t, 'e> {
    rest: &'t str,
    env: &'e Environment,
}

impl Parser<'_, '_> {
    fn skip_blanks(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\t']);
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_blanks();
        match self.rest.strip_prefix(token) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn expr(&mut self, depth: usize) -> Option<Truth> {
        let left = self.and(depth)?;
        if self.eat("||") {
            return Some(left.or(self.expr(depth)?));
        }
        Some(left)
    }

    fn and(&mut self, depth: usize) -> Option<Truth> {
        let left = self.term(depth)?;
        if self.eat("&&") {
            return Some(left.and(self.and(depth)?));
        }
        Some(left)
    }

    fn term(&mut self, depth: usize) -> Option<Truth> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_blanks();
        let mut negate = false;
        while let Some(rest) = self.rest.strip_prefix('!') {
            negate = !negate;
            self.rest = rest.trim_start_matches([' ', '\t']);
        }
        let value = self.operand(depth)?;
        Some(if negate { value.not() } else { value })
    }

    fn operand(&mut self, depth: usize) -> Option<Truth> {
        if let Some((value, len)) = strtol(self.rest) {
            self.rest = &self.rest[len..];
            return Some(Truth::from_bool(value));
        }
        if self.rest.starts_with(UNKNOWN_VALUE) {
            // `.if "$UNKNOWN"`: a number, an empty word or an error; say unknown.
            let end = self.rest.find([' ', '\t', '&', '|', ')']).unwrap_or(self.rest.len());
            self.rest = &self.rest[end..];
            return Some(Truth::Unknown);
        }
        if let Some(rest) = self.rest.strip_prefix('(') {
            self.rest = rest;
            let inner = self.expr(depth + 1)?;
            return self.eat(")").then_some(inner);
        }
        let name_len =
            self.rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(self.rest.len());
        let name = &self.rest[..name_len];
        self.rest = &self.rest[name_len..];
        let args = self.args()?;
        predicate(name, &args, self.env)
    }

    /// `(a,b)`: the arguments as written between the commas (blanks kept, as
    /// HAProxy keeps them: `streq( a ,a)` is false).
    fn args(&mut self) -> Option<Vec<String>> {
        let rest = self.rest.strip_prefix('(')?;
        let mut args = vec![String::new()];
        let mut chars = rest.char_indices();
        let mut quote = None;
        while let Some((i, c)) = chars.next() {
            match (quote, c) {
                (None, ')') => {
                    self.rest = &rest[i + 1..];
                    return Some(args);
                }
                (None, ',') => args.push(String::new()),
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (_, '\\') => args.last_mut()?.push(chars.next()?.1),
                (_, c) => args.last_mut()?.push(c),
            }
        }
        None
    }
}

/// C's `strtol(text, &end, 0)`: whether `text` starts with a number, its
/// truth (non-zero) and how many bytes it takes.
fn strtol(text: &str) -> Option<(bool, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    if matches!(bytes.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    let hex = bytes.get(i) == Some(&b'0')
        && matches!(bytes.get(i + 1), Some(b'x' | b'X'))
        && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
    let (start, digit): (usize, fn(&u8) -> bool) =
        if hex { (i + 2, u8::is_ascii_hexdigit) } else { (i, u8::is_ascii_digit) };
    let end = start + bytes[start..].iter().take_while(|b| digit(b)).count();
    if end == start {
        return None;
    }
    let nonzero = bytes[start..end].iter().any(|&b| b != b'0');
    Some((nonzero, end))
}

/// One predicate. Unknown names, or arguments HAProxy would refuse, give
/// `None` (the condition cannot be parsed).
fn predicate(name: &str, args: &[String], env: &Environment) -> Option<Truth> {
    let unknown = |a: &String| a.contains(UNKNOWN_VALUE);
    let count = match name {
        "streq" | "strneq" | "strstr" => 2,
        "defined"
        | "feature"
        | "version_atleast"
        | "version_before"
        | "openssl_version_atleast"
        | "openssl_version_before"
        | "ssllib_name_startswith"
        | "enabled" => 1,
        _ => return None,
    };
    if args.len() != count {
        return None;
    }
    // Added in 2.8: earlier versions refuse them as unknown predicates.
    if matches!(name, "strstr" | "enabled") && env.version.is_some_and(|v| v < (2, 8)) {
        return None;
    }
    if args.iter().any(unknown) {
        return Some(Truth::Unknown);
    }
    let truth = match name {
        "defined" => match env.get(&args[0]) {
            Some(_) => Truth::True,
            None => Truth::Unknown,
        },
        "streq" => Truth::from_bool(args[0] == args[1]),
        "strneq" => Truth::from_bool(args[0] != args[1]),
        "strstr" => Truth::from_bool(args[0].contains(args[1].as_str())),
        "version_atleast" => {
            compare_version(&args[0], env).map_or(Truth::Unknown, |o| Truth::from_bool(o.is_ge()))
        }
        "version_before" => {
            compare_version(&args[0], env).map_or(Truth::Unknown, |o| Truth::from_bool(o.is_lt()))
        }
        // The build's features, its OpenSSL, the process's options: not in a config.
        _ => Truth::Unknown,
    };
    Some(truth)
}

/// The running version against `wanted` (`2.6`, `2.6.12`, `3.0-dev2`...),
/// when the major.minor version known settles it.
fn compare_version(wanted: &str, env: &Environment) -> Option<std::cmp::Ordering> {
    let (major, minor) = env.version?;
    let mut parts = wanted.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty());
    let mut number = || parts.next().map(|p| p.parse::<u32>().unwrap_or(u32::MAX));
    let wanted_major = number()?;
    let wanted_minor = number().unwrap_or(0);
    let ordering = (u32::from(major), u32::from(minor)).cmp(&(wanted_major, wanted_minor));
    // `2.6.12` against a version known as 2.6 only: a patch level decides it,
    // unless it is `.0` (every 2.6 is at least 2.6.0).
    let rest: Vec<u32> = std::iter::from_fn(number).collect();
    if ordering.is_eq() && rest.iter().any(|&n| n != 0) {
        return None;
    }
    Some(ordering)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Environment {
        let mut vars = BTreeMap::new();
        vars.insert("HOSTNAME".to_owned(), Var::Value("lb1".to_owned()));
        vars.insert("HAPROXY_LOCALPEER".to_owned(), Var::SetUnknown);
        Environment { vars, version: Some((2, 6)) }
    }

    fn eval(text: &str) -> Truth {
        evaluate(text, &env())
    }

    #[test]
    fn numbers_words_and_operators() {
        assert_eq!(eval(""), Truth::False);
        assert_eq!(eval("1"), Truth::True);
        assert_eq!(eval("0"), Truth::False);
        assert_eq!(eval("0x10"), Truth::True);
        assert_eq!(eval("-1"), Truth::True);
        assert_eq!(eval("1 && 0"), Truth::False);
        assert_eq!(eval("0 || !0"), Truth::True);
        assert_eq!(eval("!(1 && (0 || 1))"), Truth::False);
        assert_eq!(eval("! ! 1"), Truth::True);
        // HAProxy refuses these; halint prefers no branch.
        assert_eq!(eval("2abc"), Truth::Unknown);
        assert_eq!(eval("foo"), Truth::Unknown);
    }

    #[test]
    fn predicates() {
        assert_eq!(eval("streq(lb1,lb1)"), Truth::True);
        assert_eq!(eval("streq( lb1 ,lb1)"), Truth::False);
        assert_eq!(eval("strneq(lb1,lb2)"), Truth::True);
        assert_eq!(eval("defined(HOSTNAME)"), Truth::True);
        assert_eq!(eval("defined(HAPROXY_LOCALPEER)"), Truth::True);
        assert_eq!(eval("defined(NOT_GIVEN)"), Truth::Unknown);
        assert_eq!(eval("version_atleast(2.6)"), Truth::True);
        assert_eq!(eval("version_atleast(2.6.0)"), Truth::True);
        assert_eq!(eval("version_atleast(2.6.12)"), Truth::Unknown);
        assert_eq!(eval("version_before(2.8)"), Truth::True);
        assert_eq!(eval("version_before(2.4)"), Truth::False);
        assert_eq!(eval("feature(OPENSSL)"), Truth::Unknown);
        assert_eq!(eval("feature(OPENSSL) && 0"), Truth::False);
        assert_eq!(eval("feature(OPENSSL) || 1"), Truth::True);
        let unknown = format!("streq({UNKNOWN_VALUE},lb1)");
        assert_eq!(eval(&unknown), Truth::Unknown);
        assert_eq!(eval(&format!("{UNKNOWN_VALUE}")), Truth::Unknown);
    }

    #[test]
    fn what_haproxy_cannot_parse() {
        let env = env();
        for ok in ["", "1", "defined(X) && !streq(a,b)", "(1 || 0)", &format!("streq({UNKNOWN_VALUE},a)")] {
            assert!(parses(ok, &env), "{ok}");
        }
        for bad in ["defind(X)", "streq(a)", "(1", "1 &&", "foo", "strstr(ab,a)", "enabled(POLL)"] {
            assert!(!parses(bad, &env), "{bad}");
        }
        let v28 = Environment { version: Some((2, 8)), ..env };
        assert!(parses("strstr(ab,a)", &v28) && parses("enabled(POLL)", &v28));
    }
}
