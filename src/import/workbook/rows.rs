//! A sheet's rows, built from its values as they arrive in row order: 1-based, padded
//! from column A, blank rows left out, a row with an overlong cell rejected, and the
//! cells held counted against [`MAX_CELLS`] (a row's padding included).

use crate::diagnostic::Diagnostic;
use crate::import::{overlong_row, ImportErrorKind, MAX_CELL_BYTES};
use crate::model::{CellValue, RawRow, RawSheet, RejectedRow, SheetShape};

use super::{Sparse, MAX_CELLS};

/// A sheet read: its rows, and the file's cell count and warnings with it.
pub(super) struct BuiltSheet {
    pub(super) sheet: RawSheet,
    /// Cells held in the rows of the file's sheets so far, padding included.
    pub(super) held: u64,
    pub(super) warnings: Vec<Diagnostic>,
}

/// Builds a sheet's rows from its values: sorted, 1-based, padded from column A.
pub(super) fn build_sheet(
    display: &str,
    name: &str,
    mut cells: Sparse,
    held: u64,
) -> Result<BuiltSheet, ImportErrorKind> {
    // Streams are in row order in files from office suites, not always in others.
    // The sort is stable, so of two values at one position the later one wins.
    if !cells.is_sorted_by_key(|(r, c, _)| (*r, *c)) {
        cells.sort_by_key(|(r, c, _)| (*r, *c));
    }
    let mut rows = RowBuilder::new(display, name, held);
    for (row, col, value) in cells {
        let in_order = rows.push(row, col, value)?;
        debug_assert!(in_order, "sorted above");
    }
    rows.finish()
}

/// Rows built from a sheet's values as they arrive in row order: 1-based, padded from
/// column A, blank rows left out, a row with an overlong cell rejected. Neither the
/// values nor the rows are held twice.
pub(super) struct RowBuilder<'a> {
    display: &'a str,
    name: &'a str,
    /// Cells held in built rows of the file, padding included.
    held: u64,
    warnings: Vec<Diagnostic>,
    pub(super) rows: Vec<RawRow>,
    rejected: Vec<RejectedRow>,
    /// The values of the row being built, with their columns.
    pending: Vec<(u32, CellValue)>,
    /// The position of the value added last.
    last: Option<(u32, u32)>,
}

impl<'a> RowBuilder<'a> {
    pub(super) fn new(display: &'a str, name: &'a str, held: u64) -> Self {
        RowBuilder {
            display,
            name,
            held,
            warnings: Vec::new(),
            rows: Vec::new(),
            rejected: Vec::new(),
            pending: Vec::new(),
            last: None,
        }
    }

    /// Adds a value at a 0-based position; false, and nothing added, when the position
    /// comes before the last one added. Of two values at one position the later wins.
    pub(super) fn push(
        &mut self,
        row: u32,
        col: u32,
        value: CellValue,
    ) -> Result<bool, ImportErrorKind> {
        if let Some(last) = self.last {
            if (row, col) < last {
                return Ok(false);
            }
            if row != last.0 {
                self.end_row(last.0)?;
            }
        }
        if self.held + self.pending.len() as u64 >= MAX_CELLS {
            return Err(too_many_cells());
        }
        self.last = Some((row, col));
        self.pending.push((col, value));
        Ok(true)
    }

