//! Header rows: which cells name a column ("Companies / associations involved",
//! "Date(s)", "Secteur"), which rows are header rows, and the role each column of a
//! table then plays.
//!
//! Every row is tried as a header: a cell is first given a quick look that sets aside
//! nearly every record's value ([`cell_field`]).

use std::sync::Arc;

use crate::model::{CellValue, Column, Field, RawRow};
use crate::text::{collapse_whitespace, key};

impl Field {
    /// Recognises a header cell ("Companies / associations involved", "Date(s)",
    /// "Secteur", ...). `header_key` is the cell's [`key`].
    pub fn from_header(header_key: &str) -> Option<Field> {
        let k = header_key.replace(" s ", " ");
        let k = k.strip_suffix(" s").unwrap_or(&k);
        let words: Vec<&str> = k.split(' ').collect();
        let first = *words.first()?;
        let field = Field::of_first_word(first, words.contains(&"contact"))?;
        // Guard against sentences that merely start with a header word.
        if words.len() > 6 {
            return None;
        }
        Some(field)
    }

    /// The field a header names by its first word (`contact`: the header also holds the
    /// word "contact", as in "Point of contact").
    fn of_first_word(first: &str, contact: bool) -> Option<Field> {
        HEADER_FIRST_WORDS
            .iter()
            .find(|(word, _, _)| *word == first)
            .filter(|(_, _, needs_contact)| contact || !needs_contact)
            .map(|(_, field, _)| *field)
    }
}

/// The words a header's key starts with, the field each names, and whether the header
/// must also hold the word "contact" ("Point of contact", "Person responsible").
pub(super) const HEADER_FIRST_WORDS: &[(&str, Field, bool)] = &[
    ("topic", Field::Topic, false),
    ("topics", Field::Topic, false),
    ("theme", Field::Topic, false),
    ("themes", Field::Topic, false),
    ("thematic", Field::Topic, false),
    ("subject", Field::Topic, false),
    ("sector", Field::Sector, false),
    ("sectors", Field::Sector, false),
    ("secteur", Field::Sector, false),
    ("secteurs", Field::Sector, false),
    ("domain", Field::Domain, false),
    ("domains", Field::Domain, false),
    ("domaine", Field::Domain, false),
    ("domaines", Field::Domain, false),
    ("field", Field::Domain, false),
    ("area", Field::Domain, false),
    ("activity", Field::Activity, false),
    ("activities", Field::Activity, false),
    ("activite", Field::Activity, false),
    ("activites", Field::Activity, false),
    ("event", Field::Activity, false),
    ("events", Field::Activity, false),
    ("date", Field::Date, false),
    ("dates", Field::Date, false),
    ("period", Field::Date, false),
    ("periode", Field::Date, false),
    ("timing", Field::Date, false),
    ("timeline", Field::Date, false),
    ("when", Field::Date, false),
    ("calendrier", Field::Date, false),
    ("companies", Field::Companies, false),
    ("company", Field::Companies, false),
    ("entreprises", Field::Companies, false),
    ("entreprise", Field::Companies, false),
    ("partners", Field::Companies, false),
    ("partner", Field::Companies, false),
    ("participants", Field::Companies, false),
    ("organisations", Field::Companies, false),
    ("organizations", Field::Companies, false),
    ("partenaires", Field::Companies, false),
    ("description", Field::Description, false),
    ("descriptions", Field::Description, false),
    ("details", Field::Description, false),
    ("descriptif", Field::Description, false),
    ("summary", Field::Description, false),
    ("contact", Field::Contact, false),
    ("contacts", Field::Contact, false),
    ("point", Field::Contact, true),
    ("points", Field::Contact, true),
    ("person", Field::Contact, true),
    ("persons", Field::Contact, true),
    ("responsible", Field::Contact, true),
];

