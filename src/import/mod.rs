//! Reading: input files become raw sheets of typed cells, each row keeping its number.
//!
//! [`read`] dispatches on the file's first bytes, not its extension (a `.xlsx` that is
//! really CSV is read as CSV). Spreadsheets go through calamine ([`workbook`]),
//! delimited text through the csv crate ([`csv`]). [`crate::layout`] then finds the tables.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{Location, RawRow, RawSheet, RejectedRow, SheetShape, SourceCell};

pub mod csv;
pub mod workbook;

/// The longest cell accepted, in bytes of text: about eight times the 32,767
/// characters Excel lets a cell hold. A row with a longer cell is rejected (it is in
/// `rejects.csv`, the long cell cut short there); this bounds the time normalising
/// one cell can take.
pub const MAX_CELL_BYTES: usize = 256 << 10;

/// The largest workbook (or UTF-16 text) read, in bytes: they are read whole.
/// Workplans are kilobytes; this bounds the memory a mistaken or hostile input can
/// take. Other text is read a block at a time, bounded by the cells it makes.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// How much of an overlong cell `rejects.csv` shows.
const PREVIEW_CHARS: usize = 200;

/// A row refused while reading because of an overlong cell: the message for the
/// warning, and the row for `rejects.csv`. `cells` are each cell's text (an overlong
/// one may already be cut short) with its full length in bytes.
pub(crate) fn overlong_row(
    file: &str,
    sheet: Option<&str>,
    row: u32,
    cells: Vec<(String, usize)>,
) -> (Diagnostic, RejectedRow) {
    let mut reason = String::new();
    let mut texts = Vec::with_capacity(cells.len());
    for (col, (text, len)) in cells.into_iter().enumerate() {
        if len <= MAX_CELL_BYTES {
            texts.push(text);
            continue;
        }
        if reason.is_empty() {
            let at = SourceCell {
                row,
                col: u32::try_from(col).unwrap_or(u32::MAX),
            };
            reason = format!(
                "cell {at} holds {len} bytes of text, more than the {MAX_CELL_BYTES} a cell may hold"
            );
        }
        let preview: String = text.chars().take(PREVIEW_CHARS).collect();
        texts.push(format!("{preview}… [cut: {len} bytes in all]"));
    }
    let place = Location::file(file).with_sheet(sheet).with_row(row);
    let rejected = RejectedRow {
        file: file.to_owned(),
        sheet: sheet.map(str::to_owned),
        row,
        reason: reason.clone(),
        cells: texts,
    };
    let warning = Diagnostic::new(place, Kind::CellTooLong { reason });
    (warning, rejected)
}

/// What an input file turned into.
#[derive(Debug)]
pub struct RawFile {
    /// The sheets, in workbook order.
    pub sheets: Vec<RawSheet>,
    /// Problems that did not stop the file being read (a sheet that could not be read,
    /// an undecodable byte sequence), and notes on how it was read where that was
    /// detected rather than declared (the encoding of a CSV file without a byte order
    /// mark).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct ImportError {
    /// The file.
    pub path: String,
    /// What went wrong.
    pub kind: ImportErrorKind,
}

impl ImportError {
    /// Makes the errors of the file named `display` from their reasons.
    pub(crate) fn of(display: &str) -> impl Fn(ImportErrorKind) -> ImportError + '_ {
        move |kind| ImportError {
            path: display.to_owned(),
            kind,
        }
    }
}

/// The reasons a file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportErrorKind {
    /// The file could not be opened or read.
    #[error("cannot read the file ({0}): check that it exists and that you may read it")]
    Io(#[from] std::io::Error),
    /// Not a spreadsheet nor delimited text.
    #[error(
        "not a spreadsheet or CSV file ({0}): give a workbook (.xlsx .xls .ods ...) or a CSV file"
    )]
    NotATable(String),
    /// Encrypted workbook.
    #[error("the workbook is password-protected: save an unprotected copy and run again")]
    PasswordProtected,
    /// An encrypted xls. Excel encrypts a workbook with a built-in default key when it
    /// is protected without an opening password (it then opens it without asking);
    /// no maintained crate decrypts either kind.
    #[error(
        "the workbook is encrypted, with a password or with Excel's built-in default key (a file Excel opens without asking for one), and cannot be decrypted here: open it in Excel and save it as .xlsx without a password"
    )]
    XlsEncrypted,
    /// A bare BIFF stream: a worksheet of Excel 2.x to 4.0, or an Excel 5.0 to 2003
    /// workbook stream taken out of its compound document.
    #[error("{0}, which cannot be read: open it in Excel or LibreOffice and save it as .xlsx")]
    OldExcel(BiffVersion),
    /// An xls whose text is in a code page that cannot be decoded.
    #[error(
        "the workbook's text is in {}, which cannot be decoded: open it in Excel or LibreOffice and save it as .xlsx",
        code_page_name(*.0)
    )]
    CodePage(u16),
    /// A damaged file.
    #[error("the file is damaged and cannot be read ({0}): open it in the program that made it and save a new copy")]
    Corrupt(String),
    /// Too big to read safely.
    #[error("the file is too large to read safely ({0}): remove what does not belong to the workplan, or split it")]
    TooLarge(String),
    /// Text whose encoding could not be determined.
    #[error("unknown text encoding ({0}): save the file as UTF-8 CSV")]
    Encoding(String),
}

