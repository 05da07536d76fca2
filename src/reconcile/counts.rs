//! Counts a document announces for a list ("8 leading technology firms and 6
//! associations"), held against the names on the list and against the registry's
//! partners at the list's date. Dates known only to the year make the registry's count a
//! range (certain, and possibly more): a count inside the range agrees.

use std::collections::BTreeSet;

use chrono::Datelike;

use super::findings::{CountCheck, Disagreement, Finding, KindCounts, PartnerList, Source, Topic};
use super::lists::{Announced, CountClaim, ListKind, Period};
use super::{join_period, Builder};
use crate::registry::{Partner, PartnerKind};

/// The registry's partners at a list's date: certainly, and possibly (dates known only
/// to the year or month).
struct RegistryCount<'a> {
    certain: Vec<&'a Partner>,
    possible: Vec<&'a Partner>,
}

impl RegistryCount<'_> {
    /// Both, counted by kind.
    fn counts(&self) -> (KindCounts, KindCounts) {
        let count = |ps: &[&Partner]| {
            let mut k = KindCounts::default();
            ps.iter().for_each(|p| k.add(Some(p.kind)));
            k
        };
        (count(&self.certain), count(&self.possible))
    }
}

/// Whether the names counted on a list give the announced count.
fn names_agree(a: &Announced, n: &KindCounts) -> bool {
    n.total() == a.total
        && a.companies.is_none_or(|c| c == n.companies)
        && a.associations.is_none_or(|c| c == n.associations)
}

/// Whether the announced count lies between the registry's certain count and that plus
/// the possible ones, in total and by kind.
fn registry_agrees(a: &Announced, certain: &KindCounts, possible: &KindCounts) -> bool {
    let within = |n: u32, lo: u32, extra: u32| lo <= n && n <= lo + extra;
    within(a.total, certain.total(), possible.total())
        && a.companies
            .is_none_or(|n| within(n, certain.companies, possible.companies))
        && a.associations
            .is_none_or(|n| within(n, certain.associations, possible.associations))
}

impl<'a> Builder<'a> {
    /// The partners of the registry by their join date relative to a list's date, by
    /// the list's kind.
    fn registry_for(&self, kind: ListKind, a: Period) -> RegistryCount<'a> {
        let mut certain = Vec::new();
        let mut possible = Vec::new();
        for p in self.inp.registry.partners() {
            let Some(j) = join_period(p) else { continue };
            let (is_certain, is_possible) = match kind {
                ListKind::Members => (j.last <= a.first, j.first <= a.last),
                ListKind::Joined => (j.within(&a), j.overlaps(&a)),
                ListKind::Candidates | ListKind::Named => (false, false),
            };
            if is_certain {
                certain.push(p);
            } else if is_possible {
                possible.push(p);
            }
        }
        RegistryCount { certain, possible }
    }

    /// The names on a list counted by kind, each organisation once; `None` when the list
    /// names nobody.
    fn named_counts(&self, list: &PartnerList) -> Option<KindCounts> {
        if list.names.is_empty() {
            return None;
        }
        let mut counts = KindCounts::default();
        let mut seen = BTreeSet::new();
        for &i in &list.names {
            let n = &self.r.names[i];
            match (self.row_partner[i], &n.canonical) {
                (Some(p), _) if seen.insert(p.name.clone()) => counts.add(Some(p.kind)),
                (Some(_), _) => {}
                (None, Some(c)) if !seen.insert(c.clone()) => {}
                (None, _) => counts.add(None),
            }
        }
        Some(counts)
    }

    /// Counts announced against the lists' names and the registry.
    pub(super) fn counts(&mut self) {
        for claim in &self.inp.lists.claims {
            let li = self.list_index[&(claim.head.source.clone(), claim.head.list.clone())];
            let list = &self.r.lists[li];
            let a = claim.announced;
            let named = self.named_counts(list);
            let named_agrees = named.map(|n| names_agree(&a, &n));
            let registry = match (list.kind, list.as_of) {
                (ListKind::Members | ListKind::Joined, Some(period)) => {
                    Some(self.registry_for(list.kind, period))
                }
                _ => None,
            };
            let registry_counts = registry.as_ref().map(RegistryCount::counts);
            let registry_agree = registry_counts.map(|(c, p)| registry_agrees(&a, &c, &p));

            if let (Some(n), Some(false)) = (named, named_agrees) {
                let found = self.names_disagreement(claim, list, &n);
                self.found.push(found);
            }
            if let (Some(registry), Some(false)) = (&registry, registry_agree) {
                let found = self.registry_disagreement(claim, list, registry);
                self.found.push(found);
            }
            self.r.counts.push(CountCheck {
                list: list.cite(),
                announced_text: claim.text.clone(),
                announced: a,
                note: claim.note.clone(),
                place: claim.place.clone(),
                named,
                named_agrees,
                registry: registry_counts,
                registry_agrees: registry_agree,
            });
        }
    }

    /// A count announced that the list's own names do not give, naming the kind that
    /// falls short or runs over, so that it can be checked.
    fn names_disagreement(
        &self,
        claim: &CountClaim,
        list: &PartnerList,
        n: &KindCounts,
    ) -> Disagreement {
        let a = &claim.announced;
        let kinds: &[(Option<u32>, u32, PartnerKind)] = &[
            (a.companies, n.companies, PartnerKind::Company),
            (a.associations, n.associations, PartnerKind::Association),
        ];
        let mut wrong = Vec::new();
        for (want, got, kind) in kinds {
            if want.is_some_and(|w| w != *got) {
                let names: BTreeSet<&str> = list
                    .names
                    .iter()
                    .filter_map(|&i| self.row_partner[i])
                    .filter(|p| p.kind == *kind)
                    .map(|p| p.name.as_str())
                    .collect();
                wrong.push((*kind, names.into_iter().map(str::to_owned).collect()));
            }
        }
        Disagreement {
            topic: Topic::AnnouncedCount,
            subject: list.label.clone(),
            year: list.as_of.map(|a| a.first.year()),
            finding: Finding::CountAgainstNames {
                list: list.cite(),
                announced: *a,
                named: *n,
                kinds: wrong,
            },
            sources: vec![claim_source(claim), list.source(false)],
        }
    }

    /// A count announced outside the registry's range at the list's date, naming the
    /// partners counted.
    fn registry_disagreement(
        &self,
        claim: &CountClaim,
        list: &PartnerList,
        registry: &RegistryCount<'_>,
    ) -> Disagreement {
        let (counted, _) = registry.counts();
        let sorted = |ps: &[&Partner]| {
            let mut names: Vec<String> = ps.iter().map(|p| p.name.clone()).collect();
            names.sort_unstable();
            names
        };
        Disagreement {
            topic: Topic::AnnouncedCount,
            subject: list.label.clone(),
            year: list.as_of.map(|a| a.first.year()),
            finding: Finding::CountAgainstRegistry {
                list: list.cite(),
                announced: claim.announced,
                counted,
                names: sorted(&registry.certain),
                possible: sorted(&registry.possible),
            },
            sources: vec![
                claim_source(claim),
                Source::RegistryFile(self.inp.registry_file.to_owned()),
            ],
        }
    }
}

/// Where a claim was read, with the sentence it quotes: "input/partner-lists.csv row 2:
/// 8 leading technology firms and 6 associations".
fn claim_source(claim: &CountClaim) -> Source {
    Source::Claim {
        place: claim.place.clone(),
        note: claim.note.clone(),
    }
}
