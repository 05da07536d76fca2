//! The run: import → normalise → write, with counts and progress.
//!
//! One pass over the inputs. A file that cannot be read is reported and the others are
//! still processed; a row that cannot be placed goes to `rejects.csv`. The summary's row
//! counts add up to the rows read, which is how "nothing is lost" is checked.

use std::collections::BTreeMap;
use std::fmt;
use std::hash::BuildHasher as _;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::config::{Config, OutputDir, OutputError};
use crate::import::layout::{self, HeaderGuess, HeaderMemo, RejectedRow, RowCounts};
use crate::import::{self, ImportError};
use crate::model::Activity;
use crate::normalise::{FieldTrace, NormaliserPool, Review, TraceEncoder};
use crate::registry::{PartnerRegistry, RegistryError};
use crate::report::canonical::{self, ActivityRows, Duplicate, UnmatchedName};
use crate::report::template::{ReportTemplate, TemplateError};
use crate::report::{self, ReportOptions};

/// Why a run could not be done at all.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The registry could not be read.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// An input path could not be listed.
    #[error("cannot read input: {0}: check the --input paths")]
    Input(std::io::Error),
    /// No input file was found.
    #[error(
        "no input files found in {0} (looked for .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt): \
         give --input a workplan file or a folder holding some"
    )]
    NoInput(String),
    /// An output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The report template could not be used.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The canonical table given to `report` could not be read.
    #[error("{path}: cannot read the canonical table: {reason} (write it with `workplan run`)")]
    Canonical {
        /// The file.
        path: String,
        /// What went wrong, with line and column where known.
        reason: String,
    },
    /// The partner lists could not be read, or the reconciliation not written.
    #[error(transparent)]
    Reconcile(#[from] crate::reconcile::ReconcileError),
}

/// What a run did, for the summary on stderr and the exit status.
#[derive(Debug, Default)]
pub struct Summary {
    /// Files read (or tried).
    pub files: usize,
    /// Files that could not be read, with the reason.
    pub failed_files: Vec<String>,
    /// Sheets read.
    pub sheets: usize,
    /// How every row was classified.
    pub counts: RowCounts,
    /// Activities written (after merging duplicates).
    pub activities: usize,
    /// Records merged because they were read twice.
    pub duplicates: usize,
    /// Warnings, each naming its place.
    pub warnings: Vec<String>,
    /// How files were read where it was detected (encodings): information only.
    pub notes: Vec<String>,
    /// Distinct names that matched nothing.
    pub unmatched_names: usize,
    /// Contacts that could not be repaired with confidence.
    pub contacts_to_review: usize,
    /// Files written.
    pub outputs: Vec<PathBuf>,
    /// Report files written (CSV and PDF), as listed in `index.csv`.
    pub reports: usize,
    /// PDF pages written.
    pub pages: usize,
    /// What the partner lists reconciliation found, when it ran.
    pub reconciliation: Option<crate::reconcile::Counts>,
}

/// Exit status: everything read and placed, nothing to warn about.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: finished, but with warnings, rejected rows or unreadable files.
pub const EXIT_WARNINGS: u8 = 1;
/// Exit status: could not run (unreadable registry, no input, output not writable).
pub const EXIT_FAILED: u8 = 2;

