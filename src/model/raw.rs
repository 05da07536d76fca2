//! Raw data: the cells of a sheet as read, and the records found in them, each value
//! still knowing the cells it came from. The import stage makes [`RawSheet`]s, the
//! layout stage [`RawRecord`]s, which the normaliser turns into activities.

use std::sync::Arc;

use chrono::NaiveDateTime;

use super::place::{Location, SourceCell};
use super::{Iso, Precision};

/// A cell's value as the reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// No value.
    Empty,
    /// Text, exactly as stored. Shared: a workbook's repeated text (a sector, a
    /// partner, a date as written) is one string however many cells hold it.
    Text(Arc<str>),
    /// A number (integers arrive as whole floats).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A real date cell (Excel serial in the 1900 or 1904 system, or an ODS date).
    DateTime(NaiveDateTime),
    /// An error cell, e.g. `#N/A`.
    Error(Arc<str>),
}

impl CellValue {
    /// Whether the cell holds nothing but whitespace and invisible control characters
    /// (a stray NUL from a damaged export is not content).
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.chars().all(|c| c.is_whitespace() || c.is_control()),
            _ => false,
        }
    }

    /// The cell as text, as a user would read it in a spreadsheet program.
    ///
    /// Whole numbers print without a fraction, dates as ISO dates (with the time only
    /// when there is one), booleans as TRUE/FALSE, errors as their code.
    pub fn to_text(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.to_string(),
            CellValue::Number(n) => format_number(*n),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            CellValue::DateTime(dt) => {
                let day = Iso(Some(dt.date()), Precision::Day);
                if dt.time() == chrono::NaiveTime::MIN {
                    day.to_string()
                } else {
                    format!("{day} {}", dt.time().format("%H:%M:%S"))
                }
            }
            CellValue::Error(e) => e.to_string(),
        }
    }
}

/// Formats a number as a spreadsheet's "General" format would: no trailing `.0`.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One non-blank row of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// 1-based row number as a spreadsheet program shows it.
    pub number: u32,
    /// Cells from column A (index 0) to the last non-empty cell of the row.
    pub cells: Vec<CellValue>,
}

/// One sheet of an input file (a CSV file is one sheet without a name).
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    /// The file, as the user named it or as found in a folder.
    pub file: String,
    /// The sheet name; `None` for CSV.
    pub sheet: Option<String>,
    /// The rows that hold at least one non-blank cell, in order.
    pub rows: Vec<RawRow>,
    /// The number of the last row that holds anything: rows read from this sheet.
    /// Rows up to it that are in neither `rows` nor `rejected` are blank.
    pub row_count: u32,
    /// Rows refused while reading (a cell longer than [`crate::import::MAX_CELL_BYTES`]), with why;
    /// not in `rows`. The layout stage counts them as rejected rows.
    pub rejected: Vec<RejectedRow>,
    /// What the workbook says of the sheet beside its values: merged cells, hidden
    /// rows (nothing for CSV).
    pub shape: SheetShape,
}

/// What a workbook says of a sheet beside its cells' values: the cells merged into one
/// (a Word table pasted into Excel merges a record's cells over the rows its
/// paragraphs took), the rows hidden, and whether the sheet itself is hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetShape {
    /// The merged regions; the value of each is in its first (top-left) cell.
    pub merged: Vec<CellRange>,
    /// The rows hidden in the workbook (1-based), ascending.
    pub hidden_rows: Vec<u32>,
    /// The sheet itself is hidden.
    pub hidden: bool,
}

/// A rectangle of cells, from its top-left to its bottom-right cell (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRange {
    /// The top-left cell.
    pub first: SourceCell,
    /// The bottom-right cell.
    pub last: SourceCell,
}

impl CellRange {
    /// Whether the range holds `cell`.
    pub fn holds(&self, row: u32, col: u32) -> bool {
        (self.first.row..=self.last.row).contains(&row)
            && (self.first.col..=self.last.col).contains(&col)
    }

    /// Whether the range spans more than one row.
    pub fn spans_rows(&self) -> bool {
        self.last.row > self.first.row
    }
}

/// `C5:C6`, or `C5` for a single cell.
impl std::fmt::Display for CellRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}:{}", self.first, self.last)
        }
    }
}

/// A column the importer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Topic (2020+ tables).
    Topic,
    /// Sector: the Council of Europe body or department.
    Sector,
    /// Domain (2020+ tables).
    Domain,
    /// Activity title.
    Activity,
    /// Date as written.
    Date,
    /// Companies/associations involved.
    Companies,
    /// Description.
    Description,
    /// Contact point(s).
    Contact,
}

impl Field {
    /// Every field, in canonical column order.
    pub const ALL: [Field; 8] = [
        Field::Topic,
        Field::Sector,
        Field::Domain,
        Field::Activity,
        Field::Date,
        Field::Companies,
        Field::Description,
        Field::Contact,
    ];

