//! Dates through the binary, on workplans the tests write: a Date column holding both
//! orders (warned), one holding only month-first dates (read so, silently), and the
//! forms of issue 21 with their notes and warnings.

use std::fs;
use std::path::Path;

use serde_json::Value;

mod common;

use common::binary::{count, stderr, workplan};

/// Runs the binary on `files` (name, CSV text) written into a fresh input folder;
/// gives the exit code, standard error and the activities by title.
fn run(files: &[(&str, &str)]) -> (Option<i32>, String, Vec<Value>) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    for (name, text) in files {
        fs::write(input.join(name), text).unwrap();
    }
    let out = tmp.path().join("out");
    let o = workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("runs");
    let json: Value =
        serde_json::from_slice(&fs::read(out.join("activities.json")).unwrap()).unwrap();
    (
        o.status.code(),
        stderr(&o),
        json.as_array().unwrap().clone(),
    )
}

/// The activity titled `title`.
fn activity<'a>(activities: &'a [Value], title: &str) -> &'a Value {
    activities
        .iter()
        .find(|a| a["activity"] == title)
        .unwrap_or_else(|| panic!("no activity {title:?}"))
}

/// An activity's date as `start..end precision`.
fn span(activities: &[Value], title: &str) -> String {
    let d = &activity(activities, title)["date"];
    let s = |v: &Value| v.as_str().unwrap_or("").to_owned();
    format!(
        "{}..{} {}",
        s(&d["start"]),
        s(&d["end"]),
        s(&d["precision"])
    )
}

fn plan(rows: &[(&str, &str)]) -> String {
    let mut csv = String::from("Sector,Activity,Date,Companies/associations\n");
    for (title, date) in rows {
        csv.push_str(&format!("Education,{title},\"{date}\",Microsoft\n"));
    }
    csv
}

#[test]
fn a_column_holding_both_orders_reads_ambiguous_dates_day_first_and_warns_naming_the_cell() {
    let (code, err, acts) = run(&[(
        "both.csv",
        &plan(&[
            ("Christmas", "25/12/2014"),
            ("Boxing day", "12/26/2014"),
            ("Spring talk", "03/05/2019"),
        ]),
    )]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(span(&acts, "Christmas"), "2014-12-25..2014-12-25 day");
    assert_eq!(span(&acts, "Boxing day"), "2014-12-26..2014-12-26 day");
    assert_eq!(span(&acts, "Spring talk"), "2019-05-03..2019-05-03 day");
    assert!(
        err.contains(
            "both.csv!C4 (Date): \"03/05/2019\" may be day first or month first, and this \
             column holds dates written both ways; read as 2019-05-03, not 2019-03-05: write \
             the month in words"
        ),
        "{err}"
    );
    assert_eq!(count(&err, "warnings"), 1, "{err}");
    let notes = activity(&acts, "Spring talk")["notes"].to_string();
    assert!(notes.contains("may be day first or month first"), "{notes}");
}

#[test]
fn a_column_holding_only_month_first_dates_is_read_month_first_without_a_warning() {
    let (code, err, acts) = run(&[(
        "us.csv",
        &plan(&[
            ("Christmas", "12/25/2014"),
            ("Spring talk", "03/05/2019"),
            ("Autumn talk", "11/04/2019"),
        ]),
    )]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(count(&err, "warnings"), 0, "{err}");
    assert_eq!(span(&acts, "Christmas"), "2014-12-25..2014-12-25 day");
    assert_eq!(span(&acts, "Spring talk"), "2019-03-05..2019-03-05 day");
    assert_eq!(span(&acts, "Autumn talk"), "2019-11-04..2019-11-04 day");
}

#[test]
fn the_forms_of_issue_21_are_read_as_written_and_what_is_left_unread_is_said() {
    let (code, err, acts) = run(&[(
        "forms.csv",
        &plan(&[
            ("Days", "2018-03-06/07"),
            ("Half", "second half of 2020"),
            ("Season", "Spring 2020"),
            ("Quarter", "4th qtr 2018"),
            ("Month", "2014-10"),
            ("Spaced", "le 24 12 2014"),
            ("Timed", "Le 11 décembre 2014 à 09:00"),
            ("Ordinal", "le premier mars 2013"),
            ("Last day", "last day of october 2015"),
            ("Weekday", "third tuesday of september 2014"),
            ("Ongoing", "ongoing"),
            ("Old", "31/10/74"),
            ("Week", "week 12 of 2020"),
        ]),
    )]);
    assert_eq!(code, Some(1), "{err}");
    for (title, want) in [
        ("Days", "2018-03-06..2018-03-07 day"),
        ("Half", "2020-07-01..2020-12-31 month"),
        ("Season", "2020-03-01..2020-06-30 month"),
        ("Quarter", "2018-10-01..2018-12-31 month"),
        ("Month", "2014-10-01..2014-10-31 month"),
        ("Spaced", "2014-12-24..2014-12-24 day"),
        ("Timed", "2014-12-11..2014-12-11 day"),
        ("Ordinal", "2013-03-01..2013-03-01 day"),
        ("Last day", "2015-10-31..2015-10-31 day"),
        ("Weekday", "2014-09-16..2014-09-16 day"),
        ("Ongoing", ".. "),
        ("Old", "1974-10-31..1974-10-31 day"),
        ("Week", "2020-01-01..2020-12-31 year"),
    ] {
        assert_eq!(span(&acts, title), want, "{title}");
    }
    // The time stays in the text as written.
    assert_eq!(
        activity(&acts, "Timed")["date"]["text"],
        "Le 11 décembre 2014 à 09:00"
    );
    // Vague bounds say which rule set them, in the notes and in provenance.
    let notes = activity(&acts, "Season")["notes"].to_string();
    assert!(notes.contains("spring read as March to June"), "{notes}");
    // Only the week is left unread, and the warning names the cell and the part.
    assert_eq!(count(&err, "warnings"), 1, "{err}");
    assert!(
        err.contains(
            "forms.csv!C14 (Date): \"week 12\" in \"week 12 of 2020\" was not understood; the \
             date is read as 2020, coarser than written"
        ),
        "{err}"
    );
}

#[test]
fn vague_bounds_and_their_rule_reach_provenance() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("plan.csv");
    fs::write(
        &input,
        plan(&[("Mid", "mid-2020"), ("Early", "early March 2020")]),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = workplan()
        .args(["run", "--no-progress", "--no-pdf", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let provenance = fs::read_to_string(Path::new(&out).join("provenance.csv")).unwrap();
    let date_rows: Vec<&str> = provenance
        .lines()
        .filter(|l| l.contains(",date,"))
        .collect();
    assert_eq!(date_rows.len(), 2, "{provenance}");
    assert!(
        date_rows[0].contains("read as part of a year")
            && date_rows[0].contains("mid-year read as its middle half, April to September"),
        "{}",
        date_rows[0]
    );
    assert!(
        date_rows[1].contains("early in a month read as days 1 to 15"),
        "{}",
        date_rows[1]
    );
}
