//! Delimited text (CSV, TSV, semicolon- or pipe-separated) into one raw sheet.
//!
//! CSV exports arrive in whatever encoding and dialect the sending office's software
//! chose, so both are detected, never configured. UTF-16 (with a byte-order mark, or
//! told by its NUL bytes) is decoded as a whole; anything else is parsed as bytes and
//! decoded field by field: UTF-8 (with or without a byte-order mark) where it is valid,
//! else Windows-1252. A file with no UTF-8 at all is a Windows-1252 export, said once
//! in a note; in a UTF-8 file, a cell that is not UTF-8 (two exports pasted together,
//! a damaged byte) is read as Windows-1252 and named in a warning, and no other row is
//! touched. The delimiter is the one whose field counts are the most consistent over
//! the first records. Every value stays text; typing is the normalisers' job. Bytes
//! that are mostly control characters (an image or archive misnamed `.csv`) are
//! refused rather than read as garbage rows. The text is read a block at a time and
//! never held whole (UTF-16 excepted), so a large export costs the memory of its rows.
//!
//! Rows are numbered as a spreadsheet program opening the file would show them: one
//! row per record (a quoted line break does not start a row), and a blank line is a
//! blank row. The parser (csv-core) skips blank lines and counts bytes, not rows,
//! so row numbers are counted here from the line breaks between records.

use std::io::Read;
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::workbook::MAX_CELLS;
use crate::diagnostic::{Diagnostic, Kind};
use crate::model::Location;

use super::{overlong_row, ImportError, ImportErrorKind, RawFile, MAX_CELL_BYTES, MAX_FILE_BYTES};
use crate::model::SourceCell;
use crate::model::TextPool;
use crate::model::{CellValue, RawRow, RawSheet, RejectedRow, SheetShape};

/// The delimiters tried, in order of preference when they score the same.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records the delimiter detection looks at.
const SAMPLE_RECORDS: usize = 50;

/// How much of the text the delimiter detection reads at most.
const DETECT_BYTES: usize = 1 << 20;

/// How much of the text is checked for binary content.
const BINARY_SAMPLE_BYTES: usize = 64 * 1024;

/// Reads delimited text held in memory into one sheet without a name (see
/// [`read_from`]).
pub fn read(display: &str, bytes: &[u8]) -> Result<RawFile, ImportError> {
    read_from(display, &mut &bytes[..])
}

/// Reads delimited text from `src` into one sheet without a name, a block at a time:
/// the file is never held whole (UTF-16 excepted, which is decoded as a whole and so
/// limited to [`MAX_FILE_BYTES`] bytes).
///
/// Never fails on text: undecodable bytes and odd dialects become warnings or
/// best-effort rows. Fails when the bytes are evidently not text at all, when the
/// file cannot be read, or when it holds more than [`MAX_CELLS`] cells.
pub fn read_from(display: &str, src: &mut dyn Read) -> Result<RawFile, ImportError> {
    let fail = ImportError::of(display);
    let mut head = Vec::new();
    src.take(DETECT_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| fail(ImportErrorKind::Io(e)))?;
    // A UTF-32 byte-order mark begins with UTF-16's: UTF-32 is told first.
    if utf32_order(&head).is_some() {
        return read_whole(display, head, src, decode_utf32);
    }
    let bom = match Encoding::for_bom(&head) {
        Some((encoding, len)) if encoding == UTF_8 => len,
        Some(_) => return read_whole(display, head, src, decode_utf16),
        None if sniff_utf16(&head).is_some() => {
            return read_whole(display, head, src, decode_utf16)
        }
        None => 0,
    };
    read_text(display, head, bom, src, Vec::new(), bom == 0)
}

/// Decodes UTF-16 or UTF-32 text as UTF-8, with the warning the text is worth.
type Decoder = fn(&[u8]) -> (Vec<u8>, Option<Kind>);

