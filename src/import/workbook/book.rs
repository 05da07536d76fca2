//! Where a workbook's sheets go as they are read, and what reading them has used up.
//!
//! A streamed worksheet's rows are handed to the [`SheetSink`] a part at a time while
//! calamine still reads it, so that the pipeline may lay out and normalise a large
//! sheet meanwhile; a sheet read again (its cells came out of order) or lost voids
//! what was handed on.
//! When the workbook's shared strings are too large to hold beside the activities
//! ([`super::MAX_TABLE_FOR_PARTS`]), sheets are kept whole until the workbook is closed
//! instead. [`Book`] also keeps the file's warnings, its lost sheets and the cells the
//! limits count, and gives the file's outcome.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Kind};
use crate::import::{ImportErrorKind, SheetSink};
use crate::model::{Location, RawRow, RawSheet, SheetShape};

use super::rows::BuiltSheet;
use super::SheetError;

/// Where the sheets go, and how far the last one got.
pub(super) struct Sheets<'a> {
    sink: &'a mut dyn SheetSink,
    /// A sheet was begun and not ended or voided.
    open: bool,
    /// Sheets ended.
    ended: usize,
    /// Sheets read whole and kept until the workbook is closed
    /// ([`super::MAX_TABLE_FOR_PARTS`]); `None`: sheets are handed on as they are read.
    kept: Option<Vec<RawSheet>>,
    /// What the workbook says of each sheet beside its values, by name.
    pub(super) shapes: HashMap<String, SheetShape>,
}

impl Sheets<'_> {
    /// Whether a worksheet's rows are handed on in parts while it is read.
    pub(super) fn in_parts(&self) -> bool {
        self.kept.is_none()
    }

    /// Hands on the sheets kept until now (the workbook is closed).
    fn hand_on_kept(&mut self) {
        for sheet in self.kept.take().unwrap_or_default() {
            self.hand_on(sheet);
        }
    }

    /// Hands on rows of the sheet `name` of `display`, beginning it first.
    pub(super) fn part(&mut self, display: &str, name: &str, rows: Vec<RawRow>) {
        if !self.open {
            let shape = self.shapes.get(name).cloned().unwrap_or_default();
            self.sink.begin(display, Some(name), shape);
            self.open = true;
        }
        self.sink.rows(rows);
    }

    /// Hands on the rest of a sheet (all of it, unless parts went before) and ends it,
    /// or keeps it whole.
    fn end(&mut self, mut sheet: RawSheet) {
        self.ended += 1;
        if let Some(name) = &sheet.sheet {
            sheet.shape = self.shapes.get(name).cloned().unwrap_or_default();
        }
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
    pub(super) fn void(&mut self) {
        if std::mem::take(&mut self.open) {
            self.sink.void();
        }
    }
}

/// The sheets read so far, with what the limits have used up.
pub(super) struct Book<'a> {
    pub(super) display: &'a str,
    pub(super) sheets: Sheets<'a>,
    warnings: Vec<Diagnostic>,
    /// Sheets that could not be read, with why.
    failures: Vec<(String, String)>,
    /// Cell records streamed (xlsx/xlsb).
    pub(super) streamed: u64,
    /// Cells held in built rows, padding included.
    pub(super) held: u64,
}

impl<'a> Book<'a> {
    /// A workbook named `display` whose sheets go to `sink`, or are kept whole until
    /// it is closed when `keep_whole`.
    pub(super) fn new(display: &'a str, sink: &'a mut dyn SheetSink, keep_whole: bool) -> Self {
        Book {
            display,
            sheets: Sheets {
                sink,
                open: false,
                ended: 0,
                kept: keep_whole.then(Vec::new),
                shapes: HashMap::new(),
            },
            warnings: Vec::new(),
            failures: Vec::new(),
            streamed: 0,
            held: 0,
        }
    }

    /// Hands on the sheets kept until now (the workbook is closed).
    pub(super) fn hand_on_kept(&mut self) {
        self.sheets.hand_on_kept();
    }

    /// Tells something about the file beside its sheets.
    pub(super) fn note(&mut self, diagnostic: Diagnostic) {
        self.warnings.push(diagnostic);
    }

    /// Files a sheet's outcome: its rows, a lost sheet, or a refusal of the file.
    pub(super) fn add(
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
    pub(super) fn finish(mut self) -> Result<Vec<Diagnostic>, ImportErrorKind> {
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
