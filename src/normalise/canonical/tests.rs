//! A canonical table corrected by hand; the round trips through the writers are in
//! `report::workbook`'s tests (the report stage sits above this one).

use chrono::NaiveDate;

use crate::model::Status;
use crate::normalise::{DateContexts, Normalised, Normaliser};
use crate::registry::PartnerRegistry;

fn registry() -> PartnerRegistry {
    crate::registry::shipped()
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
        .map(|r| normaliser.activity(r, &DateContexts::default()))
        .collect()
}
