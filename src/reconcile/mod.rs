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
//! [`reconcile`] is pure: it builds a [`Reconciliation`] and reads no file. [`run`] reads
//! the lists files named in the configuration and writes `reconciliation.csv`,
//! `partners-by-year.csv` ([`write`](mod@write)) and `reconciliation.pdf` ([`pdf`]).
//!
//! Dates are compared as spans, never guessed into days: a partner that joined in "2020"
//! and a list "as of 2020-02-06" may or may not agree, and such a case is never reported
//! as a disagreement; only what is certain is.

pub mod lists;
pub mod pdf;
pub mod write;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{Activity, Location, Status};
use crate::output::{OutputDir, OutputError};
use crate::pdf::PdfError;
use crate::registry::{self, Entity, PartialDate, Partner, PartnerKind, PartnerRegistry, Rename};
use crate::text::collapsed;

pub use lists::{Announced, CountClaim, ListEntry, ListKind, ListsError, PartnerLists, Period};

/// What a name on a list turned out to be (the `status` column of `reconciliation.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameStatus {
    /// A registry partner, on a list of members.
    Partner,
    /// A registry partner, on a list of joiners.
    Joined,
    /// A registry partner written under a later name ("Element AI (now ServiceNow)").
    Renamed,
    /// In discussion: on a list of candidates, or a registry candidate.
    Candidate,
    /// A known non-partner (the registry's `[[non_partner]]`): settled, never suggested.
    NotAPartner,
    /// Matched nothing (or a placeholder): see the suggestions.
    Unmatched,
}

impl NameStatus {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            NameStatus::Partner => "partner",
            NameStatus::Joined => "joined",
            NameStatus::Renamed => "renamed",
            NameStatus::Candidate => "candidate",
            NameStatus::NotAPartner => "not-a-partner",
            NameStatus::Unmatched => "unmatched",
        }
    }
}

/// One name on one list, reconciled (a row of `reconciliation.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReconciledName {
    /// The list's source document.
    pub source: String,
    /// The list's label.
    pub list: String,
    /// The list's date as written.
    pub as_of: String,
    /// The name as written.
    pub name_as_written: String,
    /// The registry's canonical name; `None` when unmatched.
    pub canonical: Option<String>,
    /// What the name is.
    pub status: NameStatus,
    /// What the reconciliation found, one sentence each, joined by "; ".
    pub note: String,
    /// Where the row was read ("input/partner-lists.csv row 7").
    pub place: String,
    /// Registry suggestions with scores (unmatched names only), best first.
    pub suggestions: Vec<(String, f64)>,
}

/// A list as a whole: its rows, the partners it names and the counts it announces.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerList {
    /// The source document.
    pub source: String,
    /// The label.
    pub label: String,
    /// Its date as written.
    pub as_of_text: String,
    /// Its date as a span, when readable.
    pub as_of: Option<Period>,
    /// What it lists.
    pub kind: ListKind,
    /// Indices of its names in [`Reconciliation::names`].
    pub names: Vec<usize>,
    /// Canonical names of the registry partners it names.
    pub partners: BTreeSet<String>,
    /// The file rows of its names.
    pub rows: Vec<crate::model::Location>,
    /// The file rows of the counts announced for it.
    pub claim_rows: Vec<crate::model::Location>,
}

impl PartnerList {
    /// "“2017 list” (2020 overview, as of 2017-11-08)".
    pub fn describe(&self) -> String {
        if self.as_of_text.is_empty() {
            format!("“{}” ({})", self.label, self.source)
        } else {
            format!(
                "“{}” ({}, as of {})",
                self.label, self.source, self.as_of_text
            )
        }
    }

    /// Whether the list claims to name every partner of its kind (members or joiners),
    /// so that an absence from it means something.
    pub fn is_complete(&self) -> bool {
        matches!(self.kind, ListKind::Members | ListKind::Joined)
    }

    /// Where its names are: "input/partner-lists.csv rows 3-15" (the rows of its
    /// announced counts when it names nobody).
    pub fn place(&self) -> String {
        if self.rows.is_empty() {
            rows_place(&self.claim_rows)
        } else {
            rows_place(&self.rows)
        }
    }
}

/// What the rules for one name need to know of its list.
struct ListView {
    kind: ListKind,
    as_of: Option<Period>,
    as_of_text: String,
    /// [`PartnerList::describe`].
    described: String,
}

/// Companies, associations and other names (non-partners, unmatched) counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindCounts {
    /// Partners that are companies.
    pub companies: u32,
    /// Partners that are associations.
    pub associations: u32,
    /// Names that are not registry partners.
    pub other: u32,
}

