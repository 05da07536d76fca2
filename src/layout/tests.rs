use std::sync::Arc;

use proptest::prelude::*;

use super::header::{cell_field, judge_cell, may_open_header, HEADER_FIRST_WORDS};
use super::record::is_ditto;
use super::*;
use crate::model::{CellValue, Field, RawField, SourceCell};
use crate::text::key;

#[test]
fn a_needle_is_placed_in_the_cell_whose_part_holds_it() {
    let cell = |row| SourceCell { row, col: 6 };
    let mut f = RawField::new("alpha beta".into(), &CellValue::Empty, cell(4));
    assert_eq!(f.cell_of("beta"), Some(cell(4)));
    assert_eq!(f.cell_of("nowhere"), Some(cell(4)));
    f.extend("gamma", cell(5));
    f.extend("delta", cell(6));
    assert_eq!(f.text, "alpha beta\ngamma\ndelta");
    assert_eq!(f.cell_of("alpha"), Some(cell(4)));
    assert_eq!(f.cell_of("gamma"), Some(cell(5)));
    assert_eq!(f.cell_of("delta"), Some(cell(6)));
    assert_eq!(f.cell_of("nowhere"), Some(cell(4)));
    assert_eq!(f.cells().collect::<Vec<_>>(), [cell(4), cell(5), cell(6)]);
    assert_eq!(f.cell_count(), 3);
}

#[test]
fn a_typed_first_cell_is_kept_and_text_is_not_held_twice() {
    let cell = SourceCell { row: 2, col: 1 };
    let date = chrono::NaiveDate::from_ymd_opt(2020, 3, 6)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap();
    let typed = RawField::new("2020-03-06".into(), &CellValue::DateTime(date), cell);
    assert_eq!(typed.value(), &CellValue::DateTime(date));
    let text = RawField::new("6-7/03/2018".into(), &CellValue::Text("x".into()), cell);
    assert_eq!(text.value(), &CellValue::Empty);
}

#[test]
fn records_stay_small() {
    // A million-row sheet holds a million of these at once: 1,048 bytes each before
    // fields were made compact, 728 after.
    assert!(std::mem::size_of::<RawField>() <= 72);
    assert!(std::mem::size_of::<RawRecord>() <= 728);
}

#[test]
fn a_description_running_on_that_mentions_the_workplan_is_not_a_title() {
    // Regression: such a row was counted as a title and its text dropped.
    let sheet = sheet(&[
        &["Sector", "Activity", "Date", "Companies", "Description"],
        &["CDPPE", "Roadshow", "2020", "All", "Raising awareness"],
        &[
            "",
            "",
            "",
            "",
            "The workplan will further facilitate co-operation.",
        ],
        &["GRETA", "Study", "2021", "TBD", "Consultation"],
    ]);
    let l = tables(&sheet);
    assert_eq!(l.records.len(), 2);
    assert_eq!(l.records[0].rows, vec![2, 3]);
    assert!(l.records[0]
        .text(Field::Description)
        .ends_with("The workplan will further facilitate co-operation."));
    assert_eq!(l.counts.joined_rows, 1);
    assert_eq!(l.counts.heading_rows, 0);
}

#[test]
fn header_cells_are_told_by_their_words_not_their_length() {
    for (text, expected) in [
        ("Point of contact", Some(Field::Contact)),
        ("Secto r", Some(Field::Sector)),
        (
            "  Companies/associations\ninvolved ",
            Some(Field::Companies),
        ),
        ("Date(s)", Some(Field::Date)),
        ("Contact point(s)", Some(Field::Contact)),
        // Header words opening a sentence, short and long.
        ("Partners will be involved in the work", None),
        (
            "Partners will be fully involved in the work of the Ad hoc Committee on \
             Artificial Intelligence (CAHAI) as part of the multi-stakeholder consultations.",
            None,
        ),
        ("Development of Recommendation and Study", None),
        ("- Topic", Some(Field::Topic)),
        ("", None),
    ] {
        assert_eq!(cell_field(text), expected, "{text:?}");
    }
}

