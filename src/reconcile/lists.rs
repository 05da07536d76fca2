//! Circulated partner lists, read from a table of one row per name as written.
//!
//! The table (`input/partner-lists.csv`, or the same columns in an xlsx/ods workbook) is
//! read through the project's importer ([`crate::import::read`]), so encoding, delimiter
//! and spreadsheet quirks are handled once. Its header row is found by its column names,
//! in any order, on any sheet:
//!
//! | column | holds |
//! |---|---|
//! | `source` | the document the list comes from ("2020 overview") |
//! | `list` | the list's label in that document ("2017 list", "Discussions with") |
//! | `as_of` | the date the list speaks for: "2017-11-08", "2020", "June 2022"... |
//! | `kind` | `members`, `joined`, `candidates` or `named` (optional: told from the label) |
//! | `name_as_written` | one name, exactly as the document writes it |
//! | `announced` | a count the document announces for the list: "5", "8 companies, 6 associations" |
//! | `note` | anything worth keeping (optional) |
//!
//! A row with a name is one entry of its list; a row with an `announced` count and no
//! name is a claim about the list ("8 leading technology firms and 6 associations").
//! A list is identified by its source and label. Rows are never dropped silently: a row
//! that is neither an entry nor a claim is a warning naming its place.

use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Kind};
use crate::import::{self, ImportError};
use crate::model::{CellValue, Location, RawRow, RawSheet};
use crate::normalise::dates;
use crate::text;

/// What a list says about the names on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListKind {
    /// Every partner at the list's date ("Full list", a leaflet's list of partners).
    Members,
    /// The partners that joined at the list's date ("2018 list", "joined on 28 June 2022").
    Joined,
    /// Organisations in discussion at the list's date ("Discussions with").
    Candidates,
    /// Some partners at the list's date, without a claim to be complete (a newsletter
    /// naming a few): each name is checked, absences are not.
    Named,
}

impl ListKind {
    /// The lowercase name used in the lists file and in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Members => "members",
            ListKind::Joined => "joined",
            ListKind::Candidates => "candidates",
            ListKind::Named => "named",
        }
    }

    /// Reads a `kind` cell: "members", "joined", "candidates", "named" and a few synonyms.
    pub fn parse(text: &str) -> Option<ListKind> {
        match text::key(text).as_str() {
            "members" | "member" | "partners" | "full" | "full list" => Some(ListKind::Members),
            "joined" | "joiners" | "join" | "new" | "new partners" => Some(ListKind::Joined),
            "candidates" | "candidate" | "discussion" | "discussions" | "in discussion" => {
                Some(ListKind::Candidates)
            }
            "named" | "mentions" | "mentioned" | "some" | "partial" => Some(ListKind::Named),
            _ => None,
        }
    }

    /// The kind a label suggests when no `kind` is given: "... discussion(s) ...",
    /// "ongoing ...", "candidates" are candidates; "joined ...", "new ..." and
    /// "YYYY list" are joiners; anything else lists members.
    pub fn from_label(label: &str) -> ListKind {
        let key = text::key(label);
        let words: Vec<&str> = key.split(' ').collect();
        let has = |w: &str| words.contains(&w);
        let year_list = words.len() == 2
            && words[1] == "list"
            && words[0].len() == 4
            && words[0].bytes().all(|b| b.is_ascii_digit());
        if has("discussion") || has("discussions") || has("ongoing") || has("candidates") {
            ListKind::Candidates
        } else if has("joined") || has("join") || has("new") || year_list {
            ListKind::Joined
        } else {
            ListKind::Members
        }
    }
}

/// The span of days a list speaks for, read from its `as_of` cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// First day.
    pub first: NaiveDate,
    /// Last day (inclusive).
    pub last: NaiveDate,
}

impl Period {
    /// A period from its first to its last day; `None` when they are the wrong way round.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Option<Period> {
        (first <= last).then_some(Period { first, last })
    }

    /// Whether the two periods share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    /// Whether `self` lies inside `other`.
    pub fn within(&self, other: &Period) -> bool {
        other.first <= self.first && self.last <= other.last
    }
}

