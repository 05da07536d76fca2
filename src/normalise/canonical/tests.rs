use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::model::Status;
use crate::normalise::Normaliser;
use crate::registry::PartnerRegistry;
use crate::report::canonical::write_activities_csv;
use crate::report::workbook::{self, WorkbookOptions};

fn registry() -> PartnerRegistry {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/partners.toml");
    PartnerRegistry::load(&path).expect("the shipped registry")
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
        out.extend(laid.records.iter().map(|r| normaliser.activity(r)));
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

/// A canonical CSV table written by hand: its columns in another order, an extra
/// column, the header repeated, a row holding only an extra value.
const BY_HAND: &str = "\
notes,extra,contacts,unmatched,other_organisations,all_partners,partners,date_tentative,date_precision,date_end,date_start,date_text,status,description,activity,domain,sector,topic,category,workplan,Comment
,,,,,false,Google,,,,,2019 (tbc),planned,,Talk,,Education,,,,checked
notes,extra,contacts,unmatched,other_organisations,all_partners,partners,date_tentative,date_precision,date_end,date_start,date_text,status,description,activity,domain,sector,topic,category,workplan,Comment
,,,,,,,,,,,,,,,,,,,,orphan
,{\"Room\":\"B\"},,,,TRUE,,false,day,2020-03-07,2020-03-06,6-7/03/2020,maybe,,Meeting,,,,,,
,not json,,,,yes,,,week,someday,2020-03-06,2021,cancelled,,Late,,,,,,
";

#[test]
fn a_table_corrected_by_hand_is_read_as_corrected_with_warnings_for_what_is_not_read() {
    let read = read_back_lenient(BY_HAND);
    assert_eq!(read.len(), 3);
    // Blank date cells: the date is read from date_text.
    let talk = &read[0].activity;
    assert_eq!(talk.date.start, NaiveDate::from_ymd_opt(2019, 1, 1));
    assert!(talk.date.tentative);
    assert!(
        talk.notes[0].starts_with("date read from date_text"),
        "{:?}",
        talk.notes
    );
    assert_eq!(
        talk.extra.get("Comment").map(String::as_str),
        Some("checked")
    );
    assert!(read[0].warnings.is_empty());
    // A status that is not one is told from the texts, with a warning.
    let meeting = &read[1];
    assert_eq!(meeting.activity.status, Status::Planned);
    assert!(meeting.activity.all_partners, "TRUE");
    assert_eq!(
        meeting.activity.extra.get("Room").map(String::as_str),
        Some("B")
    );
    let codes: Vec<&str> = meeting.warnings.iter().map(|w| w.kind.code()).collect();
    assert_eq!(codes, ["canonical-value-unreadable"]);
    assert_eq!(
        meeting.warnings[0].to_string(),
        "by-hand.csv!M5 (status): cannot read \"maybe\" as planned or cancelled; told from \
         the description, activity and date_text"
    );
    let late = &read[2];
    let codes: Vec<&str> = late.warnings.iter().map(|w| w.kind.code()).collect();
    assert_eq!(
        codes,
        [
            "canonical-value-unreadable",
            "canonical-value-unreadable",
            "canonical-date-disagrees",
            "canonical-value-unreadable",
            "canonical-value-unreadable"
        ],
        "{:#?}",
        late.warnings
    );
    assert_eq!(late.activity.status, Status::Cancelled);
    assert_eq!(
        late.activity.date.start,
        NaiveDate::from_ymd_opt(2020, 3, 6)
    );
    assert_eq!(late.activity.date.end, None);
    assert_eq!(
        late.activity.extra.get("extra").map(String::as_str),
        Some("not json")
    );
}

/// The records of a CSV file, rejected rows allowed.
fn read_back_lenient(csv: &str) -> Vec<Normalised> {
    let registry = registry();
    let mut normaliser = Normaliser::new(&registry);
    let file = crate::import::read_bytes("by-hand.csv", csv.as_bytes().to_vec()).unwrap();
    let laid = crate::layout::tables(&file.sheets[0]);
    assert_eq!(laid.counts.header_rows, 2);
    assert_eq!(
        laid.counts.rejected_rows, 1,
        "the row holding only an extra value"
    );
    assert!(laid.counts.balanced());
    laid.records
        .iter()
        .map(|r| normaliser.activity(r))
        .collect()
}
