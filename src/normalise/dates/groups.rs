//! The date groups of a folded text, found left to right by one regex, each read into a
//! span: ISO dates and ranges, numeric dates (in the column's order), days and months
//! in words, quarters, halves, seasons, early/mid/late parts, weekday rules, years.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};

use super::lexicon::{self, DAY, MONTH, ORDINAL, WEEKDAY};
use super::{Context, DateOrder, Issue, Shows};
use crate::model::Precision;

/// The text holds something that is not a date we can vouch for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unreadable;

pub(super) type Read<T> = Result<T, Unreadable>;

/// How many occurrences a group names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// One day, month, quarter or year: can be the start of an open-ended span.
    Point,
    /// One stretch of time from a first to a last day.
    Range,
    /// Several separate dates.
    Several,
}

/// One date group found in the text.
#[derive(Debug, Clone)]
pub(super) struct Group {
    /// Byte range in the folded text.
    pub(super) at: Range<usize>,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    pub(super) precision: Precision,
    pub(super) kind: &'static str,
    pub(super) shape: Shape,
}

/// What reading the groups of one text learned besides their spans: the rules that set
/// vague bounds, what could not be vouched for, what the text shows of its column.
#[derive(Debug, Default)]
pub(super) struct Facts {
    pub(super) context: Context,
    pub(super) notes: Vec<String>,
    pub(super) issues: Vec<Issue>,
    pub(super) shows: Shows,
    /// The reading depended on the context (an ambiguous order, a two-digit year).
    pub(super) contextual: bool,
    /// A numeric date read both ways was read in the column's order.
    pub(super) ambiguous: bool,
}

impl Facts {
    /// Day and month of a numeric date written `a b` (slashes, dots, dashes or spaces
    /// between): day first unless only month first makes a date, and when both can, as
    /// the column is written.
    fn day_month(&mut self, a: u32, b: u32) -> (u32, u32) {
        let fits = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
        match (fits(a, b), fits(b, a)) {
            (true, true) if a != b => {
                self.contextual = true;
                self.ambiguous = true;
                match self.context.order {
                    DateOrder::DayFirst => (a, b),
                    DateOrder::MonthFirst => (b, a),
                    DateOrder::Mixed => {
                        self.issues.push(Issue::OrderAmbiguous);
                        (a, b)
                    }
                }
            }
            (false, true) => {
                self.shows.month_first = true;
                (b, a)
            }
            (true, false) => {
                self.shows.day_first = true;
                (a, b)
            }
            // The same either way, or neither: `day` refuses the latter.
            _ => (a, b),
        }
    }

    /// A year written with two digits: the year ending so that is nearest the
    /// workplan's years (within 50 years of them); with no years to go by, 1950-2049.
    fn short_year(&mut self, s: &str) -> Read<i32> {
        if s.len() != 2 {
            return year(s);
        }
        let yy = number(s)? as i32;
        self.contextual = true;
        let (first, last) = self.context.years.unwrap_or((2000, 2000));
        let low = (first + last).div_euclid(2) - 50;
        let y = in_range(low + (yy - low).rem_euclid(100))?;
        self.notes.push(match self.context.years {
            Some((a, b)) if a == b => format!(
                "two-digit year {s} read as {y}, the year ending so nearest the workplan's \
                 year {a}"
            ),
            Some((a, b)) => format!(
                "two-digit year {s} read as {y}, the year ending so nearest the workplan's \
                 years {a}-{b}"
            ),
            None => {
                format!("two-digit year {s} read as {y} (no workplan years to go by: 1950 to 2049)")
            }
        });
        Ok(y)
    }
}

/// Days of one month: "6", "24-26", "6, 7 and 9", "24 au 26", "premier".
static DAYS: LazyLock<String> = LazyLock::new(|| {
    let day = DAY.as_str();
    format!(r"{day}(?: ?(?:[-/&,]|and|et|to|au) ?{day})*")
});

/// A year, a span of years or a list of years ("2020-21", "2020/21", "2020 and 2021").
pub(super) const YEARSPEC: &str =
    r"\b[0-9]{4}(?: ?[-/] ?(?:[0-9]{4}|[0-9]{2})|(?: ?[,&] ?| (?:and|to|et) )[0-9]{4})?\b";

const Y4: &str = "[0-9]{4}";

