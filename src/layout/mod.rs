//! Finding the tables in a sheet: header rows, category headings, repeated headers,
//! "same as above" blanks and records broken over two rows.
//!
//! Circulated workplans are pasted from Word or PDF, so a sheet is rarely one clean
//! table. This stage walks the rows of a [`RawSheet`] once, classifies every row (title,
//! heading, header, record, continuation, rejected; blank rows are counted), and builds
//! [`RawRecord`]s that still say, cell by cell, where each value came from. Nothing here
//! interprets values; that is the normaliser's job.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{
    CellValue, Field, Location, RawField, RawRecord, RawRow, RawSheet, RejectedRow, RowCounts,
    SourceCell,
};
use crate::text::{clean, collapse_whitespace, key};

impl Field {
    /// Recognises a header cell ("Companies / associations involved", "Date(s)",
    /// "Secteur", ...). `key` is the cell's [`key`].
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

    /// Whether a header's key may start with `word`: a cell whose key starts with any
    /// other word is no header.
    fn starts_header(word: &str) -> bool {
        Field::of_first_word(word, true).is_some()
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
const HEADER_FIRST_WORDS: &[(&str, Field, bool)] = &[
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

/// What a sheet turned into.
#[derive(Debug, Clone, Default)]
pub struct SheetLayout {
    /// The records, in sheet order. Each is boxed: a record is a kilobyte wide, and a
    /// vector of a million of them would be copied whole each time it grew, and held
    /// whole until the last was normalised.
    pub records: Vec<Box<RawRecord>>,
    /// Rows that could not be placed.
    pub rejects: Vec<RejectedRow>,
    /// How every row was classified.
    pub counts: RowCounts,
    /// Problems worth telling the user, each naming its place.
    pub warnings: Vec<Diagnostic>,
    /// Rows laid out (each non-blank row the reader did not refuse).
    rows_seen: u64,
}

impl SheetLayout {
    /// Counts what only the whole sheet tells: `row_count`, the number of its last row
    /// that holds anything, and the rows the reader refused (a cell too long), which are
    /// rejects; the rejects are then in row order.
    pub fn add_read(&mut self, row_count: u32, rejected: Vec<RejectedRow>) {
        self.counts.rows_read = u64::from(row_count);
        self.counts.blank_rows = u64::from(row_count)
            .saturating_sub(self.rows_seen)
            .saturating_sub(rejected.len() as u64);
        self.counts.rejected_rows += rejected.len() as u64;
        let mut rejects = rejected;
        rejects.append(&mut self.rejects);
        // Stable: of a row's rejects, the reader's come first.
        rejects.sort_by_key(|r| r.row);
        self.rejects = rejects;
    }
}

/// A sheet's rows as they come, with room to look ahead.
struct Lookahead<'r> {
    rows: &'r mut dyn Iterator<Item = (RawRow, HeaderGuess)>,
    /// Rows read on ahead, not handed on yet.
    held: std::collections::VecDeque<(RawRow, HeaderGuess)>,
    /// Rows handed on.
    seen: u64,
}

impl<'r> Lookahead<'r> {
    fn new(rows: &'r mut dyn Iterator<Item = (RawRow, HeaderGuess)>) -> Self {
        Lookahead {
            rows,
            held: Default::default(),
            seen: 0,
        }
    }

    /// Reads on until a header row is held: false when the sheet has none, every row
    /// then held.
    fn find_header(&mut self) -> bool {
        for row in &mut *self.rows {
            let header = row.1.is_header();
            self.held.push_back(row);
            if header {
                return true;
            }
        }
        false
    }

    fn into_held(self) -> Vec<(RawRow, HeaderGuess)> {
        self.held.into()
    }

    fn next(&mut self) -> Option<(RawRow, HeaderGuess)> {
        let row = self.held.pop_front().or_else(|| self.rows.next());
        self.seen += u64::from(row.is_some());
        row
    }

    /// Whether the row [`Self::next`] hands on next is a header.
    fn next_is_header(&mut self) -> bool {
        if self.held.is_empty() {
            self.held.extend(self.rows.next());
        }
        self.held.front().is_some_and(|row| row.1.is_header())
    }
}

/// Known category headings (keys) and their canonical display names. French headings
/// map to the English name so that a translated copy gives the same canonical values.
const CATEGORIES: &[(&str, &str)] = &[
    ("binding standard settings", "Binding standard settings"),
    ("binding standard setting", "Binding standard settings"),
    ("normes contraignantes", "Binding standard settings"),
    (
        "elaboration de normes contraignantes",
        "Binding standard settings",
    ),
    (
        "non binding standard settings",
        "Non-binding standard settings",
    ),
    (
        "non binding standard setting",
        "Non-binding standard settings",
    ),
    ("normes non contraignantes", "Non-binding standard settings"),
    (
        "elaboration de normes non contraignantes",
        "Non-binding standard settings",
    ),
    ("studies", "Studies"),
    ("study", "Studies"),
    ("etudes", "Studies"),
    ("conferences roundtables", "Conferences / Roundtables"),
    ("conferences round tables", "Conferences / Roundtables"),
    ("conferences", "Conferences / Roundtables"),
    ("roundtables", "Conferences / Roundtables"),
    ("conferences tables rondes", "Conferences / Roundtables"),
];

fn known_category(text_key: &str) -> Option<&'static str> {
    CATEGORIES
        .iter()
        .find(|(k, _)| *k == text_key)
        .map(|(_, name)| *name)
}

/// A workplan label in a title, sheet or file name: "Workplan 2020+" gives "2020+",
/// "workplan-2017-2019.xlsx" gives "2017-2019".
pub fn workplan_label(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let year_at = |i: usize| -> Option<&str> {
        let s = text.get(i..i + 4)?;
        let ok = s.bytes().all(|b| b.is_ascii_digit())
            && (s.starts_with("19") || s.starts_with("20"))
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        ok.then_some(s)
    };
    for i in 0..bytes.len() {
        let Some(first) = year_at(i) else { continue };
        let rest = &text[i + 4..];
        let trimmed = rest.trim_start();
        if trimmed.starts_with('+') {
            return Some(format!("{first}+"));
        }
        // A range: separator (hyphen, en dash, underscore, "to") then a second year.
        let after_sep = trimmed
            .strip_prefix('-')
            .or_else(|| trimmed.strip_prefix('\u{2013}'))
            .or_else(|| trimmed.strip_prefix('_'))
            .or_else(|| trimmed.strip_prefix("to "));
        if let Some(after) = after_sep {
            let after = after.trim_start();
            let start = text.len() - after.len();
            if let Some(second) = year_at(start) {
                return Some(format!("{first}-{second}"));
            }
        }
        return Some(first.to_owned());
    }
    None
}

/// Whether a title names a workplan ("Workplan 2020+", "Plan de travail 2017-2019").
fn is_workplan_title(text_key: &str) -> bool {
    text_key.contains("workplan")
        || text_key.contains("work plan")
        || text_key.contains("plan de travail")
}

/// The role of each column of a table, from its header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// For each column index: a known field, or the unknown header text.
    roles: Vec<Role>,
    /// Shared by every record of the table.
    headers: std::sync::Arc<[Option<Arc<str>>; 8]>,
    row: u32,
}

