//! Cluster facts shared by the peers rules: which peers sections the cluster
//! uses, what each instance's local name is, and how an instance is matched
//! to a peer line.

use super::{Model, PeersSection};
use crate::settings::{Instance, Settings};
use crate::span::Span;
use crate::views::address::{Address, NormalHost};
use rustc_hash::FxHashMap;

/// Where a local peer name comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalNameSource {
    /// `--local` on the command line (what `haproxy -L` would say).
    CommandLine,
    /// `localpeer` in `global` (effective: before the first peers section).
    LocalPeer {
        /// Its line.
        line: usize,
        /// The span of the name.
        span: Span,
    },
    /// The instance whose reading is checked: HAProxy takes the host name.
    HostName,
}

/// The local peer name of the file checked, when known.
pub fn local_name(model: &Model, settings: &Settings) -> Option<(String, LocalNameSource)> {
    if let Some(name) = &settings.local {
        return Some((name.clone(), LocalNameSource::CommandLine));
    }
    // `localpeer` after a peers section is ignored by HAProxy.
    let first_peers = model.first_peers_line.unwrap_or(usize::MAX);
    let localpeer = model
        .localpeers
        .iter()
        .find(|l| l.line < first_peers)
        .map(|l| (l.name.to_string(), LocalNameSource::LocalPeer { line: l.line, span: l.span }));
    localpeer.or_else(|| settings.instance.clone().map(|name| (name, LocalNameSource::HostName)))
}

/// The peers sections the cluster's instances must be listed in: the one the
/// inventory names; else those a stick-table refers to; else all of them.
pub fn cluster_sections<'m>(model: &'m Model, settings: &Settings) -> Vec<&'m PeersSection> {
    if let Some(name) = &settings.peers_section {
        if let Some(section) = model.peers_section(name) {
            return vec![section];
        }
    }
    let referenced: Vec<&PeersSection> = model
        .peers
        .iter()
        .filter(|s| {
            model.proxies.iter().any(|p| {
                p.stick_tables.iter().any(|t| t.item.peers.as_ref().is_some_and(|(n, _)| *n == s.name))
            })
        })
        .collect();
    if referenced.is_empty() {
        model.peers.iter().collect()
    } else {
        referenced
    }
}

/// The one peers section a fix may point a stick-table at: the inventory's
/// when it exists, else the only section that is not disabled.
pub fn fix_target_section<'m>(model: &'m Model, settings: &Settings) -> Option<&'m PeersSection> {
    if let Some(name) = &settings.peers_section {
        return model.peers_section(name);
    }
    let mut enabled = model.peers.iter().filter(|s| !s.disabled);
    let first = enabled.next()?;
    enabled.next().is_none().then_some(first)
}

/// How an instance name relates to the peers of a section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerMatch {
    /// A peer carries exactly this name (index into `section.peers`).
    Exact(usize),
    /// No exact name, but peers that are plainly meant for it: same name but
    /// for case, short name against FQDN, or the instance's inventory address.
    NearMiss(Vec<usize>),
    /// Nothing resembles it.
    Missing,
}

/// Whether two peer names differ only in case or as short name and FQDN.
pub fn names_nearly_equal(a: &str, b: &str) -> bool {
    let short = |s: &str| s.split('.').next().unwrap_or(s).to_ascii_lowercase();
    a != b && (a.eq_ignore_ascii_case(b) || (short(a) == short(b) && (a.contains('.') || b.contains('.'))))
}

/// The normalised `host:port` of an inventory instance's address.
pub fn instance_address(instance: &Instance) -> Option<(NormalHost, u16)> {
    Address::parse(instance.address.as_deref()?).normalized()
}

/// Matches `name` (with its inventory address, if any) against a section.
/// To match many names against one section, build a [`PeerIndex`] once.
pub fn match_peer(section: &PeersSection, name: &str, address: Option<&(NormalHost, u16)>) -> PeerMatch {
    PeerIndex::new(section).match_peer(name, address)
}

/// The lower-cased short name (before the first dot) of a peer name.
fn short_name(name: &str) -> String {
    name.split('.').next().unwrap_or(name).to_ascii_lowercase()
}

/// A section's peers indexed by name, case-folded name, short name and
/// address, so that matching every instance of a big inventory against a
/// big section stays linear.
pub struct PeerIndex<'m> {
    section: &'m PeersSection,
    by_name: FxHashMap<&'m str, usize>,
    by_folded: FxHashMap<String, Vec<usize>>,
    by_short: FxHashMap<String, Vec<usize>>,
    by_address: FxHashMap<(NormalHost, u16), Vec<usize>>,
}

impl<'m> PeerIndex<'m> {
    /// Indexes the peers of `section`.
    pub fn new(section: &'m PeersSection) -> Self {
        let mut index = PeerIndex {
            section,
            by_name: FxHashMap::default(),
            by_folded: FxHashMap::default(),
            by_short: FxHashMap::default(),
            by_address: FxHashMap::default(),
        };
        for (i, p) in section.peers.iter().enumerate() {
            let name = p.item.name.as_str();
            index.by_name.entry(name).or_insert(i);
            index.by_folded.entry(name.to_ascii_lowercase()).or_default().push(i);
            index.by_short.entry(short_name(name)).or_default().push(i);
            if let Some(key) = p.item.address.as_ref().and_then(|(a, _)| a.normalized()) {
                index.by_address.entry(key).or_default().push(i);
            }
        }
        index
    }

