//! A large worksheet is laid out and normalised while it is still being read. When it
//! turns out unreadable half way, what its rows already gave is taken back: the
//! outputs are those of the same inputs without that sheet, byte for byte.

mod common;

use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

use common::binary::{root, stderr, workplan};

const REGISTRY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/input/partners.toml");

/// The columns of the 2020+ table.
fn header() -> [String; 8] {
    let names = workplan::synth::Schema::Workplan2020.headers();
    std::array::from_fn(|i| names[i].to_owned())
}

/// A record of the 2020+ table. Records 1 to 3 are also in the CSV file; every tenth
/// names a company the registry does not know, one of them also named in the CSV file.
fn record(i: usize) -> [String; 8] {
    let companies = match i % 10 {
        0 => format!("Google, Zorglub Holdings {i}"),
        5 => "Microsoft, Zorglub Ltd".to_owned(),
        _ => "Google".to_owned(),
    };
    [
        "Cybercrime".to_owned(),
        "T-CY".to_owned(),
        "Cybercrime".to_owned(),
        format!("Activity number {i}"),
        format!("{} March 2020", 1 + i % 28),
        companies,
        format!("Workshop on evidence number {i}"),
        format!("someone{i}@coe.int"),
    ]
}

fn csv_file(records: impl Iterator<Item = [String; 8]>) -> String {
    let mut out = header().join(",") + "\n";
    for r in records {
        let cells: Vec<String> = r.iter().map(|c| format!("\"{c}\"")).collect();
        out += &(cells.join(",") + "\n");
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// A worksheet of inline strings: the header on row 1, then `records`, then (when
/// `damaged`) a cell no reader can decode.
fn sheet_xml(records: &[[String; 8]], damaged: bool) -> String {
    let mut rows = String::new();
    let lines = std::iter::once(header()).chain(records.iter().cloned());
    for (r, cells) in (1..).zip(lines) {
        rows += &format!(r#"<row r="{r}">"#);
        for (c, text) in (b'A'..).zip(cells.iter()) {
            rows += &format!(
                r#"<c r="{}{r}" t="inlineStr"><is><t>{}</t></is></c>"#,
                c as char,
                escape(text)
            );
        }
        rows += "</row>";
    }
    if damaged {
        let r = records.len() + 2;
        rows +=
            &format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>&bogus;</t></is></c></row>"#);
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A workbook of the named worksheets, in order.
fn workbook(sheets: &[(&str, String)]) -> Vec<u8> {
    let mut types = String::new();
    let mut listed = String::new();
    let mut rels = String::new();
    for (i, (name, _)) in (1..).zip(sheets) {
        types += &format!(
            r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
        listed += &format!(r#"<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>"#);
        rels += &format!(
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#
        );
    }
    let mut parts = vec![
        (
            "[Content_Types].xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{types}</Types>"#
            ),
        ),
        (
            "_rels/.rels".to_owned(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "xl/workbook.xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{listed}</sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        ),
    ];
    for (i, (_, xml)) in (1..).zip(sheets) {
        parts.push((format!("xl/worksheets/sheet{i}.xml"), xml.clone()));
    }
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in &parts {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Runs `workplan run` on `a.csv` and `b.xlsx` in `dir` (so that both are named
/// alike in every run), writing into `dir/out`; checks the exit code (1: warnings) and
/// returns standard error.
fn run_in(dir: &Path, code: i32) -> String {
    let o = workplan()
        .current_dir(dir)
        .args([
            "run",
            "--no-progress",
            "--no-pdf",
            "-i",
            "a.csv",
            "-i",
            "b.xlsx",
        ])
        .args(["-r", REGISTRY, "--templates"])
        .arg(root().join("templates"))
        .args(["-o", "out"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(code), "{}", stderr(&o));
    stderr(&o)
}

/// A folder holding the CSV file of records 1, 2, 3, 5 and 15, and `b.xlsx`.
fn inputs(book: Vec<u8>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let csv = csv_file((1..=3).chain([5, 15]).map(record));
    fs::write(dir.path().join("a.csv"), csv).unwrap();
    fs::write(dir.path().join("b.xlsx"), book).unwrap();
    dir
}

/// Asserts that `files` of the two runs' outputs are the same, byte for byte.
fn assert_same(with: &tempfile::TempDir, without: &tempfile::TempDir, files: &[&str]) {
    for file in files {
        let read = |dir: &tempfile::TempDir| fs::read(dir.path().join("out").join(file)).unwrap();
        assert!(read(with) == read(without), "{file} differs");
    }
}

#[test]
fn a_sheet_unreadable_half_way_gives_nothing_though_its_first_rows_were_taken() {
    // The damaged sheet holds far more rows than are handed on at a time, so its first
    // rows are laid out, normalised and kept before the damage is found: duplicates of
    // the CSV's records (noted on them), unmatched names (one also in the CSV),
    // contacts, and their provenance rows.
    let bad: Vec<[String; 8]> = (1..=1500).map(record).collect();
    let good: Vec<[String; 8]> = (2001..=2020).map(record).collect();
    let with = inputs(workbook(&[
        ("Bad", sheet_xml(&bad, true)),
        ("Good", sheet_xml(&good, false)),
    ]));
    let without = inputs(workbook(&[("Good", sheet_xml(&good, false))]));

    let told = run_in(with.path(), 1);
    assert!(
        told.contains("b.xlsx [Bad]: the sheet cannot be read"),
        "{told}"
    );
    run_in(without.path(), 0);
    let files = [
        "activities.json",
        "activities.csv",
        "provenance.csv",
        "rejects.csv",
        "review/unmatched-names.csv",
        "review/duplicates.csv",
        "review/contacts.csv",
        "sectors/t-cy.csv",
    ];
    assert_same(&with, &without, &files);
    let activities = fs::read_to_string(with.path().join("out/activities.csv")).unwrap();
    // The CSV's five records and the good sheet's twenty: no duplicate noted.
    assert_eq!(activities.lines().count(), 1 + 5 + 20);
    assert!(!activities.contains("also read from"));
    let unmatched = fs::read_to_string(with.path().join("out/review/unmatched-names.csv")).unwrap();
    // Twice in the CSV, twice in the good sheet, and 150 times in the bad one: four
    // places (the review file names each place, in the column after the cell).
    let mut review = csv::Reader::from_reader(unmatched.as_bytes());
    let zorglub = review
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "Zorglub Ltd")
        .unwrap_or_else(|| panic!("{unmatched}"));
    assert_eq!(zorglub[2].split("; ").count(), 4, "{unmatched}");
    assert!(!unmatched.contains("Zorglub Holdings 10,"), "{unmatched}");
}

#[test]
fn a_workbook_whose_only_sheet_fails_half_way_is_not_read_and_gives_nothing() {
    let bad: Vec<[String; 8]> = (1..=1500).map(record).collect();
    let with = inputs(workbook(&[("Bad", sheet_xml(&bad, true))]));
    let without = inputs(workbook(&[("Good", sheet_xml(&[], false))]));

    let told = run_in(with.path(), 1);
    assert!(told.contains("(1 could not be read)"), "{told}");
    assert!(told.contains("b.xlsx: the file is damaged"), "{told}");
    run_in(without.path(), 1);
    let files = [
        "activities.json",
        "provenance.csv",
        "review/unmatched-names.csv",
    ];
    assert_same(&with, &without, &files);
}
