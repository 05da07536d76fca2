//! Dates as written in workplan tables, read into a [`DateSpan`].
//!
//! Circulated tables write dates by hand: "29/01/2019", "6-7/03/2018", "24-26 February
//! 2020", "January 2020 (tbc)", "2020-21", "2020-", and free text such as "Four meetings in
//! Strasbour g (March and Septemb er of 2020/21)". This module owns the reading of such a
//! text: the span of days it stands for, how precise it is, whether it is tentative, and
//! the name of the form recognised (for provenance notes).
//!
//! How it reads, and why so:
//!
//! 1. The text is folded once: lower case, accents dropped (French month names), dashes of
//!    every kind made `-`, whitespace runs made one space. Marks that do not move the date
//!    ("(tbc)", "TBD", "to be confirmed", "CANCELLED", weekday names) are removed, the
//!    tentative ones remembered.
//! 2. Date groups are found left to right by one regex: ISO dates, numeric dates (day
//!    first, as everywhere in these tables), days and months in words followed by a year
//!    or years, quarters, years and year spans. Month names may be broken by a single
//!    space or "- " from line wrapping ("Septemb er"); the text is never de-spaced as a
//!    whole, which could join numbers.
//! 3. The text between groups is checked: a month name with no year, a number glued to a
//!    dash or slash, a long number, or a word that changes the meaning ("spring", "end",
//!    "until", "before", "-ish"...) makes the whole text unreadable. A wrong date is worse
//!    than none: an unreadable date keeps its text and the caller warns.
//! 4. The groups are combined into the coarsest reading that contains every date named:
//!    from the first day to the last, at the coarsest precision of any part.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime};
use regex::Regex;

use crate::model::{DateSpan, Precision};

/// The result of reading one date cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDate {
    /// The text as given and the span read from it.
    pub span: DateSpan,
    /// The form recognised, in a few words ("day", "year span", "several dates"...).
    pub rule: &'static str,
    /// Set only when the text cannot be read as a date: `cannot read "…" as a date`.
    pub warning: Option<String>,
}

/// Reads a date written as text. Never panics.
///
/// Empty or whitespace-only text gives a [`DateSpan`] with that text and no span, rule
/// `"empty"`, no warning. Text that cannot be read gives [`DateSpan::unreadable`] with a
/// warning; `span.text` is always `text` exactly as given.
pub fn parse(text: &str) -> ParsedDate {
    if text.trim().is_empty() {
        return ParsedDate {
            span: DateSpan::unreadable(text),
            rule: "empty",
            warning: None,
        };
    }
    match read(text) {
        Ok(reading) => {
            let (start, end, precision) = match reading.span {
                Some((start, end, precision)) => (Some(start), end, Some(precision)),
                None => (None, None, None),
            };
            ParsedDate {
                span: DateSpan {
                    text: text.to_owned(),
                    start,
                    end,
                    precision,
                    tentative: reading.tentative,
                },
                rule: reading.rule,
                warning: None,
            }
        }
        Err(Unreadable) => ParsedDate {
            span: DateSpan::unreadable(text),
            rule: "unreadable",
            warning: Some(format!(
                "cannot read \"{}\" as a date",
                crate::text::collapse_whitespace(text)
            )),
        },
    }
}

/// A real date cell (spreadsheet date value): precision day, start and end the date, text
/// the ISO date "YYYY-MM-DD".
pub fn from_cell(value: NaiveDateTime) -> DateSpan {
    let day = value.date();
    DateSpan {
        text: day.format("%Y-%m-%d").to_string(),
        start: Some(day),
        end: Some(day),
        precision: Some(Precision::Day),
        tentative: false,
    }
}

/// The text holds something that is not a date we can vouch for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unreadable;

type Read<T> = Result<T, Unreadable>;

/// What a whole text was read as.
struct TextReading {
    /// Start, end (`None` when open-ended) and precision; `None` for "tbd"-only texts.
    span: Option<(NaiveDate, Option<NaiveDate>, Precision)>,
    tentative: bool,
    rule: &'static str,
}

/// How many occurrences a group names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One day, month, quarter or year: can be the start of an open-ended span.
    Point,
    /// One stretch of time from a first to a last day.
    Range,
    /// Several separate dates.
    Several,
}

/// One date group found in the text.
#[derive(Debug, Clone)]
struct Group {
    /// Byte range in the folded text.
    at: Range<usize>,
    start: NaiveDate,
    end: NaiveDate,
    precision: Precision,
    kind: &'static str,
    shape: Shape,
}

/// Month names after folding (lower case, no accents), English and French, with the
/// usual abbreviations.
const MONTH_NAMES: &[(&str, u32)] = &[
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
const AMBIGUOUS_MONTH_WORDS: &[&str] = &["may", "sept"];

/// Any month name. Names of five letters or more may be broken by line wrapping, so a
/// single space or "- " is allowed between their letters; shorter names and
/// abbreviations are too short to tell a broken name from two words.
static MONTH: LazyLock<String> = LazyLock::new(|| {
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

/// One day number, with an English or French ordinal suffix.
const DAY: &str = r"\b[0-9]{1,2}(?:st|nd|rd|th|er)?\b";

/// Days of one month: "6", "24-26", "6, 7 and 9", "24 au 26".
static DAYS: LazyLock<String> =
    LazyLock::new(|| format!(r"{DAY}(?: ?(?:[-/&,]|and|et|to|au) ?{DAY})*"));

/// A year, a span of years or a list of years ("2020-21", "2020/21", "2020 and 2021").
const YEARSPEC: &str =
    r"\b[0-9]{4}(?: ?[-/] ?(?:[0-9]{4}|[0-9]{2})|(?: ?[,&] ?| (?:and|to|et) )[0-9]{4})?\b";

/// Every date group, left to right; alternatives are tried in this order at each place.
static GROUP_RE: LazyLock<Regex> = LazyLock::new(|| {
    let month = MONTH.as_str();
    let days = DAYS.as_str();
    let item = format!(r"(?:{days} )?{month}");
    let item_sep = r"(?: ?[-/&+,] ?|,? (?:and|or|et|ou|to|au|through) )";
    let words = format!(r"(?:{month} {days},? |{item}(?:{item_sep}{item})*,? (?:of )?){YEARSPEC}");
    let alternatives = [
        r"(?P<iso>\b(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})(?:[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?z?)?\b)".to_owned(),
        r"(?P<num>\b(?P<nd1>[0-9]{1,2})(?: ?- ?(?P<nd2>[0-9]{1,2}))?[/.](?P<nm>[0-9]{1,2})[/.](?P<ny>[0-9]{4}|[0-9]{2})(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?\b)".to_owned(),
        r"(?P<dash>\b(?P<dd>[0-9]{1,2})-(?P<dm>[0-9]{1,2})-(?P<dy>[0-9]{4})\b)".to_owned(),
        r"(?P<nmonth>\b(?P<mm>[0-9]{1,2})[/.](?P<my>[0-9]{4})\b)".to_owned(),
        r"(?P<quarter>\bq(?P<qn>[1-4]) ?-? ?(?P<qy>[0-9]{4})\b)".to_owned(),
        format!("(?P<words>{words})"),
        format!("(?P<years>{YEARSPEC})"),
    ];
    Regex::new(&alternatives.join("|")).expect("valid date regex")
});

/// One month with the days written before it, inside a words group.
static ITEM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?P<pre>{}) )?(?P<m>{})",
        DAYS.as_str(),
        MONTH.as_str()
    ))
    .expect("valid item regex")
});

