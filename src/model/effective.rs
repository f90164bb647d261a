//! The effective config of one instance: the lines HAProxy reads once its
//! `.if` / `.elif` / `.else` blocks are decided in that instance's
//! environment (see [`super::conditions`]).
//!
//! The effective text is the source with every line HAProxy skips, and
//! every block directive, turned into blanks (line endings kept): each byte
//! stays where it was, so findings on it need no mapping back.
//!
//! A condition halint cannot decide makes alternatives: one text where its
//! branch is taken, one where it is not. Each alternative records what it
//! assumed, so a finding seen in some of them only can say so.

use super::conditions::{evaluate, Environment, Truth, UNKNOWN_VALUE};
use crate::ast::{ControlKind, Directive, LineKind};
use crate::syntax::Parse;

/// At most this many alternatives per instance; past it, undecided blocks
/// keep every branch (as halint did before it evaluated conditions).
pub const MAX_ALTERNATIVES: usize = 32;

/// One decision taken on an undecided condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Assumption {
    /// The `.if` or `.elif` line (index into the file's lines).
    pub line: usize,
    /// Whether its branch was taken.
    pub taken: bool,
}

/// One way HAProxy may read the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternative {
    /// For each line, whether HAProxy reads it (block directives never count).
    pub active: Vec<bool>,
    /// The decisions on undecided conditions it rests on, in line order.
    pub assumptions: Vec<Assumption>,
}

impl Alternative {
    /// The effective text: skipped lines and block directives blanked.
    pub fn text(&self, parse: &Parse) -> String {
        let src = parse.source();
        let mut out = String::with_capacity(src.len());
        for (line, &active) in parse.file().lines.iter().zip(&self.active) {
            let text = line.span.text(src);
            if active {
                out.push_str(text);
            } else {
                let body = text.trim_end_matches(['\r', '\n']);
                out.extend(std::iter::repeat_n(' ', body.len()));
                out.push_str(&text[body.len()..]);
            }
        }
        // A byte-order mark is not a line: put it back in front.
        if let Some(bom) = parse.file().bom {
            out.insert_str(0, bom.text(src));
        }
        out
    }
}

/// The alternatives of a file in an environment: one when every condition
/// is decided. Alternatives that read the same lines are merged (their
/// assumptions are those they share).
pub fn alternatives(parse: &Parse, env: &Environment) -> Vec<Alternative> {
    let mut found: Vec<Alternative> = Vec::new();
    let mut forced: Vec<bool> = Vec::new();
    // Walks that read the same lines still count: undecided blocks around
    // comments only would otherwise double the walks each time.
    for _ in 0..4 * MAX_ALTERNATIVES {
        let Some(walk) = walk(parse, env, Undecided::Choose(&forced)) else { break };
        match found.iter_mut().find(|a| a.active == walk.active) {
            Some(same) => same.assumptions.retain(|a| walk.assumptions.contains(a)),
            None => found.push(walk.clone()),
        }
        if found.len() > MAX_ALTERNATIVES {
            return walk_all_branches(parse, env);
        }
        // Next leaf of the decision tree: flip the last `taken` to not taken.
        let Some(last) = walk.assumptions.iter().rposition(|a| a.taken) else { return found };
        forced = walk.assumptions[..last].iter().map(|a| a.taken).collect();
        forced.push(false);
    }
    walk_all_branches(parse, env)
}

/// One text where undecided blocks keep all their branches.
fn walk_all_branches(parse: &Parse, env: &Environment) -> Vec<Alternative> {
    walk(parse, env, Undecided::KeepAll).into_iter().collect()
}

/// What to do with a condition that cannot be decided.
enum Undecided<'f> {
    /// Take the branch or not as `forced` says, in order; `true` past its end.
    Choose(&'f [bool]),
    /// Read every branch of the block.
    KeepAll,
}

/// Where a block stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    /// The current branch is read.
    Taken,
    /// No branch read yet; the current one is skipped.
    Waiting,
    /// A branch was read already, or an outer block is skipped.
    Done,
    /// Undecided, every branch is read (past [`MAX_ALTERNATIVES`]).
    All,
}

