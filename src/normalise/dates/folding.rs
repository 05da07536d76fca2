//! A date text made ready for reading: folded to plain ASCII, and the marks that do not
//! move the date taken out (tentative, cancelled, weekday names, times of day), each
//! remembered.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{ORDINAL, WEEKDAY};

/// Lower case, accents dropped, dashes and arrows made `-`, whitespace runs made one
/// space, trimmed. The result is ASCII: other letters become `x`, other symbols `#`.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            c if c.is_whitespace() => ' ',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
            '\u{2192}' | '\u{27f6}' | '\u{21d2}' => '-',
            '\u{2044}' | '\u{2215}' | '\u{ff0f}' => '/',
            '\u{2018}' | '\u{2019}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{ab}' | '\u{bb}' => '"',
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => continue,
            '\u{300}'..='\u{36f}' => continue,
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            c if c.is_ascii_control() => ' ',
            c if c.is_ascii() => c,
            c if c.is_alphanumeric() => 'x',
            _ => '#',
        };
        if mapped == ' ' {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(mapped);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// What [`strip_marks`] took out of a text.
#[derive(Debug, Default)]
pub(super) struct Marks {
    /// "(tbc)", "TBD", "to be confirmed", "?".
    pub(super) tentative: bool,
    /// "CANCELLED", "annulé".
    pub(super) cancelled: bool,
    /// Weekday names standing alone ("Monday 3 February"), as folded.
    pub(super) weekdays: Vec<String>,
    /// Times of day ("10:55", "à 09:00", "9h-17h"), as folded.
    pub(super) times: Vec<String>,
}

/// A time of day: "10:55", "09:00:00", "9h30", "10h", "3 pm", a range of two.
const TIME: &str = r"[0-9]{1,2}(?::[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?z?|h[0-9]{2}|h)(?: ?[ap]m)?|[0-9]{1,2} ?[ap]m";

/// Marks removed before reading: tentative marks (`t`), cancellation (`c`), weekday
/// names (`w`, kept when an ordinal makes them a rule: "third tuesday of"), times of
/// day (`time`), a question mark (tentative too).
static MARKS_RE: LazyLock<Regex> = LazyLock::new(|| {
    let tentative = r"tbc|tbd|tba|to be (?:confirmed|determined|decided|defined|announced)|a confirmer|a determiner|a definir|a preciser|provisional|provisionally|tentative|tentatively";
    let cancelled = r"cancell?ed|annulee?s?";
    let weekday = WEEKDAY.as_str();
    let ordinal = ORDINAL.as_str();
    Regex::new(&format!(
        r"\( ?(?P<tp>{tentative}) ?\)|\[ ?(?P<tb>{tentative}) ?\]|\b(?P<t>{tentative})\b|\( ?(?P<cp>{cancelled}) ?\)|\b(?P<c>{cancelled})\b|(?P<wo>(?:{ordinal}|last|dernier|derniere) )?\b(?P<w>{weekday})\b,?|(?:^|,? (?:(?:at|a) )?)(?P<time>(?:{TIME})(?: ?(?:-|to|a) ?(?:{TIME}))?)\b|(?P<q>\?)"
    ))
    .expect("valid marks regex")
});

/// Removes the marks that do not move the date, remembering each. Spaces are squeezed
/// again afterwards.
pub(super) fn strip_marks(s: &str) -> (String, Marks) {
    let mut marks = Marks::default();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut found = false;
    for c in MARKS_RE.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        if c.name("wo").is_some() {
            // "third tuesday of": a rule the groups read.
            continue;
        }
        found = true;
        if ["t", "tp", "tb", "q"].iter().any(|n| c.name(n).is_some()) {
            marks.tentative = true;
        }
        if c.name("c").is_some() || c.name("cp").is_some() {
            marks.cancelled = true;
        }
        if let Some(w) = c.name("w") {
            marks.weekdays.push(w.as_str().to_owned());
        }
        if let Some(t) = c.name("time") {
            marks.times.push(t.as_str().to_owned());
        }
        out.push_str(&s[last..m.start()]);
        out.push(' ');
        last = m.end();
    }
    if !found {
        return (s.to_owned(), marks);
    }
    out.push_str(&s[last..]);
    (squeeze(&out), marks)
}

/// One space for each run of spaces, trimmed.
pub(super) fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Punctuation that says nothing about a date: brackets, commas, full stops, quotes.
pub(super) fn is_neutral_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | '.' | ':' | '"' | '\'' | '*'
    )
}

/// A gap of nothing but neutral punctuation.
pub(super) fn is_neutral(gap: &str) -> bool {
    gap.chars().all(is_neutral_char)
}

/// A gap without its neutral punctuation, spaces squeezed: " ( - ) " becomes "-".
pub(super) fn compact(gap: &str) -> String {
    let kept: String = gap
        .chars()
        .map(|c| if is_neutral_char(c) { ' ' } else { c })
        .collect();
    squeeze(&kept)
}

/// The words of `original` that fold to `folded` (a part of the folded text), as
/// written; `folded` itself when no run of words does.
pub(super) fn as_written(original: &str, folded: &str) -> String {
    let words: Vec<&str> = original.split_whitespace().collect();
    let trim = |s: &str| s.trim_matches(is_neutral_char).to_owned();
    let target = trim(folded);
    for i in 0..words.len() {
        for j in i..words.len() {
            let run = words[i..=j].join(" ");
            let f = trim(&fold(&run));
            if f == target {
                return trim(&run);
            }
            if f.len() > target.len() {
                break;
            }
        }
    }
    target
}
