//! The import: the files read on a thread of their own ([`reading`](super::reading)),
//! each sheet's rows laid out and its records normalised a chunk at a time as they
//! come, and the activities taken, in order, into the canonical data.
//!
//! A sheet or file can turn out unreadable half way, after some of its rows were
//! taken: nothing of it is kept. The intake goes back to where the sheet or file began
//! ([`Mark`]): in memory, what it holds is only appended to until the end of the
//! import (duplicates and review items are worked into the canonical data then), so
//! going back is cutting lists short; `provenance.csv`, written as activities are
//! taken (a 1M-row run's rows are 2.7 GB, too many to hold), is cut back to its length
//! then.

use std::fs::File;
use std::hash::BuildHasher as _;
use std::io::{self, BufWriter, Seek as _, SeekFrom, Write as _};
use std::iter::Peekable;
use std::path::PathBuf;

use indicatif::ProgressBar;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::duplicates;
use crate::layout::{self, SheetLayout};
use crate::model::{Activity, RejectedRow, RowCounts, SheetShape, Source};
use crate::normalise::{Normalised, Review, SheetDates};
use crate::registry::PartnerRegistry;
use crate::report::canonical::{self, Duplicate};

use super::normalising::Normalisers;
use super::reading::{read_files, Reading, SheetRows, READ_AHEAD};
use super::{progress, refused_file, Canonical, Summary};

/// How many records are normalised at a time: the raw records of a chunk are freed
/// before the next is normalised, so a large sheet is not held twice over.
const RECORDS_PER_CHUNK: usize = 4096;

/// Reads and normalises `files`, writing the `provenance.csv` rows of every activity
/// kept (duplicates are not) to `provenance` when given, as they are taken.
pub(super) fn import_files(
    config: &Config,
    registry: &PartnerRegistry,
    files: &[PathBuf],
    provenance: Option<&mut ProvenanceCsv<'_>>,
) -> (Canonical, Summary) {
    let mut summary = Summary::default();
    let mut intake = Intake::new(provenance);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut normalisers = Normalisers::new(registry, threads);
    // Reading, laying out and normalising go together, a part of a sheet at a time:
    // one line counts the rows as they are read.
    let bar = progress::stage("reading", None, "rows", config.progress);
    bar.set_message(format!("{} input files", files.len()));
    std::thread::scope(|scope| {
        let (send, read) = std::sync::mpsc::sync_channel(READ_AHEAD);
        let reader = scope.spawn(move || read_files(files, &send));
        let mut reading = read.into_iter().peekable();
        // What the file being read has given so far; told once it is read whole.
        let mut file = FileSoFar::default();
        while let Some(message) = reading.next() {
            match message {
                Reading::Begin {
                    file: name,
                    sheet,
                    shape,
                } => {
                    let start = intake.mark();
                    if file.start.is_none() {
                        file.start = Some(start);
                    }
                    bar.set_prefix("reading");
                    bar.set_message(match &sheet {
                        Some(sheet) => format!("{name} [{sheet}]"),
                        None => name.clone(),
                    });
                    let sheet = sheet.as_deref();
                    let taken = take_sheet(
                        &bar,
                        &name,
                        sheet,
                        &shape,
                        &mut reading,
                        &mut normalisers,
                        &mut intake,
                    );
                    match taken {
                        Some(found) => file.add(found),
                        // Read again, or lost: a warning will say which.
                        None => intake.undo(start),
                    }
                }
                Reading::Done { result } => {
                    let done = std::mem::take(&mut file);
                    summary.files += 1;
                    match result {
                        Ok(diagnostics) => {
                            summary.diagnostics.extend(diagnostics);
                            summary.sheets += done.sheets;
                            summary.counts.add(&done.counts);
                            summary.diagnostics.extend(done.warnings);
                            intake.rejects.extend(done.rejects);
                        }
                        Err(e) => {
                            // Nothing of a file that could not be read is kept.
                            if let Some(start) = done.start {
                                intake.undo(start);
                            }
                            summary.failed_files.push(refused_file(&e));
                        }
                    }
                }
                // Only inside a sheet, where `SheetRows` takes them.
                Reading::Rows(_) | Reading::End { .. } | Reading::Void => {}
            }
        }
        if let Err(panic) = reader.join() {
            std::panic::resume_unwind(panic);
        }
    });
    bar.set_prefix("normalising");
    bar.set_message("duplicates merged, suggestions for the unmatched names");
    let out = intake.into_canonical(registry);
    bar.finish_and_clear();
    summary.activities = out.activities.len();
    let possible = out
        .duplicates
        .iter()
        .filter(|d| d.possible.is_some())
        .count();
    summary.duplicates = out.duplicates.len() - possible;
    summary.possible_duplicates = possible;
    summary.unmatched_names = out.unmatched.len();
    summary.contacts_to_review = out.contacts.len();
    (out, summary)
}

