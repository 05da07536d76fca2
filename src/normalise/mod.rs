//! Normalising: raw records become canonical [`Activity`] values, each field traced.
//!
//! The rules themselves are pure functions in the submodules ([`dates`], [`names`],
//! [`contacts`]) and in [`crate::text`]; this module applies them to a [`RawRecord`], caches the
//! results per distinct text (values repeat a lot in real workplans), and writes down
//! for every field where it came from and which rules changed it ([`FieldTrace`]).
//!
//! A plain synchronous stage: [`Normaliser::activity`] takes one record and gives one
//! [`Normalised`]. What it gives depends only on the record and the registry, not on
//! the records met before (the caches only save work), so the pipeline may share a
//! sheet's records among several normalisers and get the same results in order.

use std::collections::BTreeSet;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::diagnostic::{Diagnostic, Kind};
use crate::layout::extra_map;
use crate::model::{
    Activity, CellValue, DateSpan, Field, RawField, RawRecord, Source, SourceCell, SpanStyle,
    Status, TextPool,
};
use crate::registry::PartnerRegistry;
use crate::text;

mod canonical;
pub mod contacts;
pub mod dates;
pub mod names;
mod sheet_dates;

pub use sheet_dates::{DateContexts, SheetDates};

/// Where one canonical value came from and what changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldTrace {
    /// The canonical field ("sector", "date", "partners", ...).
    pub field: &'static str,
    /// The source cells, in order.
    pub cells: Vec<SourceCell>,
    /// The header of the source column, as written.
    pub header: Option<Arc<str>>,
    /// The text as written (continuation parts joined by a line break), shared with
    /// the record.
    pub as_written: Arc<str>,
    /// The canonical value as it appears in `activities.csv`.
    pub value: String,
    /// The rules that changed it, or doubts about it; empty when taken as written.
    pub rules: Vec<String>,
}

/// Something a user should look at, though the activity was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// A name that matched nothing in the registry.
    UnmatchedName {
        /// The name as written, whole.
        name: String,
        /// The whole cell it was read from.
        cell: String,
        /// Where: `file [sheet]!F12`.
        place: String,
    },
    /// A name matched by a rule that is not certain (initials, a near spelling, a
    /// guessed affiliate): counted as matched, to be confirmed by a person.
    NameToConfirm {
        /// The name as written, whole.
        name: String,
        /// The canonical name it was matched to.
        canonical: String,
        /// The rule that matched it ([`crate::registry::MatchRule::as_str`]).
        rule: &'static str,
        /// The whole cell it was read from.
        cell: String,
        /// Where: `file [sheet]!F12`.
        place: String,
    },
    /// An e-mail address that could not be repaired with confidence.
    Contact {
        /// The address as written.
        address: String,
        /// Where.
        place: String,
    },
}

/// One normalised record: the activity, how each field was derived, and warnings.
#[derive(Debug, Clone)]
pub struct Normalised {
    /// The canonical activity.
    pub activity: Activity,
    /// One trace per field that had a source, in field order.
    pub trace: Vec<FieldTrace>,
    /// Problems found, each naming its place (an unreadable date).
    pub warnings: Vec<Diagnostic>,
    /// Items for the review files.
    pub review: Vec<Review>,
}

/// What normalising a record finds beside its fields, in the order found.
#[derive(Default)]
struct Findings {
    trace: Vec<FieldTrace>,
    notes: Vec<Arc<str>>,
    warnings: Vec<Diagnostic>,
    review: Vec<Review>,
}

/// The organisations a Companies cell names, as the activity holds them.
#[derive(Default)]
struct ActivityOrganisations {
    partners: Box<[Arc<str>]>,
    all_partners: bool,
    other_organisations: Box<[Arc<str>]>,
    unmatched: Box<[Arc<str>]>,
}

/// Applies the normalisation rules, remembering results per distinct text.
pub struct Normaliser<'r> {
    registry: &'r PartnerRegistry,
    /// Date texts read, each with the context it was read in.
    dates: TextCache<(dates::ParsedDate, dates::Context)>,
    organisations: TextCache<CompaniesCell>,
    /// Cleaned short labels (topic, sector, domain, activity): they repeat, and the
    /// activities that repeat one share its text.
    labels: TextCache<Label>,
    /// Contact cells: one unit's cell repeats on every one of its rows. Each contact
    /// with its address as the activities list it.
    contacts: TextCache<Vec<(contacts::Contact, Arc<str>)>>,
    /// The names, addresses and notes of the caches above, each one shared string
    /// however many distinct cells give it.
    shared: TextPool,
}

