//! What HAProxy says about the number of arguments of a fetch, converter
//! or ACL keyword call, from the schema's signatures.

use crate::schema;
use crate::views::sample_expr::Args;

/// What a call is checked against: the signatures of the versions in
/// question (the target's, or all of them).
pub(super) struct Signature {
    pub(super) what: &'static str,
    pub(super) name: &'static str,
    pub(super) versions: Vec<&'static schema::Signature>,
}

/// What HAProxy says about the number of arguments of a call, if every
/// signature in question refuses them (the message of the newest).
/// `after_name` is the expression from just after the name: HAProxy quotes
/// the rest of it when there are too many arguments.
pub(super) fn argument_problem(sig: &Signature, args: Option<&Args<'_>>, after_name: &str) -> Option<String> {
    let problems: Vec<Option<String>> =
        sig.versions.iter().map(|s| problem_with(sig.what, sig.name, s, args, after_name)).collect();
    if problems.iter().any(Option::is_none) {
        return None;
    }
    problems.into_iter().last().flatten()
}

fn problem_with(
    what: &str,
    name: &str,
    sig: &schema::Signature,
    args: Option<&Args<'_>>,
    after_name: &str,
) -> Option<String> {
    if args.is_some_and(|a| !a.plain) {
        return None;
    }
    let list = args.map(|a| a.list()).unwrap_or_default();
    let given = list.len();
    let max = usize::from(sig.max_args);
    if given > max {
        // After the `(`: all of it, or from the comma before the first extra argument.
        let inside = after_name.get(1..).unwrap_or_default();
        let from = if max == 0 { 0 } else { list[..max].iter().map(|a| a.len() + 1).sum::<usize>() - 1 };
        let rest = inside.get(from..).unwrap_or(inside);
        return Some(format!("{what} '{name}' : expected ')' before '{rest}'"));
    }
    // The first required argument missing that HAProxy does not default:
    // any after the first, or a first one that must be a number or mask.
    let missing = (given + 1..=usize::from(sig.min_args))
        .find(|&p| p >= 2 || sig.args.get(p - 1).is_some_and(|k| k.required_when_missing()))?;
    let kind = sig.args.get(missing - 1).map_or("argument", |k| k.describe());
    Some(if missing == 1 {
        format!("{what} '{name}' : expected type '{kind}' at position 1, but got nothing")
    } else {
        format!(
            "{what} '{name}' : missing arguments (got {}/{}), type '{kind}' expected",
            given.max(1),
            sig.min_args
        )
    })
}
