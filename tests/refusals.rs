//! Files that other readers refuse or misname, each built here byte by byte: read where a
//! small, contained workaround can (UTF-32 text, UTF-16 workbook parts, an ODS without
//! its mimetype or with spaces between its cells, an xlsb with a macro sheet or an
//! absolute part path, an xls in an old Mac or Windows code page), or refused with the
//! real cause and what to do (a bare Excel 2.x-4.0 worksheet, a code page nothing here
//! decodes, an encrypted xls). Each is checked through the library, and the whole set
//! once through the binary (`workplan check`).

mod common;

use std::io::{Cursor, Read, Write};
use std::path::Path;

use workplan::import::{read_bytes, BiffVersion, ImportErrorKind, RawFile};
use workplan::model::CellValue;

/// The texts of a file's first sheet, row by row.
fn texts(file: &RawFile) -> Vec<Vec<String>> {
    file.sheets[0]
        .rows
        .iter()
        .map(|r| r.cells.iter().map(CellValue::to_text).collect())
        .collect()
}

fn read(bytes: &[u8]) -> Result<RawFile, ImportErrorKind> {
    read_bytes("x", bytes.to_vec()).map_err(|e| e.kind)
}

fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every member of a zip, in order.
fn members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut member = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            member.read_to_end(&mut data).unwrap();
            (member.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// A zip made of `parts`, each changed by `change` (name, bytes) or left out (`None`).
fn rezip(bytes: &[u8], change: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>) -> Vec<u8> {
    let parts: Vec<(String, Vec<u8>)> = members(bytes)
        .into_iter()
        .filter_map(|(name, data)| change(&name, data))
        .collect();
    let borrowed: Vec<(&str, Vec<u8>)> =
        parts.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    zip_of(&borrowed)
}

// ---------------------------------------------------------------------------------
// The files.

/// A bare BIFF stream: BOF record `09 xx`, its length, version and sheet type, EOF.
fn bare_biff(id: u8, len: u8) -> Vec<u8> {
    let mut bytes = vec![0x09, id, len, 0];
    bytes.extend(std::iter::repeat_n(0, usize::from(len)));
    bytes[6] = 0x10; // a worksheet
    bytes.extend([0x0A, 0, 0, 0]);
    bytes
}

const CSV: &str = "Sector,Activity\nÉducation,Atelier à Strasbourg\n";

fn utf32(big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let chars = bom.then_some('\u{FEFF}').into_iter().chain(CSV.chars());
    for c in chars {
        let n = u32::from(c);
        bytes.extend(if big_endian {
            n.to_be_bytes()
        } else {
            n.to_le_bytes()
        });
    }
    bytes
}

/// A workbook written by rust_xlsxwriter: a header row and one record.
fn xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Plan").unwrap();
    sheet.write(0, 0, "Sector").unwrap();
    sheet.write(0, 1, "Activity").unwrap();
    sheet.write(1, 0, "Éducation").unwrap();
    sheet.write(1, 1, "Atelier").unwrap();
    book.save_to_buffer().unwrap()
}

/// [`xlsx`] with every XML part re-encoded as UTF-16LE, as some generators write them.
fn utf16_xlsx() -> Vec<u8> {
    rezip(&xlsx(), |name, data| {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            return Some((name.to_owned(), data));
        }
        let text = String::from_utf8(data).unwrap().replacen(
            "encoding=\"UTF-8\"",
            "encoding=\"UTF-16\"",
            1,
        );
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        Some((name.to_owned(), bytes))
    })
}

const ODS_CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
  <office:body>
    <office:spreadsheet>
      <table:table table:name="Plan">
        <table:table-row>
          <table:table-cell office:value-type="string"><text:p>Sector</text:p></table:table-cell>
          <!-- the activity -->
          <table:table-cell office:value-type="string"><text:p>Activity</text:p></table:table-cell>
        </table:table-row>
        <table:table-row>
          <table:table-cell office:value-type="string"><text:p>Éducation</text:p></table:table-cell>
          <table:table-cell office:value-type="string"><text:p>Atelier à Strasbourg</text:p></table:table-cell>
        </table:table-row>
      </table:table>
    </office:spreadsheet>
  </office:body>
