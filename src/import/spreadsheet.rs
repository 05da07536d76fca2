//! Workbooks (xlsx, xlsm, xlsb, xls, ods) into raw sheets, through calamine.
//!
//! Circulated workbooks come from every kind of tool, and some files in the wild (and
//! in calamine's own test suite) are built to exhaust a naive reader. So this module
//! owns three things besides the cell conversion:
//!
//! - **Choosing the reader by content.** A zip holding `content.xml`/`mimetype` is
//!   ODS, one holding `workbook.bin` is xlsb, one holding `workbook.xml` is
//!   xlsx/xlsm; a compound document is xls, or an encrypted xlsx/xlsb when it holds
//!   an `EncryptedPackage` stream.
//! - **Bounding memory and time before calamine allocates.** xlsx and xlsb sheets are
//!   streamed cell by cell and only values are kept (a sheet may declare
//!   `A1:XFD1048576` and style every cell). xls and ods are parsed whole by calamine
//!   into dense grids when the workbook is opened, so their declared sizes are
//!   measured first by a scan that mirrors calamine's own arithmetic (the compound
//!   document's sector chains and BIFF records; the ODS row and column repeats), and a
//!   workbook that would need more than [`MAX_CELLS`] cells is refused. Zip members
//!   are measured by actually inflating them, every one, before calamine opens the
//!   workbook.
//! - **Containing calamine's failures.** Every calamine call runs under
//!   `catch_unwind`; a panic becomes a damaged-file error, or a warning when only one
//!   sheet is affected and the others could be read.
//!
//! Everything runs on the caller's thread: the pipeline decides what runs beside it.
//!
//! Positions are made absolute (calamine's are 0-based and relative to a range that
//! need not start at A1). Merged cells keep only their top-left value; the layout
//! stage fills down what it needs.

use std::any::Any;
use std::cell::Cell;
use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Arc, Once};

use calamine::{
    CellErrorType, Data, DataRef, ExcelDateTime, Ods, OdsError, Range, Reader, SheetType, Xls,
    XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
};
use chrono::{NaiveDate, NaiveDateTime};

use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{CellValue, Location, RawRow, RawSheet, RejectedRow};

use super::{
    overlong_row, sniff, FileKind, ImportError, ImportErrorKind, RawFile, SheetSink, MAX_CELL_BYTES,
};

/// The most cells a workbook may make us hold at once: the dense grids calamine builds
/// for xls and ods, or the rows built here (padded from column A). About 30 to 60
/// bytes each, so a few hundred megabytes at most; real workplans hold thousands.
pub const MAX_CELLS: u64 = 10_000_000;

/// The most cell records streamed from one xlsx/xlsb workbook, empty styled ones
/// included; bounds the time spent on sheets that style whole columns.
const MAX_STREAMED: u64 = 20_000_000;

/// The most bytes one zip member may inflate to. A full-height sheet (1,048,576 rows of
/// workplan text, the most Excel holds) inflates to about 340 MB of sheet XML and 600 MB
/// of shared strings; a zip bomb inflates to far more.
const MAX_PART_BYTES: u64 = 1 << 30;

/// The most bytes all zip members together may inflate to.
const MAX_ZIP_BYTES: u64 = 2 << 30;

/// The largest shared-string table (inflated bytes) with which a worksheet's rows are
/// handed on in parts while it is read.
///
/// The table is calamine's copy of every text of the workbook, held until the last
/// worksheet is read: rows handed on early are laid out and normalised meanwhile, so
/// the table and the activities made so far are held together. A larger table (a
/// workbook of more than about 400,000 activities) gives its worksheets' rows whole,
/// once each is read: the table is freed before the activities grow, as the time
/// saved is small beside such a run and its memory is not.
const MAX_TABLE_FOR_PARTS: u64 = 256 << 20;

/// How far a zip's members may inflate: each, and all together; and the largest
/// shared-string table read with its rows handed on in parts.
#[derive(Debug, Clone, Copy)]
struct ZipLimits {
    part: u64,
    total: u64,
    parts_table: u64,
}

const ZIP_LIMITS: ZipLimits = ZipLimits {
    part: MAX_PART_BYTES,
    total: MAX_ZIP_BYTES,
    parts_table: MAX_TABLE_FOR_PARTS,
};

/// An OOXML or ODS tag longer than this is not from any office suite.
const MAX_TAG_BYTES: usize = 1 << 20;

type Bytes<'a> = Cursor<&'a [u8]>;

/// The workbook formats calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// Why one sheet could not be read.
enum SheetError {
    /// The whole file must be refused (a size limit).
    File(ImportErrorKind),
    /// Only this sheet is lost; the message goes into a warning.
    Sheet(String),
}

/// A value and its absolute 0-based position.
type Sparse = Vec<(u32, u32, CellValue)>;

/// Reads every worksheet of a workbook, in workbook order.
///
/// `bytes` are the whole file; the reader is chosen from them, not from `path`'s
/// extension. A sheet that fails while others can be read becomes a warning.
pub fn read(path: &Path, display: &str, bytes: Vec<u8>) -> Result<RawFile, ImportError> {
    // The extension is deliberately ignored: files are often misnamed.
    let _ = path;
    let mut sheets = super::SheetCollector::default();
    let diagnostics = read_into(display, &bytes, &mut sheets)?;
    Ok(sheets.into_file(diagnostics))
}

/// [`read`], handing the sheets to `sink` as they are read: the rows of an xlsx or
/// xlsb worksheet a part at a time while it is streamed, other sheets whole.
pub fn read_into(
    display: &str,
    bytes: &[u8],
    sink: &mut dyn SheetSink,
) -> Result<Vec<Diagnostic>, ImportError> {
    read_within(display, bytes, ZIP_LIMITS, sink).map_err(ImportError::of(display))
}

/// How many rows of a streamed worksheet are handed on at a time.
const ROWS_PER_PART: usize = 512;

/// Reads a workbook from its bytes, with the zip limits given: inspects the container
/// (every zip member measured, the declared sizes of xls and ods checked), then reads
/// its sheets.
fn read_within(
    display: &str,
    bytes: &[u8],
    limits: ZipLimits,
    sink: &mut dyn SheetSink,
) -> Result<Vec<Diagnostic>, ImportErrorKind> {
    // The zip crate and the scans below meet the same hostile bytes as calamine.
    let Inspected { format, tables } = guarded(|| match sniff(bytes) {
        FileKind::Zip => inspect_zip(bytes, limits),
        FileKind::Cfb => inspect_cfb(bytes).map(|format| Inspected { format, tables: 0 }),
        FileKind::Text => Err(ImportErrorKind::NotATable(
            "neither a zip container nor a compound document".to_owned(),
        )),
    })
    .map_err(ImportErrorKind::Corrupt)??;
    let mut book = Book {
        display,
        sheets: Sheets {
            sink,
            open: false,
            ended: 0,
            kept: (tables > limits.parts_table).then(Vec::new),
        },
        warnings: Vec::new(),
        failures: Vec::new(),
        streamed: 0,
        held: 0,
    };
    let read = guarded(|| match format {
        Format::Xlsx => read_xlsx(bytes, &mut book),
        Format::Xlsb => read_xlsb(bytes, &mut book),
        Format::Xls => read_xls(bytes, &mut book),
        Format::Ods => read_ods(bytes, &mut book),
    });
    read.map_err(ImportErrorKind::Corrupt)??;
    // The workbook, and calamine's copy of its texts, are gone by now.
    book.sheets.hand_on_kept();
    book.finish()
}

/// Runs a calamine call, turning a panic into its message.
///
/// The panic is contained, so it is not printed either: the user gets the file's
/// error, not a backtrace (see [`quiet_contained_panics`]).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    quiet_contained_panics();
    CONTAINED.with(|n| n.set(n.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINED.with(|n| n.set(n.get().saturating_sub(1)));
    result.map_err(|payload| panic_message(payload.as_ref()))
}

thread_local! {
    /// How many [`guarded`] calls this thread is inside.
    static CONTAINED: Cell<u32> = const { Cell::new(0) };
}

/// Installs, once, a panic hook that stays silent for panics [`guarded`] contains and
/// hands every other panic to the hook that was there before (the default one, or a
/// test harness's or fuzzer's), so a panic anywhere else is reported as usual.
fn quiet_contained_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CONTAINED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    };
    format!("the reader failed: {text}")
}

/// Where the sheets go, and how far the last one got.
struct Sheets<'a> {
    sink: &'a mut dyn SheetSink,
    /// A sheet was begun and not ended or voided.
    open: bool,
    /// Sheets ended.
    ended: usize,
    /// Sheets read whole and kept until the workbook is closed
    /// ([`MAX_TABLE_FOR_PARTS`]); `None`: sheets are handed on as they are read.
    kept: Option<Vec<RawSheet>>,
}

impl Sheets<'_> {
    /// Whether a worksheet's rows are handed on in parts while it is read.
    fn in_parts(&self) -> bool {
        self.kept.is_none()
    }

    /// Hands on the sheets kept until now (the workbook is closed).
    fn hand_on_kept(&mut self) {
        for sheet in self.kept.take().unwrap_or_default() {
            self.hand_on(sheet);
        }
    }

    /// Hands on rows of the sheet `name` of `display`, beginning it first.
    fn part(&mut self, display: &str, name: &str, rows: Vec<RawRow>) {
        if !self.open {
            self.sink.begin(display, Some(name));
            self.open = true;
        }
        self.sink.rows(rows);
    }

    /// Hands on the rest of a sheet (all of it, unless parts went before) and ends it,
    /// or keeps it whole.
    fn end(&mut self, sheet: RawSheet) {
        self.ended += 1;
        match &mut self.kept {
            Some(kept) => kept.push(sheet),
            None => self.hand_on(sheet),
        }
    }

    fn hand_on(&mut self, sheet: RawSheet) {
        let name = sheet.sheet.as_deref().unwrap_or_default();
        self.part(&sheet.file, name, sheet.rows);
        self.sink.end(sheet.row_count, sheet.rejected);
        self.open = false;
    }

    /// Forgets the parts of a sheet that is then read again or lost.
    fn void(&mut self) {
        if std::mem::take(&mut self.open) {
            self.sink.void();
        }
    }
}

/// The sheets read so far, with what the limits have used up.
struct Book<'a> {
    display: &'a str,
    sheets: Sheets<'a>,
    warnings: Vec<Diagnostic>,
    /// Sheets that could not be read, with why.
    failures: Vec<(String, String)>,
    /// Cell records streamed (xlsx/xlsb).
    streamed: u64,
    /// Cells held in built rows, padding included.
    held: u64,
}

