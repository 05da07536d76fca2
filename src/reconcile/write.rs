//! The reconciliation's CSV files: `reconciliation.csv` (one row per name on every
//! list), `partners-by-year.csv` (one row per organisation and year) and
//! `disagreements.csv` (one row per disagreement; settled facts are not in it).
//!
//! Column names and order are documented in the README; tests read them by name.

use std::io::{self, Write};

use super::findings::Source;
use super::{format_suggestions, Reconciliation};
use crate::model::COMPANION_SHEETS;
use crate::report::canonical::{csv_writer, LIST_SEPARATOR};
use crate::report::workbook::TextSheet;

/// The columns of `reconciliation.csv`, in order.
pub const RECONCILIATION_COLUMNS: &[&str] = &[
    "source",
    "list",
    "as_of",
    "name_as_written",
    "canonical",
    "status",
    "note",
    "place",
    "suggestions",
];

/// The columns of `partners-by-year.csv`, in order.
pub const PARTNERS_BY_YEAR_COLUMNS: &[&str] = &[
    "name",
    "kind",
    "year",
    "partner",
    "events",
    "lists",
    "activities",
    "cancelled",
    "open_to_all",
];

/// The columns of `disagreements.csv`, in order.
pub const DISAGREEMENTS_COLUMNS: &[&str] = &["kind", "name", "year", "sources", "explanation"];

/// The rows of `reconciliation.csv`, cell by cell.
pub fn reconciliation_rows(rec: &Reconciliation) -> impl Iterator<Item = [String; 9]> + '_ {
    rec.names.iter().map(|n| {
        [
            n.source.clone(),
            n.list.clone(),
            n.as_of.clone(),
            n.name_as_written.clone(),
            n.canonical.clone().unwrap_or_default(),
            n.status.as_str().to_owned(),
            n.note.clone(),
            n.place.clone(),
            format_suggestions(&n.suggestions),
        ]
    })
}

/// The rows of `partners-by-year.csv`, cell by cell.
pub fn partners_by_year_rows(rec: &Reconciliation) -> impl Iterator<Item = [String; 9]> + '_ {
    rec.partners_by_year.iter().map(|r| {
        [
            r.name.clone(),
            r.kind.to_owned(),
            r.year.to_string(),
            r.partner.as_str().to_owned(),
            r.events.join(LIST_SEPARATOR),
            r.lists.join(LIST_SEPARATOR),
            r.activities.to_string(),
            r.cancelled.to_string(),
            r.open_to_all.to_string(),
        ]
    })
}

/// Sheets `Partners by year` and `Reconciliation` of `activities.xlsx`: the rows of
/// `partners-by-year.csv` and `reconciliation.csv`.
pub fn workbook_sheets(rec: &Reconciliation) -> [TextSheet; 2] {
    let counts = &["year", "activities", "cancelled", "open_to_all"];
    [
        TextSheet::new(
            COMPANION_SHEETS[1],
            PARTNERS_BY_YEAR_COLUMNS,
            counts,
            partners_by_year_rows(rec),
        ),
        TextSheet::new(
            COMPANION_SHEETS[2],
            RECONCILIATION_COLUMNS,
            &[],
            reconciliation_rows(rec),
        ),
    ]
}

/// Writes `reconciliation.csv` ([`reconciliation_rows`]).
pub fn reconciliation_csv(out: &mut dyn Write, rec: &Reconciliation, bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(RECONCILIATION_COLUMNS)?;
    for row in reconciliation_rows(rec) {
        w.write_record(&row)?;
    }
    w.flush()
}

/// Writes `partners-by-year.csv` ([`partners_by_year_rows`]).
pub fn partners_by_year_csv(
    out: &mut dyn Write,
    rec: &Reconciliation,
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(PARTNERS_BY_YEAR_COLUMNS)?;
    for row in partners_by_year_rows(rec) {
        w.write_record(&row)?;
    }
    w.flush()
}

/// Writes `disagreements.csv`: one row per disagreement, in the order of the PDF: its
/// kind ([`Topic::as_str`](super::Topic::as_str)), the name or list concerned, the year
/// (empty when none can be told), the places of its claims and what disagrees.
pub fn disagreements_csv(out: &mut dyn Write, rec: &Reconciliation, bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(DISAGREEMENTS_COLUMNS)?;
    for d in &rec.disagreements {
        w.write_record([
            d.topic.as_str(),
            &d.subject,
            &d.year.map(|y| y.to_string()).unwrap_or_default(),
            &d.sources
                .iter()
                .map(Source::text)
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR),
            &d.text(),
        ])?;
    }
    w.flush()
}