/// UTF-16 or UTF-32 text (`head` and the rest of `src`), decoded as a whole by
/// `decode`.
fn read_whole(
    display: &str,
    mut bytes: Vec<u8>,
    src: &mut dyn Read,
    decode: Decoder,
) -> Result<RawFile, ImportError> {
    let fail = ImportError::of(display);
    src.take(MAX_FILE_BYTES + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(ImportErrorKind::Io(e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(ImportErrorKind::TooLarge(format!(
            "UTF-16 or UTF-32 text over {MAX_FILE_BYTES} bytes"
        ))));
    }
    let (text, kind) = decode(&bytes);
    drop(bytes);
    let diagnostics = kind
        .map(|kind| Diagnostic::new(Location::file(display), kind))
        .into_iter()
        .collect();
    read_text(display, text, 0, &mut std::io::empty(), diagnostics, false)
}

/// Parses `first[skip..]` then the rest of `src` into the file of one unnamed sheet,
/// the dialect told by `first`. `diagnostics` come first. When `may_be_1252`, text with
/// cells that are not UTF-8 and none that is beyond ASCII is a Windows-1252 export,
/// said once in a note instead of cell by cell.
fn read_text(
    display: &str,
    first: Vec<u8>,
    skip: usize,
    src: &mut dyn Read,
    mut diagnostics: Vec<Diagnostic>,
    may_be_1252: bool,
) -> Result<RawFile, ImportError> {
    let fail = ImportError::of(display);
    if looks_binary(&first[skip..]) {
        return Err(fail(ImportErrorKind::NotATable(
            "binary data, not text".to_owned(),
        )));
    }
    let delimiter = detect_delimiter(&first[skip..]);
    let parsed = parse(
        Window::new(first, skip, src),
        delimiter,
        display,
        &mut diagnostics,
    )
    .map_err(fail)?;
    if may_be_1252 && !parsed.not_utf8.is_empty() && !parsed.not_utf8.saw_utf8 {
        diagnostics.push(Diagnostic::new(
            Location::file(display),
            Kind::Windows1252File,
        ));
    } else {
        parsed.not_utf8.report(display, &mut diagnostics);
    }
    Ok(RawFile {
        sheets: vec![RawSheet {
            file: display.to_owned(),
            sheet: None,
            rows: parsed.rows,
            row_count: parsed.row_count,
            rejected: parsed.rejected,
            shape: SheetShape::default(),
        }],
        diagnostics,
    })
}

/// UTF-16 text (with a byte-order mark, or told by its NUL bytes) as UTF-8, and the
/// warning it is worth: replaced sequences, or a missing byte-order mark.
fn decode_utf16(bytes: &[u8]) -> (Vec<u8>, Option<Kind>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let kind = had_errors.then(|| Kind::Utf16Replaced {
            encoding: encoding.name(),
        });
        return (text.into_owned().into_bytes(), kind);
    }
    let encoding = sniff_utf16(bytes).unwrap_or(UTF_16LE);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let kind = Kind::Utf16WithoutBom {
        encoding: encoding.name(),
    };
    (text.into_owned().into_bytes(), Some(kind))
}

/// The byte order of UTF-32 text, big-endian first, and the length of its byte-order
/// mark: told by the mark, or by its NUL bytes (text of the first 65,536 characters
/// has two NULs in every four bytes, at the same places).
fn utf32_order(bytes: &[u8]) -> Option<(bool, usize)> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Some((false, 4));
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some((true, 4));
    }
    let quads: Vec<&[u8]> = bytes[..bytes.len().min(4096)].chunks_exact(4).collect();
    if quads.len() < 2 {
        return None;
    }
    // The high half of every character is zero; the lowest byte mostly is not.
    let high_zero = |big: bool| {
        quads.iter().all(|q| {
            if big {
                q[0] == 0 && q[1] == 0
            } else {
                q[2] == 0 && q[3] == 0
            }
        })
    };
    let low_set = |big: bool| {
        quads
            .iter()
            .filter(|q| q[if big { 3 } else { 0 }] != 0)
            .count()
    };
    let most = quads.len() * 4 / 5;
    if high_zero(false) && low_set(false) >= most {
        Some((false, 0))
    } else if high_zero(true) && low_set(true) >= most {
        Some((true, 0))
    } else {
        None
    }
}

/// UTF-32 text (with a byte-order mark, or told by its NUL bytes) as UTF-8, and the
/// warning it is worth: replaced sequences, or a missing byte-order mark. encoding_rs
/// decodes no UTF-32 (the web has none): each character is four bytes, a number.
fn decode_utf32(bytes: &[u8]) -> (Vec<u8>, Option<Kind>) {
    let (big, bom) = utf32_order(bytes).unwrap_or((false, 0));
    let encoding = if big { "UTF-32BE" } else { "UTF-32LE" };
    let mut text = String::with_capacity(bytes.len() / 4);
    let mut replaced = false;
    for quad in bytes[bom..].chunks(4) {
        let c = match *quad {
            [a, b, c, d] if big => char::from_u32(u32::from_be_bytes([a, b, c, d])),
            [a, b, c, d] => char::from_u32(u32::from_le_bytes([a, b, c, d])),
            _ => None,
        };
        replaced |= c.is_none();
        text.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    let kind = if replaced {
        Some(Kind::Utf32Replaced { encoding })
    } else if bom == 0 {
        Some(Kind::Utf32WithoutBom { encoding })
    } else {
        None
    };
    (text.into_bytes(), kind)
}

/// A field's text: UTF-8 when it is, else Windows-1252 (`false` as second value).
fn field_text(field: &[u8], shared: &mut TextPool) -> (Arc<str>, bool) {
    match std::str::from_utf8(field) {
        // A sector, a partner list, a date or a contact cell repeats from row to row
        // (what the shared-string table of a workbook does for its cells); longer texts
        // (descriptions) seldom do and are not looked up.
        Ok(text) if text.len() <= SHARED_TEXT_BYTES => (shared.get(text), true),
        Ok(text) => (Arc::from(text), true),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(field);
            (Arc::from(text), false)
        }
    }
}

/// Texts longer than this (descriptions) are seldom repeated and not shared.
const SHARED_TEXT_BYTES: usize = 256;

/// UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every high byte.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zero_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let most = pairs * 2 / 5;
    let few = pairs / 20;
    if zero_odd > most && zero_even <= few {
        Some(UTF_16LE)
    } else if zero_even > most && zero_odd <= few {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether the bytes are largely control characters: an image or archive, not a table.
/// A few stray NULs or other control bytes in real text stay below the threshold.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(BINARY_SAMPLE_BYTES)];
    let control = sample
        .iter()
        .filter(|b| (b.is_ascii_control()) && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0c'))
        .count();
    control >= 8 && control * 10 > sample.len()
}

/// Text read from a source a block at a time. Positions are counted from the start of
/// the text; what lies before the last [`Window::forget_before`] is gone.
struct Window<'s> {
    src: &'s mut dyn Read,
    buf: Vec<u8>,
    /// The position of `buf[0]`.
    base: usize,
    /// The source is exhausted.
    eof: bool,
    /// Why reading the source failed, if it did (the text then ends there).
    error: Option<std::io::Error>,
}

/// How much is read from the source at a time.
const BLOCK_BYTES: usize = 1 << 20;

impl<'s> Window<'s> {
    /// The text `first[skip..]` then the rest of `src`.
    fn new(mut first: Vec<u8>, skip: usize, src: &'s mut dyn Read) -> Self {
        first.drain(..skip.min(first.len()));
        Window {
            src,
            buf: first,
            base: 0,
            eof: false,
            error: None,
        }
    }

    /// The position after the last byte read so far.
    fn end(&self) -> usize {
        self.base + self.buf.len()
    }

    /// Reads the next block; false when nothing more comes.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        // A block, however few bytes each read of the source gives.
        let n = match (&mut self.src)
            .take(BLOCK_BYTES as u64)
            .read_to_end(&mut self.buf)
        {
            Ok(n) => n,
            Err(e) => {
                self.error = Some(e);
                0
            }
        };
        self.eof = n == 0;
        n > 0
    }

    /// The bytes from `from` to `to` (both read, `from` not forgotten).
    fn slice(&self, from: usize, to: usize) -> &[u8] {
        &self.buf[from - self.base..to - self.base]
    }

    /// Drops what lies before `pos`, once that is worth the move.
    fn forget_before(&mut self, pos: usize) {
        let dead = pos.saturating_sub(self.base).min(self.buf.len());
        if dead >= BLOCK_BYTES {
            self.buf.drain(..dead);
            self.base += dead;
        }
    }
}

/// Reads records one at a time from a [`Window`], in the dialect seen in workplan
/// exports: no header row (the layout stage finds it), ragged rows allowed, `"` quotes
/// with doubling. Keeps at most `cap` bytes of each field, and its full length.
///
/// The csv crate's own reader would hold a whole field, growing its buffer by doubling:
/// a 100 MB cell (a pasted dump, a runaway export) then costs a few times its size
/// before it can be refused. Here the parser beneath it (csv-core) writes into a fixed
/// scratch buffer, and what goes past a field's cap is dropped as it comes.
struct CappedRecords<'s> {
    core: csv_core::Reader,
    text: Window<'s>,
    /// Bytes of the text consumed so far.
    pos: usize,
    /// Where the previous record's content ended: its terminator, if it had one.
    prev_end: usize,
    /// The line breaks between the previous record's content and this one's.
    gap_breaks: usize,
    /// The last byte consumed.
    last: Option<u8>,
    cap: usize,
    scratch: Vec<u8>,
    ends: Vec<usize>,
    /// The kept bytes of the record read last, field after field.
    data: Vec<u8>,
    /// Its fields: where each ends in `data`, and its full length.
    fields: Vec<(usize, usize)>,
    /// Fields of the record past [`MAX_CELLS`], counted, not kept.
    more_fields: usize,
}

/// How much output the parser writes per call at most, and how many field ends.
const SCRATCH_BYTES: usize = 64 << 10;
const SCRATCH_ENDS: usize = 64;

impl<'s> CappedRecords<'s> {
    fn new(text: Window<'s>, delimiter: u8, cap: usize) -> Self {
        CappedRecords {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            text,
            pos: 0,
            prev_end: 0,
            gap_breaks: 0,
            last: None,
            cap,
            scratch: vec![0; SCRATCH_BYTES],
            ends: vec![0; SCRATCH_ENDS],
            data: Vec::new(),
            fields: Vec::new(),
            more_fields: 0,
        }
    }

