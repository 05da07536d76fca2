//! Dates as written in workplan tables, read into a [`DateSpan`], never silently coarser
//! than written.
//!
//! Circulated tables write dates by hand: "29/01/2019", "6-7/03/2018", "24-26 February
//! 2020", "January 2020 (tbc)", "2020-21", "2020-", "Q4 2018", "second half of 2020",
//! "Spring 2020", "le premier mars 2013", "third tuesday of september 2014", "ongoing",
//! and free text such as "Four meetings in Strasbour g (March and Septemb er of
//! 2020/21)". This module owns the reading of such a text: the span of days it stands
//! for, how precise it is, whether it is tentative, the name of the form recognised and
//! the rules that set vague bounds (for provenance and notes), and what it could not
//! vouch for (each an [`Issue`], a warning for the caller to place).
//!
//! How it reads, and why so:
//!
//! 1. The text is folded once: lower case, accents dropped (French month names), dashes of
//!    every kind made `-`, whitespace runs made one space. Marks that do not move the date
//!    ("(tbc)", "TBD", "to be confirmed", "CANCELLED", weekday names, times of day) are
//!    removed, each remembered: "12 Dec 2014 10:55" is that day, the time kept in the
//!    text only.
//! 2. Date groups are found left to right by one regex: ISO dates and day ranges
//!    ("2018-03-06/07"), numeric dates (slashes, dots, dashes or spaces), days and months
//!    in words, quarters, halves, seasons, early/mid/late parts of a year or month,
//!    weekday rules ("last day of", "third tuesday of", computed), years, year spans and
//!    year-months ("2014-10"). Month names may be broken by a single space or "- " from
//!    line wrapping ("Septemb er"); the text is never de-spaced as a whole, which could
//!    join numbers.
//! 3. The text between groups is checked: a month name with no year, a number glued to a
//!    dash or slash, a long number, or a word that changes the meaning ("until",
//!    "before", "-ish"...) makes the whole text unreadable: a wrong date is worse than
//!    none. A part that only refines the date (an ordinal, a weekday, a week, a time, a
//!    day number next to a date) may be left unread only with an [`Issue::PartUnread`]
//!    naming it, when the span is coarser than that part: never silently coarser.
//! 4. The groups are combined into the coarsest reading that contains every date named:
//!    from the first day to the last, at the coarsest precision of any part.
//!
//! Settled by rule, each said in a note or an issue:
//!
//! - **Day and month order.** A numeric date is day first unless only month first makes
//!   a date ("12/25/2014"). When both do ("03/05/2019"), it is read as the text's other
//!   dates show, else as its column's ([`Context::order`], worked out by the caller from
//!   the column's unambiguous dates: day first in these workplans), and an
//!   [`Issue::OrderAmbiguous`] is raised only when the column holds both orders.
//! - **Two-digit years** ("31/10/74") are the year ending so that is nearest the
//!   workplan's years ([`Context::years`]: within 50 years of their middle, so 1974 in a
//!   2017-2019 workplan); with no years to go by, 1950 to 2049.
//! - **Vague parts of a year** keep the year and take the widest honest bounds, at month
//!   precision: a half is January-June or July-December; early, mid and late are the
//!   first, middle and second half; spring is March-June, summer June-September, autumn
//!   September-December (every reckoning of the season, northern hemisphere); winter
//!   2020/21 is December-March; "winter 2020" alone may be either winter that touches
//!   the year, so it is the whole year with [`Issue::WinterOfYear`]. Early, mid and late
//!   in a month are days 1-15, its middle half, and 16 to its end.
//! - **"ongoing", "continuous", "permanent"** mean open, with no end: from the date given
//!   with them ("ongoing since 2018"), and with no start at all when none is given (a
//!   start taken from elsewhere, such as the workplan's first year, would be a guess).
//! - **"2011-12"** may be the years 2011-2012 or December 2011: read as the years, which
//!   hold both, with [`Issue::YearsOrMonth`]; "2014-10", which cannot be a span, is
//!   October 2014.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime};
use regex::Regex;