/// Lays out the sheet just begun on `reading`, its records normalised and taken a
/// chunk at a time as they are found: neither its rows nor its records are held
/// whole. `None` when the sheet ends void or its file fails: what it gave is then to
/// be undone.
fn take_sheet<I: Iterator<Item = Reading>>(
    bar: &ProgressBar,
    file: &str,
    sheet: Option<&str>,
    shape: &SheetShape,
    reading: &mut Peekable<I>,
    normalisers: &mut Normalisers<'_>,
    intake: &mut Intake<'_, '_>,
) -> Option<SheetLayout> {
    let encode = intake.provenance.is_some();
    let mut normaliser_warnings = Vec::new();
    let mut sheet_dates = SheetDates::default();
    let mut rows = SheetRows::new(reading, bar);
    let place = match sheet {
        Some(sheet) => format!("{file} [{sheet}]"),
        None => file.to_owned(),
    };
    let mut records = 0;
    let mut found = layout::tables_from(
        file,
        sheet,
        shape,
        &mut rows,
        RECORDS_PER_CHUNK,
        &mut |chunk| {
            bar.set_prefix("normalising");
            let (dates, read_early) = sheet_dates.observe(&chunk);
            normaliser_warnings.extend(read_early);
            let done = normalisers.normalise(&chunk, &dates, |n| Taken::new(n, encode));
            records += chunk.len();
            bar.set_message(format!("{place}: {records} records normalised"));
            intake.take(done, &mut normaliser_warnings);
        },
    );
    // Read to its end, though the layout takes every row.
    while rows.next().is_some() {}
    let (row_count, rejected) = rows.end?;
    found.add_read(row_count, rejected);
    // What normalising warns of is told after what finding tables did.
    found.warnings.append(&mut normaliser_warnings);
    Some(found)
}

/// What the sheets of the file being read have given, told once the file is read
/// whole, and where the file began.
#[derive(Default)]
struct FileSoFar {
    start: Option<Mark>,
    sheets: usize,
    counts: RowCounts,
    warnings: Vec<Diagnostic>,
    rejects: Vec<RejectedRow>,
}

impl FileSoFar {
    /// Adds a sheet read whole.
    fn add(&mut self, sheet: SheetLayout) {
        self.sheets += 1;
        self.counts.add(&sheet.counts);
        self.warnings.extend(sheet.warnings);
        self.rejects.extend(sheet.rejects);
    }
}

/// A normalised record as the intake takes it: its traces made `provenance.csv` rows
/// (when they are written) on the thread that normalised it.
struct Taken {
    activity: Activity,
    provenance: Vec<u8>,
    warnings: Vec<Diagnostic>,
    review: Vec<Review>,
}

impl Taken {
    fn new(n: Normalised, encode: bool) -> Self {
        let a = &n.activity;
        let provenance = if encode {
            canonical::provenance_rows(&a.id, &a.source, &n.trace)
        } else {
            Vec::new()
        };
        Taken {
            activity: n.activity,
            provenance,
            warnings: n.warnings,
            review: n.review,
        }
    }
}

