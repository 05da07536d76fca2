//! The Date columns of a sheet, looked at before their records are normalised.
//!
//! A numeric date whose day and month are both 12 or less ("03/05/2019") is read as the
//! other dates of its column show, and a two-digit year by the years of the workplan
//! (its label), or else of the column's dates. One record does not show its column:
//! [`SheetDates::observe`] looks at the Date cells of the records about to be
//! normalised, with what the sheet's earlier records showed, and gives each table's
//! [`Context`] ([`DateContexts`]). A column is the Date column of one table (tables are
//! told apart by their header row).
//!
//! A sheet is normalised a chunk at a time (a large one while it is still being read),
//! so a column may show dates written the other way round only in a later chunk. The
//! ambiguous dates read before then were read as the column showed so far; each is
//! then warned about, naming its cell. A sheet of fewer records than a chunk is seen
//! whole at once.

use std::sync::Arc;

use chrono::Datelike;

use super::dates::{self, Context, DateOrder, Shows};
use super::{date_issue, TextCache};
use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{CellValue, Field, Location, RawRecord};

/// A table's header names: shared by its records, so it tells the table.
type Headers = Arc<[Option<Arc<str>>; 8]>;

/// What the Date columns of one sheet have shown so far.
#[derive(Default)]
pub struct SheetDates {
    tables: Vec<Column>,
    /// What each distinct Date text shows.
    seen: TextCache<Seen>,
}

/// The Date column of one table.
struct Column {
    headers: Headers,
    shows: Shows,
    /// The first and last years its dates name (four-digit years and date cells).
    years: Option<(i32, i32)>,
    /// Ambiguous dates read in an order the column might yet contradict.
    read_early: Vec<ReadEarly>,
}

/// An ambiguous date read while its column showed one order, or none.
struct ReadEarly {
    place: Location,
    text: String,
    context: Context,
}

/// What one Date text shows of its column.
#[derive(Debug, Clone, Copy)]
struct Seen {
    shows: Shows,
    ambiguous: bool,
    years: Option<(i32, i32)>,
}

impl Seen {
    fn of(text: &str) -> Self {
        let parsed = dates::parse(text);
        let years = match (parsed.contextual, parsed.span.start) {
            // A two-digit year is what the years are wanted for.
            (true, _) | (_, None) => None,
            (false, Some(start)) => {
                let end = parsed.span.end.unwrap_or(start);
                Some((start.year(), end.year()))
            }
        };
        Seen {
            shows: parsed.shows,
            ambiguous: parsed.ambiguous,
            years,
        }
    }
}

/// The context each table's dates are read in, for one chunk of a sheet's records.
#[derive(Debug, Default)]
pub struct DateContexts {
    tables: Vec<(Headers, Context)>,
}

impl DateContexts {
    /// The context of `rec`'s date: its column's order, and the years of its workplan
    /// label, or else of its column's dates.
    pub fn of(&self, rec: &RawRecord) -> Context {
        let mut context = self
            .tables
            .iter()
            .find(|(h, _)| Arc::ptr_eq(h, &rec.headers))
            .map_or_else(Context::default, |(_, c)| *c);
        if let Some(years) = rec.workplan.as_deref().and_then(workplan_years) {
            context.years = Some(years);
        }
        context
    }
}

impl SheetDates {
    /// Looks at the Date cells of `records`, the sheet's next records to normalise,
    /// and gives the context of each table's dates; with warnings for the ambiguous
    /// dates of earlier records that these show were read in an order now in doubt.
    pub fn observe(&mut self, records: &[Box<RawRecord>]) -> (DateContexts, Vec<Diagnostic>) {
        let mut texts: Vec<(usize, Seen)> = Vec::with_capacity(records.len());
        for (i, rec) in records.iter().enumerate() {
            let Some(raw) = rec.field(Field::Date) else {
                continue;
            };
            let at = self.column(&rec.headers);
            if let (CellValue::DateTime(dt), 1) = (raw.value(), raw.cell_count()) {
                let y = dt.date().year();
                self.tables[at].add_years(Some((y, y)));
                continue;
            }
            let seen = *self
                .seen
                .entry_ref(&*raw.text)
                .or_insert_with(|| Seen::of(&raw.text));
            let column = &mut self.tables[at];
            column.shows.add(seen.shows);
            column.add_years(seen.years);
            if seen.ambiguous {
                texts.push((i, seen));
            }
        }

        let mut warnings = Vec::new();
        for column in &mut self.tables {
            column.warn_read_early(&mut warnings);
        }
        let contexts = DateContexts {
            tables: self
                .tables
                .iter()
                .map(|c| (Arc::clone(&c.headers), c.context()))
                .collect(),
        };
        // The ambiguous dates read now without a warning, in case later records
        // contradict their column.
        for (i, _) in texts {
            let rec = &records[i];
            let context = contexts.of(rec);
            if context.order != DateOrder::Mixed {
                let at = self.column(&rec.headers);
                self.tables[at].read_early.push(ReadEarly {
                    place: rec.location(Field::Date),
                    text: rec.text(Field::Date).to_owned(),
                    context,
                });
            }
        }
        (contexts, warnings)
    }

