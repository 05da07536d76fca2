use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use super::*;
use crate::model::{Precision, Status};
use crate::report::canonical::write_activities_csv;

/// Activities with every kind of cell: lists, flags, dates a sheet can and cannot
/// hold, formula starts, line breaks, XML's special and forbidden characters.
fn activities() -> Vec<Activity> {
    let mut a = Activity::example("plain", "Data protection");
    a.date = crate::model::DateSpan {
        text: "6-7/03/2018".into(),
        start: NaiveDate::from_ymd_opt(2018, 3, 6),
        end: NaiveDate::from_ymd_opt(2018, 3, 7),
        precision: Some(Precision::Day),
        tentative: false,
    };
    a.partners = Box::from([Arc::from("Google"), Arc::from("Microsoft")]);
    a.contacts = Box::from([Arc::from("a.b@coe.int")]);
    a.source.sheet = Some("Workplan 2020+".into());
    a.source.rows = vec![12, 13];
    let mut b = Activity::example("=HYPERLINK(\"http://x\",\"y\")", "-");
    b.description = Some("Said \"yes\" & <no>\r\nthen _x000D_ and \u{1}".into());
    b.status = Status::Cancelled;
    b.date = crate::model::DateSpan {
        text: "2020- (tbc)".into(),
        start: NaiveDate::from_ymd_opt(2020, 1, 1),
        end: None,
        precision: Some(Precision::Year),
        tentative: true,
    };
    b.all_partners = true;
    b.unmatched = Box::from([Arc::from("@evil"), Arc::from("+33 1 23")]);
    b.other_organisations = Box::from([Arc::from("ICANN")]);
    b.extra.insert("Budget".into(), "€ 1,000".into());
    b.notes = Box::from([Arc::from("one"), Arc::from("two; three")]);
    b.workplan = Some("2020+".into());
    b.category = Some("Studies".into());
    b.topic = Some("Télécoms, \"ÉTÉ\"".into());
    b.domain = Some("-5".into());
    let mut c = Activity::example("far dates", "x");
    c.date = crate::model::DateSpan {
        text: "1850-12020".into(),
        start: NaiveDate::from_ymd_opt(1850, 1, 1),
        end: NaiveDate::from_ymd_opt(12020, 12, 31),
        precision: Some(Precision::Year),
        tentative: false,
    };
    c.id = "'=already quoted".into();
    vec![a, b, c]
}

fn written(activities: &[Activity], sheets: &[TextSheet], options: &WorkbookOptions) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, activities, sheets, options).expect("written");
    out
}

