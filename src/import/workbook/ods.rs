//! What calamine's ODS reader would allocate, measured from the raw XML before it runs.
//!
//! calamine parses every sheet of an ODS into a dense grid when the file is opened,
//! expanding `number-rows-repeated` and `number-columns-repeated`: a 1 KB file can ask
//! for 10^18 cells. [`OdsScan`] walks `content.xml` once, byte by byte, mirroring
//! calamine's arithmetic without building anything, so that such a file is refused
//! before calamine sees it. On the way it reads what calamine does not give: the
//! merged regions (`table:number-rows-spanned`, `table:number-columns-spanned`) and
//! the hidden rows (`table:visibility="collapse"`, as ODF spells it, or `"filter"`)
//! of each sheet.

use std::collections::HashMap;
use std::io::Read;

use crate::import::ImportErrorKind;
use crate::model::{CellRange, SheetShape, SourceCell};

use super::archive::{too_big_part, MAX_PART_BYTES};
use super::shape::unescape;
use super::xml::{attr_value, contains};
use super::{Bytes, MAX_CELLS};

/// An OOXML or ODS tag longer than this is not from any office suite.
const MAX_TAG_BYTES: usize = 1 << 20;

/// Refuses an ODS whose sheets calamine would expand into more than [`MAX_CELLS`]
/// cells. calamine parses every sheet into a dense grid when the file is opened,
/// expanding `number-rows-repeated` and `number-columns-repeated`; a 1 KB file can
/// ask for 10^18 cells, and calamine's own limit (10^8) still means gigabytes.
///
/// Also returns what the scan read of the sheets beside their values.
pub(super) fn check_size(
    zip: &mut zip::ZipArchive<Bytes<'_>>,
) -> Result<OdsSheets, ImportErrorKind> {
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(OdsSheets::default()); // calamine reports the missing part
    };
    let mut scan = OdsScan::default();
    let mut reader = content.take(MAX_PART_BYTES + 1);
    let mut buf = vec![0u8; 64 * 1024];
    let mut read = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        read += n as u64;
        if read > MAX_PART_BYTES {
            return Err(too_big_part("content.xml"));
        }
        scan.feed(&buf[..n])?;
        if scan.cost() > MAX_CELLS {
            break;
        }
    }
    let cost = scan.cost();
    if cost > MAX_CELLS {
        return Err(ImportErrorKind::TooLarge(format!(
            "row and column repeats expand the sheets to about {cost} cells, more than {MAX_CELLS}"
        )));
    }
    Ok(OdsSheets {
        loose: scan.loose,
        shapes: scan.shapes,
    })
}

/// What the scan of an ODS's `content.xml` found beside its size.
#[derive(Debug, Default)]
pub(super) struct OdsSheets {
    /// A row holds text or comments between its cells, which calamine does not expect
    /// ([`super::repair`]).
    pub(super) loose: bool,
    /// The merged regions and hidden rows of each sheet that has any, by sheet name.
    pub(super) shapes: HashMap<String, SheetShape>,
}

/// The most hidden rows kept from one file: a sheet may hide a million empty rows.
const MAX_HIDDEN_ROWS: usize = 1_048_576;

/// calamine's ODS limits: rows per sheet and cells per row.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// Where the ODS tag scanner is in the XML text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum XmlState {
    #[default]
    Text,
    /// Inside `<...>`; the quote character when inside an attribute value.
    Tag(Option<u8>),
    Comment,
    CData,
    Instruction,
}

