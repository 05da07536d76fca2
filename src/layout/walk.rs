//! One pass over a sheet's rows from its first header on: each row is classified
//! (header, title or heading, record, continuation, rejected) and the records are built
//! and handed on in batches as they are found.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{CellValue, Field, Location, RawField, RawRecord, RawRow, SourceCell};

use super::canonical;
use super::footer::footer;
use super::header::Columns;
use super::heading::{Lone, LoneCell, SheetNames};
use super::lookahead::{Judged, Lookahead};
use super::place::{Place, RowFacts};
use super::record::{reject, take_cells, FillDown};
use super::shape::{HiddenRows, Merges};
use super::SheetLayout;

/// The state of the pass: the table under way, the record being built, and what was
/// found so far.
pub(super) struct Walk<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    /// The file and sheet, shared by every record.
    file_name: Arc<str>,
    sheet_name: Option<Arc<str>>,
    /// The category the sheet's name gives its first table.
    sheet_category: Option<&'static str>,
    /// The workplan a title or the sheet's name gives, then the file's name.
    workplan: Option<Arc<str>>,
    file_workplan: Option<Arc<str>>,
    /// The columns of the table under way (`None` above the first header).
    columns: Option<Columns>,
    /// The category of the table under way.
    category: Option<Arc<str>>,
    /// A heading seen since, for the next table.
    pending_heading: Option<String>,
    /// The record being built (continuation rows may still join it).
    current: Option<RawRecord>,
    fill: FillDown,
    /// The merged cells that span rows, as the pass goes down.
    merges: Merges,
    /// The number of the row before, to tell a row that follows a blank one.
    before: Option<u32>,
    /// Records handed on so far.
    handed_on: usize,
    batch: usize,
    take: &'a mut dyn FnMut(Vec<Box<RawRecord>>),
    out: SheetLayout,
}

impl<'a> Walk<'a> {
    /// A pass over a sheet of `file`, handing records to `take` `batch` at a time.
    pub(super) fn new(
        file: &'a str,
        sheet: Option<&'a str>,
        merges: Merges,
        batch: usize,
        take: &'a mut dyn FnMut(Vec<Box<RawRecord>>),
    ) -> Self {
        let names = SheetNames::of(file, sheet);
        Walk {
            file,
            sheet,
            file_name: Arc::from(file),
            sheet_name: sheet.map(Arc::from),
            sheet_category: names.category,
            workplan: names.workplan.map(Arc::from),
            file_workplan: names.file_workplan.map(Arc::from),
            columns: None,
            category: None,
            pending_heading: None,
            current: None,
            fill: FillDown::default(),
            merges,
            before: None,
            handed_on: 0,
            batch: batch.max(1),
            take,
            out: SheetLayout::default(),
        }
    }

    /// Takes every row of `rows` in turn and returns what the sheet turned into.
    pub(super) fn run(mut self, rows: &mut Lookahead<'_>) -> SheetLayout {
        while let Some(judged) = rows.next() {
            self.row(judged, rows);
        }
        self.close_record();
        self.hand_on();
        if self.handed_on == 0 {
            let place = Location::file(self.file).with_sheet(self.sheet);
            let what = if self.sheet.is_some() {
                "sheet"
            } else {
                "file"
            };
            self.out
                .warnings
                .push(Diagnostic::new(place, Kind::NoRecords { what }));
        }
        self.out.rows_seen = rows.seen;
        let merges = std::mem::take(&mut self.merges);
        self.out
            .warnings
            .extend(merges.finish(self.file, self.sheet));
        self.out
            .warnings
            .extend(rows.hidden.notes(self.file, self.sheet));
        self.out
    }

    /// Classifies a row and does what it says.
    fn row(&mut self, judged: Judged, rows: &mut Lookahead<'_>) {
        let Judged {
            row,
            columns,
            fragments,
            unjoined,
            ..
        } = judged;
        let after_blank = self.before.is_none_or(|n| n + 1 < row.number);
        self.before = Some(
            row.number.max(
                fragments
                    .iter()
                    .chain(&unjoined)
                    .copied()
                    .max()
                    .unwrap_or(0),
            ),
        );
        if self.columns.as_ref().is_some_and(Columns::is_canonical) {
            self.canonical_row(row, columns);
            return;
        }
        self.merges.go_to(&row, self.file, self.sheet);
        if let Some(columns) = columns {
            self.out.counts.header_rows += (fragments.len() + unjoined.len()) as u64;
            for number in unjoined {
                let place = Location::file(self.file)
                    .with_sheet(self.sheet)
                    .with_row(number);
                self.out
                    .warnings
                    .push(Diagnostic::new(place, Kind::HeaderFragmentNotJoined));
            }
            self.header(columns);
            return;
        }
        let at: Vec<usize> = (row.cells.iter().enumerate())
            .filter(|(_, c)| !c.is_blank())
            .map(|(col, _)| col)
            .collect();
        if let [col] = at[..] {
            if self.lone_cell(&row.cells[col], col, after_blank, rows) {
                return;
            }
        }
        self.data_row(row, &at);
    }

