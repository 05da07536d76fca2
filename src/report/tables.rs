//! CSV reports: the rows of a planned [`Report`], with its grouping columns first and
//! then the columns of `activities.csv`, in print order.

use std::io::{self, Write};

use super::canonical::{csv_writer, warm_up, ACTIVITY_COLUMNS};
use super::plan::Report;

/// How many rows ahead the texts of an activity are fetched (see [`warm_up`]).
const WARM_AHEAD: usize = 4;

/// Writes `report` as CSV (UTF-8, BOM unless `bom` is false, CRLF).
pub fn write_report_csv(out: &mut dyn Write, report: &Report<'_>, bom: bool) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(report.group_columns.iter().chain(ACTIVITY_COLUMNS))?;
    for group in report.sections.iter().flat_map(|s| &s.groups) {
        for (i, a) in group.rows.iter().enumerate() {
            // The activity itself first, then, nearer, the texts it points to.
            if let Some(far) = group.rows.get(i + 2 * WARM_AHEAD) {
                std::hint::black_box(far.source.rows.len() + far.notes.len() + far.id.len());
            }
            if let Some(ahead) = group.rows.get(i + WARM_AHEAD) {
                warm_up(ahead);
            }
            for key in &group.keys {
                w.write_cell(key)?;
            }
            w.write_activity(a)?;
            w.end_record()?;
        }
    }
    w.flush()
}