    /// The field's canonical name, as used in messages and provenance.
    pub fn name(self) -> &'static str {
        match self {
            Field::Topic => "topic",
            Field::Sector => "sector",
            Field::Domain => "domain",
            Field::Activity => "activity",
            Field::Date => "date",
            Field::Companies => "companies",
            Field::Description => "description",
            Field::Contact => "contact",
        }
    }

    /// The field's index in [`Field::ALL`] and in a record's fields.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Fields whose blank cell means "same as the row above".
    pub fn fills_down(self) -> bool {
        matches!(self, Field::Topic | Field::Sector | Field::Domain)
    }
}

/// A field's text as written: one cell's text, shared with the cell, or the parts of
/// several cells joined by line breaks.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldText {
    /// The text of the one cell the field came from.
    Cell(Arc<str>),
    /// Parts from continuation rows, joined (grown in place: a run of continuation
    /// rows is joined in linear time).
    Joined(String),
}

impl FieldText {
    /// The text as a shared string (a joined text is copied once).
    pub fn shared(&self) -> Arc<str> {
        match self {
            FieldText::Cell(s) => Arc::clone(s),
            FieldText::Joined(s) => Arc::from(s.as_str()),
        }
    }

    /// Adds a part on a new line; returns the byte offset where it starts.
    pub(crate) fn push_line(&mut self, part: &str) -> usize {
        let mut joined = match std::mem::replace(self, FieldText::Joined(String::new())) {
            FieldText::Joined(joined) => joined,
            FieldText::Cell(cell) => {
                let mut joined = String::with_capacity(cell.len() + 1 + part.len());
                joined.push_str(&cell);
                joined
            }
        };
        joined.push('\n');
        let start = joined.len();
        joined.push_str(part);
        *self = FieldText::Joined(joined);
        start
    }
}

impl std::ops::Deref for FieldText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            FieldText::Cell(s) => s,
            FieldText::Joined(s) => s,
        }
    }
}

impl PartialEq<str> for FieldText {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for FieldText {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

/// One field of a record: the text as written and the cells it came from.
///
/// Kept small (72 bytes, one allocation for most fields): a large sheet's records are
/// all held between finding the tables and normalising them.
#[derive(Debug, Clone, PartialEq)]
pub struct RawField {
    /// The text as written; parts from continuation rows are joined with a line break.
    pub text: FieldText,
    /// The typed value of the first cell (a real date cell arrives as a date); `None`
    /// for a text cell, its text being [`RawField::text`] (not held twice).
    value: Option<Box<CellValue>>,
    /// The first cell the text came from.
    first: SourceCell,
    /// Set when the cell was blank and the value was filled down from this row.
    pub filled_from: Option<u32>,
    /// Each continuation cell, and the byte offset in `text` where its part starts (the
    /// first part starts at 0): empty, and so not allocated, for the single cell most
    /// fields come from.
    more: Vec<(usize, SourceCell)>,
}

impl RawField {
    /// A field of one cell: its text (shared with the cell) and its typed value.
    pub fn new(text: Arc<str>, value: &CellValue, cell: SourceCell) -> Self {
        let value = match value {
            CellValue::Text(_) | CellValue::Error(_) | CellValue::Empty => None,
            other => Some(Box::new(other.clone())),
        };
        RawField {
            text: FieldText::Cell(text),
            value,
            first: cell,
            filled_from: None,
            more: Vec::new(),
        }
    }

    /// Adds a continuation cell's text on a new line.
    pub fn extend(&mut self, text: &str, cell: SourceCell) {
        let start = self.text.push_line(text);
        self.more.push((start, cell));
    }

    /// The typed value of the first cell; [`CellValue::Empty`] for text.
    pub fn value(&self) -> &CellValue {
        self.value.as_deref().unwrap_or(&CellValue::Empty)
    }

    /// The cells the text came from, in order.
    pub fn cells(&self) -> impl Iterator<Item = SourceCell> + '_ {
        std::iter::once(self.first).chain(self.more.iter().map(|&(_, cell)| cell))
    }

    /// How many cells the text came from.
    pub fn cell_count(&self) -> usize {
        1 + self.more.len()
    }

