//! A sheet's rows as they come, each judged a header row or not, with room to look
//! ahead: a lone cell above a header is the table's heading, a header may continue on
//! the row or two under it (`fragment.rs`), and nothing is laid out before the sheet's
//! first header is found. The rows the workbook hides are noted on the way.

use std::collections::VecDeque;

use crate::model::RawRow;

use super::fragment::{is_fragment, joined};
use super::header::Columns;
use super::shape::HiddenRows;

/// The most rows a header may take.
const MAX_HEADER_ROWS: usize = 3;

/// A row, and its columns when it is a header row.
pub(super) struct Judged {
    pub(super) row: RawRow,
    /// The table's columns, when the row is a header (with the fragments under it).
    pub(super) columns: Option<Columns>,
    /// The rows under a header joined to it, as more of its text.
    pub(super) fragments: Vec<u32>,
    /// The rows under a header taken as more of its text, though joined to it the
    /// header names other columns: the header is kept as it was.
    pub(super) unjoined: Vec<u32>,
    /// Its fragments have been looked for.
    settled: bool,
}

impl Judged {
    fn new(row: RawRow) -> Self {
        let columns = Columns::of_header(&row);
        Judged {
            row,
            columns,
            fragments: Vec::new(),
            unjoined: Vec::new(),
            settled: false,
        }
    }
}

/// A sheet's rows, judged as they are taken from the source.
pub(super) struct Lookahead<'r> {
    rows: &'r mut dyn Iterator<Item = RawRow>,
    /// Rows read on ahead, not handed on yet.
    held: VecDeque<Judged>,
    /// Rows handed on, header fragments included.
    pub(super) seen: u64,
    /// The hidden rows, and those of them met.
    pub(super) hidden: HiddenRows,
}

impl<'r> Lookahead<'r> {
    /// The rows of `rows`, none read yet; `hidden` the rows the workbook hides.
    pub(super) fn new(rows: &'r mut dyn Iterator<Item = RawRow>, hidden: HiddenRows) -> Self {
        Lookahead {
            rows,
            held: VecDeque::new(),
            seen: 0,
            hidden,
        }
    }

    /// Reads the next row from the source and holds it; false at the sheet's end.
    fn read(&mut self) -> bool {
        let Some(row) = self.rows.next() else {
            return false;
        };
        self.hidden.meet(row.number);
        self.held.push_back(Judged::new(row));
        true
    }

    /// Whether a row is held at `i`, reading on as needed.
    fn holds(&mut self, i: usize) -> bool {
        while self.held.len() <= i {
            if !self.read() {
                return false;
            }
        }
        true
    }

    /// Reads on until a header row is held: false when the sheet has none, every row
    /// then held.
    pub(super) fn find_header(&mut self) -> bool {
        let mut i = 0;
        while self.holds(i) {
            self.settle(i);
            if self.held[i].columns.is_some() {
                return true;
            }
            i += 1;
        }
        false
    }

    /// The rows held (all of them, when [`Self::find_header`] found none).
    pub(super) fn into_held(self) -> (Vec<Judged>, HiddenRows) {
        (self.held.into(), self.hidden)
    }

    /// The next row.
    pub(super) fn next(&mut self) -> Option<Judged> {
        if !self.holds(0) {
            return None;
        }
        self.settle(0);
        let row = self.held.pop_front()?;
        self.seen += 1 + (row.fragments.len() + row.unjoined.len()) as u64;
        Some(row)
    }

    /// Whether the row [`Self::next`] hands on next is a header.
    pub(super) fn next_is_header(&mut self) -> bool {
        if !self.holds(0) {
            return false;
        }
        self.settle(0);
        self.held[0].columns.is_some()
    }

    /// Joins to the row held at `i` the header fragments under it, when it is a header
    /// or its fragments make one; then it is settled.
    fn settle(&mut self, i: usize) {
        if std::mem::replace(&mut self.held[i].settled, true) {
            return;
        }
        let is_header = self.held[i].columns.is_some();
        if !is_header && !is_fragment(&self.held[i].row) {
            return;
        }
        // The fragments right under it.
        let mut n = 0;
        while n + 1 < MAX_HEADER_ROWS && self.holds(i + n + 1) {
            let (above, next) = (&self.held[i + n], &self.held[i + n + 1]);
            if next.columns.is_some()
                || next.row.number != above.row.number + 1
                || !is_fragment(&next.row)
            {
                break;
            }
            n += 1;
        }
        if n == 0 {
            return;
        }
        // The most fragments that join into a header keeping the columns of the first.
        for k in (1..=n).rev() {
            let rows: Vec<&RawRow> = (i..=i + k).map(|j| &self.held[j].row).collect();
            let Some(columns) = Columns::of_header(&joined(&rows)) else {
                continue;
            };
            if self.held[i]
                .columns
                .as_ref()
                .is_some_and(|first| !columns.keeps(first))
            {
                continue;
            }
            let absorbed: Vec<u32> = self
                .held
                .drain(i + 1..=i + k)
                .map(|j| j.row.number)
                .collect();
            let first = &mut self.held[i];
            first.columns = Some(columns);
            first.fragments = absorbed;
            return;
        }
        if is_header {
            // Under a header, they are still no records.
            let absorbed: Vec<u32> = self
                .held
                .drain(i + 1..=i + n)
                .map(|j| j.row.number)
                .collect();
            self.held[i].unjoined = absorbed;
        }
    }
}