/// The words joining a rule to its month or year: "of", "de", "d'", "in".
const OF: &str = r"(?: (?:of the|of|in|de la|de|du|en) | d'| )";

/// Every date group, left to right; alternatives are tried in this order at each place.
static GROUP_RE: LazyLock<Regex> = LazyLock::new(|| {
    let month = MONTH.as_str();
    let days = DAYS.as_str();
    let ord = ORDINAL.as_str();
    let weekday = WEEKDAY.as_str();
    let item = format!(r"(?:{days} (?:of )?)?{month}");
    let item_sep = r"(?: ?[-/&+,] ?|,? (?:and|or|et|ou|to|au|through) )";
    let words = format!(r"(?:{month} {days},? |{item}(?:{item_sep}{item})*,? (?:of )?){YEARSPEC}");
    let alternatives = [
        format!(r"(?P<isorange>\b(?P<ry>{Y4})-(?P<rm>[0-9]{{1,2}})-(?P<rd>[0-9]{{1,2}})/(?:(?P<ry2>{Y4})-(?P<rm2>[0-9]{{1,2}})-)?(?P<rd2>[0-9]{{1,2}})\b)"),
        r"(?P<iso>\b(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})(?:[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?z?)?\b)".to_owned(),
        r"(?P<num>\b(?P<nd1>[0-9]{1,2})(?: ?- ?(?P<nd2>[0-9]{1,2}))?[/.](?P<nm>[0-9]{1,2})[/.](?P<ny>[0-9]{4}|[0-9]{2})(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?\b)".to_owned(),
        format!(r"(?P<dash>\b(?P<da>[0-9]{{1,2}})-(?P<db>[0-9]{{1,2}})-(?P<dy>{Y4})\b)"),
        format!(r"(?P<spaced>\b(?P<sa>[0-9]{{1,2}}) (?P<sb>[0-9]{{1,2}}) (?P<sy>{Y4})\b)"),
        format!(r"(?P<nmonth>\b(?P<mm>[0-9]{{1,2}})[/.](?P<my>{Y4})\b)"),
        format!(r"(?P<quarter>\bq(?P<qn>[1-4]) ?-? ?(?P<qy>{Y4})\b|\b(?P<qy2>{Y4}) ?-? ?q(?P<qn2>[1-4])\b|(?P<qo>{ord}) (?:quarter|qtr|trimestre)\.?,?{OF}(?P<qy3>{Y4})\b|\b(?:quarter|qtr|trimestre)\.? (?P<qn3>[1-4]),?{OF}(?P<qy4>{Y4})\b)"),
        format!(r"(?P<half>\bh(?P<hn>[12]) ?-? ?(?P<hy>{Y4})\b|\b(?P<hy2>{Y4}) ?-? ?h(?P<hn2>[12])\b|\bs(?P<hn3>[12]) ?-? ?(?P<hy3>{Y4})\b|(?P<ho>{ord}) (?:half|semester|semestre),?{OF}(?P<hy4>{Y4})\b)"),
        format!(r"(?P<season>\b(?P<sn>spring|summer|autumn|fall|winter|printemps|ete|automne|hiver){OF}(?P<sy1>{Y4})(?: ?[-/] ?(?P<sy2>{Y4}|[0-9]{{2}}))?\b)"),
        format!(r"(?P<part>\b(?P<pw>early|beginning|start|mid|middle|late|end|debut|fin|mi|milieu)(?:-|{OF})(?:(?P<pm>{month})(?: of)? )?(?P<py>{Y4})\b)"),
        format!(r"(?P<nth>(?P<no>{ord}|\blast|\bdernier|\bderniere) (?P<nw>{weekday}|day|jour){OF}(?P<nm2>{month})(?: of)? (?P<ny2>{Y4})\b)"),
        format!("(?P<words>{words})"),
        format!("(?P<years>{YEARSPEC})"),
    ];
    Regex::new(&alternatives.join("|")).expect("valid date regex")
});

/// One month with the days written before it, inside a words group.
static ITEM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?P<pre>{}) (?:of )?)?(?P<m>{})",
        DAYS.as_str(),
        MONTH.as_str()
    ))
    .expect("valid item regex")
});

/// One day of a days list: a number or an ordinal word.
static DAY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(DAY.as_str()).expect("valid day regex"));

