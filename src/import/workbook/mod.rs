//! Workbooks (xlsx, xlsm, xlsb, xls, ods) into raw sheets, through calamine.
//!
//! Circulated workbooks come from every kind of tool, and some files in the wild (and
//! in calamine's own test suite) are built to exhaust a naive reader. So reading one is
//! three steps, each in files of its own, with the cell conversion (`cells.rs`) beside:
//!
//! 1. **Inspecting the container** before calamine allocates anything: the reader is
//!    chosen by content, not by name (`archive.rs`: a zip holding `content.xml` or
//!    `mimetype` is ODS, one holding `workbook.bin` xlsb, one holding `workbook.xml`
//!    xlsx/xlsm; `cfb.rs`: a compound document is xls, or an encrypted xlsx/xlsb when
//!    it holds an `EncryptedPackage` stream), and what reading it would cost is
//!    bounded. Every zip member is inflated once to measure it (zip bombs); calamine
//!    parses xls and ods whole into dense grids when the workbook is opened, so their
//!    declared sizes are measured by scans that mirror calamine's own arithmetic
//!    (`biff.rs` for the BIFF records of xls, `ods.rs` for the row and column repeats
//!    of ODS), and a workbook that would need more than [`MAX_CELLS`] cells is refused.
//! 2. **Mending** what calamine 0.38 cannot read in a valid workbook (`repair.rs`:
//!    UTF-16 XML parts, an ODS without its `mimetype` or with spaces between its
//!    cells, an xlsb with a macro sheet or absolute part paths), in a copy made only
//!    for such a file; and telling the xls code page calamine is to use (`biff.rs`).
//! 3. **Reading the sheets** with calamine (`reader.rs`): xlsx and xlsb worksheets are
//!    streamed cell by cell and only values are kept (a sheet may declare
//!    `A1:XFD1048576` and style every cell), their rows built as the cells come
//!    (`rows.rs`) and handed on a part at a time (`book.rs`); xls and ods sheets come
//!    from calamine's ranges. Every calamine call is contained (`guard.rs`): a panic
//!    becomes a damaged-file error, or a warning when only one sheet is affected and
//!    the others could be read.
//!
//! Everything runs on the caller's thread: a workbook is read the way it is written,
//! one sheet after another, and the pipeline decides what runs beside it.
//!
//! Positions are made absolute (calamine's are 0-based and relative to a range that
//! need not start at A1). Merged cells keep only their top-left value; the regions
//! are handed on with the sheet ([`SheetShape`]: from the worksheet XML for xlsx,
//! `shape.rs`, from `content.xml` for ods, `ods.rs`, from calamine for xls), with the
//! rows hidden (xlsx, ods, xls: `biff.rs`) and whether the sheet is hidden, and the layout stage gives
//! a merged value to what it covers.

use std::collections::HashMap;
use std::io::Cursor;

use crate::diagnostic::Diagnostic;
use crate::model::{CellValue, SheetShape};

use super::{sniff, FileKind, ImportError, ImportErrorKind, SheetSink};

mod archive;
mod biff;
mod book;
mod cells;
mod cfb;
mod guard;
mod ods;
mod reader;
mod repair;
mod rows;
mod shape;
mod xml;

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

use archive::ZipLimits;
use book::Book;
use guard::guarded;

/// The most cells a workbook may make us hold at once: the dense grids calamine builds
/// for xls and ods, or the rows built here (padded from column A). About 30 to 60
/// bytes each, so a few hundred megabytes at most; real workplans hold thousands.
pub const MAX_CELLS: u64 = 10_000_000;

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

/// How far a workbook's zip members may inflate, and the largest shared-string table
/// read with its rows handed on in parts.
#[derive(Debug, Clone, Copy)]
struct Limits {
    zip: ZipLimits,
    parts_table: u64,
}

const LIMITS: Limits = Limits {
    zip: archive::ZIP_LIMITS,
    parts_table: MAX_TABLE_FOR_PARTS,
};

type Bytes<'a> = Cursor<&'a [u8]>;

/// The workbook formats calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xlsb,
    /// An xls, with the code page to read its text in where calamine would not know
    /// the one it declares.
    Xls {
        code_page: Option<u16>,
    },
    Ods,
}

/// What inspecting a container found: the format, what its shared-string tables
/// inflate to, what it needs mended before calamine can read it, and what an xlsx says
/// of its worksheets beside their values, by sheet name.
struct Inspected {
    format: Format,
    tables: u64,
    mends: repair::Mends,
    shapes: HashMap<String, SheetShape>,
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

/// Reads every worksheet of a workbook, in workbook order, handing the sheets to
/// `sink` as they are read: the rows of an xlsx or xlsb worksheet a part at a time
/// while it is streamed, other sheets whole.
///
/// `bytes` are the whole file; the reader is chosen from them, not from the file's
/// name. A sheet that fails while others can be read becomes a warning.
pub(crate) fn read_into(
    display: &str,
    bytes: &[u8],
    sink: &mut dyn SheetSink,
) -> Result<Vec<Diagnostic>, ImportError> {
    read_within(display, bytes, LIMITS, sink).map_err(ImportError::of(display))
}

/// Reads a workbook from its bytes within the limits given: inspects the container
/// (every zip member measured, the declared sizes of xls and ods checked), then reads
/// its sheets.
fn read_within(
    display: &str,
    bytes: &[u8],
    limits: Limits,
    sink: &mut dyn SheetSink,
) -> Result<Vec<Diagnostic>, ImportErrorKind> {
    // The zip crate and the scans meet the same hostile bytes as calamine.
    let Inspected {
        format,
        tables,
        mends,
        shapes,
    } = guarded(|| inspect(bytes, limits.zip)).map_err(ImportErrorKind::Corrupt)??;
    let mended = if mends.is_empty() {
        None
    } else {
        Some(guarded(|| repair::mend(bytes, &mends)).map_err(ImportErrorKind::Corrupt)??)
    };
    let bytes = mended.as_deref().unwrap_or(bytes);
    let mut book = Book::new(display, sink, tables > limits.parts_table);
    book.sheets.shapes = shapes;
    guarded(|| reader::read(format, bytes, &mut book)).map_err(ImportErrorKind::Corrupt)??;
    // The workbook, and calamine's copy of its texts, are gone by now.
    book.hand_on_kept();
    book.finish()
}

/// Tells the workbook format from the container, and checks that reading it stays
/// within bounds.
fn inspect(bytes: &[u8], limits: ZipLimits) -> Result<Inspected, ImportErrorKind> {
    match sniff(bytes) {
        FileKind::Zip => archive::inspect(bytes, limits),
        FileKind::Cfb => cfb::inspect(bytes).map(|(format, shapes)| Inspected {
            format,
            tables: 0,
            mends: repair::Mends::default(),
            shapes,
        }),
        FileKind::Text => Err(ImportErrorKind::NotATable(
            "neither a zip container nor a compound document".to_owned(),
        )),
        FileKind::Biff(version) => Err(ImportErrorKind::OldExcel(version)),
    }
}
