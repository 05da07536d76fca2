//! What the reconciliation finds, as plain data: each name on each list with its status,
//! the lists, the counts announced, the disagreements with their sources, the years, the
//! partners by year, the timelines and the names to review. [`Reconciliation`] holds them
//! all; the CSV files ([`write`](super::write)) and the PDF ([`pdf`](super::pdf)) print it.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::lists::{Announced, ListKind, Period};
use super::wording::{
    activity_place, explain, outcome_words, row_numbers_in, rows_place_in, shorten_at_word, Words,
};
use crate::config::Lang;
use crate::diagnostic::Diagnostic;
use crate::model::{Activity, Location, Status};
use crate::registry::{PartialDate, PartnerKind, Rename};
use crate::text::collapse_whitespace;

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
    /// The same, as a location.
    pub location: Location,
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
    pub rows: Vec<Location>,
    /// The file rows of the counts announced for it.
    pub claim_rows: Vec<Location>,
}

impl PartnerList {
    /// "“2017 list” (2020 overview, as of 2017-11-08)".
    pub fn describe(&self) -> String {
        Words::of(Lang::En).list(&self.cite())
    }

    /// The list as a finding cites it.
    pub fn cite(&self) -> ListRef {
        ListRef {
            label: self.label.clone(),
            source: self.source.clone(),
            as_of: self.as_of_text.clone(),
        }
    }

    /// The list as a finding's source: its rows, with its label or as "the list".
    pub fn source(&self, labelled: bool) -> Source {
        let rows = if self.rows.is_empty() {
            &self.claim_rows
        } else {
            &self.rows
        };
        Source::List {
            rows: rows.clone(),
            label: labelled.then(|| self.label.clone()),
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
        self.place_in(Lang::En)
    }

    /// [`PartnerList::place`] in `lang`: "input/partner-lists.csv lignes 3-15".
    pub fn place_in(&self, lang: Lang) -> String {
        if self.rows.is_empty() {
            rows_place_in(&self.claim_rows, lang)
        } else {
            rows_place_in(&self.rows, lang)
        }
    }
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

    /// Counts one name: a partner by its kind, any other name as other.
    pub(super) fn add(&mut self, kind: Option<PartnerKind>) {
        match kind {
            Some(PartnerKind::Company) => self.companies += 1,
            Some(PartnerKind::Association) => self.associations += 1,
            None => self.other += 1,
        }
    }

    /// "8 companies and 5 associations" (and "1 other name" when there is one).
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`KindCounts::describe`] in `lang`: "8 entreprises et 5 associations".
    pub fn describe_in(&self, lang: Lang) -> String {
        let w = Words::of(lang);
        let mut parts = vec![
            w.count(self.companies, "company"),
            w.count(self.associations, "association"),
        ];
        if self.other > 0 {
            parts.push(w.count(self.other, "other name"));
        }
        w.join_and(&parts)
    }
}

/// A count a document announces, against the list's names and the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct CountCheck {
    /// The list.
    pub list: ListRef,
    /// The count as written in the lists file.
    pub announced_text: String,
    /// The count read.
    pub announced: Announced,
    /// The note of the claim's row (the sentence quoted).
    pub note: String,
    /// Where the claim was read.
    pub place: Location,
    /// The names on the list, counted by kind (`None` when the list names nobody).
    pub named: Option<KindCounts>,
    /// Whether the names agree with the announced count.
    pub named_agrees: Option<bool>,
    /// The registry's count: certain, and possibly more (dates known only to the year).
    pub registry: Option<(KindCounts, KindCounts)>,
    /// Whether the registry agrees with the announced count.
    pub registry_agrees: Option<bool>,
}