/// A year spec, split: first year, span separator and end, or list separator and year.
static YEARS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<y1>[0-9]{4})(?:(?P<span> ?[-/] ?)(?P<y2>[0-9]{4}|[0-9]{2})|(?P<list> ?[,&] ?| (?:and|to|et) )(?P<y3>[0-9]{4}))?$",
    )
    .expect("valid years regex")
});

/// "2014-10", "2014/10": a year and a month, or a span of years written short.
static YEAR_MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<y>[0-9]{4})[-/](?P<m>[0-9]{2})$").expect("valid year-month regex")
});

static YEAR4_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{4}").expect("valid year regex"));

/// What one group reads as: start, end, precision, form, shape.
type Span = (NaiveDate, NaiveDate, Precision, &'static str, Shape);

/// All date groups of the folded text, in order; `Err` if one is an impossible date.
pub(super) fn find_groups(s: &str, facts: &mut Facts) -> Read<Vec<Group>> {
    let mut groups = Vec::new();
    for c in GROUP_RE.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let (start, end, precision, kind, shape) = read_group(&c, facts)?;
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

fn read_group(c: &Captures<'_>, facts: &mut Facts) -> Read<Span> {
    let text = |name: &str| c.name(name).map_or("", |m| m.as_str());
    let has = |name: &str| c.name(name).is_some();
    if has("isorange") {
        let (y, m) = (year(text("ry"))?, number(text("rm"))?);
        let first = day(y, m, number(text("rd"))?)?;
        let (y2, m2) = match c.name("ry2") {
            Some(y2) => (year(y2.as_str())?, number(text("rm2"))?),
            None => (y, m),
        };
        let last = day(y2, m2, number(text("rd2"))?)?;
        if last <= first {
            return Err(Unreadable);
        }
        let kind = if (y, m) == (y2, m2) {
            "day range in one month"
        } else {
            "day range"
        };
        Ok((first, last, Precision::Day, kind, Shape::Range))
    } else if has("iso") {
        let d = day(year(text("iy"))?, number(text("im"))?, number(text("id"))?)?;
        Ok((d, d, Precision::Day, "iso date", Shape::Point))
    } else if has("num") {
        let y = facts.short_year(text("ny"))?;
        let (a, b) = (number(text("nd1"))?, number(text("nm"))?);
        match c.name("nd2") {
            None => {
                let (d, m) = facts.day_month(a, b);
                let d = day(y, m, d)?;
                Ok((d, d, Precision::Day, "day", Shape::Point))
            }
            Some(d2) => {
                // "6-7/03/2018": days before their month, whatever the column.
                let first = day(y, b, a)?;
                let last = day(y, b, number(d2.as_str())?)?;
                if last < first {
                    return Err(Unreadable);
                }
                let kind = "day range in one month";
                Ok((first, last, Precision::Day, kind, Shape::Range))
            }
        }
    } else if has("dash") || has("spaced") {
        let (a, b, y) = if has("dash") {
            (text("da"), text("db"), text("dy"))
        } else {
            (text("sa"), text("sb"), text("sy"))
        };
        let y = year(y)?;
        let (d, m) = facts.day_month(number(a)?, number(b)?);
        let d = day(y, m, d)?;
        Ok((d, d, Precision::Day, "day", Shape::Point))
    } else if has("nmonth") {
        month_span(year(text("my"))?, number(text("mm"))?)
    } else if has("quarter") {
        quarter(c)
    } else if has("half") {
        half(c, facts)
    } else if has("season") {
        season(c, facts)
    } else if has("part") {
        part(c, facts)
    } else if has("nth") {
        nth_day(c)
    } else if let Some(w) = c.name("words") {
        words_group(w.as_str())
    } else if let Some(y) = c.name("years") {
        years_group(y.as_str(), facts)
    } else {
        Err(Unreadable)
    }
}

/// A month, at month precision.
fn month_span(y: i32, month: u32) -> Read<Span> {
    let (first, last) = (day(y, month, 1)?, month_end(y, month)?);
    Ok((first, last, Precision::Month, "month", Shape::Point))
}

/// The months `first` to `last` of year `y`, at month precision.
fn months(y: i32, first: u32, last: u32, kind: &'static str) -> Read<Span> {
    Ok((
        day(y, first, 1)?,
        month_end(y, last)?,
        Precision::Month,
        kind,
        Shape::Point,
    ))
}

/// The first capture of `names` that is there.
fn first_of<'t>(c: &Captures<'t>, names: &[&str]) -> &'t str {
    names
        .iter()
        .find_map(|n| c.name(n))
        .map_or("", |m| m.as_str())
}