/// Texts on the edge of the quick look: header words split, cased, wrapped in
/// punctuation, with accents, invisible characters, "Al", digits first.
fn edge_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for word in HEADER_FIRST_WORDS.iter().map(|(w, _, _)| *w) {
        for cut in 1..word.len() {
            let (head, tail) = word.split_at(cut);
            texts.push(format!("{head} {tail} of contact"));
            texts.push(format!("{} {tail}", head.to_uppercase()));
            texts.push(format!("{head}\u{200B}{tail}"));
        }
        texts.push(format!("- ({word})"));
        texts.push(format!("{word}s and more"));
    }
    for text in [
        "Activit\u{e9}s",
        "ACTIVIT\u{c9}",
        "\u{c9}v\u{e9}nement",
        "Al as AI",
        "Al- driven",
        "12 Dates",
        "D ates",
        "Dat es",
        "Septemb er",
        "Secto r",
        "\u{FEFF}Sector",
        "Point of contact",
        "Person responsible (contact)",
        "  \t Date(s)",
        "",
        "---",
        "Whe n",
        "x- Activity",
        "Companies/associations involved",
        "Information society / data protection",
        "Multi-stakeholder consultation",
        "T-CY",
        "Co-secretaries of the CAHAI",
    ] {
        texts.push(text.to_owned());
    }
    texts
}

#[test]
fn cells_the_quick_look_sets_aside_are_no_headers() {
    for text in &edge_texts() {
        if !may_open_header(text) {
            assert_eq!(judge_cell(text), None, "{text:?}");
        }
        // The quick look only sets aside; it never decides a header.
        assert_eq!(cell_field(text), judge_cell(text), "{text:?}");
    }
    // What it is for: the values of records are set aside from their first bytes.
    for text in [
        "Information society / data protection",
        "Multi-stakeholder consultation",
        "Consultation about the feasibility and potential elements of a legal framework",
        "Google, Microsoft",
        "29/01/2019",
        "Vasileios.Giannias@coe. int",
        "CAHAI",
    ] {
        assert!(!may_open_header(text), "{text:?}");
    }
}

/// Fragments texts are made of: header words and their pieces, record words,
/// punctuation, accents and invisible characters.
fn fragment() -> impl Strategy<Value = String> {
    let mut pieces: Vec<String> = HEADER_FIRST_WORDS
        .iter()
        .flat_map(|(w, _, _)| {
            let (head, tail) = w.split_at(w.len() / 2);
            [
                w.to_string(),
                w.to_uppercase(),
                head.to_owned(),
                tail.to_owned(),
            ]
        })
        .collect();
    for p in [
        " ",
        "  ",
        "\n",
        "\t",
        "-",
        "/",
        "(",
        ")",
        "s",
        "Al",
        "AI",
        "of",
        "and",
        "CDCT",
        "Google",
        "2020",
        "12",
        "\u{e9}",
        "\u{c9}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{A0}",
        "er",
        "Septemb",
        "Strasbour",
        "g",
        "@",
        ".",
        ",",
        ":",
        "\"",
        "é",
        "ü",
    ] {
        pieces.push(p.to_owned());
    }
    prop::sample::select(pieces)
}

proptest! {
    #[test]
    fn the_quick_look_agrees_with_the_full_judgement(
        parts in prop::collection::vec(fragment(), 0..24),
        any_text in "\\PC{0,30}",
    ) {
        for text in [parts.concat(), parts.join(" "), any_text] {
            prop_assert_eq!(cell_field(&text), judge_cell(&text), "{:?}", text);
        }
    }
}

/// A sheet from rows of cells; "" is an empty cell, a row of no cells is blank.
fn sheet(rows: &[&[&str]]) -> RawSheet {
    let mut out = Vec::new();
    for (i, cells) in rows.iter().enumerate() {
        let cells: Vec<CellValue> = cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(Arc::from(*c))
                }
            })
            .collect();
        if cells.iter().any(|c| !c.is_blank()) {
            out.push(RawRow {
                number: i as u32 + 1,
                cells,
            });
        }
    }
    RawSheet {
        file: "t.xlsx".into(),
        sheet: Some("Sheet1".into()),
        rows: out,
        row_count: rows.len() as u32,
        rejected: Vec::new(),
    }
}

