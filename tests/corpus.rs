//! The import robustness corpus (`shared/corpus`, beside the repository): every file is
//! run through the binary (`workplan check`) in a child process under a time and a
//! memory limit, and is read or refused with a message naming it, without a panic; and
//! each suite's stated answers are checked, in process, where its MANIFEST.md gives them.
//!
//! The corpus is required: a missing folder fails the tests instead of passing them.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use workplan::diagnostic::Severity;
use workplan::import::{read, RawFile};
use workplan::model::{CellValue, RawSheet};

/// The warnings of a file read, as the terminal shows them.
fn warnings(file: &RawFile) -> Vec<String> {
    said(file, Severity::Warning)
}

/// The notes of a file read, as the terminal shows them.
fn notes(file: &RawFile) -> Vec<String> {
    said(file, Severity::Note)
}

fn said(file: &RawFile, severity: Severity) -> Vec<String> {
    file.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(ToString::to_string)
        .collect()
}

use common::limited;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn corpus() -> PathBuf {
    let dir = PathBuf::from(CORPUS);
    assert!(
        dir.join("README.md").is_file(),
        "the import corpus is missing: expected {} (shared/ cloned beside the repository)",
        dir.display()
    );
    dir
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            collect(&path, out);
        } else if !(name.ends_with(".md") || name.ends_with(".json") || name == ".gitattributes") {
            out.push(path);
        }
    }
}

/// Files the importer must refuse, with the words of the refusal the manifests call for.
fn expected_refusal(rel: &str) -> Option<&'static [&'static str]> {
    Some(match rel {
        // Encrypted: "open must fail with a password error".
        "spreadsheets/pass_protected.xlsx"
        | "spreadsheets/pass_protected.xlsb"
        | "spreadsheets/pass_protected.ods" => &["password-protected"],
        // An encrypted xls: with a password, or Excel's default key.
        "spreadsheets/issue_385.xls" => &["encrypted", "default key"],
        // 10^18 declared cells: "must be rejected ... not hang or exhaust memory".
        "spreadsheets/issue_594_dos.ods" => &["too large", "damaged"],
        // Out-of-range sector count: "open must fail with XlsError::Cfb".
        "spreadsheets/OOM_alloc3.xls" => &["damaged"],
        // A zip member fails its CRC: "should give a clear zip or XML error".
        "spreadsheets/issue252.xlsx" => &["damaged"],
        _ => return None,
    })
}