/// A Companies cell read once ([`names::Organisations`]), its names and notes made
/// shared strings when the cell is first met: each activity then only takes
/// references, and the cache holds no second copy of them.
struct CompaniesCell {
    all_partners: bool,
    partners: Box<[Arc<str>]>,
    other_organisations: Box<[Arc<str>]>,
    unmatched: Box<[Arc<str>]>,
    to_confirm: Box<[names::ToConfirm]>,
    notes: Box<[Arc<str>]>,
}

impl CompaniesCell {
    fn new(orgs: names::Organisations, pool: &mut TextPool) -> Self {
        CompaniesCell {
            partners: pool.all(&orgs.partners),
            other_organisations: pool.all(&orgs.other_organisations),
            unmatched: pool.all(&orgs.unmatched),
            to_confirm: orgs.to_confirm.into(),
            notes: pool.all(&orgs.notes),
            all_partners: orgs.all_partners,
        }
    }
}

static CANCELLED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(cancell?ed|annul[ée]e?s?)\b").expect("valid regex"));

impl<'r> Normaliser<'r> {
    /// A normaliser matching names against `registry`.
    pub fn new(registry: &'r PartnerRegistry) -> Self {
        Normaliser {
            registry,
            dates: TextCache::default(),
            organisations: TextCache::default(),
            labels: TextCache::default(),
            contacts: TextCache::default(),
            shared: TextPool::default(),
        }
    }

    /// Turns one raw record into a canonical activity with its trace; its date is read
    /// in the context `dates` gives its column ([`SheetDates::observe`]). A row of the
    /// canonical table read back gives the activity it was written from.
    pub fn activity(&mut self, rec: &RawRecord, dates: &DateContexts) -> Normalised {
        if let Some(cells) = &rec.canonical {
            return canonical::activity(rec, cells, &mut self.shared);
        }
        let mut found = Findings::default();
        found.notes.extend(continuation_note(rec));
        let topic = self.label(rec, Field::Topic, &mut found);
        let sector = self.label(rec, Field::Sector, &mut found);
        let domain = self.label(rec, Field::Domain, &mut found);
        let activity = self.label(rec, Field::Activity, &mut found);
        let description = description(rec, &mut found);
        let date = self.date(rec, dates.of(rec), &mut found);
        let organisations = self.organisations(rec, &mut found);
        let contacts = self.contacts(rec, &mut found);
        let status = status(rec, &mut found);
        let mut activity = Activity {
            id: String::new(),
            workplan: rec.workplan.clone(),
            category: rec.category.clone(),
            topic,
            sector,
            domain,
            activity,
            description,
            status,
            date,
            partners: organisations.partners,
            all_partners: organisations.all_partners,
            other_organisations: organisations.other_organisations,
            unmatched: organisations.unmatched,
            contacts,
            extra: extra_map(rec),
            source: Source {
                file: rec.file.clone(),
                sheet: rec.sheet.clone(),
                rows: rec.rows.clone(),
            },
            notes: found.notes.into(),
        };
        activity.id = content_id(&activity);
        for t in &mut found.trace {
            t.rules.dedup();
        }
        Normalised {
            activity,
            trace: found.trace,
            warnings: found.warnings,
            review: found.review,
        }
    }

    /// A short label (topic, sector, domain, activity), cleaned; a blank cell filled
    /// down from the record above says so.
    fn label(&mut self, rec: &RawRecord, field: Field, found: &mut Findings) -> Option<Arc<str>> {
        let raw = rec.field(field)?;
        let cleaned = cached(&mut self.labels, &raw.text, Label::new);
        if cleaned.text.is_empty() {
            return None;
        }
        let mut rules: Vec<String> = cleaned.rules.iter().map(|r| r.to_string()).collect();
        if let Some(from) = raw.filled_from {
            let rule = format!("blank cell: same as above, filled down from row {from}");
            found
                .notes
                .push(Arc::from(format!("{} {rule}", field.name())));
            rules.insert(0, rule);
        }
        let value = cleaned.text.to_string();
        found.trace.push(field_trace(rec, field, raw, value, rules));
        Some(cleaned.text.clone())
    }