</office:document-content>"#;

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// An ODS written by hand, pretty-printed (spaces and a comment between cells), with
/// or without its `mimetype` member.
fn ods(mimetype: bool) -> Vec<u8> {
    let mut parts = Vec::new();
    if mimetype {
        parts.push((
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ));
    }
    parts.push(("META-INF/manifest.xml", ODS_MANIFEST.as_bytes().to_vec()));
    parts.push(("content.xml", ODS_CONTENT.as_bytes().to_vec()));
    zip_of(&parts)
}

const XLSB: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/spreadsheets/any_sheets.xlsb"
);

/// The corpus's xlsb (three worksheets and a chart sheet) with its workbook's
/// relationships changed by `change`, and its members renamed by `rename`.
fn xlsb(change: fn(&str) -> String, rename: &[(&str, &str)]) -> Vec<u8> {
    let bytes = std::fs::read(XLSB).expect("the corpus's any_sheets.xlsb");
    rezip(&bytes, |name, data| {
        let data = if name == "xl/_rels/workbook.bin.rels" {
            change(std::str::from_utf8(&data).unwrap()).into_bytes()
        } else {
            data
        };
        let name = rename
            .iter()
            .find(|(from, _)| *from == name)
            .map_or(name, |(_, to)| to);
        Some((name.to_owned(), data))
    })
}

fn xlsb_absolute() -> Vec<u8> {
    xlsb(
        |rels| rels.replace(r#"Target="worksheets/"#, r#"Target="/xl/worksheets/"#),
        &[],
    )
}

fn xlsb_macro_sheet() -> Vec<u8> {
    xlsb(
        |rels| {
            rels.replace(
                r#"officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.bin""#,
                r#"office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet2.bin""#,
            )
        },
        &[("xl/worksheets/sheet2.bin", "xl/macrosheets/sheet2.bin")],
    )
}

fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

/// A BIFF8 workbook stream: globals (`extra` after the BOF) and one sheet "Plan"
/// holding the number 2020 in A1.
fn xls_stream(extra: &[u8]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend(dt.to_le_bytes());
        d.extend([0; 12]);
        biff(0x0809, &d)
    };
    let mut stream = bof(0x0005);
    stream.extend_from_slice(extra);
    let bound_sheet = stream.len();
    stream.extend(biff(
        0x0085,
        &[0, 0, 0, 0, 0, 0, 4, 0, b'P', b'l', b'a', b'n'],
    ));
    stream.extend(biff(0x000A, &[]));
    let offset = (stream.len() as u32).to_le_bytes();
    stream[bound_sheet + 4..bound_sheet + 8].copy_from_slice(&offset);
    stream.extend(bof(0x0010));
    let mut number = vec![0, 0, 0, 0, 0, 0];
    number.extend(2020f64.to_le_bytes());
    stream.extend(biff(0x0203, &number));
    stream.extend(biff(0x000A, &[]));
    stream
}