#[test]
fn a_row_with_an_address_is_data_even_when_it_starts_with_header_words() {
    let found = tables(&sheet(&[
        &[
            "Topic",
            "Sector",
            "Activity",
            "Date",
            "Companies",
            "Contact point",
        ],
        &["AI", "CAHAI", "Consultation", "2020", "All", "a@coe.int"],
        &[
            "Topic: data",
            "Sector x",
            "Event on AI",
            "2021",
            "Google",
            "b@coe.int",
        ],
    ]));
    assert_eq!(found.counts.header_rows, 1);
    assert_eq!(found.records.len(), 2);
    assert_eq!(found.records[1].text(Field::Activity), "Event on AI");
}

const H2017: &[&str] = &[
    "Sector",
    "Activity",
    "Date",
    "Companies/association",
    "Description",
];

#[test]
fn header_names_and_variants_are_recognised() {
    let cases = [
        ("Companies / associations involved", Some(Field::Companies)),
        ("Companies/association", Some(Field::Companies)),
        ("Entreprises/associations", Some(Field::Companies)),
        ("Date(s)", Some(Field::Date)),
        ("Contact points", Some(Field::Contact)),
        ("Point de contact", Some(Field::Contact)),
        ("Thème", Some(Field::Topic)),
        ("Secteur", Some(Field::Sector)),
        ("Activité", Some(Field::Activity)),
        ("Domaine", Some(Field::Domain)),
        ("Topics", Some(Field::Topic)),
        ("Budget", None),
        (
            "Sector of the activity that was organised by the Council of Europe",
            None,
        ),
    ];
    for (header, expected) in cases {
        assert_eq!(Field::from_header(&key(header)), expected, "{header}");
    }
}

#[test]
fn workplan_labels_come_from_titles_and_file_names() {
    assert_eq!(workplan_label("Workplan 2020+").as_deref(), Some("2020+"));
    assert_eq!(
        workplan_label("Workplan 2017-2019").as_deref(),
        Some("2017-2019")
    );
    assert_eq!(
        workplan_label("workplan-2017-2019").as_deref(),
        Some("2017-2019")
    );
    assert_eq!(
        workplan_label("Workplan 2017 – 2019").as_deref(),
        Some("2017-2019")
    );
    assert_eq!(workplan_label("Workplan 2021").as_deref(), Some("2021"));
    assert_eq!(workplan_label("Workplan"), None);
    assert_eq!(workplan_label("Workplan 12345"), None);
}

#[test]
fn titles_headings_and_tables_are_found() {
    let s = sheet(&[
        &["Workplan 2017-2019"],
        &[],
        &["Binding standard settings"],
        H2017,
        &[
            "Information society / data protection",
            "Presentation",
            "29/01/2019",
            "Google",
            "Text",
        ],
        &[
            "Information society / internet governance",
            "1st meeting",
            "6-7/03/2018",
            "Google",
            "",
        ],
        &["", "2nd meeting", "17-18/09/2018", "Google Microsoft", ""],
        &[],
        &["Studies"],
        &[" "],
        H2017,
        &["CDCT", "Thematic Session", "14/11/2018", "Google", "Long"],
    ]);
    let l = tables(&s);
    assert_eq!(l.records.len(), 4);
    assert!(l.rejects.is_empty());
    let c = l.counts;
    assert_eq!(
        (
            c.rows_read,
            c.record_rows,
            c.header_rows,
            c.heading_rows,
            c.blank_rows
        ),
        (12, 4, 2, 3, 3)
    );
    assert!(c.balanced());
    assert!(l
        .records
        .iter()
        .all(|r| r.workplan.as_deref() == Some("2017-2019")));
    assert_eq!(
        l.records[0].category.as_deref(),
        Some("Binding standard settings")
    );
    assert_eq!(l.records[3].category.as_deref(), Some("Studies"));
    // Same as above: the 2nd meeting takes the sector of the 1st, and says so.
    let second = l.records[2].field(Field::Sector).unwrap();
    assert_eq!(second.text, "Information society / internet governance");
    assert_eq!(second.filled_from, Some(6));
    assert_eq!(l.records[2].rows, vec![7]);
}

