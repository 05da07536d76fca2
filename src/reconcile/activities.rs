//! The activities against the registry and the lists: partners named in activities
//! dated before they joined, or while no partner list speaking for the time names them;
//! names in activities that are not partners (known non-partners, candidates, names
//! that matched nothing); and the names to review, from activities and lists.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::Datelike;

use super::findings::{
    ActivityRef, Disagreement, Finding, NameStatus, PartnerList, ReviewName, Source, Standing,
    Topic,
};
use super::{activity_period, join_period, Builder};
use crate::registry::{Entity, Partner};

/// The first year of the dated activities among `refs`.
fn first_year(refs: &[ActivityRef]) -> Option<i32> {
    refs.iter().filter_map(|r| r.start.map(|d| d.year())).min()
}

impl Builder<'_> {
    /// Activities: who is named, before joining or before being listed, and names that
    /// match no partner; then the unmatched names of the lists, for review.
    pub(super) fn activities(&mut self) {
        let acts = self.inp.activities;
        let mut outside: BTreeMap<Arc<str>, Vec<usize>> = BTreeMap::new();
        let mut unmatched: BTreeMap<Arc<str>, Vec<usize>> = BTreeMap::new();
        for (i, a) in acts.iter().enumerate() {
            for p in &a.partners {
                self.by_partner.entry(Arc::clone(p)).or_default().push(i);
            }
            for o in &a.other_organisations {
                outside.entry(Arc::clone(o)).or_default().push(i);
            }
            for u in &a.unmatched {
                unmatched.entry(Arc::clone(u)).or_default().push(i);
            }
        }
        self.activities_against_joins_and_lists();
        self.named_not_partners(&outside, &unmatched);
        self.review_list_names();
    }

    /// Partners named in activities dated before their join date, or while absent
    /// from every complete list speaking for that year or earlier.
    fn activities_against_joins_and_lists(&mut self) {
        // The lists that say who is a partner at a known date.
        let partner_lists: Vec<&PartnerList> = self
            .r
            .lists
            .iter()
            .filter(|l| l.is_complete() && !l.names.is_empty() && l.as_of.is_some())
            .collect();
        let mut found = Vec::new();
        for p in self.inp.registry.partners() {
            let Some(idx) = self.by_partner.get(p.name.as_str()) else {
                continue;
            };
            found.extend(self.active_before_joined(p, idx));
            found.extend(self.active_before_listed(p, idx, &partner_lists));
        }
        self.found.extend(found);
    }

    /// The activities of `idx` dated before `p` joined, by the registry.
    fn active_before_joined(&self, p: &Partner, idx: &[usize]) -> Option<Disagreement> {
        let acts = self.inp.activities;
        let joined = join_period(p)?;
        let refs: Vec<ActivityRef> = idx
            .iter()
            .map(|&i| &acts[i])
            .filter(|a| activity_period(a).is_some_and(|period| period.last < joined.first))
            .map(ActivityRef::of)
            .collect();
        if refs.is_empty() {
            return None;
        }
        let mut sources = vec![self.join_claim(p)];
        sources.extend(refs.iter().map(ActivityRef::source));
        Some(Disagreement {
            topic: Topic::ActiveBeforeJoined,
            subject: p.name.clone(),
            year: first_year(&refs),
            finding: Finding::ActiveBeforeJoined {
                partner: p.name.clone(),
                joined: p.joined,
                activities: refs,
            },
            sources,
        })
    }

    /// The activities of `idx` in a year for which lists speak, none of which names `p`
    /// yet: a list speaks for its first year and every later one, so `p` is absent up
    /// to the first year a list names it.
    fn active_before_listed(
        &self,
        p: &Partner,
        idx: &[usize],
        partner_lists: &[&PartnerList],
    ) -> Option<Disagreement> {
        let acts = self.inp.activities;
        let first_year = |l: &&PartnerList| l.as_of.map(|a| a.first.year());
        let lists_from = partner_lists.iter().filter_map(first_year).min()?;
        let naming: Vec<&PartnerList> = partner_lists
            .iter()
            .copied()
            .filter(|l| l.partners.contains(&p.name))
            .collect();
        let named_from = naming.iter().filter_map(first_year).min();
        let refs: Vec<ActivityRef> = idx
            .iter()
            .map(|&i| &acts[i])
            .filter(|a| {
                activity_period(a).is_some_and(|period| {
                    let year = period.first.year();
                    lists_from <= year && named_from.is_none_or(|named| year < named)
                })
            })
            .map(ActivityRef::of)
            .collect();
        let years: BTreeSet<i32> = refs
            .iter()
            .filter_map(|r| r.start.map(|d| d.year()))
            .collect();
        // The lists speaking for the latest of those years (and so for the others).
        let last = *years.last()?;
        let checked: Vec<&PartnerList> = partner_lists
            .iter()
            .copied()
            .filter(|l| first_year(l).is_some_and(|y| y <= last))
            .collect();
        let first_listed = naming.iter().min_by_key(|l| l.as_of.map(|a| a.first));
        let mut sources: Vec<Source> = refs.iter().map(ActivityRef::source).collect();
        sources.extend(checked.iter().chain(first_listed).map(|l| l.source(true)));
        Some(Disagreement {
            topic: Topic::ActiveBeforeListed,
            subject: p.name.clone(),
            year: years.first().copied(),
            finding: Finding::ActiveBeforeListed {
                partner: p.name.clone(),
                activities: refs,
                years: years.into_iter().collect(),
                checked: checked.iter().map(|l| l.cite()).collect(),
                first_listed: first_listed.map(|l| l.cite()),
            },
            sources,
        })
    }

    /// Names in activities that are not partners: known non-partners, candidates and
    /// names that matched nothing (with suggestions).
    fn named_not_partners(
        &mut self,
        outside: &BTreeMap<Arc<str>, Vec<usize>>,
        unmatched: &BTreeMap<Arc<str>, Vec<usize>>,
    ) {
        let reg = self.inp.registry;
        let acts = self.inp.activities;
        for (name, idx) in outside {
            // A name the registry knows as not a partner is settled; one only the
            // workplan marks is not.
            let (topic, standing, place) = match reg.lookup(name).map(|m| m.entity) {
                Some(Entity::NonPartner(n)) => (
                    Topic::NamedKnownNonPartner,
                    Standing::KnownNonPartner(n.note.clone()),
                    Some(self.registry_place(n.line, &n.name)),
                ),
                Some(Entity::Candidate(c)) => (
                    Topic::NamedKnownNonPartner,
                    Standing::Candidate,
                    Some(self.registry_place(c.line, &c.name)),
                ),
                _ => (Topic::NamedNotPartner, Standing::WorkplanOnly, None),
            };
            let refs: Vec<ActivityRef> = idx.iter().map(|&i| ActivityRef::of(&acts[i])).collect();
            let mut sources: Vec<Source> = refs.iter().map(ActivityRef::source).collect();
            sources.extend(place);
            self.found.push(Disagreement {
                topic,
                subject: name.to_string(),
                year: first_year(&refs),
                finding: Finding::NamedNotPartner {
                    name: name.to_string(),
                    standing,
                    activities: refs,
                },
                sources,
            });
        }
        for (name, idx) in unmatched {
            let refs: Vec<ActivityRef> = idx.iter().map(|&i| ActivityRef::of(&acts[i])).collect();
            let suggestions = reg.suggest(name, 3);
            self.found.push(Disagreement {
                topic: Topic::NamedNotPartner,
                subject: name.to_string(),
                year: first_year(&refs),
                sources: refs.iter().map(ActivityRef::source).collect(),
                finding: Finding::NamedUnmatched {
                    name: name.to_string(),
                    suggestions: suggestions.clone(),
                    activities: refs.clone(),
                },
            });
            self.r.review.push(ReviewName {
                name: name.to_string(),
                places: refs.iter().map(|r| r.place.clone()).collect(),
                suggestions,
            });
        }
    }

    /// Unmatched names on lists, once per spelling, for review.
    fn review_list_names(&mut self) {
        let mut by_name: BTreeMap<&str, ReviewName> = BTreeMap::new();
        for n in self
            .r
            .names
            .iter()
            .filter(|n| n.status == NameStatus::Unmatched)
        {
            by_name
                .entry(n.name_as_written.as_str())
                .or_insert_with(|| ReviewName {
                    name: n.name_as_written.clone(),
                    places: Vec::new(),
                    suggestions: n.suggestions.clone(),
                })
                .places
                .push(format!("{} ({})", n.place, n.list));
        }
        let list_review: Vec<ReviewName> = by_name.into_values().collect();
        self.r.review.extend(list_review);
    }
}
