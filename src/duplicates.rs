//! Possible duplicates across workplans: an activity carried from one workplan to the
//! next with a small edit ("Octopus Conference 2019", then "Octopus Conference 2020")
//! is read as two activities, and both are kept, each with its own workplan; this
//! module finds such pairs so that `review/duplicates.csv` can list them with their
//! similarity, for a person to judge.
//!
//! Two activities may be the same when they come from different workplans, name the
//! same sector (compared by key: case, accents and punctuation aside), have titles
//! whose keys are at least [`MIN_SIMILARITY`] alike (normalised Levenshtein: 1 is the
//! same text), and have compatible dates: undated, or spans less than a year apart.
//!
//! Only pairs that share a rare word of their titles are compared (a word that at most
//! [`MAX_WORD_TITLES`] titles of the sector hold), so a sector of many thousand
//! activities costs a comparison per likely pair, not per pair.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::model::Activity;
use crate::text::key;

/// The least similarity of two titles' keys for a possible duplicate.
pub const MIN_SIMILARITY: f64 = 0.8;

/// Titles holding a word more often than this in one sector are not paired by it.
const MAX_WORD_TITLES: usize = 200;

/// Two activities of different workplans that may be the same, by their positions in
/// the list searched (the first one first), and the similarity of their titles.
#[derive(Debug, Clone, PartialEq)]
pub struct PossibleDuplicate {
    /// The position of the first.
    pub first: usize,
    /// The position of the second.
    pub second: usize,
    /// How alike their titles are, 0 to 1.
    pub similarity: f64,
}

/// An activity as compared: its workplan, title key and span.
struct Entry<'a> {
    at: usize,
    workplan: &'a str,
    title: String,
    span: Option<(NaiveDate, NaiveDate)>,
}

/// The possible duplicates among `activities`, in the order of their first, then
/// second, activity.
pub fn possible_duplicates(activities: &[Activity]) -> Vec<PossibleDuplicate> {
    let mut workplans = activities.iter().filter_map(|a| a.workplan.as_deref());
    let first = workplans.next();
    if workplans.all(|w| Some(w) == first) {
        // One workplan (or none): nothing is across workplans.
        return Vec::new();
    }
    let mut by_sector: HashMap<String, Vec<Entry<'_>>> = HashMap::new();
    for (at, a) in activities.iter().enumerate() {
        let (Some(workplan), Some(sector), Some(title)) = (&a.workplan, &a.sector, &a.activity)
        else {
            continue;
        };
        let (sector, title) = (key(sector), key(title));
        if sector.is_empty() || title.is_empty() {
            continue;
        }
        let span = a.date.start.zip(a.date.end);
        by_sector.entry(sector).or_default().push(Entry {
            at,
            workplan,
            title,
            span,
        });
    }
    let mut found: Vec<PossibleDuplicate> = by_sector
        .values()
        .filter(|entries| entries.iter().any(|e| e.workplan != entries[0].workplan))
        .flat_map(|entries| in_sector(entries))
        .collect();
    found.sort_by_key(|d| (d.first, d.second));
    found
}

/// The possible duplicates among the activities of one sector.
fn in_sector(entries: &[Entry<'_>]) -> Vec<PossibleDuplicate> {
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let words: BTreeSet<&str> = e.title.split(' ').collect();
        for w in words {
            by_word.entry(w).or_default().push(i);
        }
    }
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for holders in by_word.values().filter(|h| h.len() <= MAX_WORD_TITLES) {
        for (n, &i) in holders.iter().enumerate() {
            for &j in &holders[n + 1..] {
                if entries[i].workplan != entries[j].workplan {
                    pairs.insert((i, j));
                }
            }
        }
    }
    pairs
        .into_iter()
        .filter_map(|(i, j)| {
            let (a, b) = (&entries[i], &entries[j]);
            if !compatible(a.span, b.span) {
                return None;
            }
            let similarity = strsim::normalized_levenshtein(&a.title, &b.title);
            (similarity >= MIN_SIMILARITY).then(|| PossibleDuplicate {
                first: a.at.min(b.at),
                second: a.at.max(b.at),
                similarity,
            })
        })
        .collect()
}

