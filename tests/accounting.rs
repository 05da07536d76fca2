//! Row accounting on every sample and fixture file: rows read = records + joined
//! continuation rows + headers + headings + blank rows + rejected rows, in the layout
//! stage (row by row) and in the summary the binary prints.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use workplan::import;
use workplan::layout;

mod common;

use common::binary::count;

fn files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = [root.join("tests/fixtures"), root.join("input")];
    // The partner lists are reference data for `reconcile`, not a workplan.
    let files: Vec<PathBuf> = import::expand_inputs(&inputs)
        .unwrap()
        .into_iter()
        .filter(|f| !f.ends_with(workplan::config::DEFAULT_PARTNER_LISTS))
        .collect();
    assert!(files.len() >= 9, "{files:?}");
    files
}

#[test]
fn every_row_of_every_fixture_is_accounted_for() {
    for path in files() {
        let name = path.display().to_string();
        let file = import::read(&path, &name).unwrap_or_else(|e| panic!("{e}"));
        assert!(!file.sheets.is_empty(), "{name}");
        for sheet in &file.sheets {
            let place = format!("{name} [{:?}]", sheet.sheet);
            let found = layout::tables(sheet);
            let c = found.counts;
            assert!(c.balanced(), "{place}: {c:?}");
            assert_eq!(c.rows_read, u64::from(sheet.row_count), "{place}");
            // Every non-blank row is in exactly one place.
            let non_blank: BTreeSet<u32> = sheet.rows.iter().map(|r| r.number).collect();
            let mut placed = BTreeSet::new();
            for rec in &found.records {
                for row in &rec.rows {
                    assert!(placed.insert(*row), "{place}: row {row} in two records");
                    assert!(non_blank.contains(row), "{place}: row {row} is blank");
                }
            }
            assert_eq!(
                placed.len() as u64,
                c.record_rows + c.joined_rows,
                "{place}"
            );
            assert_eq!(found.records.len() as u64, c.record_rows, "{place}");
            for r in &found.rejects {
                assert!(placed.insert(r.row), "{place}: row {} placed twice", r.row);
            }
            assert_eq!(found.rejects.len() as u64, c.rejected_rows, "{place}");
            // The rest of the non-blank rows are headers and headings (rows the reader
            // refused are not among them).
            let refused = sheet.rejected.len() as u64;
            assert_eq!(
                non_blank.len() as u64,
                c.record_rows + c.joined_rows + c.header_rows + c.heading_rows + c.rejected_rows
                    - refused,
                "{place}"
            );
            assert_eq!(
                c.blank_rows,
                u64::from(sheet.row_count) - non_blank.len() as u64 - refused,
                "{place}"
            );
            // The shipped samples are clean: every row finds its place.
            assert_eq!(c.rejected_rows, 0, "{place}: {:?}", found.rejects);
            assert!(c.record_rows > 0, "{place}");
        }
    }
}

#[test]
fn the_summary_balances_for_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in files() {
        let o = Command::cargo_bin("workplan")
            .unwrap()
            .current_dir(root)
            .args(["check", "--no-progress", "--quiet", "--input"])
            .arg(&path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}: {err}",
            path.display()
        );
        let parts: u64 = [
            "records", "joined", "headers", "headings", "blank", "rejected",
        ]
        .iter()
        .map(|l| count(&err, l))
        .sum();
        assert_eq!(count(&err, "rows read"), parts, "{}: {err}", path.display());
        assert!(count(&err, "rows read") > 0, "{}", path.display());
        assert!(!err.contains("does not balance"), "{err}");
    }
}
