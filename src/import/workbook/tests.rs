//! The workbook reader as a whole: files built here, read through [`super::read_within`]
//! (hostile ones refused with the right reason, odd ones read as a spreadsheet program
//! shows them, rows handed on in parts).

use std::io::Cursor;
use std::sync::Arc;

use crate::import::{ImportErrorKind, SheetSink};
use crate::model::{CellValue, RawRow, RejectedRow, SheetShape};

use super::archive::ZipLimits;
use super::cfb::CFB_SIGNATURE;
use super::testing::*;
use super::{read_within, Limits, LIMITS, MAX_TABLE_FOR_PARTS};

#[test]
fn reads_xlsx_sparsely_at_real_positions() {
    // Declares the whole grid and styles empty cells across it, like issue_174.
    let styled: String = (0..2000)
        .map(|c| format!(r#"<c r="{}3" s="1"/>"#, crate::model::column_letters(c)))
        .collect();
    let data = format!(
        r#"<row r="2"><c r="B2" t="inlineStr"><is><t>Sector</t></is></c><c r="D2"><v>3.5</v></c></row><row r="3">{styled}</row><row r="1048576"><c r="XFD1048576" t="b"><v>1</v></c></row>"#
    );
    let file = read_mem(&xlsx("A1:XFD1048576", &data, &[])).unwrap();
    let got = rows(&file);
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0],
        (
            2,
            vec![
                CellValue::Empty,
                text("Sector"),
                CellValue::Empty,
                CellValue::Number(3.5)
            ]
        )
    );
    assert_eq!(got[1].0, 1_048_576);
    assert_eq!(got[1].1.len(), 16_384);
    assert_eq!(got[1].1.last(), Some(&CellValue::Bool(true)));
    assert_eq!(file.sheets[0].row_count, 1_048_576);
    assert_eq!(file.sheets[0].sheet.as_deref(), Some("Plan"));
}

#[test]
fn refuses_a_shared_string_table_that_declares_more_than_it_holds() {
    let forged = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>"#;
    let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    let err =
        read_mem(&xlsx("A1", data, &[("xl/sharedStrings.xml", forged)])).expect_err("refused");
    assert!(
        matches!(&err, ImportErrorKind::Corrupt(m) if m.contains("declares 4000000000 strings")),
        "{err:?}"
    );
    // An honest table is read.
    let honest = forged.replace("4000000000", "1");
    let file = read_mem(&xlsx("A1", data, &[("xl/sharedStrings.xml", &honest)])).unwrap();
    assert!(file.sheets.iter().all(|s| s.rows.len() <= 1));
}

#[test]
fn cells_that_refer_to_one_shared_string_hold_one_text() {
    let table = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="3"><si><t>Education</t></si><si><t>Culture</t></si><si><t>Education</t></si></sst>"#;
    let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="inlineStr"><is><t>Education</t></is></c></row>"#;
    let file = read_mem(&xlsx("A1:C2", data, &[("xl/sharedStrings.xml", table)])).unwrap();
    let rows = &file.sheets[0].rows;
    let text = |row: usize, col: usize| match &rows[row].cells[col] {
        CellValue::Text(t) => Arc::clone(t),
        other => panic!("not text: {other:?}"),
    };
    assert_eq!(
        [text(0, 0), text(0, 1), text(1, 0), text(1, 1), text(1, 2)].map(|t| t.to_string()),
        [
            "Education",
            "Culture",
            "Education",
            "Education",
            "Education"
        ]
    );
    // One table entry, one string, however many cells refer to it...
    assert!(Arc::ptr_eq(&text(0, 0), &text(1, 0)));
    // ...and a different entry or an inline string is its own, even with equal text.
    assert!(!Arc::ptr_eq(&text(0, 0), &text(1, 1)));
    assert!(!Arc::ptr_eq(&text(0, 0), &text(1, 2)));
    assert!(!Arc::ptr_eq(&text(0, 0), &text(0, 1)));
}

