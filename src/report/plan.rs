//! What each report contains: the activities of a sector, of a partner, of a year,
//! grouped and ordered, with the texts around them. Pure: no files, no PDF.
//!
//! Every report is planned here once and then written twice, as CSV
//! ([`super::tables`]) and as PDF ([`super::printed`]), so both always hold the same
//! rows in the same order.

use std::collections::{BTreeMap, BTreeSet};

// Keyed by our own texts; where iterated, what is made does not depend on the order.
use rustc_hash::FxHashMap as HashMap;

use chrono::Datelike;

use crate::config::Lang;
use crate::model::{Activity, DateSpan, Status};
use crate::registry::{PartialDate, PartnerKind, PartnerRegistry};
use crate::text;

use super::french;
use super::slug::SlugSet;
use super::template::{fill, ReportTemplate};

/// The kinds of report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportKind {
    /// All activities of one sector (`sectors/<slug>`).
    Sector,
    /// All activities of one partner (`partners/<slug>`).
    Partner,
    /// The annual overview (`overview-<year>`), or the undated activities.
    Overview,
}

impl ReportKind {
    /// The name used in `index.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Sector => "sector",
            ReportKind::Partner => "partner",
            ReportKind::Overview => "overview",
        }
    }
}

/// What the fourth column of an activity table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerColumn {
    /// The partners taking part (sector reports, overviews).
    Partners,
    /// The sector (partner reports).
    Sector,
}

/// A run of activities under one heading, in print order.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// Level-2 heading, if the section is divided.
    pub heading: Option<String>,
    /// Values of the report's grouping columns ([`Report::group_columns`]).
    pub keys: Vec<String>,
    /// The activities, ordered by date (undated last), then input order.
    pub rows: Vec<&'a Activity>,
}

/// A level-1 section of a report (bookmarked in the PDF).
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The heading.
    pub heading: String,
    /// A paragraph under the heading, if any.
    pub intro: Option<String>,
    /// The groups, in order.
    pub groups: Vec<Group<'a>>,
}

/// The summary that opens an annual overview.
#[derive(Debug, Clone, Default)]
pub struct OverviewSummary {
    /// Totals: (label, value).
    pub totals: Vec<(String, String)>,
    /// Per sector, in the order of the sections: display name, activities, cancelled,
    /// tentative.
    pub sectors: Vec<(String, usize, usize, usize)>,
    /// Per partner named in the year's activities, by name: activities named in.
    pub partners: Vec<(String, usize)>,
    /// Activities per partner (rows, same order as `partners`) and sector (columns, same
    /// order as `sectors`).
    pub participation: Vec<Vec<usize>>,
}

/// One planned report.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// Its kind.
    pub kind: ReportKind,
    /// Path inside the output folder, without extension (`sectors/cdppe`).
    pub stem: String,
    /// The title.
    pub title: String,
    /// What it covers, one line.
    pub covers: String,
    /// Source files of the activities it lists, sorted.
    pub sources: Vec<String>,
    /// Introductory paragraph (may be empty).
    pub intro: String,
    /// A profile printed before the tables (partner reports): (label, value).
    pub profile: Vec<(String, String)>,
    /// The summary (annual overviews).
    pub summary: Option<OverviewSummary>,
    /// Names of the grouping columns that open each CSV row.
    pub group_columns: Vec<&'static str>,
    /// What the fourth table column shows.
    pub peer: PeerColumn,
    /// The sections.
    pub sections: Vec<Section<'a>>,
}

impl Report<'_> {
    /// Number of activity rows (a row per activity per group).
    pub fn rows(&self) -> usize {
        self.sections
            .iter()
            .flat_map(|s| &s.groups)
            .map(|g| g.rows.len())
            .sum()
    }
}

/// Sectors under one canonical key, with the most common spelling as display name.
#[derive(Debug, Clone, Default)]
pub struct SectorIndex {
    /// Key → display name.
    display: HashMap<String, String>,
    /// Sector as written → display name: the key is built once per spelling, not once
    /// per activity and report.
    by_spelling: HashMap<std::sync::Arc<str>, String>,
}

/// The display name of activities without a sector.
pub const NO_SECTOR: &str = "(no sector)";

