//! The canonical table read back (`activities.csv`, `activities.xlsx`): a row of it
//! becomes the activity it was written from.
//!
//! Its values were normalised when it was written, so they are read as the values they
//! are, not normalised again: the texts as they stand (with the quote that kept a
//! formula from running taken off), the lists split where they were joined, the dates
//! from the date cells, the flags and the status by their names. A run on the table
//! thus gives back every value it was written with, and a value corrected by hand is
//! taken as corrected. Two things are made again: the id, from the content as always
//! (a corrected activity gets the id of its new content), and the source, which names
//! the table's own row. Where the date cells are blank, the date is read from
//! `date_text`, so a date can be corrected by writing it out; where they disagree with
//! `date_text`, the cells are kept and a warning says so.
//!
//! A note containing "; " comes back as its pieces: the notes are joined with that
//! separator in the table, which keeps no other trace of where one ends.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{content_id, dates, FieldTrace, Normalised, Review, CANCELLED};
use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{
    unneutralise, Activity, CanonicalCells, CellValue, Column, DateSpan, Location, Precision,
    RawField, RawRecord, Source, SpanStyle, Status, TextPool, LIST_SEPARATOR,
};

/// The activity a row of the canonical table was written from.
pub(super) fn activity(rec: &RawRecord, cells: &CanonicalCells, pool: &mut TextPool) -> Normalised {
    let mut row = Row {
        rec,
        cells,
        pool,
        trace: Vec::new(),
        warnings: Vec::new(),
        notes: Vec::new(),
    };
    let date = row.date();
    let status = row.status();
    let mut activity = Activity {
        id: String::new(),
        workplan: row.label(Column::Workplan),
        category: row.label(Column::Category),
        topic: row.label(Column::Topic),
        sector: row.label(Column::Sector),
        domain: row.label(Column::Domain),
        activity: row.label(Column::Activity),
        description: row.description(),
        status,
        date,
        partners: row.list(Column::Partners),
        all_partners: row.flag(Column::AllPartners),
        other_organisations: row.list(Column::OtherOrganisations),
        unmatched: row.list(Column::Unmatched),
        contacts: row.list(Column::Contacts),
        extra: row.extra(),
        source: Source {
            file: Arc::clone(&rec.file),
            sheet: rec.sheet.clone(),
            rows: rec.rows.clone(),
        },
        notes: Box::default(),
    };
    activity.id = content_id(&activity);
    let mut notes: Vec<Arc<str>> = row.list(Column::Notes).into_vec();
    notes.append(&mut row.notes);
    activity.notes = notes.into();
    let review = activity
        .unmatched
        .iter()
        .map(|name| Review::UnmatchedName {
            name: name.to_string(),
            cell: row.text(Column::Unmatched).unwrap_or_default().to_owned(),
            place: row.place(Column::Unmatched).to_string(),
        })
        .collect();
    Normalised {
        activity,
        trace: row.trace,
        warnings: row.warnings,
        review,
    }
}

/// A row being read, and what reading it finds.
struct Row<'a> {
    rec: &'a RawRecord,
    cells: &'a CanonicalCells,
    pool: &'a mut TextPool,
    trace: Vec<FieldTrace>,
    warnings: Vec<Diagnostic>,
    /// What was made of the row beside its values (a date read from its text).
    notes: Vec<Arc<str>>,
}

