//! The canonical types: what an activity is once it has been read and normalised.
//!
//! Field order and names of [`Activity`] are the order and names of `activities.json`
//! and `activities.csv`; change them only together with the README.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod place;
mod raw;
mod table;

pub use place::{column_letters, Location, SourceCell};
pub use raw::{
    format_number, CanonicalCells, CellRange, CellValue, Field, FieldText, RawField, RawRecord,
    RawRow, RawSheet, RejectedRow, RowCounts, SheetShape,
};
pub use table::{
    is_companion_sheet, neutralise, unneutralise, Column, ACTIVITIES_SHEET, ACTIVITY_COLUMNS,
    COLUMNS, COMPANION_SHEETS, LIST_SEPARATOR,
};

/// How precisely a date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A calendar day (or a range of days).
    Day,
    /// A month (or a range of months).
    Month,
    /// A year (or a range of years).
    Year,
}

impl Precision {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// A date in ISO form at a precision: `2020`, `2020-03` or `2020-03-06`, as chrono's
/// `%Y`, `%Y-%m` and `%Y-%m-%d` write it (a year outside 0 to 9999 with its sign, as
/// `+12020`); nothing when there is no date. Every date the outputs show is written by
/// this, alone or as an end of a [`DateSpan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Iso(pub Option<NaiveDate>, pub Precision);

impl fmt::Display for Iso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Datelike;
        let Iso(Some(date), precision) = *self else {
            return Ok(());
        };
        match date.year() {
            y @ 0..=9999 => write!(f, "{y:04}")?,
            y => write!(f, "{y:+05}")?,
        }
        if precision != Precision::Year {
            write!(f, "-{:02}", date.month())?;
        }
        if precision == Precision::Day {
            write!(f, "-{:02}", date.day())?;
        }
        Ok(())
    }
}

/// A date as written, and the span of days it stands for.
///
/// `start` and `end` are inclusive. An open-ended date ("2020-") has a start and no end;
/// a date that could not be read has neither and keeps its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateSpan {
    /// The date exactly as written in the source cell.
    pub text: String,
    /// First day covered, if known.
    pub start: Option<NaiveDate>,
    /// Last day covered, if known.
    pub end: Option<NaiveDate>,
    /// How precise the written date is; `None` when unreadable or empty.
    pub precision: Option<Precision>,
    /// Marked "tbc"/"TBC" (to be confirmed).
    pub tentative: bool,
}

impl DateSpan {
    /// An empty date: no text, no span.
    pub fn empty() -> Self {
        DateSpan {
            text: String::new(),
            start: None,
            end: None,
            precision: None,
            tentative: false,
        }
    }

    /// A date whose text could not be read: the text is kept, the span is unknown.
    pub fn unreadable(text: impl Into<String>) -> Self {
        DateSpan {
            text: text.into(),
            ..DateSpan::empty()
        }
    }

    /// Whether the span touches `year` (an open end runs forever).
    pub fn touches_year(&self, year: i32) -> bool {
        use chrono::Datelike;
        match (self.start, self.end) {
            (Some(s), Some(e)) => s.year() <= year && year <= e.year(),
            (Some(s), None) => s.year() <= year,
            (None, Some(e)) => year <= e.year(),
            (None, None) => false,
        }
    }

    /// The span written in `style`.
    pub fn display(&self, style: SpanStyle) -> DisplaySpan<'_> {
        DisplaySpan { span: self, style }
    }
}

/// How a [`DateSpan`] is written ([`DateSpan::display`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanStyle {
    /// For reading, as the reports' "Dates" column shows it: the ends at the precision
    /// written (days when none is known) joined by ` – `, as `2018-03-06 – 2018-03-07`;
    /// one date when both ends read the same (`2018`); `2020 –` when open; `(not read)`
    /// when the text could not be read; nothing when there is no text.
    Range,
    /// For tracing, as `provenance.csv` shows it: both ends as days joined by `/`, then
    /// the precision and whether tentative, as `2020-01-01/2021-12-31 (year, tentative)`;
    /// nothing when the date was not read.
    Interval,
}

/// A [`DateSpan`] written in a [`SpanStyle`].
#[derive(Debug, Clone, Copy)]
pub struct DisplaySpan<'a> {
    span: &'a DateSpan,
    style: SpanStyle,
}