impl Book<'_> {
    /// Files a sheet's outcome: its rows, a lost sheet, or a refusal of the file.
    fn add(
        &mut self,
        name: &str,
        result: Result<BuiltSheet, SheetError>,
    ) -> Result<(), ImportErrorKind> {
        match result {
            Ok(built) => {
                self.held = built.held;
                self.warnings.extend(built.warnings);
                self.sheets.end(built.sheet);
                Ok(())
            }
            Err(SheetError::File(kind)) => Err(kind),
            Err(SheetError::Sheet(message)) => {
                self.sheets.void();
                self.failures.push((name.to_owned(), message));
                Ok(())
            }
        }
    }

    /// The file's outcome: a damaged file when no sheet could be read, else the
    /// sheets with a warning for each lost one.
    fn finish(mut self) -> Result<Vec<Diagnostic>, ImportErrorKind> {
        if self.sheets.ended == 0 {
            if let Some((_, message)) = self.failures.first() {
                return Err(ImportErrorKind::Corrupt(message.clone()));
            }
            self.warnings.push(Diagnostic::new(
                Location::file(self.display),
                Kind::NoWorksheets,
            ));
        }
        for (sheet, reason) in self.failures {
            let place = Location::file(self.display).with_sheet(Some(&sheet));
            self.warnings
                .push(Diagnostic::new(place, Kind::SheetUnreadable { reason }));
        }
        Ok(self.warnings)
    }
}

/// The names of the worksheets, in workbook order (chart, macro and dialog sheets hold
/// no table).
fn worksheet_names(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

fn read_xlsx(bytes: &[u8], book: &mut Book<'_>) -> Result<(), ImportErrorKind> {
    let mut wb: Xlsx<Bytes<'_>> = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => ImportErrorKind::PasswordProtected,
        e => ImportErrorKind::Corrupt(e.to_string()),
    })?;
    // Lives no longer than `wb`, whose shared strings it keys by address.
    let mut shared = SharedTexts::default();
    for name in worksheet_names(wb.sheets_metadata()) {
        let result = read_streamed(book, &name, |sink| {
            let mut cells = match wb.worksheet_cells_reader(&name) {
                Ok(cells) => cells,
                // A chart sheet listed as a worksheet holds no cells.
                Err(XlsxError::NotAWorksheet(_)) => return Ok(()),
                Err(e) => return Err(SheetError::Sheet(e.to_string())),
            };
            feed(|| cells.next_cell(), &mut shared, sink)
        });
        book.add(&name, result)?;
    }
    Ok(())
}

fn read_xlsb(bytes: &[u8], book: &mut Book<'_>) -> Result<(), ImportErrorKind> {
    let mut wb: Xlsb<Bytes<'_>> = Xlsb::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsbError::Password => ImportErrorKind::PasswordProtected,
        e => ImportErrorKind::Corrupt(e.to_string()),
    })?;
    // Lives no longer than `wb`, whose shared strings it keys by address.
    let mut shared = SharedTexts::default();
    for name in worksheet_names(wb.sheets_metadata()) {
        let result = read_streamed(book, &name, |sink| {
            let mut cells = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| SheetError::Sheet(e.to_string()))?;
            feed(|| cells.next_cell(), &mut shared, sink)
        });
        book.add(&name, result)?;
    }
    Ok(())
}

/// Hands the cells `next` streams to `sink`, until either is done.
fn feed<'a, E: std::fmt::Display>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
    shared: &mut SharedTexts,
    sink: &mut CellSink<'_>,
) -> Result<(), SheetError> {
    while let Some(cell) = next().map_err(|e| SheetError::Sheet(e.to_string()))? {
        let (row, col) = cell.get_position();
        if !sink(row, col, from_data_ref(cell.get_value(), shared))? {
            break;
        }
    }
    Ok(())
}

/// The strings of a workbook's shared-string table, each made once into the
/// `Arc<str>` every cell that refers to it holds. calamine hands a cell a `&str`
/// borrowed from its table, so one table entry is always the same address and
/// length; that is the key (hashing the text would read every description again).
/// A workplan repeats its sectors, partners and dates in thousands of cells: one
/// allocation each instead of one per cell.
///
/// Keys are addresses inside the workbook's table: a `SharedTexts` must not outlive
/// the workbook it was filled from.
#[derive(Default)]
struct SharedTexts {
    by_address: rustc_hash::FxHashMap<(usize, usize), Arc<str>>,
}

impl SharedTexts {
    fn text(&mut self, s: &str) -> Arc<str> {
        let key = (s.as_ptr() as usize, s.len());
        Arc::clone(self.by_address.entry(key).or_insert_with(|| Arc::from(s)))
    }
}

/// Takes each cell of a streamed sheet: its 0-based position and value. Returns false
/// to stop the stream.
type CellSink<'s> = dyn FnMut(u32, u32, CellValue) -> Result<bool, SheetError> + 's;

/// Reads a streamed (xlsx, xlsb) sheet with `stream`, which hands every cell to the
/// sink it is given. The rows are built as the cells come; when they come out of order
/// (spreadsheet programs write them in order, other writers may not), the sheet is
/// streamed a second time, its values collected and sorted. Empty (styled) cells are
/// skipped, and each counts towards the file's limit of streamed cells.
fn read_streamed(
    book: &mut Book<'_>,
    name: &str,
    mut stream: impl FnMut(&mut CellSink<'_>) -> Result<(), SheetError>,
) -> Result<BuiltSheet, SheetError> {
    let (display, held, start) = (book.display, book.held, book.streamed);
    let streamed = &mut book.streamed;
    let sheets = &mut book.sheets;
    let mut rows = RowBuilder::new(display, name, held);
    let mut in_order = true;
    flatten(guarded(|| {
        stream(&mut |row, col, value| {
            count_streamed(streamed)?;
            if value == CellValue::Empty {
                return Ok(true);
            }
            in_order = rows.push(row, col, value).map_err(SheetError::File)?;
            if sheets.in_parts() && rows.rows.len() >= ROWS_PER_PART {
                sheets.part(display, name, std::mem::take(&mut rows.rows));
            }
            Ok(in_order)
        })
    }))?;
    if in_order {
        return rows.finish().map_err(SheetError::File);
    }
    drop(rows);
    // Read again, sorted: the rows handed on are forgotten.
    sheets.void();
    *streamed = start;
    let mut cells = Sparse::new();
    flatten(guarded(|| {
        stream(&mut |row, col, value| {
            count_streamed(streamed)?;
            if value != CellValue::Empty {
                if cells.len() as u64 >= MAX_CELLS {
                    return Err(SheetError::File(too_many_cells()));
                }
                cells.push((row, col, value));
            }
            Ok(true)
        })
    }))?;
    build_sheet(display, name, cells, held).map_err(SheetError::File)
}

/// Counts one more cell streamed from the file, refusing the file past
/// [`MAX_STREAMED`] (styled empty cells count: they cost time to stream).
fn count_streamed(streamed: &mut u64) -> Result<(), SheetError> {
    *streamed += 1;
    if *streamed > MAX_STREAMED {
        return Err(SheetError::File(ImportErrorKind::TooLarge(format!(
            "more than {MAX_STREAMED} cells"
        ))));
    }
    Ok(())
}

fn read_xls(bytes: &[u8], book: &mut Book<'_>) -> Result<(), ImportErrorKind> {
    let mut wb: Xls<Bytes<'_>> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => ImportErrorKind::PasswordProtected,
        e => ImportErrorKind::Corrupt(e.to_string()),
    })?;
    let display = book.display;
    for name in worksheet_names(wb.sheets_metadata()) {
        let held = book.held;
        let result = guarded(|| {
            let range = wb
                .worksheet_range(&name)
                .map_err(|e| SheetError::Sheet(e.to_string()))?;
            build_sheet(display, &name, from_range(&range), held).map_err(SheetError::File)
        });
        book.add(&name, flatten(result))?;
    }
    Ok(())
}

fn read_ods(bytes: &[u8], book: &mut Book<'_>) -> Result<(), ImportErrorKind> {
    let mut wb: Ods<Bytes<'_>> = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
        OdsError::Password => ImportErrorKind::PasswordProtected,
        e @ OdsError::CellLimitExceeded { .. } => ImportErrorKind::TooLarge(e.to_string()),
        e => ImportErrorKind::Corrupt(e.to_string()),
    })?;
    let display = book.display;
    for name in worksheet_names(wb.sheets_metadata()) {
        let held = book.held;
        let result = guarded(|| {
            let range = wb
                .worksheet_range(&name)
                .map_err(|e| SheetError::Sheet(e.to_string()))?;
            build_sheet(display, &name, from_range(&range), held).map_err(SheetError::File)
        });
        book.add(&name, flatten(result))?;
    }
    Ok(())
}

/// A sheet reader's outcome, a panic in it losing the sheet.
fn flatten<T>(result: Result<Result<T, SheetError>, String>) -> Result<T, SheetError> {
    result.map_err(SheetError::Sheet)?
}

/// The values of a dense range at their absolute positions.
fn from_range(range: &Range<Data>) -> Sparse {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter_map(|(r, c, v)| {
            let value = from_data(v);
            (value != CellValue::Empty).then(|| {
                (
                    row0.saturating_add(r as u32),
                    col0.saturating_add(c as u32),
                    value,
                )
            })
        })
        .collect()
}

/// A sheet read: its rows, and the file's cell count and warnings with it.
struct BuiltSheet {
    sheet: RawSheet,
    /// Cells held in the rows of the file's sheets so far, padding included.
    held: u64,
    warnings: Vec<Diagnostic>,
}

/// Builds a sheet's rows from its values: sorted, 1-based, padded from column A.
fn build_sheet(
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
struct RowBuilder<'a> {
    display: &'a str,
    name: &'a str,
    /// Cells held in built rows of the file, padding included.
    held: u64,
    warnings: Vec<Diagnostic>,
    rows: Vec<RawRow>,
    rejected: Vec<RejectedRow>,
    /// The values of the row being built, with their columns.
    pending: Vec<(u32, CellValue)>,
    /// The position of the value added last.
    last: Option<(u32, u32)>,
}

impl<'a> RowBuilder<'a> {
    fn new(display: &'a str, name: &'a str, held: u64) -> Self {
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
    fn push(&mut self, row: u32, col: u32, value: CellValue) -> Result<bool, ImportErrorKind> {
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

    fn finish(mut self) -> Result<BuiltSheet, ImportErrorKind> {
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
            },
            held: self.held,
            warnings: self.warnings,
        })
    }
}

fn too_many_cells() -> ImportErrorKind {
    ImportErrorKind::TooLarge(format!("more than {MAX_CELLS} cells"))
}