/// The activities taken so far, in order, and what is worked into the canonical data
/// at the end: each list only grows, so that going back to a [`Mark`] is cutting them
/// short.
struct Intake<'p, 'w> {
    activities: Vec<Activity>,
    by_id: IdIndex,
    /// The review items of the activities kept, in order.
    review: Vec<Review>,
    /// Each record read again (a workbook and its CSV export): the activity it
    /// duplicates and where it was read this time.
    duplicates: Vec<(usize, Source)>,
    /// The rows of the files read whole that could not be placed.
    rejects: Vec<RejectedRow>,
    provenance: Option<&'p mut ProvenanceCsv<'w>>,
}

/// How far an [`Intake`] had got.
#[derive(Debug, Clone, Copy)]
struct Mark {
    activities: usize,
    review: usize,
    duplicates: usize,
    provenance: u64,
}

impl<'p, 'w> Intake<'p, 'w> {
    fn new(provenance: Option<&'p mut ProvenanceCsv<'w>>) -> Self {
        Intake {
            activities: Vec::new(),
            by_id: IdIndex::default(),
            review: Vec::new(),
            duplicates: Vec::new(),
            rejects: Vec::new(),
            provenance,
        }
    }

    /// Takes normalised activities in order: a duplicate of one kept before is noted;
    /// the others are kept, with their review items and `provenance.csv` rows. Their
    /// warnings go to `warnings`.
    fn take(&mut self, done: Vec<Taken>, warnings: &mut Vec<Diagnostic>) {
        for t in done {
            warnings.extend(t.warnings);
            if let Some(first) = self.by_id.find(&self.activities, &t.activity.id) {
                // Its review items were counted the first time.
                self.duplicates.push((first, t.activity.source));
                continue;
            }
            self.review.extend(t.review);
            if let Some(provenance) = &mut self.provenance {
                provenance.write(&t.provenance);
            }
            self.activities.push(t.activity);
            self.by_id.add_last(&self.activities);
        }
    }

    /// Where the intake is: what [`Self::undo`] goes back to.
    fn mark(&mut self) -> Mark {
        Mark {
            activities: self.activities.len(),
            review: self.review.len(),
            duplicates: self.duplicates.len(),
            provenance: self.provenance.as_mut().map_or(0, |p| p.mark()),
        }
    }

    /// Forgets everything taken since `mark`.
    fn undo(&mut self, mark: Mark) {
        for at in (mark.activities..self.activities.len()).rev() {
            self.by_id.remove(&self.activities, at);
        }
        self.activities.truncate(mark.activities);
        self.review.truncate(mark.review);
        self.duplicates.truncate(mark.duplicates);
        if let Some(provenance) = &mut self.provenance {
            provenance.cut(mark.provenance);
        }
    }

    /// The canonical data: each activity read more than once noted as such, the review
    /// items gathered, each unmatched name with its suggestions from `registry`.
    fn into_canonical(self, registry: &PartnerRegistry) -> Canonical {
        let mut out = Canonical {
            activities: self.activities,
            rejects: self.rejects,
            ..Canonical::default()
        };
        for (first, source) in self.duplicates {
            let kept = &mut out.activities[first];
            let note = format!("also read from {source} (duplicate, kept once)");
            kept.notes = kept.notes.iter().cloned().chain([note.into()]).collect();
            out.duplicates.push(Duplicate {
                id: kept.id.clone(),
                kept: kept.source.to_string(),
                duplicate: source.to_string(),
                possible: None,
            });
        }
        note_possible_duplicates(&mut out);
        for item in self.review {
            match item {
                Review::UnmatchedName { name, cell, place } => {
                    let entry = out.unmatched.entry(name).or_default();
                    entry.seen(cell, place);
                }
                Review::NameToConfirm {
                    name,
                    canonical,
                    rule,
                    cell,
                    place,
                } => {
                    let entry = out.to_confirm.entry(name).or_default();
                    entry.seen(cell, place);
                    entry.matched = Some((canonical, rule));
                }
                Review::Contact { address, place } => out.contacts.push((address, place)),
            }
        }
        for (name, u) in &mut out.unmatched {
            u.suggestions = registry.suggestions(name, 3);
        }
        out
    }
}

