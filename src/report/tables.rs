//! CSV reports: the rows of a planned [`Report`], with its grouping columns first and
//! then the columns of `activities.csv`, in print order.

use std::io::{self, Write};

use super::canonical::{csv_writer, ACTIVITY_COLUMNS};
use super::plan::Report;

/// Writes `report` as CSV (UTF-8, BOM unless `bom` is false, CRLF).
pub fn write_report_csv(out: &mut dyn Write, report: &Report<'_>, bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(report.group_columns.iter().chain(ACTIVITY_COLUMNS))?;
    for group in report.sections.iter().flat_map(|s| &s.groups) {
        for a in &group.rows {
            for key in &group.keys {
                w.write_cell(key)?;
            }
            w.write_activity(a)?;
            w.end_record()?;
        }
    }
    w.flush()
}
