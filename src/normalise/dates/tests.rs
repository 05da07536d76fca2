//! The date reader, form by form: every form of `domain.md` and of issue 21 is a row
//! (text, start, end, precision, tentative, rule, warning), then what it refuses, and
//! the invariants over odd inputs.

use super::*;

/// One row: text as written, start, end ("" for none), precision ("" for none),
/// tentative, rule, warning ("" for none, else the issue: "part <part as written>",
/// "order", "years-or-month", "winter").
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // Days, numeric, day first (seeds: 29/01/2019, 03/05/2019).
    ("29/01/2019", "2019-01-29", "2019-01-29", "day", false, "day", ""),
    ("03/05/2019", "2019-05-03", "2019-05-03", "day", false, "day", ""),
    ("29.01.2019", "2019-01-29", "2019-01-29", "day", false, "day", ""),
    ("29-01-2019", "2019-01-29", "2019-01-29", "day", false, "day", ""),
    ("3/5/19", "2019-05-03", "2019-05-03", "day", false, "day", ""),
    ("29/01/2019 00:00", "2019-01-29", "2019-01-29", "day", false, "day", ""),
    // ISO, as CSV exports write date cells.
    ("2019-01-29", "2019-01-29", "2019-01-29", "day", false, "iso date", ""),
    ("2019-01-29 00:00:00", "2019-01-29", "2019-01-29", "day", false, "iso date", ""),
    ("2019-01-29T10:30:00", "2019-01-29", "2019-01-29", "day", false, "iso date", ""),
    // Ranges of days in one month (seeds).
    ("6-7/03/2018", "2018-03-06", "2018-03-07", "day", false, "day range in one month", ""),
    ("25-27/02/2019", "2019-02-25", "2019-02-27", "day", false, "day range in one month", ""),
    ("06-07/11/2018", "2018-11-06", "2018-11-07", "day", false, "day range in one month", ""),
    ("17-18/09/2018", "2018-09-17", "2018-09-18", "day", false, "day range in one month", ""),
    ("11-13/07/2018", "2018-07-11", "2018-07-13", "day", false, "day range in one month", ""),
    ("18-19/03/2019", "2019-03-18", "2019-03-19", "day", false, "day range in one month", ""),
    // Days with the month in words (seeds, with an en dash and odd spaces).
    ("24-26 February 2020", "2020-02-24", "2020-02-26", "day", false, "day range in one month", ""),
    ("24 February 2020", "2020-02-24", "2020-02-24", "day", false, "day", ""),
    ("26 \u{2013}27 February 2019", "2019-02-26", "2019-02-27", "day", false, "day range in one month", ""),
    ("February 24-26, 2020", "2020-02-24", "2020-02-26", "day", false, "day range in one month", ""),
    ("March 6th, 2020", "2020-03-06", "2020-03-06", "day", false, "day", ""),
    ("1er mars 2020", "2020-03-01", "2020-03-01", "day", false, "day", ""),
    ("du 24 au 26 février 2020", "2020-02-24", "2020-02-26", "day", false, "day range in one month", ""),
    ("Monday 3 February 2020", "2020-02-03", "2020-02-03", "day", false, "day", ""),
    ("30 March - 2 April 2020", "2020-03-30", "2020-04-02", "day", false, "day range", ""),
    ("30/03/2019 - 02/04/2019", "2019-03-30", "2019-04-02", "day", false, "day range", ""),
    ("6, 7 and 9 March 2020", "2020-03-06", "2020-03-09", "day", false, "several days", ""),
    // Months (seeds: April 2020, January 2020 (tbc)).
    ("April 2020", "2020-04-01", "2020-04-30", "month", false, "month", ""),
    ("January 2020 (tbc)", "2020-01-01", "2020-01-31", "month", true, "month", ""),
    ("February 2020", "2020-02-01", "2020-02-29", "month", false, "month", ""),
    ("Feb. 2021", "2021-02-01", "2021-02-28", "month", false, "month", ""),
    ("Sept 2020", "2020-09-01", "2020-09-30", "month", false, "month", ""),
    ("DECEMBER 2020", "2020-12-01", "2020-12-31", "month", false, "month", ""),
    ("Febr uary 2020", "2020-02-01", "2020-02-29", "month", false, "month", ""),
    ("Septem- ber 2020", "2020-09-01", "2020-09-30", "month", false, "month", ""),
    ("03/2020", "2020-03-01", "2020-03-31", "month", false, "month", ""),
    ("March-May 2020", "2020-03-01", "2020-05-31", "month", false, "month range", ""),
    ("April 2020 - June 2021", "2020-04-01", "2021-06-30", "month", false, "month range", ""),
    ("from March 2020 to June 2020", "2020-03-01", "2020-06-30", "month", false, "month range", ""),
    ("April 2020 to June 2021", "2020-04-01", "2021-06-30", "month", false, "month range", ""),
    ("December 2019 - January 2020", "2019-12-01", "2020-01-31", "month", false, "month range", ""),
    ("Sept 2019 - Jan 2020", "2019-09-01", "2020-01-31", "month", false, "month range", ""),
    ("6 March 2020 to 21 April 2020", "2020-03-06", "2020-04-21", "day", false, "day range", ""),
    ("6 March 2020 and 21 April 2020", "2020-03-06", "2020-04-21", "day", false, "several dates", ""),
    ("May/October 2020", "2020-05-01", "2020-10-31", "month", false, "several months", ""),
    ("Q1 2020", "2020-01-01", "2020-03-31", "month", false, "quarter", ""),
    // French month names, with and without accents (precomposed and combining).
    ("janvier 2020", "2020-01-01", "2020-01-31", "month", false, "month", ""),
    ("février 2020", "2020-02-01", "2020-02-29", "month", false, "month", ""),
    ("fevrier 2020", "2020-02-01", "2020-02-29", "month", false, "month", ""),
    ("Fe\u{301}vrier 2020", "2020-02-01", "2020-02-29", "month", false, "month", ""),
    ("mars 2020", "2020-03-01", "2020-03-31", "month", false, "month", ""),
    ("avril 2020", "2020-04-01", "2020-04-30", "month", false, "month", ""),
    ("mai 2020", "2020-05-01", "2020-05-31", "month", false, "month", ""),
    ("juin 2020", "2020-06-01", "2020-06-30", "month", false, "month", ""),
    ("juillet 2020", "2020-07-01", "2020-07-31", "month", false, "month", ""),
    ("août 2020", "2020-08-01", "2020-08-31", "month", false, "month", ""),
    ("septembre 2020", "2020-09-01", "2020-09-30", "month", false, "month", ""),
    ("octobre 2020", "2020-10-01", "2020-10-31", "month", false, "month", ""),
    ("novembre 2020", "2020-11-01", "2020-11-30", "month", false, "month", ""),
    ("Décembre 2020", "2020-12-01", "2020-12-31", "month", false, "month", ""),
    // Years (seeds: 2020, 2021, 2020 (TBC)) and tentative marks.
    ("2020", "2020-01-01", "2020-12-31", "year", false, "year", ""),
    ("2021", "2021-01-01", "2021-12-31", "year", false, "year", ""),
    ("2020 (TBC)", "2020-01-01", "2020-12-31", "year", true, "year", ""),
    ("2020 tbd", "2020-01-01", "2020-12-31", "year", true, "year", ""),
    ("2020 (to be confirmed)", "2020-01-01", "2020-12-31", "year", true, "year", ""),
    ("2020?", "2020-01-01", "2020-12-31", "year", true, "year", ""),
    ("  2020\n", "2020-01-01", "2020-12-31", "year", false, "year", ""),
    // Spans of years (seeds: "and", 2-digit end, en dash, odd spaces; and a slash).
    ("2020 and 2021", "2020-01-01", "2021-12-31", "year", false, "several years", ""),
    ("2020-21", "2020-01-01", "2021-12-31", "year", false, "year span", ""),
    ("2020 \u{2013} 2021", "2020-01-01", "2021-12-31", "year", false, "year span", ""),
    ("2020- 2021", "2020-01-01", "2021-12-31", "year", false, "year span", ""),
    ("2020/21", "2020-01-01", "2021-12-31", "year", false, "year span", ""),
    ("2020/2021", "2020-01-01", "2021-12-31", "year", false, "year span", ""),
    ("2020 to 2022", "2020-01-01", "2022-12-31", "year", false, "year span", ""),
    ("from 2020 to 2021", "2020-01-01", "2021-12-31", "year", false, "year span", ""),
    ("2020 (tbc) - 2021", "2020-01-01", "2021-12-31", "year", true, "year span", ""),
    ("2019, 2020 and 2021", "2019-01-01", "2021-12-31", "year", false, "several dates", ""),
    // Open-ended (seeds: "2020-").
    ("2020-", "2020-01-01", "", "year", false, "open-ended year", ""),
    ("2020+", "2020-01-01", "", "year", false, "open-ended year", ""),
    ("2020 onwards", "2020-01-01", "", "year", false, "open-ended year", ""),
    ("from April 2020", "2020-04-01", "", "month", false, "open-ended month", ""),
    ("since 29/01/2019", "2019-01-29", "", "day", false, "open-ended day", ""),
    ("à partir de 2021", "2021-01-01", "", "year", false, "open-ended year", ""),
    // Several occurrences (seeds), words broken by line wrapping. Months named with
    // a span of years are those months in each year: from the first to the last.
    ("Four meetings in Strasbour g (March and Septemb er of 2020/21)", "2020-03-01", "2021-09-30", "month", false, "several dates", ""),
    ("Four meetings in Strasbour g (March and Septemb er of\n2020/21)", "2020-03-01", "2021-09-30", "month", false, "several dates", ""),
    // Years 2020/21 and two months of 2020: the coarsest reading that contains every
    // date named is both whole years, at year precision (the coarsest part).
    ("Four meetings in Strasbour g in 2020/21 (May/Oct ober 2020)", "2020-01-01", "2021-12-31", "year", false, "several dates", ""),
    ("January 2020 (tbc) and April 2020 (tbc)", "2020-01-01", "2020-04-30", "month", true, "several dates", ""),
    ("29/01/2019 and March 2019", "2019-01-29", "2019-03-31", "month", false, "several dates", ""),
    ("4 meetings in 2020", "2020-01-01", "2020-12-31", "year", false, "date in text", ""),
    ("Meetings may take place in 2020", "2020-01-01", "2020-12-31", "year", false, "date in text", ""),
    ("24-26 February 2020 CANCELLED", "2020-02-24", "2020-02-26", "day", false, "day range in one month", ""),
    // Issue 21: month first where only that makes a date.
    ("12/25/2014", "2014-12-25", "2014-12-25", "day", false, "day", ""),
    ("12.25.2014", "2014-12-25", "2014-12-25", "day", false, "day", ""),
    ("05/05/2019", "2019-05-05", "2019-05-05", "day", false, "day", ""),
    // ISO day ranges and intervals.
    ("2018-03-06/07", "2018-03-06", "2018-03-07", "day", false, "day range in one month", ""),
    ("2018-03-06/2018-03-08", "2018-03-06", "2018-03-08", "day", false, "day range in one month", ""),
    ("2018-03-30/2018-04-02", "2018-03-30", "2018-04-02", "day", false, "day range", ""),
    // Halves of a year.
    ("second half of 2020", "2020-07-01", "2020-12-31", "month", false, "half of a year", ""),
    ("H2 2020", "2020-07-01", "2020-12-31", "month", false, "half of a year", ""),
    ("h1 2020", "2020-01-01", "2020-06-30", "month", false, "half of a year", ""),
    ("2021 H1", "2021-01-01", "2021-06-30", "month", false, "half of a year", ""),
    ("1st half 2021", "2021-01-01", "2021-06-30", "month", false, "half of a year", ""),
    ("premier semestre 2020", "2020-01-01", "2020-06-30", "month", false, "half of a year", ""),
    ("2e semestre 2020 (tbc)", "2020-07-01", "2020-12-31", "month", true, "half of a year", ""),
    // Seasons: the months any reckoning of them touches.
    ("Spring 2020", "2020-03-01", "2020-06-30", "month", false, "season", ""),
    ("summer of 2019", "2019-06-01", "2019-09-30", "month", false, "season", ""),
    ("Autumn 2019", "2019-09-01", "2019-12-31", "month", false, "season", ""),
    ("fall 2019", "2019-09-01", "2019-12-31", "month", false, "season", ""),
    ("été 2020", "2020-06-01", "2020-09-30", "month", false, "season", ""),
    ("printemps 2021", "2021-03-01", "2021-06-30", "month", false, "season", ""),
    ("Winter 2020/21", "2020-12-01", "2021-03-31", "month", false, "season", ""),
    ("hiver 2020-2021", "2020-12-01", "2021-03-31", "month", false, "season", ""),
    ("Winter 2020", "2020-01-01", "2020-12-31", "year", false, "season", "winter"),
    // Early, mid, late: the widest honest bounds.
    ("early 2020", "2020-01-01", "2020-06-30", "month", false, "part of a year", ""),
    ("beginning of 2020", "2020-01-01", "2020-06-30", "month", false, "part of a year", ""),
    ("début 2021", "2021-01-01", "2021-06-30", "month", false, "part of a year", ""),
    ("mid-2020", "2020-04-01", "2020-09-30", "month", false, "part of a year", ""),
    ("mid 2020", "2020-04-01", "2020-09-30", "month", false, "part of a year", ""),
    ("late 2020", "2020-07-01", "2020-12-31", "month", false, "part of a year", ""),
    ("end of 2020", "2020-07-01", "2020-12-31", "month", false, "part of a year", ""),
    ("by the end of 2020", "", "", "", false, "unreadable", "unreadable"),
    ("fin 2020", "2020-07-01", "2020-12-31", "month", false, "part of a year", ""),
    ("early February 2020", "2020-02-01", "2020-02-15", "day", false, "part of a month", ""),
    ("mid-March 2020", "2020-03-08", "2020-03-24", "day", false, "part of a month", ""),
    ("late March 2020", "2020-03-16", "2020-03-31", "day", false, "part of a month", ""),
    ("fin mars 2020", "2020-03-16", "2020-03-31", "day", false, "part of a month", ""),
    ("début d'octobre 2020", "2020-10-01", "2020-10-15", "day", false, "part of a month", ""),
    // Quarters, in every spelling.
    ("Q4 2018", "2018-10-01", "2018-12-31", "month", false, "quarter", ""),
    ("2018 Q4", "2018-10-01", "2018-12-31", "month", false, "quarter", ""),
    ("4th quarter 2018", "2018-10-01", "2018-12-31", "month", false, "quarter", ""),
    ("4th qtr 2018", "2018-10-01", "2018-12-31", "month", false, "quarter", ""),
    ("fourth quarter of 2018", "2018-10-01", "2018-12-31", "month", false, "quarter", ""),
    ("quarter 2, 2019", "2019-04-01", "2019-06-30", "month", false, "quarter", ""),
    ("3e trimestre 2019", "2019-07-01", "2019-09-30", "month", false, "quarter", ""),
    ("Q4 2018 - Q1 2019", "2018-10-01", "2019-03-31", "month", false, "month range", ""),
    ("from Q2 2020", "2020-04-01", "", "month", false, "open-ended month", ""),
    // Year and month.
    ("2014-10", "2014-10-01", "2014-10-31", "month", false, "month", ""),
    ("2014/10", "2014-10-01", "2014-10-31", "month", false, "month", ""),
    ("2020-03", "2020-03-01", "2020-03-31", "month", false, "month", ""),
    ("2012-12", "2012-12-01", "2012-12-31", "month", false, "month", ""),
    ("2011-12", "2011-01-01", "2012-12-31", "year", false, "year span", "years-or-month"),
    // Numeric dates separated by spaces.
    ("20 02 2014", "2014-02-20", "2014-02-20", "day", false, "day", ""),
    ("le 24 12 2014", "2014-12-24", "2014-12-24", "day", false, "day", ""),
    // A time of day: that day, the time kept in the text.
    ("12 Dec 2014 10:55", "2014-12-12", "2014-12-12", "day", false, "day", ""),
    ("Le 11 décembre 2014 à 09:00", "2014-12-11", "2014-12-11", "day", false, "day", ""),
    ("24 February 2020, 9h30-17h", "2020-02-24", "2020-02-24", "day", false, "day", ""),
    ("3 March 2020 at 2 pm", "2020-03-03", "2020-03-03", "day", false, "day", ""),
    // Ordinals and weekday rules, computed.
    ("le premier mars 2013", "2013-03-01", "2013-03-01", "day", false, "day", ""),
    ("the first of March 2013", "2013-03-01", "2013-03-01", "day", false, "day", ""),
    ("twenty-fourth February 2020", "2020-02-24", "2020-02-24", "day", false, "day", ""),
    ("last day of october 2015", "2015-10-31", "2015-10-31", "day", false, "day of a month", ""),
    ("le dernier jour de février 2020", "2020-02-29", "2020-02-29", "day", false, "day of a month", ""),
    ("third tuesday of september 2014", "2014-09-16", "2014-09-16", "day", false, "weekday of a month", ""),
    ("last Friday of March 2020", "2020-03-27", "2020-03-27", "day", false, "weekday of a month", ""),
    ("le 3e mardi de mars 2020", "2020-03-17", "2020-03-17", "day", false, "weekday of a month", ""),
    ("first Monday in June 2020", "2020-06-01", "2020-06-01", "day", false, "weekday of a month", ""),
    ("fifth Monday of February 2021", "", "", "", false, "unreadable", "unreadable"),
    // Ongoing: open, with no end; no start unless one is given.
    ("ongoing", "", "", "", false, "ongoing", ""),
    ("Ongoing (TBC)", "", "", "", true, "ongoing", ""),
    ("Continuous", "", "", "", false, "ongoing", ""),
    ("permanent", "", "", "", false, "ongoing", ""),
    ("en cours", "", "", "", false, "ongoing", ""),
    ("ongoing since 2018", "2018-01-01", "", "year", false, "open-ended year", ""),
    ("2019 - ongoing", "2019-01-01", "", "year", false, "open-ended year", ""),
    ("March 2020 (ongoing)", "2020-03-01", "", "month", false, "open-ended month", ""),
    ("ongoing, 2020-2021", "", "", "", false, "unreadable", "unreadable"),
    // Two-digit years: nearest the workplan's years, 1950-2049 with none known.
    ("31/10/74", "1974-10-31", "1974-10-31", "day", false, "day", ""),
    ("31/10/49", "2049-10-31", "2049-10-31", "day", false, "day", ""),
    ("31/10/50", "1950-10-31", "1950-10-31", "day", false, "day", ""),
    // Parts left unread: read coarser, and said.
    ("week 12 of 2020", "2020-01-01", "2020-12-31", "year", false, "date in text", "part week 12"),
    ("3rd week of March 2020", "2020-03-01", "2020-03-31", "month", false, "date in text", "part 3rd week"),
    ("Tuesdays in March 2020", "2020-03-01", "2020-03-31", "month", false, "month", "part Tuesdays"),
    ("March 2020 10:00", "2020-03-01", "2020-03-31", "month", false, "month", "part 10:00"),
    ("12 2014", "2014-01-01", "2014-12-31", "year", false, "date in text", "part 12"),
    ("third tuesday 2014", "2014-01-01", "2014-12-31", "year", false, "date in text", "part third tuesday"),
    ("quarter 2020", "2020-01-01", "2020-12-31", "year", false, "date in text", "part quarter"),
    ("Tuesday 2020", "2020-01-01", "2020-12-31", "year", false, "year", "part Tuesday"),
    // A refinement no coarser than the reading says nothing.
    ("Monday, 3 February 2020", "2020-02-03", "2020-02-03", "day", false, "day", ""),
    ("3rd meeting: 24 February 2020", "2020-02-24", "2020-02-24", "day", false, "date in text", ""),
    // Marks only: no date, and nothing wrong with that.
    ("TBD", "", "", "", true, "not yet decided", ""),
    ("(to be confirmed)", "", "", "", true, "not yet decided", ""),
    ("CANCELLED", "", "", "", false, "cancelled, no date", ""),
    // Empty.
    ("", "", "", "", false, "empty", ""),
    ("   ", "", "", "", false, "empty", ""),
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