/// A calamine value as a cell.
fn from_data_ref(value: &DataRef<'_>, shared: &mut SharedTexts) -> CellValue {
    match value {
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::Text(Arc::from(s.as_str())),
        DataRef::SharedString(s) => CellValue::Text(shared.text(s)),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => from_excel_datetime(dt),
        DataRef::DateTimeIso(s) => from_iso_datetime(s),
        DataRef::DurationIso(s) => from_iso_duration(s),
        DataRef::Error(e) => from_error(e),
        DataRef::Empty => CellValue::Empty,
    }
}

/// A calamine value as a cell.
fn from_data(value: &Data) -> CellValue {
    match value {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(Arc::from(s.as_str())),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => from_excel_datetime(dt),
        Data::DateTimeIso(s) => from_iso_datetime(s),
        Data::DurationIso(s) => from_iso_duration(s),
        Data::Error(e) => from_error(e),
        Data::Empty => CellValue::Empty,
    }
}

fn from_error(e: &CellErrorType) -> CellValue {
    CellValue::Error(Arc::from(e.to_string()))
}

/// An Excel serial date (calamine knows the workbook's 1900 or 1904 system). A
/// duration format (`[h]:mm:ss`) is not a date: it reads as Excel shows it.
fn from_excel_datetime(dt: &ExcelDateTime) -> CellValue {
    if dt.is_duration() {
        return CellValue::Text(Arc::from(format_duration(dt.as_f64() * 86_400.0)));
    }
    match dt.as_datetime() {
        Some(value) => CellValue::DateTime(value),
        None => CellValue::Number(dt.as_f64()),
    }
}

/// An ISO 8601 date or date-time (xlsx `t="d"`, ODS `date-value`); a bare time or
/// anything else stays text.
fn from_iso_datetime(s: &str) -> CellValue {
    let t = s.trim();
    if let Ok(dt) = t.parse::<NaiveDateTime>() {
        return CellValue::DateTime(dt);
    }
    if let Ok(d) = t.parse::<NaiveDate>() {
        return CellValue::DateTime(d.and_time(chrono::NaiveTime::MIN));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return CellValue::DateTime(dt.naive_local());
    }
    CellValue::Text(Arc::from(s))
}

/// An ISO 8601 duration (ODS `time-value`, e.g. `PT10H10M10S`) as `h:mm:ss`, as a
/// spreadsheet program shows it; unparseable ones stay as written.
fn from_iso_duration(s: &str) -> CellValue {
    match parse_iso_duration(s.trim()) {
        Some(seconds) => CellValue::Text(Arc::from(format_duration(seconds))),
        None => CellValue::Text(Arc::from(s)),
    }
}

/// Seconds in `[-]P[nD][T[nH][nM][n[.f]S]]`.
fn parse_iso_duration(s: &str) -> Option<f64> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let s = s.strip_prefix('P')?;
    let (days, time) = match s.split_once('T') {
        Some((d, t)) => (d, t),
        None => (s, ""),
    };
    let mut total = 0.0;
    let mut any = false;
    for (part, units) in [
        (days, &[('D', 86_400.0)][..]),
        (time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)][..]),
    ] {
        let mut rest = part;
        for (unit, factor) in units {
            if let Some(pos) = rest.find(*unit) {
                let n: f64 = rest[..pos].parse().ok()?;
                total += n * factor;
                rest = &rest[pos + 1..];
                any = true;
            }
        }
        if !rest.is_empty() {
            return None;
        }
    }
    any.then_some(if negative { -total } else { total })
}

/// `h:mm:ss` with hours past 24, as Excel's `[h]:mm:ss`; fractions of a second kept.
fn format_duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return seconds.to_string();
    }
    let sign = if seconds < 0.0 { "-" } else { "" };
    // Whole milliseconds: serial fractions carry float noise.
    let ms = (seconds.abs() * 1000.0).round() as u64;
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if frac == 0 {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else {
        let f = format!("{frac:03}");
        format!("{sign}{h}:{m:02}:{s:02}.{}", f.trim_end_matches('0'))
    }
}

// ---------------------------------------------------------------------------------
// Zip containers: which format, password, inflated sizes, ODS declared sizes.

/// A container's format, and what its shared-string tables inflate to.
struct Inspected {
    format: Format,
    tables: u64,
}

/// A zip member's name as compared here: OPC part names are case-insensitive, and some
/// writers use backslashes.
fn part_name(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

/// Tells the workbook format of a zip container and checks that reading it stays
/// within bounds.
fn inspect_zip(bytes: &[u8], limits: ZipLimits) -> Result<Inspected, ImportErrorKind> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportErrorKind::Corrupt(format!("not a readable zip archive: {e}")))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| part_name(&n))
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let format = if has("mimetype") || has("content.xml") {
        let mime = read_part(&mut zip, "mimetype", 256);
        if mime.starts_with(b"application/vnd.oasis.opendocument")
            && !mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet")
        {
            return Err(ImportErrorKind::NotATable(format!(
                "an OpenDocument file of type {}",
                String::from_utf8_lossy(&mime).trim()
            )));
        }
        Format::Ods
    } else if names.iter().any(|n| n.ends_with("workbook.bin")) {
        Format::Xlsb
    } else if names.iter().any(|n| n.ends_with("workbook.xml")) {
        Format::Xlsx
    } else {
        return Err(ImportErrorKind::NotATable(
            "a zip archive that holds no workbook".to_owned(),
        ));
    };
    if format == Format::Ods {
        // Encrypted ODS members are ciphertext; say so before measuring them.
        let manifest = read_part(&mut zip, "META-INF/manifest.xml", 16 << 20);
        if contains(&manifest, b"encryption-data") {
            return Err(ImportErrorKind::PasswordProtected);
        }
    }
    let measured = check_inflated_sizes(&mut zip, limits)?;
    match format {
        Format::Ods => check_ods_size(&mut zip)?,
        Format::Xlsx => {
            for table in &measured.tables {
                check_shared_strings(table)?;
            }
        }
        Format::Xlsb | Format::Xls => {}
    }
    let tables = measured.tables.iter().map(|t| t.size).sum();
    Ok(Inspected { format, tables })
}

/// Refuses a shared-string table whose declared `uniqueCount` its bytes cannot hold:
/// calamine reserves room for that many strings up front, and a forged count asks
/// for terabytes.
fn check_shared_strings(table: &SharedStrings) -> Result<(), ImportErrorKind> {
    let SharedStrings { name, head, size } = table;
    let declared = match sst_unique_count(head) {
        Some(count) => count,
        // No office suite writes a megabyte before the table's first tag.
        None if *size > SST_HEAD => {
            return Err(ImportErrorKind::Corrupt(format!(
                "no shared string table header in the first MiB of {name}"
            )))
        }
        None => return Ok(()),
    };
    // The shortest string entry, `<si/>`, takes 5 bytes; real ones take more.
    if declared > (size / 5).max(100_000) {
        return Err(ImportErrorKind::Corrupt(format!(
            "the shared string table declares {declared} strings in {size} bytes"
        )));
    }
    Ok(())
}

/// The `uniqueCount` of the first `sst` element (any namespace prefix), 0 when it has
/// none; `None` when no `sst` tag is in the text.
fn sst_unique_count(xml: &[u8]) -> Option<u64> {
    let mut at = 0;
    while let Some((tag, next)) = next_tag(xml, at) {
        at = next;
        let name_len = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let (name, attrs) = tag.split_at(name_len);
        let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        if local == b"sst" {
            // An unreadable count makes calamine skip the reservation.
            return Some(
                attr_value(attrs, b"uniqueCount")
                    .and_then(|v| std::str::from_utf8(v).ok())
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0),
            );
        }
    }
    None
}

/// The next element tag's text (between `<` and `>`) at or after `from`, skipping
/// comments, processing instructions and CDATA, and `>` inside quoted values.
fn next_tag(xml: &[u8], from: usize) -> Option<(&[u8], usize)> {
    let mut i = from;
    loop {
        i += xml.get(i..)?.iter().position(|b| *b == b'<')? + 1;
        let rest = &xml[i..];
        let skip_to = |end: &[u8]| {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|p| i + p + end.len())
        };
        if rest.starts_with(b"!--") {
            i = skip_to(b"-->")?;
        } else if rest.starts_with(b"![CDATA[") {
            i = skip_to(b"]]>")?;
        } else if rest.starts_with(b"?") {
            i = skip_to(b"?>")?;
        } else {
            let mut quote = None;
            for (k, &b) in rest.iter().enumerate() {
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => return Some((&rest[..k], i + k + 1)),
                    None => {}
                }
            }
            return None;
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The first `limit` bytes of a zip member, or nothing when it is missing or
/// unreadable (a read error such as a bad CRC is calamine's to report).
fn read_part(zip: &mut zip::ZipArchive<Bytes<'_>>, name: &str, limit: u64) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(part) = zip.by_name(name) {
        let _ = part.take(limit).read_to_end(&mut out);
    }
    out
}

fn too_big_part(name: &str) -> ImportErrorKind {
    ImportErrorKind::TooLarge(format!(
        "zip member {name} inflates to more than {} MiB",
        MAX_PART_BYTES >> 20
    ))
}

/// The zip members measured by [`check_inflated_sizes`].
struct MeasuredMembers {
    /// The shared string tables' starts and sizes.
    tables: Vec<SharedStrings>,
    /// What the members inflate to, all together.
    total: u64,
}

/// Inflates every member to count its real size: the sizes a zip declares can lie;
/// calamine holds the shared strings and each ods sheet in memory, and streams the
/// worksheets of xlsx and xlsb (a bomb there costs time, not memory).
fn check_inflated_sizes(
    zip: &mut zip::ZipArchive<Bytes<'_>>,
    limits: ZipLimits,
) -> Result<MeasuredMembers, ImportErrorKind> {
    let mut measured = MeasuredMembers {
        tables: Vec::new(),
        total: 0,
    };
    for i in 0..zip.len() {
        let name = zip
            .name_for_index(i)
            .and_then(Result::ok)
            .map(|n| n.into_owned())
            .unwrap_or_default();
        // A shared string table's start is kept for its header, so that it is not
        // inflated a second time for that.
        let is_table = part_name(&name).ends_with("sharedstrings.xml");
        let mut head = Vec::new();
        let size = inflated_size(zip, i, limits, measured.total, &mut |chunk| {
            if is_table && (head.len() as u64) < SST_HEAD {
                let room = (SST_HEAD as usize - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..room]);
            }
        })?;
        measured.total += size;
        if is_table {
            measured.tables.push(SharedStrings { name, head, size });
        }
    }
    Ok(measured)
}