#[test]
fn reads_xlsx_whose_cells_are_written_out_of_order() {
    // Some generators write rows, or cells within a row, in any order: the sheet is
    // then read a second time and sorted, and nothing is counted twice.
    let data = r#"<row r="3"><c r="B3"><v>3</v></c><c r="A3" t="inlineStr"><is><t>c</t></is></c></row><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c></row>"#;
    let file = read_mem(&xlsx("A1:B3", data, &[])).unwrap();
    assert_eq!(
        rows(&file),
        vec![
            (1, vec![text("a")]),
            (2, vec![text("b")]),
            (3, vec![text("c"), CellValue::Number(3.0)]),
        ]
    );
    assert_eq!(file.sheets[0].row_count, 3);
    assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
}

/// Sheet data of one number per row, rows `1..=n` (the value is the row's number).
fn numbered_rows(n: u32) -> String {
    (1..=n)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
        .collect()
}

#[test]
fn a_long_sheet_is_read_whole_and_read_again_when_its_last_cell_is_out_of_order() {
    // Every cell of a sheet of many parts arrives, in order...
    let n = 12_293;
    let in_order = read_mem(&xlsx(&format!("A1:A{n}"), &numbered_rows(n), &[])).unwrap();
    let got = rows(&in_order);
    assert_eq!(got.len(), n as usize);
    assert!(got
        .iter()
        .all(|(r, cells)| cells == &vec![CellValue::Number(f64::from(*r))]));
    // ...and a cell out of order at the very end stops the stream, which is then run
    // again for the sorted read: nothing is lost or counted twice.
    let late = format!(
        r#"{}<row r="1"><c r="B1"><v>0.5</v></c></row>"#,
        numbered_rows(n)
    );
    let sorted = read_mem(&xlsx(&format!("A1:B{n}"), &late, &[])).unwrap();
    let got = rows(&sorted);
    assert_eq!(got.len(), n as usize);
    assert_eq!(
        got[0],
        (1, vec![CellValue::Number(1.0), CellValue::Number(0.5)])
    );
    assert_eq!(
        got[n as usize - 1],
        (n, vec![CellValue::Number(f64::from(n))])
    );
    assert_eq!(sorted.sheets[0].row_count, n);
    assert!(sorted.diagnostics.is_empty(), "{:?}", sorted.diagnostics);
}

#[test]
fn calamine_failing_part_way_loses_the_sheet_with_its_error() {
    // calamine's error after thousands of cells ends the stream: the only sheet is
    // lost, so the file is refused as damaged, naming calamine's error.
    let n = 8192;
    let data = format!(
        r#"{}<row r="{}"><c r="A{}" t="s"><v>99</v></c></row>"#,
        numbered_rows(n),
        n + 1,
        n + 1
    );
    match read_mem(&xlsx(&format!("A1:A{}", n + 1), &data, &[])) {
        Err(ImportErrorKind::Corrupt(message)) => {
            assert!(message.contains("shared strings"), "{message}")
        }
        Err(other) => panic!("expected a damaged file, got {other}"),
        Ok(file) => panic!("expected a damaged file, read {} rows", rows(&file).len()),
    }
}

