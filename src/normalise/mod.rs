//! Normalising: raw records become canonical [`Activity`] values, each field traced.
//!
//! The rules themselves are pure functions in the submodules ([`dates`], [`names`],
//! [`contacts`]) and in [`crate::text`]; this module applies them to a [`RawRecord`], caches the
//! results per distinct text (values repeat a lot in real workplans), and writes down
//! for every field where it came from and which rules changed it.

use std::collections::BTreeSet;
use std::sync::{mpsc, Arc, LazyLock};

use regex::Regex;

use crate::diagnostic::{Diagnostic, Kind};
use crate::layout::extra_map;
use crate::model::{
    Activity, CellValue, DateSpan, Field, RawField, RawRecord, Source, SourceCell, SpanStyle,
    Status, TextPool,
};
use crate::registry::PartnerRegistry;
use crate::text;

pub mod contacts;
pub mod dates;
pub mod names;

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
        /// The name as written.
        name: String,
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
    /// One trace per field that had a source; empty when a [`TraceEncoder`] made
    /// `encoded_trace` of them.
    pub trace: Vec<FieldTrace>,
    /// What the pool's [`TraceEncoder`] made of the traces (nothing without one).
    pub encoded_trace: Vec<u8>,
    /// Problems found, each naming its place (an unreadable date).
    pub warnings: Vec<Diagnostic>,
    /// Items for the review files.
    pub review: Vec<Review>,
}

/// Turns an activity's traces into bytes on the thread that normalised it (the
/// pipeline: its `provenance.csv` rows), while the texts they copy are still in that
/// core's cache; the traces are then freed by the thread that made them.
pub type TraceEncoder = dyn Fn(&Activity, &[FieldTrace]) -> Vec<u8> + Sync;

/// Normalisers on every core for as long as a thread scope lasts, handed a sheet's
/// records a chunk at a time.
///
/// Gives the same results, in the same order, as [`Normaliser::activity`] on each
/// record in turn: each rule is a pure function of its text, and only the caches are
/// per thread. The helper threads live as long as the pool, with their caches: a
/// thread started for each chunk began with fresh allocator pages and left its free
/// ones behind when it ended, which cost page clearing and memory.
///
/// A chunk is [`submit`](Self::submit)ted and its results come back with the next
/// submission (or [`collect`](Self::collect)), so that the caller's own work (taking
/// the results of the chunk before, finding the next) runs while the helpers
/// normalise, instead of the cores waiting for it.
pub struct NormaliserPool {
    helpers: Vec<Helper>,
    /// How many helpers hold a part of the chunk submitted last (0: none in flight).
    in_flight: usize,
}

/// A normaliser on a thread of its own: chunks in, their results out, in order.
#[allow(clippy::vec_box, reason = "records are boxed where they are found")]
struct Helper {
    records: mpsc::Sender<Vec<Box<RawRecord>>>,
    results: mpsc::Receiver<Vec<Normalised>>,
}