impl SectorIndex {
    /// Counts the spellings of every sector; a key's display name is its most common
    /// spelling, the first seen among equals.
    pub fn new(activities: &[Activity]) -> Self {
        // Sector as written (none: no sector) -> (count, first position): each spelling
        // is keyed once, not once per activity.
        let mut written: HashMap<Option<&str>, (usize, usize)> = HashMap::default();
        for (i, a) in activities.iter().enumerate() {
            written.entry(a.sector.as_deref()).or_insert((0, i)).0 += 1;
        }
        // key -> spelling -> (count, first position)
        let mut spellings: HashMap<String, HashMap<&str, (usize, usize)>> = HashMap::default();
        for (sector, (count, first)) in written {
            let key = sector.map(text::key).unwrap_or_default();
            let e = spellings
                .entry(key)
                .or_default()
                .entry(sector.unwrap_or(NO_SECTOR))
                .or_insert((0, first));
            e.0 += count;
            e.1 = e.1.min(first);
        }
        let display = spellings
            .into_iter()
            .map(|(key, names)| {
                let best = names
                    .into_iter()
                    .min_by_key(|&(_, (count, first))| (std::cmp::Reverse(count), first))
                    .map(|(name, _)| name.to_owned())
                    .unwrap_or_default();
                (key, best)
            })
            .collect::<HashMap<String, String>>();
        let mut by_spelling = HashMap::default();
        for a in activities {
            if let Some(sector) = &a.sector {
                if !by_spelling.contains_key(sector) {
                    let name = display.get(&sector_key(a)).cloned();
                    by_spelling.insert(sector.clone(), name.unwrap_or_else(|| NO_SECTOR.into()));
                }
            }
        }
        SectorIndex {
            display,
            by_spelling,
        }
    }

    /// The display name of an activity's sector.
    pub fn display<'s>(&'s self, a: &Activity) -> &'s str {
        if let Some(name) = a.sector.as_ref().and_then(|s| self.by_spelling.get(s)) {
            return name;
        }
        self.display
            .get(&sector_key(a))
            .map_or(NO_SECTOR, String::as_str)
    }
}

/// The canonical key of an activity's sector ("" when it has none).
fn sector_key(a: &Activity) -> String {
    a.sector.as_deref().map(text::key).unwrap_or_default()
}

/// The year an activity is listed under in sector and partner reports: the year it
/// starts (or ends, when only the end is known).
pub fn listing_year(d: &DateSpan) -> Option<i32> {
    d.start.or(d.end).map(|d| d.year())
}

/// Every report for these activities, in a stable order: sectors, partners, overviews.
pub fn plan<'a>(
    activities: &'a [Activity],
    registry: &PartnerRegistry,
    template: &ReportTemplate,
) -> Vec<Report<'a>> {
    let sectors = SectorIndex::new(activities);
    let mut reports = sector_reports(activities, &sectors, template);
    reports.extend(partner_reports(activities, registry, template));
    reports.extend(overviews(activities, &sectors, template));
    reports
}

fn sources<'a>(rows: impl IntoIterator<Item = &'a Activity>) -> Vec<String> {
    rows.into_iter()
        .map(|a| &*a.source.file)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Date order, undated last; the sort is stable, so equal dates keep input order.
fn sort_by_date(rows: &mut [&Activity]) {
    rows.sort_by_key(|a| (a.date.start.is_none(), a.date.start, a.date.end));
}

/// Groups rows by listing year; undated last under `undated`.
fn by_year<'a>(rows: Vec<&'a Activity>) -> Vec<(Option<i32>, Vec<&'a Activity>)> {
    let mut years: BTreeMap<(bool, Option<i32>), Vec<&'a Activity>> = BTreeMap::new();
    for a in rows {
        let y = listing_year(&a.date);
        years.entry((y.is_none(), y)).or_default().push(a);
    }
    years
        .into_iter()
        .map(|((_, y), mut rows)| {
            sort_by_date(&mut rows);
            (y, rows)
        })
        .collect()
}

fn year_label(y: Option<i32>, t: &ReportTemplate) -> String {
    y.map_or_else(|| t.common.undated_heading.clone(), |y| y.to_string())
}

