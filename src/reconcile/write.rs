//! The reconciliation's CSV files: `reconciliation.csv` (one row per name on every
//! list), `partners-by-year.csv` (one row per organisation and year) and
//! `disagreements.csv` (one row per disagreement; settled facts are not in it).
//!
//! Column names and order are documented in the README; tests read them by name.

use std::io::{self, Write};

use super::{format_suggestions, Reconciliation};
use crate::report::canonical::{csv_writer, LIST_SEPARATOR};

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

/// Writes `reconciliation.csv`.
pub fn reconciliation_csv(out: &mut dyn Write, rec: &Reconciliation, bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(RECONCILIATION_COLUMNS)?;
    for n in &rec.names {
        w.write_record([
            n.source.as_str(),
            &n.list,
            &n.as_of,
            &n.name_as_written,
            n.canonical.as_deref().unwrap_or(""),
            n.status.as_str(),
            &n.note,
            &n.place,
            &format_suggestions(&n.suggestions),
        ])?;
    }
    w.flush()
}

/// Writes `partners-by-year.csv`.
pub fn partners_by_year_csv(
    out: &mut dyn Write,
    rec: &Reconciliation,
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(PARTNERS_BY_YEAR_COLUMNS)?;
    for r in &rec.partners_by_year {
        w.write_record([
            r.name.as_str(),
            r.kind,
            &r.year.to_string(),
            r.partner.as_str(),
            &r.events.join(LIST_SEPARATOR),
            &r.lists.join(LIST_SEPARATOR),
            &r.activities.to_string(),
            &r.cancelled.to_string(),
            &r.open_to_all.to_string(),
        ])?;
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
            &d.sources.join(LIST_SEPARATOR),
            &d.text,
        ])?;
    }
    w.flush()
}
