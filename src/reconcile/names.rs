//! Each name on each list read against the registry: which list it is on (a list is made
//! on its first row), what it is (partner, joiner, renamed, candidate, non-partner,
//! unmatched), the note of its row in `reconciliation.csv`, and the disagreements one
//! row shows on its own (a list naming a non-member, a join date, a candidate already a
//! partner).

use std::collections::hash_map::Entry as MapEntry;
use std::collections::BTreeSet;

use chrono::Datelike;

use super::findings::{
    Disagreement, Finding, ListRef, NameStatus, PartnerList, ReconciledName, Source, Topic,
};
use super::lists::{ListEntry, ListHead, ListKind, Period};
use super::wording::{describe_rename, suggestion_text};
use super::{join_period, Builder};
use crate::diagnostic::{Diagnostic, Kind};
use crate::model::Location;
use crate::registry::{self, Entity, Partner, Rename};

/// What the rules for one name need to know of its list.
struct ListView {
    kind: ListKind,
    as_of: Option<Period>,
    as_of_text: String,
    /// The first year its date speaks for.
    year: Option<i32>,
    /// The list as findings cite it.
    cite: ListRef,
}

impl ListView {
    fn of(l: &PartnerList) -> ListView {
        ListView {
            kind: l.kind,
            as_of: l.as_of,
            as_of_text: l.as_of_text.clone(),
            year: l.as_of.map(|a| a.first.year()),
            cite: l.cite(),
        }
    }
}

/// What the registry says of one name as written.
struct Reading<'a> {
    status: NameStatus,
    /// The registry's name for it, when it has one.
    canonical: Option<String>,
    /// The partner it names, when it names one.
    partner: Option<&'a Partner>,
    /// Registry suggestions (unmatched names only).
    suggestions: Vec<(String, f64)>,
}

impl Reading<'_> {
    /// A name the registry knows, that is not a partner.
    fn known(status: NameStatus, canonical: &str) -> Self {
        Reading {
            status,
            canonical: Some(canonical.to_owned()),
            partner: None,
            suggestions: Vec::new(),
        }
    }
}

/// The rename of `p` that `written` uses: "Element AI (now ServiceNow)" and "ServiceNow"
/// both use the rename to ServiceNow.
pub(super) fn rename_used<'p>(p: &'p Partner, written: &str) -> Option<&'p Rename> {
    let words = format!(" {} ", registry::name_key(written));
    p.renames.iter().find(|r| {
        let k = registry::name_key(&r.to);
        !k.is_empty() && words.contains(&format!(" {k} "))
    })
}

impl<'a> Builder<'a> {
    /// The list a row belongs to, created on its first row; the row's place is recorded
    /// among the list's names or claims.
    pub(super) fn list_of(&mut self, head: &ListHead, place: &Location, claim: bool) -> usize {
        let key = (head.source.clone(), head.list.clone());
        if let Some(&i) = self.list_index.get(&key) {
            let l = &mut self.r.lists[i];
            if l.as_of_text != head.as_of_text || l.kind != head.kind {
                let kind = Kind::ListRedefined {
                    list: l.describe(),
                    first: (l.as_of_text.clone(), l.kind.as_str()),
                    again: (head.as_of_text.clone(), head.kind.as_str()),
                };
                self.r.warnings.push(Diagnostic::new(place.clone(), kind));
            }
            if claim {
                l.claim_rows.push(place.clone());
            } else {
                l.rows.push(place.clone());
            }
            return i;
        }
        self.r.lists.push(PartnerList {
            source: head.source.clone(),
            label: head.list.clone(),
            as_of_text: head.as_of_text.clone(),
            as_of: head.as_of,
            kind: head.kind,
            names: Vec::new(),
            partners: BTreeSet::new(),
            rows: if claim {
                Vec::new()
            } else {
                vec![place.clone()]
            },
            claim_rows: if claim {
                vec![place.clone()]
            } else {
                Vec::new()
            },
        });
        self.list_index.insert(key, self.r.lists.len() - 1);
        self.r.lists.len() - 1
    }