/// The cells of a sheet as text: numbers as the CSV writes them, dates as ISO dates.
fn cells(book: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let mut xlsx = Xlsx::new(Cursor::new(book)).expect("a workbook");
    let range = xlsx.worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::DateTime(d) => d
                        .as_datetime()
                        .expect("a date")
                        .date()
                        .format("%Y-%m-%d")
                        .to_string(),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// A part of the zipped workbook, as text.
fn part(book: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(book)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("the part")
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

#[test]
fn the_activities_sheet_holds_the_cells_of_activities_csv() {
    let activities = activities();
    let book = written(&activities, &[], &WorkbookOptions::default());
    let mut csv = Vec::new();
    write_activities_csv(&mut csv, &activities, false).unwrap();
    let csv: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv[..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let sheet = cells(&book, ACTIVITIES_SHEET);
    assert_eq!(sheet.len(), csv.len(), "a header and a row per activity");
    for (r, (got, want)) in sheet.iter().zip(&csv).enumerate() {
        // calamine's range ends at the last column holding something.
        let mut got = got.clone();
        got.resize(want.len(), String::new());
        assert_eq!(&got, want, "row {r}");
    }
    assert_eq!(sheet[2][6], "'=HYPERLINK(\"http://x\",\"y\")", "stays text");
    assert_eq!(
        sheet[3][0], "''=already quoted",
        "quoted once more, as in the CSV"
    );
}

#[test]
fn dates_are_date_cells_and_nothing_is_a_formula() {
    let book = written(&activities(), &[], &WorkbookOptions::default());
    let mut xlsx = Xlsx::new(Cursor::new(&book[..])).unwrap();
    let range = xlsx.worksheet_range(ACTIVITIES_SHEET).unwrap();
    let start = range.get((1, 10)).unwrap();
    assert!(matches!(start, Data::DateTime(_)), "{start:?}");
    assert!(matches!(range.get((1, 11)), Some(Data::DateTime(_))));
    assert!(matches!(range.get((2, 10)), Some(Data::DateTime(_))));
    // Before 1900 and after 9999: the ISO text.
    assert_eq!(range.get((3, 10)), Some(&Data::String("1850-01-01".into())));
    assert!(range
        .used_cells()
        .all(|(_, _, c)| matches!(c, Data::String(_) | Data::DateTime(_))));
    let formulas = xlsx.worksheet_formula(ACTIVITIES_SHEET).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let xml = part(&book, "xl/worksheets/sheet1.xml");
    assert!(!xml.contains("<f>"), "no formula element");
    assert!(xml.contains(r#"<c r="K2" s="#), "K2 is styled");
    let styles = part(&book, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
}

#[test]
fn the_header_is_frozen_and_filtered() {
    let book = written(&activities(), &[], &WorkbookOptions::default());
    let xml = part(&book, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{xml}"
    );
    assert!(xml.contains(r#"<autoFilter ref="A1:X4"/>"#), "{xml}");
    assert!(xml.contains("<cols>"), "column widths");
    assert!(
        xml.contains(r#"wrapText="1""#) || part(&book, "xl/styles.xml").contains(r#"wrapText="1""#)
    );
}

#[test]
fn columns_are_as_wide_as_their_texts_up_to_the_cap() {
    let mut a = activities();
    a[0].description = Some("word ".repeat(100).into());
    a[0].id = "short".into();
    let book = written(&a, &[], &WorkbookOptions::default());
    let xml = part(&book, "xl/worksheets/sheet1.xml");
    // `<col min="2" max="3" width="12.7"/>`: columns alike are given together.
    let attribute = |col: &str, name: &str| -> f64 {
        let v = col.split(&format!("{name}=\"")).nth(1).unwrap();
        v[..v.find('"').unwrap()].parse().unwrap()
    };
    let widths: Vec<f64> = xml
        .split("<col ")
        .skip(1)
        .flat_map(|col| {
            let (min, max) = (attribute(col, "min"), attribute(col, "max"));
            std::iter::repeat_n(attribute(col, "width"), (max - min) as usize + 1)
        })
        .collect();
    assert_eq!(widths.len(), ACTIVITY_COLUMNS.len());
    // rust_xlsxwriter adds the cell padding to the width asked for.
    let description = widths[7];
    assert!((61.0..63.0).contains(&description), "capped: {widths:?}");
    let status = widths[8];
    assert!(
        (10.0..13.0).contains(&status),
        "header plus filter: {widths:?}"
    );
}

#[test]
fn two_writes_are_byte_identical_and_dated_as_told() {
    let a = activities();
    assert_eq!(
        written(&a, &[], &WorkbookOptions::default()),
        written(&a, &[], &WorkbookOptions::default())
    );
    let core = part(
        &written(&a, &[], &WorkbookOptions::default()),
        "docProps/core.xml",
    );
    assert!(core.contains(">2000-01-01T00:00:00Z<"), "{core}");
    let options = WorkbookOptions {
        created: Some(1_735_689_600),
        ..WorkbookOptions::default()
    };
    let core = part(&written(&a, &[], &options), "docProps/core.xml");
    assert!(core.contains(">2025-01-01T00:00:00Z<"), "{core}");
    let too_late = WorkbookOptions {
        created: Some(i64::MAX),
        ..WorkbookOptions::default()
    };
    assert!(write(Vec::new(), &a, &[], &too_late).is_err());
}

#[test]
fn a_long_table_continues_on_numbered_sheets_each_with_its_header() {
    let a: Vec<Activity> = (0..7)
        .map(|i| Activity::example(&i.to_string(), "s"))
        .collect();
    let options = WorkbookOptions {
        sheet_rows: 4,
        ..WorkbookOptions::default()
    };
    let mut out = Vec::new();
    let done = write(&mut out, &a, &[], &options).unwrap();
    assert_eq!(
        done.activity_sheets,
        ["Activities", "Activities (2)", "Activities (3)"]
    );
    let ids: Vec<Vec<String>> = done
        .activity_sheets
        .iter()
        .map(|s| cells(&out, s).into_iter().map(|r| r[0].clone()).collect())
        .collect();
    assert_eq!(
        ids,
        [
            vec!["id", "a0", "a1", "a2"],
            vec!["id", "a3", "a4", "a5"],
            vec!["id", "a6"]
        ]
    );
    let empty = write(Vec::new(), &[], &[], &options).unwrap();
    assert_eq!(empty.activity_sheets, ["Activities"], "a header at least");
    let rejects = TextSheet {
        name: "Rejects",
        columns: &["row"],
        numbers: &[],
        rows: (1..=4).map(|i| vec![i.to_string()]).collect(),
    };
    let book = written(&[], &[rejects], &options);
    assert_eq!(cells(&book, "Rejects"), [["row"], ["1"], ["2"], ["3"]]);
    assert_eq!(cells(&book, "Rejects (2)"), [["row"], ["4"]]);
}

#[test]
fn text_sheets_follow_in_order_with_whole_numbers_as_numbers() {
    let sheets = [
        TextSheet {
            name: "To review",
            columns: &["name", "count", "places"],
            numbers: &["count"],
            rows: vec![
                vec!["=evil".into(), "12".into(), "007".into()],
                vec!["Acme".into(), "1.5".into(), String::new()],
            ],
        },
        TextSheet {
            name: "Rejects",
            columns: &["file", "row"],
            numbers: &["row"],
            rows: vec![],
        },
    ];
    let book = written(&activities(), &sheets, &WorkbookOptions::default());
    let mut xlsx = Xlsx::new(Cursor::new(&book[..])).unwrap();
    assert_eq!(xlsx.sheet_names(), ["Activities", "To review", "Rejects"]);
    let review = xlsx.worksheet_range("To review").unwrap();
    assert_eq!(review.get((1, 0)), Some(&Data::String("'=evil".into())));
    assert_eq!(review.get((1, 1)), Some(&Data::Float(12.0)));
    assert_eq!(
        review.get((1, 2)),
        Some(&Data::String("007".into())),
        "not a count column"
    );
    assert_eq!(
        review.get((2, 1)),
        Some(&Data::String("1.5".into())),
        "not whole"
    );
    assert_eq!(cells(&book, "Rejects"), [["file", "row"]]);
    let xml = part(&book, "xl/worksheets/sheet2.xml");
    assert!(xml.contains(r#"state="frozen""#) && xml.contains(r#"<autoFilter ref="A1:C3"/>"#));
}

#[test]
fn a_text_longer_than_a_cell_is_cut_with_a_warning() {
    let mut a = activities();
    // Two UTF-16 units each: the cut falls between characters.
    a[1].description = Some("😀".repeat(20_000).into());
    let mut out = Vec::new();
    let done = write(&mut out, &a, &[], &WorkbookOptions::default()).unwrap();
    assert_eq!(done.warnings.len(), 1);
    assert_eq!(
        done.warnings[0].to_string(),
        "activities.xlsx [Activities]!H3 (description): a text of 20000 characters cut to \
         the 32,767 a workbook cell holds; activities.csv and activities.json hold it whole"
    );
    let cut = &cells(&out, ACTIVITIES_SHEET)[2][7];
    assert_eq!(cut.chars().count(), 16_383);
    assert_eq!(cut_to_cell("abc"), "abc");
}

#[test]
fn every_part_of_the_zip_carries_the_same_fixed_time() {
    let book = written(&activities(), &[], &WorkbookOptions::default());
    let mut zip = zip::ZipArchive::new(Cursor::new(&book[..])).unwrap();
    let times: BTreeMap<String, _> = (0..zip.len())
        .map(|i| {
            let f = zip.by_index(i).unwrap();
            (f.name().unwrap().into_owned(), f.last_modified())
        })
        .collect();
    let first = *times.values().next().unwrap();
    assert!(times.values().all(|t| *t == first), "{times:?}");
    assert_eq!(first.map(|t| t.year()), Some(1980));
}