/// A year spec, split: first year, span separator and end, or list separator and year.
static YEARS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<y1>[0-9]{4})(?:(?P<span> ?[-/] ?)(?P<y2>[0-9]{4}|[0-9]{2})|(?P<list> ?[,&] ?| (?:and|to|et) )(?P<y3>[0-9]{4}))?$",
    )
    .expect("valid years regex")
});

static YEAR4_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{4}").expect("valid year regex"));

static NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+").expect("valid number regex"));

static MONTH_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(MONTH.as_str()).expect("valid month regex"));

/// Marks removed before reading: tentative marks (`t`), cancellation (`c`), weekday
/// names (`w`), a question mark (tentative too).
static MARKS_RE: LazyLock<Regex> = LazyLock::new(|| {
    let tentative = r"tbc|tbd|tba|to be (?:confirmed|determined|decided|defined|announced)|a confirmer|a determiner|a definir|a preciser|provisional|provisionally|tentative|tentatively";
    let cancelled = r"cancell?ed|annulee?s?";
    let weekday = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche";
    Regex::new(&format!(
        r"\( ?(?P<tp>{tentative}) ?\)|\[ ?(?P<tb>{tentative}) ?\]|\b(?P<t>{tentative})\b|\( ?(?P<cp>{cancelled}) ?\)|\b(?P<c>{cancelled})\b|\b(?P<w>{weekday})\b,?|(?P<q>\?)"
    ))
    .expect("valid marks regex")
});

/// Words that change what the dates mean ("spring 2020", "end 2020", "before 2021",
/// "2020-ish"): rather than guess, the text is unreadable.
static BLOCK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:spring|summer|autumn|fall|winter|early|mid|late|ish|circa|ca|approx|approximately|around|about|beginning|end|start|half|semester|quarter|week|weeks|weekend|until|till|untill|before|after|prior|later|earlier|latest|earliest|printemps|ete|automne|hiver|debut|fin|mi|avant|apres|jusqu|vers|environ|not|no|except|excluding)\b|\bby (?:the )?(?:[0-9]|{})",
        MONTH.as_str()
    ))
    .expect("valid block regex")
});

/// A start marker right before the first group: "from 2020", "since April 2020".
static OPEN_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[ (\[])(?:(?P<from>from|as from|starting from|starting in|starting|a partir d(?:u|e|')|a compter d(?:u|e|')|des)|(?P<since>since|as of|depuis)) ?$",
    )
    .expect("valid open start regex")
});

/// An end marker after the only group: "2020-", "2020+", "2020 onwards".
static OPEN_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+] ?)?(?:onwards?|ongoing|and beyond|and onwards|et au-dela|et plus)?$")
        .expect("valid open end regex")
});

/// Open-ended or period words anywhere else make the text ambiguous.
static OPEN_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:since|depuis|onwards?|ongoing|beyond|as of)\b").expect("valid open regex")
});

/// A range word right before the first date: "to 2021" means "until 2021".
static DANGLING_START_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^| )(?:to|au|through)$").expect("valid dangling start regex"));

/// A range word after the last date with no date after it: "2020 to".
static DANGLING_END_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:to|au|through)(?: |$)").expect("valid dangling end regex"));

/// A short number joined to the date before it: "2020 to 21", "2020 and 21" (an end
/// year we cannot read safely: "6 March 2020 and 21 April" must not make it a year).
static JOINED_NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ?,? ?(?:to|au|through|and|et|or|ou|&) ?[0-9]{1,2}\b")
        .expect("valid joined number regex")
});

/// Filler words that may stand before a date without changing its form (compacted).
static LEAD_WORDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:between|entre|du|de|in|on|en|le|the|of)(?: |$))*$")
        .expect("valid lead regex")
});