#[derive(Debug, Clone, PartialEq)]
enum Role {
    Known(Field),
    Extra(String),
    None,
}

/// The field a cell names when it is a header cell.
///
/// Every row is tried as a header, and most rows are records whose descriptions run to
/// a hundred words: keying those whole was most of the cost of finding the tables. A
/// header names its field in at most six words ([`Field::from_header`]), so a long text
/// is first judged by the key of its first words: the repairs of [`key`] work on
/// neighbouring tokens, so cutting the text changes at most the key's last word.
fn header_field(cell: &CellValue) -> Option<Field> {
    match cell {
        CellValue::Text(s) => text_header_field(s),
        other => text_header_field(&other.to_text()),
    }
}

fn text_header_field(text: &str) -> Option<Field> {
    if !may_open_header(text) {
        return None;
    }
    judge_header_text(text)
}

/// Whether the first word of `text` may be the first word of a header once the text is
/// cleaned and keyed: false for nearly every cell of a record, told from its bytes
/// without building anything.
///
/// The first word of the key is the first run of letters and digits, lower-cased.
/// Cleaning only lengthens that run (a split word or month name joined on) or reads a
/// lone "Al" as "AI" (which begins no header word either), so a run that begins no
/// header word ([`HEADER_FIRST_WORDS`]) cannot become one. Text whose first run touches
/// a character outside ASCII (an accent, an invisible character, a letter of another
/// script) is judged in full.
fn may_open_header(text: &str) -> bool {
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
    HEADER_WORDS_BY_FIRST_BYTE[usize::from(run[0].to_ascii_lowercase())]
        .iter()
        .any(|word| {
            word.len() >= run.len() && word.as_bytes()[..run.len()].eq_ignore_ascii_case(run)
        })
}