/// Measures what calamine's ODS reader would allocate, from the raw XML of
/// content.xml, without building anything.
///
/// It mirrors calamine 0.38's `read_table`/`read_row`/`get_range`: per row element,
/// the cells pushed (empty runs before a value, value runs, capped at 16,384 per row);
/// rows capped at 1,048,576 per sheet; then the dense grid from the first to the last
/// row with a value, across the widest columns, for values and again for formulas.
/// Any tag-like text (in comments or CDATA too) is counted, so the estimate only errs
/// upward.
#[derive(Debug, Default)]
struct OdsScan {
    state: XmlState,
    tag: Vec<u8>,
    /// The last two bytes seen, to find `-->`, `]]>` and `?>` across chunks.
    tail: [u8; 2],
    table_depth: u32,
    table: OdsTable,
    row: Option<OdsRow>,
    /// Cells of finished sheets.
    done: u64,
    /// Inside a cell of the row being read.
    in_cell: bool,
    /// Inside the named expressions.
    in_names: bool,
    /// Text, a comment or an instruction was met where calamine expects only elements.
    loose: bool,
    /// The name of the sheet being read.
    name: String,
    /// The merged regions and hidden rows of the sheet being read.
    shape: SheetShape,
    /// Those of the sheets read, by name (only sheets that have any).
    shapes: HashMap<String, SheetShape>,
    /// Hidden rows kept so far, all sheets together.
    hidden_kept: usize,
}

#[derive(Debug, Default)]
struct OdsTable {
    rows: u64,
    raw: u64,
    started: bool,
    dense_rows: u64,
    dense_elements: u64,
    pending_rows: u64,
    pending_elements: u64,
    col_min: u64,
    col_max: u64,
}

#[derive(Debug, Default)]
struct OdsRow {
    /// The row's 0-based position in the sheet.
    at: u64,
    /// The column (0-based) of the next cell.
    col: u64,
    repeats: u64,
    len: u64,
    pending_empty: u64,
    first: Option<u64>,
    last: u64,
}

impl OdsTable {
    fn cost(&self) -> u64 {
        let width = if self.started {
            self.col_max.saturating_sub(self.col_min) + 1
        } else {
            0
        };
        let dense = self
            .dense_rows
            .max(self.dense_elements)
            .saturating_mul(width);
        // Values and formulas each get a raw list and a dense grid.
        self.raw.saturating_add(dense).saturating_mul(2)
    }
}

impl OdsScan {
    fn cost(&self) -> u64 {
        self.done.saturating_add(self.table.cost())
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), ImportErrorKind> {
        for &b in chunk {
            match self.state {
                XmlState::Text => {
                    if b == b'<' {
                        self.state = XmlState::Tag(None);
                        self.tag.clear();
                    } else {
                        self.loose |= self.elements_only();
                    }
                }
                XmlState::Tag(Some(q)) => {
                    if b == q {
                        self.state = XmlState::Tag(None);
                    }
                    self.push_tag(b)?;
                }
                XmlState::Tag(None) => {
                    if b == b'>' {
                        self.state = XmlState::Text;
                        let tag = std::mem::take(&mut self.tag);
                        self.on_tag(&tag);
                        self.tag = tag;
                        continue;
                    }
                    self.push_tag(b)?;
                    if self.tag.first() == Some(&b'!') {
                        // Declarations carry no quotes worth tracking.
                        if self.tag == b"!--" {
                            self.state = XmlState::Comment;
                            self.loose |= self.elements_only();
                        } else if self.tag == b"![CDATA[" {
                            self.state = XmlState::CData;
                        }
                    } else if self.tag.first() == Some(&b'?') {
                        self.state = XmlState::Instruction;
                        self.loose |= self.elements_only();
                    } else if b == b'"' || b == b'\'' {
                        self.state = XmlState::Tag(Some(b));
                    }
                }
                XmlState::Comment => {
                    if b == b'>' && self.tail == *b"--" {
                        self.state = XmlState::Text;
                    }
                }
                XmlState::CData => {
                    if b == b'>' && self.tail == *b"]]" {
                        self.state = XmlState::Text;
                    }
                }
                XmlState::Instruction => {
                    if b == b'>' && self.tail[1] == b'?' {
                        self.state = XmlState::Text;
                    }
                }
            }
            self.tail = [self.tail[1], b];
        }
        Ok(())
    }

    /// Whether calamine expects nothing but elements here: directly inside a row of a
    /// sheet, or inside the named expressions.
    fn elements_only(&self) -> bool {
        (self.table_depth == 1 && self.row.is_some() && !self.in_cell) || self.in_names
    }

    fn push_tag(&mut self, b: u8) -> Result<(), ImportErrorKind> {
        if self.tag.len() >= MAX_TAG_BYTES {
            return Err(ImportErrorKind::TooLarge(format!(
                "an XML tag longer than {} MiB",
                MAX_TAG_BYTES >> 20
            )));
        }
        self.tag.push(b);
        Ok(())
    }

