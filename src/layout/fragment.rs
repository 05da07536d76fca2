//! Headers spread over two or three rows ("Companies/" above "associations involved",
//! "Contact" above "point(s)"), as a header is laid out when its cells were too
//! narrow: which rows are fragments of a header, and the row they make joined column
//! by column, which is then judged like a one-row header.
//!
//! A fragment is told by its words, not its place: every word of every cell is one
//! headers are made of. A record's cells name sectors, bodies, partners and dates, and
//! a continuation row ("digital environment", an e-mail address) is no fragment.

use std::sync::Arc;

use crate::model::{CellValue, RawRow};
use crate::text::key;

use super::header::HEADER_FIRST_WORDS;

/// Words headers hold beside their first ([`HEADER_FIRST_WORDS`]), keyed.
const MORE_HEADER_WORDS: &[&str] = &[
    "s",
    "of",
    "the",
    "and",
    "or",
    "in",
    "to",
    "de",
    "du",
    "des",
    "d",
    "l",
    "la",
    "le",
    "les",
    "et",
    "ou",
    "en",
    "involved",
    "concerned",
    "association",
    "associations",
    "organisation",
    "organization",
    "industry",
    "stakeholders",
    "charge",
    "name",
    "names",
    "nom",
    "title",
    "titre",
    "intitule",
    "responsable",
    "responsables",
    "personne",
    "personnes",
    "impliquees",
    "impliques",
    "concernees",
    "concernes",
    "participantes",
    "planned",
    "prevue",
    "prevues",
    "foreseen",
    "indicative",
    "short",
    "brief",
    "body",
    "bodies",
    "organe",
    "coe",
    "council",
    "europe",
];

/// The most words a fragment's cell holds.
const MAX_WORDS: usize = 5;

/// Whether every non-blank cell of `row` (one at least) could be part of a header's
/// text: text of at most five words, each a word headers are made of.
pub(super) fn is_fragment(row: &RawRow) -> bool {
    let mut any = false;
    for cell in &row.cells {
        match cell {
            c if c.is_blank() => {}
            CellValue::Text(text) if !text.contains('@') => {
                let k = key(text);
                let words: Vec<&str> = k.split(' ').filter(|w| !w.is_empty()).collect();
                if words.is_empty()
                    || words.len() > MAX_WORDS
                    || !words.iter().all(|w| is_header_word(w))
                {
                    return false;
                }
                any = true;
            }
            _ => return false,
        }
    }
    any
}

fn is_header_word(word: &str) -> bool {
    HEADER_FIRST_WORDS.iter().any(|(w, _, _)| *w == word) || MORE_HEADER_WORDS.contains(&word)
}

/// The row whose cells are the texts of the cells of `rows` (a header and the
/// fragments under it) joined column by column: with a space, or with nothing after a
/// slash ("Companies/" and "associations involved"). It takes the first row's number.
pub(super) fn joined(rows: &[&RawRow]) -> RawRow {
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let cells = (0..width)
        .map(|col| {
            let mut text = String::new();
            for row in rows {
                let Some(cell) = row.cells.get(col).filter(|c| !c.is_blank()) else {
                    continue;
                };
                let part = cell.to_text();
                let part = part.trim();
                if !text.is_empty() && !text.ends_with('/') {
                    text.push(' ');
                }
                text.push_str(part);
            }
            if text.is_empty() {
                CellValue::Empty
            } else {
                CellValue::Text(Arc::from(text))
            }
        })
        .collect();
    RawRow {
        number: rows.first().map_or(0, |r| r.number),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u32, cells: &[&str]) -> RawRow {
        RawRow {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        CellValue::Empty
                    } else {
                        CellValue::Text(Arc::from(*c))
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn fragments_are_told_by_their_words() {
        for (cells, fragment) in [
            (&["", "associations involved", "", "point(s)"][..], true),
            (&["Companies/", "Contact"][..], true),
            (&["", "", "personnes impliquées"][..], true),
            (&["Date(s) prévue(s)"][..], true),
            (&["digital environment"][..], false),
            (&["", "Vasileios.Giannias@coe. int"][..], false),
            (&["CDCT", "Study"][..], false),
            (&["All"][..], false),
            (&["", ""][..], false),
            (
                &["companies and associations of the industry involved"][..],
                false,
            ),
        ] {
            assert_eq!(is_fragment(&row(2, cells)), fragment, "{cells:?}");
        }
        let number = RawRow {
            number: 2,
            cells: vec![CellValue::Number(2020.0)],
        };
        assert!(!is_fragment(&number));
    }

    #[test]
    fn fragments_join_under_their_header_cells() {
        let top = row(3, &["Topic", "Companies/", "Contact", ""]);
        let under = row(4, &["", "associations involved", "point(s)", "Description"]);
        let j = joined(&[&top, &under]);
        assert_eq!(j.number, 3);
        let texts: Vec<String> = j.cells.iter().map(CellValue::to_text).collect();
        assert_eq!(
            texts,
            [
                "Topic",
                "Companies/associations involved",
                "Contact point(s)",
                "Description"
            ]
        );
    }
}
