//! Years and timelines: from the first to the last year the sources speak of, what
//! happened each year (partners by the registry, joins, renames, discussions, the lists
//! speaking for it), one row per organisation and year (`partners-by-year.csv`), renames
//! without a date, and a timeline per partner (joined, renamed, first and last activity).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::findings::{
    ActivityRef, Discussion, JoinRow, KindCounts, Membership, Outcome, PartnerYear, RenameNote,
    Source, Timeline, YearAccount,
};
use super::lists::{ListKind, Period};
use super::names::rename_used;
use super::{activity_period, Builder};
use crate::model::Status;
use crate::registry::{Partner, PartnerRegistry};

/// Whether `p` was a partner in `year`, by its join date.
fn membership(p: &Partner, year: i32) -> Membership {
    match p.joined {
        Some(j) if j.year <= year => Membership::Yes,
        Some(_) => Membership::No,
        None => Membership::Unknown,
    }
}

/// The partners by join date, then name (no date last).
fn in_join_order(reg: &PartnerRegistry) -> Vec<&Partner> {
    let mut order: Vec<&Partner> = reg.partners().iter().collect();
    order.sort_by(|a, b| {
        (a.joined.is_none(), a.joined, &a.name).cmp(&(b.joined.is_none(), b.joined, &b.name))
    });
    order
}

