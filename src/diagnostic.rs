//! Diagnostics: what a command tells the user beside its outputs, as data.
//!
//! Every warning and note is a [`Diagnostic`]: a place, a severity and a [`Kind`]. The
//! kind holds the facts; the wording is made here and nowhere else, so the terminal and
//! any file that lists diagnostics say the same thing. A stage returns diagnostics; it
//! never prints them.
//!
//! Each diagnostic has a stable [fingerprint](Diagnostic::fingerprint), so that a warning
//! a person has reviewed can be accepted ([`accepted`]) and stop counting, until its cell
//! changes.

pub mod accepted;

use std::fmt;

use crate::model::Location;

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information: how something was read where that was detected rather than declared.
    Note,
    /// Something a person should look at; the run goes on and exits with status 1.
    Warning,
    /// A file could not be read at all; the other files are still processed.
    Error,
}

impl Severity {
    /// The lowercase name used in messages and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One thing a command tells the user: where, how much it matters, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The place: a file, and the sheet, row and column where known.
    pub place: Location,
    /// How much it matters (the kind's own severity unless told otherwise).
    pub severity: Severity,
    /// What happened.
    pub kind: Kind,
}

impl Diagnostic {
    /// A diagnostic of `kind` at `place`, with the kind's severity.
    pub fn new(place: Location, kind: Kind) -> Self {
        Diagnostic {
            place,
            severity: kind.severity(),
            kind,
        }
    }

    /// The message without its place.
    pub fn message(&self) -> String {
        self.kind.message()
    }

    /// What to do about it, if there is something to do.
    pub fn hint(&self) -> Option<&'static str> {
        self.kind.hint()
    }

    /// A stable name for this diagnostic, 16 hex digits: a hash (XXH3, a fixed
    /// specification) of its code, its place as displayed and the text it is about
    /// ([`Kind::written`]). The same warning on the same cell of the same file gets the
    /// same fingerprint on every run and machine; a cell whose text changed gets another.
    pub fn fingerprint(&self) -> String {
        let key = format!(
            "{}\u{1f}{}\u{1f}{}",
            self.kind.code(),
            self.place,
            self.kind.written().unwrap_or("")
        );
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
    }
}

/// `{place}: {message}`, then `: {hint}` when there is one.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.kind.message())?;
        if let Some(hint) = self.kind.hint() {
            write!(f, ": {hint}")?;
        }
        Ok(())
    }
}