#[test]
fn every_file_is_read_or_refused_cleanly_by_the_binary() {
    let root = corpus();
    let mut paths = Vec::new();
    collect(&root, &mut paths);
    assert!(paths.len() > 200, "only {} corpus files found", paths.len());
    let mut problems = Vec::new();
    let (mut read_ok, mut refused) = (0, 0);
    let mut slowest = (Duration::ZERO, String::new());
    println!("{:<56} {:>6}  exit  result", "file", "ms");
    for path in &paths {
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        // Named relative to the corpus, as a user names a file in the current folder.
        let run = limited::workplan(
            &root,
            [
                "check",
                "--no-progress",
                "--quiet",
                "--registry",
                concat!(env!("CARGO_MANIFEST_DIR"), "/input/partners.toml"),
                "--input",
                &rel,
            ],
        );
        if run.took > slowest.0 {
            slowest = (run.took, rel.clone());
        }
        problems.extend(run.problems(&rel));
        let refusal = run
            .stderr
            .lines()
            .find(|l| l.starts_with("error: "))
            .map(str::to_owned);
        let result = match (&refusal, expected_refusal(&rel)) {
            (None, expected) => {
                read_ok += 1;
                if expected.is_some() {
                    problems.push(format!("{rel}: read, but should be refused"));
                }
                "read".to_owned()
            }
            (Some(line), expected) => {
                refused += 1;
                if !line.contains(&rel) {
                    problems.push(format!("{rel}: the error does not name the file: {line}"));
                }
                if !expected.is_some_and(|words| words.iter().any(|w| line.contains(w))) {
                    problems.push(format!("{rel}: unexpected refusal: {line}"));
                }
                if run.code != Some(1) {
                    problems.push(format!("{rel}: refused with exit code {:?}", run.code));
                }
                line.clone()
            }
        };
        let code = run.code.map_or("-".to_owned(), |c| c.to_string());
        println!("{rel:<56} {:>6}  {code:>4}  {result}", run.took.as_millis());
    }
    println!(
        "{} files: {read_ok} read, {refused} refused; slowest {} in {:?}",
        paths.len(),
        slowest.1,
        slowest.0
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

// ----------------------------------------------------------------------------------
// Helpers for the manifest checks.

fn load(rel: &str) -> RawFile {
    let path = corpus().join(rel);
    read(&path, rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn only_sheet(file: &RawFile) -> &RawSheet {
    assert_eq!(file.sheets.len(), 1, "{}", file.sheets[0].file);
    &file.sheets[0]
}

fn sheet<'a>(file: &'a RawFile, name: &str) -> &'a RawSheet {
    file.sheets
        .iter()
        .find(|s| s.sheet.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no sheet {name:?}"))
}

fn names(file: &RawFile) -> Vec<&str> {
    file.sheets
        .iter()
        .filter_map(|s| s.sheet.as_deref())
        .collect()
}

/// The rows as texts, with their numbers.
fn texts(sheet: &RawSheet) -> Rows {
    sheet
        .rows
        .iter()
        .map(|r| (r.number, r.cells.iter().map(CellValue::to_text).collect()))
        .collect()
}

/// Numbered rows of texts.
type Rows = Vec<(u32, Vec<String>)>;

fn row(number: u32, cells: &[&str]) -> (u32, Vec<String>) {
    (number, cells.iter().map(|s| s.to_string()).collect())
}

/// The value at an A1 reference (Empty when absent).
fn cell(sheet: &RawSheet, a1: &str) -> CellValue {
    let split = a1.find(|c: char| c.is_ascii_digit()).unwrap();
    let col = a1[..split]
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let number: u32 = a1[split..].parse().unwrap();
    sheet
        .rows
        .iter()
        .find(|r| r.number == number)
        .and_then(|r| r.cells.get(col as usize))
        .cloned()
        .unwrap_or(CellValue::Empty)
}

fn text(sheet: &RawSheet, a1: &str) -> String {
    cell(sheet, a1).to_text()
}

// ----------------------------------------------------------------------------------
// csv-spectrum: first row as header, every value a string, compared with the JSON.

#[test]
fn csv_spectrum_matches_its_json() {
    let dir = corpus().join("csv-spectrum");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 12);
    for csv in cases {
        let stem = csv.file_stem().unwrap().to_string_lossy().into_owned();
        let json: Value =
            serde_json::from_slice(&std::fs::read(csv.with_extension("json")).unwrap()).unwrap();
        let file = load(&format!("csv-spectrum/{stem}.csv"));
        let rows = texts(only_sheet(&file));
        let header = &rows[0].1;
        if stem == "location_coordinates" {
            // The suite's JSON is one object and disagrees with the CSV on the phone
            // number (see the manifest): check that the row is accepted as written.
            assert_eq!(rows.len(), 2, "{stem}");
            let at = header
                .iter()
                .position(|h| h == "Location Coordinates")
                .unwrap();
            assert_eq!(
                rows[1].1[at],
                json["Location Coordinates"].as_str().unwrap(),
                "{stem}"
            );
            continue;
        }
        let records = json.as_array().unwrap();
        assert_eq!(rows.len() - 1, records.len(), "{stem}: record count");
        for (record, (_, cells)) in records.iter().zip(&rows[1..]) {
            for (key, want) in record.as_object().unwrap() {
                let at = header.iter().position(|h| h == key).unwrap();
                let got = cells.get(at).map_or("", String::as_str);
                assert_eq!(got, want.as_str().unwrap(), "{stem}: field {key}");
            }
        }
    }
}

// ----------------------------------------------------------------------------------
// rust-csv: record counts from its tests (the header is a row here).

#[test]
fn rust_csv_record_counts() {
    for rel in ["rust-csv/uspop.csv", "rust-csv/uspop-null.csv"] {
        let file = load(rel);
        let sheet = only_sheet(&file);
        assert_eq!(sheet.rows.len(), 101, "{rel}: header and 100 records");
        assert_eq!(sheet.rows[0].cells.len(), 5, "{rel}");
        assert!(warnings(&file).is_empty(), "{rel}");
    }
    // Invalid UTF-8: read as Windows-1252, said in a note (the expected fallback).
    let file = load("rust-csv/uspop-latin1.csv");
    assert_eq!(only_sheet(&file).rows.len(), 101);
    assert!(warnings(&file).is_empty());
    assert_eq!(
        notes(&file),
        vec!["rust-csv/uspop-latin1.csv: not UTF-8; read as Windows-1252"]
    );
    assert_eq!(text(only_sheet(&file), "A4"), "Õakman");
    // A search for MA finds Reading.
    let file = load("rust-csv/uspop.csv");
    let ma: Vec<String> = texts(only_sheet(&file))
        .into_iter()
        .filter(|(_, c)| c[1] == "MA")
        .map(|(_, c)| c[0].clone())
        .collect();
    assert_eq!(ma, vec!["Reading"]);
    // No header row: 10 records.
    let file = load("rust-csv/smallpop-no-headers.csv");
    assert_eq!(only_sheet(&file).rows.len(), 10);
    // ':' is not a delimiter we detect: the file reads as one column of 11 rows.
    let file = load("rust-csv/smallpop-colon.csv");
    let sheet = only_sheet(&file);
    assert_eq!(sheet.rows.len(), 11);
    assert!(sheet.rows.iter().all(|r| r.cells.len() == 1));
    // ';' detected; the '#' comment line is kept (no comment syntax in workplans), so 7
    // rows for the suite's 6 records; the ragged row has one field.
    let file = load("rust-csv/strange.csv");
    let rows = texts(only_sheet(&file));
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().any(|(_, c)| c == &["Rafael Halperin"]));
    assert_eq!(rows.iter().filter(|(_, c)| c.len() == 2).count(), 5);
}

// ----------------------------------------------------------------------------------
// CleverCSV: dialects and row counts from its README.

#[test]
fn clevercsv_dialects_and_counts() {
    // Comma, no quoting: 101 lines; 44 fields where no backslash-escaped comma occurs.
    let file = load("clevercsv/imdb.csv");
    let sheet = only_sheet(&file);
    assert_eq!(sheet.rows.len(), 101);
    assert_eq!(sheet.rows[0].cells.len(), 44);
    // Tab-separated, CRLF: 381 records, one of them all empty fields (a blank row).
    let file = load("clevercsv/milk.csv");
    let sheet = only_sheet(&file);
    assert_eq!(sheet.row_count, 381);
    assert_eq!(sheet.rows.len(), 380);
    assert!(sheet.rows[0].cells.len() > 1);
    // Comma, CRLF: header, 53 records, a blank line (row 55), and the footer kept.
    let file = load("clevercsv/airedale.csv");
    let sheet = only_sheet(&file);
    assert_eq!(sheet.row_count, 56);
    assert_eq!(sheet.rows.len(), 55);
    assert_eq!(sheet.rows[0].cells.len(), 8);
    assert_eq!(sheet.rows[53].number, 54);
    let footer = &sheet.rows[54];
    assert_eq!(footer.number, 56);
    assert!(footer.cells[0].to_text().starts_with("Report created"));
    assert_eq!(
        text(sheet, "H2"),
        "43,774.58",
        "a quoted thousands separator"
    );
}

// ----------------------------------------------------------------------------------
// frictionless-py: rows as strings (no type inference); the header is row 1.

#[test]
fn frictionless_csv_rows() {
    let en_cn = [
        row(1, &["id", "name"]),
        row(2, &["1", "english"]),
        row(3, &["2", "中国人"]),
    ];
    let people = [
        row(1, &["id", "name", "age"]),
        row(2, &["1101", "John", "30"]),
        row(3, &["1102", "Julie", "26"]),
    ];
    let cases: Vec<(&str, Rows, u32)> = vec![
        ("bom.csv", en_cn.to_vec(), 3),
        ("delimiter.csv", en_cn.to_vec(), 3),
        (
            "latin1.csv",
            vec![
                row(1, &["id", "name"]),
                row(2, &["1", "english"]),
                row(3, &["2", "©"]),
            ],
            3,
        ),
        ("blank-rows.csv", people.to_vec(), 4),
        ("blank-rows-multiple.csv", people.to_vec(), 14),
        (
            "blank-rows-no-fields.csv",
            vec![
                people[0].clone(),
                people[1].clone(),
                row(4, &["1102", "Julie", "26"]),
            ],
            4,
        ),
        (
            "issue-1009-semicolon.csv",
            vec![
                row(1, &["fieldNameA", "fieldNameB"]),
                row(2, &["0123", "c"]),
            ],
            2,
        ),
        (
            "leading-zeros.csv",
            vec![
                row(1, &["value"]),
                row(2, &["01"]),
                row(3, &["002"]),
                row(4, &["00003"]),
            ],
            4,
        ),
        (
            "table.tsv",
            vec![
                row(1, &["id", "name"]),
                row(2, &["1", "english"]),
                row(3, &["2", "中国人"]),
                row(4, &["3", "\\N"]),
            ],
            4,
        ),
        (
            "without-headers-extra.csv",
            vec![
                row(1, &["1", "english"]),
                row(2, &["2", "中国人"]),
                row(3, &["3", "german", "extra"]),
            ],
            3,
        ),
        ("without-rows.csv", vec![row(1, &["id", "name"])], 1),
        ("empty.csv", vec![], 0),
        (
            "issue-825.csv",
            vec![
                row(1, &["Musei", "2011", "2010"]),
                row(
                    2,
                    &[
                        "Galleria d'Arte moderna e mostre temporanee",
                        "23.824",
                        "17.518",
                    ],
                ),
                row(3, &["Museo Pitrè", "in restauro", "in restauro"]),
            ],
            3,
        ),
    ];
    for (name, want, row_count) in cases {
        let rel = format!("frictionless-py/{name}");
        let file = load(&rel);
        let sheet = only_sheet(&file);
        assert_eq!(texts(sheet), want, "{rel}");
        assert_eq!(sheet.row_count, row_count, "{rel}");
        if name == "empty.csv" {
            assert_eq!(
                warnings(&file),
                [format!(
                    "{rel}: the file is empty (no cell holds anything); nothing was read from it"
                )]
            );
        } else {
            assert!(warnings(&file).is_empty(), "{rel}: {:?}", warnings(&file));
        }
        assert_eq!(notes(&file).is_empty(), name != "latin1.csv", "{rel}");
    }
    // Shapes and encodings.
    let file = load("frictionless-py/doublequote.csv");
    assert!(only_sheet(&file).rows.iter().all(|r| r.cells.len() == 17));
    let file = load("frictionless-py/issue-493.csv");
    let sheet = only_sheet(&file);
    assert_eq!(sheet.rows.len(), 10, "10 records over 31 lines");
    assert_eq!(sheet.rows[0].cells.len(), 126);
    let file = load("frictionless-py/encoding-issue-274.csv");
    assert!(
        warnings(&file).is_empty(),
        "UTF-8 detected over the whole file"
    );
    assert_eq!(only_sheet(&file).rows[0].cells.len(), 17);
    let file = load("frictionless-py/accent.csv");
    let sheet = only_sheet(&file);
    assert_eq!(sheet.rows.len(), 3);
    assert!(texts(sheet)[0].1.contains(&"accessibilité".to_owned()));
    let file = load("frictionless-py/issue-1232.csv");
    assert_eq!(text(only_sheet(&file), "A2"), "030151360");
    assert_eq!(text(only_sheet(&file), "G2"), "13/10/2021");
    let file = load("frictionless-py/issue-1138.csv");
    assert_eq!(text(only_sheet(&file), "A2"), "09.07.2013 12:00:00");
    let file = load("frictionless-py/ascii-notvalid.csv");
    assert_eq!(only_sheet(&file).rows.len(), 2);
    // Errors are reported later, by the layout stage; here the rows are as written.
    let file = load("frictionless-py/invalid.csv");
    assert_eq!(
        texts(only_sheet(&file)),
        vec![
            row(1, &["id", "name", "", "name"]),
            row(2, &["1", "english"]),
            row(3, &["1", "english"]),
            row(5, &["2", "german", "1", "2", "3"]),
        ]
    );
}

#[test]
fn frictionless_spreadsheets() {
    // Merged A1:B3 holding "data": only the top-left value is reported.
    for rel in [
        "frictionless-py/merged-cells.xls",
        "frictionless-py/merged-cells.xlsx",
    ] {
        let file = load(rel);
        assert_eq!(texts(only_sheet(&file)), vec![row(1, &["data"])], "{rel}");
    }
    assert_eq!(
        names(&load("frictionless-py/merged-cells.xlsx")),
        vec!["Лист1"]
    );
    let file = load("frictionless-py/merged-cells-boolean.xls");
    assert_eq!(cell(only_sheet(&file), "A1"), CellValue::Bool(true));
    for rel in ["frictionless-py/sheet2.xls", "frictionless-py/sheet2.xlsx"] {
        let file = load(rel);
        let rows = texts(sheet(&file, "Sheet2"));
        assert_eq!(
            rows[1..],
            [row(2, &["1", "english"]), row(3, &["2", "中国人"])],
            "{rel}"
        );
    }
    assert_eq!(
        names(&load("frictionless-py/sheets.xlsx")),
        vec!["Sheet1", "Sheet2", "Sheet3"]
    );
    for rel in [
        "frictionless-py/table-with-booleans.ods",
        "frictionless-py/table-with-booleans.xls",
    ] {
        let file = load(rel);
        let sheet = only_sheet(&file);
        assert_eq!(
            texts(sheet),
            vec![
                row(1, &["id", "boolean"]),
                row(2, &["1", "TRUE"]),
                row(3, &["2", "FALSE"])
            ],
            "{rel}"
        );
        assert_eq!(cell(sheet, "B2"), CellValue::Bool(true), "{rel}");
    }
    let file = load("frictionless-py/table-with-ints-floats-dates.ods");
    assert_eq!(
        texts(only_sheet(&file)),
        vec![
            row(1, &["Int", "Float", "Date", "Datetime"]),
            row(2, &["2013", "3.3", "2009-08-16", "2009-08-16 05:43:21"]),
            row(3, &["1997", "5.6", "2009-09-20", "2009-09-20 15:30:00"]),
            row(4, &["1969", "11.7", "2012-08-23", "2012-08-23 20:40:59"]),
        ]
    );
    let file = load("frictionless-py/table-with-two-sheets.ods");
    assert_eq!(names(&file), vec!["Лист1", "Tabelle2"]);
    assert_eq!(
        texts(sheet(&file, "Tabelle2")),
        vec![row(1, &["a", "b", "c"]), row(2, &["1", "2", "3"])]
    );
    // "Row 2" of the data after the header.
    let file = load("frictionless-py/adjust-floating-point-error.xlsx");
    assert_eq!(
        cell(only_sheet(&file), "C3"),
        CellValue::Number(274.65999999999997)
    );
    let file = load("frictionless-py/cast-int-to-string-issue-1251.xlsx");
    assert_eq!(names(&file), vec!["Feuille1"]);
    assert_eq!(text(only_sheet(&file), "A2"), "001");
    let file = load("frictionless-py/issue-1024.xlsx");
    assert!(names(&file).contains(&"IPC"));
    let file = load("frictionless-py/multiline-headers.xlsx");
    assert_eq!(text(only_sheet(&file), "A1"), "Region");
    let file = load("frictionless-py/preserve-formatting-percentage.xlsx");
    assert!(texts(only_sheet(&file))
        .iter()
        .any(|(_, c)| c.contains(&"0.52".to_owned())));
}

// ----------------------------------------------------------------------------------
// calamine's test suite: values its tests assert, through this importer.

#[test]
fn calamine_expectations() {
    let date = |s: &str| CellValue::DateTime(s.parse().unwrap());
    // Dates in both systems, and a duration over 24 h shown as Excel shows it.
    for rel in [
        "spreadsheets/date.xls",
        "spreadsheets/date.xlsx",
        "spreadsheets/date.xlsb",
        "spreadsheets/date_1904.xls",
        "spreadsheets/date_1904.xlsx",
        "spreadsheets/date_1904.xlsb",
    ] {
        let file = load(rel);
        let dates = only_sheet(&file);
        assert_eq!(cell(dates, "A1"), date("2021-01-01T00:00:00"), "{rel}");
        assert_eq!(cell(dates, "A2"), date("2021-01-02T00:00:00"), "{rel}");
        assert_eq!(text(dates, "A3"), "255:10:10", "{rel}");
        assert_eq!(cell(dates, "B1"), CellValue::Number(15.0), "{rel}");
    }
    let file = load("spreadsheets/date_iso.xlsx");
    let iso = only_sheet(&file);
    assert_eq!(cell(iso, "A1"), date("2021-01-01T00:00:00"));
    assert_eq!(cell(iso, "A2"), date("2021-01-01T10:10:10"));
    assert_eq!(text(iso, "A3"), "10:10:10");
    let file = load("spreadsheets/date.ods");
    let ods = only_sheet(&file);
    assert_eq!(cell(ods, "A1"), date("2021-01-01T00:00:00"));
    assert_eq!(text(ods, "A3"), "10:10:10");
    let file = load("spreadsheets/formula-date-format.xls");
    assert!(only_sheet(&file)
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .any(|c| matches!(c, CellValue::DateTime(_))));
    // Every error value, as Excel shows it.
    let file = load("spreadsheets/errors.xlsx");
    let errors: Vec<CellValue> = sheet(&file, "Feuil1")
        .rows
        .iter()
        .map(|r| r.cells[0].clone())
        .collect();
    let want = [
        "#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#REF!", "#NUM!", "#N/A",
    ];
    assert_eq!(errors, want.map(|e| CellValue::Error(e.into())));
    // Sheets in workbook order.
    let eight: Vec<String> = (1..=8).map(|i| format!("Sheet{i}")).collect();
    for ext in ["xls", "xlsx", "xlsb", "ods"] {
        let file = load(&format!("spreadsheets/issue127.{ext}"));
        assert_eq!(names(&file), eight, "issue127.{ext}");
    }
    assert_eq!(
        names(&load("spreadsheets/misc_biff5_parsing.xls")).len(),
        11
    );
    // Hostile or broken files that must still read.
    let file = load("spreadsheets/issue_174.xlsx");
    let s174 = only_sheet(&file);
    assert_eq!(s174.row_count, 2);
    assert_eq!(text(s174, "A2"), "123");
    let file = load("spreadsheets/issue444.xls");
    let s444 = sheet(&file, "Sheet1");
    assert_eq!(s444.rows.len(), 10);
    assert_eq!(s444.rows.iter().map(|r| r.cells.len()).max(), Some(8));
    assert_eq!(
        names(&load("spreadsheets/OOM_alloc2.xls")),
        vec!["Colsale (Aug"]
    );
    for rel in [
        "spreadsheets/issue_666_lost_sheets.xlsb",
        "spreadsheets/issue_666_panic.xlsb",
    ] {
        assert_eq!(names(&load(rel)), vec!["Sheet1"], "{rel}");
    }
    let file = load("spreadsheets/ptgexp-truncated-operand.xls");
    // 23 x 10 from row 2.
    let tab = sheet(&file, "Tab 1");
    assert_eq!(tab.row_count, 24);
    assert_eq!(tab.rows.iter().map(|r| r.cells.len()).max(), Some(10));
    let file = load("spreadsheets/gh548_incorrect_sst_unique_count.xls");
    assert_eq!(
        text(sheet(&file, "System Level Data"), "C10"),
        "11th May 2023"
    );
    assert_eq!(
        text(only_sheet(&load("spreadsheets/sst_continue.xls")), "A136"),
        "New CONTINUE block"
    );
    assert_eq!(
        text(
            sheet(&load("spreadsheets/xls_cross_sheet_chart.xls"), "Report"),
            "A1"
        ),
        "HEADER TEXT A1"
    );
    assert_eq!(
        text(
            sheet(&load("spreadsheets/biff5_write.xls"), "SheetJS"),
            "D2"
        ),
        "sheetjs"
    );
    assert_eq!(
        text(only_sheet(&load("spreadsheets/minimal_package.xlsx")), "A3"),
        "BKG_NUM"
    );
    let cells = |rel: &str| {
        let file = load(rel);
        only_sheet(&file)
            .rows
            .iter()
            .flat_map(|r| {
                r.cells
                    .iter()
                    .filter(|c| !c.is_blank())
                    .map(move |c| (r.number, c.to_text()))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        cells("spreadsheets/issue_261.xlsx"),
        cells("spreadsheets/issue_261_fixed_by_excel.xlsx")
    );
    // Text decoding.
    let file = load("spreadsheets/has_x000D_.xlsx");
    assert_eq!(text(only_sheet(&file), "A1"), "ABC\r\nDEF");
    let file = load("spreadsheets/rph.xlsx");
    assert_eq!(text(only_sheet(&file), "A1"), "課きく　毛こ");
    let file = load("spreadsheets/richtext_issue.ods");
    assert!(file
        .sheets
        .iter()
        .flat_map(texts)
        .any(|(_, c)| c.contains(&"abc".to_owned())));
    let file = load("spreadsheets/xls_wrong_decimals.xls");
    assert!(only_sheet(&file)
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .any(|c| *c == CellValue::Number(0.525625)));
    let file = load("spreadsheets/issue3.xlsm");
    assert_eq!(
        file.sheets.iter().flat_map(texts).next(),
        Some(row(1, &["1", "a"]))
    );
    // Data starting at B4: real row numbers and columns.
    let file = load("spreadsheets/temperature-in-middle.xlsx");
    let middle = only_sheet(&file);
    assert_eq!(middle.rows[0].number, 4);
    assert_eq!(middle.rows[0].cells[0], CellValue::Empty);
    assert_eq!(text(middle, "B4"), "label");
    // Merged A1:B1, A2:A4, B2:D4: top-left values only.
    for rel in [
        "spreadsheets/merge_cells.xls",
        "spreadsheets/merge_cells.xlsx",
    ] {
        let file = load(rel);
        let merged = only_sheet(&file);
        assert!(!cell(merged, "A1").is_blank(), "{rel}");
        assert!(cell(merged, "B1").is_blank(), "{rel}");
        assert!(cell(merged, "A3").is_blank(), "{rel}");
    }
    // Not a spreadsheet, but text: read as a one-row CSV (files are told by content).
    let file = load("spreadsheets/too_small.xls");
    let small = only_sheet(&file);
    assert_eq!(small.sheet, None);
    assert!(text(small, "A1").starts_with("Attachment"));
}
