//! Where a row of values goes: the record above (a continuation row), a record of its
//! own, or the rejects.
//!
//! Without merged cells, a row continues the record above when it holds no date, no
//! partners and no sector of its own ("digital environment" finishing a Topic). A row
//! without an activity title is no activity: it continues the record above, or is
//! rejected; only with the other signs of an activity (a date, a sector) is it kept as
//! one, with a warning. Merged cells are data: a row that lies inside the merged cells
//! of the record above continues it, whatever it holds (a Word table pasted into Excel
//! puts each paragraph of a cell on a row of its own and merges the record's other
//! cells over them), and a value merged over rows of its own counts as the row's.

use crate::diagnostic::Kind;
use crate::model::Field;

/// What the placing rules read of a row.
#[derive(Debug, Default)]
pub(super) struct RowFacts {
    /// The known fields the row holds a value of its own in, with their columns.
    pub(super) own: Vec<(Field, usize)>,
    /// The known fields whose cells lie inside merged cells of the record above.
    pub(super) in_record: Vec<Field>,
    /// Those merged cells, "A5:A7, C5:C7".
    pub(super) ranges: String,
    /// Some known column of the table is blank on the row and not merged over it.
    pub(super) gaps: bool,
    /// The known fields whose cells lie inside other merged cells begun above (their
    /// value is the row's too).
    pub(super) merged: Vec<Field>,
    /// The first row of the record above, when one is being built.
    pub(super) record: Option<u32>,
    /// The table has an activity column.
    pub(super) titles: bool,
}

/// Where a row goes.
#[derive(Debug, PartialEq)]
pub(super) enum Place {
    /// Joined to the record above; the warning, when it is a guess, is placed at the
    /// column given.
    Join(Option<(Kind, usize)>),
    /// A record of its own; with a warning when it has no title.
    Record(Option<Kind>),
    /// Rejected, for the reason given.
    Reject(&'static str),
}

impl RowFacts {
    fn owns(&self, field: Field) -> bool {
        self.own.iter().any(|(f, _)| *f == field)
    }

    fn column(&self, field: Field) -> Option<usize> {
        self.own.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }

    /// Whether the row has a value of `field`, its own or merged over it.
    fn has(&self, field: Field) -> bool {
        self.owns(field) || self.in_record.contains(&field) || self.merged.contains(&field)
    }

    /// Where the row goes.
    pub(super) fn place(&self) -> Place {
        if let Some(record) = self.record {
            if let Some(place) = self.inside_record(record) {
                return place;
            }
        }
        if self.own.is_empty() {
            return Place::Reject(
                "no value in any known column (only in columns without a known header)",
            );
        }
        let signs = [Field::Date, Field::Companies, Field::Sector]
            .iter()
            .any(|&f| self.has(f));
        let titled = !self.titles || self.has(Field::Activity);
        match (self.record, signs, titled) {
            (Some(_), false, _) => Place::Join(None),
            (None, false, false) => {
                Place::Reject("no activity title, and no date, partners or sector: not an activity")
            }
            (_, _, true) => Place::Record(None),
            // No title, but partners: more of the record above (another paragraph of
            // its partners cell), unless it has a date or sector of its own.
            (Some(record), true, false) if !self.has(Field::Date) && !self.has(Field::Sector) => {
                let col = self.own.first().map_or(0, |(_, c)| *c);
                Place::Join(Some((Kind::JoinedWithoutTitle { record }, col)))
            }
            (_, true, false) => Place::Record(Some(Kind::RecordWithoutTitle)),
        }
    }

    /// Where a row that lies inside the merged cells of the record above goes: joined,
    /// unless it has a title of its own outside them (a record of its own that shares
    /// a merged cell, its sector or date, with the record above). A title of its own
    /// on a row whose every other cell is its own or merged (as a Word table pasted
    /// into Excel leaves a title of two paragraphs) is joined, with a warning.
    fn inside_record(&self, record: u32) -> Option<Place> {
        if self.in_record.is_empty() {
            return None;
        }
        if self.in_record.contains(&Field::Activity) || !self.owns(Field::Activity) {
            return Some(Place::Join(None));
        }
        if self.gaps || self.in_record.len() < 2 {
            return None;
        }
        // A second paragraph of the title, or a record of its own: the merged cells
        // say the first, but the tool cannot be sure.
        let col = self.column(Field::Activity).unwrap_or(0);
        let range = self.ranges.clone();
        Some(Place::Join(Some((
            Kind::JoinedInsideMerge { range, record },
            col,
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use Field::*;

    fn facts(own: &[Field], in_record: &[Field], merged: &[Field], record: bool) -> RowFacts {
        RowFacts {
            own: own.iter().map(|&f| (f, f.index())).collect(),
            in_record: in_record.to_vec(),
            ranges: String::new(),
            gaps: false,
            merged: merged.to_vec(),
            record: record.then_some(5),
            titles: true,
        }
    }

    #[test]
    fn rows_are_placed_by_what_they_hold_and_what_is_merged_over_them() {
        let join = Place::Join(None);
        let new = Place::Record(None);
        let cases = [
            // Without merged cells.
            (facts(&[Description], &[], &[], true), join),
            (facts(&[Activity], &[], &[], true), Place::Join(None)),
            (facts(&[Activity, Date], &[], &[], true), new),
            (facts(&[Activity], &[], &[], false), Place::Record(None)),
            (
                facts(&[Companies], &[], &[], true),
                Place::Join(Some((Kind::JoinedWithoutTitle { record: 5 }, 5))),
            ),
            (
                facts(&[Companies, Date], &[], &[], true),
                Place::Record(Some(Kind::RecordWithoutTitle)),
            ),
            (
                facts(&[Description], &[], &[], false),
                Place::Reject(
                    "no activity title, and no date, partners or sector: not an activity",
                ),
            ),
            // Inside the record's merged cells: joined, whatever it holds.
            (
                facts(&[Companies], &[Sector, Activity, Date], &[], true),
                Place::Join(None),
            ),
            (
                facts(&[Companies, Date], &[Activity], &[], true),
                Place::Join(None),
            ),
            (
                facts(&[Contact], &[Description], &[], true),
                Place::Join(None),
            ),
            // A date merged over two records: the second has its own title.
            (
                facts(&[Activity, Companies, Sector], &[Date], &[], true),
                Place::Record(None),
            ),
            // Sector and date merged over records with titles of their own.
            (
                RowFacts {
                    gaps: true,
                    ..facts(&[Activity, Companies], &[Sector, Date], &[], true)
                },
                Place::Record(None),
            ),
            // Merged over it from an earlier record: counts as the row's.
            (facts(&[Activity], &[], &[Date], true), Place::Record(None)),
        ];
        for (i, (facts, want)) in cases.into_iter().enumerate() {
            assert_eq!(facts.place(), want, "case {i}: {facts:?}");
        }
        let guess = facts(
            &[Activity, Companies],
            &[Sector, Date, Description],
            &[],
            true,
        )
        .place();
        assert!(
            matches!(
                guess,
                Place::Join(Some((Kind::JoinedInsideMerge { record: 5, .. }, 3)))
            ),
            "{guess:?}"
        );
    }
}