fn sector_reports<'a>(
    activities: &'a [Activity],
    sectors: &SectorIndex,
    t: &ReportTemplate,
) -> Vec<Report<'a>> {
    let mut by_sector: BTreeMap<String, Vec<&'a Activity>> = BTreeMap::new();
    for a in activities {
        by_sector
            .entry(sectors.display(a).to_owned())
            .or_default()
            .push(a);
    }
    // Sorted by key so slugs and their collision suffixes are the same on every run.
    let mut names: Vec<String> = by_sector.keys().cloned().collect();
    names.sort_by_cached_key(|n| (text::key(n), n.clone()));
    let mut slugs = SlugSet::new();
    names
        .into_iter()
        .map(|name| {
            let rows = by_sector.remove(&name).unwrap_or_default();
            let count = rows.len().to_string();
            let values = [("sector", name.as_str()), ("count", count.as_str())];
            let sources = sources(rows.iter().copied());
            let sections = by_year(rows)
                .into_iter()
                .map(|(y, rows)| Section {
                    heading: year_label(y, t),
                    intro: None,
                    groups: vec![Group {
                        heading: None,
                        keys: vec![name.clone(), y.map(|y| y.to_string()).unwrap_or_default()],
                        rows,
                    }],
                })
                .collect();
            Report {
                kind: ReportKind::Sector,
                stem: format!("sectors/{}", slugs.unique(&name)),
                title: fill(&t.sector.title, &values),
                covers: fill(&t.sector.covers, &values),
                sources,
                intro: fill(&t.sector.intro, &values),
                profile: Vec::new(),
                summary: None,
                group_columns: vec!["report_sector", "report_year"],
                peer: PeerColumn::Partners,
                sections,
            }
        })
        .collect()
}

/// Whether a dated activity falls in the years a partner who joined at `joined` was a
/// partner (from the year it joined on). Undated activities are listed apart.
fn while_partner(a: &Activity, joined: Option<PartialDate>) -> bool {
    match (joined, a.date.end.or(a.date.start)) {
        (Some(j), Some(last)) => last.year() >= j.year,
        _ => true,
    }
}

fn partner_reports<'a>(
    activities: &'a [Activity],
    registry: &PartnerRegistry,
    t: &ReportTemplate,
) -> Vec<Report<'a>> {
    let mut named: HashMap<&str, Vec<&'a Activity>> = HashMap::default();
    for a in activities {
        for p in &a.partners {
            named.entry(&**p).or_default().push(a);
        }
    }
    let open: Vec<&'a Activity> = activities.iter().filter(|a| a.all_partners).collect();
    let mut partners: Vec<_> = registry.partners().iter().collect();
    partners.sort_by_cached_key(|p| (text::key(&p.name), p.name.clone()));
    let mut slugs = SlugSet::new();
    partners
        .into_iter()
        .map(|p| {
            let mine = named.remove(p.name.as_str()).unwrap_or_default();
            let theirs: Vec<&'a Activity> = open
                .iter()
                .copied()
                .filter(|a| {
                    !a.partners.iter().any(|n| **n == *p.name) && while_partner(a, p.joined)
                })
                .collect();
            let count = (mine.len() + theirs.len()).to_string();
            let values = [("partner", p.name.as_str()), ("count", count.as_str())];
            let sources = sources(mine.iter().chain(&theirs).copied());

            let kind = match p.kind {
                PartnerKind::Company => &t.partner.company,
                PartnerKind::Association => &t.partner.association,
            };
            let mut profile = vec![(t.partner.kind.clone(), kind.clone())];
            let date = |d: PartialDate| match t.lang() {
                Lang::En => d.to_string(),
                Lang::Fr => french::partial(d),
            };
            let joined = match (p.joined, &p.joined_source) {
                (Some(d), Some(src)) => format!("{} ({src})", date(d)),
                (Some(d), None) => date(d),
                (None, _) => t.partner.joined_unknown.clone(),
            };
            profile.push((t.partner.joined.clone(), joined));
            if !p.aliases.is_empty() {
                profile.push((t.partner.other_names.clone(), p.aliases.join(", ")));
            }
            for r in &p.renames {
                let mut text = r.to.clone();
                if let Some(d) = r.date {
                    text.push_str(&format!(", {}", date(d)));
                }
                if let Some(src) = &r.source {
                    text.push_str(&format!(" ({src})"));
                }
                profile.push((t.partner.renamed.clone(), text));
            }
            if let Some(note) = &p.note {
                profile.push((t.partner.note.clone(), note.clone()));
            }

            let section = |heading: &str, intro: Option<String>, how: &str, rows| Section {
                heading: heading.to_owned(),
                intro,
                groups: by_year(rows)
                    .into_iter()
                    .map(|(y, rows)| Group {
                        heading: Some(year_label(y, t)),
                        keys: vec![
                            p.name.clone(),
                            how.to_owned(),
                            y.map(|y| y.to_string()).unwrap_or_default(),
                        ],
                        rows,
                    })
                    .collect(),
            };
            let sections = vec![
                section(&t.partner.activities_heading, None, "named", mine),
                section(
                    &t.partner.open_heading,
                    Some(fill(&t.partner.open_intro, &values)),
                    "open to all partners",
                    theirs,
                ),
            ];
            Report {
                kind: ReportKind::Partner,
                stem: format!("partners/{}", slugs.unique(&p.name)),
                title: fill(&t.partner.title, &values),
                covers: fill(&t.partner.covers, &values),
                sources,
                intro: fill(&t.partner.intro, &values),
                profile,
                summary: None,
                group_columns: vec!["report_partner", "report_participation", "report_year"],
                peer: PeerColumn::Sector,
                sections,
            }
        })
        .collect()
}