#[test]
fn refuses_hostile_or_foreign_containers() {
    let forged_sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000000"><si><t>a</t></si></sst>"#;
    let bomb_rows: String = (0..700)
        .map(|_| r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#)
        .collect();
    let hidden_bomb = format!(r#"<!-- ' -->{bomb_rows}<!-- ' -->"#);
    let dos = r#"<table:table-row table:number-rows-repeated="999999999"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="999999999"/></table:table-row>"#;
    let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        (
            "forged shared string count",
            xlsx("A1", "", &[("xl/sharedStrings.xml", forged_sst)]),
            |k| matches!(k, ImportErrorKind::Corrupt(m) if m.contains("shared string")),
        ),
        ("ods repeat bomb", ods(dos), |k| {
            matches!(k, ImportErrorKind::TooLarge(_))
        }),
        ("ods wide rows", ods(&bomb_rows), |k| {
            matches!(k, ImportErrorKind::TooLarge(_))
        }),
        (
            "ods rows between quotes in comments",
            ods(&hidden_bomb),
            |k| matches!(k, ImportErrorKind::TooLarge(_)),
        ),
        (
            "zip without a workbook",
            zip_of(&[("word/document.xml", "<w/>")]),
            |k| matches!(k, ImportErrorKind::NotATable(_)),
        ),
        (
            "opendocument text",
            zip_of(&[("mimetype", "application/vnd.oasis.opendocument.text")]),
            |k| matches!(k, ImportErrorKind::NotATable(_)),
        ),
        ("broken zip", b"PK\x03\x04garbage".to_vec(), |k| {
            matches!(k, ImportErrorKind::Corrupt(_))
        }),
        ("text", b"a,b\n".to_vec(), |k| {
            matches!(k, ImportErrorKind::NotATable(_))
        }),
    ];
    for (name, bytes, expected) in cases {
        match read_mem(&bytes) {
            Err(kind) => assert!(expected(&kind), "{name}: {kind}"),
            Ok(file) => panic!("{name}: read {} sheets", file.sheets.len()),
        }
    }
}

#[test]
fn reads_ods_with_repeats_as_libreoffice_writes_them() {
    let table = r#"<table:table-column table:number-columns-repeated="1024"/>
        <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
        <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>Topic</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2020-03-01"/><table:table-cell table:number-columns-repeated="1020"/></table:table-row>
        <table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let file = read_mem(&ods(table)).unwrap();
    assert_eq!(
        rows(&file),
        vec![(
            3,
            vec![
                CellValue::Empty,
                CellValue::Empty,
                text("Topic"),
                dt("2020-03-01T00:00:00")
            ]
        )]
    );
}

#[test]
fn reads_the_merged_cells_and_hidden_rows_of_ods() {
    let cell = |v: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let table = format!(
        r#"<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
        <table:table-row>{a}<table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string" table:number-rows-spanned="2" table:number-columns-spanned="2"><text:p>Merged</text:p></table:table-cell></table:table-row>
        <table:table-row table:visibility="collapse">{a}<table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
        <table:table-row table:visibility="filter" table:number-rows-repeated="2">{b}</table:table-row>
        <table:table-row table:visibility="visible">{b}</table:table-row>"#,
        a = cell("a"),
        b = cell("b"),
    );
    let file = read_mem(&ods(&table)).unwrap();
    let shape = &file.sheets[0].shape;
    let range = shape
        .merged
        .iter()
        .map(|r| ((r.first.row, r.first.col), (r.last.row, r.last.col)));
    assert_eq!(range.collect::<Vec<_>>(), [((3, 3), (4, 4))]);
    assert_eq!(shape.hidden_rows, [4, 5, 6]);
    let merged = rows(&file).into_iter().find(|(r, _)| *r == 3).unwrap();
    assert_eq!(merged.1[3], text("Merged"));
}

#[test]
fn reads_the_hidden_rows_of_xls() {
    // Row records (rw, columns, height, reserved, flags, xf): fDyZero (0x20) hides.
    let row = |rw: u16, flags: u16| {
        let mut data = rw.to_le_bytes().to_vec();
        data.extend_from_slice(&[0, 0, 3, 0, 0xFF, 0, 0, 0, 0, 0]);
        data.extend_from_slice(&flags.to_le_bytes());
        data.extend_from_slice(&0x0Fu16.to_le_bytes());
        biff(0x0208, &data)
    };
    let stream = xls_stream(
        &[],
        &[
            dimensions(0, 3, 3),
            row(0, 0x0100),
            row(2, 0x0120),
            row(1, 0x0140),
            number(0, 0, 1.0),
            number(1, 0, 2.0),
            number(2, 0, 3.0),
        ],
    );
    let file = read_mem(&cfb_file(&[("Workbook", stream)], &[])).unwrap();
    assert_eq!(file.sheets[0].shape.hidden_rows, [3]);
    assert_eq!(rows(&file).len(), 3);
}

#[test]
fn reads_xls_through_the_guard() {
    let stream = xls_stream(
        &[],
        &[dimensions(0, 2, 3), number(0, 0, 1.5), number(1, 2, 2.0)],
    );
    let file = read_mem(&cfb_file(&[("Workbook", stream)], &[])).unwrap();
    assert_eq!(file.sheets[0].sheet.as_deref(), Some("Plan"));
    assert_eq!(
        rows(&file),
        vec![
            (1, vec![CellValue::Number(1.5)]),
            (
                2,
                vec![CellValue::Empty, CellValue::Empty, CellValue::Number(2.0)]
            ),
        ]
    );
}

#[test]
fn refuses_hostile_compound_documents() {
    let wb = |records: &[Vec<u8>]| xls_stream(&[], records);
    let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        (
            "declared dimensions beyond an xls sheet",
            cfb_file(&[("Workbook", wb(&[dimensions(0, u32::MAX, 256)]))], &[]),
            |k| matches!(k, ImportErrorKind::TooLarge(_)),
        ),
        (
            "dimensions whose subtraction wraps",
            cfb_file(&[("Workbook", wb(&[dimensions(10, 5, 2)]))], &[]),
            |k| matches!(k, ImportErrorKind::TooLarge(_)),
        ),
        (
            "two cells spanning the grid",
            cfb_file(
                &[(
                    "Workbook",
                    wb(&[number(0, 0, 1.0), number(65535, 255, 1.0)]),
                )],
                &[],
            ),
            |k| matches!(k, ImportErrorKind::TooLarge(_)),
        ),
        (
            "encrypted xls",
            cfb_file(
                &[("Workbook", xls_stream(&biff(0x002F, &[1, 0, 1, 0]), &[]))],
                &[],
            ),
            |k| matches!(k, ImportErrorKind::XlsEncrypted),
        ),
        (
            "encrypted xlsx",
            cfb_file(
                &[("EncryptionInfo", vec![1]), ("EncryptedPackage", vec![1])],
                &[],
            ),
            |k| matches!(k, ImportErrorKind::PasswordProtected),
        ),
        (
            "word document",
            cfb_file(&[("WordDocument", vec![1])], &[]),
            |k| matches!(k, ImportErrorKind::NotATable(_)),
        ),
        (
            "cyclic directory chain",
            cfb_file(&[("Workbook", wb(&[]))], &[(1, 1)]),
            |k| matches!(k, ImportErrorKind::Corrupt(m) if m.contains("loops")),
        ),
        (
            "cyclic stream chain with a huge declared length",
            {
                let mut file = cfb_file(&[("Workbook", wb(&[]))], &[(3, 2)]);
                // The Workbook entry's length: 2 GiB.
                let at = 1024 + 128 + 120;
                file[at..at + 4].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
                file
            },
            |k| matches!(k, ImportErrorKind::Corrupt(m) if m.contains("loops")),
        ),
        ("truncated header", CFB_SIGNATURE.to_vec(), |k| {
            matches!(k, ImportErrorKind::Corrupt(_))
        }),
    ];
    for (name, bytes, expected) in cases {
        match read_mem(&bytes) {
            Err(kind) => assert!(expected(&kind), "{name}: {kind}"),
            Ok(file) => panic!("{name}: read {} sheets", file.sheets.len()),
        }
    }
}