impl fmt::Display for DisplaySpan<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.span;
        match self.style {
            SpanStyle::Range => {
                let p = d.precision.unwrap_or(Precision::Day);
                let (start, end) = (Iso(d.start, p), Iso(d.end, p));
                match (d.start, d.end) {
                    (Some(s), Some(e)) if same_at(s, e, p) => write!(f, "{start}"),
                    (Some(_), Some(_)) => write!(f, "{start} – {end}"),
                    (Some(_), None) => write!(f, "{start} –"),
                    (None, Some(_)) => write!(f, "– {end}"),
                    (None, None) if d.text.trim().is_empty() => Ok(()),
                    (None, None) => f.write_str("(not read)"),
                }
            }
            SpanStyle::Interval => {
                let Some(p) = d.precision else {
                    return Ok(());
                };
                let (start, end) = (Iso(d.start, Precision::Day), Iso(d.end, Precision::Day));
                let tentative = if d.tentative { ", tentative" } else { "" };
                write!(f, "{start}/{end} ({}{tentative})", p.as_str())
            }
        }
    }
}

/// Whether two dates read the same at a precision.
fn same_at(a: NaiveDate, b: NaiveDate, precision: Precision) -> bool {
    use chrono::Datelike;
    a.year() == b.year()
        && (precision == Precision::Year || a.month() == b.month())
        && (precision != Precision::Day || a.day() == b.day())
}

/// Whether an activity is still on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The default.
    Planned,
    /// The record says CANCELLED.
    Cancelled,
}

impl Status {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Cancelled => "cancelled",
        }
    }
}

/// Where a record came from: the file, the sheet, and the rows it was built from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Source {
    /// The input file as named on the command line or found in a folder. Shared by
    /// the activities of a file, as the labels below are by those that repeat them.
    pub file: Arc<str>,
    /// The sheet name; `None` for CSV.
    pub sheet: Option<Arc<str>>,
    /// 1-based rows, in order (more than one when a continuation row was joined).
    pub rows: Vec<u32>,
}

/// One canonical activity of a workplan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Stable identifier derived from the record's content, the same on every run.
    pub id: String,
    /// Which workplan it belongs to ("2017-2019", "2020+"), when the input says.
    pub workplan: Option<Arc<str>>,
    /// The category heading it stood under ("Studies", ...), if any.
    pub category: Option<Arc<str>>,
    /// Topic (2020+ tables).
    pub topic: Option<Arc<str>>,
    /// The Council of Europe sector or body.
    pub sector: Option<Arc<str>>,
    /// Domain (2020+ tables).
    pub domain: Option<Arc<str>>,
    /// The activity's title.
    pub activity: Option<Arc<str>>,
    /// Description, with any CANCELLED marker kept; shared with the cell it was read
    /// from when cleaning changed nothing (most descriptions).
    pub description: Option<Arc<str>>,
    /// Planned or cancelled.
    pub status: Status,
    /// The date as written and its span.
    pub date: DateSpan,
    /// Canonical names of the registry partners taking part.
    pub partners: Box<[Arc<str>]>,
    /// The record says "All": every partner is invited.
    pub all_partners: bool,
    /// Organisations named that are not partners (canonical name where known).
    pub other_organisations: Box<[Arc<str>]>,
    /// Names that matched nothing in the registry, as written.
    pub unmatched: Box<[Arc<str>]>,
    /// E-mail addresses of the contact points, repaired and lower-cased.
    pub contacts: Box<[Arc<str>]>,
    /// Columns the importer does not know, by header name, as written.
    pub extra: BTreeMap<String, String>,
    /// Where the record was read (the first source when it arrived more than once).
    pub source: Source,
    /// What normalisation changed or doubted, one sentence each.
    pub notes: Box<[Arc<str>]>,
}

/// The note normalisation writes when a Companies cell holds a placeholder ("TBD",
/// "Companies working on education") that names no participant.
pub fn placeholder_note(placeholder: &str) -> String {
    format!("{PLACEHOLDER_NOTE}{placeholder}': names no participant")
}

/// How a [`placeholder_note`] starts.
const PLACEHOLDER_NOTE: &str = "placeholder '";

impl Activity {
    /// Its participants are still to be determined: a Companies cell held a placeholder
    /// ("TBD"), as its notes say.
    pub fn participants_to_be_determined(&self) -> bool {
        self.notes.iter().any(|n| n.starts_with(PLACEHOLDER_NOTE))
    }
}

/// Texts that many records hold (a sector, a partner's name, a contact address, a
/// note about a name): one string each, shared by every holder.
#[derive(Default)]
pub(crate) struct TextPool(rustc_hash::FxHashSet<Arc<str>>);

