//! `summary.json` and `warnings.csv`: the summary a command printed and every warning
//! and note it gave, kept in the output folder as data.
//!
//! Both are serialisations of the [`Summary`] and its [`Diagnostic`]s, made from the
//! same values the printed summary is made from, never a parse of the printed text. A
//! diagnostic is an object `{file, sheet, cell, code, severity, message, hint}` (and its
//! fingerprint, to accept it), the same in both files.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::column_letters;
use crate::pipeline::Summary;
use crate::report::canonical::csv_writer;

/// The columns of `warnings.csv`, in order.
pub const WARNINGS_COLUMNS: &[&str] = &[
    "file",
    "sheet",
    "cell",
    "code",
    "severity",
    "message",
    "hint",
    "fingerprint",
    "accepted",
];

/// One warning, note or unreadable file, as `summary.json` and `warnings.csv` give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosticRecord {
    /// The input file (or output, registry, lists file) it is about.
    pub file: String,
    /// The sheet, empty for a CSV file or a whole file.
    pub sheet: String,
    /// The cell (`E14`), row (`row 7`) or column (`column E`), empty for a whole file or
    /// sheet; with the column's header when known: `E14 (Date)`.
    pub cell: String,
    /// The stable code ([`Kind::code`](crate::diagnostic::Kind::code)).
    pub code: String,
    /// `note`, `warning` or `error` (a file that could not be read).
    pub severity: String,
    /// What happened, without the place.
    pub message: String,
    /// What to do, empty when there is nothing to do.
    pub hint: String,
    /// The whole place as messages show it: `plan.xlsx [Workplan]!E14 (Date)` (in
    /// `summary.json` only: the columns before say it in parts).
    pub place: String,
    /// [`Diagnostic::fingerprint`]: what `workplan accept` takes.
    pub fingerprint: String,
    /// Whether the warning was accepted earlier (it then does not count).
    pub accepted: bool,
}

impl DiagnosticRecord {
    /// The record of `d`.
    pub fn of(d: &Diagnostic, accepted: bool) -> Self {
        let p = &d.place;
        let mut cell = match (p.row, p.col) {
            (Some(row), Some(col)) => format!("{}{row}", column_letters(col)),
            (Some(row), None) => format!("row {row}"),
            (None, Some(col)) => format!("column {}", column_letters(col)),
            (None, None) => String::new(),
        };
        if let Some(header) = &p.header {
            if cell.is_empty() {
                cell = format!("({header})");
            } else {
                cell = format!("{cell} ({header})");
            }
        }
        DiagnosticRecord {
            file: p.file.clone(),
            sheet: p.sheet.clone().unwrap_or_default(),
            cell,
            code: d.kind.code().to_owned(),
            severity: d.severity.as_str().to_owned(),
            message: d.message(),
            hint: d.hint().unwrap_or("").to_owned(),
            place: p.to_string(),
            fingerprint: d.fingerprint(),
            accepted,
        }
    }
}

/// Every diagnostic of `summary`, in the order told: the files that could not be read,
/// the warnings and notes, then the accepted warnings.
pub fn records(summary: &Summary) -> Vec<DiagnosticRecord> {
    let told = summary.failed_files.iter().chain(&summary.diagnostics);
    told.map(|d| DiagnosticRecord::of(d, false))
        .chain(
            summary
                .accepted
                .iter()
                .map(|d| DiagnosticRecord::of(d, true)),
        )
        .collect()
}

/// How every row read was classified (the parts add up to `read`).
#[derive(Debug, Serialize)]
struct Rows {
    read: u64,
    records: u64,
    joined: u64,
    headers: u64,
    headings: u64,
    blank: u64,
    rejected: u64,
    balanced: bool,
}

/// The partner lists reconciliation.
#[derive(Debug, Serialize)]
struct Reconciliation {
    partner_lists: usize,
    names: usize,
    unmatched: usize,
    disagreements: usize,
    settled: usize,
}

/// The contents of `summary.json`.
#[derive(Debug, Serialize)]
struct SummaryFile<'a> {
    command: &'a str,
    exit_status: u8,
    status: &'static str,
    files: usize,
    files_refused: usize,
    sheets: usize,
    rows: Rows,
    activities: usize,
    duplicates_merged: usize,
    possible_duplicates: usize,
    warnings: usize,
    accepted_warnings: usize,
    notes: usize,
    unmatched_names: usize,
    contacts_to_review: usize,
    reconciliation: Option<Reconciliation>,
    report_files: usize,
    pdf_pages: usize,
    diagnostics: Vec<DiagnosticRecord>,
    outputs: Vec<String>,
}

/// What an exit status means, in a few words.
pub fn status_meaning(code: u8) -> &'static str {
    match code {
        crate::pipeline::EXIT_CLEAN => "finished: every file read, no warning, no rejected row",
        crate::pipeline::EXIT_WARNINGS => {
            "finished, with warnings, rejected rows or unreadable files to review"
        }
        _ => "could not run",
    }
}