/// Inflates member `i` to count its size, handing each inflated chunk to `seen`;
/// refuses it past the part limit, or the total limit with `before` counted already.
/// An unreadable member counts what could be read (its error is calamine's to report).
fn inflated_size(
    zip: &mut zip::ZipArchive<Bytes<'_>>,
    i: usize,
    limits: ZipLimits,
    before: u64,
    seen: &mut dyn FnMut(&[u8]),
) -> Result<u64, ImportErrorKind> {
    let Ok(mut part) = zip.by_index(i) else {
        return Ok(0);
    };
    let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
    let mut sink = [0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        match part.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                size += n as u64;
                seen(&sink[..n]);
            }
        }
        if size > limits.part {
            return Err(ImportErrorKind::TooLarge(format!(
                "zip member {name} inflates to more than {} MiB",
                limits.part >> 20
            )));
        }
        if before + size > limits.total {
            return Err(ImportErrorKind::TooLarge(format!(
                "the zip members inflate to more than {} MiB",
                limits.total >> 20
            )));
        }
    }
    Ok(size)
}

/// A shared string table as the size check saw it: its start and its inflated size.
#[derive(Debug)]
struct SharedStrings {
    name: String,
    head: Vec<u8>,
    size: u64,
}

/// How much of a shared string table is read for its header.
const SST_HEAD: u64 = 1 << 20;

/// Refuses an ODS whose sheets calamine would expand into more than [`MAX_CELLS`]
/// cells. calamine parses every sheet into a dense grid when the file is opened,
/// expanding `number-rows-repeated` and `number-columns-repeated`; a 1 KB file can
/// ask for 10^18 cells, and calamine's own limit (10^8) still means gigabytes.
fn check_ods_size(zip: &mut zip::ZipArchive<Bytes<'_>>) -> Result<(), ImportErrorKind> {
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(()); // calamine reports the missing part
    };
    let mut scan = OdsScan::default();
    let mut reader = content.take(MAX_PART_BYTES + 1);
    let mut buf = vec![0u8; 64 * 1024];
    let mut read = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        read += n as u64;
        if read > MAX_PART_BYTES {
            return Err(too_big_part("content.xml"));
        }
        scan.feed(&buf[..n])?;
        if scan.cost() > MAX_CELLS {
            break;
        }
    }
    let cost = scan.cost();
    if cost > MAX_CELLS {
        return Err(ImportErrorKind::TooLarge(format!(
            "row and column repeats expand the sheets to about {cost} cells, more than {MAX_CELLS}"
        )));
    }
    Ok(())
}

/// calamine's ODS limits: rows per sheet and cells per row.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Where the ODS tag scanner is in the XML text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum XmlState {
    #[default]
    Text,
    /// Inside `<...>`; the quote character when inside an attribute value.
    Tag(Option<u8>),
    Comment,
    CData,
    Instruction,
}

/// Measures what calamine's ODS reader would allocate, from the raw XML of
/// content.xml, without building anything.
///
/// It mirrors calamine 0.38's `read_table`/`read_row`/`get_range`: per row element,
/// the cells pushed (empty runs before a value, value runs, capped at 16,384 per row);
/// rows capped at 1,048,576 per sheet; then the dense grid from the first to the last
/// row with a value, across the widest columns, for values and again for formulas.
/// Any tag-like text (in comments or CDATA too) is counted, so the estimate only errs
/// upward.
#[derive(Debug, Default)]
struct OdsScan {
    state: XmlState,
    tag: Vec<u8>,
    /// The last two bytes seen, to find `-->`, `]]>` and `?>` across chunks.
    tail: [u8; 2],
    table_depth: u32,
    table: OdsTable,
    row: Option<OdsRow>,
    /// Cells of finished sheets.
    done: u64,
}

#[derive(Debug, Default)]
struct OdsTable {
    rows: u64,
    raw: u64,
    started: bool,
    dense_rows: u64,
    dense_elements: u64,
    pending_rows: u64,
    pending_elements: u64,
    col_min: u64,
    col_max: u64,
}

#[derive(Debug, Default)]
struct OdsRow {
    repeats: u64,
    len: u64,
    pending_empty: u64,
    first: Option<u64>,
    last: u64,
}

impl OdsTable {
    fn cost(&self) -> u64 {
        let width = if self.started {
            self.col_max.saturating_sub(self.col_min) + 1
        } else {
            0
        };
        let dense = self
            .dense_rows
            .max(self.dense_elements)
            .saturating_mul(width);
        // Values and formulas each get a raw list and a dense grid.
        self.raw.saturating_add(dense).saturating_mul(2)
    }
}

impl OdsScan {
    fn cost(&self) -> u64 {
        self.done.saturating_add(self.table.cost())
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), ImportErrorKind> {
        for &b in chunk {
            match self.state {
                XmlState::Text => {
                    if b == b'<' {
                        self.state = XmlState::Tag(None);
                        self.tag.clear();
                    }
                }
                XmlState::Tag(Some(q)) => {
                    if b == q {
                        self.state = XmlState::Tag(None);
                    }
                    self.push_tag(b)?;
                }
                XmlState::Tag(None) => {
                    if b == b'>' {
                        self.state = XmlState::Text;
                        let tag = std::mem::take(&mut self.tag);
                        self.on_tag(&tag);
                        self.tag = tag;
                        continue;
                    }
                    self.push_tag(b)?;
                    if self.tag.first() == Some(&b'!') {
                        // Declarations carry no quotes worth tracking.
                        if self.tag == b"!--" {
                            self.state = XmlState::Comment;
                        } else if self.tag == b"![CDATA[" {
                            self.state = XmlState::CData;
                        }
                    } else if self.tag.first() == Some(&b'?') {
                        self.state = XmlState::Instruction;
                    } else if b == b'"' || b == b'\'' {
                        self.state = XmlState::Tag(Some(b));
                    }
                }
                XmlState::Comment => {
                    if b == b'>' && self.tail == *b"--" {
                        self.state = XmlState::Text;
                    }
                }
                XmlState::CData => {
                    if b == b'>' && self.tail == *b"]]" {
                        self.state = XmlState::Text;
                    }
                }
                XmlState::Instruction => {
                    if b == b'>' && self.tail[1] == b'?' {
                        self.state = XmlState::Text;
                    }
                }
            }
            self.tail = [self.tail[1], b];
        }
        Ok(())
    }

    fn push_tag(&mut self, b: u8) -> Result<(), ImportErrorKind> {
        if self.tag.len() >= MAX_TAG_BYTES {
            return Err(ImportErrorKind::TooLarge(format!(
                "an XML tag longer than {} MiB",
                MAX_TAG_BYTES >> 20
            )));
        }
        self.tag.push(b);
        Ok(())
    }

    fn on_tag(&mut self, tag: &[u8]) {
        let (end, body) = match tag.strip_prefix(b"/") {
            Some(body) => (true, body),
            None => (false, tag),
        };
        let empty = body.last() == Some(&b'/');
        let name_len = body
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(body.len());
        let (name, attrs) = body.split_at(name_len);
        match (name, end) {
            (b"table:table", false) if !empty => {
                self.table_depth += 1;
                if self.table_depth == 1 {
                    self.table = OdsTable::default();
                }
            }
            (b"table:table", true) => {
                if self.table_depth == 1 {
                    self.end_row();
                    self.done = self.done.saturating_add(self.table.cost());
                    self.table = OdsTable::default();
                }
                self.table_depth = self.table_depth.saturating_sub(1);
            }
            // Rows of a table nested in a cell are skipped with the cell, as calamine does.
            (b"table:table-row", false) if self.table_depth == 1 => {
                self.end_row();
                let repeats = attr_number(attrs, b"table:number-rows-repeated");
                let remaining = ODS_MAX_ROWS.saturating_sub(self.table.rows);
                let repeats = repeats.min(remaining);
                self.table.rows += repeats;
                self.row = Some(OdsRow {
                    repeats,
                    ..OdsRow::default()
                });
                if empty {
                    self.end_row();
                }
            }
            (b"table:table-row", true) if self.table_depth == 1 => self.end_row(),
            (b"table:table-cell" | b"table:covered-table-cell", false) if self.table_depth == 1 => {
                if let Some(row) = self.row.as_mut() {
                    let repeats = attr_number(attrs, b"table:number-columns-repeated");
                    row.cell(repeats, has_value(attrs));
                }
            }
            _ => {}
        }
    }

    fn end_row(&mut self) {
        let Some(row) = self.row.take() else {
            return;
        };
        let t = &mut self.table;
        t.raw = t.raw.saturating_add(row.len);
        match row.first {
            Some(first) => {
                if t.started {
                    t.dense_rows = t.dense_rows.saturating_add(t.pending_rows + row.repeats);
                    t.dense_elements += t.pending_elements + 1;
                    t.col_min = t.col_min.min(first);
                    t.col_max = t.col_max.max(row.last);
                } else {
                    t.started = true;
                    t.dense_rows = row.repeats;
                    t.dense_elements = 1;
                    t.col_min = first;
                    t.col_max = row.last;
                }
                t.pending_rows = 0;
                t.pending_elements = 0;
            }
            None => {
                if t.started {
                    t.pending_rows = t.pending_rows.saturating_add(row.repeats);
                    t.pending_elements += 1;
                }
            }
        }
    }
}

impl OdsRow {
    /// One cell element: calamine pushes the empty run before a value, then the
    /// value's repeats, each capped to the row's 16,384 columns.
    fn cell(&mut self, repeats: u64, value: bool) {
        let flush = self.pending_empty.min(ODS_MAX_COLUMNS - self.len);
        self.len += flush;
        self.pending_empty = 0;
        let repeats = repeats.min(ODS_MAX_COLUMNS - self.len);
        if !value {
            self.pending_empty = repeats;
        } else if repeats > 0 {
            self.first.get_or_insert(self.len);
            self.len += repeats;
            self.last = self.len - 1;
        }
    }
}

/// A numeric attribute's value, 1 when absent or unreadable (calamine then fails).
fn attr_number(attrs: &[u8], name: &[u8]) -> u64 {
    attr_value(attrs, name)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

/// The raw value of an attribute in a tag's attribute text.
fn attr_value<'a>(attrs: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut rest = attrs;
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        let eq = rest.iter().position(|b| *b == b'=')?;
        let key = rest[..eq].trim_ascii();
        let after = rest[eq + 1..].trim_ascii_start();
        let quote = *after.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let len = after[1..].iter().position(|b| *b == quote)?;
        if key == name {
            return Some(&after[1..1 + len]);
        }
        rest = &after[len + 2..];
    }
}

/// Whether a cell tag may hold a value or formula for calamine: any `office:` value
/// attribute, a formula, or a LibreOffice error type. Styled empty cells have none.
fn has_value(attrs: &[u8]) -> bool {
    contains(attrs, b"office:") || contains(attrs, b"table:formula") || contains(attrs, b"calcext:")
}