/// Lists the activities of different workplans that may be the same in `out`'s
/// duplicates, and notes each in the other: both are kept. The note names the other by
/// its id and workplan, which a canonical table read back keeps, so reading one back
/// does not note a pair twice.
fn note_possible_duplicates(out: &mut Canonical) {
    for d in duplicates::possible_duplicates(&out.activities) {
        let (first, second) = (&out.activities[d.first], &out.activities[d.second]);
        out.duplicates.push(Duplicate {
            id: first.id.clone(),
            kept: first.source.to_string(),
            duplicate: second.source.to_string(),
            possible: Some((second.id.clone(), d.similarity)),
        });
        for (at, other) in [(d.first, d.second), (d.second, d.first)] {
            let other = &out.activities[other];
            let note = format!(
                "possibly the same activity as {} in workplan {} (titles {:.2} alike): both \
                 are kept, see review/duplicates.csv",
                other.id,
                other.workplan.as_deref().unwrap_or("?"),
                d.similarity
            );
            let a = &mut out.activities[at];
            if !a.notes.iter().any(|n| **n == *note) {
                a.notes = a.notes.iter().cloned().chain([note.into()]).collect();
            }
        }
    }
}

/// `provenance.csv` as the import writes it: the rows of each activity kept, cut back
/// to a mark when what a sheet or file gave is undone. The first write error is kept
/// and told by [`Self::finish`]; the import goes on meanwhile.
pub(super) struct ProvenanceCsv<'w> {
    w: &'w mut BufWriter<File>,
    error: Option<io::Error>,
}

impl<'w> ProvenanceCsv<'w> {
    /// `provenance.csv` begun in `w`, its header written.
    pub(super) fn new(w: &'w mut BufWriter<File>, bom: bool) -> io::Result<Self> {
        canonical::provenance_writer(w, bom)?.flush()?;
        Ok(ProvenanceCsv { w, error: None })
    }

    fn write(&mut self, rows: &[u8]) {
        if self.error.is_none() {
            self.error = self.w.write_all(rows).err();
        }
    }

    /// The length written so far.
    fn mark(&mut self) -> u64 {
        match self.w.stream_position() {
            Ok(at) => at,
            Err(e) => {
                self.error.get_or_insert(e);
                0
            }
        }
    }

    /// Cuts the file back to a length [`Self::mark`] gave.
    fn cut(&mut self, at: u64) {
        if self.error.is_none() {
            let cut = self.w.flush().and_then(|()| {
                self.w.get_ref().set_len(at)?;
                self.w.seek(SeekFrom::Start(at)).map(drop)
            });
            self.error = cut.err();
        }
    }

    /// The first write error, if any.
    pub(super) fn finish(self) -> io::Result<()> {
        self.error.map_or(Ok(()), Err)
    }
}

/// The activities kept so far, found by id: their positions in the list of
/// activities, hashed by the id each holds, so that a million ids are not held twice.
#[derive(Default)]
struct IdIndex {
    table: hashbrown::HashTable<usize>,
    state: rustc_hash::FxBuildHasher,
}

impl IdIndex {
    /// The position of the activity with this id, if one was added.
    fn find(&self, activities: &[Activity], id: &str) -> Option<usize> {
        let hash = self.state.hash_one(id);
        self.table
            .find(hash, |&at| activities[at].id == id)
            .copied()
    }

    /// Removes the activity at `at`, which was added.
    fn remove(&mut self, activities: &[Activity], at: usize) {
        let hash = self.state.hash_one(activities[at].id.as_str());
        if let Ok(entry) = self.table.find_entry(hash, |&i| i == at) {
            entry.remove();
        }
    }

    /// Adds the last activity of the list, whose id is not in the index yet.
    fn add_last(&mut self, activities: &[Activity]) {
        let at = activities.len() - 1;
        let state = &self.state;
        let hash = state.hash_one(activities[at].id.as_str());
        self.table
            .insert_unique(hash, at, |&i| state.hash_one(activities[i].id.as_str()));
    }
}
