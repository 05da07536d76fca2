//! The canonical outputs: the activities table (JSON and CSV), rejected rows,
//! provenance of every value, and the review files.
//!
//! Column names and order are documented in the README; tests snapshot them.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use crate::model::{Activity, Iso, Precision, RejectedRow, Source};
use crate::normalise::FieldTrace;
use crate::registry::Suggestion;

pub use crate::model::{neutralise, ACTIVITY_COLUMNS, LIST_SEPARATOR};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV writer for spreadsheet users: optional BOM, CRLF line ends as Excel writes them,
/// and every cell passed through [`neutralise`] so that none runs as a formula.
pub fn csv_writer(out: &mut dyn Write, bom: bool) -> io::Result<SpreadsheetCsv<'_>> {
    if bom {
        out.write_all(BOM)?;
    }
    Ok(SpreadsheetCsv::new(out))
}

/// A CSV file meant to be opened in a spreadsheet program. Made by [`csv_writer`]; every
/// CSV output goes through it, so formula injection is handled in one place.
///
/// The methods mirror `csv::Writer`'s, with I/O errors.
pub struct SpreadsheetCsv<'a> {
    inner: csv::Writer<&'a mut dyn Write>,
    /// The neutralised cells of the record being written (reused).
    cells: Vec<Vec<u8>>,
    /// A cell being composed (a list joined, a date formatted), reused.
    scratch: String,
}

impl<'a> SpreadsheetCsv<'a> {
    fn new(out: &'a mut dyn Write) -> Self {
        SpreadsheetCsv::with_buffer(out, 8 << 10)
    }

    /// A writer buffering `capacity` bytes (the buffer is zeroed when made).
    fn with_buffer(out: &'a mut dyn Write, capacity: usize) -> Self {
        SpreadsheetCsv {
            inner: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .buffer_capacity(capacity)
                .from_writer(out),
            cells: Vec::new(),
            scratch: String::new(),
        }
    }
}

impl SpreadsheetCsv<'_> {
    /// Writes one record, each cell [`neutralise`]d. Cells that are not UTF-8 (never
    /// made by this crate) are written as they are.
    pub fn write_record<I, T>(&mut self, record: I) -> io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut n = 0;
        for cell in record {
            let cell = cell.as_ref();
            if self.cells.len() <= n {
                self.cells.push(Vec::new());
            }
            let slot = &mut self.cells[n];
            slot.clear();
            match std::str::from_utf8(cell) {
                Ok(text) => slot.extend_from_slice(neutralise(text).as_bytes()),
                Err(_) => slot.extend_from_slice(cell),
            }
            n += 1;
        }
        self.inner.write_record(&self.cells[..n])?;
        Ok(())
    }

    /// Writes one cell of the record under way, [`neutralise`]d; [`Self::end_record`]
    /// ends the record. Writes the same bytes as [`Self::write_record`] without
    /// collecting the record first.
    pub fn write_cell(&mut self, cell: &str) -> io::Result<()> {
        self.inner.write_field(neutralise(cell).as_bytes())?;
        Ok(())
    }

    /// Ends the record begun by [`Self::write_cell`].
    pub fn end_record(&mut self) -> io::Result<()> {
        self.inner.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Writes a cell composed in the scratch buffer by `compose`.
    fn write_composed(&mut self, compose: impl FnOnce(&mut String)) -> io::Result<()> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        compose(&mut scratch);
        let written = self.write_cell(&scratch);
        self.scratch = scratch;
        written
    }

    /// Writes the cells of one activity in [`ACTIVITY_COLUMNS`] order into the record
    /// under way.
    pub fn write_activity(&mut self, a: &Activity) -> io::Result<()> {
        self.write_cell(&a.id)?;
        self.write_cell(opt(&a.workplan))?;
        self.write_cell(opt(&a.category))?;
        self.write_cell(opt(&a.topic))?;
        self.write_cell(opt(&a.sector))?;
        self.write_cell(opt(&a.domain))?;
        self.write_cell(opt(&a.activity))?;
        self.write_cell(opt(&a.description))?;
        self.write_cell(a.status.as_str())?;
        self.write_cell(&a.date.text)?;
        self.write_composed(|s| push_display(s, Iso(a.date.start, Precision::Day)))?;
        self.write_composed(|s| push_display(s, Iso(a.date.end, Precision::Day)))?;
        self.write_cell(a.date.precision.map_or("", |p| p.as_str()))?;
        self.write_cell(bool_str(a.date.tentative))?;
        self.write_list(&a.partners)?;
        self.write_cell(bool_str(a.all_partners))?;
        self.write_list(&a.other_organisations)?;
        self.write_list(&a.unmatched)?;
        self.write_list(&a.contacts)?;
        if a.extra.is_empty() {
            self.write_cell("")?;
        } else {
            self.write_cell(&serde_json::to_string(&a.extra).unwrap_or_default())?;
        }
        self.write_cell(&a.source.file)?;
        self.write_cell(opt(&a.source.sheet))?;
        self.write_composed(|s| push_joined(s, a.source.rows.iter()))?;
        self.write_list(&a.notes)
    }

    /// Writes a list as one cell, joined by [`LIST_SEPARATOR`].
    fn write_list<T: AsRef<str> + std::fmt::Display>(&mut self, items: &[T]) -> io::Result<()> {
        match items {
            [] => self.write_cell(""),
            [one] => self.write_cell(one.as_ref()),
            _ => self.write_composed(|s| push_joined(s, items.iter())),
        }
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Appends the items joined by [`LIST_SEPARATOR`].
fn push_joined<T: std::fmt::Display>(out: &mut String, items: impl Iterator<Item = T>) {
    use std::fmt::Write as _;
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(LIST_SEPARATOR);
        }
        let _ = write!(out, "{item}");
    }
}

