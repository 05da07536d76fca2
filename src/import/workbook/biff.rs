//! The BIFF records of an xls workbook stream, walked as calamine 0.38 walks them, to
//! measure what opening the workbook would allocate.
//!
//! calamine parses every sheet when an xls is opened: it reserves each sheet's declared
//! dimensions, then builds dense grids over the bounding box of its cells. Both are
//! measured here before calamine runs, and an encrypted stream (a FilePass record) is
//! told apart. On the way the rows each sheet hides (ROW records with `fDyZero`) are
//! read, which calamine does not give.

use std::collections::HashMap;

use crate::import::ImportErrorKind;
use crate::model::SheetShape;

use super::cfb::{le_u16, le_u32};
use super::MAX_CELLS;

/// The most cells an xls sheet can hold (BIFF8: 65,536 rows by 256 columns); calamine
/// reserves room for a sheet's declared dimensions before reading it.
const XLS_MAX_DECLARED: u64 = 65_536 * 256;

/// One BIFF record: its type and data, with any CONTINUE records after it skipped, as
/// calamine's `RecordIter` does.
fn biff_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = le_u16(rest, 0);
        let len = le_u16(rest, 2) as usize;
        let record = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        while rest.len() > 4 && le_u16(rest, 0) == 0x003C {
            let len = le_u16(rest, 2) as usize;
            if rest.len() < len + 4 {
                return None;
            }
            rest = &rest[4 + len..];
        }
        Some((typ, record))
    })
}

/// A bounding box of cell positions.
#[derive(Debug, Default)]
struct Bounds(Option<(u32, u32, u32, u32)>);

impl Bounds {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

/// Refuses an encrypted xls, and one whose sheets calamine would expand into more than
/// [`MAX_CELLS`] cells or that declares more than any xls sheet can hold.
///
/// calamine 0.38 parses every sheet when the workbook is opened: it reserves the
/// sheet's declared DIMENSIONS, then builds a dense grid over the bounding box of the
/// cell records (values and formulas each). Both are measured here by walking the
/// same records: the BoundSheet offsets in the globals, then each sheet's records up
/// to its EOF, skipping embedded chart substreams. Where calamine would stop with an
/// error, the walk stops too.
///
/// Returns the rows each sheet hides, by sheet name (only sheets that hide any).
pub(super) fn check_size(stream: &[u8]) -> Result<HashMap<String, SheetShape>, ImportErrorKind> {
    let mut sheets = Vec::new();
    let mut biff8 = false;
    let encoding = code_page_encoding(stream);
    for (typ, data) in biff_records(stream) {
        match typ {
            0x0809 if data.len() >= 2 => biff8 = le_u16(data, 0) == 0x0600,
            // FilePass: the records after it are encrypted (calamine refuses it too,
            // except XOR obfuscation, which it would read as garbage).
            0x002F => return Err(ImportErrorKind::XlsEncrypted),
            0x0085 if data.len() >= 4 => {
                let name = sheet_name(&data[4..], biff8, encoding);
                sheets.push((le_u32(data, 0) as usize, name));
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    let mut shapes = HashMap::new();
    for (index, (pos, name)) in sheets.into_iter().enumerate() {
        let Some(sheet) = stream.get(pos..) else {
            continue;
        };
        let (values, formulas, hidden_rows) = xls_sheet_bounds(sheet, index)?;
        if let (false, Some(name)) = (hidden_rows.is_empty(), name) {
            let shape = SheetShape {
                hidden_rows,
                ..SheetShape::default()
            };
            shapes.insert(name, shape);
        }
        total = total
            .saturating_add(values.cells())
            .saturating_add(formulas.cells());
        if total > MAX_CELLS {
            return Err(ImportErrorKind::TooLarge(format!(
                "the sheets span {total} cells, more than {MAX_CELLS}"
            )));
        }
    }
    Ok(shapes)
}

/// A BoundSheet record's name (after its offset): in BIFF8 a short Unicode string
/// (8-bit when its high bytes are all zero), before in the workbook's code page.
fn sheet_name(
    data: &[u8],
    biff8: bool,
    encoding: &'static encoding_rs::Encoding,
) -> Option<String> {
    let len = usize::from(*data.get(2)?);
    if !biff8 {
        let bytes = data.get(3..3 + len)?;
        return Some(encoding.decode_without_bom_handling(bytes).0.into_owned());
    }
    let wide = data.get(3)? & 1 == 1;
    if wide {
        let units: Vec<u16> = data
            .get(4..4 + 2 * len)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(
            data.get(4..4 + len)?
                .iter()
                .map(|b| char::from(*b))
                .collect(),
        )
    }
}

/// The encoding of the code page an xls declares (Windows-1252 when it declares none
/// or one without a decoder).
fn code_page_encoding(stream: &[u8]) -> &'static encoding_rs::Encoding {
    biff_records(stream)
        .take_while(|(typ, _)| *typ != 0x000A)
        .find(|(typ, data)| *typ == 0x0042 && data.len() >= 2)
        .and_then(|(_, data)| codepage::to_encoding(le_u16(data, 0)))
        .unwrap_or(encoding_rs::WINDOWS_1252)
}

/// The code page calamine is to read an xls's text in, when it would not know the one
/// the workbook declares (its CodePage record): the two numbers MS-XLS gives the Mac
/// Roman and Windows-1252 code pages of old Excel versions are told by their usual
/// numbers; a code page encoding_rs has no decoder for refuses the file, naming it.
/// `None`: calamine reads the declared one.
pub(super) fn code_page(stream: &[u8]) -> Result<Option<u16>, ImportErrorKind> {
    let declared = biff_records(stream)
        .take_while(|(typ, _)| *typ != 0x000A)
        .find(|(typ, data)| *typ == 0x0042 && data.len() >= 2)
        .map(|(_, data)| le_u16(data, 0));
    match declared {
        None => Ok(None),
        Some(code) if codepage::to_encoding(code).is_some() => Ok(None),
        Some(0x8000) => Ok(Some(10000)),
        Some(0x8001) => Ok(Some(1252)),
        Some(code) => Err(ImportErrorKind::CodePage(code)),
    }
}

/// The bounding boxes of one xls sheet's value and formula cells, and the rows it
/// hides (1-based, ascending).
fn xls_sheet_bounds(
    sheet: &[u8],
    index: usize,
) -> Result<(Bounds, Bounds, Vec<u32>), ImportErrorKind> {
    let mut values = Bounds::default();
    let mut formulas = Bounds::default();
    let mut hidden = Vec::new();
    let mut seen_bof = false;
    let mut depth = 0usize;
    let cell = |data: &[u8]| (u32::from(le_u16(data, 0)), u32::from(le_u16(data, 2)));
    for (typ, data) in biff_records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => {
                // calamine stops at a malformed DIMENSIONS record: nothing reserved.
                let declared = xls_declared_cells(data).unwrap_or(0);
                if declared > XLS_MAX_DECLARED {
                    return Err(ImportErrorKind::TooLarge(format!(
                        "sheet {} declares {declared} cells, more than an xls sheet holds",
                        index + 1
                    )));
                }
            }
            // Number, Label, RString, BoolErr, RK, LabelSst.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD if data.len() >= 4 => {
                let (r, c) = cell(data);
                values.add(r, c);
            }
            // MulRk: one row, a run of columns.
            0x00BD if data.len() >= 6 => {
                let (r, first) = cell(data);
                let count = (data.len() - 6) / 6;
                if count > 0 {
                    values.add(r, first);
                    values.add(r, first + count as u32 - 1);
                }
            }
            // Formula: its cached value and its text.
            0x0006 if data.len() >= 20 => {
                let (r, c) = cell(data);
                values.add(r, c);
                formulas.add(r, c);
            }
            // Row: its option flags' fDyZero (0x20) hides it.
            0x0208 if data.len() >= 14 && le_u16(data, 12) & 0x20 != 0 => {
                hidden.push(u32::from(le_u16(data, 0)) + 1);
            }
            0x000A => break,
            _ => {}
        }
    }
    hidden.sort_unstable();
    hidden.dedup();
    Ok((values, formulas, hidden))
}