    /// Reads the next record; false at the end of the text.
    fn read(&mut self) -> bool {
        use csv_core::ReadRecordResult as R;
        self.data.clear();
        self.fields.clear();
        self.more_fields = 0;
        // The record's own bytes start after the blank lines the parser skips: count
        // the line breaks since the previous record while they are at hand, a long run
        // of blank lines a block at a time.
        let mut start = self.pos;
        let mut gap_from = self.prev_end.min(start);
        let mut breaks = 0;
        loop {
            let ahead = self.text.slice(start, self.text.end());
            let blank = ahead
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            start += blank;
            if blank < ahead.len() {
                break;
            }
            if start - gap_from > BLOCK_BYTES {
                // Counted up to a cut that splits no CRLF, then forgotten.
                let mut cut = start;
                while cut > gap_from && self.text.slice(cut - 1, cut) == b"\r" {
                    cut -= 1;
                }
                breaks += line_breaks(self.text.slice(gap_from, cut));
                gap_from = cut;
                self.text.forget_before(cut);
                // The parser skips blank lines: it need not see these.
                self.pos = self.pos.max(cut);
            }
            if !self.text.fill() {
                break;
            }
        }
        self.gap_breaks = breaks + line_breaks(self.text.slice(gap_from, start));
        // The parser counts a record's output from the record's start, across calls.
        let mut written = 0usize;
        let mut field_start = 0usize;
        loop {
            // What a long record has passed is not needed again, but for its last byte
            // (the next record's gap may start there).
            self.text.forget_before(self.pos.saturating_sub(1));
            // An empty input tells the parser the text has ended.
            if self.pos == self.text.end() {
                self.text.fill();
            }
            let input = self.text.slice(self.pos, self.text.end());
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.scratch, &mut self.ends);
            if nin > 0 {
                self.last = Some(input[nin - 1]);
            }
            self.pos += nin;
            let mut from = written;
            for i in 0..nend {
                let end = self.ends[i];
                self.keep(from - written, end - written);
                if self.fields.len() as u64 <= MAX_CELLS {
                    self.fields.push((self.data.len(), end - field_start));
                } else {
                    // A record of commas alone would otherwise list every one.
                    self.more_fields += 1;
                }
                field_start = end;
                from = end;
            }
            self.keep(from - written, nout);
            written += nout;
            match res {
                R::Record => {
                    let after = self.pos;
                    self.prev_end = match self.last {
                        Some(b'\r' | b'\n') if after > start => after - 1,
                        _ => after,
                    };
                    return true;
                }
                R::End => return false,
                R::InputEmpty | R::OutputFull | R::OutputEndsFull => {}
            }
        }
    }

    /// The line breaks between the record read last and the one before (or the
    /// start of the text): the blank rows before it, plus one.
    fn gap_breaks(&self) -> usize {
        self.gap_breaks
    }

    /// Appends `scratch[from..to]` to the field being read, up to the cap.
    fn keep(&mut self, from: usize, to: usize) {
        let field_from = self.fields.last().map_or(0, |f| f.0);
        let room = self.cap.saturating_sub(self.data.len() - field_from);
        let to = to.min(from.saturating_add(room));
        self.data.extend_from_slice(&self.scratch[from..to]);
    }

    /// The fields of the record read last: the kept bytes and the full length of each.
    fn fields(&self) -> impl Iterator<Item = (&[u8], usize)> + '_ {
        let data = &self.data;
        let mut from = 0;
        self.fields.iter().map(move |&(end, len)| {
            let field = &data[from..end];
            from = end;
            (field, len)
        })
    }

    /// How many fields the record read last has.
    fn len(&self) -> usize {
        self.fields.len() + self.more_fields
    }
}

/// Picks the delimiter whose field counts agree best over the first records.
///
/// A delimiter that never splits a record scores nothing, so a one-column file falls
/// back to comma. Ties go to the earlier delimiter in [`DELIMITERS`].
fn detect_delimiter(text: &[u8]) -> u8 {
    // The first records are enough, and a huge first cell is not read five times.
    let text = &text[..text.len().min(DETECT_BYTES)];
    let mut best = (0.0f64, DELIMITERS[0]);
    for delimiter in DELIMITERS {
        let score = consistency(text, delimiter);
        if score > best.0 {
            best = (score, delimiter);
        }
    }
    best.1
}

/// The share of sampled records that have the most common field count, or 0 when that
/// count is 1 (the delimiter does not occur).
fn consistency(text: &[u8], delimiter: u8) -> f64 {
    // Only the field counts matter here, not the fields.
    let mut src = text;
    let mut records = CappedRecords::new(Window::new(Vec::new(), 0, &mut src), delimiter, 0);
    let mut counts: Vec<(usize, usize)> = Vec::new();
    let mut total = 0usize;
    while total < SAMPLE_RECORDS && records.read() {
        total += 1;
        let n = records.len();
        match counts.iter_mut().find(|(len, _)| *len == n) {
            Some((_, seen)) => *seen += 1,
            None => counts.push((n, 1)),
        }
    }
    // The most common count; among equally common ones the widest.
    let Some(&(fields, seen)) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
    else {
        return 0.0;
    };
    if fields < 2 {
        return 0.0;
    }
    seen as f64 / total as f64
}

/// The rows of a CSV file, as [`parse`] read them.
struct Parsed {
    rows: Vec<RawRow>,
    /// The number of the last record's row.
    row_count: u32,
    /// Rows with a cell longer than [`MAX_CELL_BYTES`].
    rejected: Vec<RejectedRow>,
    /// Cells that were not UTF-8.
    not_utf8: NotUtf8,
}