impl Builder<'_> {
    /// The years the sources speak of, each year's account, partners by year; renames
    /// without a date; a timeline per partner.
    pub(super) fn years(&mut self) {
        if let Some((lo, hi)) = self.year_range() {
            self.year_accounts(lo, hi);
            self.partners_by_year(lo, hi);
        }
        self.undated_renames();
        self.timelines();
    }

    /// From the first to the last year named by a join, a rename, a list or an activity.
    fn year_range(&self) -> Option<(i32, i32)> {
        let reg = self.inp.registry;
        let acts = self.inp.activities;
        let mut years: BTreeSet<i32> = BTreeSet::new();
        for p in reg.partners() {
            if let Some(j) = p.joined {
                years.insert(j.year);
            }
            for r in &p.renames {
                if let Some(d) = r.date {
                    years.insert(d.year);
                }
            }
        }
        for l in &self.r.lists {
            if let Some(a) = l.as_of {
                years.insert(a.first.year());
                years.insert(a.last.year());
            }
        }
        for a in acts {
            if let Some(s) = a.date.start {
                years.insert(s.year());
            }
            if let Some(e) = a.date.end {
                years.insert(e.year());
            }
        }
        let (Some(&lo), Some(&hi)) = (years.first(), years.last()) else {
            return None;
        };
        // Guard against a stray far date making thousands of rows.
        Some((lo, hi.min(lo + 200)))
    }

    /// Year by year: partners, joins, renames, discussions, lists.
    fn year_accounts(&mut self, lo: i32, hi: i32) {
        let reg = self.inp.registry;
        for y in lo..=hi {
            let mut members = KindCounts::default();
            let mut joined = Vec::new();
            let mut renamed = Vec::new();
            for p in reg.partners() {
                if membership(p, y) == Membership::Yes {
                    members.add(Some(p.kind));
                }
                if let Some(j) = p.joined.filter(|j| j.year == y) {
                    // The registry file is named once, above the table.
                    joined.push(JoinRow {
                        name: p.name.clone(),
                        date: j,
                        source: p.joined_source.clone(),
                        line: p.line,
                    });
                }
                for r in &p.renames {
                    if r.date.is_some_and(|d| d.year == y) {
                        renamed.push(RenameNote {
                            from: p.name.clone(),
                            rename: r.clone(),
                            registry: None,
                            written: Vec::new(),
                        });
                    }
                }
            }
            joined.sort_by(|a, b| (a.date, &a.name).cmp(&(b.date, &b.name)));
            let lists: Vec<usize> = (0..self.r.lists.len())
                .filter(|&i| {
                    self.r.lists[i]
                        .as_of
                        .is_some_and(|a| a.first.year() <= y && y <= a.last.year())
                })
                .collect();
            let mut discussions = Vec::new();
            for &li in &lists {
                let l = &self.r.lists[li];
                if l.kind != ListKind::Candidates {
                    continue;
                }
                for &i in &l.names {
                    let n = &self.r.names[i];
                    let outcome = match (self.row_partner[i], &n.canonical) {
                        (Some(p), _) => p.joined.map_or(Outcome::PartnerUndated, Outcome::Joined),
                        (None, Some(c)) if reg.candidates().iter().any(|x| &x.name == c) => {
                            Outcome::NeverJoined
                        }
                        (None, Some(_)) => Outcome::NotAPartner,
                        (None, None) => Outcome::NotInRegistry,
                    };
                    discussions.push(Discussion {
                        name_as_written: n.name_as_written.clone(),
                        list: l.cite(),
                        outcome,
                        place: n.location.clone(),
                    });
                }
            }
            self.r.years.push(YearAccount {
                year: y,
                members,
                joined,
                renamed,
                discussions,
                lists,
            });
        }
    }

    /// Renames the registry gives no date for, with the list rows that write them.
    fn undated_renames(&mut self) {
        let reg = self.inp.registry;
        for p in reg.partners() {
            for r in p.renames.iter().filter(|r| r.date.is_none()) {
                let written: Vec<Source> = self
                    .r
                    .names
                    .iter()
                    .filter(|n| {
                        n.canonical.as_deref() == Some(p.name.as_str())
                            && rename_used(p, &n.name_as_written).is_some_and(|u| u.to == r.to)
                    })
                    .map(|n| Source::Name {
                        place: n.location.clone(),
                        list: n.list.clone(),
                        written: n.name_as_written.clone(),
                    })
                    .collect();
                self.r.undated_renames.push(RenameNote {
                    from: p.name.clone(),
                    rename: r.clone(),
                    registry: Some(self.registry_place(p.line, &p.name)),
                    written,
                });
            }
        }
    }

    /// One row per partner (in order of joining, then candidates) and year.
    fn partners_by_year(&mut self, lo: i32, hi: i32) {
        let reg = self.inp.registry;
        let acts = self.inp.activities;
        let span_years = |p: Period| -> std::ops::RangeInclusive<i32> {
            p.first.year().max(lo)..=p.last.year().min(hi)
        };
        let order = in_join_order(reg);
        let open: Vec<Period> = acts
            .iter()
            .filter(|a| a.all_partners)
            .filter_map(activity_period)
            .collect();
        let lists_naming = |name: &str, y: i32| -> Vec<String> {
            self.r
                .lists
                .iter()
                .filter(|l| {
                    l.as_of
                        .is_some_and(|a| a.first.year() <= y && y <= a.last.year())
                })
                .filter(|l| {
                    l.names
                        .iter()
                        .any(|&i| self.r.names[i].canonical.as_deref() == Some(name))
                })
                .map(|l| format!("{}: {}", l.source, l.label))
                .collect()
        };
        let mut rows = Vec::new();
        for p in &order {
            let named: Vec<(Period, bool)> = self
                .by_partner
                .get(p.name.as_str())
                .map(|idx| {
                    idx.iter()
                        .filter_map(|&i| {
                            activity_period(&acts[i])
                                .map(|per| (per, acts[i].status == Status::Cancelled))
                        })
                        .collect()
                })
                .unwrap_or_default();
            for y in lo..=hi {
                let partner = membership(p, y);
                let mut events = Vec::new();
                if let Some(j) = p.joined.filter(|j| j.year == y) {
                    events.push(format!("joined {j}"));
                }
                for r in p
                    .renames
                    .iter()
                    .filter(|r| r.date.is_some_and(|d| d.year == y))
                {
                    events.push(format!(
                        "renamed {} ({})",
                        r.to,
                        r.date.map(|d| d.to_string()).unwrap_or_default()
                    ));
                }
                let touching: Vec<&(Period, bool)> = named
                    .iter()
                    .filter(|(per, _)| span_years(*per).contains(&y))
                    .collect();
                rows.push(PartnerYear {
                    name: p.name.clone(),
                    kind: p.kind.as_str(),
                    year: y,
                    partner,
                    events,
                    lists: lists_naming(&p.name, y),
                    activities: touching.len(),
                    cancelled: touching.iter().filter(|(_, c)| *c).count(),
                    open_to_all: if partner == Membership::Yes {
                        open.iter()
                            .filter(|per| span_years(**per).contains(&y))
                            .count()
                    } else {
                        0
                    },
                });
            }
        }
        for c in reg.candidates() {
            for y in lo..=hi {
                rows.push(PartnerYear {
                    name: c.name.clone(),
                    kind: "candidate",
                    year: y,
                    partner: Membership::No,
                    events: Vec::new(),
                    lists: lists_naming(&c.name, y),
                    activities: 0,
                    cancelled: 0,
                    open_to_all: 0,
                });
            }
        }
        self.r.partners_by_year = rows;
    }

    /// A timeline per partner, in order of joining.
    fn timelines(&mut self) {
        let acts = self.inp.activities;
        let order = in_join_order(self.inp.registry);
        for p in &order {
            let idx = self
                .by_partner
                .get(p.name.as_str())
                .cloned()
                .unwrap_or_default();
            let mut dated: Vec<(NaiveDate, usize)> = idx
                .iter()
                .filter_map(|&i| acts[i].date.start.map(|d| (d, i)))
                .collect();
            dated.sort();
            let lists = self
                .r
                .lists
                .iter()
                .filter(|l| {
                    l.names
                        .iter()
                        .any(|&i| self.r.names[i].canonical.as_deref() == Some(p.name.as_str()))
                })
                .count();
            self.r.timelines.push(Timeline {
                name: p.name.clone(),
                kind: p.kind,
                joined: p.joined,
                renames: p.renames.clone(),
                first_activity: dated.first().map(|&(_, i)| ActivityRef::of(&acts[i])),
                last_activity: dated.last().map(|&(_, i)| ActivityRef::of(&acts[i])),
                activities: idx.len(),
                lists,
            });
        }
    }
}
