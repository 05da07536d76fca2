//! Where a value came from: file, sheet, row and column, as a user would name them.
//!
//! Rows are 1-based and columns are A1 letters, as a spreadsheet program shows them.
//! Every stage keeps these so that a canonical value can be traced back to its cell.

use std::fmt;

use super::Source;

/// One cell of an input sheet: 1-based row, 0-based column (0 is column A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceCell {
    /// 1-based row number as a spreadsheet program shows it.
    pub row: u32,
    /// 0-based column index (0 is "A").
    pub col: u32,
}

impl SourceCell {
    /// The cell's A1 reference, e.g. `E14`.
    pub fn a1(&self) -> String {
        self.to_string()
    }
}

/// Written without allocating: `provenance.csv` spells a reference for every value.
impl fmt::Display for SourceCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ColumnLetters::of(self.col).as_str())?;
        write!(f, "{}", self.row)
    }
}

/// The A1 letters of a 0-based column index: 0 is `A`, 25 is `Z`, 26 is `AA`.
pub fn column_letters(col: u32) -> String {
    ColumnLetters::of(col).as_str().to_owned()
}

/// A column's letters on the stack: a `u32` column needs at most 7.
struct ColumnLetters {
    letters: [u8; 8],
    start: usize,
}

impl ColumnLetters {
    fn of(col: u32) -> Self {
        let mut letters = [0u8; 8];
        let mut start = letters.len();
        let mut n = u64::from(col) + 1;
        while n > 0 {
            start -= 1;
            letters[start] = b'A' + ((n - 1) % 26) as u8;
            n = (n - 1) / 26;
        }
        ColumnLetters { letters, start }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.letters[self.start..]).expect("ASCII letters")
    }
}

/// A place in the input, as precise as it is known: file, then sheet, row, column.
///
/// Displayed location-first, e.g. `workplan-2020.xlsx [Workplan 2020+]!E14 (Date)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The input file, as the user named it (or as found in a folder).
    pub file: String,
    /// The sheet name; `None` for CSV files.
    pub sheet: Option<String>,
    /// 1-based row.
    pub row: Option<u32>,
    /// 0-based column.
    pub col: Option<u32>,
    /// The header name of the column, when known.
    pub header: Option<String>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    /// This location narrowed to a sheet.
    pub fn with_sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = sheet.map(str::to_owned);
        self
    }

    /// This location narrowed to a row.
    pub fn with_row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    /// This location narrowed to a cell, with the column's header name.
    pub fn with_cell(mut self, cell: SourceCell, header: Option<&str>) -> Self {
        self.row = Some(cell.row);
        self.col = Some(cell.col);
        self.header = header.map(str::to_owned);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_file(f, &self.file, self.sheet.as_deref())?;
        match (self.row, self.col) {
            (Some(row), Some(col)) => write!(f, "!{}{}", column_letters(col), row)?,
            (Some(row), None) => write!(f, " row {row}")?,
            (None, Some(col)) => write!(f, " column {}", column_letters(col))?,
            (None, None) => {}
        }
        if let Some(header) = &self.header {
            write!(f, " ({header})")?;
        }
        Ok(())
    }
}

/// Where a record was read, as its duplicates name it: `plan.xlsx [Workplan] rows 12, 13`
/// (every row, in the record's order: a record joined from two rows names both).
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_file(f, &self.file, self.sheet.as_deref())?;
        f.write_str(" rows ")?;
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{row}")?;
        }
        Ok(())
    }
}

/// The start of every place: the file, then the sheet in brackets when there is one.
fn write_file(f: &mut fmt::Formatter<'_>, file: &str, sheet: Option<&str>) -> fmt::Result {
    f.write_str(file)?;
    if let Some(sheet) = sheet {
        write!(f, " [{sheet}]")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        for (col, letters) in [
            (0, "A"),
            (4, "E"),
            (25, "Z"),
            (26, "AA"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
            (u32::MAX, "MWLQKWV"),
        ] {
            assert_eq!(column_letters(col), letters, "column {col}");
            assert_eq!(SourceCell { row: 14, col }.a1(), format!("{letters}14"));
        }
    }

    #[test]
    fn location_displays_place_first() {
        let loc = Location::file("workplan-2020.xlsx")
            .with_sheet(Some("Workplan 2020+"))
            .with_cell(SourceCell { row: 14, col: 4 }, Some("Date"));
        assert_eq!(
            loc.to_string(),
            "workplan-2020.xlsx [Workplan 2020+]!E14 (Date)"
        );
        let csv = Location::file("wp.csv").with_row(7);
        assert_eq!(csv.to_string(), "wp.csv row 7");
    }

    #[test]
    fn a_source_names_every_row_of_its_record() {
        let joined = Source {
            file: "workplan-2020.xlsx".into(),
            sheet: Some("Workplan 2020+".into()),
            rows: vec![12, 13],
        };
        assert_eq!(
            joined.to_string(),
            "workplan-2020.xlsx [Workplan 2020+] rows 12, 13"
        );
        let csv = Source {
            file: "wp.csv".into(),
            sheet: None,
            rows: vec![7],
        };
        assert_eq!(csv.to_string(), "wp.csv rows 7");
    }
}