    /// The index of the table whose header names are `headers`, added when new.
    fn column(&mut self, headers: &Headers) -> usize {
        match self
            .tables
            .iter()
            .position(|c| Arc::ptr_eq(&c.headers, headers))
        {
            Some(at) => at,
            None => {
                self.tables.push(Column {
                    headers: Arc::clone(headers),
                    shows: Shows::default(),
                    years: None,
                    read_early: Vec::new(),
                });
                self.tables.len() - 1
            }
        }
    }
}

impl Column {
    fn add_years(&mut self, years: Option<(i32, i32)>) {
        if let Some((a, b)) = years {
            self.years = Some(match self.years {
                Some((x, y)) => (x.min(a), y.max(b)),
                None => (a, b),
            });
        }
    }

    fn context(&self) -> Context {
        Context {
            order: self.shows.order(),
            years: self.years,
        }
    }

    /// Warns about the dates read early that the column now contradicts: all of them
    /// when it holds both orders, those read the other way when it shows one.
    fn warn_read_early(&mut self, warnings: &mut Vec<Diagnostic>) {
        let order = self.shows.order();
        self.read_early.retain(|early| {
            let doubtful = order == DateOrder::Mixed || early.context.order != order;
            if doubtful {
                let parsed = dates::read(&early.text, &early.context);
                let kind = match date_issue(&dates::Issue::OrderAmbiguous, &parsed.span) {
                    Kind::DateOrderAmbiguous {
                        written,
                        read_as,
                        other,
                        ..
                    } => Kind::DateOrderAmbiguous {
                        written,
                        read_as,
                        other,
                        read_early: true,
                    },
                    other => other,
                };
                warnings.push(Diagnostic::new(early.place.clone(), kind));
            }
            !doubtful
        });
    }
}