/// What a finding is about: a disagreement between sources, or a fact the registry
/// settles ([`Topic::is_settled`]), which is listed apart and never counted as a
/// disagreement.
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
    /// A partner taking part in activities while absent from every list up to then.
    ActiveBeforeListed,
    /// An activity dated before the partner's join date.
    ActiveBeforeJoined,
    /// A name in activities that the registry does not know as anything: unmatched, or
    /// marked as a non-partner in the workplan only.
    NamedNotPartner,
    /// Settled: a candidate in discussion that never joined, as the registry says.
    NeverJoined,
    /// Settled: a list (not of candidates) naming a registry non-partner.
    ListNamesKnownNonPartner,
    /// Settled: an activity naming a registry non-partner or a registry candidate.
    NamedKnownNonPartner,
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
            Topic::ActiveBeforeListed => "active before listed",
            Topic::ActiveBeforeJoined => "active before joining",
            Topic::NamedNotPartner => "named in activities, not a partner",
            Topic::NeverJoined => "candidate never joined",
            Topic::ListNamesKnownNonPartner => "list names a known non-partner",
            Topic::NamedKnownNonPartner => "named in activities, a known non-partner",
        }
    }

    /// A stable name for files (the `kind` column of `disagreements.csv`).
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::AnnouncedCount => "announced-count",
            Topic::ListOmitsPartner => "list-omits-partner",
            Topic::ListOmitsOwnJoiners => "list-omits-own-joiners",
            Topic::ListNamesNonMember => "list-names-non-member",
            Topic::JoinDate => "join-date",
            Topic::AlreadyPartner => "already-partner",
            Topic::ActiveBeforeListed => "active-before-listed",
            Topic::ActiveBeforeJoined => "active-before-joined",
            Topic::NamedNotPartner => "named-not-partner",
            Topic::NeverJoined => "never-joined",
            Topic::ListNamesKnownNonPartner => "list-names-known-non-partner",
            Topic::NamedKnownNonPartner => "named-known-non-partner",
        }
    }

    /// Whether the registry settles it: the sources do not disagree, the registry says
    /// what the name is (a `[[non_partner]]`, a `[[candidate]]` that never joined). A
    /// fully reviewed run has settled facts and no disagreement of its own making.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            Topic::NeverJoined | Topic::ListNamesKnownNonPartner | Topic::NamedKnownNonPartner
        )
    }
}

/// One finding: a disagreement between sources, or a fact the registry settles, with
/// the place of every claim it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// What it is about.
    pub topic: Topic,
    /// The partner, name or list concerned.
    pub subject: String,
    /// The year it concerns, where one can be told: the list's year, the join year, the
    /// first year of the activities concerned.
    pub year: Option<i32>,
    /// What disagrees, as facts; worded when printed ([`Disagreement::text`]).
    pub finding: Finding,
    /// The places of the claims: document, file and row, registry line, activity row;
    /// worded when printed ([`Source::words`]).
    pub sources: Vec<Source>,
}

/// A rename as the PDF reports it, as facts; worded when printed
/// ([`RenameNote::words`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RenameNote {
    /// The registry's name.
    pub from: String,
    /// The later name, its date and its stated source.
    pub rename: Rename,
    /// The registry line (for renames without a date).
    pub registry: Option<Source>,
    /// The list rows that write the later name, as [`Source::Name`]s (for renames
    /// without a date).
    pub written: Vec<Source>,
}

/// The place of one claim a finding rests on, as facts; worded when printed.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A row of a file: "input/partner-lists.csv row 7".
    At(Location),
    /// A count's row with the sentence it quotes: "… row 2: 8 leading technology firms".
    Claim {
        /// Where the count was read.
        place: Location,
        /// The sentence quoted (may be empty).
        note: String,
    },
    /// An activity's rows: "input/workplan.xlsx [Workplan] row 31".
    Activity {
        /// Its file and sheet.
        file: String,
        /// Its rows.
        rows: Vec<u32>,
    },
    /// A list by its rows, with its label ("… rows 3-15 (2017 list)"), or as the list
    /// itself when `label` is `None` ("… rows 3-15 (the list)").
    List {
        /// Its rows.
        rows: Vec<Location>,
        /// Its label.
        label: Option<String>,
    },
    /// A name on a list: "… row 7 (2017 list: “Googel”)".
    Name {
        /// Where the name was read.
        place: Location,
        /// The list's label.
        list: String,
        /// The name as written.
        written: String,
    },
    /// A registry line, with the join and its stated source when given:
    /// "input/partners.toml line 12 (Google): joined 2017 (source: minutes)".
    Registry {
        /// The registry file.
        file: String,
        /// Its line.
        line: usize,
        /// The registry's name.
        name: String,
        /// The join date given.
        joined: Option<PartialDate>,
        /// The join's stated source.
        source: Option<String>,
    },
    /// The registry file as a whole.
    RegistryFile(String),
}

impl Source {
    /// The source in English, as disagreements.csv prints it.
    pub fn text(&self) -> String {
        self.words(Lang::En)
    }
}

impl ActivityRef {
    /// Its rows as a finding's source.
    pub fn source(&self) -> Source {
        Source::Activity {
            file: self.file.clone(),
            rows: self.rows.clone(),
        }
    }
}

impl Disagreement {
    /// What disagrees, in one or two English sentences (`disagreements.csv`).
    pub fn text(&self) -> String {
        explain(&self.finding, Lang::En)
    }

    /// What disagrees, in one or two sentences of `lang`.
    pub fn text_in(&self, lang: Lang) -> String {
        explain(&self.finding, lang)
    }
}