/// A Windows code page by its number, and by name where it is one met in old workbooks.
fn code_page_name(code: u16) -> String {
    let name = match code {
        437 => "DOS Latin US",
        850 => "DOS Latin 1",
        852 => "DOS Latin 2",
        10029 => "Mac Central European",
        10006 => "Mac Greek",
        10081 => "Mac Turkish",
        10082 => "Mac Croatian",
        _ => return format!("code page {code}"),
    };
    format!("code page {code} ({name})")
}

/// The kind of file, told by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A zip container: xlsx, xlsm, ods (and xlsb).
    Zip,
    /// An OLE compound file: xls (or an encrypted xlsx/xlsb).
    Cfb,
    /// A BIFF stream with no container: an Excel file of 1987 to 1993.
    Biff(BiffVersion),
    /// Anything else is tried as delimited text.
    Text,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Zip => "zip container",
            FileKind::Cfb => "compound document",
            FileKind::Biff(_) => "BIFF stream",
            FileKind::Text => "text",
        })
    }
}

/// The Excel version of a BIFF stream found with no compound document around it, told
/// by its first record (BOF). Excel 2.x to 4.0 saved a worksheet so; calamine reads
/// BIFF5 and BIFF8 only, and only inside their container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BiffVersion {
    /// BIFF2: Excel 2.x, 1987.
    Excel2,
    /// BIFF3: Excel 3.0, 1990.
    Excel3,
    /// BIFF4: Excel 4.0, 1992.
    Excel4,
    /// BIFF5: Excel 5.0 and 95, 1993.
    Excel5,
    /// BIFF8: Excel 97 to 2003.
    Excel8,
}

impl BiffVersion {
    /// The version that a BIFF stream's first bytes (its BOF record: `09 00`, `09 02`,
    /// `09 04` or `09 08`, then a length fitting the version) announce.
    fn of(bytes: &[u8]) -> Option<Self> {
        let [0x09, id, len, 0, v0, v1, ..] = *bytes else {
            return None;
        };
        Some(match (id, len) {
            (0x00, 4) => BiffVersion::Excel2,
            (0x02, 6) => BiffVersion::Excel3,
            (0x04, 6) => BiffVersion::Excel4,
            (0x08, 16) => BiffVersion::Excel8,
            (0x08, 8) if u16::from_le_bytes([v0, v1]) == 0x0600 => BiffVersion::Excel8,
            (0x08, 8) => BiffVersion::Excel5,
            _ => return None,
        })
    }
}

impl fmt::Display for BiffVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BiffVersion::Excel2 => "an Excel 2.x worksheet (1987 format)",
            BiffVersion::Excel3 => "an Excel 3.0 worksheet (1990 format)",
            BiffVersion::Excel4 => "an Excel 4.0 worksheet (1992 format)",
            BiffVersion::Excel5 => {
                "an Excel 5.0 workbook stream outside its container (1993 format)"
            }
            BiffVersion::Excel8 => "an Excel 97-2003 workbook stream outside its container",
        })
    }
}

/// Extensions searched for when an input is a folder.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// Reads one input file into raw sheets. `display` is how the file is named in
/// outputs and messages.
///
/// Delimited text is read a block at a time, never held whole: a CSV export of a
/// million activities is read in the memory its rows take (the cells it may make are
/// bounded instead). A workbook is read whole, up to [`MAX_FILE_BYTES`].
pub fn read(path: &Path, display: &str) -> Result<RawFile, ImportError> {
    let mut sheets = SheetCollector::default();
    let diagnostics = read_into(path, display, &mut sheets)?;
    Ok(sheets.into_file(diagnostics))
}

