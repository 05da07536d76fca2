//! Safe file names for reports named after data (sectors, partners).
//!
//! A sector or partner name comes from a circulated file, so it may hold anything:
//! path separators, "..", control characters, names Windows reserves, thousands of
//! characters. [`slug`] keeps only lower-case ASCII letters, digits and single hyphens
//! (accents folded), bounds the length, and never returns an empty, dot or reserved
//! name; [`SlugSet`] resolves collisions deterministically.

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;

/// Longest slug, in bytes (ASCII), before any collision suffix.
pub const MAX_SLUG_LEN: usize = 60;

/// Names Windows refuses as file names, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file-name stem for `name`: `[a-z0-9]` runs joined by single hyphens, at most
/// [`MAX_SLUG_LEN`] bytes, never empty (`"unnamed"`) and never a reserved device name.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len().min(MAX_SLUG_LEN));
    let mut pending_hyphen = false;
    for c in name.nfkd() {
        let c = match c {
            'ß' => 's',
            'æ' | 'Æ' => 'a',
            'ø' | 'Ø' => 'o',
            'đ' | 'Đ' => 'd',
            'ł' | 'Ł' => 'l',
            'œ' | 'Œ' => 'o',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            if out.len() >= MAX_SLUG_LEN {
                break;
            }
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            // An accent folded away: "é" is "e".
        } else {
            pending_hyphen = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        return "unnamed".to_owned();
    }
    if RESERVED.contains(&out.as_str()) {
        out.push_str("-report");
    }
    out
}

/// Slugs handed out so far in one folder: the same slug twice gets `-2`, `-3`, ...
///
/// Callers offer names in a stable order (sorted), so the suffixes are the same on
/// every run.
#[derive(Debug, Default, Clone)]
pub struct SlugSet {
    used: BTreeSet<String>,
}

impl SlugSet {
    /// An empty set.
    pub fn new() -> Self {
        SlugSet::default()
    }

    /// A slug for `name` not handed out before by this set.
    pub fn unique(&mut self, name: &str) -> String {
        let base = slug(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.used.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_readable_ascii() {
        assert_eq!(slug("Telefónica"), "telefonica");
        assert_eq!(slug("AT&T"), "at-t");
        assert_eq!(
            slug("Information society / Data protection"),
            "information-society-data-protection"
        );
        assert_eq!(slug("Thorbjørn"), "thorbjorn");
        assert_eq!(slug("CDPPE"), "cdppe");
    }

    #[test]
    fn no_path_can_escape() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(".."), "unnamed");
        assert_eq!(slug(""), "unnamed");
        assert_eq!(slug("C:\\Windows\\system32"), "c-windows-system32");
        assert_eq!(slug("a\0b\nc"), "a-b-c");
        for s in ["../x", "x/..", "/", "\\", ". .", "\u{202E}exe.txt"] {
            let out = slug(s);
            assert!(!out.contains('/') && !out.contains('\\') && !out.contains(".."));
            assert!(!out.is_empty());
        }
    }

    #[test]
    fn reserved_names_and_length_are_handled() {
        assert_eq!(slug("CON"), "con-report");
        assert_eq!(slug("nul"), "nul-report");
        let long = "word ".repeat(1000);
        let out = slug(&long);
        assert!(out.len() <= MAX_SLUG_LEN, "{}", out.len());
        assert!(!out.ends_with('-'));
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut set = SlugSet::new();
        assert_eq!(set.unique("Data protection"), "data-protection");
        assert_eq!(set.unique("Data-Protection"), "data-protection-2");
        assert_eq!(set.unique("data protection!"), "data-protection-3");
        assert_eq!(set.unique("Other"), "other");
    }
}