/// A version-3 compound file holding one stream, "Workbook" (padded to 4,096 bytes so
/// that it is not in the mini stream).
fn cfb(mut stream: Vec<u8>) -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    let len = stream.len().max(4096);
    stream.resize(len.div_ceil(512) * 512, 0);
    let sectors = stream.len() / 512;
    // Sector 0: the allocation table; 1: the directory; 2..: the stream.
    let mut fat = vec![0xFFFF_FFFD, END];
    fat.extend((0..sectors).map(|i| if i + 1 == sectors { END } else { i as u32 + 3 }));
    fat.resize(128, FREE);
    let mut header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    header.resize(512, 0);
    for (at, value) in [(24, 0x003Eu16), (26, 3), (28, 0xFFFE), (30, 9), (32, 6)] {
        header[at..at + 2].copy_from_slice(&value.to_le_bytes());
    }
    for (at, value) in [
        (44, 1u32),
        (48, 1),
        (56, 4096),
        (60, END),
        (68, END),
        (76, 0),
    ] {
        header[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
    for i in 1..109 {
        header[76 + i * 4..80 + i * 4].copy_from_slice(&FREE.to_le_bytes());
    }
    let entry = |name: &str, typ: u8, start: u32, size: u32, child: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate() {
            e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        e[66] = typ;
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&FREE.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    let mut dir = entry("Root Entry", 5, END, 0, 1);
    dir.extend(entry("Workbook", 2, 2, len as u32, FREE));
    dir.resize(512, 0);
    out.extend(dir);
    out.extend(stream);
    out
}

/// An xls whose CodePage record declares `code`.
fn xls_code_page(code: u16) -> Vec<u8> {
    cfb(xls_stream(&biff(0x0042, &code.to_le_bytes())))
}

/// An xls whose records after the FilePass are encrypted (RC4, as Excel writes a file
/// protected with its built-in default key).
fn xls_encrypted() -> Vec<u8> {
    let mut file_pass = vec![1, 0, 1, 0, 1, 0];
    file_pass.extend([0x5A; 48]);
    cfb(xls_stream(&biff(0x002F, &file_pass)))
}

// ---------------------------------------------------------------------------------
// Through the library.

#[test]
fn bare_excel_2_to_4_worksheets_are_refused_by_their_version() {
    let cases = [
        (
            bare_biff(0x00, 4),
            BiffVersion::Excel2,
            "Excel 2.x worksheet (1987 format)",
        ),
        (
            bare_biff(0x02, 6),
            BiffVersion::Excel3,
            "Excel 3.0 worksheet (1990 format)",
        ),
        (
            bare_biff(0x04, 6),
            BiffVersion::Excel4,
            "Excel 4.0 worksheet (1992 format)",
        ),
        (
            bare_biff(0x08, 8),
            BiffVersion::Excel5,
            "Excel 5.0 workbook stream",
        ),
    ];
    for (bytes, version, words) in cases {
        let kind = read(&bytes).expect_err("refused");
        assert!(
            matches!(kind, ImportErrorKind::OldExcel(v) if v == version),
            "{kind}"
        );
        let message = kind.to_string();
        assert!(message.contains(words), "{message}");
        assert!(message.ends_with("save it as .xlsx"), "{message}");
    }
    // A UTF-16 text file that begins with a tab is text, not a BIFF2 stream.
    let tab = "\tSector,Activity\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes);
    assert!(read(&tab.collect::<Vec<u8>>()).is_ok());
}

#[test]
fn utf32_text_is_read_by_its_byte_order_mark_or_its_nul_bytes() {
    for (big, bom, note) in [
        (false, true, None),
        (true, true, None),
        (false, false, Some("read as UTF-32LE (no byte-order mark)")),
        (true, false, Some("read as UTF-32BE (no byte-order mark)")),
    ] {
        let file = read(&utf32(big, bom)).expect("read");
        assert_eq!(
            texts(&file),
            [
                ["Sector", "Activity"],
                ["Éducation", "Atelier à Strasbourg"]
            ],
            "big-endian {big}, mark {bom}"
        );
        let said: Vec<String> = file.diagnostics.iter().map(ToString::to_string).collect();
        match note {
            Some(note) => assert!(said.iter().any(|d| d.contains(note)), "{said:?}"),
            None => assert!(said.is_empty(), "{said:?}"),
        }
    }
}

#[test]
fn an_xlsx_whose_parts_are_utf16_is_read() {
    let file = read(&utf16_xlsx()).expect("read");
    assert_eq!(
        texts(&file),
        [["Sector", "Activity"], ["Éducation", "Atelier"]]
    );
    assert_eq!(file.sheets[0].sheet.as_deref(), Some("Plan"));
}

#[test]
fn an_ods_with_spaces_between_its_cells_or_without_its_mimetype_is_read() {
    for mimetype in [true, false] {
        let file = read(&ods(mimetype)).expect("read");
        assert_eq!(
            texts(&file),
            [
                ["Sector", "Activity"],
                ["Éducation", "Atelier à Strasbourg"]
            ],
            "mimetype {mimetype}"
        );
    }
}

#[test]
fn an_xlsb_with_a_macro_sheet_or_absolute_part_paths_is_read() {
    let plain = read(&std::fs::read(XLSB).unwrap()).expect("read");
    let names = |file: &RawFile| -> Vec<Option<String>> {
        file.sheets.iter().map(|s| s.sheet.clone()).collect()
    };
    let absolute = read(&xlsb_absolute()).expect("read");
    assert_eq!(names(&absolute), names(&plain));
    assert_eq!(absolute.sheets, plain.sheets);
    // The macro sheet is left out; the other worksheets are read as before.
    let with_macro = read(&xlsb_macro_sheet()).expect("read");
    let mut without = plain.sheets.clone();
    without.remove(1);
    assert_eq!(with_macro.sheets, without);
}

#[test]
fn an_xls_in_an_old_code_page_is_read_and_one_nothing_decodes_is_refused() {
    for code in [0x8000, 0x8001, 1252] {
        let file = read(&xls_code_page(code)).expect("read");
        assert_eq!(texts(&file), [["2020"]], "code page {code:#x}");
    }
    let kind = read(&xls_code_page(10029)).expect_err("refused");
    assert!(matches!(kind, ImportErrorKind::CodePage(10029)), "{kind}");
    let message = kind.to_string();
    assert!(
        message.contains("code page 10029 (Mac Central European)"),
        "{message}"
    );
}

#[test]
fn an_encrypted_xls_names_excels_default_key_and_the_remedy() {
    let kind = read(&xls_encrypted()).expect_err("refused");
    assert!(matches!(kind, ImportErrorKind::XlsEncrypted), "{kind}");
    let message = kind.to_string();
    assert!(message.contains("default key"), "{message}");
    assert!(message.contains("save"), "{message}");
}

// ---------------------------------------------------------------------------------
// Through the binary.

#[test]
fn check_reads_or_refuses_each_class_with_the_real_cause() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("excel4.xls", bare_biff(0x04, 6), Some("an Excel 4.0 worksheet (1992 format), which cannot be read: open it in Excel or LibreOffice and save it as .xlsx")),
        ("utf32.csv", utf32(false, true), None),
        ("utf32-no-bom.csv", utf32(true, false), None),
        ("utf16-parts.xlsx", utf16_xlsx(), None),
        ("no-mimetype.ods", ods(false), None),
        ("spaced.ods", ods(true), None),
        ("absolute.xlsb", xlsb_absolute(), None),
        ("macro.xlsb", xlsb_macro_sheet(), None),
        ("mac-roman.xls", xls_code_page(0x8000), None),
        ("mac-ce.xls", xls_code_page(10029), Some("code page 10029 (Mac Central European), which cannot be decoded")),
        ("encrypted.xls", xls_encrypted(), Some("default key")),
    ];
    for (name, bytes, refusal) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = check(dir.path(), &path);
        let error = out.stderr.lines().find(|l| l.starts_with("error: "));
        match refusal {
            Some(words) => {
                assert!(matches!(out.code, Some(1 | 2)), "{name}: {}", out.stderr);
                let error = error.unwrap_or_else(|| panic!("{name}: no error in {}", out.stderr));
                assert!(
                    error.contains(name) && error.contains(words),
                    "{name}: {error}"
                );
            }
            None => assert!(error.is_none(), "{name}: {}", out.stderr),
        }
    }
}

struct Checked {
    code: Option<i32>,
    stderr: String,
}

fn check(dir: &Path, input: &Path) -> Checked {
    let output = assert_cmd::Command::cargo_bin("workplan")
        .unwrap()
        .args(["check", "--no-progress", "--quiet", "--registry"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/input/partners.toml"))
        .arg("--input")
        .arg(input)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Checked {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
