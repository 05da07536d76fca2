//! What the workbook says of a sheet beside its values ([`SheetShape`]), as the walk
//! meets its rows: the merged cells that span rows and are open over the row being laid
//! out, with the value of their top-left cell and the record it went to; and the rows
//! hidden, noted by place.

use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{CellRange, CellValue, Location, RawRow, SheetShape};

/// The hidden rows of a sheet, and those of them that hold something.
#[derive(Debug, Default)]
pub(super) struct HiddenRows {
    /// Ascending.
    hidden: Vec<u32>,
    met: Vec<u32>,
}

impl HiddenRows {
    /// The rows `shape` hides.
    pub(super) fn of(shape: &SheetShape) -> Self {
        HiddenRows {
            hidden: shape.hidden_rows.clone(),
            met: Vec::new(),
        }
    }

    /// Row `number`, which holds something, is read.
    pub(super) fn meet(&mut self, number: u32) {
        if self.hidden.binary_search(&number).is_ok() {
            self.met.push(number);
        }
    }

    /// A warning for each run of hidden rows holding something (hidden rows with no
    /// row shown between them), placed at its first row.
    pub(super) fn notes(&self, file: &str, sheet: Option<&str>) -> Vec<Diagnostic> {
        let mut runs: Vec<(u32, u32, u32)> = Vec::new();
        for &row in &self.met {
            match runs.last_mut() {
                Some((_, last, count)) if self.hidden_between(*last, row) => {
                    *last = row;
                    *count += 1;
                }
                _ => runs.push((row, row, 1)),
            }
        }
        runs.into_iter()
            .map(|(first, last, count)| {
                let rows = if first == last {
                    first.to_string()
                } else {
                    format!("{first}-{last}")
                };
                let place = Location::file(file).with_sheet(sheet).with_row(first);
                Diagnostic::new(place, Kind::HiddenRows { rows, count })
            })
            .collect()
    }

    /// Whether every row after `a` up to `b` is hidden.
    fn hidden_between(&self, a: u32, b: u32) -> bool {
        let at = |n| self.hidden.binary_search(&n).ok();
        matches!((at(a), at(b)), (Some(i), Some(j)) if (j - i) as u32 == b - a)
    }
}

/// A merged region spanning rows, begun: its first row has been met.
#[derive(Debug)]
pub(super) struct Open {
    pub(super) range: CellRange,
    /// The value of its top-left cell ([`CellValue::Empty`] when its row held nothing).
    pub(super) value: CellValue,
    /// The first row of the record its first row went to, if it went to one.
    pub(super) owner: Option<u32>,
    /// The first rows of the other records given its value.
    pub(super) given: Vec<u32>,
}

/// The merged regions of a sheet that span rows, as the walk goes down its rows.
#[derive(Debug, Default)]
pub(super) struct Merges {
    /// The regions not begun, the next last.
    waiting: Vec<CellRange>,
    /// The regions begun and not closed.
    pub(super) open: Vec<Open>,
    /// Notes of the regions closed.
    notes: Vec<Diagnostic>,
}

impl Merges {
    /// The regions of `shape` that span rows.
    pub(super) fn of(shape: &SheetShape) -> Self {
        let mut waiting: Vec<CellRange> = shape
            .merged
            .iter()
            .copied()
            .filter(CellRange::spans_rows)
            .collect();
        waiting.sort_unstable_by_key(|r| std::cmp::Reverse(r.first));
        Merges {
            waiting,
            ..Merges::default()
        }
    }

    /// Goes down to `row`: closes the regions above it and begins those that start on
    /// it (taking their values from its cells) or started on a row that held nothing.
    pub(super) fn go_to(&mut self, row: &RawRow, file: &str, sheet: Option<&str>) {
        let number = row.number;
        let (closed, open): (Vec<Open>, Vec<Open>) = std::mem::take(&mut self.open)
            .into_iter()
            .partition(|o| o.range.last.row < number);
        self.open = open;
        for o in closed {
            self.close(o, file, sheet);
        }
        while self.waiting.last().is_some_and(|r| r.first.row <= number) {
            let range = self.waiting.pop().expect("checked");
            if range.last.row < number {
                continue;
            }
            let value = if range.first.row == number {
                row.cells
                    .get(range.first.col as usize)
                    .filter(|c| !c.is_blank())
                    .cloned()
                    .unwrap_or(CellValue::Empty)
            } else {
                CellValue::Empty
            };
            self.open.push(Open {
                range,
                value,
                owner: None,
                given: Vec::new(),
            });
        }
    }

    /// The regions open over row `number` that began on a row above it.
    pub(super) fn over(&self, number: u32) -> impl Iterator<Item = (usize, &Open)> {
        (self.open.iter().enumerate()).filter(move |(_, o)| o.range.first.row < number)
    }

    /// The regions that begin on row `number` went to the record of row `owner`.
    pub(super) fn owned(&mut self, number: u32, owner: u32) {
        for o in self.open.iter_mut().filter(|o| o.range.first.row == number) {
            o.owner = Some(owner);
        }
    }

    /// Closes every region, and gives the notes of those whose value went to several
    /// records.
    pub(super) fn finish(mut self, file: &str, sheet: Option<&str>) -> Vec<Diagnostic> {
        for o in std::mem::take(&mut self.open) {
            self.close(o, file, sheet);
        }
        self.notes
    }

    fn close(&mut self, o: Open, file: &str, sheet: Option<&str>) {
        if o.given.is_empty() {
            return;
        }
        let rows: Vec<String> = o
            .owner
            .into_iter()
            .chain(o.given)
            .map(|r| r.to_string())
            .collect();
        let records = match rows.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => rows.concat(),
        };
        let place = Location::file(file)
            .with_sheet(sheet)
            .with_cell(o.range.first, None);
        self.notes.push(Diagnostic::new(
            place,
            Kind::MergedOverRecords {
                range: o.range.to_string(),
                records,
            },
        ));
    }
}
