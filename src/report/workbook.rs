//! `activities.xlsx`: the canonical table as a workbook, the edition users circulate.
//!
//! Sheet `Activities` holds exactly the cells of `activities.csv`: the same columns in
//! the same order, one row per activity in the same order, each cell the CSV's text
//! (lists joined with "; ", formula starts [`neutralise`]d), except `date_start` and
//! `date_end`, which are real date cells shown as `yyyy-mm-dd`. Every other cell is a
//! string cell: nothing is ever written as a formula. The other sheets ([`TextSheet`]:
//! the names to review, the partners by year, the reconciliation, the rejects) are laid
//! out the same way. Each sheet has its header row frozen, a filter over its table,
//! columns as wide as their texts (up to [`MAX_WIDTH`]) and long texts wrapped.
//!
//! A sheet holds at most [`SHEET_ROWS`] rows in Excel: a longer table continues on
//! `Activities (2)`, `Activities (3)`, ..., each with its header. A cell holds at most
//! [`MAX_CELL_CHARS`] characters: a longer text is cut, with a warning (the CSV and
//! JSON files keep it whole).
//!
//! The workbook is written row by row in rust_xlsxwriter's constant-memory mode (each
//! sheet's rows go to an unnamed temporary file until the workbook is zipped), so a
//! million activities take no more memory than ten. Nothing in it depends on the clock:
//! the creation date is `SOURCE_DATE_EPOCH` or the PDFs' fixed date, and the zip
//! entries carry a fixed time, so two runs write the same bytes. The zip is deflated at
//! the fastest level ([`ZIP_LEVEL`]): the workbook is the last writer of a large run.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::canonical::{self, neutralise, UnmatchedName, REJECT_COLUMNS, UNMATCHED_COLUMNS};
use crate::diagnostic::{Diagnostic, Kind};
pub use crate::model::ACTIVITIES_SHEET;
use crate::model::{
    Activity, Column, Iso, Location, Precision, RejectedRow, SourceCell, ACTIVITY_COLUMNS,
    COMPANION_SHEETS, LIST_SEPARATOR,
};

/// The file's name in the output folder.
pub const WORKBOOK_FILE: &str = "activities.xlsx";

/// The rows of an Excel sheet, its header row included.
pub const SHEET_ROWS: u32 = 1_048_576;

/// The characters (UTF-16 units) an Excel cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The widest a column is made, in characters: longer texts wrap.
pub const MAX_WIDTH: usize = 60;

/// The zip's deflate level: the fastest. At 100,000 activities it takes about 40% fewer
/// instructions than the default level 6 (a second less on the workbook's thread, which
/// ends a run), for a file 1.66 times as large (39 MB instead of 23).
pub const ZIP_LEVEL: u8 = 1;

/// The width of a date column: `yyyy-mm-dd` and the filter button.
const DATE_WIDTH: usize = 12;

/// The columns of `activities.csv` written as date cells.
const DATE_COLUMNS: [usize; 2] = [Column::DateStart as usize, Column::DateEnd as usize];

/// A table written as a sheet of text cells, but for columns of whole numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSheet {
    /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
    pub name: &'static str,
    /// The header row.
    pub columns: &'static [&'static str],
    /// The columns whose cells are written as numbers when they are whole numbers
    /// (`count`, `year`): they sort as numbers. Any other cell is text.
    pub numbers: &'static [&'static str],
    /// The rows, each as wide as `columns`, cells as the CSV file holds them (before
    /// [`neutralise`], which the writer applies).
    pub rows: Vec<Vec<String>>,
}

impl TextSheet {
    /// The sheet `name` holding `rows` under the header `columns`.
    pub fn new<const N: usize>(
        name: &'static str,
        columns: &'static [&'static str],
        numbers: &'static [&'static str],
        rows: impl IntoIterator<Item = [String; N]>,
    ) -> Self {
        TextSheet {
            name,
            columns,
            numbers,
            rows: rows.into_iter().map(Vec::from).collect(),
        }
    }
}

