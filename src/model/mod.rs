//! The canonical types: what an activity is once it has been read and normalised.
//!
//! Field order and names of [`Activity`] are the order and names of `activities.json`
//! and `activities.csv`; change them only together with the README.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod place;
mod raw;

pub use place::{column_letters, Location, SourceCell};
pub use raw::{
    format_number, CellValue, Field, FieldText, RawField, RawRecord, RawRow, RawSheet, RejectedRow,
    RowCounts,
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

    /// Writes `date` in ISO form to this precision: `2020`, `2020-03` or `2020-03-06`,
    /// as chrono's `%Y`, `%Y-%m` and `%Y-%m-%d` write it. By hand for years 0 to 9999:
    /// chrono parses its format string at each call, a cost over every row of every
    /// output.
    pub fn write_iso(self, out: &mut impl std::fmt::Write, date: NaiveDate) -> std::fmt::Result {
        use chrono::Datelike;
        let y = date.year();
        if !(0..=9999).contains(&y) {
            // chrono writes a sign and more digits out there.
            let pattern = match self {
                Precision::Year => "%Y",
                Precision::Month => "%Y-%m",
                Precision::Day => "%Y-%m-%d",
            };
            return write!(out, "{}", date.format(pattern));
        }
        match self {
            Precision::Year => write!(out, "{y:04}"),
            Precision::Month => write!(out, "{y:04}-{:02}", date.month()),
            Precision::Day => write!(out, "{y:04}-{:02}-{:02}", date.month(), date.day()),
        }
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