/// Appends `value` as it displays.
fn push_display(out: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write as _;
    let _ = write!(out, "{value}");
}

fn opt<S: AsRef<str>>(s: &Option<S>) -> &str {
    s.as_ref().map_or("", AsRef::as_ref)
}

/// Writes `activities.json`: an array of activities, pretty-printed, ending in a newline.
pub fn write_activities_json(out: &mut dyn Write, activities: &[Activity]) -> io::Result<()> {
    // The serialiser writes a few bytes at a time: into a buffer of a known type, each
    // write is a copy instead of a call through `dyn Write`.
    let mut buffered = io::BufWriter::with_capacity(64 << 10, out);
    serde_json::to_writer_pretty(&mut buffered, activities)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// Writes `activities.csv`.
pub fn write_activities_csv(
    out: &mut dyn Write,
    activities: &[Activity],
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(ACTIVITY_COLUMNS)?;
    for a in activities {
        w.write_activity(a)?;
        w.end_record()?;
    }
    w.flush()
}

/// The most bytes [`EncodedRows`] may hold: past this, reports encode every row
/// themselves. At 100,000 activities the rows take about 120 MB; a million would take
/// more than a gigabyte, on top of the activities.
pub const MAX_ENCODED_ROW_BYTES: usize = 512 << 20;

/// Every activity's `activities.csv` row (its cells, then the line end), encoded once.
///
/// A report row is the report's own columns followed by these same cells, and an
/// activity is in several reports (its sector's, each partner's, each year's): the
/// reports copy its row from here instead of encoding it again for each. Measured on a
/// 100,000-row run (`run --no-pdf`, callgrind): 26.4 billion instructions with the
/// copies, 32.0 billion with every report encoding its rows. The plain way stays beside
/// it, as the test's reference and for runs too large to hold the rows
/// ([`MAX_ENCODED_ROW_BYTES`]).
pub struct EncodedRows<'a> {
    activities: &'a [Activity],
    /// The rows of consecutive runs of activities, in order.
    parts: Vec<EncodedPart>,
    /// The index of the first activity of each part.
    starts: Vec<usize>,
}

impl std::fmt::Debug for EncodedRows<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncodedRows")
            .field("rows", &self.activities.len())
            .field(
                "bytes",
                &self.parts.iter().map(|p| p.bytes.len()).sum::<usize>(),
            )
            .finish()
    }
}