impl Row<'_> {
    fn cell(&self, column: Column) -> Option<&RawField> {
        self.cells[column.index()].as_ref()
    }

    /// The cell's text as it stood before it was written out; `None` when blank.
    fn text(&self, column: Column) -> Option<&str> {
        let text = unneutralise(&self.cell(column)?.text);
        (!text.is_empty()).then_some(text)
    }

    /// Where the cell of `column` is (the row, when the table has no such cell).
    fn place(&self, column: Column) -> Location {
        let place = Location::file(&*self.rec.file).with_sheet(self.rec.sheet.as_deref());
        match self.cell(column).and_then(|f| f.cells().next()) {
            Some(cell) => place.with_cell(cell, Some(column.name())),
            None => place.with_row(self.rec.rows.first().copied().unwrap_or(0)),
        }
    }

    /// Notes where a value came from, for `provenance.csv`.
    fn traced(&mut self, column: Column, value: String, rules: Vec<String>) {
        let Some(cell) = self.cell(column) else {
            return;
        };
        self.trace.push(FieldTrace {
            field: column.name(),
            cells: cell.cells().collect(),
            header: Some(Arc::from(column.name())),
            as_written: cell.text.shared(),
            value,
            rules,
        });
    }

    /// Warns that the cell of `column` could not be read as `expected`, and says what
    /// was done `instead`.
    fn unreadable(&mut self, column: Column, expected: &'static str, instead: &'static str) {
        let written = self
            .cell(column)
            .map_or(String::new(), |f| f.text.to_string());
        let kind = Kind::CanonicalValueUnreadable {
            written,
            expected,
            instead,
        };
        let place = self.place(column);
        self.warnings.push(Diagnostic::new(place, kind));
    }

    /// A text value, shared with the other activities that hold the same.
    fn label(&mut self, column: Column) -> Option<Arc<str>> {
        let text = self.text(column)?.to_owned();
        self.traced(column, text.clone(), Vec::new());
        Some(self.pool.get(&text))
    }

    /// The description, the cell's own text when it needs no quote taken off (most
    /// descriptions are unique: they are not pooled).
    fn description(&mut self) -> Option<Arc<str>> {
        let text = self.text(Column::Description)?;
        let cell = self.cell(Column::Description)?;
        let shared = if text.len() == cell.text.len() {
            cell.text.shared()
        } else {
            Arc::from(text)
        };
        self.traced(Column::Description, shared.to_string(), Vec::new());
        Some(shared)
    }

    /// A list, split where [`LIST_SEPARATOR`] joined it.
    fn list(&mut self, column: Column) -> Box<[Arc<str>]> {
        let Some(text) = self.text(column).map(str::to_owned) else {
            return Box::default();
        };
        self.traced(column, text.clone(), Vec::new());
        text.split(LIST_SEPARATOR)
            .filter(|item| !item.is_empty())
            .map(|item| self.pool.get(item))
            .collect()
    }

    /// `true` or `false` (a blank cell is false).
    fn flag(&mut self, column: Column) -> bool {
        if let Some(CellValue::Bool(b)) = self.cell(column).map(RawField::value) {
            return *b;
        }
        let Some(text) = self.text(column) else {
            return false;
        };
        match text.to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            _ => {
                self.unreadable(column, "true or false", "read as false");
                false
            }
        }
    }

    /// `planned` or `cancelled`; otherwise told from the texts as a workplan's record
    /// is, with a warning.
    fn status(&mut self) -> Status {
        match self.text(Column::Status) {
            Some("planned") => Status::Planned,
            Some("cancelled") => Status::Cancelled,
            written => {
                let said = [Column::Description, Column::Activity, Column::DateText]
                    .into_iter()
                    .any(|c| self.text(c).is_some_and(|t| CANCELLED.is_match(t)));
                if written.is_some() {
                    let instead = "told from the description, activity and date_text";
                    self.unreadable(Column::Status, "planned or cancelled", instead);
                }
                if said {
                    Status::Cancelled
                } else {
                    Status::Planned
                }
            }
        }
    }

    /// The date: `date_text` as written, its span from the date cells; from the text
    /// when the cells are blank.
    fn date(&mut self) -> DateSpan {
        let text = self.text(Column::DateText).unwrap_or_default().to_owned();
        let blank = [Column::DateStart, Column::DateEnd, Column::DatePrecision]
            .iter()
            .all(|&c| self.text(c).is_none());
        let read = dates::parse(&text);
        let span = if blank {
            if read.span.start.is_some() {
                let note = format!(
                    "date read from date_text as {}: the date cells were blank",
                    read.rule
                );
                self.notes.push(Arc::from(note));
            }
            read.span.clone()
        } else {
            let span = DateSpan {
                text: text.clone(),
                start: self.day(Column::DateStart),
                end: self.day(Column::DateEnd),
                precision: self.precision(),
                tentative: self.flag(Column::DateTentative),
            };
            // A text that reads as no date (a real date cell's day out of the
            // reader's years, say) does not disagree.
            if read.span.start.is_some() && read.span != span {
                let kind = Kind::CanonicalDateDisagrees {
                    text_reads: read.span.display(SpanStyle::Interval).to_string(),
                    cells_say: span.display(SpanStyle::Interval).to_string(),
                };
                self.warnings
                    .push(Diagnostic::new(self.place(Column::DateStart), kind));
            }
            span
        };
        let value = span.display(SpanStyle::Interval).to_string();
        let column = match blank {
            true => Column::DateText,
            false => Column::DateStart,
        };
        self.traced(column, value, Vec::new());
        span
    }

    /// A day from a date cell, or from its text written `yyyy-mm-dd`.
    fn day(&mut self, column: Column) -> Option<NaiveDate> {
        if let Some(CellValue::DateTime(dt)) = self.cell(column).map(RawField::value) {
            return Some(dt.date());
        }
        let text = self.text(column)?;
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                self.unreadable(column, "a day written yyyy-mm-dd", "left blank");
                None
            }
        }
    }

    fn precision(&mut self) -> Option<Precision> {
        let precision = match self.text(Column::DatePrecision)? {
            "day" => Precision::Day,
            "month" => Precision::Month,
            "year" => Precision::Year,
            _ => {
                self.unreadable(Column::DatePrecision, "day, month or year", "left blank");
                return None;
            }
        };
        Some(precision)
    }

    /// The extra columns: the `extra` cell's JSON object, then the columns of other
    /// names.
    fn extra(&mut self) -> BTreeMap<String, String> {
        let mut extra = match self.text(Column::Extra) {
            None => BTreeMap::new(),
            Some(json) => match serde_json::from_str(json) {
                Ok(map) => map,
                Err(_) => {
                    let written = json.to_owned();
                    let instead = "kept whole under extra";
                    self.unreadable(Column::Extra, "a JSON object of texts", instead);
                    BTreeMap::from([(Column::Extra.name().to_owned(), written)])
                }
            },
        };
        for (header, field) in &self.rec.extra {
            extra.insert(header.clone(), field.text.to_string());
        }
        extra
    }
}

#[cfg(test)]
mod tests;