impl KindCounts {
    /// Everything counted.
    pub fn total(&self) -> u32 {
        self.companies + self.associations + self.other
    }

    fn add(&mut self, kind: Option<PartnerKind>) {
        match kind {
            Some(PartnerKind::Company) => self.companies += 1,
            Some(PartnerKind::Association) => self.associations += 1,
            None => self.other += 1,
        }
    }

    /// "8 companies and 5 associations" (and "1 other name" when there is one).
    pub fn describe(&self) -> String {
        let mut parts = vec![
            plural(self.companies, "company", "companies"),
            plural(self.associations, "association", "associations"),
        ];
        if self.other > 0 {
            parts.push(plural(self.other, "other name", "other names"));
        }
        join_and(&parts)
    }
}

/// A count a document announces, against the list's names and the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct CountCheck {
    /// The list (its description, see [`PartnerList::describe`]).
    pub list: String,
    /// The count as written in the lists file.
    pub announced_text: String,
    /// The count read.
    pub announced: Announced,
    /// The note of the claim's row (the sentence quoted).
    pub note: String,
    /// Where the claim was read.
    pub place: String,
    /// The names on the list, counted by kind (`None` when the list names nobody).
    pub named: Option<KindCounts>,
    /// Whether the names agree with the announced count.
    pub named_agrees: Option<bool>,
    /// The registry's count: certain, and possibly more (dates known only to the year).
    pub registry: Option<(KindCounts, KindCounts)>,
    /// Whether the registry agrees with the announced count.
    pub registry_agrees: Option<bool>,
}

/// What a disagreement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// A document's announced count against its own list or the registry.
    AnnouncedCount,
    /// Lists that should name a partner (by the registry's join date) and do not.
    ListOmitsPartner,
    /// A list of members that leaves out partners the same document lists as joined.
    ListOmitsOwnJoiners,
    /// A list naming someone who was not a partner at its date.
    ListNamesNonMember,
    /// A list of joiners whose date differs from the registry's join date.
    JoinDate,
    /// A list of candidates naming an organisation already a partner.
    AlreadyPartner,
    /// A candidate in discussion that never joined.
    NeverJoined,
    /// A partner taking part in activities while absent from every list up to then.
    ActiveBeforeListed,
    /// An activity dated before the partner's join date.
    ActiveBeforeJoined,
    /// A name in activities that matches no partner.
    NamedNotPartner,
}

impl Topic {
    /// A short heading for the topic.
    pub fn title(self) -> &'static str {
        match self {
            Topic::AnnouncedCount => "announced count",
            Topic::ListOmitsPartner => "list omits a partner",
            Topic::ListOmitsOwnJoiners => "list omits its own joiners",
            Topic::ListNamesNonMember => "list names a non-member",
            Topic::JoinDate => "join date",
            Topic::AlreadyPartner => "in discussion, already a partner",
            Topic::NeverJoined => "candidate never joined",
            Topic::ActiveBeforeListed => "active before listed",
            Topic::ActiveBeforeJoined => "active before joining",
            Topic::NamedNotPartner => "named in activities, not a partner",
        }
    }
}

/// One disagreement between sources, with the place of every claim it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// What it is about.
    pub topic: Topic,
    /// The partner, name or list concerned.
    pub subject: String,
    /// What disagrees, in one or two sentences.
    pub text: String,
    /// The places of the claims: document, file and row, registry line, activity row.
    pub sources: Vec<String>,
}

/// An activity as cited in a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRef {
    /// Its title (shortened).
    pub title: String,
    /// Its date as written.
    pub date: String,
    /// Its first day, if dated.
    pub start: Option<NaiveDate>,
    /// Whether it was cancelled.
    pub cancelled: bool,
    /// Where it was read ("input/workplan-2017-2019.xlsx [Workplan 2017-2019] row 31").
    pub place: String,
}

impl ActivityRef {
    fn of(a: &Activity) -> ActivityRef {
        let title = a
            .activity
            .as_deref()
            .or(a.topic.as_deref())
            .or(a.sector.as_deref())
            .unwrap_or("(untitled)");
        ActivityRef {
            title: shorten(&collapsed(title), 70),
            date: collapsed(&a.date.text).into_owned(),
            start: a.date.start,
            cancelled: a.status == Status::Cancelled,
            place: activity_place(a),
        }
    }

    /// "“World Mobile Congress 2019” (25-27/02/2019)".
    pub fn describe(&self) -> String {
        let date = if self.date.is_empty() {
            "undated".to_owned()
        } else {
            self.date.clone()
        };
        let cancelled = if self.cancelled { ", cancelled" } else { "" };
        format!("“{}” ({date}{cancelled})", self.title)
    }
}

