//! Building records from rows: each cell becomes a field (or more text for one, from a
//! continuation row), keeping the cell it came from; blank or "same as above" cells of
//! Topic, Sector and Domain take the value of the record above in the same table.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{CellValue, Field, RawField, RawRecord, RawRow, RejectedRow, SourceCell};
use crate::text::key;

use super::header::{Columns, Role};

/// Adds a cell to a record: a new field, or more text for one it already has.
pub(super) fn append(rec: &mut RawRecord, cols: &Columns, col: usize, row: u32, cell: CellValue) {
    let source = SourceCell {
        row,
        col: col as u32,
    };
    // Text is shared with the cell, not copied; [`RawField::new`] keeps no second copy.
    let (text, cell) = match cell {
        CellValue::Text(text) | CellValue::Error(text) => (text, CellValue::Empty),
        other => (Arc::from(other.to_text()), other),
    };
    let cell = &cell;
    match cols.role(col) {
        Role::Known(field) => {
            let slot = &mut rec.fields[field.index()];
            match slot {
                // A filled-down value is replaced, never extended.
                Some(existing) if existing.filled_from.is_none() => existing.extend(&text, source),
                _ => *slot = Some(RawField::new(text, cell, source)),
            }
        }
        Role::Extra(header) => push_extra(&mut rec.extra, header.clone(), source, text, cell),
        // A canonical table's record is made by `super::canonical`.
        Role::None | Role::Canonical(_) => push_extra(
            &mut rec.extra,
            format!("column {}", crate::model::column_letters(col as u32)),
            source,
            text,
            cell,
        ),
    }
}

/// Adds a cell of an unknown column to a record's `extra`, under its header.
pub(super) fn push_extra(
    extra: &mut Vec<(String, RawField)>,
    header: String,
    source: SourceCell,
    text: Arc<str>,
    cell: &CellValue,
) {
    if let Some((_, existing)) = extra.iter_mut().find(|(h, _)| *h == header) {
        existing.extend(&text, source);
    } else {
        extra.push((header, RawField::new(text, cell, source)));
    }
}

/// Moves the non-blank cells of `row` (at the columns `at`) into `rec`.
pub(super) fn take_cells(rec: &mut RawRecord, cols: &Columns, row: &mut RawRow, at: &[usize]) {
    let number = row.number;
    for &col in at {
        let cell = std::mem::replace(&mut row.cells[col], CellValue::Empty);
        append(rec, cols, col, number, cell);
    }
}

/// The values blank Topic, Sector and Domain cells of a table take: those of the
/// record above.
///
/// A value is held as the index of the finished record that holds it (in the records
/// not handed on yet) and that record's row: it is copied only into the blank cells it
/// fills. Once its record has been handed on, a copy of the value is carried instead.
#[derive(Default)]
pub(super) struct FillDown {
    at: [Option<(usize, u32)>; 8],
    carried: [Option<(RawField, u32)>; 8],
}

impl FillDown {
    /// Fills the blank and "same as above" fill-down cells of `rec`, a new record of a
    /// table with columns `cols`; `records` are the finished ones not handed on yet.
    #[allow(clippy::vec_box, reason = "see SheetLayout::records")]
    pub(super) fn fill(&self, rec: &mut RawRecord, cols: &Columns, records: &[Box<RawRecord>]) {
        for field in Field::ALL.into_iter().filter(|f| f.fills_down()) {
            let idx = field.index();
            if !cols.has(field) {
                continue;
            }
            if rec.fields[idx]
                .as_ref()
                .is_some_and(|own| is_ditto(&own.text))
            {
                rec.fields[idx] = None;
            }
            if rec.fields[idx].is_some() {
                continue;
            }
            let prev = match self.at[idx] {
                Some((from, from_row)) => records[from].fields[idx].as_ref().map(|f| (f, from_row)),
                None => self.carried[idx]
                    .as_ref()
                    .map(|(f, from_row)| (f, *from_row)),
            };
            if let Some((prev, from_row)) = prev {
                let mut filled = prev.clone();
                filled.filled_from = Some(from_row);
                rec.fields[idx] = Some(filled);
            }
        }
    }

    /// Closes a record: its own Topic, Sector and Domain (with any continuation text
    /// joined) become the values later blank cells of the table are filled with.
    #[allow(clippy::vec_box, reason = "see SheetLayout::records")]
    pub(super) fn finish(&mut self, rec: RawRecord, records: &mut Vec<Box<RawRecord>>) {
        for field in Field::ALL.into_iter().filter(|f| f.fills_down()) {
            if rec.field(field).is_some_and(|f| f.filled_from.is_none()) {
                self.at[field.index()] = Some((records.len(), rec.rows[0]));
            }
        }
        records.push(Box::new(rec));
    }

    /// Copies the values held in `records`, which are about to be handed on.
    #[allow(clippy::vec_box, reason = "see SheetLayout::records")]
    pub(super) fn carry(&mut self, records: &[Box<RawRecord>]) {
        for (idx, slot) in self.at.iter_mut().enumerate() {
            if let Some((from, from_row)) = slot.take() {
                self.carried[idx] = records[from].fields[idx].clone().map(|f| (f, from_row));
            }
        }
    }
}

/// "Same as above" written out.
pub(super) fn is_ditto(text: &str) -> bool {
    matches!(
        key(text).as_str(),
        "idem" | "ditto" | "same as above" | "see above" | "id"
    ) || matches!(text.trim(), "\"" | "\u{201D}" | "\u{3003}" | "''")
}

/// A row rejected for `reason`, its cells as written.
pub(super) fn reject(file: &str, sheet: Option<&str>, row: &RawRow, reason: &str) -> RejectedRow {
    RejectedRow {
        file: file.to_owned(),
        sheet: sheet.map(str::to_owned),
        row: row.number,
        reason: reason.to_owned(),
        cells: row.cells.iter().map(CellValue::to_text).collect(),
    }
}

/// The extra columns of a record as a map, header to text (joined parts).
pub fn extra_map(rec: &RawRecord) -> BTreeMap<String, String> {
    rec.extra
        .iter()
        .map(|(h, f)| (h.clone(), f.text.to_string()))
        .collect()
}
