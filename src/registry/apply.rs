//! `workplan registry apply`: the decisions a reviewer wrote in
//! `review/unmatched-names.csv` written into the registry file.
//!
//! The registry is a file people edit: it is changed with `toml_edit`, so its comments,
//! order and layout stay as they were; a new entry goes after the last entry of its
//! kind, a new spelling at the end of its list, written like the ones before it. Rows
//! without a decision are skipped. One bad row refuses the whole file and changes
//! nothing: an unknown decision, an alias of a partner that does not exist, a spelling
//! another entry already holds; the registry as changed is read back with the checks of
//! every run before it is written.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table};

use super::PartnerRegistry;
use crate::text;

/// What a reviewer decided for one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Another spelling of an existing entry (`canonical` names it).
    Alias,
    /// An organisation that is not a partner (`canonical`, when given, names it).
    NonPartner,
    /// A text that names no participant ("TBD").
    Placeholder,
    /// A new partner (`canonical` is its name, `name` by default).
    Partner,
    /// A subsidiary, office or research arm of a partner (`canonical` names it).
    Affiliate,
    /// Another organisation that looks like an entry (`canonical` names the entry).
    Different,
}

/// The decisions, as written in the `decision` column.
pub const DECISIONS: &[(&str, Decision)] = &[
    ("alias", Decision::Alias),
    ("non-partner", Decision::NonPartner),
    ("placeholder", Decision::Placeholder),
    ("partner", Decision::Partner),
    ("affiliate", Decision::Affiliate),
    ("different", Decision::Different),
];

impl Decision {
    /// The decision written as `text` (case, spaces and `_` for `-` forgiven).
    pub fn parse(text: &str) -> Option<Decision> {
        let word = text.trim().to_lowercase().replace(['_', ' '], "-");
        DECISIONS.iter().find(|(w, _)| *w == word).map(|(_, d)| *d)
    }

    fn as_str(self) -> &'static str {
        DECISIONS
            .iter()
            .find(|(_, d)| *d == self)
            .map_or("", |(w, _)| w)
    }
}

/// One row of the review file with a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row, as a spreadsheet program numbers it (the header is row 1).
    pub row: u64,
    /// The name as written.
    pub name: String,
    /// The decision as written.
    pub decision: String,
    /// The `canonical` column, possibly empty.
    pub canonical: String,
}

/// Why the decisions were not applied. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// A file could not be read or written.
    #[error("{path}: cannot {action}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What was being done.
        action: &'static str,
        /// What the system said.
        source: io::Error,
    },
    /// The review file is not a CSV file with the columns needed.
    #[error("{path}: {reason}")]
    Review {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The registry file is not TOML of the registry's shape.
    #[error("{path}: {reason}: fix the registry first")]
    Registry {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Some rows cannot be applied: each is named with what to do.
    #[error("{}", refused(path, problems))]
    Refused {
        /// The review file.
        path: String,
        /// One line per row that cannot be applied.
        problems: Vec<String>,
    },
}

fn refused(path: &str, problems: &[String]) -> String {
    let mut message = format!(
        "{path}: {} row(s) cannot be applied, so nothing was changed; correct them and apply \
         again:",
        problems.len()
    );
    for p in problems {
        message.push_str("\n  ");
        message.push_str(p);
    }
    message
}

/// One change made to the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The review file's row it comes from.
    pub row: u64,
    /// What changed, in a few words.
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.what)
    }
}

/// What [`apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Each change, in the order of the rows.
    pub changes: Vec<Change>,
    /// Rows without a decision, skipped.
    pub skipped: usize,
    /// Rows whose decision the registry says already (the file was applied before).
    pub unchanged: Vec<u64>,
}

/// Reads the decisions of `review` (a CSV file with the columns `name`, `decision` and
/// `canonical`) and writes them into the registry file `registry`. Refuses the whole
/// file, changing nothing, when a row cannot be applied.
pub fn apply(review: &Path, registry: &Path) -> Result<Applied, ApplyError> {
    let (rows, skipped) = read_rows(review)?;
    let path = registry.display().to_string();
    let text = fs::read_to_string(registry).map_err(|source| ApplyError::Io {
        path: path.clone(),
        action: "read the partner registry",
        source,
    })?;
    let mut doc: DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| ApplyError::Registry {
                path: path.clone(),
                reason: e.message().trim().to_owned(),
            })?;
    let (changes, unchanged) =
        apply_rows(&mut doc, &path, &rows).map_err(|problems| ApplyError::Refused {
            path: review.display().to_string(),
            problems,
        })?;
    let changed = doc.to_string();
    if !changes.is_empty() {
        write_replacing(registry, changed.as_bytes())?;
    }
    Ok(Applied {
        changes,
        skipped,
        unchanged,
    })
}