/// The years that get an overview: every year in which some activity starts or ends.
/// An activity spanning several years appears in the overview of each year it touches.
pub fn overview_years(activities: &[Activity]) -> BTreeSet<i32> {
    activities
        .iter()
        .flat_map(|a| [a.date.start, a.date.end])
        .flatten()
        .map(|d| d.year())
        .collect()
}

fn overviews<'a>(
    activities: &'a [Activity],
    sectors: &SectorIndex,
    t: &ReportTemplate,
) -> Vec<Report<'a>> {
    let years = overview_years(activities);
    let mut out: Vec<Report<'a>> = years
        .iter()
        .map(|&year| {
            let rows: Vec<&'a Activity> = activities
                .iter()
                .filter(|a| a.date.touches_year(year))
                .collect();
            let y = year.to_string();
            overview(
                rows,
                sectors,
                t,
                &y,
                &t.overview.title,
                &t.overview.covers,
                &format!("overview-{year}"),
            )
        })
        .collect();
    let undated: Vec<&'a Activity> = activities
        .iter()
        .filter(|a| a.date.start.is_none() && a.date.end.is_none())
        .collect();
    if !undated.is_empty() {
        out.push(overview(
            undated,
            sectors,
            t,
            "undated",
            &t.overview.undated_title,
            &t.overview.undated_covers,
            "overview-undated",
        ));
    }
    out
}

