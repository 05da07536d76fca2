//! Partial dates of the registry: a join or rename date known to the year, the month or
//! the day, as written in the file.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// A date known to the year, the month or the day: "2020", "2020-02", "2020-02-06".
///
/// Always valid once read from the registry (the loader checks the calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month (1-12), if known.
    pub month: Option<u32>,
    /// The day of the month, if known (only with a month).
    pub day: Option<u32>,
}

impl PartialDate {
    /// Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD"; `None` for anything else or a date that
    /// is not in the calendar.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let date = match parts.as_slice() {
            [y] if digits(y, 4) => PartialDate {
                year: y.parse().ok()?,
                month: None,
                day: None,
            },
            [y, m] if digits(y, 4) && digits(m, 2) => PartialDate {
                year: y.parse().ok()?,
                month: Some(m.parse().ok()?),
                day: None,
            },
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => PartialDate {
                year: y.parse().ok()?,
                month: Some(m.parse().ok()?),
                day: Some(d.parse().ok()?),
            },
            _ => return None,
        };
        date.first_day()?;
        Some(date)
    }

    /// The first day the date covers (1 January for a year); `None` only for a date
    /// built by hand outside the calendar.
    pub fn first_day(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers (31 December for a year).
    pub fn last_day(&self) -> Option<NaiveDate> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => {
                let (y, next) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                NaiveDate::from_ymd_opt(y, next, 1)?.pred_opt()
            }
            (None, _) => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
    }
}

/// As written in the registry: "2020", "2020-02" or "2020-02-06".
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A date field of the registry: a string ("2020", "2020-02-06") or a TOML date.
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bad = |text: &str| {
            de::Error::custom(format!(
                "\"{text}\" is not a date: write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\""
            ))
        };
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(s) => PartialDate::parse(&s).ok_or_else(|| bad(&s)),
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => PartialDate::parse(&d.to_string()).ok_or_else(|| bad(&d.to_string())),
                _ => Err(bad(&dt.to_string())),
            },
            toml::Value::Integer(i) => Err(de::Error::custom(format!(
                "{i} is not a date: write it in quotes (\"{i}\"), or as \"YYYY-MM\" or \"YYYY-MM-DD\""
            ))),
            other => Err(de::Error::custom(format!(
                "a {} is not a date: write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
                other.type_str()
            ))),
        }
    }
}