/// A list as a finding cites it: its label, document and date as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRef {
    /// The list's label.
    pub label: String,
    /// Its source document.
    pub source: String,
    /// Its date as written (empty when none).
    pub as_of: String,
}

/// What the registry says of a name in activities that is not a partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// A registry `[[non_partner]]`, with its note.
    KnownNonPartner(Option<String>),
    /// A registry candidate that never joined.
    Candidate,
    /// Marked as a non-partner in the workplan only.
    WorkplanOnly,
}

/// The facts of one finding: the names, lists, dates, counts and activities it rests on.
/// [`explain`] words them in English or French.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// A list (not of candidates) names a registry candidate that never joined.
    NamesCandidate {
        /// The list.
        list: ListRef,
        /// The name as written.
        written: String,
    },
    /// A list (not of candidates) names a registry non-partner.
    NamesKnownNonPartner {
        /// The list.
        list: ListRef,
        /// The name as written.
        written: String,
    },
    /// A list of candidates names a partner that had already joined.
    AlreadyPartner {
        /// The list.
        list: ListRef,
        /// The name as written.
        written: String,
        /// The partner's canonical name.
        partner: String,
        /// Its registry join date.
        joined: Option<PartialDate>,
    },
    /// A list of joiners whose date is not the registry's join date.
    JoinDate {
        /// The list.
        list: ListRef,
        /// The name as written.
        written: String,
        /// The partner's canonical name.
        partner: String,
        /// Its registry join date.
        joined: Option<PartialDate>,
    },
    /// A list naming a partner before it joined.
    NotYetPartner {
        /// The list.
        list: ListRef,
        /// The name as written.
        written: String,
        /// The partner's canonical name.
        partner: String,
        /// Its registry join date.
        joined: Option<PartialDate>,
    },
    /// Lists that should name a partner and do not.
    ListsOmitPartner {
        /// The partner's canonical name.
        partner: String,
        /// Its registry join date.
        joined: Option<PartialDate>,
        /// The lists leaving it out.
        lists: Vec<ListRef>,
    },
    /// A members list leaving out joiners of the same document.
    ListOmitsOwnJoiners {
        /// The members list.
        members: ListRef,
        /// The joiners list of the same document.
        joiners: ListRef,
        /// The partners left out.
        left_out: Vec<String>,
    },
    /// A registry candidate that never joined, with the lists discussing it.
    NeverJoined {
        /// The candidate's registry name.
        candidate: String,
        /// Lists of candidates naming it.
        discussed: Vec<ListRef>,
        /// Complete lists from then on that do not name it.
        later: Vec<ListRef>,
        /// The registry's note.
        note: Option<String>,
    },
    /// Activities dated before the partner joined.
    ActiveBeforeJoined {
        /// The partner's canonical name.
        partner: String,
        /// Its registry join date.
        joined: Option<PartialDate>,
        /// The activities.
        activities: Vec<ActivityRef>,
    },
    /// Activities in years for which lists speak, none of which names the partner.
    ActiveBeforeListed {
        /// The partner's canonical name.
        partner: String,
        /// The activities.
        activities: Vec<ActivityRef>,
        /// Their years.
        years: Vec<i32>,
        /// The lists speaking for those years.
        checked: Vec<ListRef>,
        /// The first list naming it, if any.
        first_listed: Option<ListRef>,
    },
    /// A name in activities that the registry knows as no partner, or the workplan marks.
    NamedNotPartner {
        /// The name.
        name: String,
        /// What it is.
        standing: Standing,
        /// The activities naming it.
        activities: Vec<ActivityRef>,
    },
    /// A name in activities that matches no registry entry.
    NamedUnmatched {
        /// The name.
        name: String,
        /// Registry suggestions with scores.
        suggestions: Vec<(String, f64)>,
        /// The activities naming it.
        activities: Vec<ActivityRef>,
    },
    /// A count announced that the list's own names do not give.
    CountAgainstNames {
        /// The list.
        list: ListRef,
        /// The count announced.
        announced: Announced,
        /// The names on the list, by kind.
        named: KindCounts,
        /// The kinds that fall short or run over, with the partners of that kind named.
        kinds: Vec<(PartnerKind, Vec<String>)>,
    },
    /// A count announced outside the registry's range at the list's date.
    CountAgainstRegistry {
        /// The list.
        list: ListRef,
        /// The count announced.
        announced: Announced,
        /// The registry's certain count.
        counted: KindCounts,
        /// The partners counted.
        names: Vec<String>,
        /// Partners whose dates are less precise, possibly counted.
        possible: Vec<String>,
    },
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
    /// Its file and sheet ("input/workplan-2017-2019.xlsx [Workplan 2017-2019]").
    pub file: String,
    /// Its rows in that sheet.
    pub rows: Vec<u32>,
}