/// "Q4 2018", "2018 Q4", "4th quarter 2018", "4th qtr 2018", "quarter 4 of 2018".
fn quarter(c: &Captures<'_>) -> Read<Span> {
    let y = year(first_of(c, &["qy", "qy2", "qy3", "qy4"]))?;
    let q = match c.name("qo") {
        Some(o) => lexicon::ordinal(o.as_str()).ok_or(Unreadable)?,
        None => number(first_of(c, &["qn", "qn2", "qn3"]))?,
    };
    if !(1..=4).contains(&q) {
        return Err(Unreadable);
    }
    months(y, q * 3 - 2, q * 3, "quarter")
}

/// "H2 2020", "second half of 2020", "S1 2020", "premier semestre 2020".
fn half(c: &Captures<'_>, facts: &mut Facts) -> Read<Span> {
    let y = year(first_of(c, &["hy", "hy2", "hy3", "hy4"]))?;
    let h = match c.name("ho") {
        Some(o) => lexicon::ordinal(o.as_str()).ok_or(Unreadable)?,
        None => number(first_of(c, &["hn", "hn2", "hn3"]))?,
    };
    let (first, last, note) = match h {
        1 => (1, 6, "first half of a year read as January to June"),
        2 => (7, 12, "second half of a year read as July to December"),
        _ => return Err(Unreadable),
    };
    facts.notes.push(note.to_owned());
    months(y, first, last, "half of a year")
}

/// "Spring 2020", "été 2020", "winter 2020/21": the months any reckoning of the season
/// touches (weather services start it on the 1st of a month, the calendar around the
/// 21st), in the northern hemisphere.
fn season(c: &Captures<'_>, facts: &mut Facts) -> Read<Span> {
    let y = year(c.name("sy1").map_or("", |m| m.as_str()))?;
    let name = c.name("sn").map_or("", |m| m.as_str());
    let winter = matches!(name, "winter" | "hiver");
    if let Some(y2) = c.name("sy2") {
        // "winter 2020/21": the winter from one year into the next; no other season
        // spans two years.
        let y2 = match y2.as_str() {
            two if two.len() == 2 => y - y.rem_euclid(100) + number(two)? as i32,
            four => year(four)?,
        };
        if !winter || y2 != y + 1 {
            return Err(Unreadable);
        }
        facts
            .notes
            .push("winter read as December to March".to_owned());
        let (first, last) = (day(y, 12, 1)?, month_end(y2, 3)?);
        return Ok((first, last, Precision::Month, "season", Shape::Point));
    }
    let (first, last, note) = match name {
        "spring" | "printemps" => (3, 6, "spring read as March to June"),
        "summer" | "ete" => (6, 9, "summer read as June to September"),
        "autumn" | "fall" | "automne" => (9, 12, "autumn read as September to December"),
        _ => {
            // The winter that ends in the year, or the one that begins in it.
            facts.issues.push(Issue::WinterOfYear);
            let (first, last) = (day(y, 1, 1)?, day(y, 12, 31)?);
            return Ok((first, last, Precision::Year, "season", Shape::Point));
        }
    };
    facts.notes.push(note.to_owned());
    months(y, first, last, "season")
}

/// "early 2020", "mid-2020", "end of 2020", "fin 2020", "late March 2020": the widest
/// honest bounds, a half of the year or month (the middle half for "mid").
fn part(c: &Captures<'_>, facts: &mut Facts) -> Read<Span> {
    let y = year(c.name("py").map_or("", |m| m.as_str()))?;
    let which = match c.name("pw").map_or("", |m| m.as_str()) {
        "early" | "beginning" | "start" | "debut" => Part::Early,
        "mid" | "middle" | "mi" | "milieu" => Part::Mid,
        _ => Part::Late,
    };
    let Some(m) = c.name("pm") else {
        let (first, last, note) = match which {
            Part::Early => (
                1,
                6,
                "early in a year read as its first half, January to June",
            ),
            Part::Mid => (4, 9, "mid-year read as its middle half, April to September"),
            Part::Late => (
                7,
                12,
                "late in a year read as its second half, July to December",
            ),
        };
        facts.notes.push(note.to_owned());
        return months(y, first, last, "part of a year");
    };
    let month = lexicon::month_number(m.as_str()).ok_or(Unreadable)?;
    let end = month_end(y, month)?.day();
    let (first, last, note) = match which {
        Part::Early => (1, 15, "early in a month read as days 1 to 15".to_owned()),
        Part::Mid => (
            8,
            end - 7,
            format!("mid-month read as days 8 to {}, its middle half", end - 7),
        ),
        Part::Late => (
            16,
            end,
            "late in a month read as day 16 to its end".to_owned(),
        ),
    };
    facts.notes.push(note);
    Ok((
        day(y, month, first)?,
        day(y, month, last)?,
        Precision::Day,
        "part of a month",
        Shape::Point,
    ))
}