/// Sheet `To review`: the rows of `review/unmatched-names.csv`.
pub fn to_review_sheet(
    unmatched: &BTreeMap<String, UnmatchedName>,
    to_confirm: &BTreeMap<String, UnmatchedName>,
) -> TextSheet {
    let rows = canonical::unmatched_rows(unmatched, to_confirm);
    TextSheet::new(COMPANION_SHEETS[0], UNMATCHED_COLUMNS, &[], rows)
}

/// Sheet `Rejects`: the rows of `rejects.csv`.
pub fn rejects_sheet(rejects: &[RejectedRow]) -> TextSheet {
    let rows = canonical::reject_rows(rejects);
    TextSheet::new(COMPANION_SHEETS[3], REJECT_COLUMNS, &["row"], rows)
}

/// How the workbook is written.
#[derive(Debug, Clone, Copy)]
pub struct WorkbookOptions<'a> {
    /// The creation date written into the workbook's properties (Unix seconds,
    /// `SOURCE_DATE_EPOCH`); `None`: the fixed date the PDFs carry.
    pub created: Option<i64>,
    /// Rows per sheet, the header included: [`SHEET_ROWS`] but in tests.
    pub sheet_rows: u32,
    /// Where the sheets' temporary files go (unnamed, gone when the workbook is
    /// written); `None`: the system's temporary folder.
    pub temp_dir: Option<&'a Path>,
}

impl Default for WorkbookOptions<'_> {
    fn default() -> Self {
        WorkbookOptions {
            created: None,
            sheet_rows: SHEET_ROWS,
            temp_dir: None,
        }
    }
}

/// What [`write`] wrote beside the cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Written {
    /// The sheets the activities are on, in order: more than one when they fill a
    /// sheet.
    pub activity_sheets: Vec<String>,
    /// Cells cut to [`MAX_CELL_CHARS`], each a warning naming its cell.
    pub warnings: Vec<Diagnostic>,
}

/// Writes the workbook into `out`: the activities (on as many sheets as they fill),
/// then each of `sheets` in order. [`ActivitiesWorkbook`] does the same a sheet at a
/// time.
pub fn write<W: Write + Send>(
    out: W,
    activities: &[Activity],
    sheets: &[TextSheet],
    options: &WorkbookOptions<'_>,
) -> io::Result<Written> {
    let mut book = ActivitiesWorkbook::new(options)?;
    book.add_activities(activities)?;
    for sheet in sheets {
        book.add_sheet(sheet)?;
    }
    book.save(out)
}

/// `activities.xlsx` being written, a sheet at a time: its sheets go to temporary
/// files as they are added, and [`ActivitiesWorkbook::save`] zips them. So the
/// activities can be written before the other tables are known.
pub struct ActivitiesWorkbook {
    workbook: Workbook,
    styles: Styles,
    /// Data rows per sheet.
    per_sheet: usize,
    written: Written,
}

impl std::fmt::Debug for ActivitiesWorkbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActivitiesWorkbook")
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

impl ActivitiesWorkbook {
    /// An empty workbook, its properties set.
    pub fn new(options: &WorkbookOptions<'_>) -> io::Result<Self> {
        let mut workbook = Workbook::new();
        workbook.set_zip_compression_level(ZIP_LEVEL);
        let created = options.created.unwrap_or(crate::pdf::DEFAULT_CREATED);
        workbook.set_properties(&properties(created)?);
        if let Some(dir) = options.temp_dir {
            workbook.set_tempdir(dir).map_err(io_error)?;
        }
        Ok(ActivitiesWorkbook {
            workbook,
            styles: Styles::new(),
            per_sheet: (options.sheet_rows.max(2) - 1) as usize,
            written: Written::default(),
        })
    }

    /// Adds the activities, in [`ACTIVITY_COLUMNS`], on `Activities`, `Activities (2)`,
    /// ... as they fill sheets (one sheet, its header only, when there is none).
    pub fn add_activities(&mut self, activities: &[Activity]) -> io::Result<()> {
        // A zipped sheet past 4 GB needs the zip's 64-bit records, decided before it
        // is written; 32 KB a row is far more than any real row takes.
        let large = activities.len().min(self.per_sheet) > (4 << 30) / (32 << 10);
        self.workbook.use_zip_large_file(large);
        let (name, columns) = (ACTIVITIES_SHEET, ACTIVITY_COLUMNS);
        let names = self.add_parts(name, columns, &DATE_COLUMNS, activities, |w, r, a| {
            w.activity(r, a)
        })?;
        self.written.activity_sheets = names;
        Ok(())
    }

