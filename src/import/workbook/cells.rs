//! calamine's values as our cells: numbers, texts, booleans, error cells, and the
//! dates and durations of both workbook families (Excel serials in the 1900 or 1904
//! system; ISO 8601 texts in ODS and strict xlsx), read as a spreadsheet program shows
//! them.

use std::sync::Arc;

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime};
use chrono::{NaiveDate, NaiveDateTime};

use crate::model::CellValue;

use super::reader::SharedTexts;

/// A calamine value as a cell.
pub(super) fn from_data_ref(value: &DataRef<'_>, shared: &mut SharedTexts) -> CellValue {
    match value {
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::Text(Arc::from(s.as_str())),
        DataRef::SharedString(s) => CellValue::Text(shared.text(s)),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => from_excel_datetime(dt),
        DataRef::DateTimeIso(s) => from_iso_datetime(s),
        DataRef::DurationIso(s) => from_iso_duration(s),
        DataRef::Error(e) => from_error(e),
        DataRef::Empty => CellValue::Empty,
    }
}

/// A calamine value as a cell.
pub(super) fn from_data(value: &Data) -> CellValue {
    match value {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(Arc::from(s.as_str())),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => from_excel_datetime(dt),
        Data::DateTimeIso(s) => from_iso_datetime(s),
        Data::DurationIso(s) => from_iso_duration(s),
        Data::Error(e) => from_error(e),
        Data::Empty => CellValue::Empty,
    }
}

fn from_error(e: &CellErrorType) -> CellValue {
    CellValue::Error(Arc::from(e.to_string()))
}

/// An Excel serial date (calamine knows the workbook's 1900 or 1904 system). A
/// duration format (`[h]:mm:ss`) is not a date: it reads as Excel shows it.
fn from_excel_datetime(dt: &ExcelDateTime) -> CellValue {
    if dt.is_duration() {
        return CellValue::Text(Arc::from(format_duration(dt.as_f64() * 86_400.0)));
    }
    match dt.as_datetime() {
        Some(value) => CellValue::DateTime(value),
        None => CellValue::Number(dt.as_f64()),
    }
}

/// An ISO 8601 date or date-time (xlsx `t="d"`, ODS `date-value`); a bare time or
/// anything else stays text.
fn from_iso_datetime(s: &str) -> CellValue {
    let t = s.trim();
    if let Ok(dt) = t.parse::<NaiveDateTime>() {
        return CellValue::DateTime(dt);
    }
    if let Ok(d) = t.parse::<NaiveDate>() {
        return CellValue::DateTime(d.and_time(chrono::NaiveTime::MIN));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
        return CellValue::DateTime(dt.naive_local());
    }
    CellValue::Text(Arc::from(s))
}

/// An ISO 8601 duration (ODS `time-value`, e.g. `PT10H10M10S`) as `h:mm:ss`, as a
/// spreadsheet program shows it; unparseable ones stay as written.
fn from_iso_duration(s: &str) -> CellValue {
    match parse_iso_duration(s.trim()) {
        Some(seconds) => CellValue::Text(Arc::from(format_duration(seconds))),
        None => CellValue::Text(Arc::from(s)),
    }
}

/// Seconds in `[-]P[nD][T[nH][nM][n[.f]S]]`.
fn parse_iso_duration(s: &str) -> Option<f64> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let s = s.strip_prefix('P')?;
    let (days, time) = match s.split_once('T') {
        Some((d, t)) => (d, t),
        None => (s, ""),
    };
    let mut total = 0.0;
    let mut any = false;
    for (part, units) in [
        (days, &[('D', 86_400.0)][..]),
        (time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)][..]),
    ] {
        let mut rest = part;
        for (unit, factor) in units {
            if let Some(pos) = rest.find(*unit) {
                let n: f64 = rest[..pos].parse().ok()?;
                total += n * factor;
                rest = &rest[pos + 1..];
                any = true;
            }
        }
        if !rest.is_empty() {
            return None;
        }
    }
    any.then_some(if negative { -total } else { total })
}

/// `h:mm:ss` with hours past 24, as Excel's `[h]:mm:ss`; fractions of a second kept.
fn format_duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return seconds.to_string();
    }
    let sign = if seconds < 0.0 { "-" } else { "" };
    // Whole milliseconds: serial fractions carry float noise.
    let ms = (seconds.abs() * 1000.0).round() as u64;
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if frac == 0 {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else {
        let f = format!("{frac:03}");
        format!("{sign}{h}:{m:02}:{s:02}.{}", f.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use calamine::ExcelDateTimeType;

    use super::super::testing::{dt, text};
    use super::*;

    #[test]
    fn converts_dates_times_and_durations() {
        let cases: Vec<(&str, CellValue, CellValue)> = vec![
            (
                "1900 serial",
                from_excel_datetime(&ExcelDateTime::new(
                    44197.0,
                    ExcelDateTimeType::DateTime,
                    false,
                )),
                dt("2021-01-01T00:00:00"),
            ),
            (
                "1904 serial",
                from_excel_datetime(&ExcelDateTime::new(
                    42735.0,
                    ExcelDateTimeType::DateTime,
                    true,
                )),
                dt("2021-01-01T00:00:00"),
            ),
            (
                "serial with time",
                from_excel_datetime(&ExcelDateTime::new(
                    44197.5,
                    ExcelDateTimeType::DateTime,
                    false,
                )),
                dt("2021-01-01T12:00:00"),
            ),
            (
                "duration over 24 h",
                from_excel_datetime(&ExcelDateTime::new(
                    10.632060185185185,
                    ExcelDateTimeType::TimeDelta,
                    false,
                )),
                text("255:10:10"),
            ),
            (
                "iso date",
                from_iso_datetime("2021-01-01"),
                dt("2021-01-01T00:00:00"),
            ),
            (
                "iso date-time",
                from_iso_datetime("2009-08-16T05:43:21"),
                dt("2009-08-16T05:43:21"),
            ),
            (
                "iso with offset",
                from_iso_datetime("2021-03-04T05:06:07+02:00"),
                dt("2021-03-04T05:06:07"),
            ),
            (
                "iso time only",
                from_iso_datetime("10:10:10"),
                text("10:10:10"),
            ),
            ("not a date", from_iso_datetime("soon"), text("soon")),
            (
                "iso duration",
                from_iso_duration("PT10H10M10S"),
                text("10:10:10"),
            ),
            (
                "iso duration with fraction",
                from_iso_duration("PT10H10M10.5S"),
                text("10:10:10.5"),
            ),
            (
                "iso duration with days",
                from_iso_duration("P1DT2H"),
                text("26:00:00"),
            ),
            (
                "negative iso duration",
                from_iso_duration("-PT30M"),
                text("-0:30:00"),
            ),
            ("bad iso duration", from_iso_duration("PTxS"), text("PTxS")),
            (
                "error cell",
                from_data(&Data::Error(CellErrorType::NA)),
                CellValue::Error("#N/A".into()),
            ),
            ("int", from_data(&Data::Int(15)), CellValue::Number(15.0)),
            (
                "empty string stays text",
                from_data(&Data::String(String::new())),
                text(""),
            ),
        ];
        for (name, got, want) in cases {
            assert_eq!(got, want, "{name}");
        }
    }
}