#[derive(Debug, Clone, Copy)]
enum Part {
    Early,
    Mid,
    Late,
}

/// "third tuesday of september 2014", "last day of october 2015", "le premier lundi de
/// mars 2020": the day they name, computed.
fn nth_day(c: &Captures<'_>) -> Read<Span> {
    let y = year(c.name("ny2").map_or("", |m| m.as_str()))?;
    let month =
        lexicon::month_number(c.name("nm2").map_or("", |m| m.as_str())).ok_or(Unreadable)?;
    let which = c.name("no").map_or("", |m| m.as_str());
    let last = matches!(which, "last" | "dernier" | "derniere");
    let nth = if last {
        0
    } else {
        lexicon::ordinal(which).ok_or(Unreadable)?
    };
    let end = month_end(y, month)?;
    let unit = c.name("nw").map_or("", |m| m.as_str());
    let (d, kind) = match lexicon::weekday(unit) {
        None => {
            // "day" / "jour": the nth day of the month, or its last.
            let d = if last { end } else { day(y, month, nth)? };
            (d, "day of a month")
        }
        Some(wd) => {
            let d = if last {
                let back =
                    (end.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
                end - chrono::Days::new(u64::from(back))
            } else {
                let first = day(y, month, 1)?;
                let ahead =
                    (wd.num_days_from_monday() + 7 - first.weekday().num_days_from_monday()) % 7;
                let d = first + chrono::Days::new(u64::from(ahead + 7 * (nth.max(1) - 1)));
                if d.month() != month || nth == 0 {
                    // "fifth monday" of a month with four.
                    return Err(Unreadable);
                }
                d
            };
            (d, "weekday of a month")
        }
    };
    Ok((d, d, Precision::Day, kind, Shape::Point))
}

/// A years group: a year, a span or list of years, or a year and a month ("2014-10").
fn years_group(s: &str, facts: &mut Facts) -> Read<Span> {
    if let Some(c) = YEAR_MONTH_RE.captures(s) {
        let y = year(&c["y"])?;
        let m = number(&c["m"])?;
        if (1..=12).contains(&m) {
            let as_span_end = y - y.rem_euclid(100) + m as i32;
            if as_span_end <= y {
                // "2014-10": a span of years would run backwards.
                return month_span(y, m);
            }
            // "2011-12": the years 2011 to 2012, or December 2011; the years hold both.
            facts.issues.push(Issue::YearsOrMonth);
        }
    }
    let years = parse_years(s)?;
    let (kind, shape) = match years.kind {
        YearsKind::One => ("year", Shape::Point),
        YearsKind::Span { .. } => ("year span", Shape::Range),
        YearsKind::List => ("several years", Shape::Several),
    };
    let (first, last) = (day(years.first, 1, 1)?, day(years.last, 12, 31)?);
    Ok((first, last, Precision::Year, kind, shape))
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

/// Reads "6", "24-26", "26 -27", "6, 7 and 9", "1er", "premier"; a range must run
/// forwards.
fn parse_days(s: &str) -> Read<Days> {
    let mut numbers = Vec::new();
    let mut all_ranges = true;
    let mut last_end = None;
    for m in DAY_RE.find_iter(s) {
        let word = m.as_str();
        let n = match lexicon::ordinal(word) {
            Some(n) => n,
            None => number(word.trim_end_matches(|c: char| c.is_ascii_alphabetic()))?,
        };
        if let (Some(end), Some(&prev)) = (last_end, numbers.last()) {
            let sep = s[end..m.start()].trim();
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
fn words_group(w: &str) -> Read<Span> {
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
        let month =
            lexicon::month_number(c.name("m").map_or("", |m| m.as_str())).ok_or(Unreadable)?;
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