/// The cells a DIMENSIONS record makes calamine reserve, with its arithmetic (rows are
/// 32-bit in BIFF8, and calamine's subtraction wraps in release builds).
fn xls_declared_cells(data: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(le_u16(data, 0)),
            u32::from(le_u16(data, 2)),
            u32::from(le_u16(data, 4)),
            u32::from(le_u16(data, 6)),
        ),
        14 | 16 => (
            le_u32(data, 0),
            le_u32(data, 4),
            u32::from(le_u16(data, 8)),
            u32::from(le_u16(data, 10)),
        ),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    Some(rows.saturating_mul(cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_xls_declared_sizes_as_calamine() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend_from_slice(&rl.to_le_bytes());
            d.extend_from_slice(&cf.to_le_bytes());
            d.extend_from_slice(&cl.to_le_bytes());
            d.extend_from_slice(&[0, 0]);
            d
        };
        let cases: Vec<(&str, Vec<u8>, Option<u64>)> = vec![
            ("ten by eight", dims(0, 10, 0, 8), Some(80)),
            ("offset start", dims(5, 10, 2, 4), Some(10)),
            ("empty sheet", dims(0, 0, 0, 0), Some(1)),
            ("bad first column reset", dims(0, 2, 300, 3), Some(6)),
            (
                "wrapping rows",
                dims(10, 5, 0, 1),
                Some(u64::from(u32::MAX) - 4),
            ),
            (
                "biff5 short form",
                vec![0, 0, 3, 0, 0, 0, 2, 0, 0, 0],
                Some(6),
            ),
            ("malformed", vec![1, 2, 3], None),
        ];
        for (name, data, want) in cases {
            assert_eq!(xls_declared_cells(&data), want, "{name}");
        }
    }
}
