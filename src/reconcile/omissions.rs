//! What the lists leave out, by the registry: partners a complete list should name (it
//! joined before the list's date), joiners a document's own list of members forgets, and
//! registry candidates that were in discussion and never joined.

use chrono::Datelike;

use super::findings::{Disagreement, Finding, ListRef, PartnerList, ReconciledName, Source, Topic};
use super::lists::ListKind;
use super::{join_period, Builder};

impl Builder<'_> {
    /// Lists that leave out a partner: by the registry's join date (per partner), and
    /// members lists leaving out joiners of the same document (per list).
    pub(super) fn omissions(&mut self) {
        let lists = &self.r.lists;
        // Per partner: lists that certainly should name it.
        for p in self.inp.registry.partners() {
            let Some(j) = join_period(p) else { continue };
            let missing: Vec<&PartnerList> = lists
                .iter()
                .filter(|l| !l.names.is_empty() && !l.partners.contains(&p.name))
                .filter(|l| match (l.kind, l.as_of) {
                    (ListKind::Members, Some(a)) => j.last <= a.first,
                    (ListKind::Joined, Some(a)) => j.within(&a),
                    _ => false,
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            let finding = Finding::ListsOmitPartner {
                partner: p.name.clone(),
                joined: p.joined,
                lists: missing.iter().map(|l| l.cite()).collect(),
            };
            let mut sources = vec![self.join_claim(p)];
            sources.extend(missing.iter().map(|l| l.source(true)));
            self.found.push(Disagreement {
                topic: Topic::ListOmitsPartner,
                subject: p.name.clone(),
                year: Some(j.first.year()),
                finding,
                sources,
            });
        }
        // Per members list: joiners of the same document, at or before its date.
        for m in lists.iter().filter(|l| l.kind == ListKind::Members) {
            let Some(ma) = m.as_of else { continue };
            if m.names.is_empty() {
                continue;
            }
            for j in lists.iter().filter(|l| {
                l.kind == ListKind::Joined
                    && l.source == m.source
                    && l.as_of.is_some_and(|a| a.last <= ma.last)
            }) {
                let left_out: Vec<&str> = j
                    .partners
                    .iter()
                    .filter(|p| !m.partners.contains(*p))
                    .map(String::as_str)
                    .collect();
                if left_out.is_empty() {
                    continue;
                }
                self.found.push(Disagreement {
                    topic: Topic::ListOmitsOwnJoiners,
                    subject: m.label.clone(),
                    year: Some(ma.first.year()),
                    finding: Finding::ListOmitsOwnJoiners {
                        members: m.cite(),
                        joiners: j.cite(),
                        left_out: left_out.iter().map(|s| (*s).to_owned()).collect(),
                    },
                    sources: vec![m.source(true), j.source(true)],
                });
            }
        }
    }

    /// Registry candidates: in discussion on lists, or only in the registry, never joined.
    pub(super) fn candidates_never_joined(&mut self) {
        let reg = self.inp.registry;
        for c in reg.candidates() {
            let rows: Vec<&ReconciledName> = self
                .r
                .names
                .iter()
                .filter(|n| n.canonical.as_deref() == Some(c.name.as_str()))
                .collect();
            let discussed: Vec<&PartnerList> = self
                .r
                .lists
                .iter()
                .filter(|l| {
                    l.names
                        .iter()
                        .any(|&i| self.r.names[i].canonical.as_deref() == Some(c.name.as_str()))
                })
                .collect();
            let since = discussed
                .iter()
                .filter_map(|l| l.as_of.map(|a| a.first))
                .min();
            let later: Vec<ListRef> = self
                .r
                .lists
                .iter()
                .filter(|l| l.is_complete() && !l.names.is_empty())
                .filter(|l| match (since, l.as_of) {
                    (Some(s), Some(a)) => a.last >= s,
                    _ => false,
                })
                .filter(|l| {
                    !l.names
                        .iter()
                        .any(|&i| self.r.names[i].canonical.as_deref() == Some(c.name.as_str()))
                })
                .map(PartnerList::cite)
                .collect();
            let finding = Finding::NeverJoined {
                candidate: c.name.clone(),
                discussed: discussed.iter().map(|l| l.cite()).collect(),
                later,
                note: c.note.clone(),
            };
            let mut sources: Vec<Source> = rows
                .iter()
                .map(|n| Source::Name {
                    place: n.location.clone(),
                    list: n.list.clone(),
                    written: n.name_as_written.clone(),
                })
                .collect();
            let mut reg_place = self.registry_place(c.line, &c.name);
            if let Source::Registry { source, .. } = &mut reg_place {
                source.clone_from(&c.source);
            }
            sources.push(reg_place);
            self.found.push(Disagreement {
                topic: Topic::NeverJoined,
                subject: c.name.clone(),
                year: since.map(|d| d.year()),
                finding,
                sources,
            });
        }
    }
}