#[test]
fn records_handed_on_in_batches_are_the_records_found_whole() {
    // Fill-down reaching back over a batch boundary, "same as above", a
    // continuation row, a heading and a second table.
    let s = sheet(&[
        H2017,
        &["CDCT", "Study", "2018", "Google", "First"],
        &["", "Workshop", "2019", "Microsoft", "Second"],
        &["idem", "Panel", "2020", "Apple", "Third"],
        &["", "", "", "", "runs on"],
        &["", "Roadshow", "2021", "Cisco", "Fourth"],
        &["Studies"],
        H2017,
        &["", "Orphan", "2022", "Google", "No sector above"],
        &["PACE", "Hearing", "2023", "Google", "Sixth"],
        &["", "Visit", "2024", "Google", "Seventh"],
    ]);
    let whole = into_tables(s.clone());
    assert_eq!(whole.records.len(), 7);
    assert_eq!(whole.records[3].text(Field::Sector), "CDCT");
    assert_eq!(whole.records[4].text(Field::Sector), "");
    assert_eq!(whole.records[6].text(Field::Sector), "PACE");
    for batch in 1..=4 {
        let mut batches = Vec::new();
        let mut by = into_tables_by(s.clone(), batch, &mut |b| batches.push(b));
        assert!(by.records.is_empty());
        assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= batch));
        by.records = batches.into_iter().flatten().collect();
        assert_eq!(by.records, whole.records, "batches of {batch}");
        assert_eq!(by.rejects, whole.rejects);
        assert_eq!(by.warnings, whole.warnings);
        assert_eq!(format!("{:?}", by.counts), format!("{:?}", whole.counts));
    }
}

#[test]
fn fill_down_stops_at_a_new_table() {
    let s = sheet(&[
        &["Studies"],
        H2017,
        &["CDCT", "A", "2019", "Google", ""],
        &["Conferences / Roundtables"],
        H2017,
        &["", "B", "2019", "Google", ""],
    ]);
    let l = tables(&s);
    assert_eq!(l.records.len(), 2);
    assert!(l.records[1].field(Field::Sector).is_none());
    assert_eq!(
        l.records[1].category.as_deref(),
        Some("Conferences / Roundtables")
    );
}

#[test]
fn continuation_rows_join_also_across_a_repeated_header() {
    let h: &[&str] = &[
        "Topic",
        "Sector",
        "Domain",
        "Activity",
        "Date",
        "Companies/associations involved",
        "Description",
        "Contact point",
    ];
    let s = sheet(&[
        &["Workplan 2020+"],
        h,
        &[
            "AI",
            "PACE",
            "Politics",
            "Hearing",
            "January 2020 (tbc)",
            "TBD",
            "Experts",
            "Secretariat\nPavel.Chevtchenko@coe _int",
        ],
        h,
        &["", "", "", "", "", "", "", "Vasileios.Giannias@coe. int"],
        &[
            "Children with disabilities and their rights in the",
            "CDENF",
            "Children's rights",
            "Hearing",
            "2020- 2021",
            "TBD",
            "x",
            "y",
        ],
        h,
        &["digital environment"],
        &[
            "Cybercrime",
            "T-CY",
            "Cybercrime",
            "Consultations",
            "2020 (TBC)",
            "TBD",
            "z",
            "w",
        ],
    ]);
    let l = tables(&s);
    assert_eq!(l.records.len(), 3, "{:#?}", l.records);
    assert_eq!(l.records[0].rows, vec![3, 5]);
    assert_eq!(
        l.records[0].text(Field::Contact),
        "Secretariat\nPavel.Chevtchenko@coe _int\nVasileios.Giannias@coe. int"
    );
    let contact = l.records[0].field(Field::Contact).unwrap();
    assert_eq!(
        contact.cells().collect::<Vec<_>>(),
        vec![SourceCell { row: 3, col: 7 }, SourceCell { row: 5, col: 7 }]
    );
    assert_eq!(
        l.records[0]
            .location_of(Field::Contact, "Vasileios.Giannias@coe. int")
            .to_string(),
        "t.xlsx [Sheet1]!H5 (Contact point)"
    );
    assert_eq!(
        l.records[0]
            .location_of(Field::Contact, "Pavel")
            .to_string(),
        "t.xlsx [Sheet1]!H3 (Contact point)"
    );
    assert_eq!(
        l.records[1].text(Field::Topic),
        "Children with disabilities and their rights in the\ndigital environment"
    );
    assert_eq!(l.records[1].rows, vec![6, 8]);
    assert_eq!(l.counts.header_rows, 3);
    assert_eq!(l.counts.joined_rows, 2);
    assert!(l.counts.balanced());
    assert_eq!(l.records[2].workplan.as_deref(), Some("2020+"));
}

