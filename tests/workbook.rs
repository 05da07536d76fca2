//! `activities.xlsx`, the Excel edition of the canonical table, as `workplan run` writes
//! it: read back with calamine, every sheet holds the cells of its CSV file, dates as
//! date cells, nothing as a formula, the header frozen and filtered; two runs write the
//! same bytes; and the workbook (or `activities.csv`) given back as input gives the same
//! activities.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::LazyLock;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

mod common;

use common::binary::{run_ok, stderr, workplan};

/// A workplan with what the other sheets show: a name matching nothing, a row that is
/// rejected, and a hostile cell.
const HOSTILE_CSV: &str = "\
Sector,Activity,Date,Companies/associations,Description\r
Education,\"=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\",2020,Google and Acme Widgets Ltd,-lead in\r
,,,,\r
Education,Talk,6-7/03/2018,All,@SUM(A1)\r
,,,,,orphan cell\r
";

/// One run over the sample inputs and the hostile workplan, shared by the tests that
/// only read its outputs.
static RUN: LazyLock<(tempfile::TempDir, tempfile::TempDir)> = LazyLock::new(|| {
    let inputs = tempfile::tempdir().unwrap();
    for file in ["workplan-2017-2019.xlsx", "workplan-2020.xlsx"] {
        let from = common::binary::root().join("input").join(file);
        fs::copy(from, inputs.path().join(file)).unwrap();
    }
    fs::write(inputs.path().join("hostile.csv"), HOSTILE_CSV).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(inputs.path())
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    // Warnings (the rejected row): status 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    (inputs, out)
});

fn out() -> &'static Path {
    RUN.1.path()
}

fn book(path: &Path) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(fs::read(path).unwrap())).expect("a workbook calamine reads")
}

/// The cells of a sheet as the CSV files write them: whole numbers without a fraction,
/// dates as ISO days.
fn sheet_cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let range = book(path).worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    Data::DateTime(d) => d.as_datetime().unwrap().date().to_string(),
                    other => panic!("{sheet}: unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

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

/// A part of the zipped workbook, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(fs::read(path).unwrap())).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn every_sheet_holds_the_cells_of_its_csv_file() {
    let xlsx = out().join("activities.xlsx");
    assert_eq!(
        book(&xlsx).sheet_names(),
        [
            "Activities",
            "To review",
            "Partners by year",
            "Reconciliation",
            "Rejects"
        ]
    );
    for (sheet, csv) in [
        ("Activities", "activities.csv"),
        ("To review", "review/unmatched-names.csv"),
        ("Partners by year", "partners-by-year.csv"),
        ("Reconciliation", "reconciliation.csv"),
        ("Rejects", "rejects.csv"),
    ] {
        let want = csv_rows(&out().join(csv));
        assert!(want.len() > 1, "{csv} has rows to compare");
        let got = sheet_cells(&xlsx, sheet);
        assert_eq!(got.len(), want.len(), "{sheet}: a row per row of {csv}");
        assert_eq!(got[0], want[0], "{sheet}: the header of {csv}");
        for (r, (got, want)) in got.iter().zip(&want).enumerate() {
            // calamine's rows end at the sheet's last column holding something.
            let mut got = got.clone();
            got.resize(want.len(), String::new());
            assert_eq!(&got, want, "{sheet} row {}", r + 1);
        }
    }
}

#[test]
fn dates_are_date_cells_and_no_cell_is_a_formula() {
    let xlsx = out().join("activities.xlsx");
    let mut book = book(&xlsx);
    let range = book.worksheet_range("Activities").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let start = header.iter().position(|h| h == "date_start").unwrap();
    let end = header.iter().position(|h| h == "date_end").unwrap();
    let mut dates = 0;
    for row in range.rows().skip(1) {
        for col in [start, end] {
            match &row[col] {
                Data::DateTime(_) => dates += 1,
                Data::Empty => {}
                other => panic!("not a date cell: {other:?}"),
            }
        }
        for (col, cell) in row.iter().enumerate() {
            if col != start && col != end {
                assert!(matches!(cell, Data::String(_) | Data::Empty), "{cell:?}");
            }
        }
    }
    assert!(dates > 50, "{dates} date cells");
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet}"
        );
    }
    for n in 1..=5 {
        let xml = part(&xlsx, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "sheet {n}: a formula"
        );
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "sheet {n}: the header frozen"
        );
        assert!(xml.contains("<autoFilter ref=\"A1:"), "sheet {n}: a filter");
    }
}

#[test]
fn a_hostile_cell_stays_text() {
    let xlsx = out().join("activities.xlsx");
    let cells = sheet_cells(&xlsx, "Activities");
    let activity = cells[0].iter().position(|h| h == "activity").unwrap();
    let hostile: Vec<&String> = cells
        .iter()
        .map(|row| &row[activity])
        .filter(|c| c.contains("HYPERLINK"))
        .collect();
    assert_eq!(
        hostile,
        ["'=HYPERLINK(\"http://example.com\",\"click\")"],
        "quoted as in activities.csv, a string cell"
    );
    let description = cells[0].iter().position(|h| h == "description").unwrap();
    assert!(cells.iter().any(|row| row[description] == "'@SUM(A1)"));
}

#[test]
fn index_csv_lists_the_workbook_first() {
    let index = csv_rows(&out().join("index.csv"));
    let activities = csv_rows(&out().join("activities.csv")).len() - 1;
    assert_eq!(
        index[1],
        [
            "table",
            "Canonical table (Excel workbook)",
            "activities.xlsx",
            "xlsx",
            &activities.to_string(),
            ""
        ]
    );
    assert_eq!(
        index.iter().filter(|row| row[3] == "xlsx").count(),
        1,
        "listed once"
    );
}

#[test]
fn two_runs_write_the_same_workbook_dated_as_the_pdfs_are() {
    let again = tempfile::tempdir().unwrap();
    let o = workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(RUN.0.path())
        .arg("--output")
        .arg(again.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let first = fs::read(out().join("activities.xlsx")).unwrap();
    assert!(first == fs::read(again.path().join("activities.xlsx")).unwrap());
    let core = part(&out().join("activities.xlsx"), "docProps/core.xml");
    assert!(
        core.contains(">2000-01-01T00:00:00Z</dcterms:created>"),
        "{core}"
    );

    let dated = tempfile::tempdir().unwrap();
    workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(RUN.0.path())
        .arg("--output")
        .arg(dated.path())
        .env("SOURCE_DATE_EPOCH", "1735689600")
        .output()
        .unwrap();
    let core = part(&dated.path().join("activities.xlsx"), "docProps/core.xml");
    assert!(
        core.contains(">2025-01-01T00:00:00Z</dcterms:created>"),
        "{core}"
    );
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
fn activities_xlsx_read_back_gives_the_same_activities() {
    read_back_gives_the_same_activities("activities.xlsx", Some("Activities"));
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