/// The field a cell's text names when the cell is a header cell.
///
/// Every row is tried as a header and nearly every cell is a record's value, most of
/// them too plain to be a header by their first word: the quick look
/// ([`may_open_header`]) sets those aside from their bytes, and the rest are judged in
/// full ([`judge_cell`], the plain version, which the quick look must agree with).
/// Measured on a 100,000-row workbook, the quick look saves a quarter of the run's
/// instructions.
pub(super) fn cell_field(text: &str) -> Option<Field> {
    if !may_open_header(text) {
        return None;
    }
    judge_cell(text)
}

/// The quick look of [`cell_field`]: whether the first word of `text` may be the first
/// word of a header once the text is cleaned and keyed, told from its bytes without
/// building anything.
///
/// The first word of the key is the first run of letters and digits, lower-cased.
/// Cleaning only lengthens that run (a split word or month name joined on) or reads a
/// lone "Al" as "AI" (which begins no header word either), so a run that begins no
/// header word ([`HEADER_FIRST_WORDS`]) cannot become one. Text whose first run touches
/// a character outside ASCII (an accent, an invisible character, a letter of another
/// script) is judged in full.
pub(super) fn may_open_header(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(start) = bytes
        .iter()
        .position(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
    else {
        // No letter or digit: the key is empty.
        return false;
    };
    let end = bytes[start..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .map_or(bytes.len(), |n| start + n);
    if !bytes[start].is_ascii() || bytes.get(end).is_some_and(|b| !b.is_ascii()) {
        return true;
    }
    let run = &bytes[start..end];
    HEADER_FIRST_WORDS.iter().any(|(word, _, _)| {
        word.len() >= run.len() && word.as_bytes()[..run.len()].eq_ignore_ascii_case(run)
    })
}

/// [`cell_field`] in full: the text cleaned and keyed.
///
/// A header names its field in at most six words ([`Field::from_header`]), and many
/// cells are descriptions running to a hundred words: the key of the first twelve
/// words tells them apart, and only a text that may still be a header is keyed whole.
/// (The repairs of [`key`] join neighbouring tokens, so cutting the text changes at most
/// the key's last word.)
pub(super) fn judge_cell(text: &str) -> Option<Field> {
    const PREFIX_TOKENS: usize = 12;
    let mut tokens = text.split_whitespace();
    let prefix: Vec<&str> = tokens.by_ref().take(PREFIX_TOKENS).collect();
    let prefix_key = key(&prefix.join(" "));
    if tokens.next().is_none() {
        return Field::from_header(&prefix_key);
    }
    // "Date(s)" keys as "date s": a lone "s" is not a word of the header.
    if prefix_key.split(' ').filter(|w| *w != "s").count() > 8 {
        return None;
    }
    Field::from_header(&key(&collapse_whitespace(text)))
}

/// The field a cell names when it is a header cell.
fn header_field(cell: &CellValue) -> Option<Field> {
    match cell {
        CellValue::Text(s) => cell_field(s),
        CellValue::Empty => None,
        other => cell_field(&other.to_text()),
    }
}

/// The role of each column of a table, from its header row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Columns {
    /// For each column index: a known field, or the unknown header text.
    roles: Vec<Role>,
    /// The header of each known field as written, shared by every record of the table.
    pub(super) headers: Arc<[Option<Arc<str>>; 8]>,
    /// The canonical table's header ([`super::canonical`]).
    canonical: bool,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Role {
    /// A field the importer knows.
    Known(Field),
    /// A column with a header of its own, kept in a record's `extra` under it.
    Extra(String),
    /// A column without a header.
    None,
    /// A column of the canonical table.
    Canonical(Column),
}

impl Columns {
    /// The columns `row` names, when it is a header row: at least three known fields,
    /// among them the activity, or the sector and the date.
    pub(super) fn of_header(row: &RawRow) -> Option<Columns> {
        if let Some(canonical) = super::canonical::columns(row) {
            return Some(canonical);
        }
        // Most rows are records: decide before building anything.
        let mut seen = [false; 8];
        for cell in &row.cells {
            if let Some(field) = header_field(cell) {
                seen[field.index()] = true;
            }
        }
        if !names_a_table(|f| seen[f.index()]) {
            return None;
        }
        let mut roles = Vec::with_capacity(row.cells.len());
        let mut headers: [Option<Arc<str>>; 8] = Default::default();
        for cell in &row.cells {
            // A row holding an e-mail address or a real date is data, even when its
            // cells start with header words ("Event on ...", "Details ..."): taken as
            // a header, it would vanish from the outputs.
            match cell {
                CellValue::DateTime(_) => return None,
                CellValue::Text(t) if t.contains('@') => return None,
                _ => {}
            }
            let text = collapse_whitespace(&cell.to_text());
            if text.is_empty() {
                roles.push(Role::None);
                continue;
            }
            match Field::from_header(&key(&text)) {
                // A second column claiming a field already taken is kept as extra.
                Some(f) if headers[f.index()].is_none() => {
                    headers[f.index()] = Some(Arc::from(text));
                    roles.push(Role::Known(f));
                }
                _ => roles.push(Role::Extra(text)),
            }
        }
        names_a_table(|f| headers[f.index()].is_some()).then(|| Columns {
            roles,
            headers: Arc::new(headers),
            canonical: false,
        })
    }

    /// The columns of a canonical table's header, each with its role.
    pub(super) fn canonical(roles: Vec<Role>) -> Columns {
        Columns {
            roles,
            headers: Arc::default(),
            canonical: true,
        }
    }

    /// Whether these are the canonical table's columns.
    pub(super) fn is_canonical(&self) -> bool {
        self.canonical
    }

    /// The role of a column (columns past the header's last have none).
    pub(super) fn role(&self, col: usize) -> &Role {
        self.roles.get(col).unwrap_or(&Role::None)
    }

    /// The known field of a column, if it has one.
    pub(super) fn field(&self, col: usize) -> Option<Field> {
        match self.role(col) {
            Role::Known(f) => Some(*f),
            _ => None,
        }
    }

    /// How many columns the header row spans.
    pub(super) fn width(&self) -> usize {
        self.roles.len()
    }

    /// The column of `field`, when the table has one.
    pub(super) fn column_of(&self, field: Field) -> Option<usize> {
        (0..self.roles.len()).find(|&col| self.field(col) == Some(field))
    }

    /// The header of a column as written, for messages.
    pub(super) fn header_of(&self, col: usize) -> Option<String> {
        match self.role(col) {
            Role::Known(f) => self.headers[f.index()].as_deref().map(str::to_owned),
            Role::Extra(text) => Some(text.clone()),
            Role::Canonical(c) => Some(c.name().to_owned()),
            Role::None => None,
        }
    }

    /// Whether the table has a column for `field`.
    pub(super) fn has(&self, field: Field) -> bool {
        self.headers[field.index()].is_some()
    }

    /// Whether every known field of `first` is in the same column here: fragments
    /// joined to a header only lengthen its texts or name more columns.
    pub(super) fn keeps(&self, first: &Columns) -> bool {
        (first.roles.iter().enumerate()).all(|(col, role)| match role {
            Role::Known(f) => self.field(col) == Some(*f),
            _ => true,
        })
    }

    /// Whether `other` names the same fields in the same columns (a header repeated at
    /// a page break), whatever its unknown columns say.
    pub(super) fn same_fields(&self, other: &Columns) -> bool {
        self.roles
            .iter()
            .zip(&other.roles)
            .all(|(a, b)| match (a, b) {
                (Role::Known(x), Role::Known(y)) => x == y,
                (Role::Canonical(x), Role::Canonical(y)) => x == y,
                (Role::Known(_) | Role::Canonical(_), _)
                | (_, Role::Known(_) | Role::Canonical(_)) => false,
                _ => true,
            })
            && self.canonical == other.canonical
            && Field::ALL.iter().all(|&f| self.has(f) == other.has(f))
    }
}

/// Whether the fields a row names (`has`) make a table's header: at least three, among
/// them the activity, or the sector and the date.
fn names_a_table(has: impl Fn(Field) -> bool) -> bool {
    let known = Field::ALL.iter().filter(|&&f| has(f)).count();
    known >= 3 && (has(Field::Activity) || (has(Field::Sector) && has(Field::Date)))
}
