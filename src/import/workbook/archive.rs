//! Zip containers (xlsx, xlsm, xlsb, ods): which format they hold, whether they are
//! encrypted, and whether reading them stays within bounds.
//!
//! The format is told by the members present, not by the file's name. Every member is
//! inflated once, before calamine opens the workbook, to count its real size (a zip
//! declares sizes it need not keep): past [`MAX_PART_BYTES`] for one member or
//! [`MAX_ZIP_BYTES`] for all, the file is refused. The start of each shared-string
//! table is kept on the way to check its declared count, which calamine trusts to
//! reserve memory; ODS content is measured by [`super::ods`].

use std::collections::HashMap;
use std::io::{Cursor, Read};

use crate::import::ImportErrorKind;
use crate::model::SheetShape;

use super::ods;
use super::repair::{self, Mends};
use super::shape::{self, ShapeScan};
use super::xml::{attr_value, contains, next_tag};
use super::{Bytes, Format, Inspected};

/// The most bytes one zip member may inflate to. A full-height sheet (1,048,576 rows of
/// workplan text, the most Excel holds) inflates to about 340 MB of sheet XML and 600 MB
/// of shared strings; a zip bomb inflates to far more.
pub(super) const MAX_PART_BYTES: u64 = 1 << 30;

/// The most bytes all zip members together may inflate to.
const MAX_ZIP_BYTES: u64 = 2 << 30;

/// How far a zip's members may inflate: each, and all together.
#[derive(Debug, Clone, Copy)]
pub(super) struct ZipLimits {
    pub(super) part: u64,
    pub(super) total: u64,
}

/// The limits every workbook is read within.
pub(super) const ZIP_LIMITS: ZipLimits = ZipLimits {
    part: MAX_PART_BYTES,
    total: MAX_ZIP_BYTES,
};

/// A zip member's name as compared here: OPC part names are case-insensitive, and some
/// writers use backslashes.
fn part_name(name: &str) -> String {
    name.replace('\\', "/").to_ascii_lowercase()
}

/// Whether a compared part name is an xlsx worksheet's.
fn is_worksheet(part: &str) -> bool {
    part.strip_prefix("xl/worksheets/")
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".xml"))
}

/// Tells the workbook format of a zip container and checks that reading it stays
/// within bounds.
pub(super) fn inspect(bytes: &[u8], limits: ZipLimits) -> Result<Inspected, ImportErrorKind> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportErrorKind::Corrupt(format!("not a readable zip archive: {e}")))?;
    let members: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let names: Vec<String> = members.iter().map(|n| part_name(n)).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let format = if has("mimetype") || has("content.xml") {
        let mime = read_part(&mut zip, "mimetype", 256);
        if mime.starts_with(b"application/vnd.oasis.opendocument")
            && !mime.starts_with(b"application/vnd.oasis.opendocument.spreadsheet")
        {
            return Err(ImportErrorKind::NotATable(format!(
                "an OpenDocument file of type {}",
                String::from_utf8_lossy(&mime).trim()
            )));
        }
        Format::Ods
    } else if names.iter().any(|n| n.ends_with("workbook.bin")) {
        Format::Xlsb
    } else if names.iter().any(|n| n.ends_with("workbook.xml")) {
        Format::Xlsx
    } else {
        return Err(ImportErrorKind::NotATable(
            "a zip archive that holds no workbook".to_owned(),
        ));
    };
    if format == Format::Ods {
        // Encrypted ODS members are ciphertext; say so before measuring them.
        let manifest = read_part(&mut zip, "META-INF/manifest.xml", 16 << 20);
        if contains(&manifest, b"encryption-data") {
            return Err(ImportErrorKind::PasswordProtected);
        }
    }
    let mut measured = check_inflated_sizes(&mut zip, limits, format == Format::Xlsx)?;
    let mut mends = Mends::default();
    let mut shapes = match format {
        Format::Xlsx => {
            shape::by_sheet_name(&mut zip, std::mem::take(&mut measured.shapes), part_name)
        }
        _ => HashMap::new(),
    };
    match format {
        Format::Ods => {
            let sheets = ods::check_size(&mut zip)?;
            mends.ods_loose_text = sheets.loose;
            shapes = sheets.shapes;
            mends.ods_mimetype = !has("mimetype");
            mends.ods_manifest = !has("meta-inf/manifest.xml");
        }
        Format::Xlsx => {
            for table in &measured.tables {
                check_shared_strings(table)?;
            }
            mends.utf16 = measured.utf16;
        }
        Format::Xlsb => {
            let rels = read_part(&mut zip, repair::XLSB_RELS, 16 << 20);
            mends.xlsb_sheets = repair::xlsb_sheet_targets(&rels, &members);
            mends.utf16 = measured.utf16;
        }
        Format::Xls { .. } => {}
    }
    let tables = measured.tables.iter().map(|t| t.size).sum();
    Ok(Inspected {
        format,
        tables,
        mends,
        shapes,
    })
}