/// [`HEADER_FIRST_WORDS`] by their first byte: most cells begin with a letter that
/// begins no header word, and the rest are compared with a few words, not all.
static HEADER_WORDS_BY_FIRST_BYTE: std::sync::LazyLock<[Vec<&'static str>; 128]> =
    std::sync::LazyLock::new(|| {
        let mut by_byte: [Vec<&str>; 128] = std::array::from_fn(|_| Vec::new());
        for (word, _, _) in HEADER_FIRST_WORDS {
            if let Some(&b) = word.as_bytes().first().filter(|b| b.is_ascii()) {
                by_byte[usize::from(b.to_ascii_lowercase())].push(word);
            }
        }
        by_byte
    });

/// [`text_header_field`] in full: the text cleaned and keyed.
fn judge_header_text(text: &str) -> Option<Field> {
    const PREFIX_TOKENS: usize = 12;
    let mut tokens = text.split_whitespace();
    let prefix: Vec<&str> = tokens.by_ref().take(PREFIX_TOKENS).collect();
    if prefix.is_empty() {
        return None;
    }
    let long = tokens.next().is_some();
    let probe = prefix.join(" ");
    // Most cells are not headers and their first word tells: key that word alone. The
    // key of a text is the keys of its cleaned tokens, so its first word is the first
    // word of the first token that keys to anything.
    let cleaned = clean(&probe).text;
    let first = cleaned.split(' ').map(key).find(|k| !k.is_empty());
    if !first.is_some_and(|k| Field::starts_header(k.split(' ').next().unwrap_or(""))) {
        return None;
    }
    if long {
        let prefix_key = key(&probe);
        // "Date(s)" keys as "date s": a lone "s" is not a word of the header.
        let words = prefix_key.split(' ').filter(|w| *w != "s").count();
        if words > 8 {
            return None;
        }
    }
    let collapsed = if long {
        collapse_whitespace(text)
    } else {
        probe
    };
    Field::from_header(&key(&collapsed))
}

/// The header guesses of a sheet's rows ([`HeaderMemo::guess`]), remembering what each
/// short text was found to be: they repeat from row to row (sector, topic, contact
/// point...).
///
/// Keys share the cells' text, so a memo outlives the rows it was filled from (rows
/// read while a sheet is still being read are judged and handed on one by one).
#[derive(Default)]
pub struct HeaderMemo(rustc_hash::FxHashMap<Arc<str>, Option<Field>>);

impl HeaderMemo {
    fn field(&mut self, cell: &CellValue) -> Option<Field> {
        match cell {
            CellValue::Text(s) if s.len() <= 200 => {
                if let Some(known) = self.0.get(&**s) {
                    return *known;
                }
                let field = text_header_field(s);
                self.0.insert(Arc::clone(s), field);
                field
            }
            other => header_field(other),
        }
    }

    /// Whether `row` is a header row, and of which columns.
    pub fn guess(&mut self, row: &RawRow) -> HeaderGuess {
        HeaderGuess(Columns::from_header(row, self).map(Box::new))
    }
}

/// Whether a row is a header, and of which columns ([`HeaderMemo::guess`]). Boxed, as
/// most rows are not headers (8 bytes a row instead of 40).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeaderGuess(Option<Box<Columns>>);

impl HeaderGuess {
    fn is_header(&self) -> bool {
        self.0.is_some()
    }
}

impl Columns {
    fn from_header(row: &RawRow, memo: &mut HeaderMemo) -> Option<Columns> {
        // Most rows are records: decide before building anything.
        let mut seen = [false; 8];
        for cell in &row.cells {
            if let Some(field) = memo.field(cell) {
                seen[field.index()] = true;
            }
        }
        let known_fields = seen.iter().filter(|s| **s).count();
        let may_be_header = known_fields >= 3
            && (seen[Field::Activity.index()]
                || (seen[Field::Sector.index()] && seen[Field::Date.index()]));
        if !may_be_header {
            return None;
        }
        let mut roles = Vec::with_capacity(row.cells.len());
        let mut headers: [Option<Arc<str>>; 8] = Default::default();
        let mut known = 0;
        for cell in &row.cells {
            // A row holding an e-mail address or a real date is data, even when its
            // cells start with header words ("Event on ...", "Details ..."): taken as
            // a header, it would vanish from the outputs.
            match cell {
                CellValue::DateTime(_) => return None,
                CellValue::Text(t) if t.contains('@') => return None,
                _ => {}
            }
            let text = cell.to_text();
            let text = collapse_whitespace(&text);
            if text.is_empty() {
                roles.push(Role::None);
                continue;
            }
            match Field::from_header(&key(&text)) {
                // A second column claiming a field already taken is kept as extra.
                Some(f) if headers[f.index()].is_none() => {
                    headers[f.index()] = Some(Arc::from(text));
                    roles.push(Role::Known(f));
                    known += 1;
                }
                _ => roles.push(Role::Extra(text)),
            }
        }
        let has = |f: Field| headers[f.index()].is_some();
        let is_header =
            known >= 3 && (has(Field::Activity) || (has(Field::Sector) && has(Field::Date)));
        is_header.then_some(Columns {
            roles,
            headers: std::sync::Arc::new(headers),
            row: row.number,
        })
    }

    fn role(&self, col: usize) -> &Role {
        self.roles.get(col).unwrap_or(&Role::None)
    }

    fn same_fields(&self, other: &Columns) -> bool {
        self.roles
            .iter()
            .zip(&other.roles)
            .all(|(a, b)| match (a, b) {
                (Role::Known(x), Role::Known(y)) => x == y,
                (Role::Known(_), _) | (_, Role::Known(_)) => false,
                _ => true,
            })
            && self
                .headers
                .iter()
                .zip(other.headers.iter())
                .all(|(a, b)| a.is_some() == b.is_some())
    }
}

/// Finds the tables of a sheet and builds its records, leaving the sheet as it is.
pub fn tables(sheet: &RawSheet) -> SheetLayout {
    into_tables(sheet.clone())
}

/// Finds the tables of a sheet and builds its records, moving the text of its cells
/// into them instead of copying it: a large sheet is not held twice over.
pub fn into_tables(sheet: RawSheet) -> SheetLayout {
    let mut records = Vec::new();
    let mut out = into_tables_by(sheet, usize::MAX, &mut |batch| records.extend(batch));
    out.records = records;
    out
}

/// [`into_tables`], handing the records to `take` in order, `batch` at a time, as they
/// are found (the layout returned holds none). A sheet's rows are freed as they become
/// records, and its records as `take` is done with them: neither is held whole.
#[allow(clippy::vec_box, reason = "see SheetLayout::records")]
pub fn into_tables_by(
    sheet: RawSheet,
    batch: usize,
    take: &mut dyn FnMut(Vec<Box<RawRecord>>),
) -> SheetLayout {
    let RawSheet {
        file,
        sheet: name,
        rows,
        row_count,
        rejected,
    } = sheet;
    let mut memo = HeaderMemo::default();
    let mut rows = rows.into_iter().map(|row| {
        let guess = memo.guess(&row);
        (row, guess)
    });
    let mut out = tables_from(&file, name.as_deref(), &mut rows, batch, take);
    out.add_read(row_count, rejected);
    out
}

/// [`into_tables_by`] on rows as they come, each with its [`HeaderGuess`]: while the
/// sheet is still being read, say. Rows are held only until the sheet's first header
/// (a sheet without one is rejected whole) and one row ahead. The layout does not count
/// what only the whole sheet tells ([`SheetLayout::add_read`]).
#[allow(clippy::vec_box, reason = "see SheetLayout::records")]
pub fn tables_from(
    file: &str,
    sheet: Option<&str>,
    rows: &mut dyn Iterator<Item = (RawRow, HeaderGuess)>,
    batch: usize,
    take: &mut dyn FnMut(Vec<Box<RawRecord>>),
) -> SheetLayout {
    let batch = batch.max(1);
    let mut out = SheetLayout::default();
    let mut rows = Lookahead::new(rows);
    if !rows.find_header() {
        let held = rows.into_held();
        out.rows_seen = held.len() as u64;
        if !held.is_empty() {
            let place = Location::file(file).with_sheet(sheet);
            out.warnings.push(Diagnostic::new(place, Kind::NoHeaderRow));
        }
        for (row, _) in &held {
            out.rejects.push(reject(
                file,
                sheet,
                row,
                "sheet has no recognisable header row",
            ));
        }
        out.counts.rejected_rows += held.len() as u64;
        return out;
    }

    let sheet_category = sheet.and_then(|s| known_category(&key(s)));
    let mut workplan = sheet.and_then(|s| {
        let k = key(s);
        is_workplan_title(&k)
            .then(|| workplan_label(s))
            .flatten()
            .map(Arc::<str>::from)
    });
    let mut file_workplan = None;
    if workplan.is_none() {
        let stem = std::path::Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // "workplan-2020.csv" names a workplan; so does a range such as "…-2017-2019",
        // but a lone year in a file name may be anything (a version, a date).
        file_workplan = workplan_label(&stem)
            .filter(|l| is_workplan_title(&key(&stem)) || l.contains(['-', '+']))
            .map(Arc::from);
    }

    let mut columns: Option<Columns> = None;
    let file_name: Arc<str> = Arc::from(file);
    let sheet_name: Option<Arc<str>> = sheet.map(Arc::from);
    let mut category: Option<Arc<str>> = None;
    let mut pending_heading: Option<String> = None;
    // The record being built, and the last values of fill-down fields in this table.
    let mut current: Option<RawRecord> = None;
    // A fill-down value is the index of the finished record that holds it and its row:
    // it is copied only into the blank cells it fills. When its record has been handed
    // on, a copy of the value is carried instead.
    let mut fill: [Option<(usize, u32)>; 8] = Default::default();
    let mut carried: [Option<(RawField, u32)>; 8] = Default::default();
    let mut handed_on = 0usize;

    // The number of the row before, to tell a row that follows a blank one.
    let mut before: Option<u32> = None;
    while let Some((mut row, guess)) = rows.next() {
        let after_blank = before.is_none_or(|n| n + 1 < row.number);
        before = Some(row.number);
        if let Some(cols) = &guess.0 {
            out.counts.header_rows += 1;
            let repeated =
                pending_heading.is_none() && columns.as_ref().is_some_and(|c| c.same_fields(cols));
            if !repeated {
                // A new table: close the record, reset fill-down, take the heading.
                if let Some(rec) = current.take() {
                    finish(rec, &mut fill, &mut out.records);
                }
                fill = Default::default();
                carried = Default::default();
                category = pending_heading
                    .take()
                    .or_else(|| {
                        if columns.is_none() {
                            sheet_category.map(str::to_owned)
                        } else {
                            None
                        }
                    })
                    .map(Arc::from);
                columns = Some(Columns::clone(cols));
            }
            continue;
        }

        let non_blank: Vec<(usize, &CellValue)> = row
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_blank())
            .collect();

        // Single-cell rows may be titles or headings.
        if non_blank.len() == 1 {
            let (col, cell) = non_blank[0];
            let text = cell.to_text();
            let text_key = key(&text);
            let next_is_header = rows.next_is_header();
            // Inside a table, a lone value under Description, Date, Contact... is the
            // record above running on, even when it mentions "the workplan".
            let in_record_column = matches!(columns.as_ref().map(|c| c.role(col)), Some(Role::Known(f)) if !matches!(f, Field::Topic | Field::Sector));
            let is_title = is_workplan_title(&text_key) && !in_record_column;
            let before_any_table = columns.is_none();
            let heading = known_category(&text_key);
            let starts_table = next_is_header
                && (before_any_table || (col == 0 && after_blank))
                && !in_record_column;
            if is_title || heading.is_some() || before_any_table || starts_table {
                out.counts.heading_rows += 1;
                if is_title {
                    if let Some(label) = workplan_label(&text) {
                        workplan = Some(label.into());
                    }
                } else if let Some(name) = heading {
                    pending_heading = Some(name.to_owned());
                } else if next_is_header || (before_any_table && text.chars().count() <= 80) {
                    pending_heading = Some(collapse_whitespace(&text));
                }
                if heading.is_some() && !next_is_header && columns.is_some() {
                    // A heading between records of the same columns starts a new section
                    // without a header of its own.
                    if let Some(rec) = current.take() {
                        finish(rec, &mut fill, &mut out.records);
                    }
                    fill = Default::default();
                    carried = Default::default();
                    category = pending_heading.take().map(Arc::from);
                }
                continue;
            }
        }

        let Some(cols) = &columns else {
            // Above the first header: titles and notes.
            out.counts.heading_rows += 1;
            continue;
        };

        let known: Vec<(Field, usize)> = non_blank
            .iter()
            .filter_map(|(c, _)| match cols.role(*c) {
                Role::Known(f) => Some((*f, *c)),
                _ => None,
            })
            .collect();
        if known.is_empty() {
            out.counts.rejected_rows += 1;
            out.rejects.push(reject(
                file,
                sheet,
                &row,
                "no value in any known column (only in columns without a known header)",
            ));
            continue;
        }
        let has_own = |f: Field| known.iter().any(|(g, _)| *g == f);
        let is_continuation = current.is_some()
            && !has_own(Field::Date)
            && !has_own(Field::Companies)
            && !has_own(Field::Sector);

        if is_continuation {
            out.counts.joined_rows += 1;
            let rec = current.as_mut().expect("checked is_some");
            rec.rows.push(row.number);
            let number = row.number;
            let at: Vec<usize> = non_blank.iter().map(|(col, _)| *col).collect();
            let mut cells = std::mem::take(&mut row.cells);
            for col in at {
                append(
                    rec,
                    cols,
                    col,
                    number,
                    std::mem::replace(&mut cells[col], CellValue::Empty),
                );
            }
            continue;
        }

        out.counts.record_rows += 1;
        if let Some(rec) = current.take() {
            finish(rec, &mut fill, &mut out.records);
        }
        let mut rec = RawRecord {
            file: file_name.clone(),
            sheet: sheet_name.clone(),
            workplan: workplan.clone().or_else(|| file_workplan.clone()),
            category: category.clone(),
            rows: vec![row.number],
            fields: Default::default(),
            extra: Vec::new(),
            headers: cols.headers.clone(),
        };
        let number = row.number;
        let at: Vec<usize> = non_blank.iter().map(|(col, _)| *col).collect();
        let mut cells = std::mem::take(&mut row.cells);
        for col in at {
            append(
                &mut rec,
                cols,
                col,
                number,
                std::mem::replace(&mut cells[col], CellValue::Empty),
            );
        }
        for field in Field::ALL.into_iter().filter(|f| f.fills_down()) {
            let idx = field.index();
            if cols.headers[idx].is_none() {
                continue;
            }
            if let Some(own) = &rec.fields[idx] {
                if is_ditto(&own.text) {
                    rec.fields[idx] = None;
                }
            }
            if rec.fields[idx].is_none() {
                let prev = match fill[idx] {
                    Some((from, from_row)) => out.records[from].fields[idx]
                        .as_ref()
                        .map(|f| (f, from_row)),
                    None => carried[idx].as_ref().map(|(f, from_row)| (f, *from_row)),
                };
                if let Some((prev, from_row)) = prev {
                    let mut filled = prev.clone();
                    filled.filled_from = Some(from_row);
                    rec.fields[idx] = Some(filled);
                }
            }
        }
        current = Some(rec);
        if out.records.len() >= batch {
            for (idx, slot) in fill.iter_mut().enumerate() {
                if let Some((from, from_row)) = slot.take() {
                    carried[idx] = out.records[from].fields[idx].clone().map(|f| (f, from_row));
                }
            }
            handed_on += out.records.len();
            take(std::mem::take(&mut out.records));
        }
    }
    if let Some(rec) = current.take() {
        finish(rec, &mut fill, &mut out.records);
    }
    handed_on += out.records.len();
    if !out.records.is_empty() {
        take(std::mem::take(&mut out.records));
    }
    if handed_on == 0 {
        let place = Location::file(file).with_sheet(sheet);
        let what = if sheet.is_some() { "sheet" } else { "file" };
        out.warnings
            .push(Diagnostic::new(place, Kind::NoRecords { what }));
    }
    out.rows_seen = rows.seen;
    out
}