// ---------------------------------------------------------------------------------
// Compound documents: xls, or encrypted OOXML.

const CFB_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

/// Tells an xls from an encrypted xlsx/xlsb or another Office document, and checks
/// that calamine's xls reader stays within bounds on it.
fn inspect_cfb(bytes: &[u8]) -> Result<Format, ImportErrorKind> {
    let cfb = Cfb::parse(bytes).map_err(ImportErrorKind::Corrupt)?;
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(ImportErrorKind::PasswordProtected);
    }
    if !cfb.has("Workbook") && !cfb.has("Book") {
        return Err(ImportErrorKind::NotATable(
            "a compound document without a workbook stream (a Word or other Office file?)"
                .to_owned(),
        ));
    }
    // calamine falls back to "Book" (BIFF5) whenever "Workbook" fails.
    let stream = match cfb.stream("Workbook") {
        Ok(stream) => stream,
        Err(first) => cfb.stream("Book").map_err(|second| {
            ImportErrorKind::Corrupt(if cfb.has("Workbook") { first } else { second })
        })?,
    };
    check_xls_size(&stream)?;
    Ok(Format::Xls)
}

/// A compound file (MS-CFB) read the way calamine 0.38's `cfb.rs` reads it, so that
/// the workbook stream seen here is the one calamine will parse; but every sector
/// chain is bounded by the file's sector count, where calamine would follow a cyclic
/// chain until memory runs out.
struct Cfb<'a> {
    /// The sectors after the header.
    body: &'a [u8],
    sector_size: usize,
    max_id: u32,
    fats: Vec<u32>,
    mini_fats: Vec<u32>,
    mini_stream: Vec<u8>,
    directories: Vec<CfbEntry>,
}

struct CfbEntry {
    name: String,
    start: u32,
    len: u64,
}

fn le_u16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    u64::from(le_u32(b, at)) | u64::from(le_u32(b, at + 4)) << 32
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

impl<'a> Cfb<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self, String> {
        if bytes.len() < 512 || !bytes.starts_with(CFB_SIGNATURE) {
            return Err("invalid compound document header".to_owned());
        }
        let header = &bytes[..512];
        let version = le_u16(header, 26);
        let sector_size = match le_u16(header, 30) {
            0x0009 => 512,
            0x000C => 4096,
            s => return Err(format!("invalid sector shift {s:#x}")),
        };
        if le_u16(header, 32) != 0x0006 {
            return Err("invalid mini sector shift".to_owned());
        }
        // calamine reads the sectors as a stream after a header of one sector.
        let body = bytes
            .get(sector_size..)
            .ok_or("the file ends inside its header")?;
        let max_id = u32::try_from(bytes.len() / sector_size).unwrap_or(u32::MAX);
        let mut cfb = Cfb {
            body,
            sector_size,
            max_id,
            fats: Vec::new(),
            mini_fats: Vec::new(),
            mini_stream: Vec::new(),
            directories: Vec::new(),
        };
        let dir_start = le_u32(header, 48);
        let mini_fat_start = le_u32(header, 60);
        let mini_fat_len = le_u32(header, 64) as usize;
        let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
        let mut id = le_u32(header, 68);
        let mut steps = 0u64;
        while id < RESERVED_SECTORS {
            steps += 1;
            if steps > u64::from(max_id) + 1 {
                return Err("the sector allocation table chain loops".to_owned());
            }
            difat.extend(u32s(cfb.sector(id)?));
            id = difat.pop().ok_or("empty sector allocation table")?;
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        if fat_sectors.len() as u64 > u64::from(max_id) + 1 {
            return Err("more allocation table sectors than the file holds".to_owned());
        }
        let mut fats = Vec::new();
        for id in fat_sectors {
            fats.extend(u32s(cfb.sector(id)?));
        }
        cfb.fats = fats;
        let dirs = cfb.chain(dir_start, usize::MAX)?;
        cfb.directories = dirs
            .chunks_exact(128)
            .map(|d| {
                let (name, _, _) = encoding_rs::UTF_16LE.decode(&d[..64]);
                let name = name.split('\0').next().unwrap_or_default().to_owned();
                let len = if sector_size == 512 {
                    u64::from(le_u32(d, 120))
                } else {
                    le_u64(d, 120)
                };
                CfbEntry {
                    name,
                    start: le_u32(d, 116),
                    len,
                }
            })
            .collect();
        let Some(root) = cfb.directories.first() else {
            return Err("empty root directory".to_owned());
        };
        if version != 3 && root.start == ENDOFCHAIN {
            return Err("empty root directory".to_owned());
        }
        if mini_fat_len > 0 {
            let (start, len) = (root.start, root.len);
            cfb.mini_stream = cfb.chain(start, usize::try_from(len).unwrap_or(usize::MAX))?;
            let mini_fat = cfb.chain(mini_fat_start, mini_fat_len.saturating_mul(sector_size))?;
            cfb.mini_fats = u32s(&mini_fat).collect();
        }
        Ok(cfb)
    }

    fn sector(&self, id: u32) -> Result<&'a [u8], String> {
        let start = (id as usize).saturating_mul(self.sector_size);
        if id > self.max_id || start > self.body.len() {
            return Err(format!("sector {id} points past the end of the file"));
        }
        Ok(&self.body[start..(start + self.sector_size).min(self.body.len())])
    }

    /// A chain of sectors, up to `len` bytes; an error where calamine would loop.
    fn chain(&self, start: u32, len: usize) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > u64::from(self.max_id) + 1 {
                return Err("a sector chain loops".to_owned());
            }
            let sector = self.sector(id)?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            if out.len() >= len {
                break;
            }
            id = *self
                .fats
                .get(id as usize)
                .ok_or_else(|| format!("sector {id} is outside the allocation table"))?;
        }
        Ok(out)
    }

    /// A chain of 64-byte mini sectors in the mini stream.
    fn mini_chain(&self, start: u32, len: usize) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.mini_stream.len() as u64 / 64 + 1 {
                return Err("a mini sector chain loops".to_owned());
            }
            let from = (id as usize).saturating_mul(64);
            let sector = self
                .mini_stream
                .get(from..(from + 64).min(self.mini_stream.len()))
                .ok_or_else(|| format!("mini sector {id} is outside the mini stream"))?;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            if out.len() >= len {
                break;
            }
            id = *self
                .mini_fats
                .get(id as usize)
                .ok_or_else(|| format!("mini sector {id} is outside the allocation table"))?;
        }
        Ok(out)
    }

    fn entry(&self, name: &str) -> Option<&CfbEntry> {
        self.directories
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
    }

    fn has(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    fn stream(&self, name: &str) -> Result<Vec<u8>, String> {
        let entry = self
            .entry(name)
            .ok_or_else(|| format!("no {name} stream"))?;
        let len = usize::try_from(entry.len).unwrap_or(usize::MAX);
        if entry.len < 4096 {
            self.mini_chain(entry.start, len)
        } else {
            self.chain(entry.start, len)
        }
    }
}

/// The most cells an xls sheet can hold (BIFF8: 65,536 rows by 256 columns); calamine
/// reserves room for a sheet's declared dimensions before reading it.
const XLS_MAX_DECLARED: u64 = 65_536 * 256;

/// One BIFF record: its type and data, with any CONTINUE records after it skipped, as
/// calamine's `RecordIter` does.
fn biff_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = le_u16(rest, 0);
        let len = le_u16(rest, 2) as usize;
        let record = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        while rest.len() > 4 && le_u16(rest, 0) == 0x003C {
            let len = le_u16(rest, 2) as usize;
            if rest.len() < len + 4 {
                return None;
            }
            rest = &rest[4 + len..];
        }
        Some((typ, record))
    })
}

/// A bounding box of cell positions.
#[derive(Debug, Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

