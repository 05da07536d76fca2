//! The import: files read on a thread of their own, their sheets' rows laid out and
//! normalised as they come, and the activities taken into the canonical data, with
//! what it takes to undo a sheet or file found unreadable half way (in memory and in
//! `provenance.csv`, whose rows are made here as activities are normalised).

use std::hash::BuildHasher as _;
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::import::{self, ImportError};
use crate::layout::{self, HeaderGuess, HeaderMemo};
use crate::model::{Activity, RawRow, RejectedRow, RowCounts};
use crate::normalise::{FieldTrace, NormaliserPool, Review, TraceEncoder};
use crate::registry::PartnerRegistry;
use crate::report::canonical::{self, Duplicate};
use crate::report::tables::{write_all_slices, SLICES_PER_WRITE};

use super::{display_path, progress_bar, refused_file, Canonical, Summary};

/// How many activities' traces are handed to the `provenance.csv` writer at a time.
const TRACES_PER_BATCH: usize = 1024;

/// How many records are normalised at a time: the raw records of a chunk are freed
/// before the next is normalised, so a large sheet is not held twice over.
const RECORDS_PER_CHUNK: usize = 4096;

/// Reads and normalises `files`. `kept` is given the traces of every activity kept
/// (duplicates are not), in order, as `provenance.csv` rows made as soon as it is
/// normalised: the traces are not held. It is told to forget those of a sheet or file
/// that turns out unreadable half way ([`Traces`]).
pub(super) fn import_files(
    config: &Config,
    registry: &PartnerRegistry,
    files: &[PathBuf],
    kept: &mut dyn Traces,
) -> (Canonical, Summary) {
    let mut summary = Summary::default();
    let encode: Option<&TraceEncoder> = kept.wants_rows().then_some(&provenance_rows);
    let mut intake = Intake::new(kept);

    // The normaliser's helper threads live as long as the import. Files are read on a
    // thread of their own, and the rows of a large worksheet are laid out and
    // normalised while the rest of it is still being read.
    std::thread::scope(|scope| {
        let mut normaliser = NormaliserPool::new(scope, registry, encode);
        let (send, read) = std::sync::mpsc::sync_channel(READ_AHEAD);
        let reader = scope.spawn(move || {
            for path in files {
                let display = display_path(path);
                let result = import::read_into(path, &display, &mut SheetSender::new(&send));
                if send.send(Reading::Done { result }).is_err() {
                    break;
                }
            }
        });
        let bar = progress_bar(files.len() as u64, config.progress, "files");
        let mut reading = read.into_iter().peekable();
        // What the file being read has given so far; told once it is read whole.
        let mut file = FileSoFar::default();
        while let Some(message) = reading.next() {
            match message {
                Reading::Begin { file: name, sheet } => {
                    let start = intake.mark();
                    if file.start.is_none() {
                        bar.set_message(name.clone());
                        file.start = Some(start);
                    }
                    // The records take the text of the sheet's cells, and are normalised a
                    // chunk at a time as they are found: neither the rows nor the records
                    // are held whole. What normalising warns of is told after what finding
                    // tables did.
                    let mut normaliser_warnings = Vec::new();
                    let mut rows = SheetRows {
                        reading: &mut reading,
                        part: Vec::new().into_iter(),
                        end: None,
                    };
                    // A chunk is normalised while the one before is taken and the next found.
                    let mut found = layout::tables_from(
                        &name,
                        sheet.as_deref(),
                        &mut rows,
                        RECORDS_PER_CHUNK,
                        &mut |chunk| {
                            intake.take(normaliser.submit(chunk), &mut normaliser_warnings)
                        },
                    );
                    intake.take(normaliser.collect(), &mut normaliser_warnings);
                    // Read to its end, though the layout takes every row.
                    while rows.next().is_some() {}
                    match rows.end {
                        Some((row_count, rejected)) => {
                            found.add_read(row_count, rejected);
                            file.sheets += 1;
                            file.counts.add(&found.counts);
                            file.warnings.extend(found.warnings);
                            file.warnings.extend(normaliser_warnings);
                            file.rejects.extend(found.rejects);
                        }
                        // Read again, or lost: a warning will say which.
                        None => intake.undo(start),
                    }
                }
                Reading::Done { result } => {
                    summary.files += 1;
                    let done = std::mem::take(&mut file);
                    match result {
                        Ok(diagnostics) => {
                            summary.diagnostics.extend(diagnostics);
                            summary.sheets += done.sheets;
                            summary.counts.add(&done.counts);
                            summary.diagnostics.extend(done.warnings);
                            intake.out.rejects.extend(done.rejects);
                        }
                        Err(e) => {
                            // Nothing of a file that could not be read is kept.
                            if let Some(start) = done.start {
                                intake.undo(start);
                            }
                            summary.failed_files.push(refused_file(&e));
                        }
                    }
                    intake.settle();
                    bar.inc(1);
                }
                // Only inside a sheet, where `SheetRows` takes them.
                Reading::Rows(_) | Reading::End { .. } | Reading::Void => {}
            }
        }
        bar.finish_and_clear();
        if let Err(panic) = reader.join() {
            std::panic::resume_unwind(panic);
        }
    });
    let mut out = intake.out;

    // Each suggestion is a pass over the registry: share them out among the cores.
    let mut unmatched: Vec<_> = out.unmatched.iter_mut().collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = unmatched.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for chunk in unmatched.chunks_mut(per_thread) {
            scope.spawn(move || {
                for (name, u) in chunk {
                    u.suggestions = registry.suggest(name, 3);
                }
            });
        }
    });
    summary.activities = out.activities.len();
    summary.duplicates = out.duplicates.len();
    summary.unmatched_names = out.unmatched.len();
    summary.contacts_to_review = out.contacts.len();
    (out, summary)
}