#[test]
fn a_blank_sector_record_with_a_date_is_a_record_not_a_continuation() {
    let s = sheet(&[
        H2017,
        &[
            "Education",
            "Roundtable meeting",
            "18/01/2018",
            "Google",
            "Info",
        ],
        &[
            "",
            "Online information meeting",
            "18/12/2018",
            "Apple",
            "Discussion",
        ],
        &["", "", "", "", "work in the field of AI."],
    ]);
    let l = tables(&s);
    assert_eq!(l.records.len(), 2);
    assert_eq!(l.records[1].text(Field::Sector), "Education");
    assert_eq!(
        l.records[1].text(Field::Description),
        "Discussion\nwork in the field of AI."
    );
}

#[test]
fn unknown_columns_are_kept_and_stray_cells_rejected() {
    let s = sheet(&[
        &["Sector", "Activity", "Date", "Budget", "Companies"],
        &["CDCT", "Session", "2019", "12000", "Google"],
        &["", "", "", "note in budget column"],
    ]);
    let l = tables(&s);
    assert_eq!(l.records.len(), 1);
    assert_eq!(
        extra_map(&l.records[0]).get("Budget").map(String::as_str),
        Some("12000")
    );
    assert_eq!(l.rejects.len(), 1);
    assert_eq!(l.rejects[0].row, 3);
    assert!(l.counts.balanced());
}

#[test]
fn a_sheet_without_header_is_rejected_row_by_row() {
    let s = sheet(&[&["name", "value"], &["a", "1"], &[], &["b", "2"]]);
    let l = tables(&s);
    assert!(l.records.is_empty());
    assert_eq!(l.rejects.len(), 3);
    assert_eq!(l.warnings.len(), 1);
    assert!(
        l.warnings[0].to_string().contains("t.xlsx [Sheet1]"),
        "{}",
        l.warnings[0]
    );
    assert_eq!(l.counts.blank_rows, 1);
    assert!(l.counts.balanced());
}

#[test]
fn a_sheet_named_after_a_category_sets_it() {
    let mut s = sheet(&[
        &[
            "Secteur",
            "Activité",
            "Date",
            "Entreprises/associations",
            "Description",
        ],
        &["CDCT", "Session", "2019", "Google", ""],
    ]);
    s.sheet = Some("Studies".into());
    let l = tables(&s);
    assert_eq!(l.records[0].category.as_deref(), Some("Studies"));
}

#[test]
fn ditto_marks_mean_same_as_above() {
    let s = sheet(&[
        H2017,
        &["CDCT", "A", "2019", "Google", ""],
        &["idem", "B", "2020", "Google", ""],
    ]);
    let l = tables(&s);
    assert_eq!(l.records[1].text(Field::Sector), "CDCT");
}

#[test]
fn dittos_are_told_by_their_key_or_a_mark() {
    for (text, ditto) in [
        ("same as above", true),
        ("Same  as above.", true),
        ("...SAME AS ABOVE!!!", true),
        ("(idem)", true),
        ("Ditto", true),
        ("see above", true),
        ("Id.", true),
        ("\"", true),
        ("''", true),
        ("\u{201D}", true),
        ("\u{3003}", true),
        ("idem\u{200B}", true),
        ("see above 1", false),
        ("same as abovee", false),
        ("same as above, see", false),
        ("s a m e a s a b o v e", false),
        ("Information society / data protection", false),
        ("CDCT", false),
        ("", false),
    ] {
        assert_eq!(is_ditto(text), ditto, "{text:?}");
    }
}