/// Refuses an encrypted xls, and one whose sheets calamine would expand into more than
/// [`MAX_CELLS`] cells or that declares more than any xls sheet can hold.
///
/// calamine 0.38 parses every sheet when the workbook is opened: it reserves the
/// sheet's declared DIMENSIONS, then builds a dense grid over the bounding box of the
/// cell records (values and formulas each). Both are measured here by walking the
/// same records: the BoundSheet offsets in the globals, then each sheet's records up
/// to its EOF, skipping embedded chart substreams. Where calamine would stop with an
/// error, the walk stops too.
fn check_xls_size(stream: &[u8]) -> Result<(), ImportErrorKind> {
    let mut sheets = Vec::new();
    for (typ, data) in biff_records(stream) {
        match typ {
            // FilePass: the records after it are encrypted (calamine refuses it too,
            // except XOR obfuscation, which it would read as garbage).
            0x002F => return Err(ImportErrorKind::PasswordProtected),
            0x0085 if data.len() >= 4 => sheets.push(le_u32(data, 0) as usize),
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    for (index, pos) in sheets.into_iter().enumerate() {
        let Some(sheet) = stream.get(pos..) else {
            continue;
        };
        let (values, formulas) = xls_sheet_bounds(sheet, index)?;
        total = total
            .saturating_add(values.cells())
            .saturating_add(formulas.cells());
        if total > MAX_CELLS {
            return Err(ImportErrorKind::TooLarge(format!(
                "the sheets span {total} cells, more than {MAX_CELLS}"
            )));
        }
    }
    Ok(())
}

/// The bounding boxes of one xls sheet's value and formula cells.
fn xls_sheet_bounds(sheet: &[u8], index: usize) -> Result<(Bounds, Bounds), ImportErrorKind> {
    let mut values = Bounds::default();
    let mut formulas = Bounds::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    let cell = |data: &[u8]| (u32::from(le_u16(data, 0)), u32::from(le_u16(data, 2)));
    for (typ, data) in biff_records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => {
                // calamine stops at a malformed DIMENSIONS record: nothing reserved.
                let declared = xls_declared_cells(data).unwrap_or(0);
                if declared > XLS_MAX_DECLARED {
                    return Err(ImportErrorKind::TooLarge(format!(
                        "sheet {} declares {declared} cells, more than an xls sheet holds",
                        index + 1
                    )));
                }
            }
            // Number, Label, RString, BoolErr, RK, LabelSst.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD if data.len() >= 4 => {
                let (r, c) = cell(data);
                values.add(r, c);
            }
            // MulRk: one row, a run of columns.
            0x00BD if data.len() >= 6 => {
                let (r, first) = cell(data);
                let count = (data.len() - 6) / 6;
                if count > 0 {
                    values.add(r, first);
                    values.add(r, first + count as u32 - 1);
                }
            }
            // Formula: its cached value and its text.
            0x0006 if data.len() >= 20 => {
                let (r, c) = cell(data);
                values.add(r, c);
                formulas.add(r, c);
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok((values, formulas))
}

/// The cells a DIMENSIONS record makes calamine reserve, with its arithmetic (rows are
/// 32-bit in BIFF8, and calamine's subtraction wraps in release builds).
fn xls_declared_cells(data: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(le_u16(data, 0)),
            u32::from(le_u16(data, 2)),
            u32::from(le_u16(data, 4)),
            u32::from(le_u16(data, 6)),
        ),
        14 | 16 => (
            le_u32(data, 0),
            le_u32(data, 4),
            u32::from(le_u16(data, 8)),
            u32::from(le_u16(data, 10)),
        ),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    Some(rows.saturating_mul(cols))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use calamine::ExcelDateTimeType;

    use super::*;

    /// What a refusal must look like.
    type Expect = fn(&ImportErrorKind) -> bool;

    fn dt(s: &str) -> CellValue {
        CellValue::DateTime(s.parse().unwrap())
    }

    fn text(s: &str) -> CellValue {
        CellValue::Text(Arc::from(s))
    }

    fn read_mem(bytes: &[u8]) -> Result<RawFile, ImportErrorKind> {
        read(Path::new("x"), "x", bytes.to_vec()).map_err(|e| e.kind)
    }

    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

    /// A one-sheet xlsx ("Plan") with the given sheetData and extra parts.
    fn xlsx(dimension: &str, sheet_data: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#
        );
        let mut parts = vec![
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet.as_str()),
        ];
        parts.extend_from_slice(extra);
        zip_of(&parts)
    }

    /// A one-sheet ODS ("Plan") with the given table body.
    fn ods(table: &str) -> Vec<u8> {
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Plan">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", &content),
        ])
    }

    fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&col.to_le_bytes());
        data.extend_from_slice(&0u16.to_le_bytes());
        data.extend_from_slice(&value.to_le_bytes());
        biff(0x0203, &data)
    }

    fn dimensions(first_row: u32, last_row_plus_1: u32, cols: u16) -> Vec<u8> {
        let mut data = first_row.to_le_bytes().to_vec();
        data.extend_from_slice(&last_row_plus_1.to_le_bytes());
        data.extend_from_slice(&0u16.to_le_bytes());
        data.extend_from_slice(&cols.to_le_bytes());
        data.extend_from_slice(&0u16.to_le_bytes());
        biff(0x0200, &data)
    }

    /// A BIFF8 workbook stream: globals (`extra` before the sheet list) and one sheet
    /// "Plan" made of `records`.
    fn xls_stream(extra: &[u8], records: &[Vec<u8>]) -> Vec<u8> {
        let bof = |dt: u16| {
            let mut d = 0x0600u16.to_le_bytes().to_vec();
            d.extend_from_slice(&dt.to_le_bytes());
            d.extend_from_slice(&[0; 12]);
            biff(0x0809, &d)
        };
        let mut globals = bof(0x0005);
        globals.extend_from_slice(extra);
        let sheet_record_at = globals.len();
        // BoundSheet8: offset (patched below), visible worksheet, name "Plan".
        globals.extend(biff(
            0x0085,
            &[0, 0, 0, 0, 0, 0, 4, 0, b'P', b'l', b'a', b'n'],
        ));
        globals.extend(biff(0x000A, &[]));
        let offset = globals.len() as u32;
        globals[sheet_record_at + 4..sheet_record_at + 8].copy_from_slice(&offset.to_le_bytes());
        globals.extend(bof(0x0010));
        for r in records {
            globals.extend_from_slice(r);
        }
        globals.extend(biff(0x000A, &[]));
        globals
    }

    /// A version-3 compound file holding the named streams, each padded to at least
    /// 4096 bytes so that none lives in the mini stream. `fat_patch` overwrites FAT
    /// entries to build broken chains.
    fn cfb_file(streams: &[(&str, Vec<u8>)], fat_patch: &[(usize, u32)]) -> Vec<u8> {
        const FREE: u32 = 0xFFFF_FFFF;
        const FATSECT: u32 = 0xFFFF_FFFD;
        let mut fat = vec![FATSECT, ENDOFCHAIN];
        let mut data = Vec::new();
        let mut entries = Vec::new();
        for (name, bytes) in streams {
            let mut bytes = bytes.clone();
            if bytes.len() < 4096 {
                bytes.resize(4096, 0);
            }
            let start = fat.len() as u32;
            let sectors = bytes.len().div_ceil(512);
            for i in 0..sectors {
                fat.push(if i + 1 == sectors {
                    ENDOFCHAIN
                } else {
                    start + i as u32 + 1
                });
            }
            entries.push((name.to_string(), start, bytes.len() as u32));
            bytes.resize(sectors * 512, 0);
            data.extend(bytes);
        }
        assert!(fat.len() <= 128 && entries.len() <= 3);
        fat.resize(128, FREE);
        for (i, v) in fat_patch {
            fat[*i] = *v;
        }
        let mut header = CFB_SIGNATURE.to_vec();
        header.resize(512, 0);
        header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
        header[26..28].copy_from_slice(&3u16.to_le_bytes());
        header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        header[30..32].copy_from_slice(&9u16.to_le_bytes());
        header[32..34].copy_from_slice(&6u16.to_le_bytes());
        header[44..48].copy_from_slice(&1u32.to_le_bytes());
        header[48..52].copy_from_slice(&1u32.to_le_bytes());
        header[56..60].copy_from_slice(&4096u32.to_le_bytes());
        header[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        header[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for i in 0..109 {
            let v = if i == 0 { 0 } else { FREE };
            header[76 + i * 4..80 + i * 4].copy_from_slice(&v.to_le_bytes());
        }
        let mut dir = Vec::new();
        let entry = |name: &str, typ: u8, start: u32, len: u32, child: u32, right: u32| {
            let mut e = vec![0u8; 128];
            let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
            for (i, u) in units.iter().enumerate() {
                e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            e[66] = typ;
            e[68..72].copy_from_slice(&FREE.to_le_bytes());
            e[72..76].copy_from_slice(&right.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&len.to_le_bytes());
            e
        };
        dir.extend(entry("Root Entry", 5, ENDOFCHAIN, 0, 1, FREE));
        for (i, (name, start, len)) in entries.iter().enumerate() {
            let right = if i + 1 < entries.len() {
                i as u32 + 2
            } else {
                FREE
            };
            dir.extend(entry(name, 2, *start, *len, FREE, right));
        }
        dir.resize(512, 0);
        let mut out = header;
        out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
        out.extend(dir);
        out.extend(data);
        out
    }

    fn rows(file: &RawFile) -> Vec<(u32, Vec<CellValue>)> {
        sheet_rows(&file.sheets[0])
    }

    fn sheet_rows(sheet: &RawSheet) -> Vec<(u32, Vec<CellValue>)> {
        sheet
            .rows
            .iter()
            .map(|r| (r.number, r.cells.clone()))
            .collect()
    }

    #[test]
    fn converts_dates_times_and_durations() {
        let cases: Vec<(&str, CellValue, CellValue)> = vec![
            (
                "1900 serial",
                from_excel_datetime(&ExcelDateTime::new(
                    44197.0,
                    ExcelDateTimeType::DateTime,
                    false,
                )),
                dt("2021-01-01T00:00:00"),
            ),
            (
                "1904 serial",
                from_excel_datetime(&ExcelDateTime::new(
                    42735.0,
                    ExcelDateTimeType::DateTime,
                    true,
                )),
                dt("2021-01-01T00:00:00"),
            ),
            (
                "serial with time",
                from_excel_datetime(&ExcelDateTime::new(
                    44197.5,
                    ExcelDateTimeType::DateTime,
                    false,
                )),
                dt("2021-01-01T12:00:00"),
            ),
            (
                "duration over 24 h",
                from_excel_datetime(&ExcelDateTime::new(
                    10.632060185185185,
                    ExcelDateTimeType::TimeDelta,
                    false,
                )),
                text("255:10:10"),
            ),
            (
                "iso date",
                from_iso_datetime("2021-01-01"),
                dt("2021-01-01T00:00:00"),
            ),
            (
                "iso date-time",
                from_iso_datetime("2009-08-16T05:43:21"),
                dt("2009-08-16T05:43:21"),
            ),
            (
                "iso with offset",
                from_iso_datetime("2021-03-04T05:06:07+02:00"),
                dt("2021-03-04T05:06:07"),
            ),
            (
                "iso time only",
                from_iso_datetime("10:10:10"),
                text("10:10:10"),
            ),
            ("not a date", from_iso_datetime("soon"), text("soon")),
            (
                "iso duration",
                from_iso_duration("PT10H10M10S"),
                text("10:10:10"),
            ),
            (
                "iso duration with fraction",
                from_iso_duration("PT10H10M10.5S"),
                text("10:10:10.5"),
            ),
            (
                "iso duration with days",
                from_iso_duration("P1DT2H"),
                text("26:00:00"),
            ),
            (
                "negative iso duration",
                from_iso_duration("-PT30M"),
                text("-0:30:00"),
            ),
            ("bad iso duration", from_iso_duration("PTxS"), text("PTxS")),
            (
                "error cell",
                from_data(&Data::Error(CellErrorType::NA)),
                CellValue::Error("#N/A".into()),
            ),
            ("int", from_data(&Data::Int(15)), CellValue::Number(15.0)),
            (
                "empty string stays text",
                from_data(&Data::String(String::new())),
                text(""),
            ),
        ];
        for (name, got, want) in cases {
            assert_eq!(got, want, "{name}");
        }
    }

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

    #[test]
    fn catches_panics() {
        let got = guarded(|| -> u8 { panic!("boom") });
        assert_eq!(got, Err("the reader failed: boom".to_owned()));
    }

    #[test]
    fn reads_xlsx_sparsely_at_real_positions() {
        // Declares the whole grid and styles empty cells across it, like issue_174.
        let styled: String = (0..2000)
            .map(|c| format!(r#"<c r="{}3" s="1"/>"#, crate::model::column_letters(c)))
            .collect();
        let data = format!(
            r#"<row r="2"><c r="B2" t="inlineStr"><is><t>Sector</t></is></c><c r="D2"><v>3.5</v></c></row><row r="3">{styled}</row><row r="1048576"><c r="XFD1048576" t="b"><v>1</v></c></row>"#
        );
        let file = read_mem(&xlsx("A1:XFD1048576", &data, &[])).unwrap();
        let got = rows(&file);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0],
            (
                2,
                vec![
                    CellValue::Empty,
                    text("Sector"),
                    CellValue::Empty,
                    CellValue::Number(3.5)
                ]
            )
        );
        assert_eq!(got[1].0, 1_048_576);
        assert_eq!(got[1].1.len(), 16_384);
        assert_eq!(got[1].1.last(), Some(&CellValue::Bool(true)));
        assert_eq!(file.sheets[0].row_count, 1_048_576);
        assert_eq!(file.sheets[0].sheet.as_deref(), Some("Plan"));
    }

    #[test]
    fn refuses_a_shared_string_table_that_declares_more_than_it_holds() {
        let forged = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>"#;
        let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        let err =
            read_mem(&xlsx("A1", data, &[("xl/sharedStrings.xml", forged)])).expect_err("refused");
        assert!(
            matches!(&err, ImportErrorKind::Corrupt(m) if m.contains("declares 4000000000 strings")),
            "{err:?}"
        );
        // An honest table is read.
        let honest = forged.replace("4000000000", "1");
        let file = read_mem(&xlsx("A1", data, &[("xl/sharedStrings.xml", &honest)])).unwrap();
        assert!(file.sheets.iter().all(|s| s.rows.len() <= 1));
    }

    #[test]
    fn cells_that_refer_to_one_shared_string_hold_one_text() {
        let table = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="3"><si><t>Education</t></si><si><t>Culture</t></si><si><t>Education</t></si></sst>"#;
        let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="inlineStr"><is><t>Education</t></is></c></row>"#;
        let file = read_mem(&xlsx("A1:C2", data, &[("xl/sharedStrings.xml", table)])).unwrap();
        let rows = &file.sheets[0].rows;
        let text = |row: usize, col: usize| match &rows[row].cells[col] {
            CellValue::Text(t) => Arc::clone(t),
            other => panic!("not text: {other:?}"),
        };
        assert_eq!(
            [text(0, 0), text(0, 1), text(1, 0), text(1, 1), text(1, 2)].map(|t| t.to_string()),
            [
                "Education",
                "Culture",
                "Education",
                "Education",
                "Education"
            ]
        );
        // One table entry, one string, however many cells refer to it...
        assert!(Arc::ptr_eq(&text(0, 0), &text(1, 0)));
        // ...and a different entry or an inline string is its own, even with equal text.
        assert!(!Arc::ptr_eq(&text(0, 0), &text(1, 1)));
        assert!(!Arc::ptr_eq(&text(0, 0), &text(1, 2)));
        assert!(!Arc::ptr_eq(&text(0, 0), &text(0, 1)));
    }

    #[test]
    fn reads_xlsx_whose_cells_are_written_out_of_order() {
        // Some generators write rows, or cells within a row, in any order: the sheet is
        // then read a second time and sorted, and nothing is counted twice.
        let data = r#"<row r="3"><c r="B3"><v>3</v></c><c r="A3" t="inlineStr"><is><t>c</t></is></c></row><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c></row>"#;
        let file = read_mem(&xlsx("A1:B3", data, &[])).unwrap();
        assert_eq!(
            rows(&file),
            vec![
                (1, vec![text("a")]),
                (2, vec![text("b")]),
                (3, vec![text("c"), CellValue::Number(3.0)]),
            ]
        );
        assert_eq!(file.sheets[0].row_count, 3);
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    }

    /// Sheet data of one number per row, rows `1..=n` (the value is the row's number).
    fn numbered_rows(n: u32) -> String {
        (1..=n)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
            .collect()
    }

    #[test]
    fn a_long_sheet_is_read_whole_and_read_again_when_its_last_cell_is_out_of_order() {
        // Every cell of a sheet of many parts arrives, in order...
        let n = 12_293;
        let in_order = read_mem(&xlsx(&format!("A1:A{n}"), &numbered_rows(n), &[])).unwrap();
        let got = rows(&in_order);
        assert_eq!(got.len(), n as usize);
        assert!(got
            .iter()
            .all(|(r, cells)| cells == &vec![CellValue::Number(f64::from(*r))]));
        // ...and a cell out of order at the very end stops the stream, which is then run
        // again for the sorted read: nothing is lost or counted twice.
        let late = format!(
            r#"{}<row r="1"><c r="B1"><v>0.5</v></c></row>"#,
            numbered_rows(n)
        );
        let sorted = read_mem(&xlsx(&format!("A1:B{n}"), &late, &[])).unwrap();
        let got = rows(&sorted);
        assert_eq!(got.len(), n as usize);
        assert_eq!(
            got[0],
            (1, vec![CellValue::Number(1.0), CellValue::Number(0.5)])
        );
        assert_eq!(
            got[n as usize - 1],
            (n, vec![CellValue::Number(f64::from(n))])
        );
        assert_eq!(sorted.sheets[0].row_count, n);
        assert!(sorted.diagnostics.is_empty(), "{:?}", sorted.diagnostics);
    }

    #[test]
    fn calamine_failing_part_way_loses_the_sheet_with_its_error() {
        // calamine's error after thousands of cells ends the stream: the only sheet is
        // lost, so the file is refused as damaged, naming calamine's error.
        let n = 8192;
        let data = format!(
            r#"{}<row r="{}"><c r="A{}" t="s"><v>99</v></c></row>"#,
            numbered_rows(n),
            n + 1,
            n + 1
        );
        match read_mem(&xlsx(&format!("A1:A{}", n + 1), &data, &[])) {
            Err(ImportErrorKind::Corrupt(message)) => {
                assert!(message.contains("shared strings"), "{message}")
            }
            Err(other) => panic!("expected a damaged file, got {other}"),
            Ok(file) => panic!("expected a damaged file, read {} rows", rows(&file).len()),
        }
    }

    #[test]
    fn refuses_hostile_or_foreign_containers() {
        let forged_sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000000"><si><t>a</t></si></sst>"#;
        let bomb_rows: String = (0..700)
            .map(|_| r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#)
            .collect();
        let hidden_bomb = format!(r#"<!-- ' -->{bomb_rows}<!-- ' -->"#);
        let dos = r#"<table:table-row table:number-rows-repeated="999999999"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="999999999"/></table:table-row>"#;
        let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
            (
                "forged shared string count",
                xlsx("A1", "", &[("xl/sharedStrings.xml", forged_sst)]),
                |k| matches!(k, ImportErrorKind::Corrupt(m) if m.contains("shared string")),
            ),
            ("ods repeat bomb", ods(dos), |k| {
                matches!(k, ImportErrorKind::TooLarge(_))
            }),
            ("ods wide rows", ods(&bomb_rows), |k| {
                matches!(k, ImportErrorKind::TooLarge(_))
            }),
            (
                "ods rows between quotes in comments",
                ods(&hidden_bomb),
                |k| matches!(k, ImportErrorKind::TooLarge(_)),
            ),
            (
                "zip without a workbook",
                zip_of(&[("word/document.xml", "<w/>")]),
                |k| matches!(k, ImportErrorKind::NotATable(_)),
            ),
            (
                "opendocument text",
                zip_of(&[("mimetype", "application/vnd.oasis.opendocument.text")]),
                |k| matches!(k, ImportErrorKind::NotATable(_)),
            ),
            ("broken zip", b"PK\x03\x04garbage".to_vec(), |k| {
                matches!(k, ImportErrorKind::Corrupt(_))
            }),
            ("text", b"a,b\n".to_vec(), |k| {
                matches!(k, ImportErrorKind::NotATable(_))
            }),
        ];
        for (name, bytes, expected) in cases {
            match read_mem(&bytes) {
                Err(kind) => assert!(expected(&kind), "{name}: {kind}"),
                Ok(file) => panic!("{name}: read {} sheets", file.sheets.len()),
            }
        }
    }

    #[test]
    fn reads_ods_with_repeats_as_libreoffice_writes_them() {
        let table = r#"<table:table-column table:number-columns-repeated="1024"/>
            <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>Topic</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2020-03-01"/><table:table-cell table:number-columns-repeated="1020"/></table:table-row>
            <table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        let file = read_mem(&ods(table)).unwrap();
        assert_eq!(
            rows(&file),
            vec![(
                3,
                vec![
                    CellValue::Empty,
                    CellValue::Empty,
                    text("Topic"),
                    dt("2020-03-01T00:00:00")
                ]
            )]
        );
    }

    #[test]
    fn measures_ods_declared_sizes() {
        let cell = |attrs: &str| format!("<table:table-cell {attrs}/>");
        let row = |attrs: &str, cells: &str| {
            format!("<table:table-row {attrs}>{cells}</table:table-row>")
        };
        let cases: Vec<(&str, String, u64)> = vec![
            ("one value", row("", &cell(r#"office:value="1""#)), 4),
            (
                "trailing empties are free",
                row(
                    "",
                    &format!(
                        "{}{}",
                        cell(r#"office:value="1""#),
                        cell(r#"table:number-columns-repeated="9999""#)
                    ),
                ),
                4,
            ),
            (
                "repeated rows of values",
                row(
                    r#"table:number-rows-repeated="10""#,
                    &cell(r#"office:value="1" table:number-columns-repeated="3""#),
                ),
                2 * (3 + 30),
            ),
            (
                "empty rows between values count",
                format!(
                    "{}{}{}",
                    row("", &cell(r#"office:value="1""#)),
                    row(r#"table:number-rows-repeated="5""#, &cell("")),
                    row("", &cell(r#"office:value="1""#))
                ),
                2 * (2 + 7),
            ),
            (
                "rows capped like calamine",
                row(
                    r#"table:number-rows-repeated="99999999""#,
                    &cell(r#"office:value="1""#),
                ),
                2 * (1 + 1_048_576),
            ),
            (
                "a quoted > does not end a tag",
                row("", &cell(r#"table:formula="of:=[.A1]>0" office:value="1""#)),
                4,
            ),
        ];
        for (name, body, want) in cases {
            let xml = format!("<table:table table:name=\"S\">{body}</table:table>");
            let mut scan = OdsScan::default();
            // Fed byte by byte: chunk boundaries must not matter.
            for b in xml.as_bytes() {
                scan.feed(std::slice::from_ref(b)).unwrap();
            }
            assert_eq!(scan.cost(), want, "{name}");
        }
    }

    #[test]
    fn reads_xls_through_the_guard() {
        let stream = xls_stream(
            &[],
            &[dimensions(0, 2, 3), number(0, 0, 1.5), number(1, 2, 2.0)],
        );
        let file = read_mem(&cfb_file(&[("Workbook", stream)], &[])).unwrap();
        assert_eq!(file.sheets[0].sheet.as_deref(), Some("Plan"));
        assert_eq!(
            rows(&file),
            vec![
                (1, vec![CellValue::Number(1.5)]),
                (
                    2,
                    vec![CellValue::Empty, CellValue::Empty, CellValue::Number(2.0)]
                ),
            ]
        );
    }

    #[test]
    fn refuses_hostile_compound_documents() {
        let wb = |records: &[Vec<u8>]| xls_stream(&[], records);
        let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
            (
                "declared dimensions beyond an xls sheet",
                cfb_file(&[("Workbook", wb(&[dimensions(0, u32::MAX, 256)]))], &[]),
                |k| matches!(k, ImportErrorKind::TooLarge(_)),
            ),
            (
                "dimensions whose subtraction wraps",
                cfb_file(&[("Workbook", wb(&[dimensions(10, 5, 2)]))], &[]),
                |k| matches!(k, ImportErrorKind::TooLarge(_)),
            ),
            (
                "two cells spanning the grid",
                cfb_file(
                    &[(
                        "Workbook",
                        wb(&[number(0, 0, 1.0), number(65535, 255, 1.0)]),
                    )],
                    &[],
                ),
                |k| matches!(k, ImportErrorKind::TooLarge(_)),
            ),
            (
                "encrypted xls",
                cfb_file(
                    &[("Workbook", xls_stream(&biff(0x002F, &[1, 0, 1, 0]), &[]))],
                    &[],
                ),
                |k| matches!(k, ImportErrorKind::PasswordProtected),
            ),
            (
                "encrypted xlsx",
                cfb_file(
                    &[("EncryptionInfo", vec![1]), ("EncryptedPackage", vec![1])],
                    &[],
                ),
                |k| matches!(k, ImportErrorKind::PasswordProtected),
            ),
            (
                "word document",
                cfb_file(&[("WordDocument", vec![1])], &[]),
                |k| matches!(k, ImportErrorKind::NotATable(_)),
            ),
            (
                "cyclic directory chain",
                cfb_file(&[("Workbook", wb(&[]))], &[(1, 1)]),
                |k| matches!(k, ImportErrorKind::Corrupt(m) if m.contains("loops")),
            ),
            (
                "cyclic stream chain with a huge declared length",
                {
                    let mut file = cfb_file(&[("Workbook", wb(&[]))], &[(3, 2)]);
                    // The Workbook entry's length: 2 GiB.
                    let at = 1024 + 128 + 120;
                    file[at..at + 4].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
                    file
                },
                |k| matches!(k, ImportErrorKind::Corrupt(m) if m.contains("loops")),
            ),
            ("truncated header", CFB_SIGNATURE.to_vec(), |k| {
                matches!(k, ImportErrorKind::Corrupt(_))
            }),
        ];
        for (name, bytes, expected) in cases {
            match read_mem(&bytes) {
                Err(kind) => assert!(expected(&kind), "{name}: {kind}"),
                Ok(file) => panic!("{name}: read {} sheets", file.sheets.len()),
            }
        }
    }

    #[test]
    fn computes_xls_declared_sizes_as_calamine() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend_from_slice(&rl.to_le_bytes());
            d.extend_from_slice(&cf.to_le_bytes());
            d.extend_from_slice(&cl.to_le_bytes());
            d.extend_from_slice(&[0, 0]);
            d
        };
        let cases: Vec<(&str, Vec<u8>, Option<u64>)> = vec![
            ("ten by eight", dims(0, 10, 0, 8), Some(80)),
            ("offset start", dims(5, 10, 2, 4), Some(10)),
            ("empty sheet", dims(0, 0, 0, 0), Some(1)),
            ("bad first column reset", dims(0, 2, 300, 3), Some(6)),
            (
                "wrapping rows",
                dims(10, 5, 0, 1),
                Some(u64::from(u32::MAX) - 4),
            ),
            (
                "biff5 short form",
                vec![0, 0, 3, 0, 0, 0, 2, 0, 0, 0],
                Some(6),
            ),
            ("malformed", vec![1, 2, 3], None),
        ];
        for (name, data, want) in cases {
            assert_eq!(xls_declared_cells(&data), want, "{name}");
        }
    }

    #[test]
    fn finds_the_declared_shared_string_count() {
        let cases: &[(&str, &str, Option<u64>)] = &[
            (
                "plain",
                r#"<?xml version="1.0"?><sst count="3" uniqueCount="2">"#,
                Some(2),
            ),
            (
                "prefixed",
                r#"<x:sst xmlns:x="m" uniqueCount="7">"#,
                Some(7),
            ),
            (
                "decoy in a comment",
                r#"<!-- <sst uniqueCount="1"> --><sst uniqueCount="900000000000">"#,
                Some(900_000_000_000),
            ),
            (
                "quoted > before the count",
                r#"<sst a=">" uniqueCount="900000000000">"#,
                Some(900_000_000_000),
            ),
            ("no count", r#"<sst count="3">"#, Some(0)),
            (
                "leading zeros",
                r#"<sst uniqueCount="0000000000000000000000012">"#,
                Some(12),
            ),
            ("no table", r#"<worksheet/>"#, None),
        ];
        for (name, xml, want) in cases {
            assert_eq!(sst_unique_count(xml.as_bytes()), *want, "{name}");
        }
    }

    #[test]
    fn a_worksheet_that_inflates_too_far_refuses_the_file() {
        let rows: String = (1..=40_000)
            .map(|r| {
                format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>"#)
            })
            .collect();
        let bytes = xlsx("A1:A40000", &rows, &[]);
        let limits = |part, total| ZipLimits {
            part,
            total,
            parts_table: MAX_TABLE_FOR_PARTS,
        };
        let read_within = |bytes: &[u8], limits| {
            let mut sheets = crate::import::SheetCollector::default();
            read_within("x", bytes, limits, &mut sheets).map(|notes| sheets.into_file(notes))
        };
        let err = read_within(&bytes, limits(1 << 20, 8 << 20)).err();
        assert!(
            matches!(&err, Some(ImportErrorKind::TooLarge(m)) if m.contains("xl/worksheets/sheet1.xml")),
            "{err:?}"
        );
        // The total counts every member, the worksheet with the others.
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        let sheet = zip.by_name("xl/worksheets/sheet1.xml").unwrap().size();
        let all: u64 = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().size())
            .sum();
        assert!(sheet > 2 << 20 && all > sheet);
        let err = read_within(&bytes, limits(8 << 20, all - 1)).err();
        assert!(
            matches!(&err, Some(ImportErrorKind::TooLarge(m)) if m.contains("the zip members")),
            "{err:?}"
        );
        assert!(read_within(&bytes, limits(8 << 20, all)).is_ok());
        // Within the limits the same workbook is read whole.
        let file = read_within(&bytes, limits(8 << 20, 8 << 20)).unwrap();
        assert_eq!(file.sheets[0].rows.len(), 40_000);
    }

    /// What a read hands on: a line per call, and the rows.
    #[derive(Default)]
    struct Handed {
        log: Vec<String>,
        rows: Vec<u32>,
    }

    impl SheetSink for Handed {
        fn begin(&mut self, _: &str, sheet: Option<&str>) {
            self.log.push(format!("begin {}", sheet.unwrap_or("-")));
        }
        fn rows(&mut self, rows: Vec<RawRow>) {
            self.log.push(format!("rows {}", rows.len()));
            self.rows.extend(rows.iter().map(|r| r.number));
        }
        fn end(&mut self, row_count: u32, _: Vec<super::RejectedRow>) {
            self.log.push(format!("end {row_count}"));
        }
        fn void(&mut self) {
            self.log.push("void".to_owned());
        }
    }

    fn inline_rows(rows: impl Iterator<Item = u32>) -> String {
        rows.map(|r| {
            format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>v{r}</t></is></c></row>"#)
        })
        .collect()
    }

    #[test]
    fn a_worksheet_is_handed_on_in_parts_as_it_is_read_and_voided_if_read_again_or_lost() {
        let handed = |rows: &str| {
            let mut handed = Handed::default();
            let read = read_within("x", &xlsx("A1:A1300", rows, &[]), ZIP_LIMITS, &mut handed);
            (read, handed)
        };

        let (read, h) = handed(&inline_rows(1..=1300));
        assert!(read.is_ok());
        assert_eq!(
            h.log,
            ["begin Plan", "rows 512", "rows 512", "rows 276", "end 1300"]
        );
        assert_eq!(h.rows, (1..=1300).collect::<Vec<_>>());

        // Out of order after 1,100 rows: what was handed on is void, and the sheet comes
        // again, sorted, whole.
        let shuffled =
            inline_rows(1..=1100) + &inline_rows(1200..=1300) + &inline_rows(1101..=1199);
        let (read, h) = handed(&shuffled);
        assert!(read.is_ok());
        assert_eq!(
            h.log,
            [
                "begin Plan",
                "rows 512",
                "rows 512",
                "void",
                "begin Plan",
                "rows 1300",
                "end 1300"
            ]
        );
        assert_eq!(h.rows[1024..], (1..=1300).collect::<Vec<_>>());

        // With a shared-string table over the bound, the sheet comes whole once read.
        let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>s</t></si></sst>"#;
        let with_table = xlsx(
            "A1:A1300",
            &inline_rows(1..=1300),
            &[("xl/sharedStrings.xml", strings)],
        );
        for (bound, log) in [
            (
                1 << 20,
                &["begin Plan", "rows 512", "rows 512", "rows 276", "end 1300"][..],
            ),
            (16, &["begin Plan", "rows 1300", "end 1300"][..]),
        ] {
            let mut h = Handed::default();
            let limits = ZipLimits {
                parts_table: bound,
                ..ZIP_LIMITS
            };
            assert!(read_within("x", &with_table, limits, &mut h).is_ok());
            assert_eq!(h.log, log, "tables up to {bound} bytes");
        }

        // Damaged after 900 rows: void, and the workbook, with no other sheet, is damaged.
        let damaged = inline_rows(1..=900)
            + r#"<row r="901"><c r="A901" t="inlineStr"><is><t>&bogus;</t></is></c></row>"#;
        let (read, h) = handed(&damaged);
        assert!(matches!(read, Err(ImportErrorKind::Corrupt(_))), "{read:?}");
        assert_eq!(h.log, ["begin Plan", "rows 512", "void"]);
    }

    #[test]
    fn bounds_inflated_zip_sizes() {
        let big = "x".repeat(3 << 20);
        let bytes = zip_of(&[("a.xml", &big)]);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        let limits = |part, total| ZipLimits {
            part,
            total,
            parts_table: MAX_TABLE_FOR_PARTS,
        };
        let err = check_inflated_sizes(&mut zip, limits(1 << 20, 8 << 20)).err();
        assert!(matches!(err, Some(ImportErrorKind::TooLarge(m)) if m.contains("a.xml")));
        let err = check_inflated_sizes(&mut zip, limits(8 << 20, 2 << 20)).err();
        assert!(
            matches!(err, Some(ImportErrorKind::TooLarge(m)) if m.contains("together") || m.contains("members"))
        );
        let measured = check_inflated_sizes(&mut zip, limits(8 << 20, 8 << 20)).unwrap();
        assert_eq!(measured.total, 3 << 20);
    }
}