impl NormaliserPool {
    /// A normaliser for each core, on threads of `scope`; `encode`, if given, turns
    /// each activity's traces into bytes there.
    pub fn new<'scope, 'env, 'r>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        registry: &'r PartnerRegistry,
        encode: Option<&'r TraceEncoder>,
    ) -> Self
    where
        'r: 'scope,
    {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let helpers = (0..threads)
            .map(|_| {
                let (records, inbox) = mpsc::channel::<Vec<Box<RawRecord>>>();
                let (outbox, results) = mpsc::channel();
                scope.spawn(move || {
                    let mut normaliser = Normaliser::new(registry);
                    for chunk in inbox {
                        let done: Vec<Normalised> = chunk
                            .iter()
                            .map(|r| {
                                let mut n = normaliser.activity(r);
                                if let Some(encode) = encode {
                                    n.encoded_trace = encode(&n.activity, &n.trace);
                                    n.trace = Vec::new();
                                }
                                n
                            })
                            .collect();
                        drop(chunk);
                        if outbox.send(done).is_err() {
                            break;
                        }
                    }
                });
                Helper { records, results }
            })
            .collect();
        NormaliserPool {
            helpers,
            in_flight: 0,
        }
    }

    /// Hands `records` to the helpers, in order, and returns the results of the chunk
    /// submitted before (empty if none), while these are being normalised.
    #[allow(clippy::vec_box, reason = "records are boxed where they are found")]
    pub fn submit(&mut self, mut records: Vec<Box<RawRecord>>) -> Vec<Normalised> {
        // Below this a thread costs more than it saves.
        const MIN_PER_THREAD: usize = 1_000;
        let before = self.collect();
        let parts = self
            .helpers
            .len()
            .min(records.len() / MIN_PER_THREAD)
            .max(1);
        let per_part = records.len().div_ceil(parts).max(1);
        for helper in &self.helpers[..parts] {
            let rest = records.split_off(per_part.min(records.len()));
            let part = std::mem::replace(&mut records, rest);
            helper
                .records
                .send(part)
                .expect("a normaliser thread stopped (it panicked, see above)");
        }
        self.in_flight = parts;
        before
    }

    /// The results of the chunk submitted last, in order (none if none is in flight).
    pub fn collect(&mut self) -> Vec<Normalised> {
        let mut out = Vec::new();
        for helper in &self.helpers[..std::mem::take(&mut self.in_flight)] {
            let part = helper
                .results
                .recv()
                .expect("a normaliser thread stopped (it panicked, see above)");
            out.extend(part);
        }
        out
    }
}

/// Applies the normalisation rules, remembering results per distinct text.
pub struct Normaliser<'r> {
    registry: &'r PartnerRegistry,
    dates: TextCache<dates::ParsedDate>,
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
    notes: Box<[Arc<str>]>,
}

