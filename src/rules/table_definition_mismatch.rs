use super::{ClusterContext, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::model::cluster::{cluster_deviations, join_names, plural_verb};
use crate::model::tables::{distinct, tables, FileTables};
use crate::views::stick_table::KeyType;

declare_rule! {
    /// ## What it does
    /// With `--cluster`, compares the stick tables of the instances' files by
    /// name (a proxy's table is named after the proxy, a peers-section table
    /// `<peers>/<table>`):
    ///
    /// - a table shared (`peers`) in one file and kept local in another;
    /// - a shared table whose key type differs (`ip` and `ipv4` are one type),
    ///   or whose key length differs (`string`/`binary`; `len` defaults to 32);
    /// - a table that is a proxy's own table in one file and a peers-section
    ///   `table` of the same name in another.
    ///
    /// Each finding is made in the files that differ from the majority (with
    /// two files, in both) and names the file it was compared with. `size`
    /// and `expire` are not compared: HAProxy does not compare them (nor
    /// `store`, but what is stored on one side only is not replicated:
    /// `table-store-mismatch` compares `store` and `srvkey`).
    ///
    /// ## Why is this bad?
    /// Peers match tables by name, then drop the updates of a table whose key
    /// type or length differs: the session is established, `haproxy -c` is
    /// clean on every node, and nothing is replicated. A table that is not
    /// shared on one node never sends nor receives; a proxy's table is sent as
    /// `app` and a peers-section table as `/app`, so the two never meet.
    ///
    /// ## Example
    /// ```haproxy
    /// # lb1.cfg
    /// backend app
    ///     stick-table type ip size 20k peers mesh
    /// # lb2.cfg
    /// backend app
    ///     stick-table type string len 64 size 20k peers mesh
    /// ```
    ///
    /// ## Use instead
    /// ```haproxy
    /// # lb1.cfg and lb2.cfg
    /// backend app
    ///     stick-table type ip size 20k peers mesh
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which definition is right is the user's call (the majority is
    /// only a hint), and changing a key type changes what the rules using the
    /// table can store.
    ///
    /// ## Superseded by
    /// `stick-table-not-shared`: when it reports a proxy's table without
    /// `peers` in one file, this rule says nothing of that table being shared
    /// in some files and not in others, in any file (one cause, one finding,
    /// with its fix). Key type and length differences are still reported.
    ///
    /// ## References
    /// HAProxy configuration manual, 4.2 `stick-table` and 3.5 "Peers" (`table`);
    /// haproxy-semantics §2.4 (CLUSTER-002, CLUSTER-003).
    pub struct TableDefinitionMismatch {
        code: "HA502",
        name: "table-definition-mismatch",
        severity: Error,
        fix: Never,
        summary: "--cluster: one table name with different key type or length between instances",
    }
}

/// The messages of the sharing findings (those `stick-table-not-shared`
/// supersedes, see `rules::precedence`).
const SHARED_ELSEWHERE: &str = "but not here";
const SHARED_HERE: &str = "is shared here but not in";

/// Whether a finding of this rule is about a table shared in some files
/// and not in others.
pub(crate) fn is_sharing_finding(d: &Diagnostic) -> bool {
    d.rule == TableDefinitionMismatch::META.name
        && (d.message.contains(SHARED_HERE) || d.message.ends_with(SHARED_ELSEWHERE))
}

const HELP: &str = "define each table alike on every instance: same name, same key type and length, shared with `peers` everywhere";

fn describe((kt, len): &(KeyType, Option<u32>)) -> String {
    let kind = match kt {
        KeyType::Ip | KeyType::Ipv4 => "ip",
        KeyType::Ipv6 => "ipv6",
        KeyType::Integer => "integer",
        KeyType::String => "string",
        KeyType::Binary => "binary",
        KeyType::Unknown(other) => other,
    };
    match len {
        Some(n) => format!("type {kind} len {n}"),
        None => format!("type {kind}"),
    }
}

impl Rule for TableDefinitionMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_cluster(&self, cx: &mut ClusterContext<'_>) {
        let files = cx.files;
        let defs: Vec<FileTables<'_>> = files.iter().map(|f| tables(f.model)).collect();
        let who = |idx: &[usize]| join_names(&idx.iter().map(|&i| files[i].path).collect::<Vec<_>>());
        let find = |fi: usize, name: &str| defs[fi].get(name);
        let names = distinct(defs.iter().flat_map(|f| &f.list).map(|d| d.name.as_str()));
        for name in &names {
            let sharing: Vec<(usize, bool)> =
                (0..files.len()).filter_map(|fi| find(fi, name).map(|d| (fi, d.shared()))).collect();
            for (fi, refs) in cluster_deviations(&sharing) {
                let Some(mine) = find(fi, name) else { continue };
                let d = match &mine.table.peers {
                    None => Diagnostic::new(
                        &Self::META,
                        mine.table.keyword,
                        format!("table '{name}' is shared with `peers` in {} {SHARED_ELSEWHERE}", who(&refs)),
                    )
                    .with_label("no `peers`: kept local"),
                    Some((_, span)) => Diagnostic::new(
                        &Self::META,
                        *span,
                        format!("table '{name}' {SHARED_HERE} {}", who(&refs)),
                    )
                    .with_label(format!(
                        "{} {} it local",
                        who(&refs),
                        plural_verb(&refs, "keeps", "keep")
                    )),
                };
                cx.report(fi, d.with_help(HELP));
            }
            let keys: Vec<(usize, (KeyType, Option<u32>))> = (0..files.len())
                .filter_map(|fi| find(fi, name).filter(|d| d.shared()).and_then(|d| Some((fi, d.key()?))))
                .collect();
            for (fi, refs) in cluster_deviations(&keys) {
                let (Some(mine), Some(theirs)) = (find(fi, name), find(refs[0], name)) else { continue };
                let (Some(my_key), Some(their_key)) = (mine.key(), theirs.key()) else { continue };
                let span = match (&mine.table.key_type, mine.table.len_span) {
                    (Some((kt, _)), Some(len)) if *kt == their_key.0 => len,
                    (Some((_, span)), _) => *span,
                    (None, _) => mine.table.keyword,
                };
                let mut d = Diagnostic::new(
                    &Self::META,
                    span,
                    format!(
                        "table '{name}' is `{}` in {} but `{}` here",
                        describe(&their_key),
                        who(&refs),
                        describe(&my_key)
                    ),
                )
                .with_label(format!("{}: {}", who(&refs), describe(&their_key)));
                if let Some((section, peers_span)) = &mine.table.peers {
                    let updates = format!("updates from {} through '{section}' are dropped", who(&refs));
                    d = d.with_secondary(*peers_span, updates);
                }
                cx.report(fi, d.with_help(HELP));
            }
        }
        self.check_kinds(cx, &defs);
    }
}