/// The first and last years of a workplan label: "2017-2019", "2020+" (2020 alone).
pub(super) fn workplan_years(label: &str) -> Option<(i32, i32)> {
    let mut years = label
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| n.len() == 4)
        .filter_map(|n| n.parse::<i32>().ok());
    let first = years.next()?;
    Some((first, years.next_back().unwrap_or(first)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::Normaliser;
    use crate::registry::PartnerRegistry;

    #[allow(clippy::vec_box, reason = "records are boxed where they are found")]
    fn records(csv: &str) -> Vec<Box<RawRecord>> {
        let raw = crate::import::csv::read("plan.csv", csv.as_bytes()).expect("csv");
        crate::layout::tables(&raw.sheets[0]).records
    }

    fn registry() -> PartnerRegistry {
        crate::registry::shipped()
    }

    /// A one-column table of dates, as a CSV with the other columns a record needs.
    fn table(dates: &[&str]) -> String {
        let mut csv = String::from("Sector,Activity,Date\n");
        for (i, d) in dates.iter().enumerate() {
            csv.push_str(&format!("Education,Talk {i},{d}\n"));
        }
        csv
    }

    /// Each record's date start (ISO) and the codes of the warnings about it.
    fn read(csv: &str) -> Vec<(String, Vec<&'static str>)> {
        let records = records(csv);
        let registry = registry();
        let mut normaliser = Normaliser::new(&registry);
        let (contexts, early) = SheetDates::default().observe(&records);
        assert!(early.is_empty());
        records
            .iter()
            .map(|r| {
                let n = normaliser.activity(r, &contexts);
                let start = n
                    .activity
                    .date
                    .start
                    .map_or(String::new(), |d| d.to_string());
                (start, n.warnings.iter().map(|w| w.kind.code()).collect())
            })
            .collect()
    }

    fn plain(start: &str) -> (String, Vec<&'static str>) {
        (start.to_owned(), vec![])
    }

    #[test]
    fn an_ambiguous_date_reads_as_its_column_shows() {
        // Day first: what these workplans write, and what no evidence means.
        assert_eq!(
            read(&table(&["25/12/2014", "03/05/2019"])),
            [plain("2014-12-25"), plain("2019-05-03")]
        );
        assert_eq!(read(&table(&["03/05/2019"])), [plain("2019-05-03")]);
        // Month first only: read so, and nothing to warn about.
        assert_eq!(
            read(&table(&["12/25/2014", "03/05/2019", "04.06.2019"])),
            [
                plain("2014-12-25"),
                plain("2019-03-05"),
                plain("2019-04-06")
            ]
        );
        // Both orders: day first, with a warning for the ambiguous date only.
        assert_eq!(
            read(&table(&["25/12/2014", "03/05/2019", "12/25/2014"])),
            [
                plain("2014-12-25"),
                ("2019-05-03".to_owned(), vec!["date-order-ambiguous"]),
                plain("2014-12-25"),
            ]
        );
    }

    #[test]
    fn each_table_is_a_column_of_its_own() {
        let csv = "Sector,Activity,Date\n\
                   Education,Talk,12/25/2014\n\
                   Education,Talk,03/05/2019\n\
                   \n\
                   Studies\n\
                   Sector,Activity,Date\n\
                   Education,Study,25/12/2014\n\
                   Education,Study,03/05/2019\n";
        assert_eq!(
            read(csv),
            [
                plain("2014-12-25"),
                plain("2019-03-05"),
                plain("2014-12-25"),
                plain("2019-05-03")
            ]
        );
    }

    #[test]
    fn two_digit_years_follow_the_workplan_or_the_column() {
        // The column's dates say 2017-2019: "60" is 2060, "74" 1974.
        assert_eq!(
            read(&table(&["25/12/2017", "2019", "01/02/60", "31/10/74"])),
            [
                plain("2017-12-25"),
                plain("2019-01-01"),
                plain("2060-02-01"),
                plain("1974-10-31")
            ]
        );
        // With nothing to go by, 1950-2049.
        assert_eq!(read(&table(&["01/02/60"])), [plain("1960-02-01")]);
        // A workplan label says more than the column.
        let csv = format!("Workplan 2090-2095\n{}", table(&["25/12/2017", "01/02/60"]));
        assert_eq!(read(&csv), [plain("2017-12-25"), plain("2060-02-01")]);
        let csv = format!("Workplan 1960-1965\n{}", table(&["25/12/2017", "01/02/17"]));
        assert_eq!(read(&csv), [plain("2017-12-25"), plain("1917-02-01")]);
    }

    #[test]
    fn dates_read_before_the_column_showed_the_other_order_are_warned_about() {
        let all = records(&table(&[
            "03/05/2019",
            "25/12/2014",
            "07/08/2019",
            "12/25/2014",
        ]));
        let mut sheet = SheetDates::default();
        // The first chunk shows day first: its ambiguous dates read so, no warning yet.
        let (contexts, early) = sheet.observe(&all[..3]);
        assert!(early.is_empty());
        assert_eq!(contexts.of(&all[0]).order, DateOrder::DayFirst);
        // The next shows month first too: both earlier ambiguous dates are warned about.
        let (contexts, early) = sheet.observe(&all[3..]);
        assert_eq!(contexts.of(&all[3]).order, DateOrder::Mixed);
        let said: Vec<String> = early.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "plan.csv!C2 (Date): \"03/05/2019\" may be day first or month first; read as \
                 2019-05-03 before dates of this column written the other way round, further \
                 down, were met: it may be 2019-03-05: write the month in words",
                "plan.csv!C4 (Date): \"07/08/2019\" may be day first or month first; read as \
                 2019-08-07 before dates of this column written the other way round, further \
                 down, were met: it may be 2019-07-08: write the month in words",
            ]
        );
        // Said once.
        let (_, early) = sheet.observe(&all[3..]);
        assert!(early.is_empty());
    }

    #[test]
    fn a_column_that_turns_out_month_first_warns_about_what_it_read_day_first() {
        let all = records(&table(&["03/05/2019", "March 2020", "12/25/2014"]));
        let mut sheet = SheetDates::default();
        let (_, early) = sheet.observe(&all[..2]);
        assert!(early.is_empty());
        let (contexts, early) = sheet.observe(&all[2..]);
        assert_eq!(contexts.of(&all[0]).order, DateOrder::MonthFirst);
        assert_eq!(early.len(), 1);
        assert_eq!(early[0].kind.code(), "date-order-ambiguous");
    }

    #[test]
    fn workplan_labels_give_their_years() {
        assert_eq!(workplan_years("2017-2019"), Some((2017, 2019)));
        assert_eq!(workplan_years("2020+"), Some((2020, 2020)));
        assert_eq!(workplan_years("2020"), Some((2020, 2020)));
        assert_eq!(workplan_years("next"), None);
    }
}