/// Whether an organisation was a partner in a year, by the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    /// Joined that year or before.
    Yes,
    /// Not (yet) a partner.
    No,
    /// The registry gives no join date.
    Unknown,
}

impl Membership {
    /// "yes", "no", "unknown".
    pub fn as_str(self) -> &'static str {
        match self {
            Membership::Yes => "yes",
            Membership::No => "no",
            Membership::Unknown => "unknown",
        }
    }
}

/// One organisation in one year (a row of `partners-by-year.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerYear {
    /// Canonical name.
    pub name: String,
    /// "company", "association" or "candidate".
    pub kind: &'static str,
    /// The year.
    pub year: i32,
    /// Partner that year, by the registry.
    pub partner: Membership,
    /// What happened that year ("joined 2017-11-08", "renamed Meta (2021-10-28)").
    pub events: Vec<String>,
    /// The lists speaking for that year that name it (description).
    pub lists: Vec<String>,
    /// Activities touching that year that name it.
    pub activities: usize,
    /// Of those, cancelled.
    pub cancelled: usize,
    /// Activities touching that year open to all partners, while it was a partner.
    pub open_to_all: usize,
}

/// A partner's history: joined, renamed, first and last activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Canonical name.
    pub name: String,
    /// Company or association.
    pub kind: PartnerKind,
    /// Join date as the registry gives it.
    pub joined: Option<PartialDate>,
    /// Later names: "ServiceNow (date not given)".
    pub renames: Vec<String>,
    /// Its earliest dated activity.
    pub first_activity: Option<ActivityRef>,
    /// Its latest dated activity.
    pub last_activity: Option<ActivityRef>,
    /// Activities naming it, dated or not.
    pub activities: usize,
    /// Lists naming it (any kind).
    pub lists: usize,
}

/// An organisation named on a list of candidates, and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Discussion {
    /// As written on the list.
    pub name_as_written: String,
    /// The list (description).
    pub list: String,
    /// "joined 2020", "joined 2022-06-28", "never joined", "not in the registry".
    pub outcome: String,
    /// Where the row was read.
    pub place: String,
}

/// What happened in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearAccount {
    /// The year.
    pub year: i32,
    /// Partners that year by the registry, by kind.
    pub members: KindCounts,
    /// Partners whose registry join date falls in the year: (name, date, source).
    pub joined: Vec<(String, String, String)>,
    /// Renames dated in the year: "Facebook → Meta (2021-10-28; source)".
    pub renamed: Vec<String>,
    /// Names on lists of candidates speaking for the year.
    pub discussions: Vec<Discussion>,
    /// Lists speaking for the year (indices into [`Reconciliation::lists`]).
    pub lists: Vec<usize>,
}

/// A name seen in activities or on lists that matched nothing, with suggestions.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewName {
    /// As written.
    pub name: String,
    /// Where it was seen.
    pub places: Vec<String>,
    /// Best registry names with scores.
    pub suggestions: Vec<(String, f64)>,
}

/// Everything the reconciliation found.
#[derive(Debug, Clone, Default)]
pub struct Reconciliation {
    /// The registry file.
    pub registry_file: String,
    /// The lists files read.
    pub list_files: Vec<String>,
    /// The workplan files the activities come from.
    pub activity_files: Vec<String>,
    /// Activities considered.
    pub activities: usize,
    /// One entry per name on every list, in file order.
    pub names: Vec<ReconciledName>,
    /// The lists, in order of first appearance.
    pub lists: Vec<PartnerList>,
    /// Counts announced, checked.
    pub counts: Vec<CountCheck>,
    /// Year by year.
    pub years: Vec<YearAccount>,
    /// Organisation by year.
    pub partners_by_year: Vec<PartnerYear>,
    /// Partner by partner, in order of joining.
    pub timelines: Vec<Timeline>,
    /// Renames without a date: "Element AI → ServiceNow (source)".
    pub undated_renames: Vec<String>,
    /// Names to review (unmatched in lists and activities).
    pub review: Vec<ReviewName>,
    /// Disagreements, in a stable order (topic, then as found).
    pub disagreements: Vec<Disagreement>,
    /// Information for the reader ("no partner lists given").
    pub notes: Vec<String>,
    /// Problems with the inputs (a list whose rows disagree on its date).
    pub warnings: Vec<Diagnostic>,
}

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

