//! CSV reports: the rows of a planned [`Report`], with its grouping columns first and
//! then the columns of `activities.csv`, in print order.

use std::io::{self, BufWriter, IoSlice, Write};

use super::canonical::{csv_writer, ActivityRows, SpreadsheetCsv, ACTIVITY_COLUMNS};
use super::plan::Report;

/// Writes `report` as CSV (UTF-8, BOM unless `bom` is false, CRLF). The activities'
/// cells are copied from `rows` when given (the same bytes), else encoded here.
///
/// Copied rows go straight from `rows` to `out`'s writer, many in one call: through
/// the buffer, every byte of the reports would be copied once more.
pub fn write_report_csv<W: Write>(
    out: &mut BufWriter<W>,
    report: &Report<'_>,
    bom: bool,
    rows: Option<&ActivityRows<'_>>,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(report.group_columns.iter().chain(ACTIVITY_COLUMNS))?;
    let Some(rows) = rows else {
        return write_encoded(w, report);
    };
    w.flush()?;
    drop(w);
    out.flush()?;
    let prefixes = report
        .sections
        .iter()
        .flat_map(|s| &s.groups)
        .map(|group| group_prefix(&group.keys))
        .collect::<io::Result<Vec<_>>>()?;
    let mut slices: Vec<IoSlice<'_>> = Vec::with_capacity(SLICES_PER_WRITE);
    let groups = report.sections.iter().flat_map(|s| &s.groups);
    for (group, prefix) in groups.zip(&prefixes) {
        for a in &group.rows {
            match rows.row(a) {
                Some(row) => {
                    if slices.len() + 2 > SLICES_PER_WRITE {
                        write_all_slices(out.get_mut(), &mut slices)?;
                    }
                    slices.extend([IoSlice::new(prefix), IoSlice::new(row)]);
                }
                None => {
                    write_all_slices(out.get_mut(), &mut slices)?;
                    let mut w = csv_writer(out, false)?;
                    for key in &group.keys {
                        w.write_cell(key)?;
                    }
                    w.write_activity(a)?;
                    w.end_record()?;
                    w.flush()?;
                    drop(w);
                    out.flush()?;
                }
            }
        }
    }
    write_all_slices(out.get_mut(), &mut slices)
}

/// Slices handed to the writer at a time (the most one `writev` takes on Linux).
pub(crate) const SLICES_PER_WRITE: usize = 1024;

/// A group's own cells and the comma after them: the row's other cells follow.
fn group_prefix(keys: &[String]) -> io::Result<Vec<u8>> {
    let mut prefix = Vec::new();
    if !keys.is_empty() {
        let mut p = csv_writer(&mut prefix, false)?;
        for key in keys {
            p.write_cell(key)?;
        }
        p.write_cell("")?;
        p.end_record()?;
        p.flush()?;
        drop(p);
        prefix.truncate(prefix.len() - b"\r\n".len());
    }
    Ok(prefix)
}

/// Writes all of `slices`, then empties the list.
pub(crate) fn write_all_slices(
    out: &mut impl Write,
    slices: &mut Vec<IoSlice<'_>>,
) -> io::Result<()> {
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    slices.clear();
    Ok(())
}

/// The rows of `report`, each activity's cells encoded as it is written.
fn write_encoded(mut w: SpreadsheetCsv<'_>, report: &Report<'_>) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Activity, Precision};
    use crate::registry::PartnerRegistry;
    use crate::report::canonical::write_activities_csv;
    use crate::report::plan::plan;
    use crate::report::template::ReportTemplate;

    /// Activities spread over sectors, partners and years, with the cells CSV must
    /// quote or neutralise: commas, quotes, line breaks, formula starts.
    fn activities() -> Vec<Activity> {
        let sectors = ["Data protection", "-", "Education, youth", "=Cyber"];
        let partners = ["Google", "Microsoft", "Orange", "Kaspersky"];
        (0..41)
            .map(|i| {
                let mut a = Activity::example(&format!("t{i}"), sectors[i % sectors.len()]);
                let year = 2017 + (i % 5) as i32;
                a.date.start = NaiveDate::from_ymd_opt(year, 1 + (i % 12) as u32, 1);
                a.date.end = NaiveDate::from_ymd_opt(year + (i % 2) as i32, 12, 31);
                a.date.precision = Some(Precision::Day);
                a.partners = partners[..=(i % 4)].iter().map(|p| Arc::from(*p)).collect();
                if i % 3 == 0 {
                    a.description = Some(format!("Said \"yes\", then\r\nno; row {i}").into());
                }
                if i % 7 == 0 {
                    a.activity = Some("@SUM(A1)".into());
                    a.notes = vec![Arc::from("one"), Arc::from("+two")].into();
                }
                a
            })
            .collect()
    }

    #[test]
    fn reports_copying_encoded_rows_write_the_same_bytes_as_encoding_them() {
        let activities = activities();
        let registry = PartnerRegistry::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("input/partners.toml"),
        )
        .expect("the shipped registry");
        let template = ReportTemplate::default();
        // Three threads on 41 activities: parts of unequal length.
        let rows = ActivityRows::encode(&activities, 3, usize::MAX).expect("small enough");

        let mut encoded = Vec::new();
        write_activities_csv(&mut encoded, &activities, true).unwrap();
        let mut copied = Vec::new();
        rows.write_csv(&mut copied, true).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&copied),
            String::from_utf8_lossy(&encoded)
        );

        let reports = plan(&activities, &registry, &template);
        assert!(
            reports.len() > 10,
            "sectors, partners and years: {}",
            reports.len()
        );
        for report in &reports {
            // A small buffer: rows are copied past it, and around it for the header.
            let mut encoded = BufWriter::with_capacity(64, Vec::new());
            let mut copied = BufWriter::with_capacity(64, Vec::new());
            write_report_csv(&mut encoded, report, true, None).unwrap();
            write_report_csv(&mut copied, report, true, Some(&rows)).unwrap();
            let (encoded, copied) = (encoded.into_inner().unwrap(), copied.into_inner().unwrap());
            assert_eq!(
                String::from_utf8_lossy(&copied),
                String::from_utf8_lossy(&encoded),
                "{}",
                report.stem
            );
        }
    }

    #[test]
    fn encoded_rows_are_found_only_for_their_own_activities_and_within_their_bound() {
        let activities = activities();
        let rows = ActivityRows::encode(&activities, 2, usize::MAX).expect("small enough");
        let copy = activities[5].clone();
        assert!(
            rows.row(&copy).is_none(),
            "an equal activity elsewhere has no row"
        );
        let own = rows.row(&activities[5]).expect("its own row");
        assert!(own.starts_with(b"at5,") && own.ends_with(b"\r\n"));
        assert!(ActivityRows::encode(&activities, 2, 1000).is_none());
    }
}