/// Every output of `summary` relative to `root`, with forward slashes, in the order
/// written; `extra` (the files written after the summary was made) last.
pub fn output_names(summary: &Summary, root: &Path, extra: &[&str]) -> Vec<String> {
    summary
        .outputs
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .chain(extra.iter().map(|s| (*s).to_owned()))
        .collect()
}

/// Writes `summary.json` of `command`: everything its printed summary says, the exit
/// status, every diagnostic, and `outputs`, the list of every file written.
pub fn write_json(
    out: &mut dyn Write,
    command: &str,
    summary: &Summary,
    outputs: Vec<String>,
) -> io::Result<()> {
    let c = &summary.counts;
    let exit_status = summary.exit_code();
    let notes = summary
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .count();
    let file = SummaryFile {
        command,
        exit_status,
        status: status_meaning(exit_status),
        files: summary.files,
        files_refused: summary.failed_files.len(),
        sheets: summary.sheets,
        rows: Rows {
            read: c.rows_read,
            records: c.record_rows,
            joined: c.joined_rows,
            headers: c.header_rows,
            headings: c.heading_rows,
            blank: c.blank_rows,
            rejected: c.rejected_rows,
            balanced: c.balanced(),
        },
        activities: summary.activities,
        duplicates_merged: summary.duplicates,
        possible_duplicates: summary.possible_duplicates,
        warnings: summary.warnings(),
        accepted_warnings: summary.accepted.len(),
        notes,
        unmatched_names: summary.unmatched_names,
        contacts_to_review: summary.contacts_to_review,
        reconciliation: summary.reconciliation.as_ref().map(|r| Reconciliation {
            partner_lists: r.lists,
            names: r.names,
            unmatched: r.unmatched,
            disagreements: r.disagreements,
            settled: r.settled,
        }),
        report_files: summary.reports,
        pdf_pages: summary.pages,
        diagnostics: records(summary),
        outputs,
    };
    serde_json::to_writer_pretty(&mut *out, &file)?;
    out.write_all(b"\n")
}

/// Writes `warnings.csv`: one row per diagnostic of `summary` ([`records`]).
pub fn write_csv(out: &mut dyn Write, summary: &Summary, bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(WARNINGS_COLUMNS)?;
    for r in records(summary) {
        w.write_record([
            r.file.as_str(),
            &r.sheet,
            &r.cell,
            &r.code,
            &r.severity,
            &r.message,
            &r.hint,
            &r.fingerprint,
            if r.accepted { "yes" } else { "" },
        ])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Kind;
    use crate::model::{Location, SourceCell};

    fn date_warning(text: &str) -> Diagnostic {
        let place = Location::file("plan.xlsx")
            .with_sheet(Some("Workplan"))
            .with_cell(SourceCell { row: 14, col: 4 }, Some("Date"));
        Diagnostic::new(
            place,
            Kind::DateUnreadable {
                written: text.into(),
            },
        )
    }

    #[test]
    fn a_diagnostic_is_split_into_its_place_and_its_words() {
        let d = date_warning("Spring-ish");
        let r = DiagnosticRecord::of(&d, false);
        assert_eq!(
            (r.file.as_str(), r.sheet.as_str(), r.cell.as_str()),
            ("plan.xlsx", "Workplan", "E14 (Date)")
        );
        assert_eq!(r.code, d.kind.code());
        assert_eq!(r.severity, "warning");
        assert_eq!(r.message, d.message());
        assert_eq!(r.fingerprint, d.fingerprint());
        let file = DiagnosticRecord::of(
            &Diagnostic::new(
                Location::file("a.csv").with_row(7),
                Kind::DateUnreadable {
                    written: "x".into(),
                },
            ),
            false,
        );
        assert_eq!((file.sheet.as_str(), file.cell.as_str()), ("", "row 7"));
    }

    #[test]
    fn summary_json_counts_what_the_summary_counts_and_lists_accepted_apart() {
        let summary = Summary {
            files: 2,
            activities: 5,
            diagnostics: vec![date_warning("soon")],
            accepted: vec![date_warning("later")],
            outputs: vec!["out/activities.json".into(), "out/review/x.csv".into()],
            ..Summary::default()
        };
        let names = output_names(&summary, Path::new("out"), &["summary.json"]);
        assert_eq!(names, ["activities.json", "review/x.csv", "summary.json"]);
        let mut json = Vec::new();
        write_json(&mut json, "run", &summary, names).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["exit_status"], 1);
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["accepted_warnings"], 1);
        assert_eq!(v["activities"], 5);
        assert_eq!(v["diagnostics"][0]["cell"], "E14 (Date)");
        assert_eq!(v["diagnostics"][1]["accepted"], true);
        assert_eq!(v["outputs"][2], "summary.json");

        let mut csv = Vec::new();
        write_csv(&mut csv, &summary, false).unwrap();
        let text = String::from_utf8(csv).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], WARNINGS_COLUMNS.join(","));
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[2].ends_with(",yes"), "{text}");
    }
}
