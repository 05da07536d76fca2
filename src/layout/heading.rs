//! Titles and headings: the category headings above a table ("Studies"), the workplan
//! a title, sheet or file names ("Workplan 2020+"), and which lone-cell rows are such
//! titles rather than a record running on.

use crate::text::{collapse_whitespace, key};

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

/// The canonical category a heading's key names, if it names one.
pub(super) fn known_category(text_key: &str) -> Option<&'static str> {
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
pub(super) fn is_workplan_title(text_key: &str) -> bool {
    text_key.contains("workplan")
        || text_key.contains("work plan")
        || text_key.contains("plan de travail")
}

/// What a sheet's and its file's names say of its records.
#[derive(Debug, Default)]
pub(super) struct SheetNames {
    /// The category a sheet named after one gives its first table ("Studies").
    pub(super) category: Option<&'static str>,
    /// The workplan the sheet's name gives ("Workplan 2020+").
    pub(super) workplan: Option<String>,
    /// The workplan the file's name gives, used when neither the sheet nor a title
    /// gives one ("workplan-2017-2019.xlsx").
    pub(super) file_workplan: Option<String>,
}

impl SheetNames {
    /// What the names of `file` and `sheet` say.
    pub(super) fn of(file: &str, sheet: Option<&str>) -> SheetNames {
        let category = sheet.and_then(|s| known_category(&key(s)));
        let workplan = sheet.and_then(|s| {
            is_workplan_title(&key(s))
                .then(|| workplan_label(s))
                .flatten()
        });
        let mut file_workplan = None;
        if workplan.is_none() {
            let stem = std::path::Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            // "workplan-2020.csv" names a workplan; so does a range such as
            // "…-2017-2019", but a lone year in a file name may be anything (a
            // version, a date).
            file_workplan = workplan_label(&stem)
                .filter(|l| is_workplan_title(&key(&stem)) || l.contains(['-', '+']));
        }
        SheetNames {
            category,
            workplan,
            file_workplan,
        }
    }
}

/// What a row holding a single cell is, when it is no record's value.
#[derive(Debug, PartialEq)]
pub(super) enum Lone {
    /// A title naming a workplan, with its label if it has one.
    Title(Option<String>),
    /// A known category heading ("Studies"), by its canonical name.
    Category(&'static str),
    /// Another heading or note, with its text when it may name the table under it.
    Other(Option<String>),
}

/// Where a lone cell stands.
pub(super) struct LoneCell<'a> {
    /// The cell's text.
    pub(super) text: &'a str,
    /// Its column is one a record's value runs on in (not Topic or Sector).
    pub(super) in_record_column: bool,
    /// No table has begun yet in the sheet.
    pub(super) before_any_table: bool,
    /// The next row is a header row.
    pub(super) next_is_header: bool,
    /// It is in column A after a blank row (or first in the sheet).
    pub(super) in_column_a_after_blank: bool,
}

impl LoneCell<'_> {
    /// What the row is, or `None` when it is a record's value (a description running
    /// on that mentions "the workplan" is no title).
    pub(super) fn judge(&self) -> Option<Lone> {
        let text_key = key(self.text);
        let is_title = is_workplan_title(&text_key) && !self.in_record_column;
        let category = known_category(&text_key);
        // A table's own heading: above its header, set apart.
        let starts_table = self.next_is_header
            && (self.before_any_table || self.in_column_a_after_blank)
            && !self.in_record_column;
        if is_title {
            return Some(Lone::Title(workplan_label(self.text)));
        }
        if let Some(name) = category {
            return Some(Lone::Category(name));
        }
        if !(self.before_any_table || starts_table) {
            return None;
        }
        let names_table =
            self.next_is_header || (self.before_any_table && self.text.chars().count() <= 80);
        Some(Lone::Other(
            names_table.then(|| collapse_whitespace(self.text)),
        ))
    }
}