/// The encoded rows of a run of activities: their bytes, and where each row ends.
#[derive(Debug, Default)]
pub struct EncodedPart {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

/// Collects what a [`SpreadsheetCsv`] writes, noting where each flush ends: flushed
/// after every record, it notes where each row ends.
impl Write for EncodedPart {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.ends.push(self.bytes.len());
        Ok(())
    }
}

impl EncodedPart {
    /// The rows of `activities`, in order.
    pub fn encode(activities: &[Activity]) -> Self {
        let mut part = EncodedPart {
            bytes: Vec::with_capacity(estimated_bytes(activities)),
            ends: Vec::with_capacity(activities.len()),
        };
        let mut w = SpreadsheetCsv::new(&mut part);
        for a in activities {
            // Writing to memory cannot fail.
            let _ = w.write_activity(a).and_then(|()| w.end_record());
            let _ = w.flush();
        }
        // Dropping the writer flushes it once more.
        drop(w);
        part.ends.truncate(activities.len());
        part
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// No rows.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

impl<'a> EncodedRows<'a> {
    /// The rows of `activities`, encoded here; `None` when they would take more than
    /// `max_bytes` (estimated by [`estimated_bytes`] before encoding).
    pub fn encode(activities: &'a [Activity], max_bytes: usize) -> Option<Self> {
        (estimated_bytes(activities) <= max_bytes)
            .then(|| EncodedRows::from_parts(activities, vec![EncodedPart::encode(activities)]))
    }

    /// The rows of `activities` from parts encoded (by [`EncodedPart::encode`], on any
    /// thread) from consecutive runs of them, in order.
    ///
    /// # Panics
    ///
    /// If the parts do not hold one row per activity.
    pub fn from_parts(activities: &'a [Activity], parts: Vec<EncodedPart>) -> Self {
        let starts: Vec<usize> = parts
            .iter()
            .scan(0, |start, part| {
                let first = *start;
                *start += part.len();
                Some(first)
            })
            .collect();
        let rows: usize = parts.iter().map(EncodedPart::len).sum();
        assert_eq!(rows, activities.len(), "one encoded row per activity");
        EncodedRows {
            activities,
            parts,
            starts,
        }
    }

    /// The row of `a`, with its line end; `None` if `a` is not one of the activities
    /// encoded.
    pub fn row(&self, a: &Activity) -> Option<&[u8]> {
        // Its place in the slice, from its address: the reports hold references into
        // the same slice.
        let offset =
            (a as *const Activity as usize).checked_sub(self.activities.as_ptr() as usize)?;
        let size = std::mem::size_of::<Activity>().max(1);
        let i = offset / size;
        let same = self.activities.get(i).is_some_and(|b| std::ptr::eq(a, b));
        if !same {
            return None;
        }
        let p = self.starts.partition_point(|&start| start <= i) - 1;
        let (part, k) = (&self.parts[p], i - self.starts[p]);
        let start = if k == 0 { 0 } else { part.ends[k - 1] };
        Some(&part.bytes[start..part.ends[k]])
    }

    /// Writes `activities.csv` from the rows: the same bytes as
    /// [`write_activities_csv`].
    pub fn write_csv(&self, out: &mut dyn Write, bom: bool) -> io::Result<()> {
        let mut w = csv_writer(out, bom)?;
        w.write_record(ACTIVITY_COLUMNS)?;
        w.flush()?;
        drop(w);
        for part in &self.parts {
            out.write_all(&part.bytes)?;
        }
        Ok(())
    }
}

/// About the bytes the rows of `activities` take, from their texts' lengths.
pub fn estimated_bytes(activities: &[Activity]) -> usize {
    activities.iter().map(estimated_row_bytes).sum()
}

/// About the bytes of an activity's row: its texts' lengths, without quoting.
fn estimated_row_bytes(a: &Activity) -> usize {
    fn opt<S: AsRef<str>>(s: &Option<S>) -> usize {
        s.as_ref().map_or(0, |s| s.as_ref().len())
    }
    fn list(items: &[Arc<str>]) -> usize {
        items.iter().map(|s| s.len() + LIST_SEPARATOR.len()).sum()
    }
    a.id.len()
        + opt(&a.workplan)
        + opt(&a.category)
        + opt(&a.topic)
        + opt(&a.sector)
        + opt(&a.domain)
        + opt(&a.activity)
        + opt(&a.description)
        + a.date.text.len()
        + list(&a.partners)
        + list(&a.other_organisations)
        + list(&a.unmatched)
        + list(&a.contacts)
        + a.source.file.len()
        + opt(&a.source.sheet)
        + list(&a.notes)
        // Dates, flags, rows, commas, quotes and the line end.
        + 96
}

/// The columns of `rejects.csv`.
pub const REJECT_COLUMNS: &[&str] = &["file", "sheet", "row", "reason", "cells"];

/// The rows of `rejects.csv`, cell by cell: file, sheet, row, reason, then the cells as
/// written.
pub fn reject_rows(rejects: &[RejectedRow]) -> impl Iterator<Item = [String; 5]> + '_ {
    rejects.iter().map(|r| {
        // The cells as one JSON array keeps their boundaries whatever the row's width.
        let cells = serde_json::to_string(&r.cells).unwrap_or_default();
        [
            r.file.clone(),
            r.sheet.clone().unwrap_or_default(),
            r.row.to_string(),
            r.reason.clone(),
            cells,
        ]
    })
}

/// Writes `rejects.csv` ([`reject_rows`]).
pub fn write_rejects(out: &mut dyn Write, rejects: &[RejectedRow], bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(REJECT_COLUMNS)?;
    for row in reject_rows(rejects) {
        w.write_record(&row)?;
    }
    w.flush()
}

/// The columns of `provenance.csv`, in order.
pub const PROVENANCE_COLUMNS: &[&str] = &[
    "id",
    "field",
    "value",
    "file",
    "sheet",
    "cells",
    "header",
    "as_written",
    "rules",
];

/// The `provenance.csv` rows of one activity (its id and source), as
/// [`SpreadsheetCsv::write_trace`] writes them.
pub fn provenance_rows(id: &str, source: &Source, trace: &[FieldTrace]) -> Vec<u8> {
    let mut rows = Vec::with_capacity(trace.iter().map(|f| 2 * f.value.len() + 96).sum());
    // A small buffer: a writer is made for each activity.
    let mut w = SpreadsheetCsv::with_buffer(&mut rows, 512);
    // Writing to memory cannot fail.
    let _ = w.write_trace(id, source, trace).and_then(|()| w.flush());
    drop(w);
    rows
}

/// A writer of `provenance.csv` (one row per canonical value, with its source cells, the
/// text as written and the rules that changed it), its header written:
/// [`SpreadsheetCsv::write_trace`] adds the rows of one activity at a time, as it is
/// normalised, so that the traces need not be held until the end of a run.
pub fn provenance_writer(out: &mut dyn Write, bom: bool) -> io::Result<SpreadsheetCsv<'_>> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(PROVENANCE_COLUMNS)?;
    Ok(w)
}

