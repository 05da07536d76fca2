//! Synthetic workplans of any size, for benchmarks: deterministic, and as untidy as the
//! circulated ones.
//!
//! Real workplans hold a few dozen activities; users batch years of them, so speed is
//! measured on generated ones. Every value is drawn from the two seed documents (the
//! 2017-2019 and 2020+ tables): their sectors, topics and domains, activity titles,
//! every organisation spelling and typo seen, every date form, contact points, and
//! descriptions built from real sentences (non-ASCII text included). The layout is a
//! circulated copy's: title rows above the header, blank "same as above" Topic and
//! Sector cells in runs of one sector, the header repeated at page breaks, records
//! broken over two rows (a description, a contact or an activity title running on),
//! category heading rows (2017-2019 layout), real date cells among date texts, broken
//! e-mail addresses, "CANCELLED" descriptions, tbc/TBD.
//!
//! The mix follows the analyst's generator it is compared against (same proportions of
//! date forms, separators, typos, placeholders), so both pipelines read comparable
//! files; the additions are the seed's broken e-mail addresses and continuation rows
//! beyond a spilled description.
//!
//! The same [`Spec`] always gives the same rows: the random numbers come from a fixed
//! SplitMix64 stream, the CSV is byte-identical between runs and so is the workbook
//! (its document properties carry a fixed date).

use std::io::{self, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

use body::Body;

mod body;
mod values;

/// Which of the two circulated layouts to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Workplan 2020+: Topic, Sector, Domain, Activity, Date, Companies/associations
    /// involved, Description, Contact point.
    Workplan2020,
    /// Workplan 2017-2019: Sector, Activity, Date, Companies/association, Description,
    /// with category heading rows ("Studies", ...) between records.
    Workplan2017,
}

impl Schema {
    /// The header row as circulated.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Schema::Workplan2020 => &[
                "Topic",
                "Sector",
                "Domain",
                "Activity",
                "Date",
                "Companies/associations involved",
                "Description",
                "Contact point",
            ],
            Schema::Workplan2017 => &[
                "Sector",
                "Activity",
                "Date",
                "Companies/association",
                "Description",
            ],
        }
    }

    fn label(self) -> &'static str {
        match self {
            Schema::Workplan2020 => "2020+",
            Schema::Workplan2017 => "2017-2019",
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Activities (record rows; headers, headings and continuation rows come on top).
    pub activities: usize,
    /// The random stream's seed.
    pub seed: u64,
    /// The layout.
    pub schema: Schema,
}

impl Spec {
    /// `activities` activities of the 2020+ layout, seed 42.
    pub fn new(activities: usize) -> Self {
        Spec {
            activities,
            seed: 42,
            schema: Schema::Workplan2020,
        }
    }
}

/// One generated cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text as a user typed or pasted it.
    Text(String),
    /// A real date cell (an ISO date in the CSV export).
    Date(NaiveDate),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

/// One generated sheet row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A title above the table (first column).
    Title(String),
    /// An empty row.
    Blank,
    /// A category heading (first column).
    Heading(&'static str),
    /// The header row, first or repeated at a page break.
    Header,
    /// A record or a continuation row: one cell per header column.
    Cells(Vec<Cell>),
}

/// Every row of the sheet, title rows first.
pub fn rows(spec: Spec) -> impl Iterator<Item = Row> {
    let titles = [
        Row::Title("The Council of Europe Partnership with Digital Companies".to_owned()),
        Row::Title(format!(
            "Workplan {} \u{2013} activities with partner companies and associations \
             (version of 6 February 2020, {} activities)",
            spec.schema.label(),
            spec.activities
        )),
        Row::Blank,
        Row::Header,
    ];
    titles.into_iter().chain(Body::new(spec))
}

/// Writes the sheet as a CSV export (UTF-8, CRLF, every row as wide as the header;
/// real date cells as ISO dates).
pub fn write_csv<W: Write>(out: W, spec: Spec) -> io::Result<()> {
    let headers = spec.schema.headers();
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let mut line: Vec<String> = Vec::with_capacity(headers.len());
    for row in rows(spec) {
        line.clear();
        match row {
            Row::Title(t) => line.push(t),
            Row::Heading(h) => line.push(h.to_owned()),
            Row::Blank => {}
            Row::Header => line.extend(headers.iter().map(|h| (*h).to_owned())),
            Row::Cells(cells) => line.extend(cells.into_iter().map(|c| match c {
                Cell::Empty => String::new(),
                Cell::Text(s) => s,
                Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            })),
        }
        line.resize(headers.len(), String::new());
        w.write_record(&line)?;
    }
    w.flush()
}

/// Writes the sheet as a workbook the way an office suite saves one: shared strings,
/// a merged bold title, a styled header, wrapped text, dates formatted dd/mm/yyyy,
/// frozen header pane. The sheet is named after the workplan.
pub fn write_xlsx(path: &Path, spec: Spec) -> Result<(), XlsxError> {
    let headers = spec.schema.headers();
    let last_col = (headers.len() - 1) as u16;
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2020, 2, 6)?.and_hms(9, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Workplan")
            .set_author("Council of Europe")
            .set_creation_datetime(&created),
    );
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let heading = Format::new().set_bold().set_italic();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top);

    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("Workplan {}", spec.schema.label()))?;
    for (c, h) in headers.iter().enumerate() {
        sheet.set_column_width(c as u16, if *h == "Description" { 60 } else { 22 })?;
    }
    let mut first_header = true;
    for (r, row) in (0u32..).zip(rows(spec)) {
        match row {
            Row::Title(t) if r == 0 => {
                sheet.merge_range(0, 0, 0, last_col, &t, &title)?;
            }
            Row::Title(t) => {
                sheet.write_string(r, 0, &t)?;
            }
            Row::Blank => {}
            Row::Heading(h) => {
                sheet.write_string_with_format(r, 0, h, &heading)?;
            }
            Row::Header => {
                for (c, h) in headers.iter().enumerate() {
                    sheet.write_string_with_format(r, c as u16, *h, &header)?;
                }
                if first_header {
                    sheet.set_freeze_panes(r + 1, 0)?;
                    first_header = false;
                }
            }
            Row::Cells(cells) => {
                for (c, cell) in cells.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Cell::Empty => {}
                        Cell::Text(s) => {
                            sheet.write_string_with_format(r, c, s, &wrap)?;
                        }
                        Cell::Date(d) => {
                            let serial = ExcelDateTime::from_ymd(
                                d.year() as u16,
                                d.month() as u8,
                                d.day() as u8,
                            )?;
                            sheet.write_datetime_with_format(r, c, &serial, &date)?;
                        }
                    }
                }
            }
        }
    }
    workbook.save(path)
}