/// A count a document announces for one of its lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Announced {
    /// Companies, when counted apart.
    pub companies: Option<u32>,
    /// Associations, when counted apart.
    pub associations: Option<u32>,
    /// The total: given, or the sum of the parts.
    pub total: u32,
}

impl Announced {
    /// Reads "5", "25 participants", "8 companies, 6 associations",
    /// "8 firms and 6 associations". `None` for anything else.
    pub fn parse(text: &str) -> Option<Announced> {
        let key = text::key(text);
        if key.is_empty() {
            return None;
        }
        let mut out = Announced::default();
        let mut total = None;
        let words: Vec<&str> = key.split(' ').filter(|w| *w != "and").collect();
        let mut i = 0;
        while i < words.len() {
            let n: u32 = words[i].parse().ok()?;
            let what = words.get(i + 1).copied();
            let slot = match what {
                Some("companies" | "company" | "firms" | "firm") => &mut out.companies,
                Some("associations" | "association") => &mut out.associations,
                Some("partners" | "participants" | "names" | "total") | None => &mut total,
                Some(w) if w.parse::<u32>().is_ok() => &mut total,
                Some(_) => return None,
            };
            if slot.replace(n).is_some() {
                return None;
            }
            i += if what.is_some_and(|w| w.parse::<u32>().is_err()) {
                2
            } else {
                1
            };
        }
        let parts = out.companies.unwrap_or(0) + out.associations.unwrap_or(0);
        out.total = match total {
            Some(t) if (out.companies.is_some() || out.associations.is_some()) && t < parts => {
                return None
            }
            Some(t) => t,
            None => parts,
        };
        Some(out)
    }
}

/// What every row of a list carries: which list, and what it says about its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHead {
    /// The source document, as written (the file name when the column is absent or blank).
    pub source: String,
    /// The list's label, as written.
    pub list: String,
    /// The `as_of` cell as written.
    pub as_of_text: String,
    /// The span it was read as; `None` when blank or unreadable (a warning says which).
    pub as_of: Option<Period>,
    /// The kind given, or told from the label.
    pub kind: ListKind,
}

/// One name on a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    /// The list it belongs to.
    pub head: ListHead,
    /// The name exactly as written (outer spaces trimmed).
    pub name_as_written: String,
    /// The row's note, if any.
    pub note: String,
    /// Where the row was read.
    pub place: Location,
}

/// A count a document announces for a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountClaim {
    /// The list it is about.
    pub head: ListHead,
    /// The `announced` cell as written.
    pub text: String,
    /// The count read from it.
    pub announced: Announced,
    /// The row's note (typically the sentence quoted).
    pub note: String,
    /// Where the row was read.
    pub place: Location,
}

/// Every list row read from the lists files.
#[derive(Debug, Clone, Default)]
pub struct PartnerLists {
    /// The files read, as named.
    pub files: Vec<String>,
    /// Names on lists, in file order.
    pub entries: Vec<ListEntry>,
    /// Counts announced, in file order.
    pub claims: Vec<CountClaim>,
    /// Problems that did not stop a file being read, and how files were read where
    /// that was detected (encodings).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a lists file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ListsError {
    /// The file could not be read as a table.
    #[error("partner lists: {0}")]
    Import(#[from] ImportError),
    /// No sheet holds a header row with the `list` and `name_as_written` columns.
    #[error(
        "{0}: no partner list header found (a row with the columns list and \
         name_as_written, and optionally source, as_of, kind, announced, note)"
    )]
    NoHeader(String),
}

/// The columns of a lists table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Source,
    List,
    AsOf,
    Kind,
    Name,
    Announced,
    Note,
}

impl Column {
    fn from_header(cell: &str) -> Option<Column> {
        Some(match text::key(cell).as_str() {
            "source" | "document" | "source document" => Column::Source,
            "list" | "list label" | "label" => Column::List,
            "as of" | "as of date" | "date" => Column::AsOf,
            "kind" | "list kind" => Column::Kind,
            "name as written" | "name" | "organisation" | "organization" => Column::Name,
            "announced" | "announced count" | "count" => Column::Announced,
            "note" | "notes" => Column::Note,
            _ => return None,
        })
    }

