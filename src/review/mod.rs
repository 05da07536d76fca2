//! The review files: what a command told, kept in the output folder for a person to
//! act on. `summary.json` and `warnings.csv` ([`summary`]) keep the summary and every
//! warning and note as data; `index.html` ([`page`]) is the one page to open: the
//! summary, what needs attention first, then every output file.
//!
//! `run` writes all three, last, so that they list every file it wrote. `index.html`
//! describes the whole folder as `run` left it: `report` and `reconcile` replace only
//! their own files and leave it alone (run again to see their changes on the page).

pub mod page;
pub mod summary;

use std::path::Path;

pub use page::Page;
use page::{FileLink, FindingItem, Listed, NameItem, RejectItem, SummaryLine, WarningItem};

use crate::diagnostic::accepted::AcceptedWarnings;
use crate::diagnostic::Diagnostic;
use crate::output::{OutputDir, OutputError};
use crate::pipeline::{Canonical, Summary};
use crate::reconcile::Disagreement;

/// The review files, in the order written: each lists the ones before it.
pub const FILES: [&str; 3] = ["warnings.csv", "summary.json", "index.html"];

/// Sets the warnings that `accepted` names apart from the others: they are listed
/// apart and no longer count.
pub fn set_apart(summary: &mut Summary, accepted: &AcceptedWarnings) {
    let (told, apart) = accepted.split(std::mem::take(&mut summary.diagnostics));
    summary.diagnostics = told;
    summary.accepted.extend(apart);
}

/// Writes `warnings.csv`, `summary.json` and `index.html` of `command` into `dir`, and
/// adds them to the summary's outputs. `data` is what the command read, when it read
/// workplans: its unmatched names and rejected rows are listed on the page.
pub fn write(
    dir: &OutputDir,
    command: &str,
    data: Option<&Canonical>,
    summary: &mut Summary,
    bom: bool,
) -> Result<(), OutputError> {
    let outputs = summary::output_names(summary, dir.root(), &FILES);
    let [warnings, json, html] = FILES;
    let written = [
        dir.write(warnings, |w| summary::write_csv(w, summary, bom))?,
        dir.write(json, |w| {
            summary::write_json(w, command, summary, outputs.clone())
        })?,
        dir.write(html, |w| {
            w.write_all(page(command, summary, data, &outputs).render().as_bytes())
        })?,
    ];
    summary.outputs.extend(written);
    Ok(())
}

/// The page of a command that did what `summary` says and wrote `outputs` (relative
/// paths).
pub fn page(
    command: &str,
    summary: &Summary,
    data: Option<&Canonical>,
    outputs: &[String],
) -> Page {
    let code = summary.exit_code();
    let warning = |d: &Diagnostic| WarningItem {
        place: d.place.to_string(),
        code: d.kind.code().to_owned(),
        message: d.message(),
        hint: d.hint().unwrap_or("").to_owned(),
        fingerprint: d.fingerprint(),
    };
    let warnings = summary
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Warning);
    Page {
        title: format!("workplan {command}"),
        status: (code, summary::status_meaning(code).to_owned()),
        summary: summary_lines(summary),
        names: data.map(names).unwrap_or_default(),
        refused: Listed::of(summary.failed_files.iter().map(warning)),
        warnings: Listed::of(warnings.map(warning)),
        accepted: Listed::of(summary.accepted.iter().map(warning)),
        rejects: data.map(rejects).unwrap_or_default(),
        disagreements: Listed::of(summary.findings.disagreements.iter().map(finding)),
        settled: Listed::of(summary.findings.settled.iter().map(finding)),
        files: outputs
            .iter()
            .map(|path| FileLink {
                path: path.clone(),
                about: about(path).to_owned(),
            })
            .collect(),
    }
}

/// The printed summary, line by line, split into its label, count and detail: the page
/// says what the terminal said. A line of another shape is kept whole as a label.
fn summary_lines(summary: &Summary) -> Vec<SummaryLine> {
    summary
        .to_string()
        .lines()
        .map(|line| {
            // "label           {count:>8}  detail": the label fills 16 characters.
            let split = line.get(..16).zip(line.get(16..24)).zip(line.get(24..));
            match split {
                Some(((label, value), detail)) if !value.trim().is_empty() => SummaryLine {
                    label: label.trim_end().to_owned(),
                    value: value.trim().to_owned(),
                    detail: detail.trim().to_owned(),
                },
                _ => SummaryLine {
                    label: line.to_owned(),
                    value: String::new(),
                    detail: String::new(),
                },
            }
        })
        .collect()
}

fn names(data: &Canonical) -> Listed<NameItem> {
    Listed::of(data.unmatched.iter().map(|(name, u)| NameItem {
        name: name.clone(),
        cell: u.cell.clone(),
        places: u.places.clone(),
        suggestion: u.suggestion(),
        status: "unmatched".to_owned(),
    }))
}

fn rejects(data: &Canonical) -> Listed<RejectItem> {
    Listed::of(data.rejects.iter().map(|r| {
        let mut place = r.file.clone();
        if let Some(sheet) = &r.sheet {
            place.push_str(&format!(" [{sheet}]"));
        }
        place.push_str(&format!(" row {}", r.row));
        let cells: Vec<&str> = r
            .cells
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect();
        RejectItem {
            place,
            reason: r.reason.clone(),
            cells: cells.join(" | "),
        }
    }))
}

fn finding(d: &Disagreement) -> FindingItem {
    FindingItem {
        kind: d.topic.title().to_owned(),
        name: d.subject.clone(),
        year: d.year.map(|y| y.to_string()).unwrap_or_default(),
        explanation: d.text(),
        sources: d
            .sources
            .iter()
            .map(crate::reconcile::Source::text)
            .collect(),
    }
}

/// What an output file holds, in a few words, by its name.
fn about(path: &str) -> &'static str {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    match name {
        "activities.json" => "the canonical table, for programs (read by workplan report)",
        "activities.csv" => "the canonical table, one activity per row",
        "activities.xlsx" => "the canonical table as a workbook",
        "provenance.csv" => "where each value of each activity was read",
        "rejects.csv" => "rows that could not be placed",
        "unmatched-names.csv" => "names to review: fill the decision column",
        "duplicates.csv" => "records read twice, merged; possible duplicates, both kept",
        "contacts.csv" => "contacts that could not be repaired",
        "index.csv" => "the list of reports",
        "reconciliation.csv" => "every name on every partner list, reconciled",
        "reconciliation.pdf" => "the partner lists reconciliation, printed",
        "partners-by-year.csv" => "each organisation's standing, year by year",
        "disagreements.csv" => "where the sources disagree",
        "warnings.csv" => "every warning and note",
        "summary.json" => "the summary, for programs",
        "index.html" => "this page",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_lines_are_split_as_printed() {
        let summary = Summary {
            files: 1,
            activities: 41,
            duplicates: 22,
            ..Summary::default()
        };
        let lines = summary_lines(&summary);
        let activities = lines.iter().find(|l| l.label == "activities").unwrap();
        assert_eq!(activities.value, "41");
        assert_eq!(activities.detail, "(22 duplicate records merged)");
        let records = lines.iter().find(|l| l.label == "  records").unwrap();
        assert_eq!(records.value, "0");
    }
}
