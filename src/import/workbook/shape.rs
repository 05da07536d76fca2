//! What an xlsx workbook says of its worksheets beside their values: the cells merged
//! into one (`<mergeCell ref="C5:C6"/>`) and the rows hidden (`<row r="14"
//! hidden="1">`), which calamine does not give while it streams a worksheet's cells.
//!
//! Every worksheet is inflated once before calamine opens the workbook, to measure it
//! (`archive.rs`); [`ShapeScan`] reads these two tags on the way, from the inflated
//! chunks, without parsing anything else. The worksheets' part names are then matched
//! to their sheet names through `xl/workbook.xml` and its relationships, as calamine
//! does. Whether a sheet is hidden comes from calamine's sheet list (`reader.rs`).

use std::collections::HashMap;
use std::io::Read;

use memchr::memmem;

use crate::model::{CellRange, SheetShape, SourceCell};

use super::xml::{attr_value, next_tag};
use super::Bytes;

/// The longest unfinished tag carried from one inflated chunk to the next; a longer
/// one is not from any office suite, and is dropped.
const MAX_CARRY: usize = 1 << 20;

/// Picks the hidden rows and merged regions out of a worksheet's XML as it is
/// inflated, a chunk at a time.
#[derive(Default)]
pub(super) struct ShapeScan {
    /// The unfinished tag at the end of the last chunk.
    carry: Vec<u8>,
    /// The number of the row after the last `<row>` seen (rows may leave out `r`).
    next_row: u32,
    shape: SheetShape,
}

impl ShapeScan {
    /// Reads the next inflated chunk.
    pub(super) fn feed(&mut self, chunk: &[u8]) {
        if self.carry.is_empty() {
            let done = complete_tags(chunk);
            self.scan(&chunk[..done]);
            self.carry.extend_from_slice(&chunk[done..]);
        } else {
            let mut data = std::mem::take(&mut self.carry);
            data.extend_from_slice(chunk);
            let done = complete_tags(&data);
            self.scan(&data[..done]);
            data.drain(..done);
            self.carry = data;
        }
        if self.carry.len() > MAX_CARRY {
            self.carry.clear();
        }
    }

    /// What the worksheet said, once it is read whole.
    pub(super) fn finish(mut self) -> SheetShape {
        self.shape.hidden_rows.sort_unstable();
        self.shape.hidden_rows.dedup();
        self.shape
    }

    /// Reads the `row` and `mergeCell` tags of XML text holding only whole tags.
    fn scan(&mut self, xml: &[u8]) {
        let rows = memmem::find_iter(xml, b"row").map(|at| (at, Tag::Row));
        let merges = memmem::find_iter(xml, b"mergeCell").map(|at| (at, Tag::Merge));
        let mut found: Vec<(usize, Tag)> = rows.chain(merges).collect();
        // Rows must be met in order, to number those that leave out `r`.
        found.sort_unstable_by_key(|(at, _)| *at);
        for (at, tag) in found {
            let Some(attrs) = tag_attrs(xml, at, tag.name().len()) else {
                continue;
            };
            match tag {
                Tag::Row => self.row(attrs),
                Tag::Merge => self.merge(attrs),
            }
        }
    }

    fn row(&mut self, attrs: &[u8]) {
        let number = attr_value(attrs, b"r")
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(self.next_row.saturating_add(1));
        self.next_row = number;
        if matches!(attr_value(attrs, b"hidden"), Some(b"1" | b"true")) {
            self.shape.hidden_rows.push(number);
        }
    }

    fn merge(&mut self, attrs: &[u8]) {
        let range = attr_value(attrs, b"ref")
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(parse_range);
        self.shape.merged.extend(range);
    }
}

/// The two tags read.
#[derive(Debug, Clone, Copy)]
enum Tag {
    Row,
    Merge,
}

impl Tag {
    fn name(self) -> &'static [u8] {
        match self {
            Tag::Row => b"row",
            Tag::Merge => b"mergeCell",
        }
    }
}