/// The rows of `review` with a decision, and how many have none.
pub fn read_rows(review: &Path) -> Result<(Vec<Row>, usize), ApplyError> {
    let path = review.display().to_string();
    let bad = |reason: String| ApplyError::Review {
        path: path.clone(),
        reason,
    };
    let bytes = fs::read(review).map_err(|source| ApplyError::Io {
        path: path.clone(),
        action: "read the decisions",
        source,
    })?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| bad(format!("cannot read the header row: {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                bad(format!(
                    "no `{name}` column: give the review file `workplan run` wrote \
                 (review/unmatched-names.csv), with its decision column filled"
                ))
            })
    };
    let (name, decision, canonical) = (column("name")?, column("decision")?, column("canonical")?);
    let mut rows = Vec::new();
    let mut skipped = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        // The row as a spreadsheet program shows it: the header is row 1.
        let row = i as u64 + 2;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        if field(decision).is_empty() {
            skipped += 1;
            continue;
        }
        rows.push(Row {
            row,
            name: field(name),
            decision: field(decision),
            canonical: field(canonical),
        });
    }
    Ok((rows, skipped))
}

/// The kinds of registry entry, as the file names their tables.
const KINDS: [&str; 3] = ["partner", "non_partner", "candidate"];

/// Who holds a spelling: "partner "Google"", "the placeholders".
type Holder = String;

/// `rows` applied to the registry `doc` (read from `path`): the changes and the rows
/// the registry says already, or one line per row that cannot be applied.
pub fn apply_rows(
    doc: &mut DocumentMut,
    path: &str,
    rows: &[Row],
) -> Result<(Vec<Change>, Vec<u64>), Vec<String>> {
    let mut held = spellings(doc);
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    for row in rows {
        if already_applied(doc, &held, row) {
            unchanged.push(row.row);
            continue;
        }
        match apply_row(doc, &mut held, row) {
            Ok(what) => changes.push(Change { row: row.row, what }),
            Err(why) => problems.push(format!("row {} ({:?}): {why}", row.row, row.name)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // The registry as changed passes the checks of every run, or nothing is written.
    if let Err(e) = PartnerRegistry::from_toml(&doc.to_string(), path) {
        return Err(vec![format!(
            "the registry would not be valid once changed: {e}"
        )]);
    }
    Ok((changes, unchanged))
}

/// Whether the registry says what `row` decides already (a file applied twice): the
/// name is held by the entry, or the list, the decision would give it to.
fn already_applied(doc: &DocumentMut, held: &HashMap<String, Holder>, row: &Row) -> bool {
    let Some(holder) = held.get(&text::key(&row.name)) else {
        return false;
    };
    let named = |kinds: &[&'static str], name: &str| {
        kind_of(doc, kinds, name).and_then(|kind| {
            let key = text::key(name);
            tables(doc, kind)
                .filter_map(|t| t.get("name").and_then(Item::as_str))
                .find(|n| text::key(n) == key)
                .map(|n| format!("{} {n:?}", kind.replace('_', "-")))
        })
    };
    let target = if row.canonical.is_empty() {
        row.name.as_str()
    } else {
        row.canonical.as_str()
    };
    let expected = match Decision::parse(&row.decision) {
        Some(Decision::Alias) => named(&KINDS, target),
        Some(Decision::Affiliate | Decision::Partner) => named(&["partner"], target),
        Some(Decision::NonPartner) => named(&["non_partner"], target),
        Some(Decision::Placeholder) => Some("the `placeholders` list".to_owned()),
        Some(Decision::Different) | None => None,
    };
    expected.as_ref() == Some(holder)
}

/// Every spelling the registry holds, by comparison key, with who holds it.
fn spellings(doc: &DocumentMut) -> HashMap<String, Holder> {
    let mut held = HashMap::new();
    for list in ["all", "placeholders"] {
        for s in strings(doc.get(list)) {
            held.insert(text::key(&s), format!("the `{list}` list"));
        }
    }
    for kind in KINDS {
        for t in tables(doc, kind) {
            let name = t
                .get("name")
                .and_then(Item::as_str)
                .unwrap_or("")
                .to_owned();
            let holder = format!("{} {name:?}", kind.replace('_', "-"));
            held.insert(text::key(&name), holder.clone());
            for list in ["aliases", "affiliates"] {
                for s in strings(t.get(list)) {
                    held.insert(text::key(&s), holder.clone());
                }
            }
        }
    }
    held
}

fn strings(item: Option<&Item>) -> Vec<String> {
    item.and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn tables<'d>(doc: &'d DocumentMut, kind: &str) -> impl Iterator<Item = &'d Table> {
    doc.get(kind)
        .and_then(Item::as_array_of_tables)
        .into_iter()
        .flat_map(ArrayOfTables::iter)
}

/// The entry of `kind` whose name is `name` (case and accents forgiven).
fn entry_mut<'d>(doc: &'d mut DocumentMut, kind: &str, name: &str) -> Option<&'d mut Table> {
    let key = text::key(name);
    doc.get_mut(kind)?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| t.get("name").and_then(Item::as_str).map(text::key) == Some(key.clone()))
}

