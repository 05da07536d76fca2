//! The canonical table come back as input: `activities.csv`, or an `Activities` sheet
//! of `activities.xlsx`, perhaps corrected by hand.
//!
//! It is recognised by its header row, which names the columns the table is written
//! with (`date_precision`, `all_partners`, `other_organisations`... name no column of a
//! circulated workplan), in any order; only the id and the source columns may be left
//! out. Such a table holds one activity per row and nothing else: no title, heading,
//! continuation row or "same as above" blank, so every non-blank row under the header
//! is one record, and a row repeating the header is passed over. Its cells are kept by
//! column ([`CanonicalCells`]), for the normaliser to read back as the values they
//! are; a column of another name is kept as an extra column, as in any table.

use std::sync::Arc;

use crate::model::{CanonicalCells, CellValue, Column, RawField, RawRecord, RawRow, SourceCell};

use super::header::{Columns, Role};
use super::record::push_extra;

/// The columns of `row` when it is the canonical table's header row.
pub(super) fn columns(row: &RawRow) -> Option<Columns> {
    let required = Column::ALL.iter().filter(|c| c.required()).count();
    // A workplan's header names eight columns at most: most rows are set aside here.
    if row.cells.len() < required {
        return None;
    }
    let mut seen = [false; crate::model::COLUMNS];
    let mut roles = Vec::with_capacity(row.cells.len());
    for cell in &row.cells {
        let CellValue::Text(text) = cell else {
            roles.push(Role::None);
            continue;
        };
        let text = text.trim();
        match Column::named(text) {
            Some(c) if !seen[c.index()] => {
                seen[c.index()] = true;
                roles.push(Role::Canonical(c));
            }
            _ if text.is_empty() => roles.push(Role::None),
            _ => roles.push(Role::Extra(text.to_owned())),
        }
    }
    let complete = Column::ALL.iter().all(|c| seen[c.index()] || !c.required());
    complete.then(|| Columns::canonical(roles))
}

/// Whether a row whose non-blank cells are `at` holds something in a column of the
/// canonical table: else it is rejected.
pub(super) fn holds_values(cols: &Columns, at: &[usize]) -> bool {
    at.iter()
        .any(|&col| matches!(cols.role(col), Role::Canonical(_)))
}

/// The record of a row of a canonical table (`at`: its non-blank cells).
pub(super) fn record(
    file: &Arc<str>,
    sheet: &Option<Arc<str>>,
    cols: &Columns,
    mut row: RawRow,
    at: &[usize],
) -> RawRecord {
    let mut cells: Box<CanonicalCells> = Box::default();
    let mut extra = Vec::new();
    for &col in at {
        let source = SourceCell {
            row: row.number,
            col: col as u32,
        };
        let cell = std::mem::replace(&mut row.cells[col], CellValue::Empty);
        let text: Arc<str> = match &cell {
            CellValue::Text(text) | CellValue::Error(text) => Arc::clone(text),
            other => Arc::from(other.to_text()),
        };
        match cols.role(col) {
            Role::Canonical(c) => cells[c.index()] = Some(RawField::new(text, &cell, source)),
            Role::Extra(header) => push_extra(&mut extra, header.clone(), source, text, &cell),
            _ => {
                let header = format!("column {}", crate::model::column_letters(col as u32));
                push_extra(&mut extra, header, source, text, &cell);
            }
        }
    }
    RawRecord {
        file: Arc::clone(file),
        sheet: sheet.clone(),
        workplan: None,
        category: None,
        rows: vec![row.number],
        fields: Default::default(),
        extra,
        headers: Arc::default(),
        canonical: Some(cells),
    }
}
