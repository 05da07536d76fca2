//! Valid workbooks that calamine 0.38 cannot read, mended in memory before it sees them.
//!
//! Each mend undoes one known limit of calamine's, found while the container is
//! inspected ([`Mends`]); a workbook that needs none (every workbook an office suite
//! writes) is read as it is, without a copy:
//!
//! - XML parts written in UTF-16 (calamine's XML reader takes UTF-8 only) are
//!   transcoded to UTF-8;
//! - an ODS without its `mimetype` or `META-INF/manifest.xml` member, which calamine
//!   requires, gets the standard one;
//! - an ODS whose rows hold whitespace or comments between their cells (pretty-printed
//!   or hand-written XML) has them taken out: calamine expects nothing but cells there;
//! - an xlsb whose sheets' relationship targets are not the relative paths calamine
//!   expects (`worksheets/sheet1.bin`) gets them rewritten, its parts renamed to match;
//!   a macro sheet, which calamine does not know, is filed as a dialog sheet, which is
//!   never read as a table.
//!
//! The mended workbook is a new zip of the same members, those changed or renamed.

use std::io::{Cursor, Read, Write};

use crate::import::ImportErrorKind;

use super::xml::{attr_value, next_tag};

/// What a workbook needs mended before calamine reads it.
#[derive(Debug, Default)]
pub(super) struct Mends {
    /// Members whose text is UTF-16.
    pub(super) utf16: Vec<String>,
    /// An ODS without its `mimetype` member.
    pub(super) ods_mimetype: bool,
    /// An ODS without its `META-INF/manifest.xml` member.
    pub(super) ods_manifest: bool,
    /// An ODS whose rows hold text or comments between their cells.
    pub(super) ods_loose_text: bool,
    /// An xlsb's workbook relationships rewritten, with the parts to rename.
    pub(super) xlsb_sheets: Option<SheetTargets>,
}

impl Mends {
    /// Whether the workbook is read as it is.
    pub(super) fn is_empty(&self) -> bool {
        self.utf16.is_empty()
            && !self.ods_mimetype
            && !self.ods_manifest
            && !self.ods_loose_text
            && self.xlsb_sheets.is_none()
    }
}

/// The relationships of an xlsb workbook rewritten so that calamine finds its sheets,
/// and the members to rename for them (old name, new name).
#[derive(Debug, PartialEq)]
pub(super) struct SheetTargets {
    pub(super) rels: Vec<u8>,
    pub(super) renames: Vec<(String, String)>,
}

/// Where calamine reads an xlsb's workbook relationships.
pub(super) const XLSB_RELS: &str = "xl/_rels/workbook.bin.rels";

const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// Whether a member's first bytes are UTF-16 text: a byte-order mark, or an XML
/// document's `<` with a NUL beside it.
pub(super) fn is_utf16(start: &[u8]) -> bool {
    matches!(
        start,
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] | [b'<', 0, b'?' | b'a'..=b'z' | b'A'..=b'Z', 0, ..]
            | [0, b'<', 0, b'?' | b'a'..=b'z' | b'A'..=b'Z', ..]
    )
}

/// The workbook `bytes` with `mends` made: a new zip.
pub(super) fn mend(bytes: &[u8], mends: &Mends) -> Result<Vec<u8>, ImportErrorKind> {
    let damaged = |e: zip::result::ZipError| ImportErrorKind::Corrupt(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default();
    let stored = deflated.compression_method(zip::CompressionMethod::Stored);
    if mends.ods_mimetype {
        // First and stored, as ODF asks.
        out.start_file("mimetype", stored).map_err(damaged)?;
        out.write_all(ODS_MIMETYPE.as_bytes())
            .map_err(ImportErrorKind::Io)?;
    }
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).map_err(damaged)?;
        if member.is_dir() {
            continue;
        }
        let name = member.name().map_err(damaged)?.into_owned();
        let mut data = Vec::new();
        member
            .read_to_end(&mut data)
            .map_err(|e| ImportErrorKind::Corrupt(e.to_string()))?;
        if mends.utf16.contains(&name) {
            data = to_utf8(&data);
        }
        if mends.ods_loose_text && name == "content.xml" {
            data = without_loose_text(&data);
        }
        let mut new_name = name.clone();
        if let Some(sheets) = &mends.xlsb_sheets {
            if name == XLSB_RELS {
                data.clone_from(&sheets.rels);
            }
            if let Some((_, to)) = sheets.renames.iter().find(|(from, _)| *from == name) {
                new_name.clone_from(to);
            }
        }
        let options = if name == "mimetype" { stored } else { deflated };
        out.start_file(new_name, options).map_err(damaged)?;
        out.write_all(&data).map_err(ImportErrorKind::Io)?;
    }
    if mends.ods_manifest {
        out.start_file("META-INF/manifest.xml", deflated)
            .map_err(damaged)?;
        out.write_all(ODS_MANIFEST.as_bytes())
            .map_err(ImportErrorKind::Io)?;
    }
    Ok(out.finish().map_err(damaged)?.into_inner())
}