impl Summary {
    /// The process exit status this run deserves.
    pub fn exit_code(&self) -> u8 {
        if self.failed_files.is_empty()
            && self.warnings.is_empty()
            && self.counts.rejected_rows == 0
        {
            EXIT_CLEAN
        } else {
            EXIT_WARNINGS
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counts;
        if self.files == 0 {
            // `report`: nothing was imported, only the canonical table read.
            writeln!(f, "activities      {:>8}", self.activities)?;
            return self.fmt_reports(f);
        }
        writeln!(
            f,
            "files           {:>8}  ({} could not be read)",
            self.files,
            self.failed_files.len()
        )?;
        writeln!(f, "sheets          {:>8}", self.sheets)?;
        writeln!(f, "rows read       {:>8}", c.rows_read)?;
        writeln!(f, "  records       {:>8}", c.record_rows)?;
        writeln!(
            f,
            "  joined        {:>8}  (continuation rows)",
            c.joined_rows
        )?;
        writeln!(f, "  headers       {:>8}", c.header_rows)?;
        writeln!(
            f,
            "  headings      {:>8}  (titles, notes, category headings)",
            c.heading_rows
        )?;
        writeln!(f, "  blank         {:>8}", c.blank_rows)?;
        writeln!(
            f,
            "  rejected      {:>8}  (see rejects.csv)",
            c.rejected_rows
        )?;
        writeln!(
            f,
            "activities      {:>8}  ({} duplicate records merged)",
            self.activities, self.duplicates
        )?;
        writeln!(f, "warnings        {:>8}", self.warnings.len())?;
        writeln!(
            f,
            "to review       {:>8}  unmatched names, {} contacts",
            self.unmatched_names, self.contacts_to_review
        )?;
        if let Some(r) = &self.reconciliation {
            writeln!(
                f,
                "partner lists   {:>8}  ({} names, {} unmatched)",
                r.lists, r.names, r.unmatched
            )?;
            writeln!(
                f,
                "disagreements   {:>8}  (see reconciliation.pdf)",
                r.disagreements
            )?;
        }
        if !c.balanced() {
            writeln!(
                f,
                "row accounting does not balance: please report this as a bug"
            )?;
        }
        self.fmt_reports(f)
    }
}

impl Summary {
    /// Adds what one part of the output stage did (files written, report counts,
    /// warnings, notes, the reconciliation).
    fn absorb(&mut self, part: Summary) {
        self.outputs.extend(part.outputs);
        self.reports += part.reports;
        self.pages += part.pages;
        self.warnings.extend(part.warnings);
        self.notes.extend(part.notes);
        if part.reconciliation.is_some() {
            self.reconciliation = part.reconciliation;
        }
    }