/// The rename of `p` that `written` uses: "Element AI (now ServiceNow)" and "ServiceNow"
/// both use the rename to ServiceNow.
fn rename_used<'p>(p: &'p Partner, written: &str) -> Option<&'p Rename> {
    let words = format!(" {} ", registry::key(written));
    p.renames.iter().find(|r| {
        let k = registry::key(&r.to);
        !k.is_empty() && words.contains(&format!(" {k} "))
    })
}

fn describe_rename(p: &Partner, r: &Rename) -> String {
    let date = r
        .date
        .map_or_else(|| "date not given".to_owned(), |d| d.to_string());
    format!("{} → {} ({date})", p.name, r.to)
}

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
    /// Disagreements found, to be sorted by topic at the end.
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

    fn registry_place(&self, line: usize, name: &str) -> String {
        format!("{} line {line} ({name})", self.inp.registry_file)
    }

    /// The registry's word on a partner's join: place, date and stated source.
    fn join_claim(&self, p: &Partner) -> String {
        let mut s = self.registry_place(p.line, &p.name);
        if let Some(j) = p.joined {
            s.push_str(&format!(": joined {j}"));
        }
        if let Some(src) = &p.joined_source {
            s.push_str(&format!(" (source: {src})"));
        }
        s
    }

    /// The list a row belongs to, created on its first row; the row's place is recorded
    /// among the list's names or claims.
    fn list_of(
        &mut self,
        head: &lists::ListHead,
        place: &crate::model::Location,
        claim: bool,
    ) -> usize {
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
    /// disagreements recorded.
    fn lists(&mut self) {
        let reg = self.inp.registry;
        for entry in &self.inp.lists.entries {
            let li = self.list_of(&entry.head, &entry.place, false);
            let l = &self.r.lists[li];
            let list = ListView {
                kind: l.kind,
                as_of: l.as_of,
                as_of_text: l.as_of_text.clone(),
                described: l.describe(),
            };
            let place = entry.place.to_string();
            let written = entry.name_as_written.as_str();
            let mut notes: Vec<String> = Vec::new();
            let mut canonical = None;
            let mut suggestions = Vec::new();
            let mut partner = None;
            let status = match reg.lookup(written).map(|m| m.entity) {
                Some(Entity::Partner(p)) => {
                    partner = Some(p);
                    canonical = Some(p.name.clone());
                    self.partner_on_list(p, &list, written, &place, &mut notes)
                }
                Some(Entity::Candidate(c)) => {
                    canonical = Some(c.name.clone());
                    notes.push(format!(
                        "registry candidate, never joined ({})",
                        self.registry_place(c.line, &c.name)
                    ));
                    if list.kind != ListKind::Candidates {
                        self.found.push(Disagreement {
                            topic: Topic::ListNamesNonMember,
                            subject: c.name.clone(),
                            text: format!(
                                "{} names “{written}”, a candidate that the registry says never \
                                 joined.",
                                list.described
                            ),
                            sources: vec![place.clone(), self.registry_place(c.line, &c.name)],
                        });
                    }
                    NameStatus::Candidate
                }
                Some(Entity::NonPartner(n)) => {
                    canonical = Some(n.name.clone());
                    notes.push(format!(
                        "not a partner ({})",
                        self.registry_place(n.line, &n.name)
                    ));
                    if list.kind != ListKind::Candidates {
                        self.found.push(Disagreement {
                            topic: Topic::ListNamesNonMember,
                            subject: n.name.clone(),
                            text: format!(
                                "{} names “{written}”, which the registry settles as not a \
                                 partner.",
                                list.described
                            ),
                            sources: vec![place.clone(), self.registry_place(n.line, &n.name)],
                        });
                    }
                    NameStatus::NotAPartner
                }
                Some(Entity::Placeholder | Entity::All) => {
                    notes.push("a placeholder: names no organisation".to_owned());
                    NameStatus::Unmatched
                }
                None => {
                    suggestions = reg.suggest(written, 3);
                    notes.push(format!(
                        "no registry match{}; if it is a partner, add “{written}” to its \
                         aliases in {} and run again",
                        suggestion_text(&suggestions),
                        self.inp.registry_file
                    ));
                    NameStatus::Unmatched
                }
            };
            let index = self.r.names.len();
            if let Some(c) = &canonical {
                match self.first_on_list.entry((li, c.clone())) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        notes.push(format!(
                            "also listed at {}",
                            self.r.names[*first.get()].place
                        ));
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
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
                canonical,
                status,
                note: notes.join("; "),
                place,
                suggestions,
            });
            self.row_partner.push(partner);
            let l = &mut self.r.lists[li];
            l.names.push(index);
            if let Some(p) = partner {
                l.partners.insert(p.name.clone());
            }
        }
        // Claims may name lists that have no names of their own.
        for claim in &self.inp.lists.claims {
            self.list_of(&claim.head, &claim.place, true);
        }
    }

    /// The status of a registry partner on `list`, its notes, and the row-level
    /// disagreements.
    fn partner_on_list(
        &mut self,
        p: &Partner,
        list: &ListView,
        written: &str,
        place: &str,
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
                        text: format!(
                            "{} names “{written}” as in discussion, but {} had joined on \
                             {j_text} by the registry.",
                            list.described, p.name
                        ),
                        sources: vec![place.to_owned(), self.join_claim(p)],
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
                        text: format!(
                            "{} lists “{written}” as joining then, but the registry has {} \
                             joining on {j_text}.",
                            list.described, p.name
                        ),
                        sources: vec![place.to_owned(), self.join_claim(p)],
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
                        text: format!(
                            "{} names “{written}”, but {} joined only on {j_text} by the \
                             registry.",
                            list.described, p.name
                        ),
                        sources: vec![place.to_owned(), self.join_claim(p)],
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

    /// The partners of the registry by their join date relative to a list's date:
    /// (certain, possible) by the list's kind.
    fn registry_for(&self, kind: ListKind, a: Period) -> (Vec<&'a Partner>, Vec<&'a Partner>) {
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
        (certain, possible)
    }

    /// Counts announced against the lists' names and the registry.
    fn counts(&mut self) {
        for claim in &self.inp.lists.claims {
            let li = self.list_index[&(claim.head.source.clone(), claim.head.list.clone())];
            let list = &self.r.lists[li];
            let a = claim.announced;
            let place = claim.place.to_string();

            let named = (!list.names.is_empty()).then(|| {
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
                counts
            });
            let named_agrees = named.map(|n| {
                n.total() == a.total
                    && a.companies.is_none_or(|c| c == n.companies)
                    && a.associations.is_none_or(|c| c == n.associations)
            });
            let registry = match (list.kind, list.as_of) {
                (ListKind::Members | ListKind::Joined, Some(period)) => {
                    let (certain, possible) = self.registry_for(list.kind, period);
                    let count = |ps: &[&Partner]| {
                        let mut k = KindCounts::default();
                        ps.iter().for_each(|p| k.add(Some(p.kind)));
                        k
                    };
                    Some((count(&certain), count(&possible), certain, possible))
                }
                _ => None,
            };
            let registry_agrees = registry.as_ref().map(|(c, p, _, _)| {
                let within = |n: u32, lo: u32, extra: u32| lo <= n && n <= lo + extra;
                within(a.total, c.total(), p.total())
                    && a.companies
                        .is_none_or(|n| within(n, c.companies, p.companies))
                    && a.associations
                        .is_none_or(|n| within(n, c.associations, p.associations))
            });

            let announced = announced_words(&a);
            let claim_source = if claim.note.is_empty() {
                place.clone()
            } else {
                format!("{place}: {}", claim.note)
            };
            if let (Some(n), Some(false)) = (named, named_agrees) {
                let mut text = format!(
                    "The {} announces {announced} for {}, but the list names {}",
                    list.source,
                    list.describe(),
                    n.describe()
                );
                // Name the kind that falls short or runs over, so it can be checked.
                let kinds: &[(Option<u32>, u32, PartnerKind, &str)] = &[
                    (a.companies, n.companies, PartnerKind::Company, "companies"),
                    (
                        a.associations,
                        n.associations,
                        PartnerKind::Association,
                        "associations",
                    ),
                ];
                for (want, got, kind, label) in kinds {
                    if want.is_some_and(|w| w != *got) {
                        let names: BTreeSet<&str> = list
                            .names
                            .iter()
                            .filter_map(|&i| self.row_partner[i])
                            .filter(|p| p.kind == *kind)
                            .map(|p| p.name.as_str())
                            .collect();
                        text.push_str(&format!(
                            "; the {label} named: {}",
                            names.into_iter().collect::<Vec<_>>().join(", ")
                        ));
                    }
                }
                text.push('.');
                self.found.push(Disagreement {
                    topic: Topic::AnnouncedCount,
                    subject: list.label.clone(),
                    text,
                    sources: vec![claim_source.clone(), format!("{} (the list)", list.place())],
                });
            }
            if let (Some((c, p, certain, possible)), Some(false)) = (&registry, registry_agrees) {
                let mut names: Vec<&str> = certain.iter().map(|p| p.name.as_str()).collect();
                names.sort_unstable();
                let mut text = format!(
                    "The {} announces {announced} for {}, but the registry counts {}",
                    list.source,
                    list.describe(),
                    c.describe()
                );
                if p.total() > 0 {
                    let mut maybe: Vec<&str> = possible.iter().map(|p| p.name.as_str()).collect();
                    maybe.sort_unstable();
                    text.push_str(&format!(
                        " (and possibly {} more, whose dates are less precise: {})",
                        p.total(),
                        maybe.join(", ")
                    ));
                }
                text.push_str(&format!(": {}.", names.join(", ")));
                self.found.push(Disagreement {
                    topic: Topic::AnnouncedCount,
                    subject: list.label.clone(),
                    text,
                    sources: vec![claim_source.clone(), self.inp.registry_file.to_owned()],
                });
            }
            self.r.counts.push(CountCheck {
                list: list.describe(),
                announced_text: claim.text.clone(),
                announced: a,
                note: claim.note.clone(),
                place,
                named,
                named_agrees,
                registry: registry.as_ref().map(|(c, p, _, _)| (*c, *p)),
                registry_agrees,
            });
        }
    }

    /// Lists that leave out a partner: by the registry's join date (per partner), and
    /// members lists leaving out joiners of the same document (per list).
    fn omissions(&mut self) {
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
            let text = format!(
                "{} is not named on {} that should name it, since the registry has it joining \
                 on {}: {}.",
                p.name,
                plural(missing.len() as u32, "list", "lists"),
                p.joined.map(|d| d.to_string()).unwrap_or_default(),
                missing
                    .iter()
                    .map(|l| l.describe())
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            let mut sources = vec![self.join_claim(p)];
            sources.extend(
                missing
                    .iter()
                    .map(|l| format!("{} ({})", l.place(), l.label)),
            );
            self.found.push(Disagreement {
                topic: Topic::ListOmitsPartner,
                subject: p.name.clone(),
                text,
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
                    text: format!(
                        "The {}'s {} does not name {} that its own {} lists as joined: {}.",
                        m.source,
                        m.describe(),
                        plural(left_out.len() as u32, "partner", "partners"),
                        j.describe(),
                        left_out.join(", ")
                    ),
                    sources: vec![
                        format!("{} ({})", m.place(), m.label),
                        format!("{} ({})", j.place(), j.label),
                    ],
                });
            }
        }
    }

    /// Registry candidates: in discussion on lists, or only in the registry, never joined.
    fn candidates_never_joined(&mut self) {
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
            let later: Vec<String> = self
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
                .map(PartnerList::describe)
                .collect();
            let mut text = if discussed.is_empty() {
                format!(
                    "{} is a registry candidate that never joined; no list names it.",
                    c.name
                )
            } else {
                format!(
                    "{} was in discussion ({}) but never joined: the registry lists it as a \
                     candidate",
                    c.name,
                    discussed
                        .iter()
                        .map(|l| l.describe())
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            };
            if !discussed.is_empty() {
                if later.is_empty() {
                    text.push('.');
                } else {
                    text.push_str(&format!(
                        ", and none of the partner lists speaking for that time or later names \
                         it: {}.",
                        later.join("; ")
                    ));
                }
            }
            if let Some(note) = &c.note {
                text.push_str(&format!(" Registry note: {note}."));
            }
            let mut sources: Vec<String> = rows
                .iter()
                .map(|n| format!("{} ({}: “{}”)", n.place, n.list, n.name_as_written))
                .collect();
            let mut reg_place = self.registry_place(c.line, &c.name);
            if let Some(src) = &c.source {
                reg_place.push_str(&format!(" (source: {src})"));
            }
            sources.push(reg_place);
            self.found.push(Disagreement {
                topic: Topic::NeverJoined,
                subject: c.name.clone(),
                text,
                sources,
            });
        }
    }

    /// Activities: who is named, before joining or before being listed, and names that
    /// match no partner; then the unmatched names of the lists, for review.
    fn activities(&mut self) {
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
            let (said, place) = match reg.lookup(name).map(|m| m.entity) {
                Some(Entity::NonPartner(n)) => (
                    match &n.note {
                        Some(note) => format!("a known non-partner ({note})"),
                        None => "a known non-partner".to_owned(),
                    },
                    Some(self.registry_place(n.line, &n.name)),
                ),
                Some(Entity::Candidate(c)) => (
                    "a candidate that never joined".to_owned(),
                    Some(self.registry_place(c.line, &c.name)),
                ),
                _ => (
                    "marked as a non-partner in the workplan; not in the registry".to_owned(),
                    None,
                ),
            };
            let refs: Vec<ActivityRef> = idx.iter().map(|&i| ActivityRef::of(&acts[i])).collect();
            let mut sources: Vec<String> = refs.iter().map(|r| r.place.clone()).collect();
            sources.extend(place);
            self.found.push(Disagreement {
                topic: Topic::NamedNotPartner,
                subject: name.to_string(),
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

    /// The years the sources speak of, each year's account, partners by year; renames
    /// without a date; a timeline per partner.
    fn years(&mut self) {
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
                    joined.push((j, p.name.clone(), j.to_string(), self.join_claim(p)));
                }
                for r in &p.renames {
                    if r.date.is_some_and(|d| d.year == y) {
                        let mut s = describe_rename(p, r);
                        if let Some(src) = &r.source {
                            s.push_str(&format!("; source: {src}"));
                        }
                        renamed.push(s);
                    }
                }
            }
            joined.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
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
                        (Some(p), _) => match p.joined {
                            Some(j) => format!("joined {j}"),
                            None => "a partner (no join date)".to_owned(),
                        },
                        (None, Some(c)) if reg.candidates().iter().any(|x| &x.name == c) => {
                            "never joined".to_owned()
                        }
                        (None, Some(_)) => "not a partner".to_owned(),
                        (None, None) => "not in the registry".to_owned(),
                    };
                    discussions.push(Discussion {
                        name_as_written: n.name_as_written.clone(),
                        list: l.describe(),
                        outcome,
                        place: n.place.clone(),
                    });
                }
            }
            self.r.years.push(YearAccount {
                year: y,
                members,
                joined: joined.into_iter().map(|(_, n, d, s)| (n, d, s)).collect(),
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
                let mut s = describe_rename(p, r);
                if let Some(src) = &r.source {
                    s.push_str(&format!("; source: {src}"));
                }
                s.push_str(&format!("; {}", self.registry_place(p.line, &p.name)));
                let written: Vec<String> = self
                    .r
                    .names
                    .iter()
                    .filter(|n| {
                        n.canonical.as_deref() == Some(p.name.as_str())
                            && rename_used(p, &n.name_as_written).is_some_and(|u| u.to == r.to)
                    })
                    .map(|n| format!("“{}” at {} ({})", n.name_as_written, n.place, n.list))
                    .collect();
                if !written.is_empty() {
                    s.push_str(&format!("; written so: {}", written.join(", ")));
                }
                self.r.undated_renames.push(s);
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
                renames: p
                    .renames
                    .iter()
                    .map(|r| {
                        format!(
                            "{} ({})",
                            r.to,
                            r.date
                                .map_or_else(|| "date not given".to_owned(), |d| d.to_string())
                        )
                    })
                    .collect(),
                first_activity: dated.first().map(|&(_, i)| ActivityRef::of(&acts[i])),
                last_activity: dated.last().map(|&(_, i)| ActivityRef::of(&acts[i])),
                activities: idx.len(),
                lists,
            });
        }
    }

    fn finish(mut self) -> Reconciliation {
        // Stable: by topic, then in the order found.
        self.found.sort_by_key(|d| d.topic);
        self.r.disagreements = self.found;
        if self.inp.lists.files.is_empty() {
            self.r.notes.push(
                "No partner lists were read: the reconciliation holds the registry against the \
                 activities only."
                    .to_owned(),
            );
        }
        self.r
    }
}

