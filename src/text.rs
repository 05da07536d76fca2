//! Cleaning free text from cells: the damage of pasting from PDF and Word.
//!
//! Circulated workplans are full of text extracted from PDFs: line breaks inside cells,
//! runs of spaces, non-breaking spaces, words broken by line wrapping ("Strasbour g",
//! "anti- discrimination", "Oct ober") and "AI" read as "Al". This module owns the
//! repairs and the canonical key of short labels. Every repair is named, so a trace can
//! say why a value differs from what was written.
//!
//! The repairs are deliberately conservative: a missed repair leaves text as written,
//! a wrong one invents words. Each works on whitespace-separated tokens in one pass,
//! looking only at the token being built and the next one.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Cleaned text and the rules that changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanText {
    /// The cleaned text.
    pub text: String,
    /// The rules that changed it, each named once, in the order first applied; empty
    /// when the text is unchanged.
    pub rules: Vec<&'static str>,
}

/// Collapses whitespace (spaces, tabs, non-breaking spaces, line breaks -> one space;
/// trimmed) and repairs breaks from line wrapping where that is safe.
///
/// Rules are short phrases: "whitespace collapsed", "whitespace trimmed", "invisible
/// characters removed", "line-wrap hyphen joined", "split word joined", "split month
/// name joined", "Al read as AI", "space before comma removed"; none when unchanged.
pub fn clean(text: &str) -> CleanText {
    let mut rules = Rules::default();
    let trimmed = text.trim_matches(is_space);
    if trimmed.len() != text.len() {
        rules.add(WS_TRIMMED);
    }
    let tokens = tokens(trimmed, &mut rules);
    let mut out = String::with_capacity(trimmed.len());
    repair(&tokens, &mut out, &mut rules);
    CleanText {
        text: out,
        rules: rules.0,
    }
}

/// Like [`clean`] but keeps line breaks as "\n" (collapses runs of spaces within lines,
/// drops blank lines) — for descriptions. Repairs do not cross line breaks.
pub fn clean_multiline(text: &str) -> CleanText {
    let mut rules = Rules::default();
    let trimmed = text.trim_matches(is_space);
    if trimmed.len() != text.len() {
        rules.add(WS_TRIMMED);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut lines = 0usize;
    let mut rest = trimmed;
    while !rest.is_empty() {
        let (line, next) = match find_line_break(rest) {
            Some(i) => {
                let brk = rest[i..].chars().next().map_or(1, char::len_utf8);
                // "\r\n" is one break, written as "\n".
                let brk = if rest[i..].starts_with("\r\n") {
                    2
                } else {
                    brk
                };
                if &rest[i..i + brk] != "\n" {
                    rules.add(WS_COLLAPSED);
                }
                (&rest[..i], &rest[i + brk..])
            }
            None => (rest, ""),
        };
        rest = next;
        let line_trimmed = line.trim_matches(is_space);
        let toks = tokens(line_trimmed, &mut rules);
        if toks.is_empty() {
            rules.add(BLANK_LINES);
            continue;
        }
        if line_trimmed.len() != line.len() {
            rules.add(WS_COLLAPSED);
        }
        if lines > 0 {
            out.push('\n');
        }
        repair(&toks, &mut out, &mut rules);
        lines += 1;
    }
    CleanText {
        text: out,
        rules: rules.0,
    }
}

/// Canonical key of a short label (sector, category, header): clean, case-folded,
/// accents stripped (NFKD), punctuation runs -> one space.
///
/// "Information society / Data protection" and "Information society / data protection"
/// give the same key, "information society data protection".
pub fn key(text: &str) -> String {
    let cleaned = clean(text).text;
    let mut out = String::with_capacity(cleaned.len());
    let mut gap = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if !is_combining_mark(c) {
            gap = true;
        }
    };
    if cleaned.is_ascii() {
        // Most labels are ASCII: skip the decomposition.
        for c in cleaned.chars() {
            push(c, &mut out);
        }
    } else {
        for c in cleaned.nfkd() {
            push(c, &mut out);
        }
    }
    out
}

/// Trims and collapses every run of whitespace to one space.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

