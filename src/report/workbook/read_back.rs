//! The canonical table written (`activities.csv`, `activities.xlsx`) and read back as
//! any input is: every value comes back, the source naming the table's own row.

use chrono::NaiveDate;

use std::sync::Arc;

use crate::diagnostic::Kind;
use crate::model::{Activity, DateSpan, Precision, Source, Status};
use crate::normalise::{content_id, DateContexts, Normalised, Normaliser};
use crate::registry::PartnerRegistry;
use crate::report::canonical::write_activities_csv;
use crate::report::workbook::{self, WorkbookOptions};

fn registry() -> PartnerRegistry {
    crate::registry::shipped()
}

/// Activities holding every kind of value a cell of the table may hold.
fn activities() -> Vec<Activity> {
    let mut a = Activity::example("plain", "Data protection");
    a.workplan = Some("2020+".into());
    a.category = Some("Studies".into());
    a.topic = Some("Télécoms, \"ÉTÉ\"".into());
    a.domain = Some("-5".into());
    a.date = DateSpan {
        text: "6-7/03/2018".into(),
        start: NaiveDate::from_ymd_opt(2018, 3, 6),
        end: NaiveDate::from_ymd_opt(2018, 3, 7),
        precision: Some(Precision::Day),
        tentative: false,
    };
    a.partners = Box::from([Arc::from("Google"), Arc::from("Microsoft")]);
    a.contacts = Box::from([Arc::from("a.b@coe.int"), Arc::from("c@coe.int")]);
    a.notes = Box::from([Arc::from("one"), Arc::from("two")]);
    let mut b = Activity::example("=HYPERLINK(\"http://x\",\"y\")", "'=already quoted");
    b.description = Some("CANCELLED. Said \"yes\" & <no>\nthen _x000D_ and \u{1}, -".into());
    b.status = Status::Cancelled;
    b.date = DateSpan {
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
    b.extra.insert("=x".into(), "-y".into());
    // Before 1900: no sheet holds it as a date.
    let mut c = Activity::example("far dates", "x");
    c.date = DateSpan {
        text: "1850".into(),
        start: NaiveDate::from_ymd_opt(1850, 1, 1),
        end: NaiveDate::from_ymd_opt(1850, 12, 31),
        precision: Some(Precision::Year),
        tentative: false,
    };
    let mut d = Activity::example("undated", "x");
    d.date = DateSpan::unreadable("Spring-ish 2020");
    d.activity = None;
    d.sector = None;
    let mut all = vec![a, b, c, d];
    for a in &mut all {
        a.id = content_id(a);
    }
    all
}

/// The activities of a file of the canonical table, read as any input is.
fn read_back(display: &str, bytes: Vec<u8>) -> Vec<Normalised> {
    let registry = registry();
    let mut normaliser = Normaliser::new(&registry);
    let file = crate::import::read_bytes(display, bytes).expect("readable");
    let mut out = Vec::new();
    for sheet in file.sheets {
        let laid = crate::layout::tables(&sheet);
        assert!(laid.rejects.is_empty(), "{:?}", laid.rejects);
        assert!(laid.counts.balanced());
        out.extend(
            laid.records
                .iter()
                .map(|r| normaliser.activity(r, &DateContexts::default())),
        );
    }
    out
}

/// `a` with its source set aside: every other value must come back.
fn values(a: &Activity) -> Activity {
    let mut a = a.clone();
    a.source = Source {
        file: "".into(),
        sheet: None,
        rows: Vec::new(),
    };
    a
}

fn assert_same_activities(read: &[Normalised], written: &[Activity]) {
    assert_eq!(read.len(), written.len());
    for (n, a) in read.iter().zip(written) {
        assert_eq!(values(&n.activity), values(a));
        assert!(n.warnings.is_empty(), "{:?}", n.warnings);
    }
}

#[test]
fn activities_csv_read_back_gives_every_value_it_was_written_with() {
    let written = activities();
    let mut csv = Vec::new();
    write_activities_csv(&mut csv, &written, true).unwrap();
    let read = read_back("activities.csv", csv);
    assert_same_activities(&read, &written);
    let source = &read[1].activity.source;
    assert_eq!(
        (&*source.file, source.sheet.as_deref()),
        ("activities.csv", None)
    );
    assert_eq!(source.rows, [3], "the table's own row");
    let review: Vec<_> = read.iter().flat_map(|n| &n.review).collect();
    assert_eq!(review.len(), 2, "the unmatched names, to review again");
}

#[test]
fn activities_xlsx_read_back_gives_every_value_it_was_written_with() {
    let written = activities();
    let mut book = Vec::new();
    let companion = workbook::TextSheet {
        name: "Rejects",
        columns: &["file", "row"],
        numbers: &["row"],
        rows: vec![vec!["x.csv".into(), "3".into()]],
    };
    workbook::write(
        &mut book,
        &written,
        &[companion],
        &WorkbookOptions::default(),
    )
    .unwrap();
    let read = read_back("activities.xlsx", book.clone());
    assert_same_activities(&read, &written);
    let source = &read[0].activity.source;
    assert_eq!(source.sheet.as_deref(), Some("Activities"));
    assert_eq!(source.rows, [2]);
    let file = crate::import::read_bytes("activities.xlsx", book).unwrap();
    assert_eq!(file.sheets.len(), 1, "the companion sheet is passed over");
    assert_eq!(file.diagnostics[0].kind, Kind::CompanionSheetSkipped);
}

#[test]
fn a_table_continued_on_numbered_sheets_is_read_whole() {
    let written = activities();
    let options = WorkbookOptions {
        sheet_rows: 3,
        ..WorkbookOptions::default()
    };
    let mut book = Vec::new();
    workbook::write(&mut book, &written, &[], &options).unwrap();
    let read = read_back("activities.xlsx", book);
    assert_same_activities(&read, &written);
    assert_eq!(
        read[3].activity.source.sheet.as_deref(),
        Some("Activities (2)")
    );
}
