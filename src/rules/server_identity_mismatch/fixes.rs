//! The fixes of `server-identity-mismatch`: rename servers after the
//! reference file's servers at the same addresses, or write out the
//! reference file's ids.

use super::Lists;
use crate::fix::edits::{append_words, quote_word};
use crate::fix::{Edit, Fix};
use crate::model::cluster::join_names;
use crate::model::directive_at;
use crate::model::server_identity::{pair_up, ReplicatedServer};
use crate::rules::ClusterContext;

/// The servers of files `fi` and `r` paired by `key` (see [`pair_up`]).
fn pairs<'l>(
    lists: &'l Lists<'_>,
    fi: usize,
    r: usize,
    key: impl Fn(&ReplicatedServer) -> String,
) -> Option<Vec<(&'l ReplicatedServer, &'l ReplicatedServer)>> {
    let mine = &lists.iter().find(|l| l.0 == fi)?.2;
    let theirs = &lists.iter().find(|l| l.0 == r)?.2;
    pair_up(mine, theirs, key)
}

/// 2.0+: rename the servers of file `fi` after the servers of file `r` at
/// the same addresses.
pub(super) fn rename_fix(lists: &Lists<'_>, fi: usize, r: usize) -> Option<Fix> {
    let pairs = pairs(lists, fi, r, |s| s.addr.as_ref().map_or(String::new(), |a| a.0.clone()))?;
    let edits: Vec<Edit> = pairs
        .iter()
        .filter(|(m, t)| m.name != t.name)
        .map(|(m, t)| m.line.map(|_| Edit::replace(m.name_span, quote_word(&t.name))))
        .collect::<Option<_>>()?;
    let renamed: Vec<String> = pairs
        .iter()
        .filter(|(m, t)| m.name != t.name)
        .map(|(m, t)| format!("'{}' to '{}'", m.name, t.name))
        .collect();
    (!edits.is_empty()).then(|| {
        Fix::unsafe_(
            format!("rename server {}", join_names(&renamed.iter().map(String::as_str).collect::<Vec<_>>())),
            edits,
        )
    })
}

/// Give each server of file `fi` the id of its match (by `key`) in file
/// `r`, explicitly.
pub(super) fn ids_fix(
    cx: &ClusterContext<'_>,
    lists: &Lists<'_>,
    fi: usize,
    r: usize,
    key: impl Fn(&ReplicatedServer) -> String,
) -> Option<Fix> {
    let pairs = pairs(lists, fi, r, key)?;
    let parse = cx.files[fi].parse;
    let mut edits = Vec::new();
    for (m, t) in &pairs {
        let id = t.id?;
        // Every server gets its id written out, the right ones included: a
        // server left without one would take the first id the others leave free.
        match m.id_span {
            Some(_) if m.id == Some(id) => {}
            Some(span) => edits.push(Edit::replace(span, id.to_string())),
            None => edits.push(append_words(directive_at(parse, m.line?)?, &format!("id {id}"))),
        }
    }
    (!edits.is_empty())
        .then(|| Fix::unsafe_(format!("give the servers the ids they have in {}", cx.files[r].path), edits))
}
