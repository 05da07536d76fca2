//! The activities against the registry and the lists: partners named in activities
//! dated before they joined, or while no partner list speaking for the time names them;
//! names in activities that are not partners (known non-partners, candidates, names
//! that matched nothing); and the names to review, from activities and lists.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::Datelike;

use super::findings::{ActivityRef, Disagreement, NameStatus, PartnerList, ReviewName, Topic};
use super::wording::{join_and, plural, suggestion_text};
use super::{activity_period, join_period, Builder};
use crate::registry::{Entity, Partner};

/// The first year of the dated activities among `refs`.
fn first_year(refs: &[ActivityRef]) -> Option<i32> {
    refs.iter().filter_map(|r| r.start.map(|d| d.year())).min()
}

/// "“World Mobile Congress 2019” (25-27/02/2019); “…” (…)".
fn describe_all(refs: &[ActivityRef]) -> String {
    refs.iter()
        .map(ActivityRef::describe)
        .collect::<Vec<_>>()
        .join("; ")
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
        sources.extend(refs.iter().map(|r| r.place.clone()));
        Some(Disagreement {
            topic: Topic::ActiveBeforeJoined,
            subject: p.name.clone(),
            year: first_year(&refs),
            text: format!(
                "{} is named in {} dated before its join date ({}): {}.",
                p.name,
                plural(refs.len() as u32, "activity", "activities"),
                p.joined.map(|d| d.to_string()).unwrap_or_default(),
                describe_all(&refs)
            ),
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
        let mut text = format!(
            "{} takes part in {} in {} but is absent from every partner list speaking \
             for that time or earlier: {}.",
            p.name,
            plural(refs.len() as u32, "activity", "activities"),
            join_and(&years.iter().map(i32::to_string).collect::<Vec<_>>()),
            checked
                .iter()
                .map(|l| l.describe())
                .collect::<Vec<_>>()
                .join("; ")
        );
        text.push_str(&format!(" Activities: {}.", describe_all(&refs)));
        match first_listed {
            Some(l) => text.push_str(&format!(" First listed: {}.", l.describe())),
            None => text.push_str(" No list names it."),
        }
        let mut sources: Vec<String> = refs.iter().map(|r| r.place.clone()).collect();
        sources.extend(
            checked
                .iter()
                .chain(first_listed)
                .map(|l| format!("{} ({})", l.place(), l.label)),
        );
        Some(Disagreement {
            topic: Topic::ActiveBeforeListed,
            subject: p.name.clone(),
            year: years.first().copied(),
            text,
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
            let (topic, said, place) = match reg.lookup(name).map(|m| m.entity) {
                Some(Entity::NonPartner(n)) => (
                    Topic::NamedKnownNonPartner,
                    match &n.note {
                        Some(note) => format!("a known non-partner ({note})"),
                        None => "a known non-partner".to_owned(),
                    },
                    Some(self.registry_place(n.line, &n.name)),
                ),
                Some(Entity::Candidate(c)) => (
                    Topic::NamedKnownNonPartner,
                    "a candidate that never joined".to_owned(),
                    Some(self.registry_place(c.line, &c.name)),
                ),
                _ => (
                    Topic::NamedNotPartner,
                    "marked as a non-partner in the workplan; not in the registry".to_owned(),
                    None,
                ),
            };
            let refs: Vec<ActivityRef> = idx.iter().map(|&i| ActivityRef::of(&acts[i])).collect();
            let mut sources: Vec<String> = refs.iter().map(|r| r.place.clone()).collect();
            sources.extend(place);
            self.found.push(Disagreement {
                topic,
                subject: name.to_string(),
                year: first_year(&refs),
                text: format!(
                    "{name} is named in {} but is not a partner: {said}. {}.",
                    plural(refs.len() as u32, "activity", "activities"),
                    describe_all(&refs)
                ),
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
                text: format!(
                    "“{name}” is named in {} and matches no partner{}. {}.",
                    plural(refs.len() as u32, "activity", "activities"),
                    suggestion_text(&suggestions),
                    describe_all(&refs)
                ),
                sources: refs.iter().map(|r| r.place.clone()).collect(),
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