/// What a diagnostic is about, with the facts its message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// The file could not be read at all (the reason names the real cause).
    FileRefused {
        /// Why, as the reader tells it.
        reason: String,
    },
    /// No cell of the file holds anything.
    FileEmpty,
    /// A workbook without a worksheet.
    NoWorksheets,
    /// One sheet of a workbook could not be read; the others were.
    SheetUnreadable {
        /// Why, as the reader tells it.
        reason: String,
    },
    /// Text without a byte order mark and not UTF-8 read as Windows-1252.
    Windows1252File,
    /// UTF-16 text without a byte order mark, its byte order told by its NUL bytes.
    Utf16WithoutBom {
        /// The encoding it was read as ("UTF-16LE").
        encoding: &'static str,
    },
    /// UTF-16 text holding byte sequences that are not UTF-16, replaced.
    Utf16Replaced {
        /// The encoding it was read as ("UTF-16LE").
        encoding: &'static str,
    },
    /// UTF-32 text without a byte order mark, its byte order told by its NUL bytes.
    Utf32WithoutBom {
        /// The encoding it was read as ("UTF-32LE").
        encoding: &'static str,
    },
    /// UTF-32 text holding numbers that are no character, replaced.
    Utf32Replaced {
        /// The encoding it was read as ("UTF-32LE").
        encoding: &'static str,
    },
    /// One cell of a UTF-8 file was not UTF-8 and was read as Windows-1252.
    CellNotUtf8,
    /// Cells beyond the first few that were not UTF-8.
    MoreCellsNotUtf8 {
        /// How many more.
        count: usize,
        /// The row of the last of them.
        last_row: u32,
    },
    /// A cell longer than a cell may be: its row is rejected.
    CellTooLong {
        /// The rejection's reason, naming the cell and its length.
        reason: String,
    },
    /// A sheet with rows but no header row: its rows are rejected.
    NoHeaderRow,
    /// A header row without any record under it.
    NoRecords {
        /// "sheet" or "file".
        what: &'static str,
    },
    /// The sheet is hidden in the workbook; it is read like the others.
    HiddenSheet,
    /// Rows hidden in the workbook (the place names the first); read like the others.
    HiddenRows {
        /// The rows, "14" or "14-16".
        rows: String,
        /// How many.
        count: u32,
    },
    /// One merged cell spans the rows of several records: each is given its value.
    MergedOverRecords {
        /// The merged cells, "C5:C6".
        range: String,
        /// The first rows of the records, "5 and 6" or "5, 6 and 7".
        records: String,
    },
    /// A row inside a record's merged cells holds a date, partners or sector of its
    /// own, yet is joined to that record (the place names that cell).
    JoinedInsideMerge {
        /// The record's merged cells the row lies in, "B5:B7".
        range: String,
        /// The record's first row.
        record: u32,
    },
    /// A row without an activity title, read as the rest of the record above.
    JoinedWithoutTitle {
        /// The record's first row.
        record: u32,
    },
    /// A record without an activity title but with the signs of one (a date, partners
    /// or a sector): kept, with no name. A note: the seed workplans hold one (a sector
    /// and its description), which is an activity.
    RecordWithoutTitle,
    /// A row just under a header, read as more of the header's text ("associations
    /// involved" under "Companies/"), though the header it makes is not the one above.
    HeaderFragmentNotJoined,
    /// A date cell that could not be read; the activity is kept undated.
    DateUnreadable {
        /// The date as written, on one line.
        written: String,
    },
    /// A part of a date cell was not understood, and the date was read coarser than
    /// written.
    DatePartUnread {
        /// The date as written, on one line.
        written: String,
        /// The part left unread, as written.
        part: String,
        /// What the date was read as (`2014-09`).
        read_as: String,
    },
    /// A numeric date that reads both ways ("03/05/2019") in a column holding dates of
    /// both orders (read day first), or read before the column's dates written the
    /// other way round were met.
    DateOrderAmbiguous {
        /// The date as written, on one line.
        written: String,
        /// The reading taken.
        read_as: String,
        /// The other reading.
        other: String,
        /// Read as the column showed so far; later records show the other order.
        read_early: bool,
    },
    /// "2011-12": a span of years or a year and a month; read as the years.
    DateYearsOrMonth {
        /// The date as written, on one line.
        written: String,
        /// What it was read as (`2011 – 2012`).
        read_as: String,
    },
    /// "winter 2020": the winter ending in the year or the one beginning in it; read as
    /// the whole year.
    DateWinter {
        /// The date as written, on one line.
        written: String,
        /// What it was read as (`2020`).
        read_as: String,
    },
    /// A PDF report could not print some characters with its font.
    MissingGlyphs {
        /// How many characters were replaced.
        count: usize,
        /// The distinct characters, in order.
        chars: String,
    },
    /// A partner-list row without a list label.
    ListWithoutLabel,
    /// A partner-list date that could not be read.
    ListDateUnreadable {
        /// The date as written.
        written: String,
    },
    /// A partner-list row without a date.
    ListDateMissing,
    /// A partner-list kind that is not one of the known kinds.
    ListKindUnknown {
        /// The kind as written.
        written: String,
    },
    /// A count announced for a list that could not be read.
    CountUnreadable {
        /// The count as written.
        written: String,
    },
    /// A partner-list row with neither a name nor a count.
    ListRowEmpty,
    /// A list given again with another date or kind than on an earlier row.
    ListRedefined {
        /// The list, as a reader would name it.
        list: String,
        /// The date and kind the earlier row gave.
        first: (String, &'static str),
        /// The date and kind this row gives.
        again: (String, &'static str),
    },
    /// The default partner-lists file is absent.
    NoPartnerListsFile,
    /// The output folder's lock was left by a process that is gone; taken over.
    OutputLockTakenOver {
        /// Who held it, as its lock file says (`pid 1234 on HOST, started TIME`).
        holder: String,
    },
    /// A commit stopped half way (a command killed while putting its outputs in place)
    /// was finished before anything else.
    OutputCommitFinished,
    /// The journal of a stopped commit could not be read; it was removed.
    OutputJournalUnreadable,
    /// A cell of the canonical table read back that does not hold what its column
    /// holds.
    CanonicalValueUnreadable {
        /// The cell as written.
        written: String,
        /// What the column holds ("planned or cancelled").
        expected: &'static str,
        /// What was done instead ("read as false").
        instead: &'static str,
    },
    /// The date cells of a row of the canonical table read back say another span than
    /// its `date_text` reads as.
    CanonicalDateDisagrees {
        /// What `date_text` reads as.
        text_reads: String,
        /// What the date cells say.
        cells_say: String,
    },
    /// A sheet of `activities.xlsx` beside the activities (the names to review, the
    /// reconciliation...), passed over when the workbook is read back.
    CompanionSheetSkipped,
    /// A text longer than a workbook cell holds, cut in `activities.xlsx`.
    WorkbookCellCut {
        /// Its length, in characters.
        chars: usize,
    },
}

impl Kind {
    /// A stable short name, for files and for accepting a warning.
    pub fn code(&self) -> &'static str {
        match self {
            Kind::FileRefused { .. } => "file-refused",
            Kind::FileEmpty => "file-empty",
            Kind::NoWorksheets => "no-worksheets",
            Kind::SheetUnreadable { .. } => "sheet-unreadable",
            Kind::Windows1252File => "windows-1252",
            Kind::Utf16WithoutBom { .. } => "utf16-without-bom",
            Kind::Utf16Replaced { .. } => "utf16-replaced",
            Kind::Utf32WithoutBom { .. } => "utf32-without-bom",
            Kind::Utf32Replaced { .. } => "utf32-replaced",
            Kind::CellNotUtf8 => "cell-not-utf8",
            Kind::MoreCellsNotUtf8 { .. } => "more-cells-not-utf8",
            Kind::CellTooLong { .. } => "cell-too-long",
            Kind::NoHeaderRow => "no-header-row",
            Kind::NoRecords { .. } => "no-records",
            Kind::HiddenSheet => "hidden-sheet",
            Kind::HiddenRows { .. } => "hidden-rows",
            Kind::MergedOverRecords { .. } => "merged-over-records",
            Kind::JoinedInsideMerge { .. } => "joined-inside-merge",
            Kind::JoinedWithoutTitle { .. } => "joined-without-title",
            Kind::RecordWithoutTitle => "record-without-title",
            Kind::HeaderFragmentNotJoined => "header-fragment-not-joined",
            Kind::DateUnreadable { .. } => "date-unreadable",
            Kind::DatePartUnread { .. } => "date-part-unread",
            Kind::DateOrderAmbiguous { .. } => "date-order-ambiguous",
            Kind::DateYearsOrMonth { .. } => "date-years-or-month",
            Kind::DateWinter { .. } => "date-winter",
            Kind::MissingGlyphs { .. } => "missing-glyphs",
            Kind::ListWithoutLabel => "list-without-label",
            Kind::ListDateUnreadable { .. } => "list-date-unreadable",
            Kind::ListDateMissing => "list-date-missing",
            Kind::ListKindUnknown { .. } => "list-kind-unknown",
            Kind::CountUnreadable { .. } => "count-unreadable",
            Kind::ListRowEmpty => "list-row-empty",
            Kind::ListRedefined { .. } => "list-redefined",
            Kind::NoPartnerListsFile => "no-partner-lists-file",
            Kind::OutputLockTakenOver { .. } => "output-lock-taken-over",
            Kind::OutputCommitFinished => "output-commit-finished",
            Kind::OutputJournalUnreadable => "output-journal-unreadable",
            Kind::CanonicalValueUnreadable { .. } => "canonical-value-unreadable",
            Kind::CanonicalDateDisagrees { .. } => "canonical-date-disagrees",
            Kind::CompanionSheetSkipped => "companion-sheet-skipped",
            Kind::WorkbookCellCut { .. } => "workbook-cell-cut",
        }
    }

    /// The text the diagnostic is about, as the kind holds it: the cell or value as
    /// written (a date, a list's date, kind or count), the reason a file, sheet or cell
    /// was refused, the characters a font lacks. `None` when the kind holds no text.
    pub fn written(&self) -> Option<&str> {
        match self {
            Kind::FileRefused { reason }
            | Kind::SheetUnreadable { reason }
            | Kind::CellTooLong { reason } => Some(reason),
            Kind::MissingGlyphs { chars, .. } => Some(chars),
            Kind::DateUnreadable { written }
            | Kind::DatePartUnread { written, .. }
            | Kind::DateOrderAmbiguous { written, .. }
            | Kind::DateYearsOrMonth { written, .. }
            | Kind::DateWinter { written, .. }
            | Kind::ListDateUnreadable { written }
            | Kind::ListKindUnknown { written }
            | Kind::CountUnreadable { written }
            | Kind::CanonicalValueUnreadable { written, .. } => Some(written),
            Kind::CanonicalDateDisagrees { cells_say, .. } => Some(cells_say),
            _ => None,
        }
    }

    /// How much a diagnostic of this kind matters, unless told otherwise.
    pub fn severity(&self) -> Severity {
        match self {
            Kind::FileRefused { .. } => Severity::Error,
            Kind::NoPartnerListsFile
            | Kind::Windows1252File
            | Kind::OutputLockTakenOver { .. }
            | Kind::OutputCommitFinished
            | Kind::CompanionSheetSkipped
            | Kind::MergedOverRecords { .. }
            | Kind::RecordWithoutTitle => Severity::Note,
            _ => Severity::Warning,
        }
    }

    /// The message, without place or hint.
    pub fn message(&self) -> String {
        match self {
            Kind::FileRefused { reason } => reason.clone(),
            Kind::FileEmpty => {
                "the file is empty (no cell holds anything); nothing was read from it".into()
            }
            Kind::NoWorksheets => "the workbook has no worksheets".into(),
            Kind::SheetUnreadable { reason } => {
                format!("the sheet cannot be read ({reason}); the other sheets are read")
            }
            Kind::Windows1252File => "not UTF-8; read as Windows-1252".into(),
            Kind::Utf16WithoutBom { encoding } | Kind::Utf32WithoutBom { encoding } => {
                format!("not UTF-8; read as {encoding} (no byte-order mark)")
            }
            Kind::Utf16Replaced { encoding } | Kind::Utf32Replaced { encoding } => {
                format!("invalid {encoding} byte sequences replaced with \u{FFFD}")
            }
            Kind::CellNotUtf8 => "not valid UTF-8; read as Windows-1252".into(),
            Kind::MoreCellsNotUtf8 { count, last_row } => format!(
                "{count} more cells up to row {last_row} not valid UTF-8; read as Windows-1252"
            ),
            Kind::CellTooLong { reason } => {
                // The summary says where rejected rows are, when a command writes them.
                format!("{reason}; the row is rejected")
            }
            Kind::NoHeaderRow => "no header row found (expected columns such as Sector, \
                                  Activity, Date, Companies/associations, Description); sheet \
                                  skipped, its rows are rejected"
                .into(),
            Kind::NoRecords { what } => {
                format!("a header row but no record under it; nothing was read from this {what}")
            }
            Kind::HiddenSheet
            | Kind::HiddenRows { .. }
            | Kind::MergedOverRecords { .. }
            | Kind::JoinedInsideMerge { .. }
            | Kind::JoinedWithoutTitle { .. }
            | Kind::RecordWithoutTitle
            | Kind::HeaderFragmentNotJoined => self.layout_message(),
            Kind::DateUnreadable { .. }
            | Kind::DatePartUnread { .. }
            | Kind::DateOrderAmbiguous { .. }
            | Kind::DateYearsOrMonth { .. }
            | Kind::DateWinter { .. } => self.date_message(),
            Kind::MissingGlyphs { count, chars } => {
                format!("{count} character(s) the font cannot print were replaced: {chars}")
            }
            Kind::ListWithoutLabel => {
                "the row has no list label; it is read as a list of its own".into()
            }
            Kind::ListDateUnreadable { written } => format!(
                "cannot read \"{written}\" as the date the list speaks for; its dates are not \
                 checked"
            ),
            Kind::ListDateMissing => "no date given; the list's dates are not checked".into(),
            Kind::ListKindUnknown { written } => format!(
                "\"{written}\" is not members, joined or candidates; told from the label instead"
            ),
            Kind::CountUnreadable { written } => format!(
                "cannot read \"{written}\" as a count (write \"5\" or \"8 companies, 6 \
                 associations\"); the claim is not checked"
            ),
            Kind::ListRowEmpty => {
                "the row has neither a name_as_written nor an announced count; it is not read"
                    .into()
            }
            Kind::ListRedefined { list, first, again } => format!(
                "the list {list} was given as of \"{}\" ({}) on an earlier row; this row says \
                 \"{}\" ({}); the first is used",
                first.0, first.1, again.0, again.1
            ),
            Kind::NoPartnerListsFile => "no partner lists file; the reconciliation uses the \
                                         registry and the activities only"
                .into(),
            Kind::OutputLockTakenOver { holder } => format!(
                "took over the lock left by an earlier workplan run ({holder}), which is no \
                 longer running"
            ),
            Kind::OutputCommitFinished => "an earlier run was stopped while putting its \
                                           outputs in place; they were put in place first"
                .into(),
            Kind::OutputJournalUnreadable => "an earlier run was stopped while putting its \
                                              outputs in place, and its journal cannot be read"
                .into(),
            Kind::CanonicalValueUnreadable {
                written,
                expected,
                instead,
            } => format!("cannot read \"{written}\" as {expected}; {instead}"),
            Kind::CanonicalDateDisagrees {
                text_reads,
                cells_say,
            } => format!(
                "the date cells say {cells_say}, but date_text reads as {text_reads}; the \
                 date cells are kept"
            ),
            Kind::CompanionSheetSkipped => "not read: a table a run writes beside the \
                                            activities, rebuilt by each run"
                .into(),
            Kind::WorkbookCellCut { chars } => format!(
                "a text of {chars} characters cut to the 32,767 a workbook cell holds; \
                 activities.csv and activities.json hold it whole"
            ),
        }
    }

    /// The message of a diagnostic about a sheet's layout: hidden rows and sheets,
    /// merged cells, rows without a title ([`Kind::message`] of those kinds).
    fn layout_message(&self) -> String {
        match self {
            Kind::HiddenSheet => {
                "the sheet is hidden in the workbook; it is read like the others".into()
            }
            Kind::HiddenRows { rows, count } => match count {
                1 => "the row is hidden in the workbook; read like the others".into(),
                _ => format!("rows {rows} are hidden in the workbook; read like the others"),
            },
            Kind::MergedOverRecords { range, records } => format!(
                "{range} is one merged cell over the records of rows {records}; each is given \
                 its value"
            ),
            Kind::JoinedInsideMerge { range, record } => format!(
                "the row lies inside the merged cells of the record of row {record} ({range}), \
                 so it is joined to that record, though this cell looks like a record's own"
            ),
            Kind::JoinedWithoutTitle { record } => format!(
                "a row without an activity title, joined to the record of row {record} above"
            ),
            Kind::RecordWithoutTitle => {
                "a record without an activity title; kept as an activity with no name".into()
            }
            Kind::HeaderFragmentNotJoined => {
                "read as more of the header above, though joined to it the header names other \
                 columns; the header above is kept as it was"
                    .into()
            }
            other => unreachable!("{} is not a layout kind", other.code()),
        }
    }

    /// The message of a date cell's diagnostic ([`Kind::message`] of the date kinds).
    fn date_message(&self) -> String {
        match self {
            Kind::DateUnreadable { written } => {
                format!(
                    "cannot read \"{written}\" as a date; the activity is kept with no date span"
                )
            }
            Kind::DatePartUnread {
                written,
                part,
                read_as,
            } => format!(
                "\"{part}\" in \"{written}\" was not understood; the date is read as \
                 {read_as}, coarser than written"
            ),
            Kind::DateOrderAmbiguous {
                written,
                read_as,
                other,
                read_early: false,
            } => format!(
                "\"{written}\" may be day first or month first, and this column holds dates \
                 written both ways; read as {read_as}, not {other}"
            ),
            Kind::DateOrderAmbiguous {
                written,
                read_as,
                other,
                read_early: true,
            } => format!(
                "\"{written}\" may be day first or month first; read as {read_as} before \
                 dates of this column written the other way round, further down, were \
                 met: it may be {other}"
            ),
            Kind::DateYearsOrMonth { written, read_as } => format!(
                "\"{written}\" may be a span of years or a year and a month; read as the \
                 years ({read_as}), which hold the month"
            ),
            Kind::DateWinter { written, read_as } => format!(
                "\"{written}\" may be the winter that ends in the year or the one that \
                 begins in it; read as the whole year ({read_as})"
            ),
            other => unreachable!("{} is not a date kind", other.code()),
        }
    }

    /// What to do about it, when the message does not say it already.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Kind::SheetUnreadable { .. } => {
                Some("open the file in the program that made it and save a new copy")
            }
            Kind::CellNotUtf8 => Some("check its accents, or save the file as UTF-8"),
            Kind::CellTooLong { .. } => Some("check what was pasted there"),
            Kind::HiddenRows { .. } | Kind::HiddenSheet => {
                Some("check whether what is hidden is outdated")
            }
            Kind::JoinedInsideMerge { .. }
            | Kind::JoinedWithoutTitle { .. }
            | Kind::RecordWithoutTitle => Some("check the activity in activities.csv"),
            Kind::DatePartUnread { .. } => {
                Some("write the date in one of the forms the README lists")
            }
            Kind::DateOrderAmbiguous { .. } => Some("write the month in words"),
            Kind::DateYearsOrMonth { .. } => {
                Some("write the month in words, or both years in full")
            }
            Kind::DateWinter { .. } => Some("write both years (\"winter 2020/21\") or the months"),
            Kind::OutputJournalUnreadable => {
                Some("the outputs may mix two runs until this run's replace them")
            }
            Kind::CanonicalDateDisagrees { .. } => {
                Some("to have date_text read again, clear date_start, date_end and date_precision")
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceCell;

    #[test]
    fn displayed_place_first_then_message_then_hint() {
        let place = Location::file("x.csv").with_cell(SourceCell { row: 2, col: 1 }, None);
        let d = Diagnostic::new(place, Kind::CellNotUtf8);
        assert_eq!(
            d.to_string(),
            "x.csv!B2: not valid UTF-8; read as Windows-1252: check its accents, or save the \
             file as UTF-8"
        );
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.kind.code(), "cell-not-utf8");
    }

    #[test]
    fn a_detected_encoding_is_a_note_and_damage_a_warning() {
        assert_eq!(Kind::Windows1252File.severity(), Severity::Note);
        let replaced = Kind::Utf16Replaced {
            encoding: "UTF-16LE",
        };
        assert_eq!(replaced.severity(), Severity::Warning);
    }
}