use crate::model::{DateSpan, Precision};

mod folding;
mod groups;
mod lexicon;
#[cfg(test)]
mod tests;

use folding::{compact, fold, is_neutral, is_neutral_char, squeeze, strip_marks, Marks};
use groups::{find_groups, Facts, Group, Read, Shape, Unreadable};

/// How the numeric dates of a column are written, as its unambiguous dates show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum DateOrder {
    /// Day first ("25/12/2014"), or nothing shows otherwise: these workplans' order.
    #[default]
    DayFirst,
    /// Only month first ("12/25/2014").
    MonthFirst,
    /// Both orders: an ambiguous date is read day first, with a warning.
    Mixed,
}

/// What the reader is told about where a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Context {
    /// The order of the column's numeric dates.
    pub order: DateOrder,
    /// The workplan's first and last years, for two-digit years.
    pub years: Option<(i32, i32)>,
}

/// What a date text shows of the order of its column's numeric dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shows {
    /// A numeric date that only reads day first ("25/12/2014").
    pub day_first: bool,
    /// A numeric date that only reads month first ("12/25/2014").
    pub month_first: bool,
}

impl Shows {
    /// Adds what another text shows.
    pub fn add(&mut self, other: Shows) {
        self.day_first |= other.day_first;
        self.month_first |= other.month_first;
    }

    /// The order these show: month first only when nothing shows day first.
    pub fn order(self) -> DateOrder {
        match (self.day_first, self.month_first) {
            (true, true) => DateOrder::Mixed,
            (false, true) => DateOrder::MonthFirst,
            _ => DateOrder::DayFirst,
        }
    }
}

/// Something the reader could not vouch for: each is a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// The text cannot be read as a date: no span.
    Unreadable,
    /// A part of the text was not understood, and the span is coarser than it.
    PartUnread {
        /// The part, as written.
        part: String,
    },
    /// A numeric date that reads both ways, in a column that holds both orders: read
    /// day first.
    OrderAmbiguous,
    /// "2011-12": read as the years 2011 to 2012, which hold December 2011.
    YearsOrMonth,
    /// "winter 2020": the winter ending in the year or the one beginning in it; read as
    /// the whole year.
    WinterOfYear,
}

/// The result of reading one date cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDate {
    /// The text as given and the span read from it.
    pub span: DateSpan,
    /// The form recognised, in a few words ("day", "year span", "several dates"...).
    pub rule: &'static str,
    /// The rules that set vague bounds or a century, one sentence each.
    pub notes: Vec<String>,
    /// What could not be vouched for, each a warning.
    pub issues: Vec<Issue>,
    /// What the text shows of its column's order.
    pub shows: Shows,
    /// The reading depended on the [`Context`]: read again in another.
    pub contextual: bool,
    /// A numeric date read both ways was read in the column's order (the text's own
    /// dates did not settle it).
    pub ambiguous: bool,
}

/// Reads a date written as text, as in a day-first column of a workplan whose years
/// are unknown. Never panics. See [`read`].
pub fn parse(text: &str) -> ParsedDate {
    read(text, &Context::default())
}

/// Reads a date written as text, in `context`. Never panics.
///
/// Empty or whitespace-only text gives a [`DateSpan`] with that text and no span, rule
/// `"empty"`, no issue. Text that cannot be read gives [`DateSpan::unreadable`] with
/// [`Issue::Unreadable`]; `span.text` is always `text` exactly as given.
pub fn read(text: &str, context: &Context) -> ParsedDate {
    if text.trim().is_empty() {
        return ParsedDate {
            span: DateSpan::unreadable(text),
            rule: "empty",
            notes: Vec::new(),
            issues: Vec::new(),
            shows: Shows::default(),
            contextual: false,
            ambiguous: false,
        };
    }
    let (mut result, mut facts) = attempt(text, *context);
    // A text whose own dates show one order reads its ambiguous ones so.
    let own = match (facts.shows.day_first, facts.shows.month_first) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    };
    if let Some(order) = own.filter(|_| facts.ambiguous) {
        if order != context.order {
            (result, facts) = attempt(text, Context { order, ..*context });
        }
        facts.ambiguous = false;
    }
    finish(text, result, facts)
}