const WS_TRIMMED: &str = "whitespace trimmed";
const WS_COLLAPSED: &str = "whitespace collapsed";
const INVISIBLE: &str = "invisible characters removed";
const BLANK_LINES: &str = "blank lines dropped";
const HYPHEN_JOINED: &str = "line-wrap hyphen joined";
const SPLIT_WORD: &str = "split word joined";
const SPLIT_MONTH: &str = "split month name joined";
const AL_AS_AI: &str = "Al read as AI";
const COMMA: &str = "space before comma removed";

/// The rules applied, each once, in first-applied order.
#[derive(Default)]
struct Rules(Vec<&'static str>);

impl Rules {
    fn add(&mut self, rule: &'static str) {
        if !self.0.contains(&rule) {
            self.0.push(rule);
        }
    }
}

/// Whitespace and control characters, which PDF and Excel text carries as separators
/// (vertical tab is Excel's line break inside a cell).
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters that carry no text: zero-width space, word joiner, byte-order mark and
/// soft hyphen (a possible break point, not a letter).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}')
}

/// The byte offset of the first character of `text` that [`is_line_break`], or `None`.
/// Looks for bytes: every line break but three is one ASCII byte, and those three begin
/// with a byte (0xC2, 0xE2) that a description holds far less often than it holds
/// characters.
fn find_line_break(text: &str) -> Option<usize> {
    first_char_where(text, is_line_break, |b| {
        let ascii = memchr::memchr3(b'\n', b'\r', 0x0B, b);
        let other = memchr::memchr3(0x0C, 0xC2, 0xE2, b);
        ascii.into_iter().chain(other).min()
    })
}

/// Whether `text` holds a character that [`is_invisible`], told the same way.
fn has_invisible(text: &str) -> bool {
    first_char_where(text, is_invisible, |b| memchr::memchr3(0xC2, 0xE2, 0xEF, b)).is_some()
}

/// The byte offset of the first character of `text` for which `wanted` holds, looking
/// only at the characters `candidate` finds: it returns the offset of the first byte
/// in a slice that may begin such a character (an ASCII byte or a lead byte).
fn first_char_where(
    text: &str,
    wanted: fn(char) -> bool,
    candidate: impl Fn(&[u8]) -> Option<usize>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(n) = candidate(&bytes[from..]) {
        let at = from + n;
        // `at` is a character boundary: the candidates are ASCII or lead bytes.
        if text[at..].chars().next().is_some_and(wanted) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Splits trimmed text into tokens, noting whitespace other than single spaces and
/// removing invisible characters.
fn tokens<'a>(text: &'a str, rules: &mut Rules) -> Vec<Cow<'a, str>> {
    // Words and their spaces average six or seven bytes: room for most lines at once.
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    // Text without any invisible character (nearly all) need not be searched again
    // token by token.
    let invisible = !text.is_ascii() && has_invisible(text);
    let mut start = None;
    let mut gap = 0usize;
    let mut gap_odd = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII is judged by its byte: [`is_space`] of an ASCII character is a space,
        // a C0 control character or DEL.
        let b = bytes[i];
        let (space, odd, len) = if b.is_ascii() {
            (b <= b' ' || b == 0x7F, b != b' ', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (is_space(c), true, c.len_utf8())
        };
        let at = i;
        i += len;
        if space {
            if let Some(s) = start.take() {
                push_token(&text[s..at], invisible, &mut out, rules);
            }
            gap += 1;
            gap_odd |= odd;
        } else {
            if start.is_none() {
                if gap > 1 || gap_odd {
                    rules.add(WS_COLLAPSED);
                }
                gap = 0;
                gap_odd = false;
                start = Some(at);
            }
        }
    }
    if let Some(s) = start {
        push_token(&text[s..], invisible, &mut out, rules);
    }
    out
}

fn push_token<'a>(token: &'a str, invisible: bool, out: &mut Vec<Cow<'a, str>>, rules: &mut Rules) {
    if invisible && has_invisible(token) {
        rules.add(INVISIBLE);
        let kept: String = token.chars().filter(|c| !is_invisible(*c)).collect();
        if !kept.is_empty() {
            out.push(Cow::Owned(kept));
        }
    } else {
        out.push(Cow::Borrowed(token));
    }
}