/// How many parts of rows may wait between the reading thread and the import.
const READ_AHEAD: usize = 16;

/// What the reading thread hands the import: each file's sheets as they are read
/// ([`import::SheetSink`]), then how the file ended.
enum Reading {
    Begin {
        file: String,
        sheet: Option<String>,
    },
    Rows(Vec<(RawRow, HeaderGuess)>),
    End {
        row_count: u32,
        rejected: Vec<RejectedRow>,
    },
    Void,
    Done {
        result: Result<Vec<Diagnostic>, ImportError>,
    },
}

/// Sends a file's sheets to the import, each row with its header guess, made here on
/// the reading thread.
struct SheetSender<'a> {
    send: &'a std::sync::mpsc::SyncSender<Reading>,
    memo: HeaderMemo,
}

impl<'a> SheetSender<'a> {
    fn new(send: &'a std::sync::mpsc::SyncSender<Reading>) -> Self {
        SheetSender {
            send,
            memo: HeaderMemo::default(),
        }
    }

    /// Sends unless the import has stopped (it panicked; the panic is reported).
    fn send(&self, message: Reading) {
        let _ = self.send.send(message);
    }
}

/// Rows handed on at a time: a sheet read whole (delimited text) is laid out while
/// the rest of its rows are still being judged.
const ROWS_PER_MESSAGE: usize = 512;

impl import::SheetSink for SheetSender<'_> {
    fn begin(&mut self, file: &str, sheet: Option<&str>) {
        self.memo = HeaderMemo::default();
        self.send(Reading::Begin {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
        });
    }

    fn rows(&mut self, rows: Vec<RawRow>) {
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let part = rows
                .by_ref()
                .take(ROWS_PER_MESSAGE)
                .map(|row| {
                    let guess = self.memo.guess(&row);
                    (row, guess)
                })
                .collect();
            self.send(Reading::Rows(part));
        }
    }

    fn end(&mut self, row_count: u32, rejected: Vec<RejectedRow>) {
        self.send(Reading::End {
            row_count,
            rejected,
        });
    }

    fn void(&mut self) {
        self.send(Reading::Void);
    }
}

/// The rows of the sheet begun last, as the reading thread hands them on. They end at
/// the sheet's end (its counts kept in `end`), or where it is voided or its file fails.
struct SheetRows<'r, I: Iterator<Item = Reading>> {
    reading: &'r mut std::iter::Peekable<I>,
    part: std::vec::IntoIter<(RawRow, HeaderGuess)>,
    end: Option<(u32, Vec<RejectedRow>)>,
}

impl<I: Iterator<Item = Reading>> Iterator for SheetRows<'_, I> {
    type Item = (RawRow, HeaderGuess);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.part.next() {
                return Some(row);
            }
            let of_sheet =
                |m: &Reading| matches!(m, Reading::Rows(_) | Reading::End { .. } | Reading::Void);
            match self.reading.next_if(of_sheet)? {
                Reading::Rows(rows) => self.part = rows.into_iter(),
                Reading::End {
                    row_count,
                    rejected,
                } => {
                    self.end = Some((row_count, rejected));
                    return None;
                }
                _ => return None,
            }
        }
    }
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