    /// The peer carrying exactly `name`, if any (cheaper than
    /// [`PeerIndex::match_peer`] when the address is yet to be parsed).
    pub fn exact(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// [`match_peer`] against the indexed section.
    pub fn match_peer(&self, name: &str, address: Option<&(NormalHost, u16)>) -> PeerMatch {
        if let Some(&i) = self.by_name.get(name) {
            return PeerMatch::Exact(i);
        }
        let bucket =
            |map: &FxHashMap<String, Vec<usize>>, key: String| map.get(&key).cloned().unwrap_or_default();
        let mut near = bucket(&self.by_folded, name.to_ascii_lowercase());
        near.extend(bucket(&self.by_short, short_name(name)));
        if let Some(list) = address.and_then(|a| self.by_address.get(a)) {
            near.extend(list);
        }
        near.sort_unstable();
        near.dedup();
        near.retain(|&i| {
            let p = &self.section.peers[i].item;
            names_nearly_equal(&p.name, name)
                || (address.is_some()
                    && p.address.as_ref().and_then(|(a, _)| a.normalized()).as_ref() == address)
        });
        if near.is_empty() {
            PeerMatch::Missing
        } else {
            PeerMatch::NearMiss(near)
        }
    }
}

/// The inventory's instances by name (the first of a name, as a search in
/// order would find), for rules that look one up per peer line.
pub fn instances_by_name(settings: &Settings) -> FxHashMap<&str, &Instance> {
    let mut map = FxHashMap::default();
    for i in &settings.instances {
        map.entry(i.name.as_str()).or_insert(i);
    }
    map
}

/// Whether lines `a` and `b` sit in different branches of one `.if` block
/// (`.if` / `.elif` / `.else`), so that HAProxy never reads both of them.
pub fn in_exclusive_branches(file: &crate::ast::File, a: usize, b: usize) -> bool {
    file.conditionals.iter().any(|c| {
        let branch = |line: usize| {
            let line = u32::try_from(line).ok()?;
            let inside = line > c.if_line && c.endif_line.is_none_or(|end| line < end);
            inside.then(|| c.branches.iter().filter(|&&b| b < line).count())
        };
        matches!((branch(a), branch(b)), (Some(x), Some(y)) if x != y)
    })
}

/// One fact compared across the files of a cluster (`values`: file index and
/// the file's value; files without the fact are left out). Returns each file
/// that disagrees, with the files it disagrees with, all holding one value.
///
/// When one value is held by more files than any other (the majority), the
/// files holding another value disagree with the files holding it. Without
/// one (two files, or a tie), every file disagrees with the files holding the
/// first other value: with two files, both are reported.
pub fn cluster_deviations<T: PartialEq>(values: &[(usize, T)]) -> Vec<(usize, Vec<usize>)> {
    let groups = value_groups(values);
    if groups.len() < 2 {
        return Vec::new();
    }
    let most = groups.iter().map(|(_, f)| f.len()).max().unwrap_or(0);
    let leaders: Vec<usize> = (0..groups.len()).filter(|&g| groups[g].1.len() == most).collect();
    let mut out = Vec::new();
    for (g, (_, files)) in groups.iter().enumerate() {
        let against = match leaders.as_slice() {
            [leader] if *leader == g => continue,
            [leader] => *leader,
            _ => (0..groups.len()).find(|&o| o != g).unwrap_or(g),
        };
        out.extend(files.iter().map(|&f| (f, groups[against].1.clone())));
    }
    out.sort_by_key(|(f, _)| *f);
    out
}

/// The file every other file's fix aligns to: one of the largest group of
/// files holding one value, the one given first on a tie (with two files,
/// only the second is rewritten: never both toward each other).
pub fn cluster_reference<T: PartialEq>(values: &[(usize, T)]) -> Option<usize> {
    let groups = value_groups(values);
    let most = groups.iter().map(|g| g.1.len()).max()?;
    groups.iter().filter(|g| g.1.len() == most).map(|g| g.1[0]).min()
}

/// The files (`values`: file index and value) grouped by value, in the
/// order each value first appears.
fn value_groups<T: PartialEq>(values: &[(usize, T)]) -> Vec<(&T, Vec<usize>)> {
    let mut groups: Vec<(&T, Vec<usize>)> = Vec::new();
    for (file, value) in values {
        match groups.iter_mut().find(|(v, _)| *v == value) {
            Some((_, files)) => files.push(*file),
            None => groups.push((value, vec![*file])),
        }
    }
    groups
}

/// `one` for a single file, `many` for several ("differs" / "differ").
pub fn plural_verb(files: &[usize], one: &'static str, many: &'static str) -> &'static str {
    if files.len() == 1 {
        one
    } else {
        many
    }
}

/// File names for a message: `a`, `a and b`, `a, b and c`.
pub fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
