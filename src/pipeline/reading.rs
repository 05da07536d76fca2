//! The input files read on a thread of their own: each file's sheets handed on as they
//! are read ([`import::SheetSink`]), a sheet's rows as the reader gives them, then how
//! the file ended. A large worksheet is thus laid out and normalised while the
//! rest of it is still being read.

use std::iter::Peekable;
use std::path::PathBuf;
use std::sync::mpsc::SyncSender;

use indicatif::ProgressBar;

use crate::diagnostic::Diagnostic;
use crate::import::{self, ImportError};
use crate::model::{RawRow, RejectedRow, SheetShape};

use super::display_path;

/// How many parts of rows may wait between the reading thread and the import.
pub(super) const READ_AHEAD: usize = 16;

/// What the reading thread hands the import, in order: for each sheet `Begin`, its
/// rows, then `End` or `Void`; for each file, `Done`.
pub(super) enum Reading {
    /// A sheet begins (`sheet` is `None` for delimited text).
    Begin {
        file: String,
        sheet: Option<String>,
        shape: SheetShape,
    },
    /// More rows of the sheet begun last.
    Rows(Vec<RawRow>),
    /// The sheet is whole ([`import::SheetSink::end`]).
    End {
        row_count: u32,
        rejected: Vec<RejectedRow>,
    },
    /// The sheet is void: what its rows gave is to be forgotten.
    Void,
    /// The file is read, or could not be: then nothing it gave is kept.
    Done {
        result: Result<Vec<Diagnostic>, ImportError>,
    },
}

/// Reads `files` in order, handing what they hold to `send`; stops early when the
/// import has stopped (it panicked, and the panic is reported).
pub(super) fn read_files(files: &[PathBuf], send: &SyncSender<Reading>) {
    for path in files {
        let display = display_path(path);
        let result = import::read_into(path, &display, &mut SheetSender::new(send));
        if send.send(Reading::Done { result }).is_err() {
            break;
        }
    }
}

/// Sends a file's sheets to the import.
struct SheetSender<'a> {
    send: &'a SyncSender<Reading>,
}

impl<'a> SheetSender<'a> {
    fn new(send: &'a SyncSender<Reading>) -> Self {
        SheetSender { send }
    }

    /// Sends unless the import has stopped ([`read_files`] then stops at the file's end).
    fn send(&self, message: Reading) {
        let _ = self.send.send(message);
    }
}

impl import::SheetSink for SheetSender<'_> {
    fn begin(&mut self, file: &str, sheet: Option<&str>, shape: SheetShape) {
        self.send(Reading::Begin {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
            shape,
        });
    }

    fn rows(&mut self, rows: Vec<RawRow>) {
        self.send(Reading::Rows(rows));
    }

    fn end(&mut self, row_count: u32, rejected: Vec<RejectedRow>) {
        self.send(Reading::End {
            row_count,
            rejected,
        });
    }

    fn void(&mut self) {
        self.send(Reading::Void);
    }
}

/// The rows of the sheet begun last, as the reading thread hands them on. They stop at
/// the sheet's end (its counts then kept in `end`), or where it is voided or its file
/// fails (`end` stays `None`).
pub(super) struct SheetRows<'r, I: Iterator<Item = Reading>> {
    reading: &'r mut Peekable<I>,
    /// Counts the rows as they come.
    progress: &'r ProgressBar,
    part: std::vec::IntoIter<RawRow>,
    /// The sheet's `row_count` and the rows the reader refused, once it is whole.
    pub(super) end: Option<(u32, Vec<RejectedRow>)>,
}

impl<'r, I: Iterator<Item = Reading>> SheetRows<'r, I> {
    /// The rows of the sheet just begun on `reading`, counted on `progress`.
    pub(super) fn new(reading: &'r mut Peekable<I>, progress: &'r ProgressBar) -> Self {
        SheetRows {
            reading,
            progress,
            part: Vec::new().into_iter(),
            end: None,
        }
    }
}

impl<I: Iterator<Item = Reading>> Iterator for SheetRows<'_, I> {
    type Item = RawRow;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(row) = self.part.next() {
                return Some(row);
            }
            let of_sheet =
                |m: &Reading| matches!(m, Reading::Rows(_) | Reading::End { .. } | Reading::Void);
            match self.reading.next_if(of_sheet)? {
                Reading::Rows(rows) => {
                    // The rows are laid out as they come.
                    self.progress.set_prefix("laying out");
                    self.progress.inc(rows.len() as u64);
                    self.part = rows.into_iter();
                }
                Reading::End {
                    row_count,
                    rejected,
                } => {
                    self.end = Some((row_count, rejected));
                    return None;
                }
                _ => return None,
            }
        }
    }
}