/// Where the traces of the activities kept go: the n-th trace is the n-th activity's.
/// What was kept after a mark may be forgotten: a sheet or file found unreadable half
/// way gives nothing.
pub(super) trait Traces {
    /// Whether the traces are wanted, as `provenance.csv` rows ([`provenance_rows`]).
    fn wants_rows(&self) -> bool;
    /// The traces of an activity kept, as rows (empty when not wanted).
    fn kept(&mut self, rows: Vec<u8>);
    /// The first `n` traces are kept; those after may be forgotten.
    fn mark(&mut self, n: usize);
    /// Forgets the traces after the first `n`, a number marked before.
    fn forget_after(&mut self, n: usize);
}

/// An activity's `provenance.csv` rows: the pipeline's [`TraceEncoder`].
fn provenance_rows(a: &Activity, trace: &[FieldTrace]) -> Vec<u8> {
    canonical::provenance_rows(&a.id, &a.source, trace)
}

/// Traces nobody reads.
pub(super) struct NoTraces;

impl Traces for NoTraces {
    fn wants_rows(&self) -> bool {
        false
    }
    fn kept(&mut self, _: Vec<u8>) {}
    fn mark(&mut self, _: usize) {}
    fn forget_after(&mut self, _: usize) {}
}

/// What the `provenance.csv` writer is sent.
pub(super) enum Provenance {
    /// The `provenance.csv` rows of the activities kept next, one item each.
    Traces(Vec<Vec<u8>>),
    /// Forget the traces after the first n.
    ForgetAfter(usize),
}

/// Traces sent in batches to the `provenance.csv` writer.
pub(super) struct TraceBatches {
    send: std::sync::mpsc::SyncSender<Provenance>,
    batch: Vec<Vec<u8>>,
    /// Traces sent.
    sent: usize,
}

impl TraceBatches {
    /// Batches sent on `send`.
    pub(super) fn new(send: std::sync::mpsc::SyncSender<Provenance>) -> Self {
        TraceBatches {
            send,
            batch: Vec::new(),
            sent: 0,
        }
    }

    /// Sends the batch under way.
    pub(super) fn flush(&mut self) {
        if !self.batch.is_empty() {
            self.sent += self.batch.len();
            // The writer only stops early on a write error, which is reported.
            let _ = self
                .send
                .send(Provenance::Traces(std::mem::take(&mut self.batch)));
        }
    }
}

impl Traces for TraceBatches {
    fn wants_rows(&self) -> bool {
        true
    }

    fn kept(&mut self, rows: Vec<u8>) {
        self.batch.push(rows);
        if self.batch.len() == TRACES_PER_BATCH {
            self.flush();
        }
    }

    fn mark(&mut self, _: usize) {
        // A batch begins at every mark: the writer can go back to where one began.
        self.flush();
    }

    fn forget_after(&mut self, n: usize) {
        if n >= self.sent {
            self.batch.truncate(n - self.sent);
        } else {
            self.batch.clear();
            self.sent = n;
            let _ = self.send.send(Provenance::ForgetAfter(n));
        }
    }
}

/// Writes the traces it is sent to `provenance.csv`, going back when told to forget
/// some (to where the batch that holds the first of them began).
pub(super) fn write_provenance(
    w: &mut std::io::BufWriter<std::fs::File>,
    bom: bool,
    batches: impl Iterator<Item = Provenance>,
) -> std::io::Result<()> {
    use std::io::{Seek as _, SeekFrom, Write as _};
    canonical::provenance_writer(w, bom)?.flush()?;
    let mut written = 0;
    // Where each batch began: traces written before it, and the file's length.
    let mut starts: Vec<(usize, u64)> = Vec::new();
    for message in batches {
        match message {
            Provenance::Traces(traces) => {
                // Taking the position empties the buffer: the rows, encoded already,
                // go to the file in vectored writes instead of being copied into it.
                starts.push((written, w.stream_position()?));
                let mut slices = Vec::with_capacity(SLICES_PER_WRITE.min(traces.len()));
                for chunk in traces.chunks(SLICES_PER_WRITE) {
                    slices.extend(chunk.iter().map(|rows| std::io::IoSlice::new(rows)));
                    write_all_slices(w.get_mut(), &mut slices)?;
                }
                written += traces.len();
            }
            Provenance::ForgetAfter(n) => {
                // A batch begins at every mark (`TraceBatches::mark`), and only marks are
                // gone back to.
                let Some(&(_, at)) = starts.iter().find(|(before, _)| *before == n) else {
                    return Err(std::io::Error::other(format!(
                        "cannot take back the rows after the first {n} activities: no batch began there"
                    )));
                };
                w.flush()?;
                w.get_ref().set_len(at)?;
                w.seek(SeekFrom::Start(at))?;
                starts.retain(|(before, _)| *before < n);
                written = n;
            }
        }
    }
    Ok(())
}