/// Refuses a shared-string table whose declared `uniqueCount` its bytes cannot hold:
/// calamine reserves room for that many strings up front, and a forged count asks
/// for terabytes.
fn check_shared_strings(table: &SharedStrings) -> Result<(), ImportErrorKind> {
    let SharedStrings { name, head, size } = table;
    // A table in UTF-16 is transcoded before calamine reads it.
    let head = if repair::is_utf16(head) {
        repair::to_utf8(head)
    } else {
        head.clone()
    };
    let declared = match sst_unique_count(&head) {
        Some(count) => count,
        // No office suite writes a megabyte before the table's first tag.
        None if *size > SST_HEAD => {
            return Err(ImportErrorKind::Corrupt(format!(
                "no shared string table header in the first MiB of {name}"
            )))
        }
        None => return Ok(()),
    };
    // The shortest string entry, `<si/>`, takes 5 bytes; real ones take more.
    if declared > (size / 5).max(100_000) {
        return Err(ImportErrorKind::Corrupt(format!(
            "the shared string table declares {declared} strings in {size} bytes"
        )));
    }
    Ok(())
}

/// The `uniqueCount` of the first `sst` element (any namespace prefix), 0 when it has
/// none; `None` when no `sst` tag is in the text.
fn sst_unique_count(xml: &[u8]) -> Option<u64> {
    let mut at = 0;
    while let Some((tag, next)) = next_tag(xml, at) {
        at = next;
        let name_len = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let (name, attrs) = tag.split_at(name_len);
        let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        if local == b"sst" {
            // An unreadable count makes calamine skip the reservation.
            return Some(
                attr_value(attrs, b"uniqueCount")
                    .and_then(|v| std::str::from_utf8(v).ok())
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0),
            );
        }
    }
    None
}

/// The first `limit` bytes of a zip member, or nothing when it is missing or
/// unreadable (a read error such as a bad CRC is calamine's to report).
fn read_part(zip: &mut zip::ZipArchive<Bytes<'_>>, name: &str, limit: u64) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(part) = zip.by_name(name) {
        let _ = part.take(limit).read_to_end(&mut out);
    }
    out
}

pub(super) fn too_big_part(name: &str) -> ImportErrorKind {
    ImportErrorKind::TooLarge(format!(
        "zip member {name} inflates to more than {} MiB",
        MAX_PART_BYTES >> 20
    ))
}

/// The zip members measured by [`check_inflated_sizes`].
struct MeasuredMembers {
    /// The shared string tables' starts and sizes.
    tables: Vec<SharedStrings>,
    /// What the members inflate to, all together.
    total: u64,
    /// The XML members whose text is UTF-16.
    utf16: Vec<String>,
    /// What each worksheet says beside its values, by part name (xlsx only).
    shapes: HashMap<String, SheetShape>,
}

/// Inflates every member to count its real size: the sizes a zip declares can lie;
/// calamine holds the shared strings and each ods sheet in memory, and streams the
/// worksheets of xlsx and xlsb (a bomb there costs time, not memory). With
/// `scan_sheets`, the hidden rows and merged cells of xlsx worksheets are read on the
/// way ([`shape::ShapeScan`]).
fn check_inflated_sizes(
    zip: &mut zip::ZipArchive<Bytes<'_>>,
    limits: ZipLimits,
    scan_sheets: bool,
) -> Result<MeasuredMembers, ImportErrorKind> {
    let mut measured = MeasuredMembers {
        tables: Vec::new(),
        total: 0,
        utf16: Vec::new(),
        shapes: HashMap::new(),
    };
    for i in 0..zip.len() {
        let name = zip
            .name_for_index(i)
            .and_then(Result::ok)
            .map(|n| n.into_owned())
            .unwrap_or_default();
        // A shared string table's start is kept for its header, so that it is not
        // inflated a second time for that.
        let part = part_name(&name);
        let is_table = part.ends_with("sharedstrings.xml");
        let is_xml = [".xml", ".rels"].iter().any(|end| part.ends_with(end));
        let mut scan = (scan_sheets && is_worksheet(&part)).then(ShapeScan::default);
        let mut head = Vec::new();
        let mut start = Vec::new();
        let size = inflated_size(zip, i, limits, measured.total, &mut |chunk| {
            if is_table && (head.len() as u64) < SST_HEAD {
                let room = (SST_HEAD as usize - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..room]);
            }
            if start.len() < 4 {
                let room = (4 - start.len()).min(chunk.len());
                start.extend_from_slice(&chunk[..room]);
            }
            if let Some(scan) = &mut scan {
                scan.feed(chunk);
            }
        })?;
        measured.total += size;
        if let Some(scan) = scan {
            measured.shapes.insert(part, scan.finish());
        }
        if is_xml && repair::is_utf16(&start) {
            measured.utf16.push(name.clone());
        }
        if is_table {
            measured.tables.push(SharedStrings { name, head, size });
        }
    }
    Ok(measured)
}