    /// The date: a real date cell is taken as it is; text goes through the date reader
    /// in `context`. The reader's rules go to the trace and the notes, each issue to a
    /// warning naming the cell.
    fn date(&mut self, rec: &RawRecord, context: dates::Context, found: &mut Findings) -> DateSpan {
        let Some(raw) = rec.field(Field::Date) else {
            return DateSpan::empty();
        };
        let mut rules = Vec::new();
        let span = match raw.value() {
            CellValue::DateTime(dt) if raw.cell_count() == 1 => {
                rules.push("read as real date cell".to_owned());
                dates::from_cell(*dt)
            }
            _ => {
                let parsed = cached_date(&mut self.dates, &raw.text, &context);
                if parsed.rule != "unreadable" {
                    rules.push(format!("read as {}", parsed.rule));
                }
                for note in &parsed.notes {
                    found.notes.push(Arc::from(note.as_str()));
                    rules.push(note.clone());
                }
                for issue in &parsed.issues {
                    let kind = date_issue(issue, &parsed.span);
                    let message = kind.message();
                    found.notes.push(Arc::from(message.as_str()));
                    rules.push(message);
                    found
                        .warnings
                        .push(Diagnostic::new(rec.location(Field::Date), kind));
                }
                parsed.span.clone()
            }
        };
        let value = span.display(SpanStyle::Interval).to_string();
        found
            .trace
            .push(field_trace(rec, Field::Date, raw, value, rules));
        span
    }

    /// The organisations of the Companies cell, matched against the registry; a name
    /// matching nothing is to be reviewed.
    fn organisations(&mut self, rec: &RawRecord, found: &mut Findings) -> ActivityOrganisations {
        let Some(raw) = rec.field(Field::Companies) else {
            return ActivityOrganisations::default();
        };
        let registry = self.registry;
        let pool = &mut self.shared;
        let cell = cached(&mut self.organisations, &raw.text, |t| {
            CompaniesCell::new(names::organisations(t, registry), pool)
        });
        found.notes.extend(cell.notes.iter().cloned());
        if !cell.unmatched.is_empty() || !cell.to_confirm.is_empty() {
            let place = rec.location(Field::Companies).to_string();
            for name in &cell.unmatched {
                found.review.push(Review::UnmatchedName {
                    name: name.to_string(),
                    cell: raw.text.to_string(),
                    place: place.clone(),
                });
            }
            for c in &cell.to_confirm {
                found.review.push(Review::NameToConfirm {
                    name: c.name.clone(),
                    canonical: c.canonical.clone(),
                    rule: c.rule.as_str(),
                    cell: raw.text.to_string(),
                    place: place.clone(),
                });
            }
        }
        let mut value = cell.partners.join("; ");
        if cell.all_partners {
            value = if value.is_empty() {
                "All".into()
            } else {
                format!("All; {value}")
            };
        }
        let rules = cell.notes.iter().map(|n| n.to_string()).collect();
        found
            .trace
            .push(field_trace(rec, Field::Companies, raw, value, rules));
        ActivityOrganisations {
            partners: cell.partners.clone(),
            all_partners: cell.all_partners,
            other_organisations: cell.other_organisations.clone(),
            unmatched: cell.unmatched.clone(),
        }
    }