    /// A header row: a repeated header (a page break) is passed over; another begins
    /// a new table.
    fn header(&mut self, columns: Columns) {
        self.out.counts.header_rows += 1;
        let repeated = self.pending_heading.is_none()
            && self
                .columns
                .as_ref()
                .is_some_and(|c| c.same_fields(&columns));
        if repeated {
            return;
        }
        let category = self.pending_heading.take().or_else(|| {
            self.columns
                .is_none()
                .then(|| self.sheet_category.map(str::to_owned))
                .flatten()
        });
        self.new_section(category);
        self.columns = Some(columns);
    }

    /// Closes the record under way and begins a section of records under `category`,
    /// with nothing to fill down from.
    fn new_section(&mut self, category: Option<String>) {
        self.close_record();
        self.fill = FillDown::default();
        self.category = category.map(Arc::from);
    }

    /// A row of one cell: a title or heading (true), or a record's value (false).
    fn lone_cell(
        &mut self,
        cell: &CellValue,
        col: usize,
        after_blank: bool,
        rows: &mut Lookahead<'_>,
    ) -> bool {
        let text = cell.to_text();
        let next_is_header = rows.next_is_header();
        // Inside a table, a lone value under Description, Date, Contact... is the
        // record above running on, even when it mentions "the workplan".
        let in_record_column = self
            .columns
            .as_ref()
            .and_then(|c| c.field(col))
            .is_some_and(|f| !matches!(f, Field::Topic | Field::Sector));
        let lone = LoneCell {
            text: &text,
            in_record_column,
            before_any_table: self.columns.is_none(),
            next_is_header,
            in_column_a_after_blank: col == 0 && after_blank,
        };
        let Some(lone) = lone.judge() else {
            return false;
        };
        self.out.counts.heading_rows += 1;
        match lone {
            Lone::Title(label) => {
                if let Some(label) = label {
                    self.workplan = Some(label.into());
                }
            }
            Lone::Category(name) => {
                self.pending_heading = Some(name.to_owned());
                if !next_is_header && self.columns.is_some() {
                    // A heading between records of the same columns starts a new
                    // section without a header of its own.
                    let category = self.pending_heading.take();
                    self.new_section(category);
                }
            }
            Lone::Other(heading) => {
                if heading.is_some() {
                    self.pending_heading = heading;
                }
            }
        }
        true
    }

    /// A row of values under a header: the record above running on, a new record, or
    /// rejected (no value in a known column; a totals row, a source line, a footer; no
    /// sign of an activity).
    fn data_row(&mut self, mut row: RawRow, at: &[usize]) {
        let Some(cols) = &self.columns else {
            // Above the first header: titles and notes.
            self.out.counts.heading_rows += 1;
            return;
        };
        if let Some(footer) = footer(&row, at, cols) {
            self.reject(&row, footer.reason());
            return;
        }
        let facts = self.facts(&row, at, cols);
        match facts.place() {
            Place::Reject(reason) => self.reject(&row, reason),
            Place::Join(warning) => {
                let rec = self.current.as_mut().expect("joined to a record");
                self.out.counts.joined_rows += 1;
                rec.rows.push(row.number);
                let first = rec.rows[0];
                take_cells(rec, cols, &mut row, at);
                self.merges.owned(row.number, first);
                if let Some((kind, col)) = warning {
                    self.warn_at(row.number, col, kind);
                }
            }
            Place::Record(warning) => {
                if let Some(kind) = warning {
                    let col = cols.column_of(Field::Activity).unwrap_or(0);
                    self.warn_at(row.number, col, kind);
                }
                self.new_record(row, at);
            }
        }
    }

    /// What the placing rules read of `row`: its own values and the merged cells over
    /// it.
    fn facts(&self, row: &RawRow, at: &[usize], cols: &Columns) -> RowFacts {
        let mut facts = RowFacts {
            own: at
                .iter()
                .filter_map(|&c| cols.field(c).map(|f| (f, c)))
                .collect(),
            record: self.current.as_ref().map(|r| r.rows[0]),
            titles: cols.has(Field::Activity),
            ..RowFacts::default()
        };
        let mut ranges = Vec::new();
        let mut covered = vec![false; cols.width()];
        for (_, open) in self.merges.over(row.number) {
            let range = open.range;
            for col in range.first.col..=range.last.col {
                if let Some(c) = covered.get_mut(col as usize) {
                    *c = true;
                }
            }
            let fields = (range.first.col..=range.last.col).filter_map(|c| cols.field(c as usize));
            let ours = open.owner.is_some() && open.owner == facts.record;
            if ours {
                facts.in_record.extend(fields);
                ranges.push(range.to_string());
            } else if !open.value.is_blank() {
                // Another record's merged value reaches this row: it is the row's too.
                facts.merged.extend(cols.field(range.first.col as usize));
            }
        }
        facts.ranges = ranges.join(", ");
        facts.gaps = (0..cols.width())
            .any(|col| cols.field(col).is_some() && !covered[col] && !at.contains(&col));
        facts
    }

