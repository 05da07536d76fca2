//! The shape of the canonical table: its columns (`activities.csv`, and the
//! `Activities` sheet of `activities.xlsx`), how lists are joined in a cell, how a
//! cell is kept from running as a formula, and the sheets of the workbook. The report
//! stage writes this shape; the layout and normalise stages read it back when the
//! canonical table comes back as input.

use std::borrow::Cow;

/// The columns of `activities.csv`, in order: the names of [`Column`]'s variants.
pub const ACTIVITY_COLUMNS: &[&str] = &[
    "id",
    "workplan",
    "category",
    "topic",
    "sector",
    "domain",
    "activity",
    "description",
    "status",
    "date_text",
    "date_start",
    "date_end",
    "date_precision",
    "date_tentative",
    "partners",
    "all_partners",
    "other_organisations",
    "unmatched",
    "contacts",
    "extra",
    "source_file",
    "source_sheet",
    "source_rows",
    "notes",
];

/// How lists are joined in a cell of the canonical table (and of every CSV output).
pub const LIST_SEPARATOR: &str = "; ";

/// The first sheet of activities in `activities.xlsx`; the next are `Activities (2)`,
/// `Activities (3)`, ...
pub const ACTIVITIES_SHEET: &str = "Activities";

/// The sheets `activities.xlsx` holds after the activities: outputs of a run, rebuilt
/// by every run, never read as workplans.
pub const COMPANION_SHEETS: [&str; 4] =
    ["To review", "Partners by year", "Reconciliation", "Rejects"];

/// Whether `name` is a sheet of `activities.xlsx` beside the activities: one of
/// [`COMPANION_SHEETS`], or one continued (`Rejects (2)`).
pub fn is_companion_sheet(name: &str) -> bool {
    let base = match name.strip_suffix(')').and_then(|n| n.rsplit_once(" (")) {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => name,
    };
    COMPANION_SHEETS.contains(&base)
}

/// The characters that make a spreadsheet program read a cell as a formula (or, for
/// tab and carriage return, that have been used to hide one), with their full-width
/// forms, which some East Asian versions of Excel also accept.
const FORMULA_STARTS: &[char] = &[
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// A cell made safe to open in a spreadsheet program (formula injection, CWE-1236).
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or a
/// full-width `＝ ＋ － ＠`) gets a single quote in front, so Excel and LibreOffice show
/// it as text instead of running it: `=HYPERLINK(...)` becomes `'=HYPERLINK(...)`.
/// A cell that is only a number (`-5`, `+3`, `-0.25`, `-1,5`) is left as it is: it
/// cannot hold a formula, and a quote would turn the number into text. Everything
/// else, a lone `-` placeholder or a `- bullet` included, is quoted. A cell whose
/// own quotes come before such a start (`'=x`) gets one more, so that [`unneutralise`]
/// gives every cell back as it was. `activities.json` keeps every value as written.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if runs_unquoted(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as it was before [`neutralise`]: the quote it added taken off.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if runs_unquoted(rest) => rest,
        _ => cell,
    }
}

/// Whether [`neutralise`] quotes `cell`: once its own quotes are passed over, it starts
/// like a formula and is not a plain number.
fn runs_unquoted(cell: &str) -> bool {
    let rest = cell.trim_start_matches('\'');
    rest.starts_with(FORMULA_STARTS) && !is_plain_number(rest)
}