    fn header(self) -> &'static str {
        match self {
            Column::Source => "source",
            Column::List => "list",
            Column::AsOf => "as_of",
            Column::Kind => "kind",
            Column::Name => "name_as_written",
            Column::Announced => "announced",
            Column::Note => "note",
        }
    }
}

/// Which column index holds what, from a header row.
#[derive(Debug, Clone, Default)]
struct Header {
    columns: Vec<(usize, Column)>,
}

impl Header {
    /// A header row: recognised names, `list` and `name_as_written` among them.
    fn read(row: &RawRow) -> Option<Header> {
        let columns: Vec<(usize, Column)> = row
            .cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                CellValue::Text(t) => Column::from_header(t).map(|col| (i, col)),
                _ => None,
            })
            .collect();
        let has = |c: Column| columns.iter().any(|(_, k)| *k == c);
        (has(Column::List) && has(Column::Name)).then_some(Header { columns })
    }

    fn index(&self, column: Column) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, c)| *c == column)
            .map(|(i, _)| *i)
    }
}

impl PartnerLists {
    /// Reads one lists file and appends its rows. `display` names it in outputs.
    pub fn read(&mut self, path: &Path, display: &str) -> Result<(), ListsError> {
        let raw = import::read(path, display)?;
        self.diagnostics.extend(raw.diagnostics);
        let mut found = false;
        for sheet in &raw.sheets {
            found |= self.read_sheet(sheet);
        }
        if !found {
            return Err(ListsError::NoHeader(display.to_owned()));
        }
        self.files.push(display.to_owned());
        Ok(())
    }

    /// Reads the list rows of one sheet; `false` when it has no header row. Rows above
    /// the header are titles and are skipped; a repeated header is skipped.
    pub(super) fn read_sheet(&mut self, sheet: &RawSheet) -> bool {
        let Some(at) = sheet.rows.iter().position(|r| Header::read(r).is_some()) else {
            return false;
        };
        let header_row = &sheet.rows[at];
        let Some(header) = Header::read(header_row) else {
            return false;
        };
        for row in &sheet.rows[at + 1..] {
            if row.cells.iter().all(CellValue::is_blank) || Header::read(row).is_some() {
                continue;
            }
            self.read_row(sheet, &header, row);
        }
        true
    }

    /// A warning about a row, in `column` when given.
    fn warn(&mut self, place: &Location, column: Option<Column>, kind: Kind) {
        let mut place = place.clone();
        place.header = column.map(|c| c.header().to_owned());
        self.diagnostics.push(Diagnostic::new(place, kind));
    }