/// Whether two spans may be one activity's: either undated, or less than a year apart
/// (an activity carried to the next workplan is often moved on a little).
fn compatible(a: Option<(NaiveDate, NaiveDate)>, b: Option<(NaiveDate, NaiveDate)>) -> bool {
    let (Some((a_start, a_end)), Some((b_start, b_end))) = (a, b) else {
        return true;
    };
    let gap = if a_end < b_start {
        b_start - a_end
    } else if b_end < a_start {
        a_start - b_end
    } else {
        return true;
    };
    gap.num_days() < 366
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DateSpan;

    fn activity(workplan: &str, sector: &str, title: &str, year: Option<i32>) -> Activity {
        let mut a = Activity::example(title, sector);
        a.workplan = Some(workplan.into());
        a.date = match year {
            Some(y) => DateSpan {
                start: NaiveDate::from_ymd_opt(y, 1, 1),
                end: NaiveDate::from_ymd_opt(y, 12, 31),
                ..DateSpan::empty()
            },
            None => DateSpan::empty(),
        };
        a
    }

    #[test]
    fn a_title_carried_to_the_next_workplan_with_a_small_edit_is_found() {
        let acts = [
            activity("2017-2019", "T-CY", "Octopus Conference 2019", Some(2019)),
            // Two years before the activity of the next workplan.
            activity("2017-2019", "T-CY", "Octopus Conference 2018", Some(2018)),
            activity("2020+", "t-cy", "Octopus  Conference 2020", Some(2020)),
            // Same workplan as the one before: not paired with it; two years after
            // the first.
            activity("2020+", "T-CY", "Octopus Conference 2021", Some(2021)),
            // Another sector.
            activity("2017-2019", "PACE", "Octopus Conference 2020", Some(2020)),
            // Dates too far apart.
            activity("2017-2019", "T-CY", "Octopus Conference 2017", Some(2017)),
            // Another title.
            activity(
                "2017-2019",
                "T-CY",
                "Cybercrime Convention Committee plenary",
                None,
            ),
        ];
        let found = possible_duplicates(&acts);
        let pairs: Vec<(usize, usize)> = found.iter().map(|d| (d.first, d.second)).collect();
        assert_eq!(pairs, [(0, 2)]);
        assert!(found
            .iter()
            .all(|d| d.similarity >= MIN_SIMILARITY && d.similarity < 1.0));
    }

    #[test]
    fn undated_or_unlabelled_activities_are_handled() {
        let mut no_workplan = activity("x", "CDCT", "Study on AI", None);
        no_workplan.workplan = None;
        let acts = [
            activity("2017-2019", "CDCT", "Study on AI", None),
            activity("2020+", "CDCT", "Study on AI", Some(2020)),
            no_workplan,
        ];
        let found = possible_duplicates(&acts);
        assert_eq!(
            found,
            [PossibleDuplicate {
                first: 0,
                second: 1,
                similarity: 1.0
            }]
        );
    }

    #[test]
    fn spans_are_compatible_when_they_meet_or_lie_within_a_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let span = |a, b| Some((a, b));
        assert!(compatible(None, span(d(2020, 1, 1), d(2020, 1, 1))));
        assert!(compatible(
            span(d(2019, 1, 1), d(2019, 12, 31)),
            span(d(2020, 6, 1), d(2020, 6, 1))
        ));
        assert!(!compatible(
            span(d(2018, 1, 1), d(2018, 12, 31)),
            span(d(2020, 1, 1), d(2020, 1, 1))
        ));
        assert!(compatible(
            span(d(2020, 1, 1), d(2021, 12, 31)),
            span(d(2020, 3, 1), d(2020, 3, 1))
        ));
    }
}