#[test]
fn a_worksheet_that_inflates_too_far_refuses_the_file() {
    let rows: String = (1..=40_000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>"#))
        .collect();
    let bytes = xlsx("A1:A40000", &rows, &[]);
    let limits = |part, total| Limits {
        zip: ZipLimits { part, total },
        parts_table: MAX_TABLE_FOR_PARTS,
    };
    let err = read_limited(&bytes, limits(1 << 20, 8 << 20)).err();
    assert!(
        matches!(&err, Some(ImportErrorKind::TooLarge(m)) if m.contains("xl/worksheets/sheet1.xml")),
        "{err:?}"
    );
    // The total counts every member, the worksheet with the others.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
    let sheet = zip.by_name("xl/worksheets/sheet1.xml").unwrap().size();
    let all: u64 = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().size())
        .sum();
    assert!(sheet > 2 << 20 && all > sheet);
    let err = read_limited(&bytes, limits(8 << 20, all - 1)).err();
    assert!(
        matches!(&err, Some(ImportErrorKind::TooLarge(m)) if m.contains("the zip members")),
        "{err:?}"
    );
    assert!(read_limited(&bytes, limits(8 << 20, all)).is_ok());
    // Within the limits the same workbook is read whole.
    let file = read_limited(&bytes, limits(8 << 20, 8 << 20)).unwrap();
    assert_eq!(file.sheets[0].rows.len(), 40_000);
}