    /// Every name on every list: matched, given a status and a note; row-level
    /// disagreements recorded. Then the lists that only counts are announced for.
    pub(super) fn lists(&mut self) {
        for entry in &self.inp.lists.entries {
            self.list_name(entry);
        }
        // Claims may name lists that have no names of their own.
        for claim in &self.inp.lists.claims {
            self.list_of(&claim.head, &claim.place, true);
        }
    }

    /// One name on a list, read and recorded with its list.
    fn list_name(&mut self, entry: &ListEntry) {
        let li = self.list_of(&entry.head, &entry.place, false);
        let list = ListView::of(&self.r.lists[li]);
        let place = entry.place.to_string();
        let written = entry.name_as_written.as_str();
        let mut notes: Vec<String> = Vec::new();
        let reading = self.read_name(written, &list, &entry.place, &mut notes);
        let index = self.r.names.len();
        if let Some(c) = &reading.canonical {
            match self.first_on_list.entry((li, c.clone())) {
                MapEntry::Occupied(first) => {
                    notes.push(format!(
                        "also listed at {}",
                        self.r.names[*first.get()].place
                    ));
                }
                MapEntry::Vacant(v) => {
                    v.insert(index);
                }
            }
        }
        if !entry.note.is_empty() {
            notes.push(format!("row note: {}", entry.note));
        }
        self.r.names.push(ReconciledName {
            source: entry.head.source.clone(),
            list: entry.head.list.clone(),
            as_of: entry.head.as_of_text.clone(),
            name_as_written: written.to_owned(),
            canonical: reading.canonical,
            status: reading.status,
            note: notes.join("; "),
            place,
            location: entry.place.clone(),
            suggestions: reading.suggestions,
        });
        self.row_partner.push(reading.partner);
        let l = &mut self.r.lists[li];
        l.names.push(index);
        if let Some(p) = reading.partner {
            l.partners.insert(p.name.clone());
        }
    }

