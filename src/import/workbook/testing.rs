//! What the workbook tests build: zips, xlsx and ODS files, BIFF streams and compound
//! documents, written byte by byte so that each test says exactly what a file holds.

use std::io::{Cursor, Write};
use std::sync::Arc;

use crate::import::{ImportErrorKind, RawFile, SheetCollector};
use crate::model::{CellValue, RawSheet};

use super::cfb::{CFB_SIGNATURE, ENDOFCHAIN};
use super::{read_within, Limits, LIMITS};

/// What a refusal must look like.
pub(super) type Expect = fn(&ImportErrorKind) -> bool;

pub(super) fn dt(s: &str) -> CellValue {
    CellValue::DateTime(s.parse().unwrap())
}

pub(super) fn text(s: &str) -> CellValue {
    CellValue::Text(Arc::from(s))
}

/// Reads a workbook's bytes within `limits`, its sheets collected whole.
pub(super) fn read_limited(bytes: &[u8], limits: Limits) -> Result<RawFile, ImportErrorKind> {
    let mut sheets = SheetCollector::default();
    read_within("x", bytes, limits, &mut sheets).map(|notes| sheets.into_file(notes))
}

/// Reads a workbook's bytes, its sheets collected whole.
pub(super) fn read_mem(bytes: &[u8]) -> Result<RawFile, ImportErrorKind> {
    read_limited(bytes, LIMITS)
}

pub(super) fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A one-sheet xlsx ("Plan") with the given sheetData and extra parts.
pub(super) fn xlsx(dimension: &str, sheet_data: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut parts = vec![
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet.as_str()),
    ];
    parts.extend_from_slice(extra);
    zip_of(&parts)
}

/// A one-sheet ODS ("Plan") with the given table body.
pub(super) fn ods(table: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Plan">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", &content),
    ])
}

pub(super) fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
    out
}

pub(super) fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend_from_slice(&col.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes());
    data.extend_from_slice(&value.to_le_bytes());
    biff(0x0203, &data)
}

pub(super) fn dimensions(first_row: u32, last_row_plus_1: u32, cols: u16) -> Vec<u8> {
    let mut data = first_row.to_le_bytes().to_vec();
    data.extend_from_slice(&last_row_plus_1.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes());
    data.extend_from_slice(&cols.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes());
    biff(0x0200, &data)
}

/// A BIFF8 workbook stream: globals (`extra` before the sheet list) and one sheet
/// "Plan" made of `records`.
pub(super) fn xls_stream(extra: &[u8], records: &[Vec<u8>]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend_from_slice(&dt.to_le_bytes());
        d.extend_from_slice(&[0; 12]);
        biff(0x0809, &d)
    };
    let mut globals = bof(0x0005);
    globals.extend_from_slice(extra);
    let sheet_record_at = globals.len();
    // BoundSheet8: offset (patched below), visible worksheet, name "Plan".
    globals.extend(biff(
        0x0085,
        &[0, 0, 0, 0, 0, 0, 4, 0, b'P', b'l', b'a', b'n'],
    ));
    globals.extend(biff(0x000A, &[]));
    let offset = globals.len() as u32;
    globals[sheet_record_at + 4..sheet_record_at + 8].copy_from_slice(&offset.to_le_bytes());
    globals.extend(bof(0x0010));
    for r in records {
        globals.extend_from_slice(r);
    }
    globals.extend(biff(0x000A, &[]));
    globals
}

/// A version-3 compound file holding the named streams, each padded to at least
/// 4096 bytes so that none lives in the mini stream. `fat_patch` overwrites FAT
/// entries to build broken chains.
pub(super) fn cfb_file(streams: &[(&str, Vec<u8>)], fat_patch: &[(usize, u32)]) -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const FATSECT: u32 = 0xFFFF_FFFD;
    let mut fat = vec![FATSECT, ENDOFCHAIN];
    let mut data = Vec::new();
    let mut entries = Vec::new();
    for (name, bytes) in streams {
        let mut bytes = bytes.clone();
        if bytes.len() < 4096 {
            bytes.resize(4096, 0);
        }
        let start = fat.len() as u32;
        let sectors = bytes.len().div_ceil(512);
        for i in 0..sectors {
            fat.push(if i + 1 == sectors {
                ENDOFCHAIN
            } else {
                start + i as u32 + 1
            });
        }
        entries.push((name.to_string(), start, bytes.len() as u32));
        bytes.resize(sectors * 512, 0);
        data.extend(bytes);
    }
    assert!(fat.len() <= 128 && entries.len() <= 3);
    fat.resize(128, FREE);
    for (i, v) in fat_patch {
        fat[*i] = *v;
    }
    let mut header = CFB_SIGNATURE.to_vec();
    header.resize(512, 0);
    header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&1u32.to_le_bytes());
    header[48..52].copy_from_slice(&1u32.to_le_bytes());
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    header[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    for i in 0..109 {
        let v = if i == 0 { 0 } else { FREE };
        header[76 + i * 4..80 + i * 4].copy_from_slice(&v.to_le_bytes());
    }
    let mut dir = Vec::new();
    let entry = |name: &str, typ: u8, start: u32, len: u32, child: u32, right: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate() {
            e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        e[66] = typ;
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&len.to_le_bytes());
        e
    };
    dir.extend(entry("Root Entry", 5, ENDOFCHAIN, 0, 1, FREE));
    for (i, (name, start, len)) in entries.iter().enumerate() {
        let right = if i + 1 < entries.len() {
            i as u32 + 2
        } else {
            FREE
        };
        dir.extend(entry(name, 2, *start, *len, FREE, right));
    }
    dir.resize(512, 0);
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(dir);
    out.extend(data);
    out
}

pub(super) fn rows(file: &RawFile) -> Vec<(u32, Vec<CellValue>)> {
    sheet_rows(&file.sheets[0])
}

pub(super) fn sheet_rows(sheet: &RawSheet) -> Vec<(u32, Vec<CellValue>)> {
    sheet
        .rows
        .iter()
        .map(|r| (r.number, r.cells.clone()))
        .collect()
}