/// A sign, digits, and at most one decimal point or comma followed by digits.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (int, frac) = match digits.split_once(['.', ',']) {
        Some((int, frac)) => (int, Some(frac)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

/// One column of the canonical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs, reason = "each is its column, named in ACTIVITY_COLUMNS")]
pub enum Column {
    Id,
    Workplan,
    Category,
    Topic,
    Sector,
    Domain,
    Activity,
    Description,
    Status,
    DateText,
    DateStart,
    DateEnd,
    DatePrecision,
    DateTentative,
    Partners,
    AllPartners,
    OtherOrganisations,
    Unmatched,
    Contacts,
    Extra,
    SourceFile,
    SourceSheet,
    SourceRows,
    Notes,
}

/// The number of columns of the canonical table.
pub const COLUMNS: usize = 24;

impl Column {
    /// Every column, in order.
    pub const ALL: [Column; COLUMNS] = [
        Column::Id,
        Column::Workplan,
        Column::Category,
        Column::Topic,
        Column::Sector,
        Column::Domain,
        Column::Activity,
        Column::Description,
        Column::Status,
        Column::DateText,
        Column::DateStart,
        Column::DateEnd,
        Column::DatePrecision,
        Column::DateTentative,
        Column::Partners,
        Column::AllPartners,
        Column::OtherOrganisations,
        Column::Unmatched,
        Column::Contacts,
        Column::Extra,
        Column::SourceFile,
        Column::SourceSheet,
        Column::SourceRows,
        Column::Notes,
    ];

    /// The column's place, from 0.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The column's name in the header row.
    pub fn name(self) -> &'static str {
        ACTIVITY_COLUMNS[self.index()]
    }

    /// The column a header cell names, written exactly as the canonical table writes it.
    pub fn named(name: &str) -> Option<Column> {
        let at = ACTIVITY_COLUMNS.iter().position(|c| *c == name)?;
        Some(Column::ALL[at])
    }

    /// Whether a canonical table read back must have the column: all but the id, which
    /// is made again from the content, and the source columns, which then name the
    /// table's own rows.
    pub fn required(self) -> bool {
        !matches!(
            self,
            Column::Id | Column::SourceFile | Column::SourceSheet | Column::SourceRows
        )
    }
}

impl From<Column> for usize {
    fn from(column: Column) -> usize {
        column.index()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_in_order() {
        assert_eq!(ACTIVITY_COLUMNS.len(), COLUMNS);
        for (i, column) in Column::ALL.into_iter().enumerate() {
            assert_eq!(column.index(), i);
            assert_eq!(Column::named(column.name()), Some(column));
        }
        assert_eq!(Column::DateStart.name(), "date_start");
        assert_eq!(Column::named("Date_start"), None, "written exactly");
    }

    #[test]
    fn formula_starts_are_quoted_and_numbers_kept() {
        let cases = [
            ("=1+1", "'=1+1"),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+33 1 23 45 67", "'+33 1 23 45 67"),
            ("-1+2", "'-1+2"),
            ("-", "'-"),
            ("- bullet point", "'- bullet point"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
            ("-5", "-5"),
            ("+3", "+3"),
            ("-0.25", "-0.25"),
            ("-1,5", "-1,5"),
            ("-1.", "'-1."),
            ("-.5", "'-.5"),
            ("-1e5", "'-1e5"),
            ("", ""),
            ("Data protection", "Data protection"),
            (" =1", " =1"),
            ("a=b", "a=b"),
            ("2020-01-01", "2020-01-01"),
            // Quoted once more, so that the quote read back is the cell's own.
            ("'=already quoted", "''=already quoted"),
            ("''+1+1", "'''+1+1"),
            ("'-5", "'-5"),
            ("'plain", "'plain"),
            ("'", "'"),
        ];
        for (cell, want) in cases {
            assert_eq!(neutralise(cell), want, "{cell:?}");
            assert_eq!(unneutralise(&neutralise(cell)), cell, "{cell:?} back");
        }
    }

    #[test]
    fn companion_sheets_are_told_by_name_with_their_continuations() {
        for (name, companion) in [
            ("To review", true),
            ("Rejects (2)", true),
            ("Partners by year (12)", true),
            ("Activities", false),
            ("Activities (2)", false),
            ("Rejects (x)", false),
            ("Rejects ()", false),
            ("rejects", false),
        ] {
            assert_eq!(is_companion_sheet(name), companion, "{name}");
        }
    }
}
