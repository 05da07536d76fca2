//! Legal forms: the words a name carries to say what kind of entity it is ("S.A.",
//! "GmbH & Co. KG", "PJSC"), which the registry sets aside when it compares names.
//!
//! The table is `legal_forms.txt`, embedded at build time: forms by country from GLEIF's
//! ISO 20275 list and cleanco's term lists, each line naming its source and whether the
//! form is written after the name, before it, or either. Forms are kept as key words
//! ([`super::key::raw_words`]), so case, accents and punctuation do not matter, and a
//! dotted form matches written with or without its dots and spaces ("S.A." = "s. a." =
//! "SA").

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;

use super::key::raw_words;

/// The table, as shipped.
const TABLE: &str = include_str!("legal_forms.txt");

/// The legal forms of [`TABLE`], read once.
pub(super) static LEGAL_FORMS: LazyLock<LegalForms> = LazyLock::new(|| LegalForms::parse(TABLE));

/// Words that say what kind of organisation a name is without being a legal form
/// ("Kaspersky Lab", "the LEGO Group", "ETNO association"): set aside after a name like
/// the forms written after it. Not "foundation", "institute" or "bank": those name a
/// different body ("LEGO Foundation").
const GENERIC_WORDS: &[&str] = &["association", "group", "lab", "labs", "network"];

/// Legal forms as key words, by where they are written.
#[derive(Debug, Default)]
pub(super) struct LegalForms {
    /// Forms written after a name: key words joined by one space, and the same without
    /// spaces ("s a" and "sa").
    after: HashSet<String>,
    /// Forms written before a name, the same way.
    before: HashSet<String>,
    /// The last key word of every form written after a name: a name ending with any
    /// other word ends with no form.
    last_words: HashSet<String>,
    /// The first key word of every form written before a name.
    first_words: HashSet<String>,
    /// The most key words a form has.
    longest: usize,
}

impl LegalForms {
    /// Reads the table: `country | source | position | form; form; ...` per line,
    /// comments after `#`.
    fn parse(table: &str) -> LegalForms {
        let mut forms = LegalForms::default();
        for line in table.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            let [_country, _source, position, list] = fields[..] else {
                continue;
            };
            let (after, before) = match position {
                "after" => (true, false),
                "before" => (false, true),
                _ => (true, true),
            };
            for form in list.split(';') {
                let words = raw_words(form);
                if words.is_empty() {
                    continue;
                }
                forms.longest = forms.longest.max(words.len());
                let spellings = [words.join(" "), words.concat()];
                let concat = words.concat();
                // A form written with dots may be written with spaces too ("S. A.
                // U."): its last and first letters may then be words of their own.
                let last_letter = concat.chars().last().map(String::from);
                let first_letter = concat.chars().next().map(String::from);
                if after {
                    forms.after.extend(spellings.iter().cloned());
                    forms.last_words.extend(words.last().cloned());
                    forms.last_words.extend(last_letter);
                    forms.last_words.insert(concat.clone());
                }
                if before {
                    forms.before.extend(spellings);
                    forms.first_words.extend(words.first().cloned());
                    forms.first_words.extend(first_letter);
                    forms.first_words.insert(concat);
                }
            }
        }
        forms
    }

    /// How many of the last key words of `words` are a legal form or a generic word
    /// (the longest such run), 0 when none is.
    pub(super) fn trailing<S: AsRef<str>>(&self, words: &[S]) -> usize {
        let Some(last) = words.last().map(AsRef::as_ref) else {
            return 0;
        };
        if GENERIC_WORDS.contains(&last) {
            return 1;
        }
        if !self.last_words.contains(last) {
            return 0;
        }
        (1..=self.longest.min(words.len()))
            .rev()
            .find(|&n| is_in(&self.after, &words[words.len() - n..]))
            .unwrap_or(0)
    }

    /// How many of the first key words of `words` are a legal form written before a
    /// name (the longest such run), 0 when none is.
    pub(super) fn leading<S: AsRef<str>>(&self, words: &[S]) -> usize {
        let Some(first) = words.first().map(AsRef::as_ref) else {
            return 0;
        };
        if !self.first_words.contains(first) {
            return 0;
        }
        (1..=self.longest.min(words.len()))
            .rev()
            .find(|&n| is_in(&self.before, &words[..n]))
            .unwrap_or(0)
    }

    /// Whether `words` are one legal form or generic word, and nothing else.
    pub(super) fn is_form<S: AsRef<str>>(&self, words: &[S]) -> bool {
        !words.is_empty()
            && (self.trailing(words) == words.len() || self.leading(words) == words.len())
    }
}

/// Whether `words`, joined by spaces or run together, are in `set`.
fn is_in<S: AsRef<str>>(set: &HashSet<String>, words: &[S]) -> bool {
    let joined = words.iter().map(AsRef::as_ref).collect::<Vec<_>>();
    set.contains(&joined.join(" ")) || set.contains(&joined.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        raw_words(text)
    }

    #[test]
    fn every_line_of_the_table_is_read() {
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(fields.len(), 4, "{line}");
            assert_eq!(fields[0].len(), 2, "a country code: {line}");
            assert!(
                ["gleif", "cleanco", "sec", "usage"].contains(&fields[1]),
                "a known source: {line}"
            );
            assert!(
                ["after", "before", "both"].contains(&fields[2]),
                "a position: {line}"
            );
        }
    }

    #[test]
    fn forms_are_found_at_the_end_and_at_the_start_whatever_their_punctuation() {
        let forms = &*LEGAL_FORMS;
        // (name, trailing words, leading words)
        let rows: &[(&str, usize, usize)] = &[
            ("Telefonica S.A.U.", 1, 0),
            ("Telefonica S. A. U.", 3, 0),
            ("Deutsche Telekom Aktiengesellschaft", 1, 0),
            ("Foo GmbH & Co. KG", 4, 0),
            ("Foo Gesellschaft mit beschränkter Haftung", 4, 0),
            ("Novo-Nordisk A/S", 2, 0),
            ("A/S Steamship Company Torm", 0, 2),
            ("Nokia Oyj", 1, 0),
            ("Oy Karl Fazer Ab", 1, 1),
            ("PJSC Sberbank", 0, 1),
            ("AO Kaspersky Lab", 1, 1),
            ("Digital SME AISBL", 1, 0),
            ("Foo e.V.", 1, 0),
            ("Kaspersky Lab", 1, 0),
            ("LEGO Foundation", 0, 0),
            ("Orange County", 0, 0),
            ("Google", 0, 0),
        ];
        for (name, after, before) in rows {
            let w = words(name);
            assert_eq!(forms.trailing(&w), *after, "after {name:?}");
            assert_eq!(forms.leading(&w), *before, "before {name:?}");
        }
        assert!(forms.is_form(&words("S.A.")));
        assert!(forms.is_form(&words("Inc.")));
        assert!(forms.is_form(&words("GmbH")));
        assert!(!forms.is_form(&words("Google")));
        assert!(!forms.is_form(&words("")));
    }
}
