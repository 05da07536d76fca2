//! Rows under a table that are not activities: a totals row ("Total", "Sous-total"), a
//! source line ("Source : Secrétariat"), a note ("N.B. ..."), a page footer ("Page 2 of
//! 5"), a signature ("Signed: ...").
//!
//! Such a row is told by the text of its first cell, which must stand where a record's
//! title or labels stand (column A, or a Topic, Sector, Domain or Activity column): a
//! record's description running on with "Note: ..." is no footer.

use crate::model::{CellValue, Field, RawRow};
use crate::text::key;

use super::header::Columns;

/// What a row that is not an activity is, as `rejects.csv` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Footer {
    Totals,
    Source,
    Note,
    Page,
    Signature,
}

impl Footer {
    /// The reason given in `rejects.csv`.
    pub(super) fn reason(self) -> &'static str {
        match self {
            Footer::Totals => "a totals row, not an activity",
            Footer::Source => "a source line, not an activity",
            Footer::Note => "a note under the table, not an activity",
            Footer::Page => "a page footer, not an activity",
            Footer::Signature => "a signature, not an activity",
        }
    }
}

/// What `row` is when it is no activity but a totals row, source line, note, page
/// footer or signature; `at` are its non-blank columns.
pub(super) fn footer(row: &RawRow, at: &[usize], cols: &Columns) -> Option<Footer> {
    let &first = at.first()?;
    let labels = matches!(
        cols.field(first),
        Some(Field::Topic | Field::Sector | Field::Domain | Field::Activity)
    );
    if first != 0 && !labels {
        return None;
    }
    let text = row.cells[first].to_text();
    let kind = footer_text(&text)?;
    // A title of its own elsewhere on the row: a record after all.
    let titled = at
        .iter()
        .any(|&c| c != first && cols.field(c) == Some(Field::Activity));
    if titled {
        return None;
    }
    // A totals row holds numbers beside its label, and nothing else.
    let others_numeric = at[1..].iter().all(|&c| is_numeric(&row.cells[c]));
    (kind != Footer::Totals || others_numeric).then_some(kind)
}

/// What a first cell's text makes a row: "Total", "Source: ...", "Page 2 of 5"...
fn footer_text(text: &str) -> Option<Footer> {
    let trimmed = text.trim_start();
    let k = key(trimmed);
    let first = k.split(' ').next().unwrap_or("");
    let labelled = |words: &[&str]| {
        words.iter().any(|w| {
            trimmed
                .get(..w.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(w))
                && trimmed[w.len()..].trim_start().starts_with(':')
        })
    };
    let totals = [
        "total",
        "totals",
        "subtotal",
        "sum",
        "somme",
        "grand total",
        "sub total",
        "sous total",
        "total general",
        "totaux",
    ];
    if totals.contains(&k.as_str())
        || (k.split(' ').count() <= 3 && ["total", "totals", "subtotal"].contains(&first))
    {
        return Some(Footer::Totals);
    }
    if labelled(&["source", "sources", "fuente"]) {
        return Some(Footer::Source);
    }
    if labelled(&[
        "note",
        "notes",
        "nb",
        "n.b",
        "n.b.",
        "remarque",
        "remarques",
    ]) || k.starts_with("n b ")
    {
        return Some(Footer::Note);
    }
    if labelled(&[
        "signed",
        "signature",
        "signé",
        "signe",
        "prepared by",
        "établi par",
    ]) {
        return Some(Footer::Signature);
    }
    let words: Vec<&str> = k.split(' ').collect();
    let page = matches!(words.as_slice(),
        ["page", n] | ["page", n, "of" | "sur" | "de", _] | [n, "of", _] if n.bytes().all(|b| b.is_ascii_digit()));
    page.then_some(Footer::Page)
}

/// Whether a cell holds a number: a number cell, or text such as "12", "1 234,50",
/// "37 501,00 €" or "45 %".
fn is_numeric(cell: &CellValue) -> bool {
    match cell {
        CellValue::Number(_) => true,
        CellValue::Text(t) => {
            let mut digits = false;
            let ok = t.chars().all(|c| {
                digits |= c.is_ascii_digit();
                c.is_ascii_digit()
                    || c.is_whitespace()
                    || matches!(
                        c,
                        ',' | '.' | '\'' | '-' | '+' | '€' | '$' | '£' | '%' | '\u{202F}'
                    )
            });
            ok && digits
        }
        _ => cell.is_blank(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footers_are_told_by_their_first_words() {
        for (text, want) in [
            ("Total", Some(Footer::Totals)),
            ("TOTAL GÉNÉRAL", Some(Footer::Totals)),
            ("Sous-total", Some(Footer::Totals)),
            ("Total activities", Some(Footer::Totals)),
            (
                "Source : Secrétariat du Conseil de l'Europe, mars 2019",
                Some(Footer::Source),
            ),
            ("Sources: DG I", Some(Footer::Source)),
            ("N.B. dates to be confirmed", Some(Footer::Note)),
            ("Note: all partners are invited", Some(Footer::Note)),
            ("Page 2 of 5", Some(Footer::Page)),
            ("page 3 sur 4", Some(Footer::Page)),
            ("Signed: J. Doe, Secretariat", Some(Footer::Signature)),
            (
                "Total ban on facial recognition: a study for the committee",
                None,
            ),
            ("Sourcebook on AI", None),
            ("Notes on the workshop", None),
            ("Information society", None),
            ("Page", None),
        ] {
            assert_eq!(footer_text(text), want, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_told_in_either_locale() {
        for (text, numeric) in [
            ("12", true),
            ("1 234,50", true),
            ("37 501,00 €", true),
            ("1,234.50", true),
            ("45 %", true),
            ("12 activités", false),
            ("", false),
            ("-", false),
        ] {
            assert_eq!(
                is_numeric(&CellValue::Text(text.into())),
                numeric,
                "{text:?}"
            );
        }
        assert!(is_numeric(&CellValue::Number(3.0)));
        assert!(is_numeric(&CellValue::Empty));
    }
}