impl TableDefinitionMismatch {
    /// A proxy's table in some files, a peers-section table of the same bare
    /// name in others.
    fn check_kinds(&self, cx: &mut ClusterContext<'_>, defs: &[FileTables<'_>]) {
        let files = cx.files;
        let who = |idx: &[usize]| join_names(&idx.iter().map(|&i| files[i].path).collect::<Vec<_>>());
        for bare in distinct(defs.iter().flat_map(|f| &f.list).map(|d| d.bare)) {
            let find = |fi: usize, in_section: bool| defs[fi].get_bare(bare, in_section);
            // Files holding it in exactly one of the two forms.
            let forms: Vec<(usize, bool)> = (0..files.len())
                .filter_map(|fi| match (find(fi, false), find(fi, true)) {
                    (Some(_), None) => Some((fi, false)),
                    (None, Some(_)) => Some((fi, true)),
                    _ => None,
                })
                .collect();
            for (fi, refs) in cluster_deviations(&forms) {
                let in_section = forms.iter().any(|&(f, s)| f == fi && s);
                let (Some(mine), Some(theirs)) = (find(fi, in_section), find(refs[0], !in_section)) else {
                    continue;
                };
                let d = Diagnostic::new(
                    &Self::META,
                    mine.name_span,
                    format!(
                        "{} {} '{bare}' as {}; here it is {}, and the two never sync",
                        who(&refs),
                        plural_verb(&refs, "keeps", "keep"),
                        theirs.place(),
                        mine.place()
                    ),
                )
                .with_label(format!(
                    "sent as '{}'; {} {} '{}'",
                    mine.wire_name(),
                    who(&refs),
                    plural_verb(&refs, "sends", "send"),
                    theirs.wire_name()
                ));
                cx.report(fi, d.with_help(HELP));
            }
        }
    }
}