    fn fmt_reports(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.reports > 0 && self.pages > 0 {
            writeln!(
                f,
                "reports         {:>8}  files ({} PDF pages; see index.csv)",
                self.reports, self.pages
            )?;
        } else if self.reports > 0 {
            // --no-pdf
            writeln!(
                f,
                "reports         {:>8}  files (see index.csv)",
                self.reports
            )?;
        }
        Ok(())
    }
}

/// Everything the normaliser produced, before writing.
#[derive(Debug, Default)]
pub struct Canonical {
    /// Activities, in input order, duplicates merged.
    pub activities: Vec<Activity>,
    /// Rejected rows.
    pub rejects: Vec<RejectedRow>,
    /// Unmatched names by name.
    pub unmatched: BTreeMap<String, UnmatchedName>,
    /// Duplicates merged.
    pub duplicates: Vec<Duplicate>,
    /// Contacts to review: (as written, place).
    pub contacts: Vec<(String, String)>,
}

/// Reads and normalises every input. Writes nothing.
pub fn import(
    config: &Config,
    registry: &PartnerRegistry,
) -> Result<(Canonical, Summary), RunError> {
    let files = input_files(config)?;
    Ok(import_files(config, registry, &files, &mut NoTraces))
}

/// The workplan files the inputs name, or why there are none.
fn input_files(config: &Config) -> Result<Vec<PathBuf>, RunError> {
    let files =
        config.workplan_files(import::expand_inputs(&config.inputs).map_err(RunError::Input)?);
    if files.is_empty() {
        let names: Vec<String> = config
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(RunError::NoInput(names.join(", ")));
    }
    Ok(files)
}

/// How many activities' traces are handed to the `provenance.csv` writer at a time.
const TRACES_PER_BATCH: usize = 1024;

/// How many records are normalised at a time: the raw records of a chunk are freed
/// before the next is normalised, so a large sheet is not held twice over.
const RECORDS_PER_CHUNK: usize = 4096;

/// Reads and normalises `files`. `kept` is given the traces of every activity kept
/// (duplicates are not), in order, as `provenance.csv` rows made as soon as it is
/// normalised: the traces are not held. It is told to forget those of a sheet or file
/// that turns out unreadable half way ([`Traces`]).
fn import_files(
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
                    if file.start.is_none() {
                        bar.set_message(name.clone());
                        file.start = Some(intake.mark());
                    }
                    let start = intake.mark();
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
                        Ok(notes) => {
                            summary.warnings.extend(notes.warnings);
                            summary.notes.extend(notes.notes);
                            summary.sheets += done.sheets;
                            summary.counts.add(&done.counts);
                            summary.warnings.extend(done.warnings);
                            intake.out.rejects.extend(done.rejects);
                        }
                        Err(e) => {
                            // Nothing of a file that could not be read is kept.
                            if let Some(start) = done.start {
                                intake.undo(start);
                            }
                            summary.failed_files.push(describe_import_error(&e));
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
    Rows(Vec<(import::RawRow, HeaderGuess)>),
    End {
        row_count: u32,
        rejected: Vec<RejectedRow>,
    },
    Void,
    Done {
        result: Result<import::FileNotes, ImportError>,
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

    fn rows(&mut self, rows: Vec<import::RawRow>) {
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
    part: std::vec::IntoIter<(import::RawRow, HeaderGuess)>,
    end: Option<(u32, Vec<RejectedRow>)>,
}

impl<I: Iterator<Item = Reading>> Iterator for SheetRows<'_, I> {
    type Item = (import::RawRow, HeaderGuess);

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
    warnings: Vec<String>,
    rejects: Vec<RejectedRow>,
}

/// Where the traces of the activities kept go: the n-th trace is the n-th activity's.
/// What was kept after a mark may be forgotten: a sheet or file found unreadable half
/// way gives nothing.
trait Traces {
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
struct NoTraces;

impl Traces for NoTraces {
    fn wants_rows(&self) -> bool {
        false
    }
    fn kept(&mut self, _: Vec<u8>) {}
    fn mark(&mut self, _: usize) {}
    fn forget_after(&mut self, _: usize) {}
}

/// What the `provenance.csv` writer is sent.
enum Provenance {
    /// The `provenance.csv` rows of the activities kept next, one item each.
    Traces(Vec<Vec<u8>>),
    /// Forget the traces after the first n.
    ForgetAfter(usize),
}

/// Traces sent in batches to the `provenance.csv` writer.
struct TraceBatches {
    send: std::sync::mpsc::SyncSender<Provenance>,
    batch: Vec<Vec<u8>>,
    /// Traces sent.
    sent: usize,
}

impl TraceBatches {
    fn flush(&mut self) {
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
fn write_provenance(
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
                starts.push((written, w.stream_position()?));
                for rows in &traces {
                    w.write_all(rows)?;
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
    fn take(&mut self, done: Vec<crate::normalise::Normalised>, warnings: &mut Vec<String>) {
        let out = &mut self.out;
        for n in done {
            warnings.extend(n.warnings);
            if let Some(first) = self.by_id.find(&out.activities, &n.activity.id) {
                let id = n.activity.id;
                // Read before (a workbook and its CSV export): keep it once, with both
                // sources; its review items were counted the first time.
                let place = source_place(&n.activity.source);
                self.noted.push(first);
                let first = &mut out.activities[first];
                let note = format!("also read from {place} (duplicate, kept once)");
                first.notes = first.notes.iter().cloned().chain([note.into()]).collect();
                out.duplicates.push(Duplicate {
                    id,
                    kept: source_place(&first.source),
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

/// Writes the canonical outputs into the output folder, but `provenance.csv`, which
/// [`run`] writes while importing, and `activities.json` ([`write_json`]).
/// `activities.csv` is copied from `rows` when given.
pub fn write(
    config: &Config,
    dir: &OutputDir,
    data: &Canonical,
    rows: Option<&ActivityRows<'_>>,
    summary: &mut Summary,
) -> Result<(), RunError> {
    let bom = config.csv_bom;
    let a = &data.activities;
    summary
        .outputs
        .push(dir.write("activities.csv", |w| match rows {
            Some(rows) => rows.write_csv(w, bom),
            None => canonical::write_activities_csv(w, a, bom),
        })?);
    summary.outputs.push(dir.write("rejects.csv", |w| {
        canonical::write_rejects(w, &data.rejects, bom)
    })?);
    summary
        .outputs
        .push(dir.write("review/unmatched-names.csv", |w| {
            canonical::write_unmatched(w, &data.unmatched, bom)
        })?);
    summary
        .outputs
        .push(dir.write("review/duplicates.csv", |w| {
            canonical::write_duplicates(w, &data.duplicates, bom)
        })?);
    summary.outputs.push(dir.write("review/contacts.csv", |w| {
        canonical::write_contacts(w, &data.contacts, bom)
    })?);
    Ok(())
}

/// The whole run: load the registry and the report template, import, normalise, write
/// the canonical outputs and the reports.
pub fn run(config: &Config) -> Result<Summary, RunError> {
    let registry = PartnerRegistry::load(&config.registry)?;
    let template = ReportTemplate::load(&config.templates)?;
    let files = input_files(config)?;
    let dir = match &config.output {
        Some(output) => Some(OutputDir::create(output)?),
        None => None,
    };
    let (data, mut summary) = match dir.as_ref().filter(|_| config.canonical_outputs) {
        // provenance.csv is written as the activities are normalised: the traces of a
        // large run (several kilobytes per activity) are not held until the end.
        Some(dir) => {
            let mut imported = None;
            let provenance = dir.write_file("provenance.csv", |w| {
                // Import on a thread of its own and hand the traces over in batches:
                // the rows are written here meanwhile, on the other core.
                let (send, batches) = std::sync::mpsc::sync_channel::<Provenance>(4);
                std::thread::scope(|scope| {
                    let import = scope.spawn(|| {
                        // Owned here, so the channel closes when the import is done.
                        let mut traces = TraceBatches {
                            send,
                            batch: Vec::new(),
                            sent: 0,
                        };
                        let imported = import_files(config, &registry, &files, &mut traces);
                        traces.flush();
                        imported
                    });
                    // On a write error the rest of the batches are dropped unread; the
                    // import still finishes, and the error is reported.
                    let written = write_provenance(w, config.csv_bom, batches.into_iter());
                    imported = Some(
                        import
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    );
                    written
                })
            })?;
            // `write` ran its closure, since it returned Ok.
            let (data, mut summary) = imported.unwrap_or_default();
            summary.outputs.push(provenance);
            (data, summary)
        }
        None => import_files(config, &registry, &files, &mut NoTraces),
    };
    // The canonical files, the reports and the reconciliation read the same data and
    // write different files: they are written side by side, and what each did is added
    // to the summary in this order, as if one after the other.
    let rows = std::sync::OnceLock::new();
    let (written, reported, reconciled) = std::thread::scope(|scope| {
        let (data, registry) = (&data, &registry);
        let outputs = dir.as_ref().filter(|_| config.canonical_outputs);
        let json = outputs.map(|dir| {
            scope.spawn(|| {
                dir.write("activities.json", |w| {
                    canonical::write_activities_json(w, &data.activities)
                })
            })
        });
        let reconciled = config.reconcile.then(|| {
            scope.spawn(|| {
                let mut part = Summary::default();
                reconcile(config, registry, data, dir.as_ref(), &mut part).map(|()| part)
            })
        });
        // Encoded while those are written: activities.csv and the reports copy them.
        let rows =
            outputs.and_then(|_| rows.get_or_init(|| encoded_rows(&data.activities)).as_ref());
        let written = outputs.map(|dir| {
            scope.spawn(move || {
                let mut part = Summary::default();
                write(config, dir, data, rows, &mut part).map(|()| part)
            })
        });
        let reported = outputs.map(|dir| {
            let mut part = Summary::default();
            let activities = &data.activities;
            reports(
                config, dir, activities, rows, registry, &template, &mut part,
            )
            .map(|()| part)
        });
        fn join<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> T {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }
        let written = json.map(join).map(|json| {
            // activities.json is listed first: it is the first canonical output.
            let mut part = written
                .map(join)
                .unwrap_or_else(|| Ok(Summary::default()))?;
            part.outputs.insert(0, json?);
            Ok::<_, RunError>(part)
        });
        (written, reported, reconciled.map(join))
    });
    for part in [written, reported, reconciled].into_iter().flatten() {
        summary.absorb(part?);
    }
    if let Some(dir) = dir {
        // Only now do the new outputs replace the previous ones.
        dir.commit()?;
    }
    // Freeing a large run's records takes a while and nobody waits for it.
    std::thread::spawn(move || drop(data));
    Ok(summary)
}

/// `workplan report`: the reports from a canonical table written earlier
/// (`config.inputs[0]`, an `activities.json`), without reading the workplans again.
pub fn report(config: &Config) -> Result<Summary, RunError> {
    let registry = PartnerRegistry::load(&config.registry)?;
    let template = ReportTemplate::load(&config.templates)?;
    let from = config
        .inputs
        .first()
        .ok_or_else(|| RunError::NoInput("(no canonical table given)".into()))?;
    let activities = read_canonical(from)?;
    let mut summary = Summary {
        activities: activities.len(),
        ..Summary::default()
    };
    if let Some(output) = &config.output {
        let dir = OutputDir::create(output)?;
        let rows = encoded_rows(&activities);
        reports(
            config,
            &dir,
            &activities,
            rows.as_ref(),
            &registry,
            &template,
            &mut summary,
        )?;
        dir.commit()?;
    }
    Ok(summary)
}

/// Reads an `activities.json` written by `run`.
pub fn read_canonical(path: &Path) -> Result<Vec<Activity>, RunError> {
    let err = |reason: String| RunError::Canonical {
        path: path.display().to_string(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| err(e.to_string()))
}

/// Every activity's `activities.csv` row, encoded on every core, unless they would
/// take too much memory.
fn encoded_rows(activities: &[Activity]) -> Option<ActivityRows<'_>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    ActivityRows::encode(activities, threads, canonical::MAX_ACTIVITY_ROW_BYTES)
}

/// Writes every report and `index.csv`, rendering on every core. The reports copy the
/// activities' cells from `rows` when given.
fn reports(
    config: &Config,
    dir: &OutputDir,
    activities: &[Activity],
    rows: Option<&ActivityRows<'_>>,
    registry: &PartnerRegistry,
    template: &ReportTemplate,
    summary: &mut Summary,
) -> Result<(), RunError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let options = ReportOptions {
        template,
        csv_bom: config.csv_bom,
        created: config.created,
        threads,
        pdf: config.pdf,
        rows,
    };
    let bar = progress_bar(0, config.progress, "reports");
    let outcome = report::write_reports(dir, activities, registry, options, &bar)?;
    bar.finish_and_clear();
    summary.reports = outcome.index.len();
    summary.pages = outcome.pages;
    summary.warnings.extend(outcome.warnings);
    summary.outputs.extend(
        outcome
            .index
            .iter()
            .map(|e| dir.root().join(&e.file))
            .chain([dir.root().join("index.csv")]),
    );
    Ok(())
}

/// Reconciles the partner lists with the registry and the activities, and writes its
/// outputs when there is an output folder.
pub fn reconcile(
    config: &Config,
    registry: &PartnerRegistry,
    data: &Canonical,
    dir: Option<&OutputDir>,
    summary: &mut Summary,
) -> Result<(), RunError> {
    let step = crate::reconcile::run(config, registry, &data.activities, dir)?;
    summary.warnings.extend(step.warnings);
    summary.notes.extend(step.notes);
    summary.outputs.extend(step.outputs);
    summary.reconciliation = Some(step.counts);
    Ok(())
}

fn describe_import_error(e: &ImportError) -> String {
    e.to_string()
}

fn source_place(s: &crate::model::Source) -> String {
    let rows = s
        .rows
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    match &s.sheet {
        Some(sheet) => format!("{} [{sheet}] rows {rows}", s.file),
        None => format!("{} rows {rows}", s.file),
    }
}

/// How a file is named in outputs: as given, with forward slashes, so outputs are the
/// same on every machine.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn progress_bar(len: u64, enabled: bool, unit: &str) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    let template = format!("{{spinner}} [{{bar:30}}] {{pos}}/{{len}} {unit}  {{wide_msg}}");
    bar.set_style(
        ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}
