//! The canonical table given back as input: `workplan run` on its own
//! `activities.csv` (and, once `run` writes it, `activities.xlsx`) gives the same
//! activities, and a date corrected in the table is in every report rebuilt from it.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

mod common;

use common::binary::{run_ok, stderr};

/// The rows of a CSV output, BOM stripped, header first.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The activities of an `activities.json`, by position.
fn activities(dir: &Path) -> Vec<Value> {
    let text = fs::read_to_string(dir.join("activities.json")).unwrap();
    serde_json::from_str::<Vec<Value>>(&text).unwrap()
}

/// `a` without its source, its notes as the table writes them (joined with "; ": a
/// note holding "; " comes back as its pieces).
fn values(a: &Value) -> BTreeMap<String, Value> {
    let mut v: BTreeMap<String, Value> = serde_json::from_value(a.clone()).unwrap();
    v.remove("source");
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    v.insert("notes".into(), Value::from(notes.join("; ")));
    v
}

/// Runs the binary on `file`, an output of a first run over the sample inputs, and
/// compares the activities read with the first run's, activity by activity: every value
/// equal, the source naming the table's row (on `sheet`).
fn read_back_gives_the_same_activities(file: &str, sheet: Option<&str>) {
    let first = tempfile::tempdir().unwrap();
    run_ok(first.path(), &["--no-pdf"]);
    let written = activities(first.path());
    assert!(written.len() > 40);
    let input = first.path().join(file);
    let again = tempfile::tempdir().unwrap();
    // Status 0: nothing to warn about.
    let o = run_ok(
        again.path(),
        &["--no-pdf", "--input", input.to_str().unwrap()],
    );
    let read = activities(again.path());
    assert_eq!(read.len(), written.len(), "{file}");
    for (i, (a, b)) in written.iter().zip(&read).enumerate() {
        assert_eq!(values(a), values(b), "{file}: activity {i}");
        let source = &b["source"];
        assert_eq!(source["file"], input.to_str().unwrap(), "{file}");
        assert_eq!(source["sheet"], serde_json::json!(sheet), "{file}");
        assert_eq!(
            source["rows"],
            serde_json::json!([i + 2]),
            "{file}: its row"
        );
    }
    let summary = stderr(&o);
    assert_eq!(common::binary::count(&summary, "rejected"), 0, "{summary}");
}

#[test]
fn activities_csv_read_back_gives_the_same_activities() {
    read_back_gives_the_same_activities("activities.csv", None);
}

#[test]
fn a_date_corrected_in_the_table_is_in_the_reports_rebuilt_from_it() {
    let first = tempfile::tempdir().unwrap();
    run_ok(first.path(), &["--no-pdf"]);
    let mut rows = csv_rows(&first.path().join("activities.csv"));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (text, start, end, precision) = (
        col("date_text"),
        col("date_start"),
        col("date_end"),
        col("date_precision"),
    );
    let id = rows[1][col("id")].clone();
    // The date written out: its cells cleared, so that the text is read.
    rows[1][text] = "12/05/2031".into();
    for c in [start, end, precision] {
        rows[1][c].clear();
    }
    let corrected = first.path().join("corrected.csv");
    let mut w = csv::Writer::from_path(&corrected).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    let again = tempfile::tempdir().unwrap();
    run_ok(
        again.path(),
        &["--no-pdf", "--input", corrected.to_str().unwrap()],
    );
    let read = activities(again.path());
    assert_eq!(read[0]["date"]["start"], "2031-05-12");
    assert_ne!(read[0]["id"], id.as_str(), "a new content, a new id");
    // An open-ended span (`2020-`) reaches 2031 too: look for the corrected row.
    let overview = csv_rows(&again.path().join("overview-2031.csv"));
    let at = |name: &str| overview[0].iter().position(|h| h == name).unwrap();
    let row = overview
        .iter()
        .find(|row| row[at("id")] == read[0]["id"].as_str().unwrap())
        .expect("the corrected activity in 2031's overview");
    assert_eq!(row[at("date_text")], "12/05/2031");
    assert_eq!(row[at("date_start")], "2031-05-12");
    for entry in fs::read_dir(again.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("overview-") && name.ends_with(".csv") {
            let text = fs::read_to_string(&path).unwrap();
            assert!(!text.contains(id.as_str()), "{name}: the old id");
        }
    }
}
