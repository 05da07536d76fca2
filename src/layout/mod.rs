//! Finding the tables in a sheet: header rows, category headings, repeated headers,
//! "same as above" blanks and records broken over two rows.
//!
//! Circulated workplans are pasted from Word or PDF, so a sheet is rarely one clean
//! table. This stage walks the rows of a [`RawSheet`] once, classifies every row (title,
//! heading, header, record, continuation, rejected; blank rows are counted), and builds
//! [`RawRecord`]s that still say, cell by cell, where each value came from. Nothing here
//! interprets values; that is the normaliser's job.
//!
//! - `header`: which cells name a column, which rows are headers, the role of each
//!   column of a table;
//! - `heading`: titles, category headings and the workplan a title or name gives;
//! - `record`: building a record from its row and continuation rows, and filling blank
//!   cells down from the record above;
//! - `lookahead`: the rows as they come, judged, with room to look ahead;
//! - `walk`: the one pass that puts these together;
//! - `canonical`: the canonical table come back as input (`activities.csv`,
//!   `activities.xlsx`), recognised by its header, one record per row.
//!
//! The rows may come from a sheet read whole ([`tables`], [`into_tables`]) or one by
//! one while the sheet is still being read ([`tables_from`]); the records are handed
//! on in batches as they are found, so that neither a large sheet's rows nor its
//! records are held whole.

mod canonical;
mod footer;
mod fragment;
mod header;
mod heading;
mod lookahead;
mod place;
mod record;
mod shape;
mod walk;

pub use heading::workplan_label;
pub use record::extra_map;

use crate::diagnostic::Diagnostic;
use crate::model::{RawRecord, RawRow, RawSheet, RejectedRow, RowCounts, SheetShape};

use lookahead::Lookahead;
use shape::{HiddenRows, Merges};
use walk::Walk;

/// What a sheet turned into.
#[derive(Debug, Clone, Default)]
pub struct SheetLayout {
    /// The records, in sheet order. Each is boxed: a record is a kilobyte wide, and a
    /// vector of a million of them would be copied whole each time it grew, and held
    /// whole until the last was normalised.
    pub records: Vec<Box<RawRecord>>,
    /// Rows that could not be placed.
    pub rejects: Vec<RejectedRow>,
    /// How every row was classified.
    pub counts: RowCounts,
    /// Problems worth telling the user, each naming its place.
    pub warnings: Vec<Diagnostic>,
    /// Rows laid out (each non-blank row the reader did not refuse).
    rows_seen: u64,
}

impl SheetLayout {
    /// Counts what only the whole sheet tells: `row_count`, the number of its last row
    /// that holds anything, and the rows the reader refused (a cell too long), which are
    /// rejects; the rejects are then in row order.
    pub fn add_read(&mut self, row_count: u32, rejected: Vec<RejectedRow>) {
        self.counts.rows_read = u64::from(row_count);
        self.counts.blank_rows = u64::from(row_count)
            .saturating_sub(self.rows_seen)
            .saturating_sub(rejected.len() as u64);
        self.counts.rejected_rows += rejected.len() as u64;
        let mut rejects = rejected;
        rejects.append(&mut self.rejects);
        // Stable: of a row's rejects, the reader's come first.
        rejects.sort_by_key(|r| r.row);
        self.rejects = rejects;
    }
}

/// Finds the tables of a sheet and builds its records, leaving the sheet as it is.
pub fn tables(sheet: &RawSheet) -> SheetLayout {
    into_tables(sheet.clone())
}

/// Finds the tables of a sheet and builds its records, moving the text of its cells
/// into them instead of copying it: a large sheet is not held twice over.
pub fn into_tables(sheet: RawSheet) -> SheetLayout {
    let mut records = Vec::new();
    let mut out = into_tables_by(sheet, usize::MAX, &mut |batch| records.extend(batch));
    out.records = records;
    out
}

/// [`into_tables`], handing the records to `take` in order, `batch` at a time, as they
/// are found (the layout returned holds none). A sheet's rows are freed as they become
/// records, and its records as `take` is done with them: neither is held whole.
#[allow(clippy::vec_box, reason = "see SheetLayout::records")]
pub fn into_tables_by(
    sheet: RawSheet,
    batch: usize,
    take: &mut dyn FnMut(Vec<Box<RawRecord>>),
) -> SheetLayout {
    let RawSheet {
        file,
        sheet: name,
        rows,
        row_count,
        rejected,
        shape,
    } = sheet;
    let mut rows = rows.into_iter();
    let mut out = tables_from(&file, name.as_deref(), &shape, &mut rows, batch, take);
    out.add_read(row_count, rejected);
    out
}

/// [`into_tables_by`] on rows as they come: while the sheet is still being read, say.
/// `shape` is what the workbook says of the sheet beside its values (merged cells,
/// hidden rows). Rows are held only until the sheet's first header (a sheet without
/// one is rejected whole) and a few rows ahead. The layout does not count what only
/// the whole sheet tells ([`SheetLayout::add_read`]).
#[allow(clippy::vec_box, reason = "see SheetLayout::records")]
pub fn tables_from(
    file: &str,
    sheet: Option<&str>,
    shape: &SheetShape,
    rows: &mut dyn Iterator<Item = RawRow>,
    batch: usize,
    take: &mut dyn FnMut(Vec<Box<RawRecord>>),
) -> SheetLayout {
    let mut rows = Lookahead::new(rows, HiddenRows::of(shape));
    let mut out = if rows.find_header() {
        Walk::new(file, sheet, Merges::of(shape), batch, take).run(&mut rows)
    } else {
        let (held, hidden) = rows.into_held();
        walk::headerless(file, sheet, held, &hidden)
    };
    if shape.hidden {
        let place = crate::model::Location::file(file).with_sheet(sheet);
        out.warnings.insert(
            0,
            Diagnostic::new(place, crate::diagnostic::Kind::HiddenSheet),
        );
    }
    out
}

#[cfg(test)]
mod tests;