/// UTF-16 XML as UTF-8, its declaration saying so.
pub(super) fn to_utf8(data: &[u8]) -> Vec<u8> {
    let encoding = match data {
        [0xFE, 0xFF, ..] | [0, b'<', ..] => encoding_rs::UTF_16BE,
        _ => encoding_rs::UTF_16LE,
    };
    let (text, _, _) = encoding.decode(data);
    let mut text = text.into_owned();
    if let Some(end) = text.strip_prefix("<?xml").and_then(|_| text.find("?>")) {
        let declaration = text[..end].to_owned();
        let lower = declaration.to_ascii_lowercase();
        if let Some(at) = lower.find("utf-16") {
            let len = ["utf-16le", "utf-16be"]
                .iter()
                .find(|e| lower[at..].starts_with(*e))
                .map_or(6, |e| e.len());
            text.replace_range(at..at + len, "UTF-8");
        }
    }
    text.into_bytes()
}

/// The elements whose content calamine's ODS reader takes to be elements only.
const STRICT_PARENTS: [&[u8]; 2] = [b"table:table-row", b"table:named-expressions"];

/// ODS content without the whitespace, comments and processing instructions that sit
/// directly inside a table row or the named expressions, where calamine expects
/// nothing but elements. Text anywhere else, and text that is not whitespace, is kept.
fn without_loose_text(xml: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(xml.len());
    let mut open: Vec<&[u8]> = Vec::new();
    let mut at = 0;
    while at < xml.len() {
        let strict = open
            .last()
            .is_some_and(|name| STRICT_PARENTS.contains(name));
        let Some(lt) = memchr::memchr(b'<', &xml[at..]).map(|p| at + p) else {
            out.extend_from_slice(&xml[at..]);
            break;
        };
        let text = &xml[at..lt];
        if !(strict && text.iter().all(u8::is_ascii_whitespace)) {
            out.extend_from_slice(text);
        }
        let rest = &xml[lt..];
        let Some(len) = markup_len(rest) else {
            out.extend_from_slice(rest);
            break;
        };
        let markup = &rest[..len];
        let aside = markup.starts_with(b"<!--") || markup.starts_with(b"<?");
        if !(strict && aside) {
            out.extend_from_slice(markup);
        }
        if !aside && !markup.starts_with(b"<!") {
            let body = &markup[1..len - 1];
            let name_of = |tag: &'_ [u8]| -> usize {
                tag.iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'/')
                    .unwrap_or(tag.len())
            };
            if let Some(closing) = body.strip_prefix(b"/") {
                let name = &closing[..name_of(closing)];
                if let Some(pos) = open.iter().rposition(|n| *n == name) {
                    open.truncate(pos);
                }
            } else if body.last() != Some(&b'/') {
                open.push(&body[..name_of(body)]);
            }
        }
        at = lt + len;
    }
    out
}

/// The length of the markup (tag, comment, CDATA, declaration or instruction) that
/// starts `rest`; `None` when it does not end.
fn markup_len(rest: &[u8]) -> Option<usize> {
    let find = |end: &[u8]| {
        rest.windows(end.len())
            .position(|w| w == end)
            .map(|p| p + end.len())
    };
    if rest.starts_with(b"<!--") {
        return find(b"-->");
    }
    if rest.starts_with(b"<![CDATA[") {
        return find(b"]]>");
    }
    if rest.starts_with(b"<?") {
        return find(b"?>");
    }
    next_tag(rest, 0).map(|(_, next)| next)
}