/// Inflates member `i` to count its size, handing each inflated chunk to `seen`;
/// refuses it past the part limit, or the total limit with `before` counted already.
/// An unreadable member counts what could be read (its error is calamine's to report).
fn inflated_size(
    zip: &mut zip::ZipArchive<Bytes<'_>>,
    i: usize,
    limits: ZipLimits,
    before: u64,
    seen: &mut dyn FnMut(&[u8]),
) -> Result<u64, ImportErrorKind> {
    let Ok(mut part) = zip.by_index(i) else {
        return Ok(0);
    };
    let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
    let mut sink = [0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        match part.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                size += n as u64;
                seen(&sink[..n]);
            }
        }
        if size > limits.part {
            return Err(ImportErrorKind::TooLarge(format!(
                "zip member {name} inflates to more than {} MiB",
                limits.part >> 20
            )));
        }
        if before + size > limits.total {
            return Err(ImportErrorKind::TooLarge(format!(
                "the zip members inflate to more than {} MiB",
                limits.total >> 20
            )));
        }
    }
    Ok(size)
}

/// A shared string table as the size check saw it: its start and its inflated size.
#[derive(Debug)]
struct SharedStrings {
    name: String,
    head: Vec<u8>,
    size: u64,
}

/// How much of a shared string table is read for its header.
const SST_HEAD: u64 = 1 << 20;

#[cfg(test)]
mod tests {
    use super::super::testing::zip_of;
    use super::*;

    #[test]
    fn finds_the_declared_shared_string_count() {
        let cases: &[(&str, &str, Option<u64>)] = &[
            (
                "plain",
                r#"<?xml version="1.0"?><sst count="3" uniqueCount="2">"#,
                Some(2),
            ),
            (
                "prefixed",
                r#"<x:sst xmlns:x="m" uniqueCount="7">"#,
                Some(7),
            ),
            (
                "decoy in a comment",
                r#"<!-- <sst uniqueCount="1"> --><sst uniqueCount="900000000000">"#,
                Some(900_000_000_000),
            ),
            (
                "quoted > before the count",
                r#"<sst a=">" uniqueCount="900000000000">"#,
                Some(900_000_000_000),
            ),
            ("no count", r#"<sst count="3">"#, Some(0)),
            (
                "leading zeros",
                r#"<sst uniqueCount="0000000000000000000000012">"#,
                Some(12),
            ),
            ("no table", r#"<worksheet/>"#, None),
        ];
        for (name, xml, want) in cases {
            assert_eq!(sst_unique_count(xml.as_bytes()), *want, "{name}");
        }
    }

    #[test]
    fn bounds_inflated_zip_sizes() {
        let big = "x".repeat(3 << 20);
        let bytes = zip_of(&[("a.xml", &big)]);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        let limits = |part, total| ZipLimits { part, total };
        let err = check_inflated_sizes(&mut zip, limits(1 << 20, 8 << 20), false).err();
        assert!(matches!(err, Some(ImportErrorKind::TooLarge(m)) if m.contains("a.xml")));
        let err = check_inflated_sizes(&mut zip, limits(8 << 20, 2 << 20), false).err();
        assert!(
            matches!(err, Some(ImportErrorKind::TooLarge(m)) if m.contains("together") || m.contains("members"))
        );
        let measured = check_inflated_sizes(&mut zip, limits(8 << 20, 8 << 20), false).unwrap();
        assert_eq!(measured.total, 3 << 20);
    }
}