    /// Starts a new record with `row`: its own cells, the values merged over it, then
    /// the values filled down from the record above.
    fn new_record(&mut self, mut row: RawRow, at: &[usize]) {
        let Some(cols) = &self.columns else {
            return;
        };
        self.out.counts.record_rows += 1;
        if let Some(rec) = self.current.take() {
            self.fill.finish(rec, &mut self.out.records);
        }
        let number = row.number;
        let mut rec = RawRecord {
            file: self.file_name.clone(),
            sheet: self.sheet_name.clone(),
            workplan: self.workplan.clone().or_else(|| self.file_workplan.clone()),
            category: self.category.clone(),
            rows: vec![number],
            fields: Default::default(),
            extra: Vec::new(),
            headers: cols.headers.clone(),
            canonical: None,
        };
        take_cells(&mut rec, cols, &mut row, at);
        for open in self
            .merges
            .open
            .iter_mut()
            .filter(|o| o.range.first.row < number)
        {
            let col = open.range.first.col;
            let Some(field) = cols.field(col as usize) else {
                continue;
            };
            let slot = &mut rec.fields[field.index()];
            if slot.is_some() || open.value.is_blank() {
                continue;
            }
            let text: Arc<str> = match &open.value {
                CellValue::Text(t) | CellValue::Error(t) => Arc::clone(t),
                other => Arc::from(other.to_text()),
            };
            *slot = Some(RawField::new(text, &open.value, open.range.first));
            open.given.push(number);
        }
        self.fill.fill(&mut rec, cols, &self.out.records);
        self.merges.owned(number, number);
        self.current = Some(rec);
        if self.out.records.len() >= self.batch {
            self.fill.carry(&self.out.records);
            self.hand_on();
        }
    }

    /// A row of the canonical table: its header repeated, or one record.
    fn canonical_row(&mut self, row: RawRow, columns: Option<Columns>) {
        let Some(cols) = &self.columns else { return };
        if columns.is_some_and(|c| c.same_fields(cols)) {
            self.out.counts.header_rows += 1;
            return;
        }
        let at: Vec<usize> = (row.cells.iter().enumerate())
            .filter(|(_, c)| !c.is_blank())
            .map(|(col, _)| col)
            .collect();
        if !canonical::holds_values(cols, &at) {
            self.out.counts.rejected_rows += 1;
            let why = "no value in any column of the canonical table";
            self.out
                .rejects
                .push(reject(self.file, self.sheet, &row, why));
            return;
        }
        self.out.counts.record_rows += 1;
        let rec = canonical::record(&self.file_name, &self.sheet_name, cols, row, &at);
        self.out.records.push(Box::new(rec));
        if self.out.records.len() >= self.batch {
            self.hand_on();
        }
    }

    /// Rejects `row` for `reason`.
    fn reject(&mut self, row: &RawRow, reason: &str) {
        self.out.counts.rejected_rows += 1;
        self.out
            .rejects
            .push(reject(self.file, self.sheet, row, reason));
    }

    /// A warning of `kind` placed at a cell of the table.
    fn warn_at(&mut self, row: u32, col: usize, kind: Kind) {
        let header = self.columns.as_ref().and_then(|c| c.header_of(col));
        let cell = SourceCell {
            row,
            col: col as u32,
        };
        let place = Location::file(self.file)
            .with_sheet(self.sheet)
            .with_cell(cell, header.as_deref());
        self.out.warnings.push(Diagnostic::new(place, kind));
    }

    /// Finishes the record under way, if any.
    fn close_record(&mut self) {
        if let Some(rec) = self.current.take() {
            self.fill.finish(rec, &mut self.out.records);
        }
    }

    /// Hands the finished records on.
    fn hand_on(&mut self) {
        if !self.out.records.is_empty() {
            self.handed_on += self.out.records.len();
            (self.take)(std::mem::take(&mut self.out.records));
        }
    }
}

/// A sheet without a header row: its rows are rejected, with a warning.
pub(super) fn headerless(
    file: &str,
    sheet: Option<&str>,
    held: Vec<Judged>,
    hidden: &HiddenRows,
) -> SheetLayout {
    let mut out = SheetLayout {
        rows_seen: held.len() as u64,
        ..SheetLayout::default()
    };
    if !held.is_empty() {
        let place = Location::file(file).with_sheet(sheet);
        out.warnings.push(Diagnostic::new(place, Kind::NoHeaderRow));
    }
    for judged in &held {
        out.rejects.push(reject(
            file,
            sheet,
            &judged.row,
            "sheet has no recognisable header row",
        ));
    }
    out.counts.rejected_rows += held.len() as u64;
    out.warnings.extend(hidden.notes(file, sheet));
    out
}