/// One reading of `text` in `context`, with what it learned.
fn attempt(text: &str, context: Context) -> (Read<TextReading>, Facts) {
    let mut facts = Facts {
        context,
        ..Facts::default()
    };
    let result = reading(text, &mut facts);
    (result, facts)
}

/// The reading made a [`ParsedDate`]: a part left unread is an issue only when the span
/// is coarser than it.
fn finish(text: &str, result: Read<TextReading>, mut facts: Facts) -> ParsedDate {
    let Ok(reading) = result else {
        return ParsedDate {
            span: DateSpan::unreadable(text),
            rule: "unreadable",
            notes: Vec::new(),
            issues: vec![Issue::Unreadable],
            shows: Shows::default(),
            contextual: facts.contextual,
            ambiguous: facts.ambiguous,
        };
    };
    let (start, end, precision) = match reading.span {
        Some((start, end, precision)) => (Some(start), end, Some(precision)),
        None => (None, None, None),
    };
    if let Some(precision) = precision {
        let unread: Vec<String> = reading
            .unread
            .iter()
            .filter(|(_, unit)| *unit < precision)
            .map(|(part, _)| folding::as_written(text, part))
            .collect();
        if !unread.is_empty() {
            let part = unread.join(", ");
            facts.issues.push(Issue::PartUnread { part });
        }
    }
    ParsedDate {
        span: DateSpan {
            text: text.to_owned(),
            start,
            end,
            precision,
            tentative: reading.tentative,
        },
        rule: reading.rule,
        notes: facts.notes,
        issues: facts.issues,
        shows: facts.shows,
        contextual: facts.contextual,
        ambiguous: facts.ambiguous,
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

/// What a whole text was read as.
struct TextReading {
    /// Start, end (`None` when open-ended) and precision; `None` for "tbd"-only texts.
    span: Option<(NaiveDate, Option<NaiveDate>, Precision)>,
    tentative: bool,
    rule: &'static str,
    /// Parts left unread (folded), each with the unit it names.
    unread: Vec<(String, Precision)>,
}

impl TextReading {
    fn undated(tentative: bool, rule: &'static str) -> Self {
        TextReading {
            span: None,
            tentative,
            rule,
            unread: Vec::new(),
        }
    }
}

/// Words that change what the dates mean ("spring-ish 2020", "until 2021", "before
/// 2021", "2020-ish"), outside the groups that read them: rather than guess, the text
/// is unreadable.
static BLOCK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:spring|summer|autumn|fall|winter|early|mid|middle|late|ish|circa|ca|approx|approximately|around|about|beginning|end|start|until|till|untill|before|after|prior|later|earlier|latest|earliest|printemps|ete|automne|hiver|debut|fin|mi|milieu|avant|apres|jusqu|vers|environ|not|no|except|excluding)\b|\bby (?:the )?(?:[0-9]|{})",
        lexicon::MONTH.as_str()
    ))
    .expect("valid block regex")
});

/// "ongoing", "continuous", "permanent": open, with no end.
static ONGOING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:on-?going|on going|continuous|continuing|permanent|permanente|permanently|perpetual|open-ended|en cours|continu)\b")
        .expect("valid ongoing regex")
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
    Regex::new(r"^(?:[-+] ?)?(?:onwards?|and beyond|and onwards|et au-dela|et plus)?$")
        .expect("valid open end regex")
});

/// Open-ended or period words anywhere else make the text ambiguous.
static OPEN_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:since|depuis|onwards?|beyond|as of)\b").expect("valid open regex")
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

static NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+").expect("valid number regex"));

static MONTH_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(lexicon::MONTH.as_str()).expect("valid month regex"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// "from": opens a single date, introduces a range otherwise.
    From,
    /// "since": only ever opens a single date.
    Since,
}