/// How much of `xml` holds only whole tags: up to the last `<` that no `>` follows.
fn complete_tags(xml: &[u8]) -> usize {
    match memchr::memrchr(b'<', xml) {
        Some(lt) if memchr::memchr(b'>', &xml[lt..]).is_none() => lt,
        _ => xml.len(),
    }
}

/// The attribute text of the start tag whose local name is the `len` bytes at `at`
/// (`<row ...>`, `<x:row ...>`); `None` when the name there is part of another word
/// or of an end tag.
fn tag_attrs(xml: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    // The name is preceded by `<`, or by `<prefix:`.
    let before = xml[..at].iter().rposition(|b| !is_name_byte(*b));
    let opens = match before {
        Some(i) if xml[i] == b'<' => i + 1 == at,
        Some(i) if xml[i] == b':' => {
            let lt = xml[..i].iter().rposition(|b| !is_name_byte(*b))?;
            xml[lt] == b'<'
        }
        _ => false,
    };
    let after = *xml.get(at + len)?;
    if !opens || !(after.is_ascii_whitespace() || after == b'/' || after == b'>') {
        return None;
    }
    let end = memchr::memchr(b'>', &xml[at..])? + at;
    Some(&xml[at + len..end])
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// A range as written in a `ref` ("C5:C6", or "C5" for one cell).
fn parse_range(text: &str) -> Option<CellRange> {
    let (first, last) = text.split_once(':').unwrap_or((text, text));
    let (first, last) = (parse_cell(first)?, parse_cell(last)?);
    (first.row <= last.row && first.col <= last.col).then_some(CellRange { first, last })
}

/// A cell as written in A1 form ("C5", "$C$5").
fn parse_cell(text: &str) -> Option<SourceCell> {
    let text = text.trim().replace('$', "");
    let digits = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = text.split_at(digits);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    }) - 1;
    let row = number.parse::<u32>().ok().filter(|r| *r > 0)?;
    Some(SourceCell { row, col })
}

/// The shapes scanned, by the worksheet part's name, matched to the sheet names of
/// `xl/workbook.xml` through `xl/_rels/workbook.xml.rels`. Part names are compared
/// as [`super::archive`] compares them (lower-cased, forward slashes).
pub(super) fn by_sheet_name(
    zip: &mut zip::ZipArchive<Bytes<'_>>,
    mut by_part: HashMap<String, SheetShape>,
    part_name: impl Fn(&str) -> String,
) -> HashMap<String, SheetShape> {
    let workbook = read_member(zip, "xl/workbook.xml", &part_name);
    let rels = read_member(zip, "xl/_rels/workbook.xml.rels", &part_name);
    let targets = relationship_targets(&rels, &part_name);
    let mut out = HashMap::new();
    for (name, id) in sheet_ids(&workbook) {
        let shape = targets.get(&id).and_then(|part| by_part.remove(part));
        out.insert(name, shape.unwrap_or_default());
    }
    out
}

/// A member's bytes (at most a workbook's few megabytes), found by its compared name.
fn read_member(
    zip: &mut zip::ZipArchive<Bytes<'_>>,
    name: &str,
    part_name: &impl Fn(&str) -> String,
) -> Vec<u8> {
    let index = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .and_then(Result::ok)
            .is_some_and(|n| part_name(&n) == name)
    });
    let mut out = Vec::new();
    if let Some(part) = index.and_then(|i| zip.by_index(i).ok()) {
        let _ = part.take(64 << 20).read_to_end(&mut out);
    }
    out
}

/// Each `<sheet name=".." r:id="..">` of the workbook part: its name and relationship.
fn sheet_ids(xml: &[u8]) -> Vec<(String, String)> {
    tags(xml, b"sheet")
        .filter_map(|attrs| {
            let name = attr_value(attrs, b"name")?;
            let id = relationship_id(attrs)?;
            Some((unescape(name), unescape(id)))
        })
        .collect()
}