impl CompaniesCell {
    fn new(orgs: names::Organisations, pool: &mut TextPool) -> Self {
        CompaniesCell {
            partners: pool.all(&orgs.partners),
            other_organisations: pool.all(&orgs.other_organisations),
            unmatched: pool.all(&orgs.unmatched),
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

    /// Turns one raw record into a canonical activity with its trace.
    pub fn activity(&mut self, rec: &RawRecord) -> Normalised {
        let mut trace = Vec::new();
        let mut notes: Vec<Arc<str>> = Vec::new();
        let mut warnings = Vec::new();
        let mut review = Vec::new();

        if rec.rows.len() > 1 {
            let joined: Vec<String> = rec.rows[1..].iter().map(u32::to_string).collect();
            notes.push(Arc::from(format!(
                "continuation row{} {} joined to row {}",
                if joined.len() > 1 { "s" } else { "" },
                joined.join(", "),
                rec.rows[0]
            )));
        }

        let labels = &mut self.labels;
        let mut label = |field: Field, trace: &mut Vec<FieldTrace>, notes: &mut Vec<Arc<str>>| {
            let raw = rec.field(field)?;
            let cleaned = cached(labels, &raw.text, Label::new);
            if cleaned.text.is_empty() {
                return None;
            }
            let mut rules: Vec<String> = cleaned.rules.iter().map(|r| r.to_string()).collect();
            if let Some(from) = raw.filled_from {
                let rule = format!("blank cell: same as above, filled down from row {from}");
                notes.push(Arc::from(format!("{} {rule}", field.name())));
                rules.insert(0, rule);
            }
            trace.push(field_trace(
                rec,
                field,
                raw,
                cleaned.text.to_string(),
                rules,
            ));
            Some(cleaned.text.clone())
        };
        let topic = label(Field::Topic, &mut trace, &mut notes);
        let sector = label(Field::Sector, &mut trace, &mut notes);
        let domain = label(Field::Domain, &mut trace, &mut notes);
        let activity = label(Field::Activity, &mut trace, &mut notes);

        let description = rec.field(Field::Description).and_then(|raw| {
            let cleaned = text::clean_multiline(&raw.text);
            if cleaned.text.is_empty() {
                return None;
            }
            let rules: Vec<String> = cleaned.rules.iter().map(|r| r.to_string()).collect();
            // Most descriptions need no cleaning: the activity then holds the cell's own
            // text rather than a copy of it (a million descriptions are most of a large
            // run's memory).
            let text = if rules.is_empty() && cleaned.text == *raw.text {
                raw.text.shared()
            } else {
                Arc::from(cleaned.text.as_str())
            };
            trace.push(field_trace(
                rec,
                Field::Description,
                raw,
                cleaned.text,
                rules,
            ));
            Some(text)
        });

        // Date: a real date cell is taken as it is; text goes through the parser.
        let date = match rec.field(Field::Date) {
            None => DateSpan::empty(),
            Some(raw) => {
                let (span, rule, warning) = match raw.value() {
                    CellValue::DateTime(dt) if raw.cell_count() == 1 => {
                        (dates::from_cell(*dt), "real date cell", None)
                    }
                    _ => {
                        let parsed = cached(&mut self.dates, &raw.text, dates::parse);
                        (parsed.span.clone(), parsed.rule, parsed.warning.clone())
                    }
                };
                let mut rules = vec![format!("read as {rule}")];
                if let Some(w) = warning {
                    notes.push(Arc::from(w.as_str()));
                    rules = vec![w.clone()];
                    let kind = Kind::DateUnreadable { detail: w };
                    warnings.push(Diagnostic::new(rec.location(Field::Date), kind));
                }
                let value = span.display(SpanStyle::Interval).to_string();
                trace.push(field_trace(rec, Field::Date, raw, value, rules));
                span
            }
        };

        // Organisations.
        let mut partners = Box::default();
        let mut all_partners = false;
        let mut other_organisations = Box::default();
        let mut unmatched = Box::default();
        if let Some(raw) = rec.field(Field::Companies) {
            let registry = self.registry;
            let pool = &mut self.shared;
            let cell = cached(&mut self.organisations, &raw.text, |t| {
                CompaniesCell::new(names::organisations(t, registry), pool)
            });
            partners = cell.partners.clone();
            all_partners = cell.all_partners;
            other_organisations = cell.other_organisations.clone();
            unmatched = cell.unmatched.clone();
            notes.extend(cell.notes.iter().cloned());
            if !cell.unmatched.is_empty() {
                let place = rec.location(Field::Companies).to_string();
                for name in &cell.unmatched {
                    review.push(Review::UnmatchedName {
                        name: name.to_string(),
                        place: place.clone(),
                    });
                }
            }
            let mut value = partners.join("; ");
            if all_partners {
                value = if value.is_empty() {
                    "All".into()
                } else {
                    format!("All; {value}")
                };
            }
            trace.push(field_trace(
                rec,
                Field::Companies,
                raw,
                value,
                cell.notes.iter().map(|n| n.to_string()).collect(),
            ));
        }

        // Contacts.
        let mut contact_list: Vec<Arc<str>> = Vec::new();
        if let Some(raw) = rec.field(Field::Contact) {
            let mut rules = Vec::new();
            let pool = &mut self.shared;
            let found = cached(&mut self.contacts, &raw.text, |t| {
                contacts::extract(t)
                    .into_iter()
                    .map(|c| {
                        let address = pool.get(&c.address);
                        (c, address)
                    })
                    .collect()
            });
            for (c, address) in found {
                if !c.confident {
                    let note = format!(
                        "contact \"{}\" could not be repaired with confidence; kept as written",
                        c.as_written.trim()
                    );
                    notes.push(Arc::from(note.as_str()));
                    rules.push(note);
                    review.push(Review::Contact {
                        address: c.address.clone(),
                        place: rec
                            .location_of(Field::Contact, c.as_written.trim())
                            .to_string(),
                    });
                } else if let Some(repair) = &c.repair {
                    rules.push(format!("\"{}\" repaired: {repair}", c.as_written.trim()));
                }
                if !contact_list.iter().any(|a| a == address) {
                    contact_list.push(Arc::clone(address));
                }
            }
            trace.push(field_trace(
                rec,
                Field::Contact,
                raw,
                contact_list.join("; "),
                rules,
            ));
        }

        // Status: CANCELLED anywhere in the description, activity or date.
        let cancelled_in = [Field::Description, Field::Activity, Field::Date]
            .into_iter()
            .find(|f| CANCELLED.is_match(rec.text(*f)));
        let status = match cancelled_in {
            Some(f) => {
                notes.push(Arc::from(format!(
                    "status cancelled: the {} says CANCELLED",
                    f.name()
                )));
                Status::Cancelled
            }
            None => Status::Planned,
        };

        let extra = extra_map(rec);
        let source = Source {
            file: rec.file.clone(),
            sheet: rec.sheet.clone(),
            rows: rec.rows.clone(),
        };
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
            partners,
            all_partners,
            other_organisations,
            unmatched,
            contacts: contact_list.into(),
            extra,
            source,
            notes: notes.into(),
        };
        activity.id = content_id(&activity);
        for t in &mut trace {
            t.rules.dedup();
        }
        Normalised {
            activity,
            trace,
            encoded_trace: Vec::new(),
            warnings,
            review,
        }
    }
}

/// The value for `text`, computed once per distinct text (the key is copied only on a
/// miss).
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
    use crate::synth::{self, Spec};

