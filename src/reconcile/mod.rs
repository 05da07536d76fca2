//! Reconciliation of partner lists across years: who was a partner when, who joined and
//! was renamed, who was only in discussion, who is named in activities without being a
//! partner, and where the documents disagree.
//!
//! Three sources are held against each other, and every finding names the place of each
//! claim it rests on (document, file and row, registry line, activity row):
//!
//! - the partner registry ([`crate::registry`]): join dates, renames, candidates and
//!   non-partners; it is the reference the other two are checked against;
//! - the circulated partner lists ([`lists`]): one row per name as written, with the
//!   list's source document, label, date and kind, and counts a document announces;
//! - the canonical activities: who took part in what, and when.
//!
//! [`reconcile`] is pure: plain values in ([`Inputs`]), a [`Reconciliation`] out, no file
//! read. It runs in steps, one file each: the names on the lists (`names`), the counts
//! announced (`counts`), what the lists leave out (`omissions`), the activities
//! (`activities`), then years and timelines (`years`); the findings are plain types
//! (`findings`), worded in one place (`wording`). [`run`] is the step of a run: it reads
//! the lists files named in its [`Options`] and writes `reconciliation.csv`,
//! `partners-by-year.csv`, `disagreements.csv` ([`write`](mod@write)) and
//! `reconciliation.pdf` ([`pdf`]).
//!
//! A finding is a disagreement between sources, or a fact the registry settles (a known
//! non-partner named in an activity or on a list, a candidate that never joined): those
//! are counted and listed apart ([`Reconciliation::settled`]), so a reviewed run can
//! reach 0 disagreements.
//!
//! Dates are compared as spans, never guessed into days: a partner that joined in "2020"
//! and a list "as of 2020-02-06" may or may not agree, and such a case is never reported
//! as a disagreement; only what is certain is.

mod activities;
mod counts;
mod findings;
pub mod lists;
mod names;
mod omissions;
pub mod pdf;
mod step;
mod wording;
pub mod write;
mod years;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use crate::model::Activity;

use crate::registry::{Partner, PartnerRegistry};

pub use findings::{
    ActivityRef, CountCheck, Disagreement, Discussion, Finding, KindCounts, ListRef, Membership,
    NameStatus, Outcome, PartnerList, PartnerYear, ReconciledName, Reconciliation, RenameNote,
    ReviewName, Source, Standing, Timeline, Topic, YearAccount,
};
pub use lists::{Announced, CountClaim, ListEntry, ListKind, ListsError, PartnerLists, Period};
pub use step::{run, Counts, Findings, Options, ReconcileError, Step};
pub use wording::{activity_place, format_suggestions};

/// What [`reconcile`] works from.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The registry.
    pub registry: &'a PartnerRegistry,
    /// How the registry file is named in findings.
    pub registry_file: &'a str,
    /// The partner lists read.
    pub lists: &'a PartnerLists,
    /// The canonical activities.
    pub activities: &'a [Activity],
}

/// A partner's join date as a span of days.
fn join_period(p: &Partner) -> Option<Period> {
    let j = p.joined?;
    Period::new(j.first_day()?, j.last_day()?)
}

/// The span of an activity's date; an open end runs to the end of time.
fn activity_period(a: &Activity) -> Option<Period> {
    let first = a.date.start?;
    Period::new(first, a.date.end.unwrap_or(NaiveDate::MAX))
}

/// Reconciles the lists and activities against the registry. Reads no file.
pub fn reconcile(inputs: &Inputs<'_>) -> Reconciliation {
    let mut b = Builder::new(inputs);
    b.lists();
    b.counts();
    b.omissions();
    b.candidates_never_joined();
    b.activities();
    b.years();
    b.finish()
}

/// The working state of [`reconcile`].
struct Builder<'a> {
    inp: Inputs<'a>,
    r: Reconciliation,
    /// (source, label) -> index in r.lists.
    list_index: HashMap<(String, String), usize>,
    /// Per name row: the registry partner it names, if any.
    row_partner: Vec<Option<&'a Partner>>,
    /// Activities naming each partner (indices into inputs.activities).
    /// Shared with the activities' lists: no string is copied per activity.
    by_partner: BTreeMap<Arc<str>, Vec<usize>>,
    /// Disagreements and settled facts found, to be sorted by topic at the end.
    found: Vec<Disagreement>,
    /// (list, canonical name) -> the first row naming it on that list.
    first_on_list: HashMap<(usize, String), usize>,
}

impl<'a> Builder<'a> {
    fn new(inp: &Inputs<'a>) -> Self {
        let mut activity_files: Vec<String> = inp
            .activities
            .iter()
            .map(|a| a.source.file.to_string())
            .collect();
        activity_files.sort();
        activity_files.dedup();
        Builder {
            inp: *inp,
            r: Reconciliation {
                registry_file: inp.registry_file.to_owned(),
                list_files: inp.lists.files.clone(),
                activity_files,
                activities: inp.activities.len(),
                ..Reconciliation::default()
            },
            list_index: HashMap::default(),
            row_partner: Vec::new(),
            by_partner: BTreeMap::new(),
            found: Vec::new(),
            first_on_list: HashMap::default(),
        }
    }

    /// "input/partners.toml line 12 (Google)".
    fn registry_place(&self, line: usize, name: &str) -> Source {
        Source::Registry {
            file: self.inp.registry_file.to_owned(),
            line,
            name: name.to_owned(),
            joined: None,
            source: None,
        }
    }

    /// The registry's word on a partner's join: place, date and stated source.
    fn join_claim(&self, p: &Partner) -> Source {
        Source::Registry {
            file: self.inp.registry_file.to_owned(),
            line: p.line,
            name: p.name.clone(),
            joined: p.joined,
            source: p.joined_source.clone(),
        }
    }

    fn finish(mut self) -> Reconciliation {
        // Stable: by topic, then in the order found; settled facts apart.
        self.found.sort_by_key(|d| d.topic);
        (self.r.settled, self.r.disagreements) =
            self.found.into_iter().partition(|d| d.topic.is_settled());
        self.r.no_lists_read = self.inp.lists.files.is_empty();
        self.r
    }
}

#[cfg(test)]
mod tests;