    /// Turns the pending values, all of 0-based `row`, into a row.
    fn end_row(&mut self, row: u32) -> Result<(), ImportErrorKind> {
        if self.pending.iter().all(|(_, v)| v.is_blank()) {
            self.pending.clear();
            return Ok(());
        }
        let width = self.pending.last().map_or(0, |(c, _)| u64::from(*c) + 1);
        self.held += width;
        if self.held > MAX_CELLS {
            return Err(too_many_cells());
        }
        let mut line = vec![CellValue::Empty; width as usize];
        for (col, value) in self.pending.drain(..) {
            if let Some(slot) = line.get_mut(col as usize) {
                *slot = value;
            }
        }
        let number = row.saturating_add(1);
        if line
            .iter()
            .any(|c| matches!(c, CellValue::Text(t) if t.len() > MAX_CELL_BYTES))
        {
            let cells = line
                .into_iter()
                .map(|c| {
                    let text = c.to_text();
                    let len = text.len();
                    (text, len)
                })
                .collect();
            let (warning, row) = overlong_row(self.display, Some(self.name), number, cells);
            self.warnings.push(warning);
            self.rejected.push(row);
            return Ok(());
        }
        self.rows.push(RawRow {
            number,
            cells: line,
        });
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<BuiltSheet, ImportErrorKind> {
        let row_count = match self.last {
            Some((row, _)) => {
                self.end_row(row)?;
                row.saturating_add(1)
            }
            None => 0,
        };
        Ok(BuiltSheet {
            sheet: RawSheet {
                file: self.display.to_owned(),
                sheet: Some(self.name.to_owned()),
                rows: self.rows,
                row_count,
                rejected: self.rejected,
                shape: SheetShape::default(),
            },
            held: self.held,
            warnings: self.warnings,
        })
    }
}

pub(super) fn too_many_cells() -> ImportErrorKind {
    ImportErrorKind::TooLarge(format!("more than {MAX_CELLS} cells"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{sheet_rows, text};
    use super::*;

    #[test]
    fn a_row_with_an_overlong_cell_is_rejected_and_the_others_kept() {
        let long = "x".repeat(MAX_CELL_BYTES + 1);
        let cells = vec![
            (0, 0, text("Sector")),
            (1, 0, text("ok")),
            (2, 0, text("a")),
            (2, 3, text(&long)),
            (3, 0, text("also ok")),
        ];
        let built = build_sheet("f.xlsx", "S", cells, 0).unwrap();
        let (sheet, warnings) = (built.sheet, built.warnings);
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 4]);
        assert_eq!(sheet.row_count, 4);
        assert_eq!(sheet.rejected.len(), 1);
        assert_eq!(sheet.rejected[0].row, 3);
        assert!(sheet.rejected[0].cells[3].len() < 1000);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("f.xlsx [S] row 3: cell D3 holds 262145 bytes"),
            "{warnings:?}"
        );
    }

    #[test]
    fn builds_rows_from_sparse_cells() {
        let cells = vec![
            (4, 2, text("late")),
            (0, 1, CellValue::Number(1.0)),
            (0, 1, CellValue::Number(2.0)),
            (2, 0, text("  ")),
            (0, 0, text("a")),
        ];
        let built = build_sheet("f.xlsx", "S", cells, 0).unwrap();
        let got = sheet_rows(&built.sheet);
        assert_eq!(
            got,
            vec![
                (1, vec![text("a"), CellValue::Number(2.0)]),
                (5, vec![CellValue::Empty, CellValue::Empty, text("late")]),
            ]
        );
        assert_eq!(built.sheet.row_count, 5);
        assert_eq!(built.held, 5);
        let err = build_sheet("f", "S", vec![(0, 0, text("x"))], MAX_CELLS).err();
        assert!(matches!(err, Some(ImportErrorKind::TooLarge(_))));
    }

    #[test]
    fn a_row_builder_refuses_a_value_out_of_order_and_keeps_what_came_before() {
        let mut rows = RowBuilder::new("f.xlsx", "S", 0);
        assert!(rows.push(0, 0, text("a")).unwrap());
        assert!(rows.push(0, 0, text("b")).unwrap(), "the same place again");
        assert!(rows.push(2, 1, text("c")).unwrap());
        assert!(!rows.push(1, 5, text("early")).unwrap());
        assert!(!rows.push(2, 0, text("left")).unwrap());
        let built = rows.finish().unwrap();
        let got = sheet_rows(&built.sheet);
        assert_eq!(
            got,
            vec![(1, vec![text("b")]), (3, vec![CellValue::Empty, text("c")])]
        );
        assert_eq!(built.sheet.row_count, 3);
        assert_eq!(built.held, 3);
    }
}