    fn read_row(&mut self, sheet: &RawSheet, header: &Header, row: &RawRow) {
        let place = Location::file(&sheet.file)
            .with_sheet(sheet.sheet.as_deref())
            .with_row(row.number);
        let cell = |c: Column| -> Option<&CellValue> { row.cells.get(header.index(c)?) };
        let text = |c: Column| -> String {
            cell(c)
                .map(|v| v.to_text().trim().to_owned())
                .unwrap_or_default()
        };
        let source = match text(Column::Source) {
            s if s.is_empty() => sheet.file.clone(),
            s => s,
        };
        let list = text(Column::List);
        if list.is_empty() {
            self.warn(&place, None, Kind::ListWithoutLabel);
        }
        let (as_of_text, as_of) = match cell(Column::AsOf) {
            Some(CellValue::DateTime(dt)) => {
                let span = dates::from_cell(*dt);
                (span.text, Period::new(dt.date(), dt.date()))
            }
            _ => {
                let written = text(Column::AsOf);
                let parsed = dates::parse(&written);
                let period = match (parsed.span.start, parsed.span.end) {
                    (Some(first), Some(last)) => Period::new(first, last),
                    _ => None,
                };
                if period.is_none() && !written.is_empty() {
                    let kind = Kind::ListDateUnreadable {
                        written: written.clone(),
                    };
                    self.warn(&place, Some(Column::AsOf), kind);
                } else if written.is_empty() {
                    self.warn(&place, Some(Column::AsOf), Kind::ListDateMissing);
                }
                (written, period)
            }
        };
        let kind_text = text(Column::Kind);
        let kind = match ListKind::parse(&kind_text) {
            Some(k) => k,
            None => {
                if !kind_text.is_empty() {
                    let kind = Kind::ListKindUnknown {
                        written: kind_text.clone(),
                    };
                    self.warn(&place, Some(Column::Kind), kind);
                }
                ListKind::from_label(&list)
            }
        };
        let head = ListHead {
            source,
            list,
            as_of_text,
            as_of,
            kind,
        };
        let name = text(Column::Name);
        let announced = text(Column::Announced);
        let note = text(Column::Note);
        if !announced.is_empty() {
            match Announced::parse(&announced) {
                Some(count) => self.claims.push(CountClaim {
                    head: head.clone(),
                    text: announced,
                    announced: count,
                    note: note.clone(),
                    place: place.clone(),
                }),
                None => {
                    let kind = Kind::CountUnreadable { written: announced };
                    self.warn(&place, Some(Column::Announced), kind);
                }
            }
        } else if name.is_empty() {
            self.warn(&place, None, Kind::ListRowEmpty);
        }
        if !name.is_empty() {
            self.entries.push(ListEntry {
                head,
                name_as_written: name,
                note,
                place,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists_from_csv(text: &str) -> PartnerLists {
        let raw = crate::import::csv::read("lists.csv", text.as_bytes()).expect("reads");
        let mut lists = PartnerLists::default();
        assert!(lists.read_sheet(&raw.sheets[0]), "header found");
        lists
    }

    #[test]
    fn kinds_are_read_or_told_from_the_label() {
        for (label, kind) in [
            ("2017 list", ListKind::Joined),
            ("2020 list", ListKind::Joined),
            ("joined on 28 June 2022", ListKind::Joined),
            ("Full list", ListKind::Members),
            ("Participants", ListKind::Members),
            ("Ongoing process in 2020", ListKind::Candidates),
            ("Discussions with", ListKind::Candidates),
        ] {
            assert_eq!(ListKind::from_label(label), kind, "{label}");
        }
        assert_eq!(ListKind::parse("Joined"), Some(ListKind::Joined));
        assert_eq!(ListKind::parse(" members "), Some(ListKind::Members));
        assert_eq!(ListKind::parse("candidates"), Some(ListKind::Candidates));
        assert_eq!(ListKind::parse("named"), Some(ListKind::Named));
        assert_eq!(ListKind::parse("maybe"), None);
    }

    #[test]
    fn announced_counts_are_read() {
        let a = |t: &str| Announced::parse(t);
        assert_eq!(
            a("8 companies, 6 associations"),
            Some(Announced {
                companies: Some(8),
                associations: Some(6),
                total: 14
            })
        );
        assert_eq!(a("8 firms and 6 associations").map(|x| x.total), Some(14));
        assert_eq!(
            a("25"),
            Some(Announced {
                companies: None,
                associations: None,
                total: 25
            })
        );
        assert_eq!(a("25 participants").map(|x| x.total), Some(25));
        assert_eq!(a("six"), None);
        assert_eq!(a(""), None);
        assert_eq!(a("5 companies, 5 companies"), None, "a part given twice");
        assert_eq!(
            a("3 companies, 2 associations, 4 total"),
            None,
            "total below parts"
        );
    }

    #[test]
    fn rows_become_entries_and_claims_with_their_places() {
        let lists = lists_from_csv(
            "Partner lists, as circulated\n\
             source,list,as_of,name_as_written,announced,note\n\
             2020 overview,2017 list,2017-11-08,,\"8 companies, 6 associations\",section 1\n\
             2020 overview,2017 list,2017-11-08,Apple,,\n\
             \n\
             2020 overview,Discussions with,2020,Thalès,,\n\
             source,list,as_of,name_as_written,announced,note\n\
             ,Full list,sometime,Google,,\n\
             2020 overview,2018 list,2018,,,\n",
        );
        assert_eq!(lists.claims.len(), 1);
        let claim = &lists.claims[0];
        assert_eq!(claim.announced.associations, Some(6));
        assert_eq!(claim.place.to_string(), "lists.csv row 3");
        assert_eq!(claim.head.kind, ListKind::Joined);

        let names: Vec<(&str, &str, String)> = lists
            .entries
            .iter()
            .map(|e| {
                (
                    e.head.list.as_str(),
                    e.name_as_written.as_str(),
                    e.place.to_string(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("2017 list", "Apple", "lists.csv row 4".to_owned()),
                ("Discussions with", "Thalès", "lists.csv row 6".to_owned()),
                ("Full list", "Google", "lists.csv row 8".to_owned()),
            ]
        );
        let apple = &lists.entries[0].head;
        assert_eq!(
            apple.as_of,
            Period::new(
                NaiveDate::from_ymd_opt(2017, 11, 8).unwrap(),
                NaiveDate::from_ymd_opt(2017, 11, 8).unwrap()
            )
        );
        let thales = &lists.entries[1].head;
        assert_eq!(thales.kind, ListKind::Candidates);
        assert_eq!(
            thales
                .as_of
                .map(|p| (p.first.to_string(), p.last.to_string())),
            Some(("2020-01-01".to_owned(), "2020-12-31".to_owned()))
        );
        // A blank source is the file; an unreadable date and an empty row are warnings.
        assert_eq!(lists.entries[2].head.source, "lists.csv");
        assert_eq!(lists.entries[2].head.as_of, None);
        let said: Vec<String> = lists.diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            said.iter()
                .any(|w| w.contains("row 8") && w.contains("\"sometime\"") && w.contains("as_of")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|w| w.starts_with("lists.csv row 9:") && w.contains("neither")),
            "{said:?}"
        );
    }

    #[test]
    fn a_table_without_the_header_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("lists.csv");
        std::fs::write(&path, "Sector,Activity,Date\nCDPPE,Workshop,2020\n").expect("written");
        let mut lists = PartnerLists::default();
        let err = lists.read(&path, "lists.csv").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("lists.csv: no partner list header"),
            "{err}"
        );
    }

    #[test]
    fn an_xlsx_copy_is_read_like_the_csv() {
        use rust_xlsxwriter::Workbook;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("lists.xlsx");
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Lists").expect("named");
        ws.write_string(0, 0, "Partner lists").expect("cell");
        // Columns in another order, a real date cell and a number for the year.
        for (col, h) in ["name_as_written", "list", "as_of", "source"]
            .iter()
            .enumerate()
        {
            ws.write_string(2, col as u16, *h).expect("cell");
        }
        ws.write_string(3, 0, "the LEGO Group").expect("cell");
        ws.write_string(3, 1, "joined on 28 June 2022")
            .expect("cell");
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 6, 28).expect("date");
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        ws.write_datetime_with_format(3, 2, &date, &format)
            .expect("cell");
        ws.write_string(3, 3, "later leaflet").expect("cell");
        ws.write_string(4, 0, "INTEL").expect("cell");
        ws.write_string(4, 1, "2020 list").expect("cell");
        ws.write_number(4, 2, 2020.0).expect("cell");
        ws.write_string(4, 3, "2020 overview").expect("cell");
        wb.save(&path).expect("saved");

        let mut lists = PartnerLists::default();
        lists.read(&path, "lists.xlsx").expect("reads");
        assert!(lists.diagnostics.is_empty(), "{:?}", lists.diagnostics);
        let lego = &lists.entries[0];
        assert_eq!(lego.name_as_written, "the LEGO Group");
        assert_eq!(lego.head.kind, ListKind::Joined);
        assert_eq!(lego.head.as_of_text, "2022-06-28");
        assert_eq!(
            lego.head.as_of.map(|p| p.first),
            NaiveDate::from_ymd_opt(2022, 6, 28)
        );
        assert_eq!(lego.place.to_string(), "lists.xlsx [Lists] row 4");
        let intel = &lists.entries[1];
        assert_eq!(intel.head.source, "2020 overview");
        assert_eq!(intel.head.as_of_text, "2020");
        assert_eq!(
            intel.head.as_of.map(|p| p.last),
            NaiveDate::from_ymd_opt(2020, 12, 31)
        );
    }
}