impl SpreadsheetCsv<'_> {
    /// Writes the `provenance.csv` rows of one activity (its id and source): one per
    /// traced field.
    pub fn write_trace(
        &mut self,
        id: &str,
        source: &Source,
        trace: &[FieldTrace],
    ) -> io::Result<()> {
        for f in trace {
            self.write_cell(id)?;
            self.write_cell(f.field)?;
            self.write_cell(&f.value)?;
            self.write_cell(&source.file)?;
            self.write_cell(opt(&source.sheet))?;
            self.write_composed(|s| push_joined(s, f.cells.iter()))?;
            self.write_cell(opt(&f.header))?;
            self.write_cell(&f.as_written)?;
            self.write_list(&f.rules)?;
            self.end_record()?;
        }
        Ok(())
    }
}

/// A name to review (unmatched, or matched by a weaker rule), aggregated over the run.
#[derive(Debug, Clone, Default)]
pub struct UnmatchedName {
    /// How often it was seen.
    pub count: usize,
    /// The whole cell it was first read from, as written.
    pub cell: String,
    /// Where (in order seen).
    pub places: Vec<String>,
    /// Best registry suggestions (for an unmatched name).
    pub suggestions: Vec<Suggestion>,
    /// The canonical name and the rule that matched it (for a name to confirm).
    pub matched: Option<(String, &'static str)>,
}

impl UnmatchedName {
    /// The best suggestion and why: "Microsoft (similar spelling, 0.81)"; empty when
    /// none.
    pub fn suggestion(&self) -> String {
        self.suggestions
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    /// One more sighting, in `cell` at `place`.
    pub fn seen(&mut self, cell: String, place: String) {
        if self.count == 0 {
            self.cell = cell;
        }
        self.count += 1;
        self.places.push(place);
    }
}

/// The columns of `review/unmatched-names.csv`: the name, the cell it was first seen
/// in, its places, a suggestion (a canonical name and why), the reviewer's `decision`
/// and `canonical` (left empty), the `status` (`unmatched`, or `confirm` for a match
/// made by a weaker rule) and that `rule`.
pub const UNMATCHED_COLUMNS: &[&str] = &[
    "name",
    "cell",
    "places",
    "suggestion",
    "decision",
    "canonical",
    "status",
    "rule",
];

/// The rows of `review/unmatched-names.csv` ([`UNMATCHED_COLUMNS`]), cell by cell: the
/// unmatched names, then the names to confirm, each in name order.
pub fn unmatched_rows<'a>(
    unmatched: &'a BTreeMap<String, UnmatchedName>,
    to_confirm: &'a BTreeMap<String, UnmatchedName>,
) -> impl Iterator<Item = [String; 8]> + 'a {
    let unmatched = unmatched
        .iter()
        .map(|(name, u)| review_row(name, u, u.suggestion(), "unmatched", ""));
    let to_confirm = to_confirm.iter().map(|(name, u)| {
        let (canonical, rule) = u.matched.clone().unwrap_or_default();
        let suggestion = format!("{canonical} (matched by {rule})");
        review_row(name, u, suggestion, "confirm", rule)
    });
    unmatched.chain(to_confirm)
}