/// The canonical data as activities are taken, with what is needed to undo what the
/// file being read gave: a sheet or a file unreadable half way gives nothing.
struct Intake<'k> {
    out: Canonical,
    by_id: IdIndex,
    kept: &'k mut dyn Traces,
    /// Activities given an "also read from" note since the file began, in order.
    noted: Vec<usize>,
    /// Unmatched names counted since the file began, in order.
    counted: Vec<String>,
}

/// How far an [`Intake`] had got.
#[derive(Debug, Clone, Copy)]
struct Mark {
    activities: usize,
    duplicates: usize,
    contacts: usize,
    noted: usize,
    counted: usize,
}

impl<'k> Intake<'k> {
    fn new(kept: &'k mut dyn Traces) -> Self {
        Intake {
            out: Canonical::default(),
            by_id: IdIndex::default(),
            kept,
            noted: Vec::new(),
            counted: Vec::new(),
        }
    }

    /// Takes normalised activities in order: a duplicate of one kept before adds a note
    /// to it; the others are kept, with their review items. Their warnings go to
    /// `warnings`.
    fn take(&mut self, done: Vec<crate::normalise::Normalised>, warnings: &mut Vec<Diagnostic>) {
        let out = &mut self.out;
        for n in done {
            warnings.extend(n.warnings);
            if let Some(first) = self.by_id.find(&out.activities, &n.activity.id) {
                let id = n.activity.id;
                // Read before (a workbook and its CSV export): keep it once, with both
                // sources; its review items were counted the first time.
                let place = n.activity.source.to_string();
                self.noted.push(first);
                let first = &mut out.activities[first];
                let note = format!("also read from {place} (duplicate, kept once)");
                first.notes = first.notes.iter().cloned().chain([note.into()]).collect();
                out.duplicates.push(Duplicate {
                    id,
                    kept: first.source.to_string(),
                    duplicate: place,
                });
                continue;
            }
            for item in n.review {
                match item {
                    Review::UnmatchedName { name, place } => {
                        let entry = out.unmatched.entry(name.clone()).or_default();
                        entry.count += 1;
                        entry.places.push(place);
                        self.counted.push(name);
                    }
                    Review::Contact { address, place } => out.contacts.push((address, place)),
                }
            }
            self.kept.kept(n.encoded_trace);
            out.activities.push(n.activity);
            self.by_id.add_last(&out.activities);
        }
    }

    /// Where the intake is: what [`Self::undo`] goes back to.
    fn mark(&mut self) -> Mark {
        let activities = self.out.activities.len();
        self.kept.mark(activities);
        Mark {
            activities,
            duplicates: self.out.duplicates.len(),
            contacts: self.out.contacts.len(),
            noted: self.noted.len(),
            counted: self.counted.len(),
        }
    }

    /// Forgets everything taken since `mark`, a mark of the file being read.
    fn undo(&mut self, mark: Mark) {
        let out = &mut self.out;
        for &at in self.noted[mark.noted..].iter().rev() {
            if let Some(a) = out.activities.get_mut(at).filter(|_| at < mark.activities) {
                a.notes = a.notes[..a.notes.len().saturating_sub(1)].into();
            }
        }
        self.noted.truncate(mark.noted);
        for name in self.counted.drain(mark.counted..).rev() {
            if let Some(entry) = out.unmatched.get_mut(&name) {
                entry.count -= 1;
                entry.places.pop();
                if entry.count == 0 {
                    out.unmatched.remove(&name);
                }
            }
        }
        for at in (mark.activities..out.activities.len()).rev() {
            self.by_id.remove(&out.activities, at);
        }
        out.activities.truncate(mark.activities);
        out.duplicates.truncate(mark.duplicates);
        out.contacts.truncate(mark.contacts);
        self.kept.forget_after(mark.activities);
    }

    /// The file being read is done with: what it gave can no longer be undone.
    fn settle(&mut self) {
        self.noted.clear();
        self.counted.clear();
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