/// What is left to read once the marks are set aside, or the reading already made
/// (a text of marks only, "ongoing" with no date).
enum Prepared {
    Read(TextReading),
    Text {
        s: String,
        marks: Marks,
        ongoing: bool,
    },
}

/// Folds the text, sets its marks ("tbc", "cancelled", weekdays, times) and "ongoing"
/// aside, and answers at once when nothing else is written.
fn prepare(text: &str, facts: &mut Facts) -> Read<Prepared> {
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

    let (s, marks) = strip_marks(&folded);
    let tentative = marks.tentative;
    if !s.bytes().any(|b| b.is_ascii_alphanumeric()) {
        // Only marks: "TBD", "(to be confirmed)", "CANCELLED". No date, but nothing wrong.
        if tentative {
            return Ok(Prepared::Read(TextReading::undated(
                tentative,
                "not yet decided",
            )));
        }
        if marks.cancelled {
            return Ok(Prepared::Read(TextReading::undated(
                tentative,
                "cancelled, no date",
            )));
        }
        return Err(Unreadable);
    }

    // "ongoing", "permanent": open, with no end, from the date given with them if any.
    let (s, ongoing) = match ONGOING_RE.is_match(&s) {
        true => (squeeze(&ONGOING_RE.replace_all(&s, " ")), true),
        false => (s, false),
    };
    if ongoing && !s.bytes().any(|b| b.is_ascii_digit()) && !MONTH_RE.is_match(&s) {
        facts
            .notes
            .push("ongoing: open, with no end; no start is given, so none is set".to_owned());
        return Ok(Prepared::Read(TextReading::undated(tentative, "ongoing")));
    }
    Ok(Prepared::Text { s, marks, ongoing })
}

/// Reads the whole text; `Err` when it cannot be vouched for.
fn reading(text: &str, facts: &mut Facts) -> Read<TextReading> {
    let (s, marks, ongoing) = match prepare(text, facts)? {
        Prepared::Read(done) => return Ok(done),
        Prepared::Text { s, marks, ongoing } => (s, marks, ongoing),
    };
    let tentative = marks.tentative;
    let groups = find_groups(&s, facts)?;
    let (first, last) = match (groups.first(), groups.last()) {
        (Some(f), Some(l)) => (f, l),
        _ => return Err(Unreadable),
    };
    if BLOCK_RE.is_match(&masked(&s, &groups)) {
        return Err(Unreadable);
    }

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
    let open_end = ongoing || (!after_compact.is_empty() && OPEN_END_RE.is_match(&after_compact));

    stray_words(before_rest, &between, after, open_end)?;

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

    let mut unread = unread_parts(&s, &groups);
    unread.extend(
        marks
            .weekdays
            .iter()
            .chain(&marks.times)
            .map(|p| (p.clone(), Precision::Day)),
    );

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
            unread,
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
    let rule = form_rule(&groups, bare, lone, range_between);
    Ok(TextReading {
        span: Some((start, Some(end), precision)),
        tentative,
        rule,
        unread,
    })
}

/// Refuses open or period words anywhere but where they were understood, and a range
/// word with nothing on one side.
fn stray_words(before_rest: &str, between: &[&str], after: &str, open_end: bool) -> Read<()> {
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
    Ok(())
}

/// The rule a reading of `groups` is named by: the form itself when nothing but the date
/// was written (`bare`), else what kind of text held it.
fn form_rule(groups: &[Group], bare: bool, lone: bool, range_between: bool) -> &'static str {
    if groups.len() == 1 {
        if bare {
            groups[0].kind
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
    }
}

