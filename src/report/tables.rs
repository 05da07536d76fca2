//! CSV reports: the rows of a planned [`Report`], with its grouping columns first and
//! then the columns of `activities.csv`, in print order.

use std::io::{self, Write};

use super::canonical::{csv_writer, EncodedRows, SpreadsheetCsv, ACTIVITY_COLUMNS};
use super::plan::Report;

/// Writes `report` as CSV (UTF-8, BOM unless `bom` is false, CRLF). The activities'
/// cells are copied from `rows` when given (the same bytes: see [`EncodedRows`] for
/// why), else encoded here.
pub fn write_report_csv(
    out: &mut dyn Write,
    report: &Report<'_>,
    bom: bool,
    rows: Option<&EncodedRows<'_>>,
) -> io::Result<()> {
    let mut w = csv_writer(out, bom)?;
    w.write_record(report.group_columns.iter().chain(ACTIVITY_COLUMNS))?;
    let Some(rows) = rows else {
        return write_encoded(w, report);
    };
    w.flush()?;
    drop(w);
    for group in report.sections.iter().flat_map(|s| &s.groups) {
        let prefix = group_prefix(&group.keys)?;
        for a in &group.rows {
            let Some(row) = rows.row(a) else {
                // Not one of the activities encoded (never so in a run): encoded here.
                let mut w = csv_writer(out, false)?;
                for key in &group.keys {
                    w.write_cell(key)?;
                }
                w.write_activity(a)?;
                w.end_record()?;
                w.flush()?;
                continue;
            };
            out.write_all(&prefix)?;
            out.write_all(row)?;
        }
    }
    Ok(())
}

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
    use std::sync::{Arc, LazyLock};

    use chrono::NaiveDate;

    use proptest::prelude::*;

    use super::*;
    use crate::model::{Activity, Precision};
    use crate::registry::PartnerRegistry;
    use crate::report::canonical::{write_activities_csv, EncodedPart};
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

    static REGISTRY: LazyLock<PartnerRegistry> = LazyLock::new(crate::registry::shipped);

    /// Every report of `activities`, written by encoding each row (the plain way) and
    /// by copying the rows of `rows`: the same bytes.
    fn assert_copies_are_encodings(activities: &[Activity], rows: &EncodedRows<'_>) {
        let reports = plan(activities, &REGISTRY, &ReportTemplate::default());
        for report in &reports {
            let mut encoded = Vec::new();
            let mut copied = Vec::new();
            write_report_csv(&mut encoded, report, true, None).unwrap();
            write_report_csv(&mut copied, report, true, Some(rows)).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&copied),
                String::from_utf8_lossy(&encoded),
                "{}",
                report.stem
            );
        }
    }

    /// `activities` encoded in parts of `per_part`, as the pipeline encodes them on
    /// several threads.
    fn in_parts(activities: &[Activity], per_part: usize) -> EncodedRows<'_> {
        let parts = activities
            .chunks(per_part)
            .map(EncodedPart::encode)
            .collect();
        EncodedRows::from_parts(activities, parts)
    }

    #[test]
    fn reports_copying_encoded_rows_write_the_same_bytes_as_encoding_them() {
        let activities = activities();
        assert!(
            plan(&activities, &REGISTRY, &ReportTemplate::default()).len() > 10,
            "sectors, partners and years"
        );
        // Parts of unequal length (14, 14, 13), and one part.
        for rows in [
            in_parts(&activities, 14),
            EncodedRows::encode(&activities, usize::MAX).expect("small enough"),
        ] {
            let mut encoded = Vec::new();
            write_activities_csv(&mut encoded, &activities, true).unwrap();
            let mut copied = Vec::new();
            rows.write_csv(&mut copied, true).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&copied),
                String::from_utf8_lossy(&encoded)
            );
            assert_copies_are_encodings(&activities, &rows);
        }
        // Rows of other activities (equal, elsewhere in memory): every row is encoded.
        let others = activities.clone();
        assert_copies_are_encodings(&activities, &in_parts(&others, 5));
    }

    #[test]
    fn encoded_rows_are_found_only_for_their_own_activities_and_within_their_bound() {
        let activities = activities();
        let rows = in_parts(&activities, 4);
        let copy = activities[5].clone();
        assert!(
            rows.row(&copy).is_none(),
            "an equal activity elsewhere has no row"
        );
        let own = rows.row(&activities[5]).expect("its own row");
        assert!(own.starts_with(b"at5,") && own.ends_with(b"\r\n"));
        let last = rows.row(&activities[40]).expect("its own row");
        assert!(last.starts_with(b"at40,"));
        assert!(EncodedRows::encode(&activities, 1000).is_none());
    }

    #[test]
    #[should_panic(expected = "one encoded row per activity")]
    fn parts_missing_a_row_are_refused() {
        let activities = activities();
        EncodedRows::from_parts(&activities, vec![EncodedPart::encode(&activities[1..])]);
    }

    /// A text for a cell, with what CSV must quote or neutralise.
    fn cell() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[-=+@ a-zA-Z0-9,;\"\r\n\té’]{0,24}").expect("regex")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_activities_copied_or_encoded_give_the_same_reports(
            cells in proptest::collection::vec((cell(), cell(), cell(), 0..4usize, 0..6i32), 1..12),
            per_part in 1..5usize,
        ) {
            let partners = ["Google", "Microsoft", "Orange", "Kaspersky"];
            let activities: Vec<Activity> = cells
                .iter()
                .enumerate()
                .map(|(i, (title, sector, description, n, year))| {
                    let mut a = Activity::example(title, sector);
                    a.id = format!("a{i}");
                    a.description = Some(description.as_str().into());
                    a.partners = partners[..*n].iter().map(|p| Arc::from(*p)).collect();
                    a.date.start = NaiveDate::from_ymd_opt(2017 + year, 3, 1);
                    a.date.end = a.date.start;
                    a.date.precision = Some(Precision::Day);
                    a
                })
                .collect();
            assert_copies_are_encodings(&activities, &in_parts(&activities, per_part));
        }
    }
}