    /// Adds `table` (on as many sheets as it fills).
    pub fn add_sheet(&mut self, table: &TextSheet) -> io::Result<()> {
        let numbers: Vec<bool> = table
            .columns
            .iter()
            .map(|c| table.numbers.contains(c))
            .collect();
        self.add_parts(table.name, table.columns, &[], &table.rows, |w, r, row| {
            for (c, cell) in row.iter().enumerate().take(numbers.len()) {
                match whole_number(cell).filter(|_| numbers[c]) {
                    Some(n) => w.number(r, c, n)?,
                    None => w.text(r, c, cell)?,
                }
            }
            Ok(())
        })?;
        Ok(())
    }

    /// Adds `rows` on sheets named `name`, `name (2)`, ..., each with the header
    /// `columns` (`dates` among them date columns), `write` writing each row; returns
    /// the sheets' names.
    fn add_parts<T>(
        &mut self,
        name: &str,
        columns: &'static [&'static str],
        dates: &[usize],
        rows: &[T],
        mut write: impl FnMut(&mut SheetWriter<'_>, u32, &T) -> io::Result<()>,
    ) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        let mut parts = rows.chunks(self.per_sheet);
        let mut part = Some(parts.next().unwrap_or(&[]));
        while let Some(rows) = part {
            let name = match names.len() {
                0 => name.to_owned(),
                n => format!("{name} ({})", n + 1),
            };
            let sheet = self
                .workbook
                .add_worksheet_with_constant_memory()
                .map_err(io_error)?;
            sheet.set_name(&name).map_err(io_error)?;
            let mut w = SheetWriter::new(sheet, &name, columns, &self.styles)?;
            w.date_columns(dates)?;
            for (i, row) in rows.iter().enumerate() {
                write(&mut w, i as u32 + 1, row)?;
            }
            let mut warnings = w.finish(rows.len() as u32)?;
            self.written.warnings.append(&mut warnings);
            names.push(name);
            part = parts.next();
        }
        Ok(names)
    }

    /// Zips the sheets into `out`; returns what was written beside the cells.
    pub fn save<W: Write + Send>(mut self, out: W) -> io::Result<Written> {
        self.workbook.save_to_writer(out).map_err(io_error)?;
        Ok(self.written)
    }
}

/// The workbook's properties: a title, and `created` (Unix seconds) as its date.
fn properties(created: i64) -> io::Result<DocProperties> {
    let date = chrono::DateTime::from_timestamp(created, 0)
        .map(|t| t.naive_utc())
        .filter(|t| (1900..=9999).contains(&t.year()))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("creation date {created} (SOURCE_DATE_EPOCH) is outside years 1900-9999"),
            )
        })?;
    use chrono::Timelike;
    let date = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
        .and_then(|d| {
            d.and_hms(
                date.hour() as u16,
                date.minute() as u8,
                date.second() as f64,
            )
        })
        .map_err(io_error)?;
    Ok(DocProperties::new()
        .set_title("Workplan activities")
        .set_subject("The canonical table of the workplans, as activities.csv holds it")
        .set_creation_datetime(&date))
}

/// rust_xlsxwriter's errors as I/O errors, the output folder's currency.
fn io_error(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        e => io::Error::other(e.to_string()),
    }
}

/// A cell that is a whole number a sheet holds exactly (digits only, at most 15).
fn whole_number(cell: &str) -> Option<f64> {
    let digits = !cell.is_empty() && cell.len() <= 15 && cell.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| cell.parse().ok()).flatten()
}

/// The formats of every sheet.
struct Styles {
    header: Format,
    text: Format,
    date: Format,
}

impl Styles {
    fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Styles {
            header: top
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin),
            text: top.clone().set_text_wrap(),
            date: top.set_num_format("yyyy-mm-dd"),
        }
    }
}