impl ActivityRef {
    /// The activity as cited: its title (shortened at a word), date and place.
    pub(super) fn of(a: &Activity) -> ActivityRef {
        let title = a
            .activity
            .as_deref()
            .or(a.topic.as_deref())
            .or(a.sector.as_deref())
            .unwrap_or("(untitled)");
        ActivityRef {
            title: shorten_at_word(&collapse_whitespace(title), 70),
            date: collapse_whitespace(&a.date.text),
            start: a.date.start,
            cancelled: a.status == Status::Cancelled,
            place: activity_place(a),
            file: match &a.source.sheet {
                Some(sheet) => format!("{} [{sheet}]", a.source.file),
                None => a.source.file.to_string(),
            },
            rows: a.source.rows.to_vec(),
        }
    }

    /// Its rows in words of `lang`: "row 31", "lignes 27-28".
    pub fn rows_in(&self, lang: Lang) -> String {
        row_numbers_in(&self.rows, lang)
    }

    /// "“World Mobile Congress 2019” (25-27/02/2019)".
    pub fn describe(&self) -> String {
        self.describe_in(Lang::En)
    }

    /// [`ActivityRef::describe`] in `lang`: "« Titre » (25-27/02/2019, annulée)".
    pub fn describe_in(&self, lang: Lang) -> String {
        let w = Words::of(lang);
        let date = if self.date.is_empty() {
            w.word("undated").to_owned()
        } else {
            self.date.clone()
        };
        let cancelled = if self.cancelled {
            format!(", {}", w.word("cancelled"))
        } else {
            String::new()
        };
        format!("{} ({date}{cancelled})", w.quote(&self.title))
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
    /// Later names, worded when printed ("ServiceNow (date not given)").
    pub renames: Vec<Rename>,
    /// Its earliest dated activity.
    pub first_activity: Option<ActivityRef>,
    /// Its latest dated activity.
    pub last_activity: Option<ActivityRef>,
    /// Activities naming it, dated or not.
    pub activities: usize,
    /// Lists naming it (any kind).
    pub lists: usize,
}

/// What became of an organisation in discussion, by the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A partner, joined on that date.
    Joined(PartialDate),
    /// A partner, with no join date.
    PartnerUndated,
    /// A registry candidate that never joined.
    NeverJoined,
    /// Known to the registry as not a partner.
    NotAPartner,
    /// Unknown to the registry.
    NotInRegistry,
}

impl Outcome {
    /// "joined 2020", "joined 2022-06-28", "never joined", "not in the registry"; in
    /// French "adhésion 28 juin 2022", "jamais adhéré".
    pub fn describe(self, lang: Lang) -> String {
        outcome_words(self, lang)
    }
}

/// An organisation named on a list of candidates, and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Discussion {
    /// As written on the list.
    pub name_as_written: String,
    /// The list.
    pub list: ListRef,
    /// What became of it.
    pub outcome: Outcome,
    /// Where the row was read.
    pub place: Location,
}

/// A partner joining, by the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinRow {
    /// Canonical name.
    pub name: String,
    /// The registry's join date.
    pub date: PartialDate,
    /// The source the registry gives for it.
    pub source: Option<String>,
    /// The partner's line in the registry file.
    pub line: usize,
}

/// What happened in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearAccount {
    /// The year.
    pub year: i32,
    /// Partners that year by the registry, by kind.
    pub members: KindCounts,
    /// Partners whose registry join date falls in the year: (name, date, the source the
    /// registry gives and its line there).
    pub joined: Vec<JoinRow>,
    /// Renames dated in the year: "Facebook → Meta (2021-10-28); source: …".
    pub renamed: Vec<RenameNote>,
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
    /// Renames without a date: "Element AI → ServiceNow (date not given); source: …".
    pub undated_renames: Vec<RenameNote>,
    /// Names to review (unmatched in lists and activities).
    pub review: Vec<ReviewName>,
    /// Disagreements, in a stable order (topic, then as found).
    pub disagreements: Vec<Disagreement>,
    /// Facts the registry settles ([`Topic::is_settled`]), listed apart, in the same
    /// order.
    pub settled: Vec<Disagreement>,
    /// No partner list was read: the reconciliation holds the registry against the
    /// activities only (the printed report says so, in its language).
    pub no_lists_read: bool,
    /// Problems with the inputs (a list whose rows disagree on its date).
    pub warnings: Vec<Diagnostic>,
}