/// Closes a record: its own Topic/Sector/Domain (with any continuation text joined)
/// become the values later blank cells of the table are filled with.
#[allow(clippy::vec_box, reason = "see SheetLayout::records")]
fn finish(rec: RawRecord, fill: &mut [Option<(usize, u32)>; 8], records: &mut Vec<Box<RawRecord>>) {
    for field in Field::ALL.into_iter().filter(|f| f.fills_down()) {
        if rec.field(field).is_some_and(|f| f.filled_from.is_none()) {
            fill[field.index()] = Some((records.len(), rec.rows[0]));
        }
    }
    records.push(Box::new(rec));
}

/// "Same as above" written out.
fn is_ditto(text: &str) -> bool {
    // Every value of a fill-down column comes here. The longest ditto holds eleven
    // letters ("same as above"), and the key of ASCII text keeps its letters and
    // digits as they are (decomposition can add some only to other text): more, and
    // it is no ditto, whatever its key.
    if text.is_ascii()
        && text
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .nth(11)
            .is_some()
    {
        return false;
    }
    matches!(
        key(text).as_str(),
        "idem" | "ditto" | "same as above" | "see above" | "id"
    ) || matches!(text.trim(), "\"" | "\u{201D}" | "\u{3003}" | "''")
}

/// Adds a cell to a record: a new field, or more text for one it already has.
fn append(rec: &mut RawRecord, cols: &Columns, col: usize, row: u32, cell: CellValue) {
    let source = SourceCell {
        row,
        col: col as u32,
    };
    // Text is shared with the cell, not copied; [`RawField::new`] keeps no second copy.
    let (text, cell) = match cell {
        CellValue::Text(text) | CellValue::Error(text) => (text, CellValue::Empty),
        other => (Arc::from(other.to_text()), other),
    };
    let cell = &cell;
    match cols.role(col) {
        Role::Known(field) => {
            let slot = &mut rec.fields[field.index()];
            match slot {
                // A filled-down value is replaced, never extended.
                Some(existing) if existing.filled_from.is_none() => existing.extend(&text, source),
                _ => *slot = Some(RawField::new(text, cell, source)),
            }
        }
        Role::Extra(header) => push_extra(rec, header.clone(), source, text, cell),
        Role::None => push_extra(
            rec,
            format!("column {}", crate::model::column_letters(col as u32)),
            source,
            text,
            cell,
        ),
    }
}

