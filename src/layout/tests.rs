use std::sync::Arc;

use proptest::prelude::*;

use super::header::{cell_field, judge_cell, may_open_header, HEADER_FIRST_WORDS};
use super::record::is_ditto;
use super::*;
use crate::model::{CellRange, CellValue, Field, RawField, SheetShape, SourceCell};
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
        shape: SheetShape::default(),
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

/// `sheet`, with merged regions ("A2:A4") and hidden rows.
fn shaped(rows: &[&[&str]], merged: &[&str], hidden: &[u32]) -> RawSheet {
    let mut s = sheet(rows);
    s.shape.merged = merged.iter().map(|r| range(r)).collect();
    s.shape.hidden_rows = hidden.to_vec();
    s
}

fn range(text: &str) -> CellRange {
    let cell = |a1: &str| {
        let digits = a1.find(|c: char| c.is_ascii_digit()).unwrap();
        let col = a1.as_bytes()[0] - b'A';
        SourceCell {
            row: a1[digits..].parse().unwrap(),
            col: u32::from(col),
        }
    };
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    CellRange {
        first: cell(a),
        last: cell(b),
    }
}

fn kinds(l: &SheetLayout) -> Vec<String> {
    l.warnings
        .iter()
        .map(|w| format!("{}: {}", w.place, w.kind.code()))
        .collect()
}

#[test]
fn a_word_table_pasted_into_excel_gives_one_record_per_merged_block() {
    // Each paragraph of the Companies cell on a row of its own, the record's other
    // cells merged over those rows.
    let s = shaped(
        &[
            H2017,
            &["CDCT", "Roundtable", "18/01/2018", "Google", "Info"],
            &["", "", "", "Microsoft", ""],
            &["", "", "", "Non-partner: Tech Against Terrorism", ""],
            &["GRETA", "Study", "2019", "Apple", "Text"],
        ],
        &["A2:A4", "B2:B4", "C2:C4", "E2:E4"],
        &[],
    );
    let l = tables(&s);
    assert_eq!(l.records.len(), 2, "{:#?}", l.records);
    assert_eq!(l.records[0].rows, vec![2, 3, 4]);
    assert_eq!(
        l.records[0].text(Field::Companies),
        "Google\nMicrosoft\nNon-partner: Tech Against Terrorism"
    );
    assert_eq!(l.records[0].text(Field::Activity), "Roundtable");
    assert_eq!(l.records[1].text(Field::Activity), "Study");
    assert_eq!(l.counts.joined_rows, 2);
    assert!(l.counts.balanced());
    assert!(l.warnings.is_empty(), "{:?}", kinds(&l));
}

#[test]
fn a_value_merged_over_two_records_belongs_to_both() {
    let s = shaped(
        &[
            H2017,
            &["CDCT", "1st meeting", "6-7/03/2018", "Google", ""],
            &["CDCT", "2nd meeting", "", "Microsoft", ""],
            &["PACE", "Hearing", "2019", "Apple", ""],
        ],
        &["C2:C3"],
        &[],
    );
    let l = tables(&s);
    assert_eq!(l.records.len(), 3);
    let date = l.records[1].field(Field::Date).unwrap();
    assert_eq!(date.text, "6-7/03/2018");
    assert_eq!(
        date.cells().collect::<Vec<_>>(),
        [SourceCell { row: 2, col: 2 }]
    );
    assert_eq!(l.records[1].rows, vec![3]);
    assert_eq!(l.records[2].text(Field::Date), "2019");
    assert_eq!(kinds(&l), ["t.xlsx [Sheet1]!C2: merged-over-records"]);
    assert!(
        l.warnings[0].to_string().contains("rows 2 and 3"),
        "{}",
        l.warnings[0]
    );
}

#[test]
fn a_title_of_its_own_inside_a_record_s_merged_cells_is_joined_with_a_warning() {
    // The title took two paragraphs; the other cells are merged over both rows.
    let s = shaped(
        &[
            H2017,
            &[
                "CDCT",
                "Expert Committee on Freedom of",
                "2020",
                "Google",
                "Text",
            ],
            &[
                "",
                "Expression and Digital Technologies",
                "",
                "Microsoft",
                "",
            ],
        ],
        &["A2:A3", "C2:C3", "E2:E3"],
        &[],
    );
    let l = tables(&s);
    assert_eq!(l.records.len(), 1);
    assert_eq!(
        l.records[0].text(Field::Activity),
        "Expert Committee on Freedom of\nExpression and Digital Technologies"
    );
    assert_eq!(
        kinds(&l),
        ["t.xlsx [Sheet1]!B3 (Activity): joined-inside-merge"]
    );
    assert!(
        l.warnings[0].to_string().contains("A2:A3, C2:C3, E2:E3"),
        "{}",
        l.warnings[0]
    );
}