/// Parses every record into rows numbered as a spreadsheet program shows them.
///
/// Fails only when the file holds more than [`MAX_CELLS`] cells.
fn parse(
    text: Window<'_>,
    delimiter: u8,
    display: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Parsed, ImportErrorKind> {
    let mut records = CappedRecords::new(text, delimiter, MAX_CELL_BYTES);
    let mut out = Parsed {
        rows: Vec::new(),
        row_count: 0,
        rejected: Vec::new(),
        not_utf8: NotUtf8::default(),
    };
    let mut held: u64 = 0;
    let mut row: u64 = 0;
    let mut shared = TextPool::default();
    while records.read() {
        let breaks = records.gap_breaks() as u64;
        row += if row == 0 { breaks + 1 } else { breaks.max(1) };
        let number = u32::try_from(row).unwrap_or(u32::MAX);
        if records.fields().any(|(_, len)| len > MAX_CELL_BYTES) {
            // Only a preview of an overlong cell was kept, and is decoded.
            let cells = records
                .fields()
                .map(|(shown, len)| (String::from_utf8_lossy(shown).into_owned(), len))
                .collect();
            let (warning, rejected) = overlong_row(display, None, number, cells);
            diagnostics.push(warning);
            out.rejected.push(rejected);
            continue;
        }
        held += records.len() as u64;
        if held > MAX_CELLS {
            return Err(ImportErrorKind::TooLarge(format!(
                "more than {MAX_CELLS} cells"
            )));
        }
        let cells = cells(
            records.fields().map(|(field, _)| field),
            number,
            &mut out.not_utf8,
            &mut shared,
        );
        if cells.iter().any(|c| !c.is_blank()) {
            out.rows.push(RawRow { number, cells });
        }
    }
    if let Some(e) = records.text.error.take() {
        return Err(ImportErrorKind::Io(e));
    }
    out.row_count = u32::try_from(row).unwrap_or(u32::MAX);
    Ok(out)
}

/// The most cells that are not UTF-8 named one by one in diagnostics.
const MAX_NAMED_CELLS: usize = 20;

/// Cells that were not UTF-8, and whether any cell held UTF-8 beyond ASCII.
#[derive(Default)]
struct NotUtf8 {
    cells: Vec<SourceCell>,
    more: usize,
    last_row: u32,
    /// A cell held a UTF-8 character that is not ASCII: the file is UTF-8.
    saw_utf8: bool,
}

impl NotUtf8 {
    /// Every cell was UTF-8.
    fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    fn add(&mut self, cell: SourceCell) {
        if self.cells.len() < MAX_NAMED_CELLS {
            self.cells.push(cell);
        } else {
            self.more += 1;
            self.last_row = cell.row;
        }
    }

    /// One warning per cell (the first few), then one for the rest.
    fn report(self, display: &str, diagnostics: &mut Vec<Diagnostic>) {
        for &cell in &self.cells {
            let place = Location::file(display).with_cell(cell, None);
            diagnostics.push(Diagnostic::new(place, Kind::CellNotUtf8));
        }
        if self.more > 0 {
            let kind = Kind::MoreCellsNotUtf8 {
                count: self.more,
                last_row: self.last_row,
            };
            diagnostics.push(Diagnostic::new(Location::file(display), kind));
        }
    }
}

/// Counts line breaks as a spreadsheet program does: CRLF, lone CR and lone LF each
/// end one line.
fn line_breaks(gap: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < gap.len() {
        match gap[i] {
            b'\r' => {
                n += 1;
                if gap.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => n += 1,
            _ => {}
        }
        i += 1;
    }
    n
}

/// A record's fields as text cells, empty fields as empty cells, without trailing
/// empty cells. A field that is not UTF-8 is read as Windows-1252 and noted, unless the
/// whole file is (then nothing in it is UTF-8 and a note was given for the file).
fn cells<'f>(
    fields: impl Iterator<Item = &'f [u8]>,
    row: u32,
    not_utf8: &mut NotUtf8,
    shared: &mut TextPool,
) -> Vec<CellValue> {
    let mut cells: Vec<CellValue> = fields
        .enumerate()
        .map(|(col, field)| {
            if field.is_empty() {
                return CellValue::Empty;
            }
            let (text, utf8) = field_text(field, shared);
            if !utf8 {
                let col = u32::try_from(col).unwrap_or(u32::MAX);
                not_utf8.add(SourceCell { row, col });
            } else if !not_utf8.saw_utf8 && !text.is_ascii() {
                not_utf8.saw_utf8 = true;
            }
            CellValue::Text(text)
        })
        .collect();
    while cells.last() == Some(&CellValue::Empty) {
        cells.pop();
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file's diagnostics as the terminal shows them.
    fn said(file: &RawFile) -> Vec<String> {
        file.diagnostics.iter().map(ToString::to_string).collect()
    }

    /// Numbered rows of texts.
    type Rows = Vec<(u32, Vec<String>)>;

    /// A name, the file's bytes, the first row's texts and the warning.
    type EncodingCase = (
        &'static str,
        Vec<u8>,
        Vec<&'static str>,
        Option<&'static str>,
    );

    fn texts(file: &RawFile) -> Rows {
        file.sheets[0]
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(CellValue::to_text).collect()))
            .collect()
    }

    fn row(n: u32, cells: &[&str]) -> (u32, Vec<String>) {
        (n, cells.iter().map(|s| s.to_string()).collect())
    }

    /// Every record as the capped reader reads it: each field's kept bytes and length.
    fn capped(input: &[u8], cap: usize) -> Vec<Vec<(Vec<u8>, usize)>> {
        let mut src = input;
        let mut records = CappedRecords::new(Window::new(Vec::new(), 0, &mut src), b',', cap);
        let mut out = Vec::new();
        while records.read() {
            out.push(records.fields().map(|(f, len)| (f.to_vec(), len)).collect());
        }
        out
    }

    /// A source that hands out at most `.1` bytes per read.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Rows, row count and warnings of `text` parsed from `src`.
    fn parsed(src: &mut dyn Read) -> (Rows, u32, Vec<Diagnostic>) {
        let mut warnings = Vec::new();
        let p = parse(
            Window::new(Vec::new(), 0, src),
            b',',
            "t.csv",
            &mut warnings,
        )
        .unwrap();
        let rows = p
            .rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(CellValue::to_text).collect()))
            .collect();
        (rows, p.row_count, warnings)
    }

    #[test]
    fn text_read_a_few_bytes_at_a_time_gives_the_same_rows() {
        // Blank lines of every kind, quoted line breaks, a long cell, over 3 MiB in all,
        // so that blocks end anywhere and the window forgets what it has passed.
        let unit = "a,b,c\r\n\r\n\"x\r\ny\",2,\"q\"\"q\"\n\r\r1,,3\n\n\n".to_owned()
            + &"long ".repeat(300)
            + ",z\r\n";
        let text = unit.repeat(3 * (BLOCK_BYTES / unit.len()) + 7);
        let whole = parsed(&mut text.as_bytes());
        assert!(whole.0.len() > 5_000, "{} rows", whole.0.len());
        assert_eq!(
            whole.0[..3],
            [
                row(1, &["a", "b", "c"]),
                row(3, &["x\r\ny", "2", "q\"q"]),
                row(6, &["1", "", "3"]),
            ]
        );
        for chunk in [1, 7, 4096, BLOCK_BYTES + 1] {
            assert_eq!(
                parsed(&mut Trickle(text.as_bytes(), chunk)),
                whole,
                "{chunk}"
            );
        }
        // And through the file reader, head first.
        let file = read_from("t.csv", &mut Trickle(text.as_bytes(), 4093)).unwrap();
        assert_eq!(texts(&file), whole.0);
    }

    #[test]
    fn a_long_run_of_blank_lines_is_counted_without_being_held() {
        // 3 MiB of blank lines of every kind, a CRLF wherever a block may end.
        let blank = "\r\n\n\r\r\n".repeat(3 * BLOCK_BYTES / 6 + 1);
        let lines = line_breaks(blank.as_bytes());
        let text = format!("a,b\n{blank}c,d\r\n");
        let expected = vec![row(1, &["a", "b"]), row(lines as u32 + 2, &["c", "d"])];
        for chunk in [4096, 1000, BLOCK_BYTES] {
            let (rows, count, _) = parsed(&mut Trickle(text.as_bytes(), chunk));
            assert_eq!(rows, expected, "{chunk}");
            assert_eq!(count, lines as u32 + 2);
        }
    }

    #[test]
    fn a_record_of_more_fields_than_cells_allowed_is_refused_without_listing_them() {
        let text = ",".repeat(MAX_CELLS as usize + 10);
        let err = read("t.csv", text.as_bytes()).unwrap_err();
        assert!(matches!(err.kind, ImportErrorKind::TooLarge(_)), "{err}");
        let mut src = text.as_bytes();
        let mut records = CappedRecords::new(Window::new(Vec::new(), 0, &mut src), b',', 8);
        assert!(records.read());
        assert_eq!(records.len(), MAX_CELLS as usize + 11);
        assert_eq!(records.fields().count(), MAX_CELLS as usize + 1);
    }

    #[test]
    fn repeated_short_cells_share_one_string() {
        let long = "d".repeat(SHARED_TEXT_BYTES + 1);
        let text = format!("Data protection,{long}\nData protection,{long}\n");
        let file = read("t.csv", text.as_bytes()).unwrap();
        let rows = &file.sheets[0].rows;
        let cell = |r: usize, c: usize| match &rows[r].cells[c] {
            CellValue::Text(t) => Arc::clone(t),
            other => panic!("{other:?}"),
        };
        assert!(
            Arc::ptr_eq(&cell(0, 0), &cell(1, 0)),
            "a sector is one string"
        );
        assert_eq!(cell(0, 1), cell(1, 1));
        assert!(
            !Arc::ptr_eq(&cell(0, 1), &cell(1, 1)),
            "a description is its own"
        );
    }

    #[test]
    fn a_source_that_fails_is_an_error_naming_the_file() {
        struct Broken<'a>(&'a [u8]);
        impl Read for Broken<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0.is_empty() {
                    return Err(std::io::Error::other("device gone"));
                }
                let n = buf.len().min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let text = "Sector,Activity,Date\n".repeat(100_000);
        let err = read_from("t.csv", &mut Broken(text.as_bytes())).unwrap_err();
        assert_eq!(err.path, "t.csv");
        assert!(err.to_string().contains("device gone"), "{err}");
    }

    #[test]
    fn capped_reader_reads_what_the_csv_crate_reads() {
        let long = "x".repeat(3 * SCRATCH_BYTES + 17);
        let wide = vec!["w"; 3 * SCRATCH_ENDS + 5].join(",");
        let input = format!(
            "\u{feff}a,\"b \"\"quoted\"\"\",c\r\n\n\n\"line\nbreak\",,\n{wide}\n\"{long}\",{long},\"z\"\"\n\nend"
        );
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input.as_bytes());
        let expected: Vec<Vec<(Vec<u8>, usize)>> = rdr
            .byte_records()
            .map(|r| r.unwrap().iter().map(|f| (f.to_vec(), f.len())).collect())
            .collect();
        // The last quote is never closed: the field runs to the end of the text.
        assert_eq!(expected.len(), 4);
        assert_eq!(expected[2].len(), 3 * SCRATCH_ENDS + 5);
        assert_eq!(capped(input.as_bytes(), usize::MAX), expected);
    }

    #[test]
    fn capped_reader_keeps_the_start_and_the_length_of_a_long_field() {
        let long = "ab".repeat(SCRATCH_BYTES);
        let input = format!("1,\"{long}\",3\n4,5\n");
        let records = capped(input.as_bytes(), 5);
        assert_eq!(
            records,
            vec![
                vec![
                    (b"1".to_vec(), 1),
                    (b"ababa".to_vec(), long.len()),
                    (b"3".to_vec(), 1)
                ],
                vec![(b"4".to_vec(), 1), (b"5".to_vec(), 1)],
            ]
        );
    }

    #[test]
    fn detects_the_delimiter() {
        let cases: &[(&str, &str, u8)] = &[
            ("comma", "a,b,c\n1,2,3\n4,5,6\n", b','),
            ("semicolon", "a;b;c\n1;2;3\n4;5;6\n", b';'),
            ("tab", "a\tb\tc\n1\t2\t3\n", b'\t'),
            ("pipe", "a|b|c\n1|2|3\n", b'|'),
            ("one column", "Activity\nWorkshop\nPanel\n", b','),
            (
                "4-line semicolon file with commas in text",
                "Sector;Topic;Partner\nICT;Cloud, AI;Microsoft\nEducation;Skills;Cisco\nHealth;Data, privacy;Google\n",
                b';',
            ),
            (
                "semicolon with decimal commas",
                "Name;Amount\nA;1,5\nB;2,5\nC;3\n",
                b';',
            ),
            (
                "comma with quoted semicolons",
                "a,b\n\"x;y\",1\n\"p;q;r\",2\n",
                b',',
            ),
            ("header only", "id;name", b';'),
            ("empty", "", b','),
        ];
        for (name, text, want) in cases {
            assert_eq!(
                detect_delimiter(text.as_bytes()) as char,
                *want as char,
                "{name}: {text:?}"
            );
        }
    }

    #[test]
    fn decodes_encodings() {
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,é\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("a,é\n".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        let utf16le_bare: Vec<u8> = "a,é\nb,c\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let cases: Vec<EncodingCase> = vec![
            ("utf-8", "a,é\n".into(), vec!["a", "é"], None),
            (
                "utf-8 bom",
                b"\xEF\xBB\xBFa,\xC3\xA9\n".to_vec(),
                vec!["a", "é"],
                None,
            ),
            ("utf-16le bom", utf16le, vec!["a", "é"], None),
            ("utf-16be bom", utf16be, vec!["a", "é"], None),
            (
                "utf-16le without bom",
                utf16le_bare,
                vec!["a", "é"],
                Some("x.csv: not UTF-8; read as UTF-16LE (no byte-order mark)"),
            ),
            (
                "windows-1252",
                b"Telef\xF3nica,2020 \x96 2021\n".to_vec(),
                vec!["Telefónica", "2020 – 2021"],
                Some("x.csv: not UTF-8; read as Windows-1252"),
            ),
        ];
        for (name, bytes, want, warning) in cases {
            let file = read("x.csv", &bytes).unwrap();
            assert_eq!(texts(&file)[0].1, want, "{name}");
            let said = file.diagnostics.first().map(ToString::to_string);
            assert_eq!(said.as_deref(), warning, "{name}");
        }
    }

    #[test]
    fn numbers_rows_as_a_spreadsheet_shows_them() {
        let cases: &[(&str, &str, Rows, u32)] = &[
            (
                "lf",
                "a,b\nc,d\n",
                vec![row(1, &["a", "b"]), row(2, &["c", "d"])],
                2,
            ),
            (
                "crlf",
                "a,b\r\nc,d\r\n",
                vec![row(1, &["a", "b"]), row(2, &["c", "d"])],
                2,
            ),
            (
                "mixed and lone cr",
                "a\r\nb\nc\rd",
                vec![
                    row(1, &["a"]),
                    row(2, &["b"]),
                    row(3, &["c"]),
                    row(4, &["d"]),
                ],
                4,
            ),
            (
                "blank lines are blank rows",
                "\na,b\n\n\nc,d\n\n",
                vec![row(2, &["a", "b"]), row(5, &["c", "d"])],
                5,
            ),
            (
                "blank crlf lines",
                "a\r\n\r\nb\r\n",
                vec![row(1, &["a"]), row(3, &["b"])],
                3,
            ),
            (
                "quoted line breaks stay in one row",
                "a,\"x\ny\"\r\nb,\"p\r\nq\"\nc,z",
                vec![
                    row(1, &["a", "x\ny"]),
                    row(2, &["b", "p\r\nq"]),
                    row(3, &["c", "z"]),
                ],
                3,
            ),
            (
                "quoted line break then blank line",
                "\"x\n\ny\",1\n\nz,2\n",
                vec![row(1, &["x\n\ny", "1"]), row(3, &["z", "2"])],
                3,
            ),
            (
                "empty fields are blank rows, trailing empties dropped",
                "a,b,,\n,,\n c ,\"\"\n",
                vec![row(1, &["a", "b"]), row(3, &[" c "])],
                3,
            ),
            ("no newline at the end", "a", vec![row(1, &["a"])], 1),
            ("empty file", "", vec![], 0),
            (
                "nul and control bytes",
                "a\0b,c\x01\nd,e\n",
                vec![row(1, &["a\0b", "c\x01"]), row(2, &["d", "e"])],
                2,
            ),
            (
                "ragged rows",
                "a,b,c\nd\ne,f,g,h\n",
                vec![
                    row(1, &["a", "b", "c"]),
                    row(2, &["d"]),
                    row(3, &["e", "f", "g", "h"]),
                ],
                3,
            ),
            (
                "unterminated quote keeps the text",
                "a,\"b\nc,d\n",
                vec![row(1, &["a", "b\nc,d\n"])],
                1,
            ),
        ];
        for (name, text, want, row_count) in cases {
            let file = read("x.csv", text.as_bytes()).unwrap();
            assert_eq!(&texts(&file), want, "{name}");
            assert_eq!(file.sheets[0].row_count, *row_count, "{name}");
            assert_eq!(file.sheets[0].sheet, None, "{name}");
        }
    }

    #[test]
    fn a_cell_that_is_not_utf8_in_a_utf8_file_is_named_and_no_row_is_lost() {
        let bytes = b"Sector,Partner\nCulture,Telef\xc3\xb3nica\nMedia,Telef\xf3nica\nICT,Cisco\n";
        let file = read("x.csv", bytes).unwrap();
        assert_eq!(
            texts(&file),
            vec![
                row(1, &["Sector", "Partner"]),
                row(2, &["Culture", "Telefónica"]),
                row(3, &["Media", "Telefónica"]),
                row(4, &["ICT", "Cisco"]),
            ]
        );
        assert_eq!(
            said(&file),
            ["x.csv!B3: not valid UTF-8; read as Windows-1252: \
              check its accents, or save the file as UTF-8"]
        );
    }

    #[test]
    fn a_utf8_bom_file_with_a_bad_byte_names_the_cell() {
        let bytes = b"\xEF\xBB\xBFa,b\nc,\xff\n";
        let file = read("x.csv", bytes).unwrap();
        assert_eq!(texts(&file)[1], row(2, &["c", "ÿ"]));
        assert_eq!(file.diagnostics.len(), 1);
        assert!(
            said(&file)[0].starts_with("x.csv!B2: "),
            "{:?}",
            file.diagnostics
        );
    }

    #[test]
    fn many_cells_that_are_not_utf8_are_named_up_to_a_limit() {
        let mut bytes = "é\n".as_bytes().to_vec();
        for _ in 0..30 {
            bytes.extend_from_slice(b"\xe9\n");
        }
        let file = read("x.csv", &bytes).unwrap();
        assert_eq!(file.sheets[0].rows.len(), 31);
        assert!(file.sheets[0]
            .rows
            .iter()
            .all(|r| r.cells[0].to_text() == "é"));
        assert_eq!(file.diagnostics.len(), MAX_NAMED_CELLS + 1);
        assert_eq!(
            said(&file).last().unwrap(),
            "x.csv: 10 more cells up to row 31 not valid UTF-8; read as Windows-1252"
        );
    }

    #[test]
    fn rejects_binary_data() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa";
        let err = read("x.csv", png).unwrap_err();
        assert!(matches!(err.kind, ImportErrorKind::NotATable(_)), "{err}");
    }
}