/// The text with every group made zeros: what is left is what the groups did not read.
fn masked(s: &str, groups: &[Group]) -> String {
    let mut bytes = s.as_bytes().to_vec();
    for g in groups {
        bytes[g.at.clone()].fill(b'0');
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// Checks the text between groups: no month name left without its year, no long number,
/// no number glued to a date separator, no dash or plus beside a number.
fn check_gap(s: &str, at: Range<usize>, dashes: bool) -> Read<()> {
    let gap = &s[at.clone()];
    if gap.is_empty() {
        return Ok(());
    }
    if matches!(gap, "/" | "." | ":") {
        // "1/01/01/2015": two groups glued by a date separator are one broken date.
        return Err(Unreadable);
    }
    for m in MONTH_RE.find_iter(gap) {
        let name: String = m
            .as_str()
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        if !lexicon::AMBIGUOUS_MONTH_WORDS.contains(&name.as_str()) {
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

/// Words that may stand between a date and a part refining it ("first of").
const FILLER_WORDS: &[&str] = &["of", "de", "du", "d'", "in", "en", "the", "le", "la"];

/// The unit a word names when it refines a date: "week", "day", a weekday, "quarter".
fn unit_word(word: &str) -> Option<Precision> {
    match word {
        "week" | "weeks" | "semaine" | "semaines" | "weekend" | "weekends" | "week-end" | "day"
        | "days" | "jour" | "jours" => Some(Precision::Day),
        "quarter" | "quarters" | "qtr" | "trimestre" | "half" | "semester" | "semestre" => {
            Some(Precision::Month)
        }
        w if lexicon::weekday(w).is_some() => Some(Precision::Day),
        _ => None,
    }
}

/// The parts of the text outside the groups that refine a date: unit words, ordinals
/// before a unit or next to a date, day numbers next to a date ("12 2014"). Each with the
/// unit it names; consecutive ones make one part ("3rd week").
fn unread_parts(s: &str, groups: &[Group]) -> Vec<(String, Precision)> {
    let mut gaps = Vec::with_capacity(groups.len() + 1);
    let mut from = 0;
    for g in groups {
        gaps.push(from..g.at.start);
        from = g.at.end;
    }
    gaps.push(from..s.len());
    let last_gap = gaps.len() - 1;

    let mut parts: Vec<(Range<usize>, Precision)> = Vec::new();
    for (i, gap) in gaps.into_iter().enumerate() {
        let mut tokens: Vec<Range<usize>> = Vec::new();
        let mut start = None;
        for (k, c) in s[gap.clone()].char_indices() {
            let at = gap.start + k;
            match (is_neutral_char(c), start) {
                (true, Some(b)) => {
                    tokens.push(b..at);
                    start = None;
                }
                (false, None) => start = Some(at),
                _ => {}
            }
        }
        if let Some(b) = start {
            tokens.push(b..gap.end);
        }
        let mut previous: Option<usize> = None;
        for (k, t) in tokens.iter().enumerate() {
            let word = &s[t.clone()];
            // Next to a date, but for words such as "of": "the first of 01/2015".
            let filler = |r: &Range<usize>| FILLER_WORDS.contains(&&s[r.clone()]);
            let adjacent = (i > 0 && tokens[..k].iter().all(filler))
                || (i < last_gap && tokens[k + 1..].iter().all(filler));
            let next_unit = tokens.get(k + 1).and_then(|n| unit_word(&s[n.clone()]));
            let unit = if let Some(u) = unit_word(word) {
                Some(u)
            } else if lexicon::ordinal(word).is_some() {
                next_unit.or(adjacent.then_some(Precision::Day))
            } else if word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()) {
                // "12 2014"; "week 12".
                let after_unit = k > 0 && previous == Some(k - 1) && {
                    let p = &tokens[k - 1];
                    unit_word(&s[p.clone()]).is_some()
                };
                (adjacent || after_unit).then_some(Precision::Day)
            } else {
                None
            };
            let Some(unit) = unit else { continue };
            match parts.last_mut() {
                Some((range, u)) if previous == Some(k.wrapping_sub(1)) && range.end < t.start => {
                    range.end = t.end;
                    *u = (*u).min(unit);
                }
                _ => parts.push((t.clone(), unit)),
            }
            previous = Some(k);
        }
    }
    parts
        .into_iter()
        .map(|(r, u)| (s[r].to_owned(), u))
        .collect()
}