    /// The cell holding the first occurrence of `needle` in the text (the first cell
    /// when it is not found).
    pub fn cell_of(&self, needle: &str) -> Option<SourceCell> {
        let at = self.text.find(needle).unwrap_or(0);
        // The parts that start at or before `at`, after the first.
        let i = self.more.partition_point(|(start, _)| *start <= at);
        Some(match i {
            0 => self.first,
            i => self.more[i - 1].1,
        })
    }
}

/// A record as found in a sheet, before normalisation.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// The input file. This and the three below are shared by the records of a sheet
    /// or a table, not copied into each.
    pub file: Arc<str>,
    /// The sheet; `None` for CSV.
    pub sheet: Option<Arc<str>>,
    /// The workplan it belongs to, from a title row, the sheet name or the file name.
    pub workplan: Option<Arc<str>>,
    /// The category heading above its table, if any.
    pub category: Option<Arc<str>>,
    /// The rows it was built from (the record row, then joined continuation rows).
    pub rows: Vec<u32>,
    /// Known fields, indexed by [`Field::index`].
    pub fields: [Option<RawField>; 8],
    /// Columns the importer does not know: header text and field, in column order.
    pub extra: Vec<(String, RawField)>,
    /// The header name of each known field's column, as written.
    pub headers: Arc<[Option<Arc<str>>; 8]>,
    /// A row of the canonical table read back (`activities.csv`, `activities.xlsx`): its
    /// cells by column, the known fields then being empty. `None` for a workplan's row.
    pub canonical: Option<Box<CanonicalCells>>,
}

/// The cells of a row of the canonical table, by [`Column`](super::Column) (a column
/// the table left out, or a blank cell, is `None`).
pub type CanonicalCells = [Option<RawField>; super::COLUMNS];

impl RawRecord {
    /// The field, if the record has it.
    pub fn field(&self, field: Field) -> Option<&RawField> {
        self.fields[field.index()].as_ref()
    }

    /// The field's text, or "" when absent.
    pub fn text(&self, field: Field) -> &str {
        self.field(field).map_or("", |f| &f.text)
    }

    /// The header of a field's column, as written.
    pub fn headers_of(&self, field: Field) -> Option<Arc<str>> {
        self.headers[field.index()].clone()
    }

    /// The location of the cell of a field that holds `needle` (as written).
    pub fn location_of(&self, field: Field, needle: &str) -> Location {
        let loc = Location::file(&*self.file).with_sheet(self.sheet.as_deref());
        match self.field(field).and_then(|f| f.cell_of(needle)) {
            Some(cell) => loc.with_cell(cell, self.headers[field.index()].as_deref()),
            None => self.location(field),
        }
    }

    /// The location of a field's first cell, for messages.
    pub fn location(&self, field: Field) -> Location {
        let loc = Location::file(&*self.file).with_sheet(self.sheet.as_deref());
        match self.field(field).map(|f| f.first) {
            Some(cell) => loc.with_cell(cell, self.headers[field.index()].as_deref()),
            None => loc.with_row(self.rows.first().copied().unwrap_or(0)),
        }
    }
}

/// A row that became neither a record nor part of one, nor a header, heading or blank.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    /// The file.
    pub file: String,
    /// The sheet; `None` for CSV.
    pub sheet: Option<String>,
    /// 1-based row.
    pub row: u32,
    /// Why it was rejected.
    pub reason: String,
    /// The row's cells as written (column A first).
    pub cells: Vec<String>,
}

/// How the rows of a sheet were classified. The parts add up to `rows_read`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowCounts {
    /// Rows read: up to the last row holding anything.
    pub rows_read: u64,
    /// Rows that started a record.
    pub record_rows: u64,
    /// Continuation rows joined to the record above.
    pub joined_rows: u64,
    /// Header rows, first and repeated.
    pub header_rows: u64,
    /// Title, note and category heading rows.
    pub heading_rows: u64,
    /// Blank rows.
    pub blank_rows: u64,
    /// Rejected rows.
    pub rejected_rows: u64,
}

impl RowCounts {
    /// Adds another sheet's counts.
    pub fn add(&mut self, other: &RowCounts) {
        self.rows_read += other.rows_read;
        self.record_rows += other.record_rows;
        self.joined_rows += other.joined_rows;
        self.header_rows += other.header_rows;
        self.heading_rows += other.heading_rows;
        self.blank_rows += other.blank_rows;
        self.rejected_rows += other.rejected_rows;
    }

    /// Whether the parts add up to the rows read.
    pub fn balanced(&self) -> bool {
        self.rows_read
            == self.record_rows
                + self.joined_rows
                + self.header_rows
                + self.heading_rows
                + self.blank_rows
                + self.rejected_rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_a_spreadsheet_shows_them() {
        let day = chrono::NaiveDate::from_ymd_opt(2020, 3, 6).expect("a date");
        let midnight = day.and_hms_opt(0, 0, 0).expect("a time");
        let noon = day.and_hms_milli_opt(12, 30, 5, 250).expect("a time");
        for (cell, text) in [
            (CellValue::DateTime(midnight), "2020-03-06"),
            (CellValue::DateTime(noon), "2020-03-06 12:30:05"),
            (CellValue::Number(42.0), "42"),
            (CellValue::Number(2.5), "2.5"),
            (CellValue::Bool(true), "TRUE"),
            (CellValue::Error("#N/A".into()), "#N/A"),
            (CellValue::Empty, ""),
        ] {
            assert_eq!(cell.to_text(), text, "{cell:?}");
        }
    }
}
