//! The stick tables of one file by the name peers know them by: a proxy's
//! table by the proxy's name, a peers-section table as `<peers>/<table>`.
//! The cross-file table rules compare them name by name.

use crate::ast::SectionKind;
use crate::model::Model;
use crate::span::Span;
use crate::views::stick_table::{KeyType, StickTable};
use rustc_hash::{FxHashMap, FxHashSet};

/// One stick table of one file.
pub(crate) struct TableDef<'m> {
    /// The name other sections use: the proxy's, or `<peers>/<table>`.
    pub(crate) name: String,
    /// The proxy's name, or the table's name without its section.
    pub(crate) bare: &'m str,
    /// The peers section holding it, for a peers-section table.
    pub(crate) section: Option<&'m str>,
    /// The kind of the proxy owning it, for a proxy table.
    pub(crate) owner: Option<SectionKind>,
    pub(crate) table: &'m StickTable,
    pub(crate) name_span: Span,
}

impl TableDef<'_> {
    pub(crate) fn shared(&self) -> bool {
        self.section.is_some() || self.table.peers.is_some()
    }

    /// The key compared by peers: type (with `ipv4` as `ip`) and length.
    pub(crate) fn key(&self) -> Option<(KeyType, Option<u32>)> {
        let (kt, _) = self.table.key_type.as_ref()?;
        let kt = if *kt == KeyType::Ipv4 { KeyType::Ip } else { kt.clone() };
        Some((kt, self.table.effective_len()))
    }

    /// The name peers send it under: `app`, or `/t1` for a peers-section table.
    pub(crate) fn wire_name(&self) -> String {
        match self.section {
            Some(_) => format!("/{}", self.bare),
            None => self.bare.to_owned(),
        }
    }

    /// Where it lives, for a message: `backend 'app'`, `peers section 'mesh'`.
    pub(crate) fn place(&self) -> String {
        match (self.section, self.owner) {
            (Some(s), _) => format!("table '{}' of peers section '{s}'", self.bare),
            (None, Some(kind)) => format!("the stick-table of {} '{}'", kind.keyword(), self.bare),
            (None, None) => format!("table '{}'", self.name),
        }
    }
}

/// The tables of one file, first definition of each name, with an index by
/// name (a generated config has tens of thousands).
pub(crate) struct FileTables<'m> {
    pub(crate) list: Vec<TableDef<'m>>,
    by_name: FxHashMap<String, usize>,
    /// `(bare name, in a peers section)` to index.
    by_bare: FxHashMap<(&'m str, bool), usize>,
}

impl<'m> FileTables<'m> {
    pub(crate) fn get(&self, name: &str) -> Option<&TableDef<'m>> {
        self.by_name.get(name).map(|&i| &self.list[i])
    }

    pub(crate) fn get_bare(&self, bare: &str, in_section: bool) -> Option<&TableDef<'m>> {
        self.by_bare.get(&(bare, in_section)).map(|&i| &self.list[i])
    }

    fn add(&mut self, def: TableDef<'m>) {
        if self.by_name.contains_key(&def.name) {
            return;
        }
        let i = self.list.len();
        self.by_name.insert(def.name.clone(), i);
        self.by_bare.entry((def.bare, def.section.is_some())).or_insert(i);
        self.list.push(def);
    }
}

pub(crate) fn tables(model: &Model) -> FileTables<'_> {
    let mut out =
        FileTables { list: Vec::new(), by_name: FxHashMap::default(), by_bare: FxHashMap::default() };
    for p in &model.proxies {
        let (Some(name), Some(t)) = (&p.name, p.stick_tables.first()) else { continue };
        if p.kind != SectionKind::Defaults {
            out.add(TableDef {
                name: name.to_string(),
                bare: name,
                section: None,
                owner: Some(p.kind),
                table: &t.item,
                name_span: p.name_span,
            });
        }
    }
    for s in &model.peers {
        for t in &s.tables {
            if !t.item.name.is_empty() {
                out.add(TableDef {
                    name: t.item.global_name(&s.name),
                    bare: &t.item.name,
                    section: Some(&s.name),
                    owner: None,
                    table: &t.item.table,
                    name_span: t.item.name_span,
                });
            }
        }
    }
    out
}

/// Each distinct value once, in order of first appearance.
pub(crate) fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = FxHashSet::default();
    values.filter(|v| seen.insert(*v)).collect()
}