/// What a read hands on: a line per call, and the rows.
#[derive(Default)]
struct Handed {
    log: Vec<String>,
    rows: Vec<u32>,
}

impl SheetSink for Handed {
    fn begin(&mut self, _: &str, sheet: Option<&str>, _: SheetShape) {
        self.log.push(format!("begin {}", sheet.unwrap_or("-")));
    }
    fn rows(&mut self, rows: Vec<RawRow>) {
        self.log.push(format!("rows {}", rows.len()));
        self.rows.extend(rows.iter().map(|r| r.number));
    }
    fn end(&mut self, row_count: u32, _: Vec<RejectedRow>) {
        self.log.push(format!("end {row_count}"));
    }
    fn void(&mut self) {
        self.log.push("void".to_owned());
    }
}

fn inline_rows(rows: impl Iterator<Item = u32>) -> String {
    rows.map(|r| {
        format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>v{r}</t></is></c></row>"#)
    })
    .collect()
}

#[test]
fn a_worksheet_is_handed_on_in_parts_as_it_is_read_and_voided_if_read_again_or_lost() {
    let handed = |rows: &str| {
        let mut handed = Handed::default();
        let read = read_within("x", &xlsx("A1:A1300", rows, &[]), LIMITS, &mut handed);
        (read, handed)
    };

    let (read, h) = handed(&inline_rows(1..=1300));
    assert!(read.is_ok());
    assert_eq!(
        h.log,
        ["begin Plan", "rows 512", "rows 512", "rows 276", "end 1300"]
    );
    assert_eq!(h.rows, (1..=1300).collect::<Vec<_>>());

    // Out of order after 1,100 rows: what was handed on is void, and the sheet comes
    // again, sorted, whole.
    let shuffled = inline_rows(1..=1100) + &inline_rows(1200..=1300) + &inline_rows(1101..=1199);
    let (read, h) = handed(&shuffled);
    assert!(read.is_ok());
    assert_eq!(
        h.log,
        [
            "begin Plan",
            "rows 512",
            "rows 512",
            "void",
            "begin Plan",
            "rows 1300",
            "end 1300"
        ]
    );
    assert_eq!(h.rows[1024..], (1..=1300).collect::<Vec<_>>());

    // With a shared-string table over the bound, the sheet comes whole once read.
    let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>s</t></si></sst>"#;
    let with_table = xlsx(
        "A1:A1300",
        &inline_rows(1..=1300),
        &[("xl/sharedStrings.xml", strings)],
    );
    for (bound, log) in [
        (
            1 << 20,
            &["begin Plan", "rows 512", "rows 512", "rows 276", "end 1300"][..],
        ),
        (16, &["begin Plan", "rows 1300", "end 1300"][..]),
    ] {
        let mut h = Handed::default();
        let limits = Limits {
            parts_table: bound,
            ..LIMITS
        };
        assert!(read_within("x", &with_table, limits, &mut h).is_ok());
        assert_eq!(h.log, log, "tables up to {bound} bytes");
    }

    // Damaged after 900 rows: void, and the workbook, with no other sheet, is damaged.
    let damaged = inline_rows(1..=900)
        + r#"<row r="901"><c r="A901" t="inlineStr"><is><t>&bogus;</t></is></c></row>"#;
    let (read, h) = handed(&damaged);
    assert!(matches!(read, Err(ImportErrorKind::Corrupt(_))), "{read:?}");
    assert_eq!(h.log, ["begin Plan", "rows 512", "void"]);
}