/// [`read`], handing the sheets to `sink` as they are read: the rows of an xlsx or
/// xlsb worksheet a part at a time while it is still being read, so that they can be
/// laid out and normalised meanwhile; other sheets whole. When the file turns out to
/// be unreadable half way (damaged, too large), what was handed on is to be forgotten:
/// the error says so.
pub fn read_into(
    path: &Path,
    display: &str,
    sink: &mut dyn SheetSink,
) -> Result<Vec<Diagnostic>, ImportError> {
    let mut tally = Tally::new(sink);
    let diagnostics = read_file(path, display, &mut tally)?;
    Ok(tally.noted(display, diagnostics))
}

/// [`read_into`], but for the warning of a file that holds nothing.
fn read_file(
    path: &Path,
    display: &str,
    sink: &mut dyn SheetSink,
) -> Result<Vec<Diagnostic>, ImportError> {
    use std::io::Read as _;
    let err = ImportError::of(display);
    let mut file = std::fs::File::open(path).map_err(|e| err(ImportErrorKind::Io(e)))?;
    let size = file
        .metadata()
        .map_err(|e| err(ImportErrorKind::Io(e)))?
        .len();
    // Enough to tell a zip or compound document from text.
    let mut magic = Vec::with_capacity(8);
    (&mut file)
        .take(8)
        .read_to_end(&mut magic)
        .map_err(|e| err(ImportErrorKind::Io(e)))?;
    match sniff(&magic) {
        FileKind::Text => {
            let mut text = magic.as_slice().chain(file);
            return Ok(hand_on(csv::read_from(display, &mut text)?, sink));
        }
        FileKind::Biff(version) => return Err(err(ImportErrorKind::OldExcel(version))),
        FileKind::Zip | FileKind::Cfb => {}
    }
    if size > MAX_FILE_BYTES {
        return Err(err(ImportErrorKind::TooLarge(format!(
            "{size} bytes; workbooks up to {MAX_FILE_BYTES} bytes are read"
        ))));
    }
    let mut bytes = magic;
    file.read_to_end(&mut bytes)
        .map_err(|e| err(ImportErrorKind::Io(e)))?;
    read_bytes_sheets(display, bytes, sink)
}

/// Reads a file's bytes, already in memory, into raw sheets: what [`read`] does once
/// it has read the file. `display` is how the file is named in messages.
pub fn read_bytes(display: &str, bytes: Vec<u8>) -> Result<RawFile, ImportError> {
    let mut sheets = SheetCollector::default();
    let diagnostics = read_bytes_into(display, bytes, &mut sheets)?;
    Ok(sheets.into_file(diagnostics))
}

/// [`read_bytes`], handing the sheets to `sink` as [`read_into`] does.
pub fn read_bytes_into(
    display: &str,
    bytes: Vec<u8>,
    sink: &mut dyn SheetSink,
) -> Result<Vec<Diagnostic>, ImportError> {
    let mut tally = Tally::new(sink);
    let diagnostics = read_bytes_sheets(display, bytes, &mut tally)?;
    Ok(tally.noted(display, diagnostics))
}

/// [`read_bytes_into`], but for the warning of a file that holds nothing.
fn read_bytes_sheets(
    display: &str,
    bytes: Vec<u8>,
    sink: &mut dyn SheetSink,
) -> Result<Vec<Diagnostic>, ImportError> {
    match sniff(&bytes) {
        FileKind::Zip | FileKind::Cfb => workbook::read_into(display, &bytes, sink),
        FileKind::Text => Ok(hand_on(csv::read(display, &bytes)?, sink)),
        FileKind::Biff(version) => {
            Err(ImportError::of(display)(ImportErrorKind::OldExcel(version)))
        }
    }
}

/// Hands the sheets of a file read whole to `sink`; what else it says is returned.
fn hand_on(file: RawFile, sink: &mut dyn SheetSink) -> Vec<Diagnostic> {
    for sheet in file.sheets {
        sink.begin(&sheet.file, sheet.sheet.as_deref(), sheet.shape);
        sink.rows(sheet.rows);
        sink.end(sheet.row_count, sheet.rejected);
    }
    file.diagnostics
}