impl TextPool {
    /// The shared string equal to `text`, made on first sight.
    pub(crate) fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(Arc::clone(&shared));
        shared
    }

    /// [`get`](Self::get) for each of `texts`.
    pub(crate) fn all<'t>(
        &mut self,
        texts: impl IntoIterator<Item = &'t String>,
    ) -> Box<[Arc<str>]> {
        texts.into_iter().map(|t| self.get(t)).collect()
    }
}

#[cfg(test)]
impl Activity {
    /// A planned activity with an id, a title and a sector and nothing else, read from
    /// row 1 of `f.xlsx`, its date written "x": tests set what they look at.
    pub(crate) fn example(title: &str, sector: &str) -> Activity {
        Activity {
            id: format!("a{title}"),
            workplan: None,
            category: None,
            topic: None,
            sector: Some(sector.into()),
            domain: None,
            activity: Some(title.into()),
            description: None,
            status: Status::Planned,
            date: DateSpan {
                text: "x".into(),
                start: None,
                end: None,
                precision: None,
                tentative: false,
            },
            partners: Box::default(),
            all_partners: false,
            other_organisations: Box::default(),
            unmatched: Box::default(),
            contacts: Box::default(),
            extra: Default::default(),
            source: Source {
                file: "f.xlsx".into(),
                sheet: None,
                rows: vec![1],
            },
            notes: Box::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn span(
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
        precision: Option<Precision>,
        tentative: bool,
    ) -> DateSpan {
        DateSpan {
            text: "as written".into(),
            start,
            end,
            precision,
            tentative,
        }
    }

    #[test]
    fn iso_dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (5, 1, 2),
            (999, 12, 31),
            (2024, 2, 29),
            (9999, 7, 4),
            (-44, 3, 15),
            (-12_345, 3, 15),
            (10_000, 1, 1),
            (12_345, 6, 7),
        ] {
            let date = day(y, m, d).expect("a date");
            for (precision, pattern) in [
                (Precision::Day, "%Y-%m-%d"),
                (Precision::Month, "%Y-%m"),
                (Precision::Year, "%Y"),
            ] {
                let want = date.format(pattern).to_string();
                assert_eq!(Iso(Some(date), precision).to_string(), want);
            }
        }
        assert_eq!(Iso(None, Precision::Day).to_string(), "");
    }

    #[test]
    fn ranges_are_written_at_their_precision() {
        let mut d = span(
            day(2018, 3, 6),
            day(2018, 3, 7),
            Some(Precision::Day),
            false,
        );
        let range = |d: &DateSpan| d.display(SpanStyle::Range).to_string();
        assert_eq!(range(&d), "2018-03-06 – 2018-03-07");
        d.precision = Some(Precision::Month);
        assert_eq!(range(&d), "2018-03");
        d.precision = Some(Precision::Year);
        assert_eq!(range(&d), "2018");
        d.end = day(2019, 12, 31);
        assert_eq!(range(&d), "2018 – 2019");
        d.end = None;
        assert_eq!(range(&d), "2018 –");
        d.precision = None;
        assert_eq!(range(&d), "2018-03-06 –");
        let until = span(None, day(2020, 12, 31), Some(Precision::Month), false);
        assert_eq!(range(&until), "– 2020-12");
        let one = span(day(2020, 4, 1), day(2020, 4, 1), None, false);
        assert_eq!(range(&one), "2020-04-01");
        assert_eq!(range(&DateSpan::unreadable("soon")), "(not read)");
        assert_eq!(range(&DateSpan::unreadable("  ")), "");
        assert_eq!(range(&DateSpan::empty()), "");
    }

    #[test]
    fn intervals_are_iso_days_with_their_precision() {
        let cases = [
            (
                span(
                    day(2018, 3, 6),
                    day(2018, 3, 7),
                    Some(Precision::Day),
                    false,
                ),
                "2018-03-06/2018-03-07 (day)",
            ),
            (
                span(day(2020, 1, 1), None, Some(Precision::Year), true),
                "2020-01-01/ (year, tentative)",
            ),
            (
                span(None, day(12_020, 12, 31), Some(Precision::Month), false),
                "/+12020-12-31 (month)",
            ),
            (span(day(2020, 1, 1), None, None, false), ""),
        ];
        for (s, want) in cases {
            assert_eq!(s.display(SpanStyle::Interval).to_string(), want);
        }
    }
}