/// Writes the tokens to `out` separated by single spaces, joining across a space where
/// a repair applies.
fn repair(tokens: &[Cow<'_, str>], out: &mut String, rules: &mut Rules) {
    let base = out.len();
    // Start of the token being built in `out`.
    let mut cur = base;
    for (i, token) in tokens.iter().enumerate() {
        let t: &str = token;
        let started = out.len() > base;
        if started {
            let head = &out[cur..];
            if t == "," {
                out.push(',');
                rules.add(COMMA);
                continue;
            }
            if let Some(rule) = join_rule(head, t) {
                out.push_str(t);
                rules.add(rule);
                continue;
            }
        }
        let next = tokens.get(i + 1).map(|n| &**n);
        let ai = al_as_ai(started.then(|| &out[cur..]), t, next);
        if started {
            out.push(' ');
        }
        cur = out.len();
        match ai {
            Some(at) => {
                out.push_str(&t[..at]);
                out.push_str("AI");
                out.push_str(&t[at + 2..]);
                rules.add(AL_AS_AI);
            }
            None => out.push_str(t),
        }
    }
}

/// The rule under which `next` joins the token `head` without a space, if any.
fn join_rule(head: &str, next: &str) -> Option<&'static str> {
    let mut head_chars = head.chars().rev();
    let last = head_chars.next()?;
    let first = next.chars().next()?;

    // "anti- discrimination", "MSI- DIG": a letter, a hyphen, a space, a letter. Not
    // "2020- 2021" (dates), not "(in-) equality", not "pre- and post-" (suspended).
    if matches!(last, '-' | '\u{2010}') {
        let before = head_chars.next()?;
        if before.is_alphabetic()
            && first.is_alphabetic()
            && !SUSPENDED_HYPHEN_FOLLOWERS.contains(&strip_punct(next).to_lowercase().as_str())
        {
            return Some(HYPHEN_JOINED);
        }
        return None;
    }
    // Both joins below need `next` to be lower-case letters, then punctuation: most
    // pairs of words are settled here, before the word in `head` is measured.
    if !last.is_alphabetic() || !first.is_lowercase() {
        return None;
    }
    // One look at `next`: its letters, then what follows them, which must be
    // punctuation a month name may carry (MONTH_TAIL_PUNCT, which holds TAIL_PUNCT).
    let (letters, rest) = leading_letters(next);
    if letters.is_empty() || !rest.chars().all(|c| MONTH_TAIL_PUNCT.contains(c)) {
        return None;
    }
    // Three letters or more make no split word, and make a month name only after a
    // head of three letters or more: a longer tail makes none.
    let short = letters.chars().nth(2).is_none();
    if !short && letters.len() + 3 > LONGEST_MONTH {
        return None;
    }
    let run_start = trailing_letters_start(head);
    let run = &head[run_start..];

    // "Oct ober", "Septemb er": joined only when the result is a month name (no month
    // name is longer than LONGEST_MONTH).
    if run.len() + letters.len() <= LONGEST_MONTH
        && run.chars().nth(2).is_some()
        && letters.chars().all(char::is_lowercase)
        && MONTHS.iter().any(|m| is_split(m, run, letters))
    {
        return Some(SPLIT_MONTH);
    }

    // "Strasbour g", "communicatio n": a word of four letters or more, lower case at its
    // end, then one or two lower-case letters that are not a word on their own.
    if !short || !rest.chars().all(|c| TAIL_PUNCT.contains(c)) {
        return None;
    }
    let tail = letters;
    if !tail.chars().all(char::is_lowercase) || run.chars().nth(3).is_none() || !last.is_lowercase()
    {
        return None;
    }
    let glue = if tail.chars().nth(1).is_none() {
        let t = tail.chars().next()?;
        // A lone "e" is a word in Italian and Portuguese, where it follows a vowel;
        // the broken English words end in a consonant ("exchang e").
        GLUABLE_LETTERS.contains(t) && (t != 'e' || !"aeiouy".contains(last))
    } else {
        !is_short_word(tail)
    };
    glue.then_some(SPLIT_WORD)
}

