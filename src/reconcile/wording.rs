//! How findings are worded: counts and lists in words, suggestions with their scores,
//! renames, and the places of activities and list rows ("rows 3-5, 9"). Every sentence
//! of the reconciliation is built from these, so a place or a count reads the same in
//! `reconciliation.csv` and `reconciliation.pdf`.

use std::collections::BTreeMap;

use crate::model::{Activity, Location};
use crate::registry::{Partner, Rename};

/// "; suggestions: Google (0.93), Orange (0.71)" or "".
pub(super) fn suggestion_text(suggestions: &[(String, f64)]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; suggestions: {}", format_suggestions(suggestions))
    }
}

/// "Google (0.93), Orange (0.71)".
pub fn format_suggestions(suggestions: &[(String, f64)]) -> String {
    suggestions
        .iter()
        .map(|(s, score)| format!("{s} ({score:.2})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "1 list", "3 lists".
pub(super) fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `text` cut to at most `max` characters at the last space before the cut, with "…";
/// unchanged when short enough. Activity titles are cited so; the name reader's
/// `shorten` (in `normalise::names`) cuts a quoted piece at exactly 120 characters.
pub(super) fn shorten_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// "Element AI → ServiceNow (date not given)".
pub(super) fn describe_rename(p: &Partner, r: &Rename) -> String {
    let date = r
        .date
        .map_or_else(|| "date not given".to_owned(), |d| d.to_string());
    format!("{} → {} ({date})", p.name, r.to)
}

/// "input/workplan-2017-2019.xlsx [Workplan 2017-2019] row 31" (rows 27-28 when joined).
pub fn activity_place(a: &Activity) -> String {
    let rows = row_numbers(&a.source.rows);
    match &a.source.sheet {
        Some(sheet) => format!("{} [{sheet}] {rows}", a.source.file),
        None => format!("{} {rows}", a.source.file),
    }
}

/// "row 7", "rows 3-16", "rows 3-5, 9".
pub(super) fn row_numbers(rows: &[u32]) -> String {
    let mut sorted: Vec<u32> = rows.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        runs.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    let word = if sorted.len() == 1 { "row" } else { "rows" };
    format!("{word} {}", runs.join(", "))
}

/// The places of a list's rows, per file and sheet: "input/partner-lists.csv rows 3-16".
pub(super) fn rows_place(rows: &[Location]) -> String {
    let mut by_file: BTreeMap<(String, Option<String>), Vec<u32>> = BTreeMap::new();
    let mut order: Vec<(String, Option<String>)> = Vec::new();
    for l in rows {
        let key = (l.file.clone(), l.sheet.clone());
        if !by_file.contains_key(&key) {
            order.push(key.clone());
        }
        by_file.entry(key).or_default().extend(l.row);
    }
    order
        .iter()
        .map(|key| {
            let rows = row_numbers(&by_file[key]);
            match &key.1 {
                Some(sheet) => format!("{} [{sheet}] {rows}", key.0),
                None => format!("{} {rows}", key.0),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