    fn on_tag(&mut self, tag: &[u8]) {
        let (end, body) = match tag.strip_prefix(b"/") {
            Some(body) => (true, body),
            None => (false, tag),
        };
        let empty = body.last() == Some(&b'/');
        let name_len = body
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(body.len());
        let (name, attrs) = body.split_at(name_len);
        match (name, end) {
            (b"table:table", false) if !empty => {
                self.table_depth += 1;
                if self.table_depth == 1 {
                    self.table = OdsTable::default();
                    self.name = attr_value(attrs, b"table:name").map_or_else(String::new, unescape);
                    self.shape = SheetShape::default();
                }
            }
            (b"table:table", true) => {
                if self.table_depth == 1 {
                    self.end_row();
                    self.done = self.done.saturating_add(self.table.cost());
                    self.table = OdsTable::default();
                    let shape = std::mem::take(&mut self.shape);
                    if !shape.merged.is_empty() || !shape.hidden_rows.is_empty() {
                        self.shapes.insert(std::mem::take(&mut self.name), shape);
                    }
                }
                self.table_depth = self.table_depth.saturating_sub(1);
            }
            // Rows of a table nested in a cell are skipped with the cell, as calamine does.
            (b"table:table-row", false) if self.table_depth == 1 => {
                self.end_row();
                let repeats = attr_number(attrs, b"table:number-rows-repeated");
                let remaining = ODS_MAX_ROWS.saturating_sub(self.table.rows);
                let repeats = repeats.min(remaining);
                let at = self.table.rows;
                self.table.rows += repeats;
                if matches!(
                    attr_value(attrs, b"table:visibility"),
                    Some(b"collapse" | b"filter")
                ) {
                    self.hide_rows(at, repeats);
                }
                self.row = Some(OdsRow {
                    at,
                    repeats,
                    ..OdsRow::default()
                });
                if empty {
                    self.end_row();
                }
            }
            (b"table:table-row", true) if self.table_depth == 1 => self.end_row(),
            (b"table:table-cell" | b"table:covered-table-cell", false) if self.table_depth == 1 => {
                if let Some(row) = self.row.as_mut() {
                    let repeats = attr_number(attrs, b"table:number-columns-repeated");
                    if let Some(region) = merged_region(row, attrs) {
                        self.shape.merged.push(region);
                    }
                    row.col = row.col.saturating_add(repeats);
                    row.cell(repeats, has_value(attrs));
                    self.in_cell = !empty;
                }
            }
            (b"table:table-cell" | b"table:covered-table-cell", true) if self.table_depth == 1 => {
                self.in_cell = false;
            }
            (b"table:named-expressions", false) => self.in_names = !empty,
            (b"table:named-expressions", true) => self.in_names = false,
            _ => {}
        }
    }

    /// Notes `count` rows from the 0-based row `at` as hidden, within the file's
    /// [`MAX_HIDDEN_ROWS`].
    fn hide_rows(&mut self, at: u64, count: u64) {
        let room = MAX_HIDDEN_ROWS.saturating_sub(self.hidden_kept);
        let count = usize::try_from(count).unwrap_or(usize::MAX).min(room);
        self.hidden_kept += count;
        let first = at + 1;
        let rows = (first..).take(count).filter_map(|r| u32::try_from(r).ok());
        self.shape.hidden_rows.extend(rows);
    }

    fn end_row(&mut self) {
        self.in_cell = false;
        let Some(row) = self.row.take() else {
            return;
        };
        let t = &mut self.table;
        t.raw = t.raw.saturating_add(row.len);
        match row.first {
            Some(first) => {
                if t.started {
                    t.dense_rows = t.dense_rows.saturating_add(t.pending_rows + row.repeats);
                    t.dense_elements += t.pending_elements + 1;
                    t.col_min = t.col_min.min(first);
                    t.col_max = t.col_max.max(row.last);
                } else {
                    t.started = true;
                    t.dense_rows = row.repeats;
                    t.dense_elements = 1;
                    t.col_min = first;
                    t.col_max = row.last;
                }
                t.pending_rows = 0;
                t.pending_elements = 0;
            }
            None => {
                if t.started {
                    t.pending_rows = t.pending_rows.saturating_add(row.repeats);
                    t.pending_elements += 1;
                }
            }
        }
    }
}

