//! Driving calamine: each format opened from the workbook's bytes, and each worksheet
//! read into rows.
//!
//! xlsx and xlsb worksheets are streamed cell by cell ([`read_streamed`]): the rows are
//! built as the cells come and handed on a part at a time, and a sheet whose cells come
//! out of order (spreadsheet programs write them in order, other writers may not) is
//! streamed a second time, its values collected and sorted. Styled empty cells are
//! skipped but counted against [`MAX_STREAMED`]. xls and ods sheets are calamine's
//! dense ranges, whose size the inspection bounded before the workbook was opened.
//! Every call into calamine runs [`guarded`].

use std::io::Cursor;
use std::sync::Arc;

use calamine::{
    Data, DataRef, Dimensions, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Xls,
    XlsError, XlsOptions, Xlsb, XlsbError, Xlsx, XlsxError,
};

use crate::diagnostic::{Diagnostic, Kind};
use crate::import::ImportErrorKind;
use crate::model::{
    is_companion_sheet, CellRange, CellValue, Location, SourceCell, ACTIVITIES_SHEET,
};

use super::book::Book;
use super::cells::{from_data, from_data_ref};
use super::guard::guarded;
use super::rows::{build_sheet, too_many_cells, BuiltSheet, RowBuilder};
use super::{Bytes, Format, SheetError, Sparse, MAX_CELLS};

/// The most cell records streamed from one xlsx/xlsb workbook, empty styled ones
/// included; bounds the time spent on sheets that style whole columns.
const MAX_STREAMED: u64 = 20_000_000;

/// How many rows of a streamed worksheet are handed on at a time.
const ROWS_PER_PART: usize = 512;

/// Reads every worksheet of a workbook of the format given into `book`.
pub(super) fn read(
    format: Format,
    bytes: &[u8],
    book: &mut Book<'_>,
) -> Result<(), ImportErrorKind> {
    match format {
        Format::Xlsx => read_xlsx(bytes, book),
        Format::Xlsb => read_xlsb(bytes, book),
        Format::Xls { code_page } => read_xls(bytes, code_page, book),
        Format::Ods => read_ods(bytes, book),
    }
}

/// The names of the worksheets to read, in workbook order (chart, macro and dialog
/// sheets hold no table), each the workbook hides marked so in `book`. In a canonical
/// workbook (`activities.xlsx`, which has an `Activities` sheet) the sheets beside the
/// activities are a run's outputs, not workplans: they are passed over, each with a
/// note in `book`.
fn worksheet_names(sheets: &[calamine::Sheet], book: &mut Book<'_>) -> Vec<String> {
    let mut names: Vec<String> = sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| {
            if s.visible != SheetVisible::Visible {
                book.sheets.shapes.entry(s.name.clone()).or_default().hidden = true;
            }
            s.name.clone()
        })
        .collect();
    if names.iter().any(|n| n == ACTIVITIES_SHEET) {
        names.retain(|name| {
            let companion = is_companion_sheet(name);
            if companion {
                let place = Location::file(book.display).with_sheet(Some(name));
                book.note(Diagnostic::new(place, Kind::CompanionSheetSkipped));
            }
            !companion
        });
    }
    names
}

/// calamine's merged regions (0-based) as cell ranges.
fn merged(regions: Vec<Dimensions>) -> Vec<CellRange> {
    let cell = |(row, col): (u32, u32)| SourceCell {
        row: row.saturating_add(1),
        col,
    };
    regions
        .into_iter()
        .map(|d| CellRange {
            first: cell(d.start),
            last: cell(d.end),
        })
        .collect()
}

fn read_xlsx(bytes: &[u8], book: &mut Book<'_>) -> Result<(), ImportErrorKind> {
    let mut wb: Xlsx<Bytes<'_>> = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => ImportErrorKind::PasswordProtected,
        e => ImportErrorKind::Corrupt(e.to_string()),
    })?;
    // Lives no longer than `wb`, whose shared strings it keys by address.
    let mut shared = SharedTexts::default();
    for name in worksheet_names(wb.sheets_metadata(), book) {
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
    for name in worksheet_names(wb.sheets_metadata(), book) {
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
/// Kept for memory, not speed: a million-row workbook's sheets are held whole until it
/// is closed ([`super::MAX_TABLE_FOR_PARTS`]), and without this `check` on one peaked
/// at 2,029 MB instead of 1,803 MB; at 100,000 rows it saves no measurable time.
///
/// Keys are addresses inside the workbook's table: a `SharedTexts` must not outlive
/// the workbook it was filled from.
#[derive(Default)]
pub(super) struct SharedTexts {
    by_address: rustc_hash::FxHashMap<(usize, usize), Arc<str>>,
}

impl SharedTexts {
    pub(super) fn text(&mut self, s: &str) -> Arc<str> {
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

fn read_xls(
    bytes: &[u8],
    code_page: Option<u16>,
    book: &mut Book<'_>,
) -> Result<(), ImportErrorKind> {
    let mut options = XlsOptions::default();
    options.force_codepage = code_page;
    let wb = Xls::new_with_options(Cursor::new(bytes), options);
    let mut wb: Xls<Bytes<'_>> = wb.map_err(|e| match e {
        XlsError::Password => ImportErrorKind::XlsEncrypted,
        e => ImportErrorKind::Corrupt(e.to_string()),
    })?;
    let display = book.display;
    for name in worksheet_names(wb.sheets_metadata(), book) {
        if let Ok(regions) = wb.merge_cells_by_sheet_name(&name) {
            let shape = book.sheets.shapes.entry(name.clone()).or_default();
            shape.merged = merged(regions);
        }
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
    for name in worksheet_names(wb.sheets_metadata(), book) {
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