/// Whether `word` is one of [`SHORT_WORDS`]: two ASCII lower-case letters by a table
/// (most tails are "of", "to", "in"...), others by the list.
///
/// A fast path: the table saves 5.7% of the instructions of a 100,000-row run over
/// looking every tail up in the list (the plain version, `SHORT_WORDS.contains`, which
/// a property test holds it to).
fn is_short_word(word: &str) -> bool {
    match word.as_bytes() {
        &[a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => {
            SHORT_ASCII_WORDS[usize::from(a - b'a') * 26 + usize::from(b - b'a')]
        }
        _ => SHORT_WORDS.contains(&word),
    }
}

/// The two-letter ASCII words of [`SHORT_WORDS`], indexed by their letters.
static SHORT_ASCII_WORDS: [bool; 26 * 26] = {
    let mut table = [false; 26 * 26];
    let mut i = 0;
    while i < SHORT_WORDS.len() {
        let w = SHORT_WORDS[i].as_bytes();
        if w.len() == 2 && w[0].is_ascii_lowercase() && w[1].is_ascii_lowercase() {
            table[(w[0] - b'a') as usize * 26 + (w[1] - b'a') as usize] = true;
        }
        i += 1;
    }
    table
};

/// Whether `word` (lower case) is `head` (any case) followed by `tail`; no allocation,
/// as this runs on most pairs of words.
fn is_split(word: &str, head: &str, tail: &str) -> bool {
    word.len() == head.len() + tail.len()
        && word.is_char_boundary(head.len())
        && word[head.len()..] == *tail
        && word[..head.len()]
            .chars()
            .eq(head.chars().flat_map(char::to_lowercase))
}

/// `token` split after its leading letters: the letters, and the rest.
fn leading_letters(token: &str) -> (&str, &str) {
    let end = token
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(token.len(), |(i, _)| i);
    token.split_at(end)
}

/// Where the run of letters that ends `head` begins (`head.len()` when it ends with
/// none).
fn trailing_letters_start(head: &str) -> usize {
    head.char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(head.len(), |(i, _)| i)
}

/// Punctuation that may follow a split-off tail ("discriminatio n/ Freedom"). Not the
/// full stop (abbreviations: "p.", "c.") nor the apostrophe (French "d'", "l'").
const TAIL_PUNCT: &str = ",;:)]/?!";
const MONTH_TAIL_PUNCT: &str = ",;:)]/?!.";

/// Single letters that are not a word in the languages met here; "a", "i", "o", "y",
/// "v" ("Handyside v United Kingdom"), "c", "p" and "x" are.
const GLUABLE_LETTERS: &str = "bdefghjlmnqrst";

/// Words of two letters that must not be glued to the word before.
const SHORT_WORDS: &[&str] = &[
    // English, Latin and abbreviations.
    "ad", "ah", "al", "am", "an", "as", "at", "be", "by", "ca", "cf", "do", "eg", "eh", "ex", "go",
    "ha", "he", "hi", "id", "ie", "if", "in", "is", "it", "km", "kg", "cm", "mm", "ml", "mb", "gb",
    "kb", "me", "my", "nb", "no", "of", "oh", "ok", "on", "or", "ox", "pc", "pm", "ps", "re", "so",
    "st", "to", "tv", "up", "us", "vs", "we", "ii", "iv", "vi", "ix", "xi", // French.
    "au", "ce", "ça", "de", "du", "dû", "en", "es", "et", "eu", "il", "je", "la", "là", "le", "lu",
    "ma", "mi", "ne", "ni", "nu", "où", "ou", "pu", "sa", "se", "si", "su", "ta", "te", "tu", "un",
    "vu", // German, Dutch, Spanish, Italian, Portuguese.
    "ab", "ao", "ci", "co", "da", "di", "el", "em", "er", "ho", "ik", "im", "ja", "lo", "na", "ob",
    "om", "op", "os", "ti", "um", "uw", "wo", "ya", "ze", "zo", "zu",
];

/// Words after "X- " that mark a suspended hyphen ("pre- and post-"), not a broken word.
const SUSPENDED_HYPHEN_FOLLOWERS: &[&str] = &[
    "and", "or", "nor", "to", "und", "oder", "et", "ou", "y", "e", "o", "i", "and/or",
];

/// The length in bytes of the longest name in [`MONTHS`].
const LONGEST_MONTH: usize = 9;

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "février",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "decembre",
];

/// Words after which a lone "Al" is "AI" read by PDF extraction ("Governance of Al").
const AL_BEFORE: &[&str] = &[
    "of",
    "on",
    "the",
    "and",
    "by",
    "for",
    "element",
    "particular",
    "responsible",
    "trustworthy",
    "ethical",
    "generative",
];