fn walk(parse: &Parse, env: &Environment, mut undecided: Undecided<'_>) -> Option<Alternative> {
    let file = parse.file();
    let src = parse.source();
    let mut active = Vec::with_capacity(file.lines.len());
    let mut assumptions = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let reading = |blocks: &[Block]| blocks.iter().all(|b| matches!(b, Block::Taken | Block::All));
    for (i, line) in file.lines.iter().enumerate() {
        let LineKind::Control { kind, directive } = &line.kind else {
            active.push(reading(&blocks));
            continue;
        };
        let keep_line = matches!(undecided, Undecided::KeepAll);
        let mut decide = || -> Block {
            match evaluate(&condition_text(directive, src, i, env), env) {
                Truth::True => Block::Taken,
                Truth::False => Block::Waiting,
                Truth::Unknown => match &mut undecided {
                    Undecided::KeepAll => Block::All,
                    Undecided::Choose(forced) => {
                        let taken = forced.get(assumptions.len()).copied().unwrap_or(true);
                        assumptions.push(Assumption { line: i, taken });
                        if taken {
                            Block::Taken
                        } else {
                            Block::Waiting
                        }
                    }
                },
            }
        };
        match kind {
            ControlKind::If => {
                let state = if reading(&blocks) { decide() } else { Block::Done };
                blocks.push(state);
            }
            ControlKind::Elif | ControlKind::Else => {
                let Some(&top) = blocks.last() else {
                    active.push(false);
                    continue;
                };
                let next = match top {
                    Block::Waiting if *kind == ControlKind::Else => Block::Taken,
                    Block::Waiting => decide(),
                    Block::All => Block::All,
                    Block::Taken | Block::Done => Block::Done,
                };
                if let Some(last) = blocks.last_mut() {
                    *last = next;
                }
            }
            ControlKind::Endif => {
                blocks.pop();
            }
            // `.warning`, `.alert`...: read as any line of the branch.
            _ => {
                active.push(reading(&blocks));
                continue;
            }
        }
        // Block directives are blanked, but kept where undecided blocks
        // keep every branch: rules then see the blocks as before.
        active.push(keep_line && reading(&blocks));
    }
    Some(Alternative { active, assumptions })
}

/// The text HAProxy evaluates: the words after the directive, unquoted,
/// with variables expanded, joined by single spaces. A variable whose value
/// the environment does not give stands as [`UNKNOWN_VALUE`].
pub(crate) fn condition_text(directive: &Directive, src: &str, line: usize, env: &Environment) -> String {
    let words: Vec<String> = directive
        .args()
        .iter()
        .map(|w| {
            w.value_with(src, |name| {
                let value = match name {
                    ".LINE" => Some(Some((line + 1).to_string())),
                    _ => env.get(name).map(|v| v.map(str::to_owned)),
                };
                // Unknown, or set to an unknown value: the marker.
                Some(Some(value.flatten().unwrap_or_else(|| UNKNOWN_VALUE.to_string())))
            })
            .into_owned()
        })
        .collect();
    words.join(" ")
}

/// A short description of an assumption for a message:
/// `` `.if defined(FOO)` (line 12) false``.
pub fn describe(parse: &Parse, assumption: Assumption) -> String {
    let line = &parse.file().lines[assumption.line];
    let text = line.span.text(parse.source()).trim();
    let text = text.split(" #").next().unwrap_or(text).trim();
    let value = if assumption.taken { "true" } else { "false" };
    format!("`{text}` (line {}) {value}", assumption.line + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::conditions::Var;

    fn env(host: Option<&str>) -> Environment {
        let mut env = Environment::default();
        if let Some(h) = host {
            env.vars.insert("HOSTNAME".into(), Var::Value(h.into()));
        }
        env
    }

    const SRC: &str = "global\n.if streq(\"$HOSTNAME\",lb1)\n    a\n.elif streq(\"$HOSTNAME\",lb2)\n    b\n.else\n    c\n.endif\n";

    fn read(alt: &Alternative, parse: &Parse) -> String {
        alt.text(parse).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn known_environment_reads_one_branch() {
        let parse = crate::parse(SRC);
        for (host, expected) in [("lb1", "global a"), ("lb2", "global b"), ("lb3", "global c")] {
            let alts = alternatives(&parse, &env(Some(host)));
            assert_eq!(alts.len(), 1);
            assert_eq!(read(&alts[0], &parse), expected);
            assert!(alts[0].assumptions.is_empty());
            // Same offsets: the effective text is as long as the source.
            assert_eq!(alts[0].text(&parse).len(), SRC.len());
        }
    }

    #[test]
    fn unknown_environment_makes_exclusive_alternatives() {
        let parse = crate::parse(SRC);
        let alts = alternatives(&parse, &env(None));
        let texts: Vec<String> = alts.iter().map(|a| read(a, &parse)).collect();
        assert_eq!(texts, ["global a", "global b", "global c"]);
        assert_eq!(alts[0].assumptions, [Assumption { line: 1, taken: true }]);
        assert_eq!(
            alts[2].assumptions,
            [Assumption { line: 1, taken: false }, Assumption { line: 3, taken: false }]
        );
    }

    #[test]
    fn nested_blocks_in_a_skipped_branch_are_not_evaluated() {
        let src = ".if 0\n.if defined(X)\n a\n.endif\n.else\n b\n.endif\n";
        let parse = crate::parse(src);
        let alts = alternatives(&parse, &env(None));
        assert_eq!(alts.len(), 1);
        assert_eq!(read(&alts[0], &parse), "b");
    }

    #[test]
    fn too_many_undecided_blocks_keep_every_branch() {
        let src: String =
            (0..8).map(|i| format!(".if defined(V{i})\n a{i}\n.else\n b{i}\n.endif\n")).collect();
        let parse = crate::parse(&src);
        let alts = alternatives(&parse, &env(None));
        assert_eq!(alts.len(), 1);
        assert!(alts[0].active.iter().all(|&a| a));
    }
}