fn review_row(
    name: &str,
    u: &UnmatchedName,
    suggestion: String,
    status: &str,
    rule: &str,
) -> [String; 8] {
    [
        name.to_owned(),
        u.cell.clone(),
        u.places.join(LIST_SEPARATOR),
        suggestion,
        String::new(),
        String::new(),
        status.to_owned(),
        rule.to_owned(),
    ]
}

/// Writes `review/unmatched-names.csv` ([`unmatched_rows`]).
pub fn write_unmatched(
    out: &mut dyn Write,
    unmatched: &BTreeMap<String, UnmatchedName>,
    to_confirm: &BTreeMap<String, UnmatchedName>,
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(UNMATCHED_COLUMNS)?;
    for row in unmatched_rows(unmatched, to_confirm) {
        w.write_record(&row)?;
    }
    w.flush()
}

/// A record read more than once (a workbook and its CSV export), kept once; or two
/// activities of different workplans that may be the same, both kept.
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// The activity id (of the first, for a possible duplicate).
    pub id: String,
    /// Where the kept copy was read (the first activity, for a possible duplicate).
    pub kept: String,
    /// Where the duplicate was read (the second activity, for a possible duplicate).
    pub duplicate: String,
    /// For a possible duplicate: the second activity's id and how alike the titles
    /// are (0 to 1); `None` for a record read twice.
    pub possible: Option<(String, f64)>,
}

/// Writes `review/duplicates.csv`: `kind` is `same` for a record read twice and kept
/// once, `possible` for two activities of different workplans both kept.
pub fn write_duplicates(out: &mut dyn Write, dups: &[Duplicate], bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record([
        "id",
        "kept",
        "duplicate",
        "kind",
        "duplicate_id",
        "similarity",
    ])?;
    for d in dups {
        let (kind, other, similarity) = match &d.possible {
            None => ("same", d.id.as_str(), String::new()),
            Some((other, similarity)) => ("possible", other.as_str(), format!("{similarity:.2}")),
        };
        w.write_record([&d.id, &d.kept, &d.duplicate, kind, other, &similarity])?;
    }
    w.flush()
}