/// The issues a row's warning column stands for.
fn issues(warning: &str) -> Vec<Issue> {
    match warning {
        "" => vec![],
        "unreadable" => vec![Issue::Unreadable],
        "order" => vec![Issue::OrderAmbiguous],
        "years-or-month" => vec![Issue::YearsOrMonth],
        "winter" => vec![Issue::WinterOfYear],
        part => vec![Issue::PartUnread {
            part: part.strip_prefix("part ").expect("a part").to_owned(),
        }],
    }
}

#[test]
fn reads_every_form() {
    let mut wrong = Vec::new();
    for &(text, start, end, prec, tentative, rule, warning) in ROWS {
        let p = parse(text);
        let got = (
            p.span.start,
            p.span.end,
            p.span.precision,
            p.span.tentative,
            p.rule,
            p.issues.clone(),
        );
        let want = (
            date(start),
            date(end),
            precision(prec),
            tentative,
            rule,
            issues(warning),
        );
        assert_eq!(p.span.text, text, "text kept for {text:?}");
        if got != want {
            wrong.push(format!("{text:?}\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rows read wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Texts that must not be read: impossible dates, years out of range, spans that run
/// backwards, vague words, ambiguous forms. Any reading could be a wrong date.
#[rustfmt::skip]
const UNREADABLE: &[&str] = &[
    "31/02/2019", "32/01/2019", "13/13/2019", "29/02/2019", "00/01/2019", "2019-02-30",
    "31 April 2020", "Q5 2020", "h3 2020", "5th quarter 2020",
    "1850", "2150", "1899-1901", "2021-20", "2021-2020", "2020-13", "2020-210",
    "7-6/03/2018", "27-26 February 2019", "November - February 2021",
    "April 2021 - March 2020",
    "Spring-ish 2020", "spring 2020-2022", "summer 2020/21", "end of the year 2020",
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
        assert_eq!(p.issues, vec![Issue::Unreadable], "warning of {text:?}");
    }
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

/// Odd inputs: whatever they are read as, a span never runs backwards, the unreadable
/// issue comes exactly with an unreadable text, and the text is kept as given.
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
            p.issues.contains(&Issue::Unreadable),
            p.rule == "unreadable",
            "unreadable iff said so for {text:?}: {p:?}"
        );
        if p.rule == "unreadable" {
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

/// One row read in a context: text, the column's order, the workplan's years, start,
/// end, warning (as in [`ROWS`]).
type ContextRow = (
    &'static str,
    DateOrder,
    Option<(i32, i32)>,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const CONTEXT_ROWS: &[ContextRow] = &[
    // Day and month both 12 or less: as the column shows, warned only when it holds both.
    ("03/05/2019", DateOrder::DayFirst, None, "2019-05-03", "2019-05-03", ""),
    ("03/05/2019", DateOrder::MonthFirst, None, "2019-03-05", "2019-03-05", ""),
    ("03/05/2019", DateOrder::Mixed, None, "2019-05-03", "2019-05-03", "order"),
    ("03.05.2019", DateOrder::MonthFirst, None, "2019-03-05", "2019-03-05", ""),
    ("03-05-2019", DateOrder::MonthFirst, None, "2019-03-05", "2019-03-05", ""),
    ("03 05 2019", DateOrder::Mixed, None, "2019-05-03", "2019-05-03", "order"),
    // Unambiguous dates whatever the column; the same number twice is no question.
    ("25/12/2014", DateOrder::MonthFirst, None, "2014-12-25", "2014-12-25", ""),
    ("12/25/2014", DateOrder::DayFirst, None, "2014-12-25", "2014-12-25", ""),
    ("12/25/2014", DateOrder::Mixed, None, "2014-12-25", "2014-12-25", ""),
    ("05/05/2019", DateOrder::Mixed, None, "2019-05-05", "2019-05-05", ""),
    // A day range is written day first.
    ("06-07/11/2018", DateOrder::MonthFirst, None, "2018-11-06", "2018-11-07", ""),
    // A text whose own dates show the order reads its ambiguous ones so.
    ("30/03/2019 - 02/04/2019", DateOrder::Mixed, None, "2019-03-30", "2019-04-02", ""),
    ("03/30/2019 - 04/02/2019", DateOrder::Mixed, None, "2019-03-30", "2019-04-02", ""),
    ("03/30/2019 - 04/02/2019", DateOrder::DayFirst, None, "2019-03-30", "2019-04-02", ""),
    // Two-digit years: the year ending so nearest the workplan's years.
    ("31/10/74", DateOrder::DayFirst, Some((2017, 2019)), "1974-10-31", "1974-10-31", ""),
    ("31/10/19", DateOrder::DayFirst, Some((2017, 2019)), "2019-10-31", "2019-10-31", ""),
    ("01/02/60", DateOrder::DayFirst, None, "1960-02-01", "1960-02-01", ""),
    ("01/02/60", DateOrder::DayFirst, Some((2017, 2019)), "2060-02-01", "2060-02-01", ""),
    ("01/02/67", DateOrder::DayFirst, Some((2020, 2020)), "2067-02-01", "2067-02-01", ""),
    ("01/02/71", DateOrder::DayFirst, Some((2020, 2020)), "1971-02-01", "1971-02-01", ""),
];

#[test]
fn reads_as_the_column_and_the_workplan_say() {
    for &(text, order, years, start, end, warning) in CONTEXT_ROWS {
        let p = read(text, &Context { order, years });
        assert_eq!(p.span.start, date(start), "start of {text:?} in {order:?}");
        assert_eq!(p.span.end, date(end), "end of {text:?} in {order:?}");
        assert_eq!(p.span.precision, Some(Precision::Day), "{text:?}");
        assert_eq!(
            p.issues,
            issues(warning),
            "warning of {text:?} in {order:?}"
        );
    }
}

#[test]
fn what_a_text_shows_of_its_column() {
    let shows = |t: &str| parse(t).shows;
    let day_first = Shows {
        day_first: true,
        month_first: false,
    };
    let month_first = Shows {
        day_first: false,
        month_first: true,
    };
    assert_eq!(shows("25/12/2014"), day_first);
    assert_eq!(shows("24 12 2014"), day_first);
    assert_eq!(shows("12/25/2014"), month_first);
    assert_eq!(shows("03/05/2019"), Shows::default());
    assert_eq!(shows("05/05/2019"), Shows::default());
    assert_eq!(shows("6-7/03/2018"), Shows::default());
    assert_eq!(shows("March 2020"), Shows::default());
    let mut both = day_first;
    both.add(month_first);
    assert_eq!(both.order(), DateOrder::Mixed);
    assert_eq!(day_first.order(), DateOrder::DayFirst);
    assert_eq!(month_first.order(), DateOrder::MonthFirst);
    assert_eq!(Shows::default().order(), DateOrder::DayFirst);
    // Ambiguous unless the text's own dates settle it.
    assert!(parse("03/05/2019").ambiguous);
    assert!(!parse("30/03/2019 - 02/04/2019").ambiguous);
    assert!(!parse("03/30/2019 - 04/02/2019").ambiguous);
    assert!(!parse("25/12/2014").ambiguous);
    // The reading depends on the context only where it must.
    assert!(parse("03/05/2019").contextual);
    assert!(parse("3/5/19").contextual);
    assert!(!parse("25/12/2014").contextual);
    assert!(!parse("March 2020").contextual);
}

#[test]
fn rules_that_set_vague_bounds_are_said() {
    for (text, note) in [
        ("Spring 2020", "spring read as March to June"),
        (
            "second half of 2020",
            "second half of a year read as July to December",
        ),
        (
            "mid-2020",
            "mid-year read as its middle half, April to September",
        ),
        ("early March 2020", "early in a month read as days 1 to 15"),
        (
            "31/10/74",
            "two-digit year 74 read as 1974 (no workplan years to go by: 1950 to 2049)",
        ),
        (
            "ongoing",
            "ongoing: open, with no end; no start is given, so none is set",
        ),
    ] {
        assert_eq!(parse(text).notes, vec![note.to_owned()], "{text:?}");
    }
    let in_workplan = read(
        "31/10/74",
        &Context {
            years: Some((2017, 2019)),
            ..Context::default()
        },
    );
    assert_eq!(
        in_workplan.notes,
        vec![
            "two-digit year 74 read as 1974, the year ending so nearest the workplan's years \
              2017-2019"
                .to_owned()
        ]
    );
    // The forms of domain.md carry no note: their bounds are as written.
    for text in [
        "29/01/2019",
        "6-7/03/2018",
        "24-26 February 2020",
        "January 2020 (tbc)",
        "2020 (TBC)",
        "2020-21",
        "2020 \u{2013} 2021",
        "2020-",
        "Four meetings in Strasbour g (March and Septemb er of 2020/21)",
        "January 2020 (tbc) and April 2020 (tbc)",
    ] {
        assert!(parse(text).notes.is_empty(), "{text:?}");
    }
}