    /// The contact addresses, repaired where that is safe; one that cannot be repaired
    /// with confidence is kept as written and is to be reviewed.
    fn contacts(&mut self, rec: &RawRecord, found: &mut Findings) -> Box<[Arc<str>]> {
        let Some(raw) = rec.field(Field::Contact) else {
            return Box::default();
        };
        let mut rules = Vec::new();
        let mut list: Vec<Arc<str>> = Vec::new();
        let pool = &mut self.shared;
        let extracted = cached(&mut self.contacts, &raw.text, |t| {
            contacts::extract(t)
                .into_iter()
                .map(|c| {
                    let address = pool.get(&c.address);
                    (c, address)
                })
                .collect()
        });
        for (c, address) in extracted {
            if !c.confident {
                let note = format!(
                    "contact \"{}\" could not be repaired with confidence; kept as written",
                    c.as_written.trim()
                );
                found.notes.push(Arc::from(note.as_str()));
                rules.push(note);
                found.review.push(Review::Contact {
                    address: c.address.clone(),
                    place: rec
                        .location_of(Field::Contact, c.as_written.trim())
                        .to_string(),
                });
            } else if let Some(repair) = &c.repair {
                rules.push(format!("\"{}\" repaired: {repair}", c.as_written.trim()));
            }
            if !list.iter().any(|a| a == address) {
                list.push(Arc::clone(address));
            }
        }
        let value = list.join("; ");
        found
            .trace
            .push(field_trace(rec, Field::Contact, raw, value, rules));
        list.into()
    }
}

/// "continuation rows 13, 14 joined to row 12", for a record joined from several rows.
fn continuation_note(rec: &RawRecord) -> Option<Arc<str>> {
    let (first, joined) = rec.rows.split_first()?;
    if joined.is_empty() {
        return None;
    }
    let list: Vec<String> = joined.iter().map(u32::to_string).collect();
    let plural = if joined.len() > 1 { "s" } else { "" };
    Some(Arc::from(format!(
        "continuation row{plural} {} joined to row {first}",
        list.join(", ")
    )))
}

/// The description, cleaned. Most need no cleaning: the activity then holds the
/// cell's own text rather than a copy of it (a million descriptions are most of a large
/// run's memory).
fn description(rec: &RawRecord, found: &mut Findings) -> Option<Arc<str>> {
    let raw = rec.field(Field::Description)?;
    let cleaned = text::clean_multiline(&raw.text);
    if cleaned.text.is_empty() {
        return None;
    }
    let rules: Vec<String> = cleaned.rules.iter().map(|r| r.to_string()).collect();
    let text = if rules.is_empty() && cleaned.text == *raw.text {
        raw.text.shared()
    } else {
        Arc::from(cleaned.text.as_str())
    };
    let trace = field_trace(rec, Field::Description, raw, cleaned.text, rules);
    found.trace.push(trace);
    Some(text)
}

/// Cancelled when the description, activity or date says CANCELLED (the first that
/// does is named in a note); planned otherwise.
fn status(rec: &RawRecord, found: &mut Findings) -> Status {
    let cancelled_in = [Field::Description, Field::Activity, Field::Date]
        .into_iter()
        .find(|f| CANCELLED.is_match(rec.text(*f)));
    match cancelled_in {
        Some(f) => {
            found.notes.push(Arc::from(format!(
                "status cancelled: the {} says CANCELLED",
                f.name()
            )));
            Status::Cancelled
        }
        None => Status::Planned,
    }
}

/// A cleaned label, its text shared by the activities that carry it.
struct Label {
    text: Arc<str>,
    rules: Vec<&'static str>,
}

impl Label {
    fn new(raw: &str) -> Self {
        let cleaned = text::clean(raw);
        Label {
            text: Arc::from(cleaned.text),
            rules: cleaned.rules,
        }
    }
}

/// Results per distinct cell text. Cells are hashed once per lookup, with a fast
/// hash: most lookups are hits on the few texts a sheet repeats.
type TextCache<T> = hashbrown::HashMap<String, T, rustc_hash::FxBuildHasher>;

/// The date `text` read in `context`, read once per distinct text, and again only when
/// its reading depends on the context and the context differs.
fn cached_date<'c>(
    cache: &'c mut TextCache<(dates::ParsedDate, dates::Context)>,
    text: &str,
    context: &dates::Context,
) -> &'c dates::ParsedDate {
    let entry = cache
        .entry_ref(text)
        .or_insert_with(|| (dates::read(text, context), *context));
    if entry.0.contextual && entry.1 != *context {
        *entry = (dates::read(text, context), *context);
    }
    &entry.0
}

