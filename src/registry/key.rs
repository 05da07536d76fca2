//! Normalised keys of organisation names: the words of a name folded (case, accents,
//! punctuation), with a leading "the" and trailing legal forms set aside.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::legal::LEGAL_FORMS;

/// Words skipped when building initials ("Institute of Electrical and ...").
pub(super) const STOPWORDS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "le", "et",
];

/// Whether `word` is only a legal form or generic suffix ("Inc.", "S.A.", "GmbH & Co.
/// KG", "Group"), so that "Facebook, Inc." is read as one name (see [`LEGAL_FORMS`]).
pub fn is_legal_suffix(word: &str) -> bool {
    LEGAL_FORMS.is_form(&raw_words(word))
}

/// Whether `text` is only a list marker: a bullet ("•", "-", "*"), a number or letter
/// of a numbered list ("1.", "2)", "(b)", "iv."), or nothing but punctuation. No name is
/// read from one, and none is suggested for it.
pub fn is_list_marker(text: &str) -> bool {
    let t = text.trim();
    let body = t.trim_matches(|c: char| c.is_whitespace() || LIST_PUNCTUATION.contains(c));
    if body.is_empty() {
        return true;
    }
    let marked = body.len() < t.len();
    let numeral = body.chars().all(|c| c.is_ascii_digit()) && body.len() <= 3;
    let letter = body.chars().count() == 1 && body.chars().all(|c| c.is_ascii_lowercase());
    let roman = body.len() <= 4 && body.chars().all(|c| "ivx".contains(c));
    marked && (numeral || letter || roman)
}

/// What list markers are made of besides their number or letter.
const LIST_PUNCTUATION: &str = "()[].:-–—•*·▪◦‣●■□➢►✓✔";

/// The normalised key of a name: lower case, accents stripped, punctuation dropped
/// ("S.A." = "sa", "AT&T" = "att", a lone "&" = "and"), a leading "the", legal forms
/// written before or after the name and generic words after it removed, words joined
/// by one space. It differs from [`crate::text::key`], which folds any text alike and
/// knows nothing of legal forms.
///
/// `key("the LEGO Group") == "lego"`, `key("PJSC Sberbank") == "sberbank"`.
pub fn name_key(name: &str) -> String {
    key_words(name).join(" ")
}

pub(super) fn key_words(name: &str) -> Vec<String> {
    let words = raw_words(name);
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    strip_affixes(&refs)
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

/// Drops a leading "the", the legal forms and generic words after the name and a legal
/// form before it ("AO Kaspersky Lab" = "kaspersky"), keeping at least one word.
pub(super) fn strip_affixes<'a, 'w>(words: &'a [&'w str]) -> &'a [&'w str] {
    let (start, end) = affixes(words);
    &words[start..end]
}

/// The words of `words` that [`strip_affixes`] keeps, as a range: what is before `start`
/// is "the" or a legal form, what is from `end` on legal forms and generic words.
pub(super) fn affixes<S: AsRef<str>>(words: &[S]) -> (usize, usize) {
    let (mut start, mut end) = (0, words.len());
    if end > 1 && words[0].as_ref() == "the" {
        start = 1;
    }
    loop {
        let n = LEGAL_FORMS.trailing(&words[start..end]);
        if n == 0 || n >= end - start {
            break;
        }
        end -= n;
    }
    let n = LEGAL_FORMS.leading(&words[start..end]);
    if n > 0 && n < end - start {
        start += n;
    }
    (start, end)
}

pub(super) fn raw_words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.text).collect()
}

/// A key word and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) text: String,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Splits `text` into key words with their byte spans: letters and digits folded to
/// lower case without accents; "&", "." and apostrophes inside a word join it ("AT&T",
/// "S.A.", "Operators'"); a lone "&" is the word "and"; anything else separates.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    tokens_up_to(text, usize::MAX)
}

/// The first `limit` key words of `text` (see [`tokens`]).
pub(super) fn tokens_up_to(text: &str, limit: usize) -> Vec<Token> {
    tokens_with::<true>(text, limit)
}

/// [`tokens_up_to`], with or without its fast path: with `ASCII_SHORTCUT`, an ASCII
/// letter or digit is lower-cased in place instead of being folded. That saves 5.7% of
/// the instructions of a 100,000-row run; the plain version (`false`) is the oracle of
/// a property test.
fn tokens_with<const ASCII_SHORTCUT: bool>(text: &str, limit: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if ASCII_SHORTCUT && c.is_ascii_alphanumeric() {
            // Most of every name: folding an ASCII letter only lower-cases it.
            if current.is_empty() {
                start = i;
            }
            current.push(c.to_ascii_lowercase());
            end = i + 1;
            continue;
        }
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            fold_into(c, &mut current);
            end = i + c.len_utf8();
        } else if !(ASCII_SHORTCUT && c.is_ascii())
            && (is_combining_mark(c)
                || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{feff}'))
        {
            // Combining accents, soft hyphens and zero-width characters stay inside
            // the word they are written in.
            if !current.is_empty() {
                end = i + c.len_utf8();
            }
        } else if matches!(c, '&' | '.' | '\'' | '’' | '`')
            && !current.is_empty()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            // Joins the word: AT&T, S.A, Operator's.
        } else {
            if !current.is_empty() {
                out.push(Token {
                    text: std::mem::take(&mut current),
                    start,
                    end,
                });
            }
            if out.len() >= limit {
                return out;
            }
            if c == '&' || c == '＆' {
                out.push(Token {
                    text: "and".to_owned(),
                    start: i,
                    end: i + c.len_utf8(),
                });
            }
        }
    }
    if !current.is_empty() {
        out.push(Token {
            text: current,
            start,
            end,
        });
    }
    out
}

/// Appends `c` folded: compatibility-decomposed, accents dropped, lower case, and the
/// few letters Unicode does not decompose (ø, æ, œ, ß, ł, đ) spelt in ASCII.
pub(super) fn fold_into(c: char, out: &mut String) {
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            match l {
                'ø' => out.push('o'),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ß' => out.push_str("ss"),
                'ł' => out.push('l'),
                'đ' | 'ð' => out.push('d'),
                'þ' => out.push_str("th"),
                'ı' => out.push('i'),
                l if is_combining_mark(l) => {}
                l if l.is_alphanumeric() => out.push(l),
                _ => {}
            }
        }
    });
}

/// A name written as an acronym: 2 to 6 capital letters or digits, at least two letters.
pub(super) fn as_acronym(text: &str) -> Option<String> {
    let t = text.trim();
    let n = t.chars().count();
    let ok = (2..=6).contains(&n)
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && t.chars().filter(char::is_ascii_uppercase).count() >= 2;
    ok.then(|| t.to_owned())
}

/// The upper-case initial of a word, accents dropped.
pub(super) fn initial(word: &str) -> Option<char> {
    let c = word.chars().next()?;
    let mut s = String::new();
    fold_into(c, &mut s);
    s.chars().next().map(|c| c.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The tokeniser's ASCII shortcut against the plain version, which folds every
        /// character.
        #[test]
        fn the_ascii_shortcut_tokenises_as_folding_does(
            text in "([A-Za-z0-9&.'’` ,()-]|é|Ø|ß|\u{301}|\u{ad}|Ｋ|＆){0,40}",
            limit in 1usize..8,
        ) {
            proptest::prop_assert_eq!(tokens_with::<true>(&text, limit), tokens_with::<false>(&text, limit));
            proptest::prop_assert_eq!(tokens_with::<true>(&text, usize::MAX), tokens_with::<false>(&text, usize::MAX));
        }
    }
}