    #[test]
    fn normalising_on_every_core_gives_the_sequential_results() {
        let mut csv = Vec::new();
        synth::write_csv(&mut csv, Spec::new(2_500)).unwrap();
        let raw = crate::import::csv::read("workplan.csv", &csv).unwrap();
        let records = crate::layout::tables(&raw.sheets[0]).records;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input/partners.toml");
        let registry = PartnerRegistry::load(&path).unwrap();

        let mut one = Normaliser::new(&registry);
        let expected = records.len();
        let sequential: Vec<Normalised> = records.iter().map(|r| one.activity(r)).collect();
        let half = records.len() / 2;
        let (first, second) = (records[..half].to_vec(), records[half..].to_vec());
        let parallel: Vec<Normalised> = std::thread::scope(|scope| {
            let mut pool = NormaliserPool::new(scope, &registry, None);
            // Two chunks, each collected before the next is submitted.
            let mut out = Vec::new();
            for chunk in [first.clone(), second.clone()] {
                assert!(pool.submit(chunk).is_empty(), "nothing was in flight");
                out.extend(pool.collect());
            }
            out
        });
        // Submitted one after the other, each chunk's results coming back with the
        // next submission, and the last with `collect`.
        let overlapped: Vec<Normalised> = std::thread::scope(|scope| {
            let mut pool = NormaliserPool::new(scope, &registry, None);
            let mut out = pool.submit(first);
            assert!(out.is_empty(), "nothing was in flight");
            out.extend(pool.submit(second));
            assert_eq!(out.len(), half);
            out.extend(pool.collect());
            assert!(pool.collect().is_empty(), "collected once");
            out
        });
        for results in [&parallel, &overlapped] {
            assert_eq!(results.len(), expected);
            for (p, s) in results.iter().zip(&sequential) {
                assert_eq!(p.activity, s.activity);
                assert_eq!(p.trace, s.trace);
                assert_eq!(p.warnings, s.warnings);
                assert_eq!(p.review, s.review);
            }
        }
    }

    #[test]
    fn a_description_cleaning_leaves_as_it_is_is_the_cells_own_text() {
        let csv = "Sector,Activity,Date,Companies,Description\n\
                   Education,Talk,2020,Microsoft,A talk on AI in schools.\n\
                   Education,Talk,2021,Microsoft,A  talk   on AI.\n";
        let raw = crate::import::csv::read("plan.csv", csv.as_bytes()).unwrap();
        let records = crate::layout::tables(&raw.sheets[0]).records;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input/partners.toml");
        let registry = PartnerRegistry::load(&path).unwrap();
        let mut normaliser = Normaliser::new(&registry);
        let cell = |r: &RawRecord| match &r.field(Field::Description).unwrap().text {
            crate::model::FieldText::Cell(text) => Arc::clone(text),
            joined => panic!("one cell, not {joined:?}"),
        };
        let described = |r: &RawRecord, n: &mut Normaliser<'_>| {
            n.activity(r).activity.description.expect("a description")
        };
        let kept = described(&records[0], &mut normaliser);
        assert_eq!(&*kept, "A talk on AI in schools.");
        assert!(Arc::ptr_eq(&kept, &cell(&records[0])), "shared, not copied");
        let cleaned = described(&records[1], &mut normaliser);
        assert_eq!(&*cleaned, "A talk on AI.");
        assert!(!Arc::ptr_eq(&cleaned, &cell(&records[1])));
    }
}
