//! A sheet's rows as they come, each judged a header row or not, with room to look
//! ahead: a lone cell above a header is the table's heading, and nothing is laid out
//! before the sheet's first header is found.

use std::collections::VecDeque;

use crate::model::RawRow;

use super::header::Columns;

/// A row, and its columns when it is a header row.
pub(super) type Judged = (RawRow, Option<Columns>);

/// A sheet's rows, judged as they are taken from the source.
pub(super) struct Lookahead<'r> {
    rows: &'r mut dyn Iterator<Item = RawRow>,
    /// Rows read on ahead, not handed on yet.
    held: VecDeque<Judged>,
    /// Rows handed on.
    pub(super) seen: u64,
}

impl<'r> Lookahead<'r> {
    /// The rows of `rows`, none read yet.
    pub(super) fn new(rows: &'r mut dyn Iterator<Item = RawRow>) -> Self {
        Lookahead {
            rows,
            held: VecDeque::new(),
            seen: 0,
        }
    }

    /// Reads the next row from the source and holds it; false at the sheet's end.
    fn read(&mut self) -> bool {
        let Some(row) = self.rows.next() else {
            return false;
        };
        let columns = Columns::of_header(&row);
        self.held.push_back((row, columns));
        true
    }

    /// Reads on until a header row is held: false when the sheet has none, every row
    /// then held.
    pub(super) fn find_header(&mut self) -> bool {
        while self.read() {
            if self
                .held
                .back()
                .is_some_and(|(_, columns)| columns.is_some())
            {
                return true;
            }
        }
        false
    }

    /// The rows held (all of them, when [`Self::find_header`] found none).
    pub(super) fn into_held(self) -> Vec<Judged> {
        self.held.into()
    }

    /// The next row.
    pub(super) fn next(&mut self) -> Option<Judged> {
        if self.held.is_empty() {
            self.read();
        }
        let row = self.held.pop_front();
        self.seen += u64::from(row.is_some());
        row
    }

    /// Whether the row [`Self::next`] hands on next is a header.
    pub(super) fn next_is_header(&mut self) -> bool {
        if self.held.is_empty() {
            self.read();
        }
        self.held
            .front()
            .is_some_and(|(_, columns)| columns.is_some())
    }
}