#[test]
fn a_header_over_two_rows_is_joined_also_where_it_repeats() {
    let s = sheet(&[
        &["Workplan 2020+"],
        &[
            "Topic",
            "Sector",
            "Activity",
            "Date",
            "Companies/",
            "Contact",
        ],
        &["", "", "", "", "associations involved", "point(s)"],
        &["AI", "CAHAI", "Consultation", "2020", "All", "a@coe.int"],
        &["", "", "", "", "", "b@coe.int"],
        &[
            "Topic",
            "Sector",
            "Activity",
            "Date",
            "Companies/",
            "Contact",
        ],
        &["", "", "", "", "associations involved", "point(s)"],
        &["", "", "", "", "", "c@coe.int"],
        &[
            "Children's rights in the",
            "CDENF",
            "Hearing",
            "2021",
            "TBD",
            "d@coe.int",
        ],
    ]);
    let l = tables(&s);
    assert_eq!(l.records.len(), 2, "{:#?}", l.records);
    assert_eq!(l.counts.header_rows, 4);
    assert_eq!(l.counts.joined_rows, 2);
    assert!(l.counts.balanced());
    assert_eq!(l.records[0].rows, vec![4, 5, 8]);
    assert_eq!(
        l.records[0].text(Field::Contact),
        "a@coe.int\nb@coe.int\nc@coe.int"
    );
    assert_eq!(
        l.records[0].headers_of(Field::Companies).as_deref(),
        Some("Companies/associations involved")
    );
    assert_eq!(
        l.records[0].location(Field::Contact).to_string(),
        "t.xlsx [Sheet1]!F4 (Contact point(s))"
    );
    assert!(l.warnings.is_empty(), "{:?}", kinds(&l));
}

#[test]
fn a_header_whose_first_row_alone_is_no_header_is_found_joined() {
    let s = sheet(&[
        &["Companies/", "", "Contact"],
        &["associations", "Activity", "point", "Sector"],
        &["Google", "Study", "a@coe.int", "CDCT"],
    ]);
    let l = tables(&s);
    assert_eq!(l.counts.header_rows, 2);
    assert_eq!(l.records.len(), 1);
    assert_eq!(l.records[0].text(Field::Companies), "Google");
    assert_eq!(l.records[0].text(Field::Contact), "a@coe.int");
}

#[test]
fn totals_sources_and_untitled_rows_are_no_silent_activities() {
    let s = sheet(&[
        &[
            "Secteur",
            "Activité",
            "Date",
            "Entreprises/associations",
            "Budget (€)",
        ],
        &["CDCT", "Session", "2019", "Google", "12 500,50"],
        &["", "", "", "Microsoft", ""],
        &["", "", "2020", "Apple", ""],
        &["GRETA", "Étude", "2020", "TBD", "25 000,50"],
        &["Total", "", "", "", "37 501,00"],
        &["Source : Secrétariat du Conseil de l'Europe, mars 2019"],
        &["", "", "", "", "note in the budget column"],
    ]);
    let l = tables(&s);
    assert_eq!(l.records.len(), 3, "{:#?}", l.records);
    assert!(l.counts.balanced());
    // A second line of partners, without a title: joined, with a warning.
    assert_eq!(l.records[0].rows, vec![2, 3]);
    assert_eq!(l.records[0].text(Field::Companies), "Google\nMicrosoft");
    // A date and partners without a title: kept, with a warning.
    assert_eq!(l.records[1].text(Field::Activity), "");
    assert_eq!(l.records[1].text(Field::Sector), "CDCT");
    let reasons: Vec<(u32, &str)> = l
        .rejects
        .iter()
        .map(|r| (r.row, r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (6, "a totals row, not an activity"),
            (7, "a source line, not an activity"),
            (
                8,
                "no value in any known column (only in columns without a known header)"
            ),
        ]
    );
    assert_eq!(
        kinds(&l),
        [
            "t.xlsx [Sheet1]!D3 (Entreprises/associations): joined-without-title",
            "t.xlsx [Sheet1]!B4 (Activité): record-without-title",
        ]
    );
}

#[test]
fn hidden_rows_and_sheets_are_read_and_noted() {
    let mut s = shaped(
        &[
            H2017,
            &["CDCT", "A", "2019", "Google", ""],
            &["CDCT", "B", "2019", "Google", ""],
            &["CDCT", "C", "2019", "Google", ""],
            &[],
            &["CDCT", "D", "2019", "Google", ""],
        ],
        &[],
        &[3, 4, 5, 6],
    );
    s.shape.hidden = true;
    let l = tables(&s);
    assert_eq!(l.records.len(), 4);
    assert_eq!(
        kinds(&l),
        [
            "t.xlsx [Sheet1]: hidden-sheet",
            "t.xlsx [Sheet1] row 3: hidden-rows",
        ]
    );
    assert!(
        l.warnings[1].to_string().contains("rows 3-6 are hidden"),
        "{}",
        l.warnings[1]
    );
    let one = tables(&shaped(
        &[H2017, &["CDCT", "A", "2019", "Google", ""]],
        &[],
        &[2],
    ));
    assert!(
        one.warnings[0]
            .to_string()
            .contains("row 2: the row is hidden"),
        "{}",
        one.warnings[0]
    );
}

#[test]
fn merged_values_reach_records_handed_on_in_another_batch() {
    let s = shaped(
        &[
            H2017,
            &["CDCT", "A", "2019", "Google", ""],
            &["", "B", "", "Google", ""],
            &["", "C", "", "Google", ""],
        ],
        &["A2:A4", "C2:C4"],
        &[],
    );
    let whole = into_tables(s.clone());
    assert_eq!(whole.records.len(), 3);
    assert!(whole.records.iter().all(|r| r.text(Field::Date) == "2019"));
    let mut batches = Vec::new();
    let by = into_tables_by(s, 1, &mut |b| batches.push(b));
    let records: Vec<_> = batches.into_iter().flatten().collect();
    assert_eq!(records, whole.records);
    assert_eq!(by.warnings, whole.warnings);
}
