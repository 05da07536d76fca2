//! The words of dates, after folding (lower case, no accents), English and French: month
//! and weekday names, ordinals, and the regex pieces built from them.

use std::sync::LazyLock;

use chrono::Weekday;
use regex::Regex;

/// Month names with the usual abbreviations.
pub(super) const MONTH_NAMES: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("janvier", 1),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("decembre", 12),
    ("jan", 1),
    ("janv", 1),
    ("feb", 2),
    ("febr", 2),
    ("fev", 2),
    ("fevr", 2),
    ("mar", 3),
    ("apr", 4),
    ("avr", 4),
    ("jun", 6),
    ("jul", 7),
    ("juil", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Month names that are also ordinary words ("may" the verb, "sept" the French seven):
/// left alone when they stand outside a date group.
pub(super) const AMBIGUOUS_MONTH_WORDS: &[&str] = &["may", "sept"];

/// Weekday names, English and French.
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("lundi", Weekday::Mon),
    ("mardi", Weekday::Tue),
    ("mercredi", Weekday::Wed),
    ("jeudi", Weekday::Thu),
    ("vendredi", Weekday::Fri),
    ("samedi", Weekday::Sat),
    ("dimanche", Weekday::Sun),
];

/// English ordinal words up to the last day of a month.
const ENGLISH_ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// French ordinal words (dates use them for the first day only, "le premier mars"; the
/// others come with quarters, halves and weekdays).
const FRENCH_ORDINALS: &[(&str, u32)] = &[
    ("premier", 1),
    ("premiere", 1),
    ("deuxieme", 2),
    ("seconde", 2),
    ("troisieme", 3),
    ("quatrieme", 4),
    ("cinquieme", 5),
];

/// Any month name. Names of five letters or more may be broken by line wrapping, so a
/// single space or "- " is allowed between their letters; shorter names and
/// abbreviations are too short to tell a broken name from two words.
pub(super) static MONTH: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTH_NAMES.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alts: Vec<String> = names
        .iter()
        .map(|n| {
            if n.len() >= 5 {
                let letters: Vec<String> = n.chars().map(String::from).collect();
                letters.join("(?: |- )?")
            } else {
                (*n).to_owned()
            }
        })
        .collect();
    format!(r"\b(?:{})\b\.?", alts.join("|"))
});

/// Any weekday name, singular or plural ("tuesdays").
pub(super) static WEEKDAY: LazyLock<String> = LazyLock::new(|| {
    let names: Vec<&str> = WEEKDAYS.iter().map(|(n, _)| *n).collect();
    format!(r"(?:{})s?", names.join("|"))
});

/// Ordinal words in English ("first" to "thirty-first", "twenty first" too) and French.
static ORDINAL_WORDS: LazyLock<String> = LazyLock::new(|| {
    let mut words: Vec<String> = ENGLISH_ORDINALS.iter().map(|w| (*w).to_owned()).collect();
    for unit in &ENGLISH_ORDINALS[..9] {
        words.push(format!("twenty[- ]?{unit}"));
    }
    words.push("thirtieth".into());
    words.push("thirty[- ]?first".into());
    words.extend(FRENCH_ORDINALS.iter().map(|(w, _)| (*w).to_owned()));
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.join("|")
});

/// An ordinal: a word, or a number with its English or French suffix ("3rd", "1er",
/// "2e", "4eme").
pub(super) static ORDINAL: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"\b(?:[0-9]{{1,2}}(?:st|nd|rd|th|ere|er|re|ieme|eme|e)|{})\b",
        ORDINAL_WORDS.as_str()
    )
});

/// One day number with an optional ordinal suffix, or a day written as an ordinal word
/// ("premier", "the first of").
pub(super) static DAY: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"\b(?:[0-9]{{1,2}}(?:st|nd|rd|th|er)?|{})\b",
        ORDINAL_WORDS.as_str()
    )
});

static ORDINAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?:{})$", ORDINAL.as_str())).expect("valid ordinal regex")
});

/// The number an ordinal stands for: "3rd" and "third" are 3, "premier" is 1.
pub(super) fn ordinal(word: &str) -> Option<u32> {
    if !ORDINAL_RE.is_match(word) {
        return None;
    }
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    if let Some((_, n)) = FRENCH_ORDINALS.iter().find(|(w, _)| *w == word) {
        return Some(*n);
    }
    let letters: String = word.chars().filter(char::is_ascii_alphabetic).collect();
    let unit = |w: &str| ENGLISH_ORDINALS.iter().position(|o| *o == w);
    if let Some(i) = unit(&letters) {
        return Some(i as u32 + 1);
    }
    if letters == "thirtieth" {
        return Some(30);
    }
    for (tens, base) in [("twenty", 20), ("thirty", 30)] {
        if let Some(i) = letters.strip_prefix(tens).and_then(unit) {
            return Some(base + i as u32 + 1);
        }
    }
    None
}

/// The weekday a (folded, singular) name stands for.
pub(super) fn weekday(name: &str) -> Option<Weekday> {
    let name = name.strip_suffix('s').unwrap_or(name);
    WEEKDAYS.iter().find(|(n, _)| *n == name).map(|(_, d)| *d)
}

/// The month a (possibly broken) name stands for: "septemb er" is September.
pub(super) fn month_number(name: &str) -> Option<u32> {
    let letters: String = name.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    MONTH_NAMES
        .iter()
        .find(|(n, _)| *n == letters)
        .map(|(_, m)| *m)
}
