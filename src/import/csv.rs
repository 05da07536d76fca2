//! Delimited text (CSV, TSV, semicolon- or pipe-separated) into one raw sheet.
//!
//! CSV exports arrive in whatever encoding and dialect the sending office's software
//! chose, so both are detected, never configured: the file is decoded once as a whole
//! (UTF-8 with or without a byte-order mark, UTF-16 with one or told by its NUL
//! bytes, else Windows-1252, said in a warning), then parsed with the delimiter whose
//! field counts are the most consistent over the first records. Every value stays
//! text; typing is the normalisers' job. Bytes that are mostly control characters (an
//! image or archive misnamed `.csv`) are refused rather than read as garbage rows.
//!
//! Rows are numbered as a spreadsheet program opening the file would show them: one
//! row per record (a quoted line break does not start a row), and a blank line is a
//! blank row. The csv crate skips blank lines and reports positions in physical lines,
//! so row numbers are counted here from the line breaks between records.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{CellValue, ImportError, ImportErrorKind, RawFile, RawRow, RawSheet};

/// The delimiters tried, in order of preference when they score the same.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records the delimiter detection looks at.
const SAMPLE_RECORDS: usize = 50;

/// How much of the decoded text is checked for binary content.
const BINARY_SAMPLE_CHARS: usize = 64 * 1024;

/// Reads delimited text into one sheet without a name.
///
/// Never fails on text: undecodable bytes and odd dialects become warnings or
/// best-effort rows. Fails only when the bytes are evidently not text at all.
pub fn read(display: &str, bytes: &[u8]) -> Result<RawFile, ImportError> {
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    let (text, note) = decode(bytes);
    match note {
        // Windows-1252 is the expected encoding of an Excel CSV export in Europe.
        Some(note) if note == WINDOWS_1252_NOTE => notes.push(format!("{display}: {note}")),
        Some(note) => warnings.push(format!("{display}: {note}")),
        None => {}
    }
    if looks_binary(&text) {
        return Err(ImportError {
            path: display.to_owned(),
            kind: ImportErrorKind::NotATable("binary data, not text".to_owned()),
        });
    }
    let delimiter = detect_delimiter(&text);
    let (rows, row_count) = parse(&text, delimiter, display, &mut warnings);
    Ok(RawFile {
        sheets: vec![RawSheet {
            file: display.to_owned(),
            sheet: None,
            rows,
            row_count,
        }],
        warnings,
        notes,
    })
}

const WINDOWS_1252_NOTE: &str = "not UTF-8; read as Windows-1252";

/// Decodes the whole file, returning the text and, when the encoding was a guess or
/// bytes were replaced, a note for the user.
fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<String>) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let note = had_errors.then(|| {
            format!(
                "invalid {} byte sequences replaced with \u{FFFD}",
                encoding.name()
            )
        });
        return (text, note);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), None);
    }
    // Without a byte-order mark, UTF-16 shows as a NUL in every other byte.
    if let Some(encoding) = sniff_utf16(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return (
            text,
            Some(format!(
                "not UTF-8; read as {} (no byte-order mark)",
                encoding.name()
            )),
        );
    }
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
    (text, Some(WINDOWS_1252_NOTE.to_owned()))
}

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

/// Whether the text is largely control characters: an image or archive, not a table.
/// A few stray NULs or other control bytes in real text stay below the threshold.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(BINARY_SAMPLE_CHARS) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    control >= 8 && control * 10 > total
}

/// A csv reader for the dialect seen in workplan exports: no header row (the layout
/// stage finds it), ragged rows allowed, `"` quotes with doubling.
fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Picks the delimiter whose field counts agree best over the first records.
///
/// A delimiter that never splits a record scores nothing, so a one-column file falls
/// back to comma. Ties go to the earlier delimiter in [`DELIMITERS`].
fn detect_delimiter(text: &str) -> u8 {
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
fn consistency(text: &str, delimiter: u8) -> f64 {
    let mut rdr = reader(text, delimiter);
    let mut record = csv::ByteRecord::new();
    let mut counts: Vec<(usize, usize)> = Vec::new();
    let mut total = 0usize;
    while total < SAMPLE_RECORDS {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        total += 1;
        let n = record.len();
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

/// Parses every record into rows numbered as a spreadsheet program shows them, and
/// returns them with the number of the last record's row.
fn parse(
    text: &str,
    delimiter: u8,
    display: &str,
    warnings: &mut Vec<String>,
) -> (Vec<RawRow>, u32) {
    let bytes = text.as_bytes();
    let mut rdr = reader(text, delimiter);
    let mut record = csv::ByteRecord::new();
    let mut rows = Vec::new();
    let mut row: u64 = 0;
    // Where the previous record's content ended: its terminator, if it had one.
    let mut prev_end = 0usize;
    loop {
        let before = (rdr.position().byte() as usize).min(bytes.len());
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // Not expected with flexible records over decoded text; keep the rest.
                let at = row.saturating_add(1);
                warnings.push(format!("{display}: row {at}: {e}"));
                // Stop when the reader cannot move past the error.
                if rdr.is_done() || rdr.position().byte() as usize <= before {
                    break;
                }
                continue;
            }
        }
        let after = (rdr.position().byte() as usize).clamp(before, bytes.len());
        // The record's own bytes start after the blank lines the parser skipped.
        let start = before
            + bytes[before..after]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        let breaks = line_breaks(&bytes[prev_end.min(start)..start]) as u64;
        row += if row == 0 { breaks + 1 } else { breaks.max(1) };
        prev_end = match after.checked_sub(1).map(|i| bytes[i]) {
            Some(b'\r' | b'\n') if after > start => after - 1,
            _ => after,
        };
        let number = u32::try_from(row).unwrap_or(u32::MAX);
        let cells = cells(&record);
        if cells.iter().any(|c| !c.is_blank()) {
            rows.push(RawRow { number, cells });
        }
    }
    (rows, u32::try_from(row).unwrap_or(u32::MAX))
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
/// empty cells.
fn cells(record: &csv::ByteRecord) -> Vec<CellValue> {
    let mut cells: Vec<CellValue> = record
        .iter()
        .map(|field| {
            if field.is_empty() {
                CellValue::Empty
            } else {
                // The text was decoded whole, so fields are UTF-8 unless a multi-byte
                // delimiter split a character, which the four delimiters cannot.
                CellValue::Text(String::from_utf8_lossy(field).into_owned())
            }
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
                detect_delimiter(text) as char,
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
            let said = file.warnings.first().or(file.notes.first());
            assert_eq!(said.map(String::as_str), warning, "{name}");
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
    fn rejects_binary_data() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa";
        let err = read("x.csv", png).unwrap_err();
        assert!(matches!(err.kind, ImportErrorKind::NotATable(_)), "{err}");
    }
}