/// Reads the whole text; `Err` when it cannot be vouched for.
fn read(text: &str) -> Read<TextReading> {
    let folded = fold(text);
    // Arrows read as dashes; any other comparison sign ("<2021") is not a date we know.
    let folded = if folded.contains('>') {
        folded.replace("->", "-").replace("=>", "-")
    } else {
        folded
    };
    if folded.contains(['<', '>']) {
        return Err(Unreadable);
    }

    let (s, tentative, cancelled) = strip_marks(&folded);
    if !s.bytes().any(|b| b.is_ascii_alphanumeric()) {
        // Only marks: "TBD", "(to be confirmed)", "CANCELLED". No date, but nothing wrong.
        if tentative {
            return Ok(TextReading {
                span: None,
                tentative,
                rule: "not yet decided",
            });
        }
        if cancelled {
            return Ok(TextReading {
                span: None,
                tentative,
                rule: "cancelled, no date",
            });
        }
        return Err(Unreadable);
    }
    if BLOCK_RE.is_match(&s) {
        return Err(Unreadable);
    }

    let groups = find_groups(&s)?;
    let (first, last) = match (groups.first(), groups.last()) {
        (Some(f), Some(l)) => (f, l),
        _ => return Err(Unreadable),
    };

    // The gaps around and between groups.
    let before = &s[..first.at.start];
    let after = &s[last.at.end..];
    let between: Vec<&str> = groups
        .windows(2)
        .map(|w| &s[w[0].at.end..w[1].at.start])
        .collect();

    // Open start ("from 2020") and open end ("2020-").
    let (before_rest, start_marker) = match OPEN_START_RE.captures(before) {
        Some(c) => {
            let at = c.get(0).map_or(before.len(), |m| m.start());
            let marker = if c.name("since").is_some() {
                Marker::Since
            } else {
                Marker::From
            };
            (&before[..at], Some(marker))
        }
        None => (before, None),
    };
    let after_compact = compact(after);
    let open_end = !after_compact.is_empty() && OPEN_END_RE.is_match(&after_compact);

    // Open or period words anywhere but where they were understood.
    if OPEN_WORD_RE.is_match(before_rest)
        || between.iter().any(|g| OPEN_WORD_RE.is_match(g))
        || (!open_end && OPEN_WORD_RE.is_match(after))
    {
        return Err(Unreadable);
    }

    // A range word with nothing on one side ("to 2021", "2020 to") or joined to a short
    // number ("2020 to 21") means "until", or an end we did not understand.
    if DANGLING_START_RE.is_match(&compact(before_rest))
        || (!open_end && DANGLING_END_RE.is_match(&compact(after)))
        || between
            .iter()
            .chain([&after])
            .any(|g| JOINED_NUMBER_RE.is_match(g))
    {
        return Err(Unreadable);
    }

    let range_between = groups.len() == 2
        && matches!(
            compact(between[0]).as_str(),
            "-" | "to" | "au" | "a" | "through"
        );

    // Leftovers: month names with no year, numbers that look like broken dates.
    check_gap(&s, 0..before_rest.len(), true)?;
    for (i, w) in groups.windows(2).enumerate() {
        let dashes = !(range_between && i == 0);
        check_gap(&s, w[0].at.end..w[1].at.start, dashes)?;
    }
    check_gap(&s, last.at.end..s.len(), !open_end)?;

    let start = groups.iter().map(|g| g.start).min().unwrap_or(first.start);
    let end = groups.iter().map(|g| g.end).max().unwrap_or(last.end);
    let precision = groups
        .iter()
        .map(|g| g.precision)
        .max()
        .unwrap_or(first.precision);
    if start > end {
        return Err(Unreadable);
    }
    let point = groups.len() == 1 && first.shape == Shape::Point;
    let lone = groups.len() == 1 && first.shape != Shape::Several;

    let open = match (start_marker, open_end) {
        (_, true) | (Some(Marker::Since), _) => {
            if !point {
                return Err(Unreadable);
            }
            true
        }
        (Some(Marker::From), false) => point,
        (None, false) => false,
    };
    if open {
        return Ok(TextReading {
            span: Some((start, None, precision)),
            tentative,
            rule: match precision {
                Precision::Day => "open-ended day",
                Precision::Month => "open-ended month",
                Precision::Year => "open-ended year",
            },
        });
    }

    if range_between {
        let (a, b) = (&groups[0], &groups[1]);
        if a.start > b.start || a.end > b.end {
            // "April 2021 - March 2020": a range that runs backwards.
            return Err(Unreadable);
        }
    }

    // The rule names the form when nothing but the date was written.
    let bare = LEAD_WORDS_RE.is_match(&compact(before_rest)) && is_neutral(after);
    let rule = if groups.len() == 1 {
        if bare {
            first.kind
        } else if lone {
            "date in text"
        } else {
            "several dates"
        }
    } else if range_between && groups.iter().all(|g| g.shape != Shape::Several) {
        let points = groups.iter().all(|g| g.shape == Shape::Point);
        match (groups[0].precision, groups[1].precision) {
            _ if !bare => "date in text",
            _ if !points => "date range",
            (Precision::Day, Precision::Day) => "day range",
            (Precision::Month, Precision::Month) => "month range",
            (Precision::Year, Precision::Year) => "year span",
            _ => "date range",
        }
    } else {
        "several dates"
    };
    Ok(TextReading {
        span: Some((start, Some(end), precision)),
        tentative,
        rule,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// "from": opens a single date, introduces a range otherwise.
    From,
    /// "since": only ever opens a single date.
    Since,
}

/// Lower case, accents dropped, dashes and arrows made `-`, whitespace runs made one
/// space, trimmed. The result is ASCII: other letters become `x`, other symbols `#`.
fn fold(text: &str) -> String {
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

/// Removes the marks that do not move the date; says whether one was tentative and
/// whether one said cancelled. Spaces are squeezed again afterwards.
fn strip_marks(s: &str) -> (String, bool, bool) {
    let mut tentative = false;
    let mut cancelled = false;
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut found = false;
    for c in MARKS_RE.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        found = true;
        if c.name("t").is_some()
            || c.name("tp").is_some()
            || c.name("tb").is_some()
            || c.name("q").is_some()
        {
            tentative = true;
        }
        if c.name("c").is_some() || c.name("cp").is_some() {
            cancelled = true;
        }
        out.push_str(&s[last..m.start()]);
        out.push(' ');
        last = m.end();
    }
    if !found {
        return (s.to_owned(), false, false);
    }
    out.push_str(&s[last..]);
    (squeeze(&out), tentative, cancelled)
}

/// One space for each run of spaces, trimmed.
fn squeeze(s: &str) -> String {
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
fn is_neutral_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';' | '.' | ':' | '"' | '\'' | '*'
    )
}

fn is_neutral(gap: &str) -> bool {
    gap.chars().all(is_neutral_char)
}

/// A gap without its neutral punctuation, spaces squeezed: " ( - ) " becomes "-".
fn compact(gap: &str) -> String {
    let kept: String = gap
        .chars()
        .map(|c| if is_neutral_char(c) { ' ' } else { c })
        .collect();
    squeeze(&kept)
}

/// Checks the text between groups: no month name left without its year, no long number,
/// no number glued to a date separator, no dash or plus beside a number.
fn check_gap(s: &str, at: Range<usize>, dashes: bool) -> Read<()> {
    let gap = &s[at.clone()];
    if gap.is_empty() {
        return Ok(());
    }
    for m in MONTH_RE.find_iter(gap) {
        let name: String = m
            .as_str()
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        if !AMBIGUOUS_MONTH_WORDS.contains(&name.as_str()) {
            return Err(Unreadable);
        }
    }
    let bytes = s.as_bytes();
    for m in NUMBER_RE.find_iter(gap) {
        let (from, to) = (at.start + m.start(), at.start + m.end());
        if m.len() > 3 {
            return Err(Unreadable);
        }
        // "29/01", "108+", "q5", "h1": a number glued to a separator or after a letter
        // is part of something date-like we did not understand.
        let glued = |b: u8| matches!(b, b'-' | b'+' | b'/' | b'.' | b':');
        let before = from.checked_sub(1).and_then(|i| bytes.get(i)).copied();
        if before.is_some_and(|b| glued(b) || b.is_ascii_alphabetic())
            || bytes.get(to).copied().is_some_and(glued)
        {
            return Err(Unreadable);
        }
    }
    if dashes {
        for (i, b) in gap.bytes().enumerate() {
            if b == b'-' || b == b'+' {
                let pos = at.start + i;
                let left = s[..pos]
                    .bytes()
                    .rev()
                    .find(|b| !is_neutral_char(*b as char));
                let right = s[pos + 1..].bytes().find(|b| !is_neutral_char(*b as char));
                if left.is_some_and(|b| b.is_ascii_digit())
                    || right.is_some_and(|b| b.is_ascii_digit())
                {
                    return Err(Unreadable);
                }
            }
        }
    }
    Ok(())
}

/// All date groups of the folded text, in order; `Err` if one is an impossible date.
fn find_groups(s: &str) -> Read<Vec<Group>> {
    let mut groups = Vec::new();
    for c in GROUP_RE.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let text = |name: &str| c.name(name).map_or("", |m| m.as_str());
        let (start, end, precision, kind, shape) = if c.name("iso").is_some() {
            let d = day(year(text("iy"))?, number(text("im"))?, number(text("id"))?)?;
            (d, d, Precision::Day, "iso date", Shape::Point)
        } else if c.name("num").is_some() {
            let y = short_year(text("ny"))?;
            let month = number(text("nm"))?;
            let first = day(y, month, number(text("nd1"))?)?;
            match c.name("nd2") {
                None => (first, first, Precision::Day, "day", Shape::Point),
                Some(d2) => {
                    let last = day(y, month, number(d2.as_str())?)?;
                    if last < first {
                        return Err(Unreadable);
                    }
                    let kind = "day range in one month";
                    (first, last, Precision::Day, kind, Shape::Range)
                }
            }
        } else if c.name("dash").is_some() {
            let d = day(year(text("dy"))?, number(text("dm"))?, number(text("dd"))?)?;
            (d, d, Precision::Day, "day", Shape::Point)
        } else if c.name("nmonth").is_some() {
            let (y, month) = (year(text("my"))?, number(text("mm"))?);
            let (first, last) = (day(y, month, 1)?, month_end(y, month)?);
            (first, last, Precision::Month, "month", Shape::Point)
        } else if c.name("quarter").is_some() {
            let (y, q) = (year(text("qy"))?, number(text("qn"))?);
            let first = day(y, q * 3 - 2, 1)?;
            let last = month_end(y, q * 3)?;
            (first, last, Precision::Month, "quarter", Shape::Point)
        } else if let Some(w) = c.name("words") {
            words_group(w.as_str())?
        } else if let Some(y) = c.name("years") {
            let years = parse_years(y.as_str())?;
            let (kind, shape) = match years.kind {
                YearsKind::One => ("year", Shape::Point),
                YearsKind::Span { .. } => ("year span", Shape::Range),
                YearsKind::List => ("several years", Shape::Several),
            };
            let (first, last) = (day(years.first, 1, 1)?, day(years.last, 12, 31)?);
            (first, last, Precision::Year, kind, shape)
        } else {
            return Err(Unreadable);
        };
        groups.push(Group {
            at: m.range(),
            start,
            end,
            precision,
            kind,
            shape,
        });
    }
    Ok(groups)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearsKind {
    One,
    /// "2020-21", "2020/21", "2020 to 2021"; `dash` for "-" and "to", which after a
    /// month reads as "from March 2020 to 2021" rather than "March of each year".
    Span {
        dash: bool,
    },
    List,
}

#[derive(Debug, Clone, Copy)]
struct Years {
    first: i32,
    last: i32,
    kind: YearsKind,
}

/// Reads a year spec: "2020", "2020-21" (2021), "2020/2021", "2020 and 2021".
fn parse_years(s: &str) -> Read<Years> {
    let c = YEARS_RE.captures(s).ok_or(Unreadable)?;
    let first = year(c.name("y1").map_or("", |m| m.as_str()))?;
    if let Some(y2) = c.name("y2") {
        let last = if y2.len() == 2 {
            // "2020-21": the end year in the same century; "2021-20" runs backwards.
            in_range(first - first.rem_euclid(100) + number(y2.as_str())? as i32)?
        } else {
            year(y2.as_str())?
        };
        if last < first {
            return Err(Unreadable);
        }
        let sep = c.name("span").map_or("", |m| m.as_str());
        return Ok(Years {
            first,
            last,
            kind: YearsKind::Span {
                dash: sep.contains('-'),
            },
        });
    }
    if let Some(y3) = c.name("y3") {
        let other = year(y3.as_str())?;
        let sep = c.name("list").map_or("", |m| m.as_str().trim());
        if sep == "to" {
            if other < first {
                return Err(Unreadable);
            }
            return Ok(Years {
                first,
                last: other,
                kind: YearsKind::Span { dash: true },
            });
        }
        return Ok(Years {
            first: first.min(other),
            last: first.max(other),
            kind: YearsKind::List,
        });
    }
    Ok(Years {
        first,
        last: first,
        kind: YearsKind::One,
    })
}

/// The days written with one month: their numbers, and whether they form one range.
#[derive(Debug, Clone)]
struct Days {
    numbers: Vec<u32>,
    /// Exactly two numbers joined by "-", "to" or "au".
    range: bool,
}

/// Reads "6", "24-26", "26 -27", "6, 7 and 9", "1er"; a range must run forwards.
fn parse_days(s: &str) -> Read<Days> {
    let mut numbers = Vec::new();
    let mut all_ranges = true;
    let mut last_end = None;
    for m in NUMBER_RE.find_iter(s) {
        let n = number(m.as_str())?;
        if let (Some(end), Some(&prev)) = (last_end, numbers.last()) {
            let sep = strip_ordinal(&s[end..m.start()]).trim();
            let is_range = matches!(sep, "-" | "to" | "au");
            if is_range && n <= prev {
                return Err(Unreadable);
            }
            all_ranges &= is_range;
        }
        numbers.push(n);
        last_end = Some(m.end());
    }
    if numbers.is_empty() {
        return Err(Unreadable);
    }
    let range = numbers.len() == 2 && all_ranges;
    Ok(Days { numbers, range })
}

/// The separator text after a day number starts with its ordinal suffix, if any.
fn strip_ordinal(sep: &str) -> &str {
    for suffix in ["st", "nd", "rd", "th", "er"] {
        if let Some(rest) = sep.strip_prefix(suffix) {
            return rest;
        }
    }
    sep
}

/// One month of a words group with its days, if given.
#[derive(Debug, Clone)]
struct Item {
    month: u32,
    days: Option<Days>,
}

impl Item {
    fn first(&self, y: i32) -> Read<NaiveDate> {
        match &self.days {
            Some(d) => day(y, self.month, d.numbers.iter().copied().min().unwrap_or(1)),
            None => day(y, self.month, 1),
        }
    }

    fn last(&self, y: i32) -> Read<NaiveDate> {
        match &self.days {
            Some(d) => {
                // Every day named must exist, not only the last one.
                for n in &d.numbers {
                    day(y, self.month, *n)?;
                }
                day(y, self.month, d.numbers.iter().copied().max().unwrap_or(1))
            }
            None => month_end(y, self.month),
        }
    }
}

/// Reads a group of months in words followed by its year(s): "24-26 february 2020",
/// "march and september of 2020/21", "may/october 2020", "february 24, 2020".
fn words_group(w: &str) -> Read<(NaiveDate, NaiveDate, Precision, &'static str, Shape)> {
    let at = YEAR4_RE.find(w).ok_or(Unreadable)?.start();
    let years = parse_years(&w[at..])?;
    let prefix = &w[..at];

    let mut items: Vec<Item> = Vec::new();
    let mut range_seps: Vec<bool> = Vec::new();
    let mut last_end = 0;
    for c in ITEM_RE.captures_iter(prefix) {
        let Some(m) = c.get(0) else { continue };
        let sep = prefix[last_end..m.start()].trim_matches(|c| c == ' ' || c == ',');
        if items.is_empty() {
            if !sep.is_empty() {
                return Err(Unreadable);
            }
        } else {
            range_seps.push(matches!(sep, "-" | "to" | "au" | "through"));
        }
        let month = month_number(c.name("m").map_or("", |m| m.as_str()))?;
        let days = match c.name("pre") {
            Some(d) => Some(parse_days(d.as_str())?),
            None => None,
        };
        items.push(Item { month, days });
        last_end = m.end();
    }
    // What follows the last month: nothing, "of", or days written after it ("February
    // 24-26, 2020"), which only a lone month may have.
    let rest = prefix[last_end..].trim_matches(|c| c == ' ' || c == ',');
    let rest = rest
        .strip_suffix("of")
        .unwrap_or(rest)
        .trim_matches(|c| c == ' ' || c == ',');
    if !rest.is_empty() {
        match items.as_mut_slice() {
            [only] if only.days.is_none() => only.days = Some(parse_days(rest)?),
            _ => return Err(Unreadable),
        }
    }
    if items.is_empty() {
        return Err(Unreadable);
    }
    if matches!(years.kind, YearsKind::Span { dash: true }) {
        // "March 2020-2021": from March 2020 to some time in 2021, or March of each
        // year? Either reading could be wrong.
        return Err(Unreadable);
    }

    let mut start: Option<NaiveDate> = None;
    let mut end: Option<NaiveDate> = None;
    for item in &items {
        for y in [years.first, years.last] {
            let (first, last) = (item.first(y)?, item.last(y)?);
            start = Some(start.map_or(first, |s| s.min(first)));
            end = Some(end.map_or(last, |e| e.max(last)));
        }
    }
    for (i, is_range) in range_seps.iter().enumerate() {
        if let (true, Some(a), Some(b)) = (*is_range, items.get(i), items.get(i + 1)) {
            let y = years.first;
            if a.first(y)? > b.first(y)? || a.last(y)? > b.last(y)? {
                // "November - February 2021": across a year end, which year is meant?
                return Err(Unreadable);
            }
        }
    }
    let (Some(start), Some(end)) = (start, end) else {
        return Err(Unreadable);
    };
    let precision = if items.iter().all(|i| i.days.is_some()) {
        Precision::Day
    } else {
        Precision::Month
    };

    let (kind, shape) = if years.kind != YearsKind::One {
        ("several dates", Shape::Several)
    } else if let [only] = items.as_slice() {
        match &only.days {
            None => ("month", Shape::Point),
            Some(d) if d.numbers.len() == 1 => ("day", Shape::Point),
            Some(d) if d.range => ("day range in one month", Shape::Range),
            Some(_) => ("several days", Shape::Several),
        }
    } else if items.len() == 2 && range_seps.first() == Some(&true) {
        let lone_day = |i: &Item| i.days.as_ref().is_some_and(|d| d.numbers.len() == 1);
        match (&items[0].days, &items[1].days) {
            (None, None) => ("month range", Shape::Range),
            _ if lone_day(&items[0]) && lone_day(&items[1]) => ("day range", Shape::Range),
            _ => ("date range", Shape::Range),
        }
    } else if items.iter().all(|i| i.days.is_none()) {
        ("several months", Shape::Several)
    } else {
        ("several dates", Shape::Several)
    };
    Ok((start, end, precision, kind, shape))
}

/// The month a (possibly broken) name stands for: "septemb er" is September.
fn month_number(name: &str) -> Read<u32> {
    let letters: String = name.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    MONTH_NAMES
        .iter()
        .find(|(n, _)| *n == letters)
        .map(|(_, m)| *m)
        .ok_or(Unreadable)
}

/// A small decimal number.
fn number(s: &str) -> Read<u32> {
    s.parse::<u32>().map_err(|_| Unreadable)
}

/// A four-digit year in the range these tables can mean.
fn year(s: &str) -> Read<i32> {
    in_range(s.parse::<i32>().map_err(|_| Unreadable)?)
}

/// 1900 to 2100: anything else is a typo or not a year.
fn in_range(y: i32) -> Read<i32> {
    if (1900..=2100).contains(&y) {
        Ok(y)
    } else {
        Err(Unreadable)
    }
}

/// A year of a numeric date: four digits, or two meaning 20yy ("29/01/19").
fn short_year(s: &str) -> Read<i32> {
    if s.len() == 2 {
        Ok(2000 + number(s)? as i32)
    } else {
        year(s)
    }
}

/// A calendar day that exists.
fn day(y: i32, m: u32, d: u32) -> Read<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or(Unreadable)
}