/// Which files [`write_files`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formats {
    /// Both the workbook and its CSV export.
    Both,
    /// The workbook only.
    Xlsx,
    /// The CSV export only.
    Csv,
}

/// Why a synthetic workplan could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The CSV file.
    #[error("{path}: cannot write: {source}")]
    Csv {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The workbook.
    #[error("{path}: cannot write the workbook: {source}")]
    Xlsx {
        /// The file.
        path: String,
        /// The writer's error.
        #[source]
        source: XlsxError,
    },
}

/// Writes `<prefix>.xlsx` and/or `<prefix>.csv`, creating the folder; returns the
/// files written.
pub fn write_files(
    prefix: &Path,
    spec: Spec,
    formats: Formats,
) -> Result<Vec<std::path::PathBuf>, SynthError> {
    let with_ext = |ext: &str| {
        let mut name = prefix.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        std::path::PathBuf::from(name)
    };
    let mut written = Vec::new();
    if formats != Formats::Xlsx {
        let path = with_ext("csv");
        let err = |source| SynthError::Csv {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let file = std::fs::File::create(&path).map_err(err)?;
        write_csv(io::BufWriter::new(file), spec).map_err(err)?;
        written.push(path);
    }
    if formats != Formats::Csv {
        let path = with_ext("xlsx");
        let err = |source| SynthError::Xlsx {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| err(XlsxError::IoError(e)))?;
        }
        write_xlsx(&path, spec).map_err(err)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(spec: Spec) -> Vec<Vec<Cell>> {
        rows(spec)
            .filter_map(|r| match r {
                Row::Cells(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn same_spec_same_csv() {
        let spec = Spec::new(300);
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_csv(&mut a, spec).unwrap();
        write_csv(&mut b, spec).unwrap();
        assert_eq!(a, b);
        let mut c = Vec::new();
        write_csv(&mut c, Spec { seed: 7, ..spec }).unwrap();
        assert_ne!(a, c, "the seed changes the rows");
    }

    #[test]
    fn makes_the_requested_number_of_records() {
        for n in [0, 1, 2, 57, 1000] {
            let spec = Spec::new(n);
            // Record rows carry a Date, Companies or Sector cell, or at least an Activity
            // with a Domain; continuation rows carry none of those.
            let records = body(spec)
                .iter()
                .filter(|cells| !cells[2].eq(&Cell::Empty))
                .count();
            assert_eq!(records, n, "{n} activities");
        }
    }

    #[test]
    fn has_the_seeds_untidiness() {
        let spec = Spec::new(5000);
        let all: Vec<Row> = rows(spec).collect();
        let headers = all.iter().filter(|r| **r == Row::Header).count();
        assert!(headers > 50, "repeated headers: {headers}");
        let cells = body(spec);
        let texts: Vec<&str> = cells
            .iter()
            .flatten()
            .filter_map(|c| match c {
                Cell::Text(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        let any = |needle: &str| texts.iter().any(|t| t.contains(needle));
        for needle in [
            "CANCELLED",
            "(tbc)",
            "(TBC)",
            "Deutsche Telecom",
            "Non-partner:",
            "e.g.",
            "@coe .int",
            "<u>",
            "Strasbour g",
            "\u{2026}",
            "\n",
        ] {
            assert!(any(needle), "no cell holds {needle:?}");
        }
        assert!(cells.iter().flatten().any(|c| matches!(c, Cell::Date(_))));
        // Blank "same as above" sectors and continuation rows.
        assert!(cells
            .iter()
            .any(|c| c[1] == Cell::Empty && c[2] != Cell::Empty));
        let continuations = cells.iter().filter(|c| c[2] == Cell::Empty).count();
        assert!(continuations > 20, "continuation rows: {continuations}");
    }

    #[test]
    fn the_2017_layout_has_category_headings() {
        let spec = Spec {
            schema: Schema::Workplan2017,
            ..Spec::new(3000)
        };
        let all: Vec<Row> = rows(spec).collect();
        assert!(all.iter().any(|r| matches!(r, Row::Heading(_))));
        assert!(all
            .iter()
            .all(|r| !matches!(r, Row::Cells(c) if c.len() != 5)));
    }

    #[test]
    fn typos_and_broken_addresses_change_the_text() {
        use body::{broken_email, typo, Rng};

        let mut rng = Rng(1);
        for _ in 0..50 {
            assert_ne!(typo(&mut rng, "Microsoft"), "Microsoft");
            let c = "Unit  Peter.Kimpian@coe.int other";
            let b = broken_email(&mut rng, c);
            assert_ne!(b, c);
            assert!(b.starts_with("Unit  ") && b.ends_with(" other"), "{b}");
        }
    }
}