/// "“World Mobile Congress 2019” (25-27/02/2019); “…” (…)".
fn describe_all(refs: &[ActivityRef]) -> String {
    refs.iter()
        .map(ActivityRef::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

/// "; suggestions: Google (0.93), Orange (0.71)" or "".
fn suggestion_text(suggestions: &[(String, f64)]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; suggestions: {}", format_suggestions(suggestions))
    }
}

/// "Google (0.93), Orange (0.71)".
pub fn format_suggestions(suggestions: &[(String, f64)]) -> String {
    suggestions
        .iter()
        .map(|(s, score)| format!("{s} ({score:.2})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "8 companies and 6 associations", or "25".
fn announced_words(a: &Announced) -> String {
    let mut parts = Vec::new();
    if let Some(c) = a.companies {
        parts.push(plural(c, "company", "companies"));
    }
    if let Some(n) = a.associations {
        parts.push(plural(n, "association", "associations"));
    }
    if parts.is_empty() {
        plural(a.total, "partner", "partners")
    } else {
        join_and(&parts)
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// "input/workplan-2017-2019.xlsx [Workplan 2017-2019] row 31" (rows 27-28 when joined).
pub fn activity_place(a: &Activity) -> String {
    let rows = row_numbers(&a.source.rows);
    match &a.source.sheet {
        Some(sheet) => format!("{} [{sheet}] {rows}", a.source.file),
        None => format!("{} {rows}", a.source.file),
    }
}

/// "row 7", "rows 3-16", "rows 3-5, 9".
fn row_numbers(rows: &[u32]) -> String {
    let mut sorted: Vec<u32> = rows.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        runs.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    let word = if sorted.len() == 1 { "row" } else { "rows" };
    format!("{word} {}", runs.join(", "))
}

/// The places of a list's rows, per file and sheet: "input/partner-lists.csv rows 3-16".
fn rows_place(rows: &[crate::model::Location]) -> String {
    let mut by_file: BTreeMap<(String, Option<String>), Vec<u32>> = BTreeMap::new();
    let mut order: Vec<(String, Option<String>)> = Vec::new();
    for l in rows {
        let key = (l.file.clone(), l.sheet.clone());
        if !by_file.contains_key(&key) {
            order.push(key.clone());
        }
        by_file.entry(key).or_default().extend(l.row);
    }
    order
        .iter()
        .map(|key| {
            let rows = row_numbers(&by_file[key]);
            match &key.1 {
                Some(sheet) => format!("{} [{sheet}] {rows}", key.0),
                None => format!("{} {rows}", key.0),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

// ---- The step of a run -----------------------------------------------------------------

/// Why the reconciliation could not be done or written.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    /// A lists file named on the command line does not exist.
    #[error("{0}: partner lists file not found")]
    Missing(String),
    /// A lists file could not be read.
    #[error(transparent)]
    Lists(#[from] ListsError),
    /// An output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The PDF could not be produced.
    #[error("reconciliation.pdf: {0}")]
    Pdf(#[from] PdfError),
}

/// What the reconciliation step did, for the run's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Lists read.
    pub lists: usize,
    /// Names on them.
    pub names: usize,
    /// Names on lists that matched nothing.
    pub unmatched: usize,
    /// Disagreements found.
    pub disagreements: usize,
}

/// The result of [`run`].
#[derive(Debug, Default)]
pub struct Step {
    /// Counts for the summary.
    pub counts: Counts,
    /// Problems with the lists, and information (encodings detected, no lists file).
    pub diagnostics: Vec<Diagnostic>,
    /// Files written.
    pub outputs: Vec<PathBuf>,
}

/// How a path is named in outputs: as given, with forward slashes.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Reads the partner lists of `config`, reconciles them with the registry and the
/// activities, and writes the outputs into `dir` (nothing when `None`).
///
/// A missing lists file is an error when the user named it, and a note when it is the
/// default one: the reconciliation then uses the registry and the activities only.
pub fn run(
    config: &Config,
    registry: &PartnerRegistry,
    activities: &[Activity],
    dir: Option<&OutputDir>,
) -> Result<Step, ReconcileError> {
    let mut step = Step::default();
    let mut lists = PartnerLists::default();
    for path in &config.partner_lists {
        let display = display_path(path);
        if !path.is_file() {
            if config.partner_lists_given {
                return Err(ReconcileError::Missing(display));
            }
            step.diagnostics.push(Diagnostic::new(
                Location::file(&display),
                Kind::NoPartnerListsFile,
            ));
            continue;
        }
        lists.read(path, &display)?;
    }
    step.diagnostics.append(&mut lists.diagnostics);
    let registry_file = display_path(&config.registry);
    let rec = reconcile(&Inputs {
        registry,
        registry_file: &registry_file,
        lists: &lists,
        activities,
    });
    step.diagnostics.extend(rec.warnings.iter().cloned());
    step.counts = Counts {
        lists: rec.lists.iter().filter(|l| !l.names.is_empty()).count(),
        names: rec.names.len(),
        unmatched: rec
            .names
            .iter()
            .filter(|n| n.status == NameStatus::Unmatched)
            .count(),
        disagreements: rec.disagreements.len(),
    };
    if let Some(dir) = dir {
        let bom = config.csv_bom;
        step.outputs.push(dir.write("reconciliation.csv", |w| {
            write::reconciliation_csv(w, &rec, bom)
        })?);
        step.outputs.push(dir.write("partners-by-year.csv", |w| {
            write::partners_by_year_csv(w, &rec, bom)
        })?);
        if config.pdf {
            let doc = pdf::document(&rec, config.created);
            let rendered = crate::pdf::render(&doc, &crate::report::FONTS)?;
            step.diagnostics
                .extend(rendered.printed.missing_glyph_warning("reconciliation.pdf"));
            step.outputs
                .push(dir.write("reconciliation.pdf", |w| w.write_all(&rendered.bytes))?);
        }
    }
    Ok(step)
}

#[cfg(test)]
mod tests;