/// The kind of the entry named `name`, among `kinds`.
fn kind_of(doc: &DocumentMut, kinds: &[&'static str], name: &str) -> Option<&'static str> {
    let key = text::key(name);
    kinds.iter().copied().find(|kind| {
        tables(doc, kind)
            .any(|t| t.get("name").and_then(Item::as_str).map(text::key) == Some(key.clone()))
    })
}

/// Applies one row; what changed, or why it cannot be applied and what to do.
fn apply_row(
    doc: &mut DocumentMut,
    held: &mut HashMap<String, Holder>,
    row: &Row,
) -> Result<String, String> {
    let decision = Decision::parse(&row.decision).ok_or_else(|| {
        let words: Vec<&str> = DECISIONS.iter().map(|(w, _)| *w).collect();
        format!(
            "unknown decision {:?}: write one of {}, or leave it empty",
            row.decision,
            words.join(", ")
        )
    })?;
    if row.name.is_empty() {
        return Err("no name: the `name` column is empty".into());
    }
    let canonical = row.canonical.as_str();
    let spelling = |held: &HashMap<String, Holder>, s: &str| match held.get(&text::key(s)) {
        Some(holder) => Err(format!(
            "{s:?} is already held by {holder}: leave the decision empty if that is right, \
             or remove the spelling there first"
        )),
        None => Ok(()),
    };
    let needs_canonical = |what: &str| {
        if canonical.is_empty() {
            Err(format!(
                "`{}` needs `canonical`: the name of the {what} as the registry spells it",
                decision.as_str()
            ))
        } else {
            Ok(())
        }
    };
    let what = match decision {
        Decision::Alias => {
            needs_canonical("partner")?;
            let kind = kind_of(doc, &KINDS, canonical).ok_or_else(|| {
                format!(
                    "no partner named {canonical:?} in the registry: write a partner's name \
                     as the registry spells it, or decide `partner` to add a new one"
                )
            })?;
            spelling(held, &row.name)?;
            let entry = entry_mut(doc, kind, canonical).expect("found above");
            push_string(entry, "aliases", &row.name);
            format!(
                "alias {:?} of {} {canonical:?}",
                row.name,
                kind.replace('_', "-")
            )
        }
        Decision::Affiliate => {
            needs_canonical("partner")?;
            if kind_of(doc, &["partner"], canonical).is_none() {
                return Err(format!(
                    "no partner named {canonical:?} in the registry: write the name of the \
                     partner it belongs to as the registry spells it"
                ));
            }
            spelling(held, &row.name)?;
            let entry = entry_mut(doc, "partner", canonical).expect("found above");
            push_string(entry, "affiliates", &row.name);
            format!("affiliate {:?} of partner {canonical:?}", row.name)
        }
        Decision::Different => {
            needs_canonical("entry it is not")?;
            let kind = kind_of(doc, &KINDS, canonical).ok_or_else(|| {
                format!(
                    "no entry named {canonical:?} in the registry: write the name of the \
                     entry it must not be matched to"
                )
            })?;
            spelling(held, &row.name)?;
            let entry = entry_mut(doc, kind, canonical).expect("found above");
            push_string(entry, "different", &row.name);
            format!(
                "{:?} marked as different from {} {canonical:?}",
                row.name,
                kind.replace('_', "-")
            )
        }
        Decision::Placeholder => {
            spelling(held, &row.name)?;
            let list = doc
                .entry("placeholders")
                .or_insert_with(|| toml_edit::value(Array::new()));
            let list = list
                .as_array_mut()
                .ok_or("the registry's `placeholders` is not a list")?;
            push_like(list, &row.name);
            format!("placeholder {:?}", row.name)
        }
        Decision::NonPartner | Decision::Partner => new_entry(doc, held, row, decision)?,
    };
    // The spellings given are held from now on: a later row cannot give them again.
    held.insert(text::key(&row.name), format!("row {}", row.row));
    if !canonical.is_empty() {
        held.insert(text::key(canonical), format!("row {}", row.row));
    }
    Ok(what)
}

/// A new partner or non-partner named `canonical` (or `name`), with `name` as an alias
/// when they differ; a non-partner whose `canonical` names one already gets an alias.
fn new_entry(
    doc: &mut DocumentMut,
    held: &HashMap<String, Holder>,
    row: &Row,
    decision: Decision,
) -> Result<String, String> {
    let kind = if decision == Decision::Partner {
        "partner"
    } else {
        "non_partner"
    };
    let name = if row.canonical.is_empty() {
        row.name.as_str()
    } else {
        row.canonical.as_str()
    };
    let alias = (text::key(name) != text::key(&row.name)).then_some(row.name.as_str());
    if let Some(holder) = alias.and_then(|a| held.get(&text::key(a))) {
        return Err(format!(
            "{:?} is already held by {holder}: leave the decision empty if that is right",
            row.name
        ));
    }
    if decision == Decision::NonPartner {
        if let Some(entry) = entry_mut(doc, "non_partner", name) {
            let Some(alias) = alias else {
                return Err(format!("non-partner {name:?} is in the registry already"));
            };
            push_string(entry, "aliases", alias);
            return Ok(format!("alias {alias:?} of non-partner {name:?}"));
        }
    }
    if let Some(holder) = held.get(&text::key(name)) {
        return Err(format!(
            "{name:?} is already held by {holder}: decide `alias` to add the spelling to it"
        ));
    }
    let mut table = Table::new();
    table["name"] = toml_edit::value(name);
    if decision == Decision::Partner {
        // A partner needs its kind; the reviewer's file does not say it.
        table["kind"] = toml_edit::value("company");
        if let Some(value) = table.get_mut("kind").and_then(Item::as_value_mut) {
            value
                .decor_mut()
                .set_suffix("  # set by `workplan registry apply`: \"association\" if it is one");
        }
    }
    if let Some(alias) = alias {
        let mut aliases = Array::new();
        aliases.push(alias);
        table["aliases"] = toml_edit::value(aliases);
    }
    doc.entry(kind)
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| format!("the registry's `{kind}` is not a list of [[{kind}]] tables"))?
        .push(table);
    Ok(match (decision, alias) {
        (Decision::Partner, _) => format!(
            "new partner {name:?} (kind \"company\": change it in the registry if it is an \
             association)"
        ),
        (_, Some(alias)) => format!("new non-partner {name:?}, alias {alias:?}"),
        (_, None) => format!("new non-partner {name:?}"),
    })
}

/// Adds `text` to the list `key` of `entry`, made when absent.
fn push_string(entry: &mut Table, key: &str, text: &str) {
    match entry.get_mut(key).and_then(Item::as_array_mut) {
        Some(list) => push_like(list, text),
        None => {
            let mut list = Array::new();
            list.push(text);
            entry[key] = toml_edit::value(list);
        }
    }
}

/// Pushes `text` at the end of `list`, laid out like the item before it: on a line of
/// its own, indented alike, in a list written one item a line (a comment after the last
/// item stays on that item's line).
fn push_like(list: &mut Array, text: &str) {
    let prefix = list
        .iter()
        .last()
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .filter(|p| p.contains('\n'))
        .map(str::to_owned);
    let trailing = list.trailing().as_str().unwrap_or("").to_owned();
    list.push(text);
    let Some(prefix) = prefix else {
        return;
    };
    let indent = prefix.rsplit('\n').next().unwrap_or("");
    // What follows the last item up to the closing bracket: its comment, then the line
    // break before the bracket.
    let (comment, close) = trailing
        .rsplit_once('\n')
        .map_or(("", ""), |(c, _)| (c, &trailing[c.len()..]));
    if let Some(last) = list.iter_mut().last() {
        last.decor_mut().set_prefix(format!("{comment}\n{indent}"));
    }
    list.set_trailing(close);
}

/// Writes `bytes` beside `path`, then renames it over `path`: a reader sees the old file
/// or the new one, never half of one.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), ApplyError> {
    let err = |source| ApplyError::Io {
        path: path.display().to_string(),
        action: "write the partner registry",
        source,
    };
    let mut temp = PathBuf::from(path);
    temp.as_mut_os_string().push(".new");
    fs::write(&temp, bytes).map_err(err)?;
    fs::rename(&temp, path).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGISTRY: &str = "\
# Who the partners are.
placeholders = [
    \"TBD\",  # to be determined
]

# The founders.
[[partner]]
name = \"Google\"
kind = \"company\"
aliases = [
    \"Google LLC\",
]

[[partner]]
name = \"Orange\"
kind = \"company\"

# Not partners.
[[non_partner]]
name = \"UNESCO\"
";

    fn row(row: u64, name: &str, decision: &str, canonical: &str) -> Row {
        Row {
            row,
            name: name.into(),
            decision: decision.into(),
            canonical: canonical.into(),
        }
    }

    fn applied(rows: &[Row]) -> Result<String, Vec<String>> {
        let mut doc: DocumentMut = REGISTRY.parse().unwrap();
        apply_rows(&mut doc, "partners.toml", rows).map(|_| doc.to_string())
    }

    #[test]
    fn a_different_organisation_is_read_back_as_a_non_partner() {
        let text =
            applied(&[row(10, "Orange County Council", "different", "Orange")]).expect("applied");
        let reg = PartnerRegistry::from_toml(&text, "partners.toml").expect("valid");
        let m = reg.lookup("Orange County Council").expect("known");
        assert!(
            matches!(m.entity, super::super::Entity::NonPartner(_)),
            "{m:?}"
        );
    }

    #[test]
    fn each_decision_is_written_where_a_person_would_write_it() {
        let text = applied(&[
            row(2, "Gogle", "alias", "google"),
            row(3, "To be announced", "Placeholder", ""),
            row(4, "Acme GmbH", "non-partner", ""),
            row(5, "Unesco Paris", "non_partner", "UNESCO"),
            row(6, "Newco", "partner", ""),
        ])
        .expect("applied");
        let expected = "\
# Who the partners are.
placeholders = [
    \"TBD\",  # to be determined
    \"To be announced\",
]

# The founders.
[[partner]]
name = \"Google\"
kind = \"company\"
aliases = [
    \"Google LLC\",
    \"Gogle\",
]

[[partner]]
name = \"Orange\"
kind = \"company\"

[[partner]]
name = \"Newco\"
kind = \"company\"  # set by `workplan registry apply`: \"association\" if it is one

# Not partners.
[[non_partner]]
name = \"UNESCO\"
aliases = [\"Unesco Paris\"]

[[non_partner]]
name = \"Acme GmbH\"
";
        assert_eq!(text, expected);
        // A decision the registry says already is left as it is.
        assert_eq!(
            applied(&[row(2, "TBD", "placeholder", "")]).unwrap(),
            REGISTRY
        );
    }

    #[test]
    fn a_row_that_cannot_be_applied_is_named_with_what_to_do() {
        for (rows, says) in [
            (
                vec![row(2, "Gogle", "alais", "Google")],
                "row 2 (\"Gogle\"): unknown decision \"alais\"",
            ),
            (
                vec![row(3, "Gogle", "alias", "Gooogle")],
                "no partner named \"Gooogle\"",
            ),
            (
                vec![row(4, "Gogle", "alias", "")],
                "`alias` needs `canonical`",
            ),
            (
                vec![row(5, "google llc", "non-partner", "")],
                "already held by partner \"Google\"",
            ),
            (
                vec![row(6, "TBD", "non-partner", "")],
                "already held by the `placeholders` list",
            ),
            (
                vec![
                    row(7, "Acme", "non-partner", ""),
                    row(8, "ACME", "partner", ""),
                ],
                "row 8 (\"ACME\"): \"ACME\" is already held by row 7",
            ),
            (
                vec![row(9, "Unesco", "partner", "UNESCO")],
                "already held by non-partner \"UNESCO\"",
            ),
        ] {
            let problems = applied(&rows).expect_err(says);
            assert!(
                problems.iter().any(|p| p.contains(says)),
                "{problems:?} / {says}"
            );
        }
    }
}