/// Writes `review/contacts.csv`: addresses that could not be repaired with confidence.
pub fn write_contacts(
    out: &mut dyn Write,
    contacts: &[(String, String)],
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(["address_as_written", "place"])?;
    for (address, place) in contacts {
        w.write_record([address, place])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateSpan, Source, Status};

    #[test]
    fn an_activitys_provenance_rows_are_the_rows_its_writer_writes() {
        let source = Source {
            file: "plan, \"draft\".xlsx".into(),
            sheet: Some("2020+".into()),
            rows: vec![4, 5],
        };
        let long = "x".repeat(2000);
        let trace: Vec<FieldTrace> = [("description", long.as_str()), ("sector", "=CDCT\r\nline")]
            .into_iter()
            .map(|(field, text)| FieldTrace {
                field,
                cells: vec![
                    crate::model::SourceCell { row: 4, col: 2 },
                    crate::model::SourceCell { row: 5, col: 2 },
                ],
                header: Some("Sector, \"body\"".into()),
                as_written: text.into(),
                value: format!("{text} \"as read\""),
                rules: vec!["whitespace trimmed".into(), "-x".into()],
            })
            .collect();
        let mut written = Vec::new();
        let mut w = provenance_writer(&mut written, false).unwrap();
        let header = {
            w.flush().unwrap();
            drop(w);
            written.len()
        };
        let mut w = csv_writer(&mut written, false).unwrap();
        w.write_trace("a1", &source, &trace).unwrap();
        w.flush().unwrap();
        drop(w);
        let rows = provenance_rows("a1", &source, &trace);
        assert!(rows.len() > 4000, "rows longer than the writer's buffer");
        assert_eq!(
            String::from_utf8_lossy(&rows),
            String::from_utf8_lossy(&written[header..])
        );
    }

    #[test]
    fn every_cell_of_a_csv_output_is_neutralised() {
        let mut out = Vec::new();
        let mut w = csv_writer(&mut out, false).unwrap();
        w.write_record(["=cmd|' /C calc'!A0", "-5", "ok", "@x"])
            .unwrap();
        w.write_record(["a", "+b", "", "-"]).unwrap();
        w.flush().unwrap();
        drop(w);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "'=cmd|' /C calc'!A0,-5,ok,'@x\r\na,'+b,,'-\r\n");
    }

    fn activity(sector: &str) -> Activity {
        Activity {
            id: "x1".to_owned(),
            workplan: None,
            category: None,
            topic: None,
            sector: Some(sector.into()),
            domain: None,
            activity: Some("-".into()),
            description: None,
            status: Status::Planned,
            date: DateSpan::empty(),
            partners: Box::default(),
            all_partners: false,
            other_organisations: Box::default(),
            unmatched: Box::from(["@evil".into()]),
            contacts: Box::default(),
            extra: BTreeMap::new(),
            source: Source {
                file: "=x.csv".into(),
                sheet: None,
                rows: vec![2],
            },
            notes: Box::default(),
        }
    }

    fn iso(d: Option<chrono::NaiveDate>) -> String {
        d.map_or(String::new(), |d| d.format("%Y-%m-%d").to_string())
    }

    /// The cells of one activity in [`ACTIVITY_COLUMNS`] order, built the plain way: what
    /// [`SpreadsheetCsv::write_activity`] must write.
    fn activity_record(a: &Activity) -> Vec<String> {
        vec![
            a.id.clone(),
            opt(&a.workplan).to_owned(),
            opt(&a.category).to_owned(),
            opt(&a.topic).to_owned(),
            opt(&a.sector).to_owned(),
            opt(&a.domain).to_owned(),
            opt(&a.activity).to_owned(),
            opt(&a.description).to_owned(),
            a.status.as_str().to_owned(),
            a.date.text.clone(),
            iso(a.date.start),
            iso(a.date.end),
            a.date.precision.map_or("", |p| p.as_str()).to_owned(),
            a.date.tentative.to_string(),
            a.partners.join(LIST_SEPARATOR),
            a.all_partners.to_string(),
            a.other_organisations.join(LIST_SEPARATOR),
            a.unmatched.join(LIST_SEPARATOR),
            a.contacts.join(LIST_SEPARATOR),
            if a.extra.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&a.extra).unwrap_or_default()
            },
            a.source.file.to_string(),
            opt(&a.source.sheet).to_owned(),
            a.source
                .rows
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR),
            a.notes.join(LIST_SEPARATOR),
        ]
    }

    #[test]
    fn activity_cells_written_one_by_one_are_the_record_of_activity_record() {
        use chrono::NaiveDate;
        let mut a = activity("=SUM(A1:A9)");
        let mut b = activity("Data, \"protection\"\nsecond line");
        b.partners = Box::from(["Google".into(), "-Microsoft".into()]);
        b.contacts = Box::from(["a@coe.int".into()]);
        b.notes = Box::from(["one".into(), "two; three".into()]);
        b.date = DateSpan {
            text: "2020-2021 tbc".into(),
            start: NaiveDate::from_ymd_opt(2020, 1, 1),
            end: NaiveDate::from_ymd_opt(12020, 12, 31),
            precision: Some(crate::model::Precision::Year),
            tentative: true,
        };
        b.extra.insert("Budget".into(), "€ 1,000".into());
        b.source.rows = vec![12, 13, 140];
        b.source.sheet = Some("Workplan 2020+".into());
        a.all_partners = true;
        for x in [a, b] {
            let mut one_by_one = Vec::new();
            let mut w = csv_writer(&mut one_by_one, false).unwrap();
            w.write_cell("key").unwrap();
            w.write_activity(&x).unwrap();
            w.end_record().unwrap();
            w.flush().unwrap();
            drop(w);
            let mut whole = Vec::new();
            let mut w = csv_writer(&mut whole, false).unwrap();
            let mut record = vec!["key".to_owned()];
            record.extend(activity_record(&x));
            w.write_record(&record).unwrap();
            w.flush().unwrap();
            drop(w);
            assert_eq!(
                String::from_utf8(one_by_one).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }

    #[test]
    fn activities_csv_is_neutralised_and_activities_json_is_not() {
        let a = [activity("=SUM(A1:A9)")];
        let mut csv_out = Vec::new();
        write_activities_csv(&mut csv_out, &a, true).unwrap();
        let mut rdr = csv::Reader::from_reader(&csv_out[3..]);
        let row = rdr.records().next().unwrap().unwrap();
        assert_eq!(&row[4], "'=SUM(A1:A9)");
        assert_eq!(&row[6], "'-");
        assert_eq!(&row[17], "'@evil");
        assert_eq!(&row[20], "'=x.csv");
        let mut json = Vec::new();
        write_activities_json(&mut json, &a).unwrap();
        let back: Vec<Activity> = serde_json::from_slice(&json).unwrap();
        assert_eq!(back[0].sector.as_deref(), Some("=SUM(A1:A9)"));
        assert_eq!(&*back[0].source.file, "=x.csv");
    }

    #[test]
    fn rejected_cells_are_neutralised_inside_their_json_array_too() {
        let rejects = [RejectedRow {
            file: "x.csv".to_owned(),
            sheet: None,
            row: 3,
            reason: "-".to_owned(),
            cells: vec!["=1+1".to_owned()],
        }];
        let mut out = Vec::new();
        write_rejects(&mut out, &rejects, false).unwrap();
        let mut rdr = csv::Reader::from_reader(&out[..]);
        let row = rdr.records().next().unwrap().unwrap();
        assert_eq!(&row[3], "'-");
        // The array starts with `[`: no spreadsheet runs it, and it stays valid JSON.
        assert_eq!(&row[4], "[\"=1+1\"]");
    }
}