fn overview<'a>(
    rows: Vec<&'a Activity>,
    sectors: &SectorIndex,
    t: &ReportTemplate,
    year: &str,
    title: &str,
    covers: &str,
    stem: &str,
) -> Report<'a> {
    let count = rows.len().to_string();
    let values = [("year", year), ("count", count.as_str())];
    let sources = sources(rows.iter().copied());
    let mut by_name: HashMap<&str, Vec<&'a Activity>> = HashMap::default();
    for a in &rows {
        by_name.entry(sectors.display(a)).or_default().push(a);
    }
    let by_sector: BTreeMap<(String, String), Vec<&'a Activity>> = by_name
        .into_iter()
        .map(|(name, list)| ((text::key(name), name.to_owned()), list))
        .collect();

    let mut summary = OverviewSummary::default();
    let mut partner_counts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let n_sectors = by_sector.len();
    let mut sections = Vec::with_capacity(n_sectors);
    for (i, ((_, name), mut list)) in by_sector.into_iter().enumerate() {
        sort_by_date(&mut list);
        let cancelled = list
            .iter()
            .filter(|a| a.status == Status::Cancelled)
            .count();
        let tentative = list.iter().filter(|a| a.date.tentative).count();
        summary
            .sectors
            .push((name.clone(), list.len(), cancelled, tentative));
        for a in &list {
            for p in &a.partners {
                partner_counts
                    .entry(&**p)
                    .or_insert_with(|| vec![0; n_sectors])[i] += 1;
            }
        }
        sections.push(Section {
            heading: format!("{}. {name}", i + 1),
            intro: None,
            groups: vec![Group {
                heading: None,
                keys: vec![year.to_owned(), name],
                rows: list,
            }],
        });
    }
    let mut partners: Vec<(&str, Vec<usize>)> = partner_counts.into_iter().collect();
    partners.sort_by_cached_key(|(p, _)| text::key(p));
    for (p, per_sector) in partners {
        summary
            .partners
            .push((p.to_owned(), per_sector.iter().sum()));
        summary.participation.push(per_sector);
    }
    let o = &t.overview;
    let cancelled = rows
        .iter()
        .filter(|a| a.status == Status::Cancelled)
        .count();
    let tentative = rows.iter().filter(|a| a.date.tentative).count();
    let open = rows.iter().filter(|a| a.all_partners).count();
    summary.totals = vec![
        (o.activities_label.clone(), rows.len().to_string()),
        (o.sectors_label.clone(), n_sectors.to_string()),
        (o.partners_label.clone(), summary.partners.len().to_string()),
        (o.cancelled_label.clone(), cancelled.to_string()),
        (o.tentative_label.clone(), tentative.to_string()),
        (o.open_to_all_label.clone(), open.to_string()),
    ];
    Report {
        kind: ReportKind::Overview,
        stem: stem.to_owned(),
        title: fill(title, &values),
        covers: fill(covers, &values),
        sources,
        intro: String::new(),
        profile: Vec::new(),
        summary: Some(summary),
        group_columns: vec!["report_year", "report_sector"],
        peer: PeerColumn::Partners,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Precision;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn activity(
        title: &str,
        sector: &str,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> Activity {
        let mut a = Activity::example(title, sector);
        a.date.start = start;
        a.date.end = end;
        a.date.precision = start.map(|_| Precision::Day);
        a
    }

    #[test]
    fn sector_spellings_share_one_key_and_the_most_common_name() {
        let acts = vec![
            activity("a", "Information society / data protection", None, None),
            activity("b", "Information society / Data protection", None, None),
            activity("c", "Information society / Data protection", None, None),
            activity("d", "CDPPE", None, None),
        ];
        let idx = SectorIndex::new(&acts);
        assert_eq!(
            idx.display(&acts[0]),
            "Information society / Data protection"
        );
        assert_eq!(idx.display(&acts[3]), "CDPPE");
        let reports = sector_reports(&acts, &idx, &ReportTemplate::default());
        assert_eq!(reports.len(), 2);
        let names: Vec<&str> = reports.iter().map(|r| r.stem.as_str()).collect();
        assert_eq!(
            names,
            [
                "sectors/cdppe",
                "sectors/information-society-data-protection"
            ]
        );
        assert_eq!(reports[1].rows(), 3);
    }

    #[test]
    fn multi_year_activity_is_in_each_overview_and_listed_once_per_sector() {
        let acts = vec![
            activity("long", "S", day(2020, 3, 1), day(2021, 6, 1)),
            activity("early", "S", day(2019, 1, 1), day(2019, 1, 1)),
            activity("undated", "S", None, None),
        ];
        let idx = SectorIndex::new(&acts);
        let t = ReportTemplate::default();
        let ov = overviews(&acts, &idx, &t);
        let stems: Vec<&str> = ov.iter().map(|r| r.stem.as_str()).collect();
        assert_eq!(
            stems,
            [
                "overview-2019",
                "overview-2020",
                "overview-2021",
                "overview-undated"
            ]
        );
        assert_eq!(ov[1].rows(), 1);
        assert_eq!(ov[2].rows(), 1);
        let sector = &sector_reports(&acts, &idx, &t)[0];
        let headings: Vec<&str> = sector.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["2019", "2020", "Undated"]);
        assert_eq!(sector.rows(), 3);
    }

    #[test]
    fn rows_are_in_date_order_with_ties_in_input_order() {
        let acts = vec![
            activity("second", "S", day(2020, 5, 1), day(2020, 5, 1)),
            activity("first", "S", day(2020, 1, 1), day(2020, 1, 1)),
            activity("third", "S", day(2020, 5, 1), day(2020, 5, 1)),
        ];
        let idx = SectorIndex::new(&acts);
        let r = &sector_reports(&acts, &idx, &ReportTemplate::default())[0];
        let titles: Vec<&str> = r.sections[0].groups[0]
            .rows
            .iter()
            .map(|a| a.activity.as_deref().unwrap())
            .collect();
        assert_eq!(titles, ["first", "second", "third"]);
    }
}