fn push_extra(
    rec: &mut RawRecord,
    header: String,
    source: SourceCell,
    text: Arc<str>,
    cell: &CellValue,
) {
    if let Some((_, existing)) = rec.extra.iter_mut().find(|(h, _)| *h == header) {
        existing.extend(&text, source);
    } else {
        rec.extra.push((header, RawField::new(text, cell, source)));
    }
}

fn reject(file: &str, sheet: Option<&str>, row: &RawRow, reason: &str) -> RejectedRow {
    RejectedRow {
        file: file.to_owned(),
        sheet: sheet.map(str::to_owned),
        row: row.number,
        reason: reason.to_owned(),
        cells: row.cells.iter().map(CellValue::to_text).collect(),
    }
}

/// The extra columns of a record as a map, header to text (joined parts).
pub fn extra_map(rec: &RawRecord) -> BTreeMap<String, String> {
    rec.extra
        .iter()
        .map(|(h, f)| (h.clone(), f.text.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_needle_is_placed_in_the_cell_whose_part_holds_it() {
        let cell = |row| SourceCell { row, col: 6 };
        let mut f = RawField::new("alpha beta".into(), &CellValue::Empty, cell(4));
        assert_eq!(f.cell_of("beta"), Some(cell(4)));
        assert_eq!(f.cell_of("nowhere"), Some(cell(4)));
        f.extend("gamma", cell(5));
        f.extend("delta", cell(6));
        assert_eq!(f.text, "alpha beta\ngamma\ndelta");
        assert_eq!(f.cell_of("alpha"), Some(cell(4)));
        assert_eq!(f.cell_of("gamma"), Some(cell(5)));
        assert_eq!(f.cell_of("delta"), Some(cell(6)));
        assert_eq!(f.cell_of("nowhere"), Some(cell(4)));
        assert_eq!(f.cells().collect::<Vec<_>>(), [cell(4), cell(5), cell(6)]);
        assert_eq!(f.cell_count(), 3);
    }

    #[test]
    fn a_typed_first_cell_is_kept_and_text_is_not_held_twice() {
        let cell = SourceCell { row: 2, col: 1 };
        let date = chrono::NaiveDate::from_ymd_opt(2020, 3, 6)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap();
        let typed = RawField::new("2020-03-06".into(), &CellValue::DateTime(date), cell);
        assert_eq!(typed.value(), &CellValue::DateTime(date));
        let text = RawField::new("6-7/03/2018".into(), &CellValue::Text("x".into()), cell);
        assert_eq!(text.value(), &CellValue::Empty);
    }

    #[test]
    fn records_stay_small() {
        // A million-row sheet holds a million of these at once: 1,048 bytes each before
        // fields were made compact, 728 after.
        assert!(std::mem::size_of::<RawField>() <= 72);
        assert!(std::mem::size_of::<RawRecord>() <= 728);
    }

    #[test]
    fn a_description_running_on_that_mentions_the_workplan_is_not_a_title() {
        // Regression: such a row was counted as a title and its text dropped.
        let sheet = sheet(&[
            &["Sector", "Activity", "Date", "Companies", "Description"],
            &["CDPPE", "Roadshow", "2020", "All", "Raising awareness"],
            &[
                "",
                "",
                "",
                "",
                "The workplan will further facilitate co-operation.",
            ],
            &["GRETA", "Study", "2021", "TBD", "Consultation"],
        ]);
        let l = tables(&sheet);
        assert_eq!(l.records.len(), 2);
        assert_eq!(l.records[0].rows, vec![2, 3]);
        assert!(l.records[0]
            .text(Field::Description)
            .ends_with("The workplan will further facilitate co-operation."));
        assert_eq!(l.counts.joined_rows, 1);
        assert_eq!(l.counts.heading_rows, 0);
    }

    #[test]
    fn header_cells_are_told_by_their_words_not_their_length() {
        for (text, expected) in [
            ("Point of contact", Some(Field::Contact)),
            ("Secto r", Some(Field::Sector)),
            (
                "  Companies/associations\ninvolved ",
                Some(Field::Companies),
            ),
            ("Date(s)", Some(Field::Date)),
            ("Contact point(s)", Some(Field::Contact)),
            // Header words opening a sentence, short and long.
            ("Partners will be involved in the work", None),
            (
                "Partners will be fully involved in the work of the Ad hoc Committee on \
                 Artificial Intelligence (CAHAI) as part of the multi-stakeholder consultations.",
                None,
            ),
            ("Development of Recommendation and Study", None),
            ("- Topic", Some(Field::Topic)),
            ("", None),
        ] {
            assert_eq!(text_header_field(text), expected, "{text:?}");
        }
    }

    #[test]
    fn cells_told_from_their_first_bytes_are_no_headers() {
        // Every cell the quick look sets aside is one the full judgement rejects: the
        // cells of a generated workbook, and cells made to sit on the edge (split
        // words, accents, invisible characters, "Al", digits, punctuation first).
        let mut texts: Vec<String> = crate::synth::rows(crate::synth::Spec::new(3_000))
            .flat_map(|row| match row {
                crate::synth::Row::Cells(cells) => cells
                    .into_iter()
                    .filter_map(|c| match c {
                        crate::synth::Cell::Text(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                crate::synth::Row::Title(t) => vec![t],
                _ => Vec::new(),
            })
            .collect();
        for word in HEADER_FIRST_WORDS.iter().map(|(w, _, _)| *w) {
            for cut in 1..word.len() {
                let (head, tail) = word.split_at(cut);
                texts.push(format!("{head} {tail} of contact"));
                texts.push(format!("{} {tail}", head.to_uppercase()));
                texts.push(format!("{head}\u{200B}{tail}"));
            }
            texts.push(format!("- ({word})"));
            texts.push(format!("{word}s and more"));
        }
        for text in [
            "Activit\u{e9}s",
            "ACTIVIT\u{c9}",
            "\u{c9}v\u{e9}nement",
            "Al as AI",
            "Al- driven",
            "12 Dates",
            "D ates",
            "Dat es",
            "Septemb er",
            "Secto r",
            "\u{FEFF}Sector",
            "Point of contact",
            "Person responsible (contact)",
            "  \t Date(s)",
            "",
            "---",
            "Whe n",
            "x- Activity",
            "Companies/associations involved",
        ] {
            texts.push(text.to_owned());
        }
        let mut set_aside = 0;
        for text in &texts {
            if !may_open_header(text) {
                set_aside += 1;
                assert_eq!(judge_header_text(text), None, "{text:?}");
            }
        }
        // The quick look does decide most cells.
        assert!(
            set_aside * 2 > texts.len(),
            "{set_aside} of {}",
            texts.len()
        );
    }

    #[test]
    fn header_guesses_are_the_same_with_one_memo_for_the_sheet_or_one_per_row() {
        let header: &[&str] = &["Sector", "Activity", "Date", "Companies"];
        let record: &[&str] = &["Data protection", "Workshop", "2020", "Microsoft"];
        let other: &[&str] = &["Sector", "Date", "Activity and more words", "Partners"];
        let rows: Vec<&[&str]> = (0..5_000)
            .map(|i| match i {
                // At the start, in the middle and at the end, after records.
                0 | 1_666 | 2_500 | 3_333 | 4_999 => header,
                7 | 2_499 | 2_501 => other,
                _ => record,
            })
            .collect();
        let rows = sheet(&rows).rows;
        let mut memo = HeaderMemo::default();
        let remembered: Vec<HeaderGuess> = rows.iter().map(|row| memo.guess(row)).collect();
        let fresh: Vec<HeaderGuess> = rows
            .iter()
            .map(|row| HeaderMemo::default().guess(row))
            .collect();
        assert_eq!(remembered.iter().filter(|g| g.is_header()).count(), 8);
        assert_eq!(remembered, fresh);
    }

    /// A sheet from rows of cells; "" is an empty cell, a row of no cells is blank.
    fn sheet(rows: &[&[&str]]) -> RawSheet {
        let mut out = Vec::new();
        for (i, cells) in rows.iter().enumerate() {
            let cells: Vec<CellValue> = cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        CellValue::Empty
                    } else {
                        CellValue::Text(Arc::from(*c))
                    }
                })
                .collect();
            if cells.iter().any(|c| !c.is_blank()) {
                out.push(RawRow {
                    number: i as u32 + 1,
                    cells,
                });
            }
        }
        RawSheet {
            file: "t.xlsx".into(),
            sheet: Some("Sheet1".into()),
            rows: out,
            row_count: rows.len() as u32,
            rejected: Vec::new(),
        }
    }

    #[test]
    fn a_row_with_an_address_is_data_even_when_it_starts_with_header_words() {
        let found = tables(&sheet(&[
            &[
                "Topic",
                "Sector",
                "Activity",
                "Date",
                "Companies",
                "Contact point",
            ],
            &["AI", "CAHAI", "Consultation", "2020", "All", "a@coe.int"],
            &[
                "Topic: data",
                "Sector x",
                "Event on AI",
                "2021",
                "Google",
                "b@coe.int",
            ],
        ]));
        assert_eq!(found.counts.header_rows, 1);
        assert_eq!(found.records.len(), 2);
        assert_eq!(found.records[1].text(Field::Activity), "Event on AI");
    }

    const H2017: &[&str] = &[
        "Sector",
        "Activity",
        "Date",
        "Companies/association",
        "Description",
    ];

    #[test]
    fn header_names_and_variants_are_recognised() {
        let cases = [
            ("Companies / associations involved", Some(Field::Companies)),
            ("Companies/association", Some(Field::Companies)),
            ("Entreprises/associations", Some(Field::Companies)),
            ("Date(s)", Some(Field::Date)),
            ("Contact points", Some(Field::Contact)),
            ("Point de contact", Some(Field::Contact)),
            ("Thème", Some(Field::Topic)),
            ("Secteur", Some(Field::Sector)),
            ("Activité", Some(Field::Activity)),
            ("Domaine", Some(Field::Domain)),
            ("Topics", Some(Field::Topic)),
            ("Budget", None),
            (
                "Sector of the activity that was organised by the Council of Europe",
                None,
            ),
        ];
        for (header, expected) in cases {
            assert_eq!(Field::from_header(&key(header)), expected, "{header}");
        }
    }

    #[test]
    fn workplan_labels_come_from_titles_and_file_names() {
        assert_eq!(workplan_label("Workplan 2020+").as_deref(), Some("2020+"));
        assert_eq!(
            workplan_label("Workplan 2017-2019").as_deref(),
            Some("2017-2019")
        );
        assert_eq!(
            workplan_label("workplan-2017-2019").as_deref(),
            Some("2017-2019")
        );
        assert_eq!(
            workplan_label("Workplan 2017 – 2019").as_deref(),
            Some("2017-2019")
        );
        assert_eq!(workplan_label("Workplan 2021").as_deref(), Some("2021"));
        assert_eq!(workplan_label("Workplan"), None);
        assert_eq!(workplan_label("Workplan 12345"), None);
    }

    #[test]
    fn titles_headings_and_tables_are_found() {
        let s = sheet(&[
            &["Workplan 2017-2019"],
            &[],
            &["Binding standard settings"],
            H2017,
            &[
                "Information society / data protection",
                "Presentation",
                "29/01/2019",
                "Google",
                "Text",
            ],
            &[
                "Information society / internet governance",
                "1st meeting",
                "6-7/03/2018",
                "Google",
                "",
            ],
            &["", "2nd meeting", "17-18/09/2018", "Google Microsoft", ""],
            &[],
            &["Studies"],
            &[" "],
            H2017,
            &["CDCT", "Thematic Session", "14/11/2018", "Google", "Long"],
        ]);
        let l = tables(&s);
        assert_eq!(l.records.len(), 4);
        assert!(l.rejects.is_empty());
        let c = l.counts;
        assert_eq!(
            (
                c.rows_read,
                c.record_rows,
                c.header_rows,
                c.heading_rows,
                c.blank_rows
            ),
            (12, 4, 2, 3, 3)
        );
        assert!(c.balanced());
        assert!(l
            .records
            .iter()
            .all(|r| r.workplan.as_deref() == Some("2017-2019")));
        assert_eq!(
            l.records[0].category.as_deref(),
            Some("Binding standard settings")
        );
        assert_eq!(l.records[3].category.as_deref(), Some("Studies"));
        // Same as above: the 2nd meeting takes the sector of the 1st, and says so.
        let second = l.records[2].field(Field::Sector).unwrap();
        assert_eq!(second.text, "Information society / internet governance");
        assert_eq!(second.filled_from, Some(6));
        assert_eq!(l.records[2].rows, vec![7]);
    }

    #[test]
    fn records_handed_on_in_batches_are_the_records_found_whole() {
        // Fill-down reaching back over a batch boundary, "same as above", a
        // continuation row, a heading and a second table.
        let s = sheet(&[
            H2017,
            &["CDCT", "Study", "2018", "Google", "First"],
            &["", "Workshop", "2019", "Microsoft", "Second"],
            &["idem", "Panel", "2020", "Apple", "Third"],
            &["", "", "", "", "runs on"],
            &["", "Roadshow", "2021", "Cisco", "Fourth"],
            &["Studies"],
            H2017,
            &["", "Orphan", "2022", "Google", "No sector above"],
            &["PACE", "Hearing", "2023", "Google", "Sixth"],
            &["", "Visit", "2024", "Google", "Seventh"],
        ]);
        let whole = into_tables(s.clone());
        assert_eq!(whole.records.len(), 7);
        assert_eq!(whole.records[3].text(Field::Sector), "CDCT");
        assert_eq!(whole.records[4].text(Field::Sector), "");
        assert_eq!(whole.records[6].text(Field::Sector), "PACE");
        for batch in 1..=4 {
            let mut batches = Vec::new();
            let mut by = into_tables_by(s.clone(), batch, &mut |b| batches.push(b));
            assert!(by.records.is_empty());
            assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= batch));
            by.records = batches.into_iter().flatten().collect();
            assert_eq!(by.records, whole.records, "batches of {batch}");
            assert_eq!(by.rejects, whole.rejects);
            assert_eq!(by.warnings, whole.warnings);
            assert_eq!(format!("{:?}", by.counts), format!("{:?}", whole.counts));
        }
    }

    #[test]
    fn fill_down_stops_at_a_new_table() {
        let s = sheet(&[
            &["Studies"],
            H2017,
            &["CDCT", "A", "2019", "Google", ""],
            &["Conferences / Roundtables"],
            H2017,
            &["", "B", "2019", "Google", ""],
        ]);
        let l = tables(&s);
        assert_eq!(l.records.len(), 2);
        assert!(l.records[1].field(Field::Sector).is_none());
        assert_eq!(
            l.records[1].category.as_deref(),
            Some("Conferences / Roundtables")
        );
    }

    #[test]
    fn continuation_rows_join_also_across_a_repeated_header() {
        let h: &[&str] = &[
            "Topic",
            "Sector",
            "Domain",
            "Activity",
            "Date",
            "Companies/associations involved",
            "Description",
            "Contact point",
        ];
        let s = sheet(&[
            &["Workplan 2020+"],
            h,
            &[
                "AI",
                "PACE",
                "Politics",
                "Hearing",
                "January 2020 (tbc)",
                "TBD",
                "Experts",
                "Secretariat\nPavel.Chevtchenko@coe _int",
            ],
            h,
            &["", "", "", "", "", "", "", "Vasileios.Giannias@coe. int"],
            &[
                "Children with disabilities and their rights in the",
                "CDENF",
                "Children's rights",
                "Hearing",
                "2020- 2021",
                "TBD",
                "x",
                "y",
            ],
            h,
            &["digital environment"],
            &[
                "Cybercrime",
                "T-CY",
                "Cybercrime",
                "Consultations",
                "2020 (TBC)",
                "TBD",
                "z",
                "w",
            ],
        ]);
        let l = tables(&s);
        assert_eq!(l.records.len(), 3, "{:#?}", l.records);
        assert_eq!(l.records[0].rows, vec![3, 5]);
        assert_eq!(
            l.records[0].text(Field::Contact),
            "Secretariat\nPavel.Chevtchenko@coe _int\nVasileios.Giannias@coe. int"
        );
        let contact = l.records[0].field(Field::Contact).unwrap();
        assert_eq!(
            contact.cells().collect::<Vec<_>>(),
            vec![SourceCell { row: 3, col: 7 }, SourceCell { row: 5, col: 7 }]
        );
        assert_eq!(
            l.records[0]
                .location_of(Field::Contact, "Vasileios.Giannias@coe. int")
                .to_string(),
            "t.xlsx [Sheet1]!H5 (Contact point)"
        );
        assert_eq!(
            l.records[0]
                .location_of(Field::Contact, "Pavel")
                .to_string(),
            "t.xlsx [Sheet1]!H3 (Contact point)"
        );
        assert_eq!(
            l.records[1].text(Field::Topic),
            "Children with disabilities and their rights in the\ndigital environment"
        );
        assert_eq!(l.records[1].rows, vec![6, 8]);
        assert_eq!(l.counts.header_rows, 3);
        assert_eq!(l.counts.joined_rows, 2);
        assert!(l.counts.balanced());
        assert_eq!(l.records[2].workplan.as_deref(), Some("2020+"));
    }

    #[test]
    fn a_blank_sector_record_with_a_date_is_a_record_not_a_continuation() {
        let s = sheet(&[
            H2017,
            &[
                "Education",
                "Roundtable meeting",
                "18/01/2018",
                "Google",
                "Info",
            ],
            &[
                "",
                "Online information meeting",
                "18/12/2018",
                "Apple",
                "Discussion",
            ],
            &["", "", "", "", "work in the field of AI."],
        ]);
        let l = tables(&s);
        assert_eq!(l.records.len(), 2);
        assert_eq!(l.records[1].text(Field::Sector), "Education");
        assert_eq!(
            l.records[1].text(Field::Description),
            "Discussion\nwork in the field of AI."
        );
    }

    #[test]
    fn unknown_columns_are_kept_and_stray_cells_rejected() {
        let s = sheet(&[
            &["Sector", "Activity", "Date", "Budget", "Companies"],
            &["CDCT", "Session", "2019", "12000", "Google"],
            &["", "", "", "note in budget column"],
        ]);
        let l = tables(&s);
        assert_eq!(l.records.len(), 1);
        assert_eq!(
            extra_map(&l.records[0]).get("Budget").map(String::as_str),
            Some("12000")
        );
        assert_eq!(l.rejects.len(), 1);
        assert_eq!(l.rejects[0].row, 3);
        assert!(l.counts.balanced());
    }

    #[test]
    fn a_sheet_without_header_is_rejected_row_by_row() {
        let s = sheet(&[&["name", "value"], &["a", "1"], &[], &["b", "2"]]);
        let l = tables(&s);
        assert!(l.records.is_empty());
        assert_eq!(l.rejects.len(), 3);
        assert_eq!(l.warnings.len(), 1);
        assert!(
            l.warnings[0].to_string().contains("t.xlsx [Sheet1]"),
            "{}",
            l.warnings[0]
        );
        assert_eq!(l.counts.blank_rows, 1);
        assert!(l.counts.balanced());
    }

    #[test]
    fn a_sheet_named_after_a_category_sets_it() {
        let mut s = sheet(&[
            &[
                "Secteur",
                "Activité",
                "Date",
                "Entreprises/associations",
                "Description",
            ],
            &["CDCT", "Session", "2019", "Google", ""],
        ]);
        s.sheet = Some("Studies".into());
        let l = tables(&s);
        assert_eq!(l.records[0].category.as_deref(), Some("Studies"));
    }

    #[test]
    fn ditto_marks_mean_same_as_above() {
        let s = sheet(&[
            H2017,
            &["CDCT", "A", "2019", "Google", ""],
            &["idem", "B", "2020", "Google", ""],
        ]);
        let l = tables(&s);
        assert_eq!(l.records[1].text(Field::Sector), "CDCT");
    }

    #[test]
    fn dittos_told_by_counting_letters_are_the_dittos_their_keys_tell() {
        let by_key = |t: &str| {
            matches!(
                key(t).as_str(),
                "idem" | "ditto" | "same as above" | "see above" | "id"
            ) || matches!(t.trim(), "\"" | "\u{201D}" | "\u{3003}" | "''")
        };
        let texts = [
            "same as above",
            "Same  as above.",
            "...SAME AS ABOVE!!!",
            "(idem)",
            "Ditto",
            "see above",
            "see above 1",
            "same as abovee",
            "same as above, see",
            "Id.",
            "\"",
            "''",
            "\u{201D}",
            "idem\u{200B}",
            "s a m e a s a b o v e",
            "Information society / data protection",
            "CDCT",
            "",
        ];
        for t in texts {
            assert_eq!(is_ditto(t), by_key(t), "{t:?}");
        }
        assert!(is_ditto("...SAME AS ABOVE!!!") && !is_ditto("same as abovee"));
    }
}
