//! The canonical outputs: the activities table (JSON and CSV), rejected rows,
//! provenance of every value, and the review files.
//!
//! Column names and order are documented in the README; tests snapshot them.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::import::layout::RejectedRow;
use crate::model::Activity;
use crate::normalise::FieldTrace;

/// The columns of `activities.csv`, in order.
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

/// How lists are joined in CSV cells.
pub const LIST_SEPARATOR: &str = "; ";

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV writer for spreadsheet users: optional BOM, CRLF line ends as Excel writes them.
pub fn csv_writer(out: &mut dyn Write, bom: bool) -> io::Result<csv::Writer<&mut dyn Write>> {
    if bom {
        out.write_all(BOM)?;
    }
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out))
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn iso(d: Option<chrono::NaiveDate>) -> String {
    d.map_or(String::new(), |d| d.format("%Y-%m-%d").to_string())
}

/// The cells of one activity in [`ACTIVITY_COLUMNS`] order.
pub fn activity_record(a: &Activity) -> Vec<String> {
    vec![
        a.id.clone(),
        opt(&a.workplan).to_owned(),
        opt(&a.category).to_owned(),
        opt(&a.topic).to_owned(),
        opt(&a.sector).to_owned(),
        opt(&a.domain).to_owned(),
        opt(&a.activity).to_owned(),
        opt(&a.description).to_owned(),
        a.status.as_str().to_owned(),
        a.date.text.clone(),
        iso(a.date.start),
        iso(a.date.end),
        a.date.precision.map_or("", |p| p.as_str()).to_owned(),
        a.date.tentative.to_string(),
        a.partners.join(LIST_SEPARATOR),
        a.all_partners.to_string(),
        a.other_organisations.join(LIST_SEPARATOR),
        a.unmatched.join(LIST_SEPARATOR),
        a.contacts.join(LIST_SEPARATOR),
        if a.extra.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&a.extra).unwrap_or_default()
        },
        a.source.file.clone(),
        opt(&a.source.sheet).to_owned(),
        a.source
            .rows
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        a.notes.join(LIST_SEPARATOR),
    ]
}

/// Writes `activities.json`: an array of activities, pretty-printed, ending in a newline.
pub fn write_activities_json(out: &mut dyn Write, activities: &[Activity]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, activities)?;
    out.write_all(b"\n")
}

/// Writes `activities.csv`.
pub fn write_activities_csv(
    out: &mut dyn Write,
    activities: &[Activity],
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(ACTIVITY_COLUMNS)?;
    for a in activities {
        w.write_record(activity_record(a))?;
    }
    w.flush()
}

/// Writes `rejects.csv`: file, sheet, row, reason, then the cells as written.
pub fn write_rejects(out: &mut dyn Write, rejects: &[RejectedRow], bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(["file", "sheet", "row", "reason", "cells"])?;
    for r in rejects {
        // The cells as one JSON array keeps their boundaries whatever the row's width.
        let cells = serde_json::to_string(&r.cells).unwrap_or_default();
        w.write_record([
            r.file.as_str(),
            r.sheet.as_deref().unwrap_or(""),
            &r.row.to_string(),
            &r.reason,
            &cells,
        ])?;
    }
    w.flush()
}

/// One activity's traces, for `provenance.csv`.
pub struct TracedActivity<'a> {
    /// The activity.
    pub activity: &'a Activity,
    /// How each field was derived.
    pub trace: &'a [FieldTrace],
}

/// Writes `provenance.csv`: one row per canonical value, with its source cells, the
/// text as written and the rules that changed it.
pub fn write_provenance(
    out: &mut dyn Write,
    traced: &[TracedActivity<'_>],
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record([
        "id",
        "field",
        "value",
        "file",
        "sheet",
        "cells",
        "header",
        "as_written",
        "rules",
    ])?;
    for t in traced {
        let a = t.activity;
        for f in t.trace {
            let cells = f
                .cells
                .iter()
                .map(|c| c.a1())
                .collect::<Vec<_>>()
                .join(LIST_SEPARATOR);
            w.write_record([
                a.id.as_str(),
                f.field,
                &f.value,
                &a.source.file,
                a.source.sheet.as_deref().unwrap_or(""),
                &cells,
                f.header.as_deref().unwrap_or(""),
                &f.as_written,
                &f.rules.join(LIST_SEPARATOR),
            ])?;
        }
    }
    w.flush()
}

/// An unmatched name, aggregated over the run.
#[derive(Debug, Clone, Default)]
pub struct UnmatchedName {
    /// How often it was seen.
    pub count: usize,
    /// Where (in order seen).
    pub places: Vec<String>,
    /// Best registry suggestions with scores.
    pub suggestions: Vec<(String, f64)>,
}

/// Writes `review/unmatched-names.csv`: name, count, places, suggestions with scores.
pub fn write_unmatched(
    out: &mut dyn Write,
    names: &BTreeMap<String, UnmatchedName>,
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(["name", "count", "places", "suggestions"])?;
    for (name, u) in names {
        let suggestions = u
            .suggestions
            .iter()
            .map(|(s, score)| format!("{s} ({score:.2})"))
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR);
        w.write_record([
            name.as_str(),
            &u.count.to_string(),
            &u.places.join(LIST_SEPARATOR),
            &suggestions,
        ])?;
    }
    w.flush()
}

/// A record read more than once (a workbook and its CSV export).
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// The activity id.
    pub id: String,
    /// Where the kept copy was read.
    pub kept: String,
    /// Where the duplicate was read.
    pub duplicate: String,
}

/// Writes `review/duplicates.csv`.
pub fn write_duplicates(out: &mut dyn Write, dups: &[Duplicate], bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(["id", "kept", "duplicate"])?;
    for d in dups {
        w.write_record([&d.id, &d.kept, &d.duplicate])?;
    }
    w.flush()
}

/// Writes `review/contacts.csv`: addresses that could not be repaired with confidence.
pub fn write_contacts(
    out: &mut dyn Write,
    contacts: &[(String, String)],
    bom: bool,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(["address_as_written", "place"])?;
    for (address, place) in contacts {
        w.write_record([address, place])?;
    }
    w.flush()
}
