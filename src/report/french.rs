//! Dates in words for the French edition of the reports: "6-7 mars 2018",
//! "24 février – 2 mars 2020", "janvier 2020 (à confirmer)", "1er novembre 2017".
//!
//! The English edition prints ISO dates ([`SpanStyle::Range`](crate::model::SpanStyle));
//! French readers get the dates as a French document writes them.

use chrono::{Datelike, NaiveDate};

use crate::model::{DateSpan, Precision};
use crate::registry::PartialDate;

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "1er", "2", ... "31".
fn day_word(day: u32) -> String {
    if day == 1 {
        "1er".to_owned()
    } else {
        day.to_string()
    }
}

fn month_word(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// A date at a precision: "6 mars 2018", "mars 2018", "2018".
fn one(date: NaiveDate, precision: Precision) -> String {
    let (y, m) = (date.year(), month_word(date.month()));
    match precision {
        Precision::Year => y.to_string(),
        Precision::Month => format!("{m} {y}"),
        Precision::Day => format!("{} {m} {y}", day_word(date.day())),
    }
}

/// From `s` to `e`, saying once what they share: "6-7 mars 2018", "mars – juin 2020".
fn range(s: NaiveDate, e: NaiveDate, precision: Precision) -> String {
    let same_year = s.year() == e.year();
    let same_month = same_year && s.month() == e.month();
    match precision {
        Precision::Year if same_year => s.year().to_string(),
        Precision::Month if same_month => one(s, precision),
        Precision::Month if same_year => {
            format!(
                "{} – {} {}",
                month_word(s.month()),
                month_word(e.month()),
                e.year()
            )
        }
        Precision::Day if same_month && s.day() == e.day() => one(s, precision),
        Precision::Day if same_month => format!(
            "{}-{} {} {}",
            day_word(s.day()),
            e.day(),
            month_word(s.month()),
            s.year()
        ),
        Precision::Day if same_year => format!(
            "{} {} – {}",
            day_word(s.day()),
            month_word(s.month()),
            one(e, precision)
        ),
        _ => format!("{} – {}", one(s, precision), one(e, precision)),
    }
}

/// The span of `d` in French words, "(à confirmer)" after a tentative one; "(non lu)"
/// for a date that could not be read, nothing for no date.
pub(crate) fn span(d: &DateSpan) -> String {
    let p = d.precision.unwrap_or(Precision::Day);
    let mut out = match (d.start, d.end) {
        (Some(s), Some(e)) => range(s, e, p),
        (Some(s), None) => format!("depuis {}", one(s, p)),
        (None, Some(e)) => format!("jusqu'en {}", one(e, p)),
        (None, None) if d.text.trim().is_empty() => return String::new(),
        (None, None) => return "(non lu)".to_owned(),
    };
    if d.tentative {
        out.push_str(" (à confirmer)");
    }
    out
}

/// A registry date in French words: "8 novembre 2017", "mai 2018", "2020".
pub(crate) fn partial(d: PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{} {} {}", day_word(day), month_word(m), d.year),
        (Some(m), None) => format!("{} {}", month_word(m), d.year),
        _ => d.year.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, s: (i32, u32, u32), e: (i32, u32, u32), p: Precision) -> DateSpan {
        DateSpan {
            text: text.into(),
            start: NaiveDate::from_ymd_opt(s.0, s.1, s.2),
            end: NaiveDate::from_ymd_opt(e.0, e.1, e.2),
            precision: Some(p),
            tentative: text.contains("tbc"),
        }
    }

    #[test]
    fn dates_read_as_french_documents_write_them() {
        use Precision::*;
        let cases = [
            (
                span_of("6-7/03/2018", (2018, 3, 6), (2018, 3, 7), Day),
                "6-7 mars 2018",
            ),
            (
                span_of("1/11/2017", (2017, 11, 1), (2017, 11, 1), Day),
                "1er novembre 2017",
            ),
            (
                span_of("24/02-2/03/2020", (2020, 2, 24), (2020, 3, 2), Day),
                "24 février – 2 mars 2020",
            ),
            (
                span_of("30/12/2019-2/01/2020", (2019, 12, 30), (2020, 1, 2), Day),
                "30 décembre 2019 – 2 janvier 2020",
            ),
            (
                span_of("January 2020 (tbc)", (2020, 1, 1), (2020, 1, 31), Month),
                "janvier 2020 (à confirmer)",
            ),
            (
                span_of("March-June 2020", (2020, 3, 1), (2020, 6, 30), Month),
                "mars – juin 2020",
            ),
            (span_of("2020", (2020, 1, 1), (2020, 12, 31), Year), "2020"),
            (
                span_of("2020-21", (2020, 1, 1), (2021, 12, 31), Year),
                "2020 – 2021",
            ),
        ];
        for (d, want) in cases {
            assert_eq!(span(&d), want, "{}", d.text);
        }
        let open = DateSpan {
            end: None,
            ..span_of("2020-", (2020, 1, 1), (2020, 1, 1), Year)
        };
        assert_eq!(span(&open), "depuis 2020");
        assert_eq!(span(&DateSpan::unreadable("Spring-ish")), "(non lu)");
        assert_eq!(span(&DateSpan::empty()), "");
        let joined = PartialDate::parse("2017-11-08").unwrap();
        assert_eq!(partial(joined), "8 novembre 2017");
        assert_eq!(partial(PartialDate::parse("2020").unwrap()), "2020");
    }
}