/// One sheet being written, row by row: its header written, the width of each column
/// measured as its cells go by.
struct SheetWriter<'w> {
    sheet: &'w mut Worksheet,
    name: &'w str,
    columns: &'static [&'static str],
    /// The widest line seen in each column, in characters, up to [`MAX_WIDTH`].
    widths: Vec<usize>,
    date_format: Format,
    warnings: Vec<Diagnostic>,
    /// A cell being composed (a list joined), reused.
    scratch: String,
}

impl<'w> SheetWriter<'w> {
    /// Writes the header row, freezes it, and makes every column wrapped text at the
    /// top of its cell.
    fn new(
        sheet: &'w mut Worksheet,
        name: &'w str,
        columns: &'static [&'static str],
        styles: &Styles,
    ) -> io::Result<Self> {
        let mut widths = Vec::with_capacity(columns.len());
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            sheet
                .set_column_format(c, &styles.text)
                .and_then(|s| s.write_string_with_format(0, c, *column, &styles.header))
                .map_err(io_error)?;
            // Room for the filter's button.
            widths.push(column.chars().count() + 3);
        }
        sheet.set_freeze_panes(1, 0).map_err(io_error)?;
        Ok(SheetWriter {
            sheet,
            name,
            columns,
            widths,
            date_format: styles.date.clone(),
            warnings: Vec::new(),
            scratch: String::new(),
        })
    }

    /// Makes `columns` date columns: shown `yyyy-mm-dd`, as wide as that.
    fn date_columns(&mut self, columns: &[usize]) -> io::Result<()> {
        for &c in columns {
            self.sheet
                .set_column_format(c as u16, &self.date_format)
                .map_err(io_error)?;
            self.widths[c] = self.widths[c].max(DATE_WIDTH);
        }
        Ok(())
    }

    /// Writes the cells of one activity in [`ACTIVITY_COLUMNS`] order, as
    /// `activities.csv` holds them but for the dates, which are date cells.
    fn activity(&mut self, row: u32, a: &Activity) -> io::Result<()> {
        use Column as C;
        self.text(row, C::Id, &a.id)?;
        self.text(row, C::Workplan, opt(&a.workplan))?;
        self.text(row, C::Category, opt(&a.category))?;
        self.text(row, C::Topic, opt(&a.topic))?;
        self.text(row, C::Sector, opt(&a.sector))?;
        self.text(row, C::Domain, opt(&a.domain))?;
        self.text(row, C::Activity, opt(&a.activity))?;
        self.text(row, C::Description, opt(&a.description))?;
        self.text(row, C::Status, a.status.as_str())?;
        self.text(row, C::DateText, &a.date.text)?;
        self.date(row, C::DateStart.index(), a.date.start)?;
        self.date(row, C::DateEnd.index(), a.date.end)?;
        let precision = a.date.precision.map_or("", |p| p.as_str());
        self.text(row, C::DatePrecision, precision)?;
        self.text(row, C::DateTentative, bool_str(a.date.tentative))?;
        self.list(row, C::Partners, &a.partners)?;
        self.text(row, C::AllPartners, bool_str(a.all_partners))?;
        self.list(row, C::OtherOrganisations, &a.other_organisations)?;
        self.list(row, C::Unmatched, &a.unmatched)?;
        self.list(row, C::Contacts, &a.contacts)?;
        if !a.extra.is_empty() {
            let extra = serde_json::to_string(&a.extra).unwrap_or_default();
            self.text(row, C::Extra, &extra)?;
        }
        self.text(row, C::SourceFile, &a.source.file)?;
        self.text(row, C::SourceSheet, opt(&a.source.sheet))?;
        self.list(row, C::SourceRows, &a.source.rows)?;
        self.list(row, C::Notes, &a.notes)
    }

    /// Writes `items` joined with [`LIST_SEPARATOR`].
    fn list<T: std::fmt::Display>(
        &mut self,
        row: u32,
        col: impl Into<usize>,
        items: &[T],
    ) -> io::Result<()> {
        use std::fmt::Write as _;
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                scratch.push_str(LIST_SEPARATOR);
            }
            let _ = write!(scratch, "{item}");
        }
        let written = self.text(row, col, &scratch);
        self.scratch = scratch;
        written
    }

    /// Writes `text`, [`neutralise`]d, as a string cell (nothing for an empty text);
    /// a text longer than a cell holds is cut, with a warning.
    fn text(&mut self, row: u32, col: impl Into<usize>, text: &str) -> io::Result<()> {
        let col = col.into();
        if text.is_empty() {
            return Ok(());
        }
        let mut text = neutralise(text);
        if text.len() > MAX_CELL_CHARS && text.encode_utf16().count() > MAX_CELL_CHARS {
            let cut = cut_to_cell(&text).to_owned();
            self.cut(row, col, text.chars().count());
            text = cut.into();
        }
        // A text shorter in bytes than the width so far is no wider in characters.
        if text.len() > self.widths[col] && self.widths[col] < MAX_WIDTH {
            self.widths[col] = self.widths[col].max(widest_line(&text));
        }
        self.sheet
            .write_string(row, col as u16, text)
            .map_err(io_error)?;
        Ok(())
    }

    /// Writes a whole number as a number cell.
    fn number(&mut self, row: u32, col: usize, n: f64) -> io::Result<()> {
        let width = n.to_string().len();
        self.widths[col] = self.widths[col].max(width);
        self.sheet
            .write_number(row, col as u16, n)
            .map_err(io_error)?;
        Ok(())
    }

    /// Writes a date as a date cell; a date before 1900 or after 9999, which a sheet
    /// cannot hold as a date, as its `yyyy-mm-dd` text.
    fn date(&mut self, row: u32, col: usize, date: Option<NaiveDate>) -> io::Result<()> {
        let Some(date) = date else { return Ok(()) };
        match excel_date(date) {
            Some(day) => {
                self.sheet
                    .write_datetime(row, col as u16, day)
                    .map_err(io_error)?;
                Ok(())
            }
            None => self.text(row, col, &Iso(Some(date), Precision::Day).to_string()),
        }
    }

    /// Notes that the cell at `row`, `col` was cut from `chars` characters.
    fn cut(&mut self, row: u32, col: usize, chars: usize) {
        let cell = SourceCell {
            row: row + 1,
            col: col as u32,
        };
        let place = Location::file(WORKBOOK_FILE)
            .with_sheet(Some(self.name))
            .with_cell(cell, Some(self.columns[col]));
        self.warnings
            .push(Diagnostic::new(place, Kind::WorkbookCellCut { chars }));
    }

    /// Sets the columns' widths and the filter over the `rows` rows written; returns
    /// the warnings.
    fn finish(self, rows: u32) -> io::Result<Vec<Diagnostic>> {
        for (c, width) in self.widths.iter().enumerate() {
            self.sheet
                .set_column_width(c as u16, (*width).min(MAX_WIDTH) as f64 + 1.0)
                .map_err(io_error)?;
        }
        let last = self.columns.len().saturating_sub(1) as u16;
        self.sheet.autofilter(0, 0, rows, last).map_err(io_error)?;
        Ok(self.warnings)
    }
}

fn opt<S: AsRef<str>>(s: &Option<S>) -> &str {
    s.as_ref().map_or("", AsRef::as_ref)
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// `date` as a sheet's date, when a sheet can hold it (years 1900 to 9999).
fn excel_date(date: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(date.year()).ok()?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8).ok()
}

/// The longest line of `text`, in characters, counted up to [`MAX_WIDTH`].
fn widest_line(text: &str) -> usize {
    text.split('\n')
        .map(|line| line.chars().take(MAX_WIDTH).count())
        .max()
        .unwrap_or(0)
}

/// The longest start of `text` a cell holds: at most [`MAX_CELL_CHARS`] UTF-16 units,
/// cut between characters.
fn cut_to_cell(text: &str) -> &str {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS {
            return &text[..i];
        }
    }
    text
}

#[cfg(test)]
mod read_back;
#[cfg(test)]
mod tests;