impl OdsRow {
    /// One cell element: calamine pushes the empty run before a value, then the
    /// value's repeats, each capped to the row's 16,384 columns.
    fn cell(&mut self, repeats: u64, value: bool) {
        let flush = self.pending_empty.min(ODS_MAX_COLUMNS - self.len);
        self.len += flush;
        self.pending_empty = 0;
        let repeats = repeats.min(ODS_MAX_COLUMNS - self.len);
        if !value {
            self.pending_empty = repeats;
        } else if repeats > 0 {
            self.first.get_or_insert(self.len);
            self.len += repeats;
            self.last = self.len - 1;
        }
    }
}

/// The region a cell spans when it is merged over others (its spans written on it,
/// the cells it covers written as `table:covered-table-cell`), at the cell's place.
fn merged_region(row: &OdsRow, attrs: &[u8]) -> Option<CellRange> {
    let rows = attr_number(attrs, b"table:number-rows-spanned").max(1);
    let cols = attr_number(attrs, b"table:number-columns-spanned").max(1);
    if rows == 1 && cols == 1 {
        return None;
    }
    let cell = |row: u64, col: u64| {
        Some(SourceCell {
            row: u32::try_from(row).ok()?,
            col: u32::try_from(col).ok()?,
        })
    };
    Some(CellRange {
        first: cell(row.at + 1, row.col)?,
        last: cell(
            row.at.saturating_add(rows),
            row.col.saturating_add(cols - 1),
        )?,
    })
}

/// A numeric attribute's value, 1 when absent or unreadable (calamine then fails).
fn attr_number(attrs: &[u8], name: &[u8]) -> u64 {
    attr_value(attrs, name)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

/// Whether a cell tag may hold a value or formula for calamine: any `office:` value
/// attribute, a formula, or a LibreOffice error type. Styled empty cells have none.
fn has_value(attrs: &[u8]) -> bool {
    contains(attrs, b"office:") || contains(attrs, b"table:formula") || contains(attrs, b"calcext:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_ods_declared_sizes() {
        let cell = |attrs: &str| format!("<table:table-cell {attrs}/>");
        let row = |attrs: &str, cells: &str| {
            format!("<table:table-row {attrs}>{cells}</table:table-row>")
        };
        let cases: Vec<(&str, String, u64)> = vec![
            ("one value", row("", &cell(r#"office:value="1""#)), 4),
            (
                "trailing empties are free",
                row(
                    "",
                    &format!(
                        "{}{}",
                        cell(r#"office:value="1""#),
                        cell(r#"table:number-columns-repeated="9999""#)
                    ),
                ),
                4,
            ),
            (
                "repeated rows of values",
                row(
                    r#"table:number-rows-repeated="10""#,
                    &cell(r#"office:value="1" table:number-columns-repeated="3""#),
                ),
                2 * (3 + 30),
            ),
            (
                "empty rows between values count",
                format!(
                    "{}{}{}",
                    row("", &cell(r#"office:value="1""#)),
                    row(r#"table:number-rows-repeated="5""#, &cell("")),
                    row("", &cell(r#"office:value="1""#))
                ),
                2 * (2 + 7),
            ),
            (
                "rows capped like calamine",
                row(
                    r#"table:number-rows-repeated="99999999""#,
                    &cell(r#"office:value="1""#),
                ),
                2 * (1 + 1_048_576),
            ),
            (
                "a quoted > does not end a tag",
                row("", &cell(r#"table:formula="of:=[.A1]>0" office:value="1""#)),
                4,
            ),
        ];
        for (name, body, want) in cases {
            let xml = format!("<table:table table:name=\"S\">{body}</table:table>");
            let mut scan = OdsScan::default();
            // Fed byte by byte: chunk boundaries must not matter.
            for b in xml.as_bytes() {
                scan.feed(std::slice::from_ref(b)).unwrap();
            }
            assert_eq!(scan.cost(), want, "{name}");
        }
    }
}