/// Words after "Al" (or after "Al-") that make it "AI" ("Al systems", "Al-driven").
const AL_AFTER: &[&str] = &[
    "act",
    "application",
    "applications",
    "assisted",
    "based",
    "design",
    "development",
    "developments",
    "driven",
    "enabled",
    "ethics",
    "generated",
    "governance",
    "literacy",
    "model",
    "models",
    "powered",
    "regulation",
    "related",
    "research",
    "system",
    "systems",
    "technologies",
    "technology",
    "tool",
    "tools",
];

/// The token without leading and trailing punctuation.
fn strip_punct(token: &str) -> &str {
    token
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| !c.is_alphanumeric())
}

/// Where "Al" stands for "AI" in `token` (byte offset of "Al"), given the word before and
/// the token after; `None` when it does not. Never inside words ("Algorithm", "Albania").
fn al_as_ai(before: Option<&str>, token: &str, next: Option<&str>) -> Option<usize> {
    // Most tokens start with a letter or digit other than "Al": settled at once.
    if token
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
        && !token.starts_with("Al")
    {
        return None;
    }
    let lead = token.len()
        - token
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let rest = token.get(lead..)?;
    let after_al = rest.strip_prefix("Al")?;
    // "Al-driven": the compound decides on its own.
    if let Some(suffix) = after_al.strip_prefix('-') {
        let suffix = strip_punct(suffix);
        return (!suffix.is_empty() && AL_AFTER.contains(&suffix)).then_some(lead);
    }
    if after_al.chars().any(char::is_alphanumeric) {
        return None;
    }
    let before = before.map(|b| strip_punct(b).to_lowercase());
    let next_word = next.map(|n| strip_punct(n).to_lowercase());
    if next_word.as_deref().is_some_and(|n| AL_AFTER.contains(&n)) {
        return Some(lead);
    }
    let before_ok = match before.as_deref() {
        Some(b) if AL_BEFORE.contains(&b) => true,
        // "Artificial Intelligence (Al)".
        Some("intelligence") => token.starts_with('('),
        _ => false,
    };
    // "of Al Qaeda", "by Al Gore": a capitalised word straight after is a name.
    let name_follows = after_al.is_empty()
        && next.is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
    (before_ok && !name_follows).then_some(lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsing_whitespace_leaves_single_spaces_between_words() {
        for (text, want) in [
            ("", ""),
            (" ", ""),
            ("Google LLC", "Google LLC"),
            (" Google", "Google"),
            ("Google  LLC", "Google LLC"),
            ("Google\tLLC", "Google LLC"),
            ("Google\u{0B}LLC", "Google LLC"),
            ("Google\u{A0}LLC", "Google LLC"),
            ("a\nb", "a b"),
            ("\r", ""),
        ] {
            assert_eq!(collapse_whitespace(text), want, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The table of two-letter words against its plain version, the list.
        #[test]
        fn the_short_word_table_agrees_with_the_list(word in "[a-z]{2}|[a-zçàùé]{1,3}|.{0,3}") {
            proptest::prop_assert_eq!(is_short_word(&word), SHORT_WORDS.contains(&word.as_str()));
        }
    }

    #[test]
    fn every_short_word_is_in_the_table() {
        for w in SHORT_WORDS.iter().chain(&["Of", "of.", "xx", "o", ""]) {
            assert_eq!(is_short_word(w), SHORT_WORDS.contains(w), "{w}");
        }
    }

    #[test]
    fn ascii_spaces_are_judged_by_their_byte_as_is_space_judges_them() {
        for b in 0u8..0x80 {
            let by_byte = b <= b' ' || b == 0x7F;
            assert_eq!(is_space(char::from(b)), by_byte, "byte {b:#x}");
        }
    }

    #[test]
    fn longest_month_is_the_longest_month_name() {
        assert_eq!(MONTHS.iter().map(|m| m.len()).max(), Some(LONGEST_MONTH));
    }

    #[test]
    fn clean_repairs_seed_forms() {
        // (as written, cleaned, rules)
        let rows: &[(&str, &str, &[&str])] = &[
            (
                "Inclusion and anti- discrimination",
                "Inclusion and anti-discrimination",
                &[HYPHEN_JOINED],
            ),
            ("MSI- DIG", "MSI-DIG", &[HYPHEN_JOINED]),
            ("ADI/MSI- DIG", "ADI/MSI-DIG", &[HYPHEN_JOINED]),
            (
                "PACE Committee on Equality and Non- Discrimination secretariat",
                "PACE Committee on Equality and Non-Discrimination secretariat",
                &[HYPHEN_JOINED],
            ),
            (
                "Brain- computer interface technology",
                "Brain-computer interface technology",
                &[HYPHEN_JOINED],
            ),
            (
                "liri.kopaci- dimichele@coe.int",
                "liri.kopaci-dimichele@coe.int",
                &[HYPHEN_JOINED],
            ),
            (
                "t; Ahmet- murat.kilic@coe.int",
                "t; Ahmet-murat.kilic@coe.int",
                &[HYPHEN_JOINED],
            ),
            ("2020 – 2021", "2020 – 2021", &[]),
            ("2020- 2021", "2020- 2021", &[]),
            ("2020-", "2020-", &[]),
            (
                "Legal Affairs  – regulatory issues",
                "Legal Affairs – regulatory issues",
                &[WS_COLLAPSED],
            ),
            (
                "Roundtable \"Artificial Intelligence and gender (in-) equality\"",
                "Roundtable \"Artificial Intelligence and gender (in-) equality\"",
                &[],
            ),
            ("pre- and post-processing", "pre- and post-processing", &[]),
            (
                "Multistake-holder consultation",
                "Multistake-holder consultation",
                &[],
            ),
            (
                "Four meetings in Strasbour g (March and Septemb er of 2020/21)",
                "Four meetings in Strasbourg (March and September of 2020/21)",
                &[SPLIT_WORD, SPLIT_MONTH],
            ),
            (
                "Four meetings in Strasbour g in 2020/21 (May/Oct ober 2020)",
                "Four meetings in Strasbourg in 2020/21 (May/October 2020)",
                &[SPLIT_WORD, SPLIT_MONTH],
            ),
            (
                "Media content and electoral communicatio n online",
                "Media content and electoral communication online",
                &[SPLIT_WORD],
            ),
            (
                "Anti- discriminatio n/ Freedom of Expression",
                "Anti-discrimination/ Freedom of Expression",
                &[HYPHEN_JOINED, SPLIT_WORD],
            ),
            (
                "Hearing/exchang e of views",
                "Hearing/exchange of views",
                &[SPLIT_WORD],
            ),
            (
                "Digital transformation , AI, democracy",
                "Digital transformation, AI, democracy",
                &[COMMA],
            ),
            // Real short words stay apart.
            ("Strasbourg a été", "Strasbourg a été", &[]),
            ("Committee ad hoc", "Committee ad hoc", &[]),
            (
                "Handyside v United Kingdom",
                "Handyside v United Kingdom",
                &[],
            ),
            (
                "companies working on education e.g. Microsoft",
                "companies working on education e.g. Microsoft",
                &[],
            ),
            ("the report p. 12", "the report p. 12", &[]),
            ("rapport d' activité", "rapport d' activité", &[]),
            ("diritti e libertà", "diritti e libertà", &[]),
            ("Smith et al", "Smith et al", &[]),
            ("weil er kommt", "weil er kommt", &[]),
            (
                "(i) principles and (ii) electoral",
                "(i) principles and (ii) electoral",
                &[],
            ),
            ("MSI-AUT", "MSI-AUT", &[]),
            // "Al" read as "AI", only in context.
            (
                "Hearing on the Need for Democratic Governance of Al",
                "Hearing on the Need for Democratic Governance of AI",
                &[AL_AS_AI],
            ),
            (
                "Possible hearing on preventing discrimination caused by the use of Al",
                "Possible hearing on preventing discrimination caused by the use of AI",
                &[AL_AS_AI],
            ),
            (
                "in particular Al and blockchain, on education",
                "in particular AI and blockchain, on education",
                &[AL_AS_AI],
            ),
            ("Element Al", "Element AI", &[AL_AS_AI]),
            ("**Element Al**", "**Element AI**", &[AL_AS_AI]),
            (
                "Artificial Intelligence (Al)",
                "Artificial Intelligence (AI)",
                &[AL_AS_AI],
            ),
            ("ethics of Al.", "ethics of AI.", &[AL_AS_AI]),
            ("Al-driven tools", "AI-driven tools", &[AL_AS_AI]),
            ("Algorithm of Albania", "Algorithm of Albania", &[]),
            ("a video of Al Gore", "a video of Al Gore", &[]),
            ("Al said hello", "Al said hello", &[]),
            ("Al-Jazeera", "Al-Jazeera", &[]),
            // Whitespace.
            (
                "  Education\u{a0}Policy\tDivision \n",
                "Education Policy Division",
                &[WS_TRIMMED, WS_COLLAPSED],
            ),
            (
                "Children with disabilities and their rights in the\ndigital environment",
                "Children with disabilities and their rights in the digital environment",
                &[WS_COLLAPSED],
            ),
            ("Data\u{200B} protection", "Data protection", &[INVISIBLE]),
            ("Data protection", "Data protection", &[]),
            ("", "", &[]),
        ];
        for (input, want, want_rules) in rows {
            let got = clean(input);
            assert_eq!(got.text, *want, "clean({input:?})");
            let mut got_rules = got.rules.clone();
            let mut want_rules = want_rules.to_vec();
            got_rules.sort_unstable();
            want_rules.sort_unstable();
            assert_eq!(got_rules, want_rules, "rules of clean({input:?})");
        }
    }

    #[test]
    fn line_breaks_and_invisible_characters_are_found_by_their_bytes() {
        // Characters that share a first byte with a line break or an invisible
        // character (an en dash, a no-break space, a curly quote) are passed over.
        let texts = [
            "",
            "plain text",
            "en \u{2013} dash, \u{A0}no-break\u{A0}space and \u{201C}quotes\u{201D}",
            "next line\u{85}here",
            "\u{2028}first",
            "para\u{2029}",
            "\u{2013}\u{2014}\r\n",
            "tab\u{0B}vertical",
            "caf\u{E9} \u{2013} form\u{0C}feed",
            "zero\u{200B}width",
            "soft\u{AD}hyphen and \u{2060}joiner",
            "\u{FEFF}bom \u{EF}\u{BB}",
            "\u{20AC} \u{2122} \u{E2}",
        ];
        for text in texts {
            assert_eq!(find_line_break(text), text.find(is_line_break), "{text:?}");
            assert_eq!(has_invisible(text), text.contains(is_invisible), "{text:?}");
        }
    }

    #[test]
    fn clean_multiline_keeps_lines() {
        let rows: &[(&str, &str, &[&str])] = &[
            (
                "CANCELLED  Participation in global event\r\n\r\n and visibility",
                "CANCELLED Participation in global event\nand visibility",
                &[WS_COLLAPSED, BLANK_LINES],
            ),
            (
                "Review of the first draft.\nPreparation of the consultation",
                "Review of the first draft.\nPreparation of the consultation",
                &[],
            ),
            (
                "work in the field of Al.\n",
                "work in the field of AI.",
                &[WS_TRIMMED, AL_AS_AI],
            ),
            (
                "electoral communicatio n\nonline",
                "electoral communication\nonline",
                &[SPLIT_WORD],
            ),
            ("\n\n", "", &[WS_TRIMMED]),
        ];
        for (input, want, want_rules) in rows {
            let got = clean_multiline(input);
            assert_eq!(got.text, *want, "clean_multiline({input:?})");
            let mut got_rules = got.rules.clone();
            let mut want_rules = want_rules.to_vec();
            got_rules.sort_unstable();
            want_rules.sort_unstable();
            assert_eq!(got_rules, want_rules, "rules of clean_multiline({input:?})");
        }
    }

    #[test]
    fn key_folds_labels() {
        let rows: &[(&str, &str)] = &[
            (
                "Information society / Data protection",
                "information society data protection",
            ),
            (
                "Information society / data protection",
                "information society data protection",
            ),
            (
                "Companies/associations involved",
                "companies associations involved",
            ),
            (
                "Non-binding standard settings",
                "non binding standard settings",
            ),
            ("Conferences / Roundtables", "conferences roundtables"),
            (
                "  Élaboration de normes\u{a0}contraignantes ",
                "elaboration de normes contraignantes",
            ),
            ("Thalès", "thales"),
            ("Telefónica SA", "telefonica sa"),
            ("Children's rights", "children s rights"),
            ("Workplan 2020+", "workplan 2020"),
            (
                "Anti- discriminatio n/ Freedom of Expression",
                "anti discrimination freedom of expression",
            ),
            ("ﬁeld", "field"),
            ("---", ""),
        ];
        for (input, want) in rows {
            assert_eq!(key(input), *want, "key({input:?})");
        }
    }
}