/// The diagnostic kind of a date reader's issue about `span`.
fn date_issue(issue: &dates::Issue, span: &DateSpan) -> Kind {
    let written = text::collapse_whitespace(&span.text);
    let read_as = span.display(SpanStyle::Range).to_string();
    match issue {
        dates::Issue::Unreadable => Kind::DateUnreadable { written },
        dates::Issue::PartUnread { part } => Kind::DatePartUnread {
            written,
            part: part.clone(),
            read_as,
        },
        dates::Issue::OrderAmbiguous => {
            // The same day and month, the other way round.
            let swap = |d: Option<chrono::NaiveDate>| {
                use chrono::Datelike;
                d.and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year(), d.day(), d.month()))
            };
            let other = DateSpan {
                start: swap(span.start),
                end: swap(span.end),
                ..span.clone()
            };
            Kind::DateOrderAmbiguous {
                written,
                read_as,
                other: other.display(SpanStyle::Range).to_string(),
                read_early: false,
            }
        }
        dates::Issue::YearsOrMonth => Kind::DateYearsOrMonth { written, read_as },
        dates::Issue::WinterOfYear => Kind::DateWinter { written, read_as },
    }
}

/// The value for `text`, computed once per distinct text (the key is copied only on a
/// miss).
fn cached<'c, T>(
    cache: &'c mut TextCache<T>,
    text: &str,
    compute: impl FnOnce(&str) -> T,
) -> &'c T {
    cache.entry_ref(text).or_insert_with(|| compute(text))
}

fn field_trace(
    rec: &RawRecord,
    field: Field,
    raw: &RawField,
    value: String,
    rules: Vec<String>,
) -> FieldTrace {
    FieldTrace {
        field: field.name(),
        cells: raw.cells().collect(),
        header: rec.headers_of(field),
        as_written: raw.text.shared(),
        value,
        rules,
    }
}

/// A stable identifier from what the activity is, not where it was read: the same
/// record read from a workbook and from its CSV export gets the same id.
pub fn content_id(a: &Activity) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut put = |s: &str| {
        h.update(s.as_bytes());
        h.update(&[0x1f]);
    };
    put(a.workplan.as_deref().unwrap_or(""));
    put(a.category.as_deref().unwrap_or(""));
    put(a.topic.as_deref().unwrap_or(""));
    put(a.sector.as_deref().unwrap_or(""));
    put(a.domain.as_deref().unwrap_or(""));
    put(a.activity.as_deref().unwrap_or(""));
    put(a.description.as_deref().unwrap_or(""));
    match (a.date.start, a.date.end, a.date.precision) {
        (None, None, _) => put(a.date.text.trim()),
        (s, e, p) => put(&format!("{s:?}{e:?}{p:?}{}", a.date.tentative)),
    }
    let orgs: BTreeSet<&str> = a
        .partners
        .iter()
        .chain(&a.other_organisations)
        .chain(&a.unmatched)
        .map(|o| &**o)
        .collect();
    for o in orgs {
        put(o);
    }
    put(if a.all_partners { "all" } else { "" });
    for c in &a.contacts {
        put(c);
    }
    format!("a{:016x}", h.digest())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_cleaning_leaves_as_it_is_is_the_cells_own_text() {
        let csv = "Sector,Activity,Date,Companies,Description\n\
                   Education,Talk,2020,Microsoft,A talk on AI in schools.\n\
                   Education,Talk,2021,Microsoft,A  talk   on AI.\n";
        let raw = crate::import::csv::read("plan.csv", csv.as_bytes()).unwrap();
        let records = crate::layout::tables(&raw.sheets[0]).records;
        let registry = crate::registry::shipped();
        let mut normaliser = Normaliser::new(&registry);
        let cell = |r: &RawRecord| match &r.field(Field::Description).unwrap().text {
            crate::model::FieldText::Cell(text) => Arc::clone(text),
            joined => panic!("one cell, not {joined:?}"),
        };
        let described = |r: &RawRecord, n: &mut Normaliser<'_>| {
            n.activity(r, &DateContexts::default())
                .activity
                .description
                .expect("a description")
        };
        let kept = described(&records[0], &mut normaliser);
        assert_eq!(&*kept, "A talk on AI in schools.");
        assert!(Arc::ptr_eq(&kept, &cell(&records[0])), "shared, not copied");
        let cleaned = described(&records[1], &mut normaliser);
        assert_eq!(&*cleaned, "A talk on AI.");
        assert!(!Arc::ptr_eq(&cleaned, &cell(&records[1])));
    }
}