    /// What the registry says of `written` on `list`, with its notes; a candidate on a
    /// list of partners is a disagreement, a non-partner there a settled fact.
    fn read_name(
        &mut self,
        written: &str,
        list: &ListView,
        place: &Location,
        notes: &mut Vec<String>,
    ) -> Reading<'a> {
        let reg = self.inp.registry;
        match reg.lookup(written).map(|m| m.entity) {
            Some(Entity::Partner(p)) => Reading {
                status: self.partner_on_list(p, list, written, place, notes),
                canonical: Some(p.name.clone()),
                partner: Some(p),
                suggestions: Vec::new(),
            },
            Some(Entity::Candidate(c)) => {
                let registry_place = self.registry_place(c.line, &c.name);
                notes.push(format!(
                    "registry candidate, never joined ({})",
                    registry_place.text()
                ));
                if list.kind != ListKind::Candidates {
                    self.found.push(Disagreement {
                        topic: Topic::ListNamesNonMember,
                        subject: c.name.clone(),
                        year: list.year,
                        finding: Finding::NamesCandidate {
                            list: list.cite.clone(),
                            written: written.to_owned(),
                        },
                        sources: vec![Source::At(place.clone()), registry_place],
                    });
                }
                Reading::known(NameStatus::Candidate, &c.name)
            }
            Some(Entity::NonPartner(n)) => {
                let registry_place = self.registry_place(n.line, &n.name);
                notes.push(format!("not a partner ({})", registry_place.text()));
                if list.kind != ListKind::Candidates {
                    self.found.push(Disagreement {
                        topic: Topic::ListNamesKnownNonPartner,
                        subject: n.name.clone(),
                        year: list.year,
                        finding: Finding::NamesKnownNonPartner {
                            list: list.cite.clone(),
                            written: written.to_owned(),
                        },
                        sources: vec![Source::At(place.clone()), registry_place],
                    });
                }
                Reading::known(NameStatus::NotAPartner, &n.name)
            }
            Some(Entity::Placeholder | Entity::All) => {
                notes.push("a placeholder: names no organisation".to_owned());
                Reading {
                    status: NameStatus::Unmatched,
                    canonical: None,
                    partner: None,
                    suggestions: Vec::new(),
                }
            }
            None => {
                let suggestions = reg.suggest(written, 3);
                notes.push(format!(
                    "no registry match{}; settle “{written}” in {} (an alias of a partner, \
                     a non-partner or a placeholder) and run again",
                    suggestion_text(&suggestions),
                    self.inp.registry_file
                ));
                Reading {
                    status: NameStatus::Unmatched,
                    canonical: None,
                    partner: None,
                    suggestions,
                }
            }
        }
    }

    /// The status of a registry partner on `list`, its notes, and the row-level
    /// disagreements.
    fn partner_on_list(
        &mut self,
        p: &Partner,
        list: &ListView,
        written: &str,
        place: &Location,
        notes: &mut Vec<String>,
    ) -> NameStatus {
        let renamed = rename_used(p, written);
        if let Some(r) = renamed {
            notes.push(format!(
                "written under its later name: {}",
                describe_rename(p, r)
            ));
        }
        let joined = join_period(p);
        let j_text = p.joined.map(|j| j.to_string()).unwrap_or_default();
        let status = match (list.kind, joined, list.as_of) {
            (ListKind::Candidates, Some(j), Some(a)) => {
                if j.last < a.first {
                    notes.push(format!("already a partner: joined {j_text}"));
                    self.found.push(Disagreement {
                        topic: Topic::AlreadyPartner,
                        subject: p.name.clone(),
                        year: list.year,
                        finding: Finding::AlreadyPartner {
                            list: list.cite.clone(),
                            written: written.to_owned(),
                            partner: p.name.clone(),
                            joined: p.joined,
                        },
                        sources: vec![Source::At(place.clone()), self.join_claim(p)],
                    });
                } else {
                    notes.push(format!("in discussion; joined {j_text} (registry)"));
                }
                NameStatus::Candidate
            }
            (ListKind::Candidates, _, _) => {
                notes.push("in discussion; a partner by the registry".to_owned());
                NameStatus::Candidate
            }
            (ListKind::Joined, Some(j), Some(a)) => {
                if j.overlaps(&a) {
                    notes.push(format!("joined {j_text} (registry)"));
                } else {
                    notes.push(format!(
                        "the registry has it joining on {j_text}, not {}",
                        list.as_of_text
                    ));
                    self.found.push(Disagreement {
                        topic: Topic::JoinDate,
                        subject: p.name.clone(),
                        year: list.year,
                        finding: Finding::JoinDate {
                            list: list.cite.clone(),
                            written: written.to_owned(),
                            partner: p.name.clone(),
                            joined: p.joined,
                        },
                        sources: vec![Source::At(place.clone()), self.join_claim(p)],
                    });
                }
                NameStatus::Joined
            }
            (ListKind::Joined, _, _) => NameStatus::Joined,
            (ListKind::Members | ListKind::Named, Some(j), Some(a)) => {
                if j.first > a.last {
                    notes.push(format!("not yet a partner: joined {j_text} (registry)"));
                    self.found.push(Disagreement {
                        topic: Topic::ListNamesNonMember,
                        subject: p.name.clone(),
                        year: list.year,
                        finding: Finding::NotYetPartner {
                            list: list.cite.clone(),
                            written: written.to_owned(),
                            partner: p.name.clone(),
                            joined: p.joined,
                        },
                        sources: vec![Source::At(place.clone()), self.join_claim(p)],
                    });
                } else if j.last > a.first {
                    notes.push(format!("joined {j_text}, within the list's period"));
                } else {
                    notes.push(format!("partner since {j_text}"));
                }
                NameStatus::Partner
            }
            (ListKind::Members | ListKind::Named, _, _) => NameStatus::Partner,
        };
        if joined.is_none() {
            notes.push("the registry gives no join date".to_owned());
        }
        match (renamed, status) {
            (Some(_), NameStatus::Partner | NameStatus::Joined) => NameStatus::Renamed,
            _ => status,
        }
    }
}