/// Takes the sheets of a file as they are read ([`read_into`]), in order: each sheet is
/// begun, its rows handed on in parts, then ended, or voided.
pub trait SheetSink {
    /// A sheet begins: `sheet` is its name, `None` for delimited text; `shape` what the
    /// workbook says of its cells beside their values (merged, hidden).
    fn begin(&mut self, file: &str, sheet: Option<&str>, shape: SheetShape);
    /// More rows of the sheet begun last, in order.
    fn rows(&mut self, rows: Vec<RawRow>);
    /// The sheet begun last is whole: `row_count` is the number of its last row that
    /// holds anything, `rejected` the rows refused while reading ([`RawSheet`]).
    fn end(&mut self, row_count: u32, rejected: Vec<RejectedRow>);
    /// The sheet begun last is void: its rows handed on are to be forgotten (it is read
    /// again, sorted, or it is lost and a warning says so).
    fn void(&mut self);
}

/// Collects sheets whole: [`read`] through [`read_into`].
#[derive(Default)]
pub(crate) struct SheetCollector {
    sheets: Vec<RawSheet>,
    open: Option<RawSheet>,
}

impl SheetCollector {
    pub(crate) fn into_file(self, diagnostics: Vec<Diagnostic>) -> RawFile {
        RawFile {
            sheets: self.sheets,
            diagnostics,
        }
    }
}

impl SheetSink for SheetCollector {
    fn begin(&mut self, file: &str, sheet: Option<&str>, shape: SheetShape) {
        self.open = Some(RawSheet {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
            rows: Vec::new(),
            row_count: 0,
            rejected: Vec::new(),
            shape,
        });
    }

    fn rows(&mut self, mut rows: Vec<RawRow>) {
        if let Some(sheet) = &mut self.open {
            sheet.rows.append(&mut rows);
        }
    }

    fn end(&mut self, row_count: u32, rejected: Vec<RejectedRow>) {
        if let Some(mut sheet) = self.open.take() {
            sheet.row_count = row_count;
            sheet.rejected = rejected;
            self.sheets.push(sheet);
        }
    }

    fn void(&mut self) {
        self.open = None;
    }
}

/// Passes sheets on, noting whether any was ended and whether any held anything: a
/// file whose sheets are all empty is worth a warning.
struct Tally<'s> {
    sink: &'s mut dyn SheetSink,
    sheets: usize,
    content: bool,
    open_content: bool,
}

impl<'s> Tally<'s> {
    fn new(sink: &'s mut dyn SheetSink) -> Self {
        Tally {
            sink,
            sheets: 0,
            content: false,
            open_content: false,
        }
    }

    /// `diagnostics`, with a warning if the file's sheets hold nothing (a workbook
    /// without worksheets has said so already).
    fn noted(&self, display: &str, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.sheets > 0 && !self.content {
            diagnostics.push(Diagnostic::new(Location::file(display), Kind::FileEmpty));
        }
        diagnostics
    }
}

impl SheetSink for Tally<'_> {
    fn begin(&mut self, file: &str, sheet: Option<&str>, shape: SheetShape) {
        self.open_content = false;
        self.sink.begin(file, sheet, shape);
    }

    fn rows(&mut self, rows: Vec<RawRow>) {
        self.open_content |= !rows.is_empty();
        self.sink.rows(rows);
    }

    fn end(&mut self, row_count: u32, rejected: Vec<RejectedRow>) {
        self.sheets += 1;
        self.content |= self.open_content || !rejected.is_empty();
        self.sink.end(row_count, rejected);
    }

    fn void(&mut self) {
        self.sink.void();
    }
}

/// Tells the kind of a file from its first bytes.
pub fn sniff(bytes: &[u8]) -> FileKind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        FileKind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        FileKind::Cfb
    } else if let Some(version) = BiffVersion::of(bytes) {
        FileKind::Biff(version)
    } else {
        FileKind::Text
    }
}

/// Expands inputs (files and folders) into the files to read, sorted, deduplicated.
///
/// Folders are searched recursively for [`EXTENSIONS`]; hidden entries and lock files
/// (`~$...`, `.~lock...`) are skipped. Files named explicitly are read whatever their
/// extension.
pub fn expand_inputs(inputs: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            collect_dir(input, &mut out)?;
        } else {
            // Surface a missing file as an error with its path.
            std::fs::metadata(input)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", input.display())))?;
            out.push(input.clone());
        }
    }
    // Sorted by name, and a workbook before a text file of the same name, so that when
    // a workbook and its CSV export are both given, the workbook's copy is kept.
    out.sort_by_cached_key(|p| {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let rank = EXTENSIONS
            .iter()
            .position(|e| *e == ext)
            .unwrap_or(EXTENSIONS.len());
        (p.with_extension(""), rank, p.clone())
    });
    out.dedup();
    Ok(out)
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}