/// The relationships of an xlsb workbook (`rels`, read from [`XLSB_RELS`]) rewritten
/// so that calamine 0.38 finds each sheet, or `None` when it would already: calamine
/// reads a sheet at `xl/` + its target and tells its type by the folder that follows
/// (`worksheets`, `chartsheets`, `dialogsheets`), so an absolute target, one elsewhere
/// or a macro sheet stops it. `names` are the archive's members.
pub(super) fn xlsb_sheet_targets(rels: &[u8], names: &[String]) -> Option<SheetTargets> {
    let mut out = Vec::with_capacity(rels.len());
    let mut renames = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some((tag, next)) = next_tag(rels, at) {
        at = next;
        let name_len = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let (name, attrs) = tag.split_at(name_len);
        if name.rsplit(|b| *b == b':').next() != Some(b"Relationship".as_slice()) {
            continue;
        }
        let (Some(typ), Some(value)) = (attr_value(attrs, b"Type"), attr_value(attrs, b"Target"))
        else {
            continue;
        };
        let folder = match typ.rsplit(|b| *b == b'/').next() {
            Some(b"worksheet") => "worksheets",
            Some(b"chartsheet") => "chartsheets",
            Some(b"dialogsheet" | b"xlMacrosheet" | b"xlIntlMacrosheet") => "dialogsheets",
            _ => continue,
        };
        let target = String::from_utf8_lossy(value).into_owned();
        let path = resolve(&target);
        let file = path.rsplit('/').next().unwrap_or_default();
        let mut wanted = format!("{folder}/{file}");
        if target == wanted {
            continue;
        }
        let mut new_path = format!("xl/{wanted}");
        if !new_path.eq_ignore_ascii_case(&path) {
            // Another member may hold the name already.
            while names.iter().any(|n| n.eq_ignore_ascii_case(&new_path))
                || renames
                    .iter()
                    .any(|(_, n): &(String, String)| *n == new_path)
            {
                wanted = format!("{folder}/mended-{}", &wanted[folder.len() + 1..]);
                new_path = format!("xl/{wanted}");
            }
            if let Some(member) = names.iter().find(|n| n.eq_ignore_ascii_case(&path)) {
                renames.push((member.clone(), new_path));
            }
        }
        // The target's value, as a range of `rels`.
        let start = value.as_ptr() as usize - rels.as_ptr() as usize;
        out.extend_from_slice(&rels[copied..start]);
        out.extend_from_slice(wanted.as_bytes());
        copied = start + value.len();
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(&rels[copied..]);
    Some(SheetTargets { rels: out, renames })
}

/// The member a workbook relationship's target names: absolute from the archive's
/// root, or relative to `xl/`, with `.` and `..` resolved.
fn resolve(target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.bin"/></Relationships>"#;

    #[test]
    fn xlsb_sheet_targets_are_rewritten_only_where_calamine_would_stop() {
        let names = ["xl/worksheets/sheet1.bin".to_owned()];
        assert_eq!(xlsb_sheet_targets(RELS.as_bytes(), &names), None);

        let absolute = RELS.replace(r#"Target="worksheets/"#, r#"Target="/xl/worksheets/"#);
        let mended = xlsb_sheet_targets(absolute.as_bytes(), &names).expect("mended");
        assert_eq!(String::from_utf8(mended.rels).unwrap(), RELS);
        assert!(mended.renames.is_empty());

        // A macro sheet is filed as a dialog sheet, its part moved to match.
        let names = ["xl/macrosheets/sheet1.bin".to_owned()];
        let macro_sheet = RELS
            .replace(
                "officeDocument/2006/relationships/worksheet",
                "office/2006/relationships/xlMacrosheet",
            )
            .replace("worksheets/sheet1.bin", "macrosheets/sheet1.bin");
        let mended = xlsb_sheet_targets(macro_sheet.as_bytes(), &names).expect("mended");
        let rels = String::from_utf8(mended.rels).unwrap();
        assert!(
            rels.contains(r#"Target="dialogsheets/sheet1.bin""#),
            "{rels}"
        );
        assert!(rels.contains(r#"Target="styles.bin""#), "{rels}");
        assert_eq!(
            mended.renames,
            [(
                "xl/macrosheets/sheet1.bin".to_owned(),
                "xl/dialogsheets/sheet1.bin".to_owned()
            )]
        );
    }

    #[test]
    fn loose_text_is_taken_out_of_rows_only() {
        let xml = "<t:table>\n <table:table-row>\n  <table:table-cell><text:p> a  b </text:p></table:table-cell>\n  <!-- c -->\n  <table:table-cell/>\n </table:table-row>\n</t:table>";
        let got = String::from_utf8(without_loose_text(xml.as_bytes())).unwrap();
        assert_eq!(
            got,
            "<t:table>\n <table:table-row><table:table-cell><text:p> a  b </text:p></table:table-cell><table:table-cell/></table:table-row>\n</t:table>"
        );
    }

    #[test]
    fn utf16_parts_are_told_and_transcoded_with_their_declaration() {
        let xml = r#"<?xml version="1.0" encoding="UTF-16"?><a>é</a>"#;
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(xml.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = xml.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [&le, &be] {
            assert!(is_utf16(bytes));
            assert_eq!(
                String::from_utf8(to_utf8(bytes)).unwrap(),
                r#"<?xml version="1.0" encoding="UTF-8"?><a>é</a>"#
            );
        }
        assert!(!is_utf16(xml.as_bytes()));
    }
}