/// The last day of a month.
fn month_end(y: i32, m: u32) -> Read<NaiveDate> {
    let next = if m == 12 {
        day(y + 1, 1, 1)?
    } else {
        day(y, m + 1, 1)?
    };
    next.pred_opt().ok_or(Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row: text as written, start, end ("" for none), precision ("" for none),
    /// tentative, rule.
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        bool,
        &'static str,
    );

    #[rustfmt::skip]
    const ROWS: &[Row] = &[
        // Days, numeric, day first (seeds: 29/01/2019, 03/05/2019).
        ("29/01/2019", "2019-01-29", "2019-01-29", "day", false, "day"),
        ("03/05/2019", "2019-05-03", "2019-05-03", "day", false, "day"),
        ("29.01.2019", "2019-01-29", "2019-01-29", "day", false, "day"),
        ("29-01-2019", "2019-01-29", "2019-01-29", "day", false, "day"),
        ("3/5/19", "2019-05-03", "2019-05-03", "day", false, "day"),
        ("29/01/2019 00:00", "2019-01-29", "2019-01-29", "day", false, "day"),
        // ISO, as CSV exports write date cells.
        ("2019-01-29", "2019-01-29", "2019-01-29", "day", false, "iso date"),
        ("2019-01-29 00:00:00", "2019-01-29", "2019-01-29", "day", false, "iso date"),
        ("2019-01-29T10:30:00", "2019-01-29", "2019-01-29", "day", false, "iso date"),
        // Ranges of days in one month (seeds).
        ("6-7/03/2018", "2018-03-06", "2018-03-07", "day", false, "day range in one month"),
        ("25-27/02/2019", "2019-02-25", "2019-02-27", "day", false, "day range in one month"),
        ("06-07/11/2018", "2018-11-06", "2018-11-07", "day", false, "day range in one month"),
        ("17-18/09/2018", "2018-09-17", "2018-09-18", "day", false, "day range in one month"),
        ("11-13/07/2018", "2018-07-11", "2018-07-13", "day", false, "day range in one month"),
        ("18-19/03/2019", "2019-03-18", "2019-03-19", "day", false, "day range in one month"),
        // Days with the month in words (seeds, with an en dash and odd spaces).
        ("24-26 February 2020", "2020-02-24", "2020-02-26", "day", false, "day range in one month"),
        ("24 February 2020", "2020-02-24", "2020-02-24", "day", false, "day"),
        ("26 \u{2013}27 February 2019", "2019-02-26", "2019-02-27", "day", false, "day range in one month"),
        ("February 24-26, 2020", "2020-02-24", "2020-02-26", "day", false, "day range in one month"),
        ("March 6th, 2020", "2020-03-06", "2020-03-06", "day", false, "day"),
        ("1er mars 2020", "2020-03-01", "2020-03-01", "day", false, "day"),
        ("du 24 au 26 février 2020", "2020-02-24", "2020-02-26", "day", false, "day range in one month"),
        ("Monday 3 February 2020", "2020-02-03", "2020-02-03", "day", false, "day"),
        ("30 March - 2 April 2020", "2020-03-30", "2020-04-02", "day", false, "day range"),
        ("30/03/2019 - 02/04/2019", "2019-03-30", "2019-04-02", "day", false, "day range"),
        ("6, 7 and 9 March 2020", "2020-03-06", "2020-03-09", "day", false, "several days"),
        // Months (seeds: April 2020, January 2020 (tbc)).
        ("April 2020", "2020-04-01", "2020-04-30", "month", false, "month"),
        ("January 2020 (tbc)", "2020-01-01", "2020-01-31", "month", true, "month"),
        ("February 2020", "2020-02-01", "2020-02-29", "month", false, "month"),
        ("Feb. 2021", "2021-02-01", "2021-02-28", "month", false, "month"),
        ("Sept 2020", "2020-09-01", "2020-09-30", "month", false, "month"),
        ("DECEMBER 2020", "2020-12-01", "2020-12-31", "month", false, "month"),
        ("Febr uary 2020", "2020-02-01", "2020-02-29", "month", false, "month"),
        ("Septem- ber 2020", "2020-09-01", "2020-09-30", "month", false, "month"),
        ("03/2020", "2020-03-01", "2020-03-31", "month", false, "month"),
        ("March-May 2020", "2020-03-01", "2020-05-31", "month", false, "month range"),
        ("April 2020 - June 2021", "2020-04-01", "2021-06-30", "month", false, "month range"),
        ("from March 2020 to June 2020", "2020-03-01", "2020-06-30", "month", false, "month range"),
        ("April 2020 to June 2021", "2020-04-01", "2021-06-30", "month", false, "month range"),
        ("December 2019 - January 2020", "2019-12-01", "2020-01-31", "month", false, "month range"),
        ("Sept 2019 - Jan 2020", "2019-09-01", "2020-01-31", "month", false, "month range"),
        ("6 March 2020 to 21 April 2020", "2020-03-06", "2020-04-21", "day", false, "day range"),
        ("6 March 2020 and 21 April 2020", "2020-03-06", "2020-04-21", "day", false, "several dates"),
        ("May/October 2020", "2020-05-01", "2020-10-31", "month", false, "several months"),
        ("Q1 2020", "2020-01-01", "2020-03-31", "month", false, "quarter"),
        // French month names, with and without accents (precomposed and combining).
        ("janvier 2020", "2020-01-01", "2020-01-31", "month", false, "month"),
        ("février 2020", "2020-02-01", "2020-02-29", "month", false, "month"),
        ("fevrier 2020", "2020-02-01", "2020-02-29", "month", false, "month"),
        ("Fe\u{301}vrier 2020", "2020-02-01", "2020-02-29", "month", false, "month"),
        ("mars 2020", "2020-03-01", "2020-03-31", "month", false, "month"),
        ("avril 2020", "2020-04-01", "2020-04-30", "month", false, "month"),
        ("mai 2020", "2020-05-01", "2020-05-31", "month", false, "month"),
        ("juin 2020", "2020-06-01", "2020-06-30", "month", false, "month"),
        ("juillet 2020", "2020-07-01", "2020-07-31", "month", false, "month"),
        ("août 2020", "2020-08-01", "2020-08-31", "month", false, "month"),
        ("septembre 2020", "2020-09-01", "2020-09-30", "month", false, "month"),
        ("octobre 2020", "2020-10-01", "2020-10-31", "month", false, "month"),
        ("novembre 2020", "2020-11-01", "2020-11-30", "month", false, "month"),
        ("Décembre 2020", "2020-12-01", "2020-12-31", "month", false, "month"),
        // Years (seeds: 2020, 2021, 2020 (TBC)) and tentative marks.
        ("2020", "2020-01-01", "2020-12-31", "year", false, "year"),
        ("2021", "2021-01-01", "2021-12-31", "year", false, "year"),
        ("2020 (TBC)", "2020-01-01", "2020-12-31", "year", true, "year"),
        ("2020 tbd", "2020-01-01", "2020-12-31", "year", true, "year"),
        ("2020 (to be confirmed)", "2020-01-01", "2020-12-31", "year", true, "year"),
        ("2020?", "2020-01-01", "2020-12-31", "year", true, "year"),
        ("  2020\n", "2020-01-01", "2020-12-31", "year", false, "year"),
        // Spans of years (seeds: "and", 2-digit end, en dash, odd spaces; and a slash).
        ("2020 and 2021", "2020-01-01", "2021-12-31", "year", false, "several years"),
        ("2020-21", "2020-01-01", "2021-12-31", "year", false, "year span"),
        ("2020 \u{2013} 2021", "2020-01-01", "2021-12-31", "year", false, "year span"),
        ("2020- 2021", "2020-01-01", "2021-12-31", "year", false, "year span"),
        ("2020/21", "2020-01-01", "2021-12-31", "year", false, "year span"),
        ("2020/2021", "2020-01-01", "2021-12-31", "year", false, "year span"),
        ("2020 to 2022", "2020-01-01", "2022-12-31", "year", false, "year span"),
        ("from 2020 to 2021", "2020-01-01", "2021-12-31", "year", false, "year span"),
        ("2020 (tbc) - 2021", "2020-01-01", "2021-12-31", "year", true, "year span"),
        ("2019, 2020 and 2021", "2019-01-01", "2021-12-31", "year", false, "several dates"),
        // Open-ended (seeds: "2020-").
        ("2020-", "2020-01-01", "", "year", false, "open-ended year"),
        ("2020+", "2020-01-01", "", "year", false, "open-ended year"),
        ("2020 onwards", "2020-01-01", "", "year", false, "open-ended year"),
        ("from April 2020", "2020-04-01", "", "month", false, "open-ended month"),
        ("since 29/01/2019", "2019-01-29", "", "day", false, "open-ended day"),
        ("à partir de 2021", "2021-01-01", "", "year", false, "open-ended year"),
        // Several occurrences (seeds), words broken by line wrapping. Months named with
        // a span of years are those months in each year: from the first to the last.
        ("Four meetings in Strasbour g (March and Septemb er of 2020/21)", "2020-03-01", "2021-09-30", "month", false, "several dates"),
        ("Four meetings in Strasbour g (March and Septemb er of\n2020/21)", "2020-03-01", "2021-09-30", "month", false, "several dates"),
        // Years 2020/21 and two months of 2020: the coarsest reading that contains every
        // date named is both whole years, at year precision (the coarsest part).
        ("Four meetings in Strasbour g in 2020/21 (May/Oct ober 2020)", "2020-01-01", "2021-12-31", "year", false, "several dates"),
        ("January 2020 (tbc) and April 2020 (tbc)", "2020-01-01", "2020-04-30", "month", true, "several dates"),
        ("29/01/2019 and March 2019", "2019-01-29", "2019-03-31", "month", false, "several dates"),
        ("4 meetings in 2020", "2020-01-01", "2020-12-31", "year", false, "date in text"),
        ("Meetings may take place in 2020", "2020-01-01", "2020-12-31", "year", false, "date in text"),
        ("24-26 February 2020 CANCELLED", "2020-02-24", "2020-02-26", "day", false, "day range in one month"),
        // Marks only: no date, and nothing wrong with that.
        ("TBD", "", "", "", true, "not yet decided"),
        ("(to be confirmed)", "", "", "", true, "not yet decided"),
        ("CANCELLED", "", "", "", false, "cancelled, no date"),
        // Empty.
        ("", "", "", "", false, "empty"),
        ("   ", "", "", "", false, "empty"),
    ];

    fn date(s: &str) -> Option<NaiveDate> {
        (!s.is_empty()).then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date"))
    }

    fn precision(s: &str) -> Option<Precision> {
        match s {
            "day" => Some(Precision::Day),
            "month" => Some(Precision::Month),
            "year" => Some(Precision::Year),
            _ => None,
        }
    }

    #[test]
    fn reads_every_form() {
        for &(text, start, end, prec, tentative, rule) in ROWS {
            let p = parse(text);
            assert_eq!(p.span.text, text, "text kept for {text:?}");
            assert_eq!(p.warning, None, "no warning for {text:?}");
            assert_eq!(p.span.start, date(start), "start of {text:?}");
            assert_eq!(p.span.end, date(end), "end of {text:?}");
            assert_eq!(p.span.precision, precision(prec), "precision of {text:?}");
            assert_eq!(p.span.tentative, tentative, "tentative of {text:?}");
            assert_eq!(p.rule, rule, "rule of {text:?}");
        }
    }

    /// Texts that must not be read: impossible dates, years out of range, spans that run
    /// backwards, vague words, ambiguous forms. Any reading could be a wrong date.
    #[rustfmt::skip]
    const UNREADABLE: &[&str] = &[
        "31/02/2019", "32/01/2019", "13/13/2019", "29/02/2019", "00/01/2019", "2019-02-30",
        "31 April 2020", "Q5 2020", "h1 2020",
        "1850", "2150", "1899-1901", "2021-20", "2021-2020", "2020-03", "2020-210",
        "7-6/03/2018", "27-26 February 2019", "November - February 2021",
        "April 2021 - March 2020",
        "Spring-ish 2020", "spring 2020", "early 2020", "end of 2020", "mid-2020",
        "until 2021", "before March 2021", "by 2021", "not before 2021", "<2021",
        "to 2021", "2020 to", "2020 to 21", "2020 and 21", "March 3 and April 5 2020",
        "March 2020-2021", "March; final event 2021", "2020 (March and September)",
        "29/01 and 03/05/2019", "43494", "20201", "- 2020",
        "2020-21 onwards", "since 2020-21", "2019 and since 2021", "2020-2021-",
        "Convention 108+ 2020", "Spring-ish", "-", "n/a", "xyz", "January",
    ];

    #[test]
    fn refuses_what_it_cannot_vouch_for() {
        for text in UNREADABLE {
            let p = parse(text);
            assert_eq!(
                p.span,
                DateSpan::unreadable(*text),
                "unreadable {text:?}: {p:?}"
            );
            assert_eq!(p.rule, "unreadable", "rule of {text:?}");
            let want = format!("cannot read \"{text}\" as a date");
            assert_eq!(
                p.warning.as_deref(),
                Some(want.as_str()),
                "warning of {text:?}"
            );
        }
    }

    #[test]
    fn warning_names_the_text_on_one_line() {
        let p = parse("Spring-ish\n 2020 ");
        assert_eq!(p.span.text, "Spring-ish\n 2020 ");
        assert_eq!(
            p.warning.as_deref(),
            Some("cannot read \"Spring-ish 2020\" as a date")
        );
    }

    #[test]
    fn month_names_in_every_spelling() {
        #[rustfmt::skip]
        let spellings: &[(&str, u32)] = &[
            ("January", 1), ("Jan", 1), ("janv.", 1), ("Feb.", 2), ("FEB", 2), ("fév", 2),
            ("Febr uary", 2), ("Mar", 3), ("Apr", 4), ("avr.", 4), ("May", 5), ("June", 6),
            ("Jun", 6), ("July", 7), ("juil.", 7), ("Aug", 8), ("aout", 8), ("Sep", 9),
            ("Sept.", 9), ("Septemb er", 9), ("Oct", 10), ("Oct ober", 10), ("Nov.", 11),
            ("Novem ber", 11), ("Dec", 12), ("déc.", 12), ("decembre", 12),
        ];
        for (name, month) in spellings {
            let text = format!("{name} 2019");
            let p = parse(&text);
            let first = NaiveDate::from_ymd_opt(2019, *month, 1);
            assert_eq!(p.span.start, first, "{text:?}: {p:?}");
            assert_eq!(p.span.precision, Some(Precision::Month), "{text:?}");
            assert_eq!(p.rule, "month", "{text:?}");
        }
    }

    #[test]
    fn real_date_cell() {
        let dt = NaiveDate::from_ymd_opt(2019, 1, 29).and_then(|d| d.and_hms_opt(0, 0, 0));
        let span = from_cell(dt.expect("test time"));
        assert_eq!(span.text, "2019-01-29");
        assert_eq!(span.start, date("2019-01-29"));
        assert_eq!(span.end, date("2019-01-29"));
        assert_eq!(span.precision, Some(Precision::Day));
        assert!(!span.tentative);
    }

    /// Odd inputs: whatever they are read as, a span never runs backwards, a warning
    /// comes exactly with an unreadable text, and the text is kept as given.
    #[test]
    fn start_never_after_end() {
        let fragments = [
            "2020",
            "2021",
            "21",
            "20",
            "-",
            "\u{2013}",
            "/",
            " ",
            "and",
            "(tbc)",
            "March",
            "Septemb er",
            "29",
            "31",
            "02",
            "12",
            "of",
            "from",
            "since",
            "+",
            "?",
            "Q2",
            "février",
            "1er",
            ".",
            ",",
            "\n",
            "onwards",
            "to",
            "May",
            "x",
            "é",
            "99",
        ];
        let mut texts: Vec<String> = Vec::new();
        for a in fragments {
            for b in fragments {
                texts.push(format!("{a}{b}"));
                texts.push(format!("{a} {b}"));
                for c in ["2020", "/2019", " 2021", "-03-2019"] {
                    texts.push(format!("{a} {b}{c}"));
                    texts.push(format!("{c}{a}{b}"));
                }
            }
        }
        texts.extend(ROWS.iter().map(|r| r.0.to_owned()));
        texts.extend(UNREADABLE.iter().map(|t| (*t).to_owned()));
        let mut read = 0;
        for text in &texts {
            let p = parse(text);
            assert_eq!(&p.span.text, text);
            if let (Some(s), Some(e)) = (p.span.start, p.span.end) {
                assert!(s <= e, "{text:?} runs backwards: {p:?}");
            }
            assert_eq!(
                p.warning.is_some(),
                p.rule == "unreadable",
                "warning iff unreadable for {text:?}: {p:?}"
            );
            if p.warning.is_some() {
                assert_eq!(p.span, DateSpan::unreadable(text.as_str()));
            }
            assert_eq!(
                p.span.start.is_some(),
                p.span.precision.is_some(),
                "{text:?}"
            );
            read += usize::from(p.span.start.is_some());
        }
        // The list must exercise both outcomes, or it proves nothing.
        assert!(
            read > 100 && read < texts.len() - 100,
            "{read} of {}",
            texts.len()
        );
    }

    #[test]
    fn odd_characters_do_not_panic() {
        for text in [
            "\u{0}",
            "İ2020",
            "٢٠٢٠",
            "2020\u{feff}",
            "\u{200b}2020",
            "🙂 2020",
            "ǅ",
            "ß 2020",
            "9999999999999999999999/01/2019",
            "2020-9999999999999",
            "q0 2020",
            "((((",
        ] {
            assert_eq!(parse(text).span.text, text);
        }
        // An arrow reads as a dash.
        assert_eq!(parse("2020 → 2021").rule, "year span");
    }
}