/// The value of the attribute `id` in the relationships namespace, whatever its prefix
/// (`r:id`).
fn relationship_id(attrs: &[u8]) -> Option<&[u8]> {
    let at = memmem::find_iter(attrs, b":id").find(|&i| {
        attrs[i + 3..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'=')
    })?;
    let start = attrs[..at]
        .iter()
        .rposition(|b| b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    attr_value(&attrs[start..], &attrs[start..at + 3])
}

/// Each relationship's id and the part it targets, as a compared part name.
fn relationship_targets(
    xml: &[u8],
    part_name: &impl Fn(&str) -> String,
) -> HashMap<String, String> {
    tags(xml, b"Relationship")
        .filter_map(|attrs| {
            let id = unescape(attr_value(attrs, b"Id")?);
            let target = unescape(attr_value(attrs, b"Target")?);
            let target = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("xl/{target}"),
            };
            Some((id, part_name(&target)))
        })
        .collect()
}

/// The attribute texts of the start tags of local name `name`.
fn tags<'x>(xml: &'x [u8], name: &'x [u8]) -> impl Iterator<Item = &'x [u8]> + 'x {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let (tag, next) = next_tag(xml, at)?;
        at = next;
        let name_len = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let local = tag[..name_len].rsplit(|b| *b == b':').next().unwrap_or(&[]);
        if local == name {
            return Some(&tag[name_len..]);
        }
    })
}

/// An attribute value's text, its five predefined entities and character references
/// read.
pub(super) fn unescape(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    if !text.contains('&') {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = &*text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32) -> SourceCell {
        SourceCell { row, col }
    }

    #[test]
    fn hidden_rows_and_merged_cells_are_read_across_chunks() {
        let xml = br#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="3" hidden="1" spans="1:2"><c r="A3" t="s"><v>0</v></c></row><row hidden="true"></row><x:row r="9" hidden="0"/><rowBreak/><c><is><t>grow row</t></is></c></sheetData><mergeCells count="2"><mergeCell ref="C5:C6"/><x:mergeCell ref="$A$10:$H$10"/><mergeCell ref="B2"/></mergeCells></worksheet>"#;
        for size in [1, 2, 7, 64, xml.len()] {
            let mut scan = ShapeScan::default();
            for chunk in xml.chunks(size) {
                scan.feed(chunk);
            }
            let shape = scan.finish();
            assert_eq!(shape.hidden_rows, vec![3, 4], "chunks of {size}");
            assert_eq!(
                shape.merged,
                vec![
                    CellRange {
                        first: cell(5, 2),
                        last: cell(6, 2)
                    },
                    CellRange {
                        first: cell(10, 0),
                        last: cell(10, 7)
                    },
                    CellRange {
                        first: cell(2, 1),
                        last: cell(2, 1)
                    },
                ],
                "chunks of {size}"
            );
        }
    }

    #[test]
    fn ranges_are_read_as_written_or_not_at_all() {
        assert_eq!(parse_cell("AA12"), Some(cell(12, 26)));
        assert_eq!(parse_cell("XFD1048576"), Some(cell(1_048_576, 16_383)));
        for bad in ["", "12", "A", "A0", "ABCD1", "A-1", "C6:C5"] {
            assert_eq!(parse_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn sheets_are_matched_to_their_parts() {
        let workbook = br#"<workbook xmlns:r="rel"><sheets><sheet name="Plan &amp; dates" sheetId="1" r:id="rId2"/><sheet name="Old" sheetId="2" state="hidden" r:id="rId1"/></sheets></workbook>"#;
        let rels = br#"<Relationships><Relationship Id="rId1" Type="t" Target="worksheets/sheet2.xml"/><Relationship Id="rId2" Type="t" Target="/xl/worksheets/Sheet1.xml"/></Relationships>"#;
        assert_eq!(
            sheet_ids(workbook),
            vec![
                ("Plan & dates".to_owned(), "rId2".to_owned()),
                ("Old".to_owned(), "rId1".to_owned())
            ]
        );
        let targets = relationship_targets(rels, &|n: &str| n.to_ascii_lowercase());
        assert_eq!(targets["rId2"], "xl/worksheets/sheet1.xml");
        assert_eq!(targets["rId1"], "xl/worksheets/sheet2.xml");
        assert_eq!(unescape(b"a&#233;&#xE9;&bogus;"), "a\u{e9}\u{e9}&bogus;");
    }
}
