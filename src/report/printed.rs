//! Printable reports: a planned [`Report`] becomes a PDF [`Document`].
//!
//! Only wording and structure are decided here (title block, profile, summary tables,
//! chart, legend, one table per group); how it looks is the PDF engine's business.

use super::french;
use crate::config::Lang;
use crate::model::{Activity, SpanStyle, Status};
use crate::text;

use super::plan::{OverviewSummary, PeerColumn, Report};
use super::template::{fill, ReportTemplate};
use crate::pdf::{
    Align, Block, Column, Document, Mark, RowSource, Rows, Table, TableRow, TextStyle,
};

/// Settings that are the same for every report of a run.
#[derive(Debug, Clone, Copy)]
pub struct PrintSettings<'t> {
    /// The wording.
    pub template: &'t ReportTemplate,
    /// Number of source files of the run (for the footer).
    pub files: usize,
    /// Creation date to write (`SOURCE_DATE_EPOCH`); `None` writes a fixed date.
    pub created: Option<i64>,
}

/// The document for one report.
pub fn document<'r>(report: &'r Report<'_>, settings: PrintSettings<'_>) -> Document<'r> {
    let t = settings.template;
    // The files this report is drawn from, as its subtitle lists them.
    let files = if report.sources.is_empty() {
        settings.files
    } else {
        report.sources.len()
    }
    .to_string();
    let mut subtitle = vec![report.covers.clone()];
    if !report.sources.is_empty() {
        subtitle.push(format!(
            "{}: {}",
            t.common.sources_label,
            report.sources.join(", ")
        ));
    }
    let mut blocks = Vec::new();
    if !report.intro.trim().is_empty() {
        blocks.push(Block::Paragraph {
            text: report.intro.clone(),
            style: TextStyle::Normal,
        });
    }
    if !report.profile.is_empty() {
        blocks.push(Block::Heading {
            text: t.partner.profile_heading.clone(),
            level: 1,
            bookmark: true,
        });
        blocks.push(Block::KeyValues(report.profile.clone()));
    }
    if let Some(summary) = &report.summary {
        summary_blocks(summary, t, &mut blocks);
    }
    blocks.push(Block::Legend(vec![
        (Mark::Cancelled, t.common.legend_cancelled.clone()),
        (Mark::Tentative, t.common.legend_tentative.clone()),
    ]));
    if report.rows() == 0 {
        blocks.push(Block::Paragraph {
            text: t.common.no_activities.clone(),
            style: TextStyle::Italic,
        });
    } else {
        blocks.push(Block::Paragraph {
            text: t.common.date_written_note.clone(),
            style: TextStyle::Muted,
        });
    }
    for section in &report.sections {
        if section.groups.iter().all(|g| g.rows.is_empty()) {
            continue;
        }
        blocks.push(Block::Heading {
            text: section.heading.clone(),
            level: 1,
            bookmark: true,
        });
        if let Some(intro) = &section.intro {
            blocks.push(Block::Paragraph {
                text: intro.clone(),
                style: TextStyle::Small,
            });
        }
        for group in &section.groups {
            if let Some(h) = &group.heading {
                blocks.push(Block::Heading {
                    text: h.clone(),
                    level: 2,
                    bookmark: true,
                });
            }
            blocks.push(Block::Table(activity_table(&group.rows, report.peer, t)));
        }
    }
    Document {
        lang: t.lang().tag().to_owned(),
        attachments: Vec::new(),
        title: report.title.clone(),
        subtitle,
        blocks,
        footer_left: fill(&t.common.footer, &[("files", &files)]),
        landscape: false,
        created: settings.created,
    }
}

fn summary_blocks(s: &OverviewSummary, t: &ReportTemplate, blocks: &mut Vec<Block<'_>>) {
    let o = &t.overview;
    blocks.push(Block::Heading {
        text: o.summary_heading.clone(),
        level: 1,
        bookmark: true,
    });
    blocks.push(Block::KeyValues(s.totals.clone()));

    blocks.push(Block::Heading {
        text: o.by_sector_heading.clone(),
        level: 2,
        bookmark: true,
    });
    blocks.push(Block::Table(Table {
        columns: vec![
            Column {
                label: t.columns.number.clone(),
                width: 0.4,
                align: Align::Right,
                titled: false,
            },
            Column {
                label: t.columns.sector.clone(),
                width: 4.0,
                align: Align::Left,
                titled: false,
            },
            number_column(&o.activities_label),
            number_column(&o.cancelled_label),
            number_column(&o.tentative_label),
        ],
        rows: s
            .sectors
            .iter()
            .enumerate()
            .map(|(i, (name, n, cancelled, tentative))| TableRow {
                cells: vec![
                    (i + 1).to_string(),
                    name.clone(),
                    n.to_string(),
                    cancelled.to_string(),
                    tentative.to_string(),
                ],
                mark: Mark::None,
            })
            .collect::<Vec<_>>()
            .into(),
    }));
    blocks.push(Block::BarChart {
        title: o.chart_title.clone(),
        bars: s
            .sectors
            .iter()
            .map(|(name, n, _, _)| (name.clone(), *n as f64))
            .collect(),
    });

    if s.partners.is_empty() {
        return;
    }
    partner_blocks(s, t, blocks);
}

/// The overview's table of partners, then its participation tables (partners by sector).
fn partner_blocks(s: &OverviewSummary, t: &ReportTemplate, blocks: &mut Vec<Block<'_>>) {
    let o = &t.overview;
    blocks.push(Block::Heading {
        text: o.by_partner_heading.clone(),
        level: 2,
        bookmark: true,
    });
    blocks.push(Block::Table(Table {
        columns: vec![
            Column {
                label: t.columns.partners.clone(),
                width: 3.0,
                align: Align::Left,
                titled: false,
            },
            number_column(&o.activities_label),
        ],
        rows: s
            .partners
            .iter()
            .map(|(p, n)| TableRow {
                cells: vec![p.clone(), n.to_string()],
                mark: Mark::None,
            })
            .collect::<Vec<_>>()
            .into(),
    }));

    blocks.push(Block::Heading {
        text: o.participation_heading.clone(),
        level: 2,
        bookmark: true,
    });
    blocks.push(Block::Paragraph {
        text: o.participation_intro.clone(),
        style: TextStyle::Small,
    });
    participation_tables(s, t, blocks);
}

/// The participation of each partner in each sector: one row per partner naming the
/// sectors it took part in with its count in each, so that the table fits the page
/// however many sectors there are and needs no key.
fn participation_tables(s: &OverviewSummary, t: &ReportTemplate, blocks: &mut Vec<Block<'_>>) {
    let columns = vec![
        Column {
            label: t.columns.partners.clone(),
            width: 2.2,
            align: Align::Left,
            titled: false,
        },
        Column {
            label: t.overview.by_sector_heading.clone(),
            width: 6.0,
            align: Align::Left,
            titled: false,
        },
    ];
    let rows = s
        .partners
        .iter()
        .zip(&s.participation)
        .filter(|(_, per)| per.iter().any(|&n| n > 0))
        .map(|((p, _), per)| {
            let sectors = s
                .sectors
                .iter()
                .zip(per)
                .filter(|(_, &n)| n > 0)
                .map(|((name, ..), n)| format!("{name} {n}"))
                .collect::<Vec<_>>()
                .join(" · ");
            TableRow {
                cells: vec![p.clone(), sectors],
                mark: Mark::None,
            }
        })
        .collect::<Vec<_>>()
        .into();
    blocks.push(Block::Table(Table { columns, rows }));
}

/// A column of counts.
fn number_column(label: &str) -> Column {
    Column {
        label: label.to_owned(),
        width: 0.9,
        align: Align::Right,
        titled: false,
    }
}

/// The activity table of one group.
fn activity_table<'r>(rows: &'r [&'r Activity], peer: PeerColumn, t: &ReportTemplate) -> Table<'r> {
    let c = &t.columns;
    let col = |label: &str, width: f32| Column {
        label: label.to_owned(),
        width,
        align: Align::Left,
        titled: false,
    };
    let peer_label = match peer {
        PeerColumn::Partners => &c.partners,
        PeerColumn::Sector => &c.sector,
    };
    Table {
        columns: vec![
            col(&c.date_written, 1.15),
            col(&c.date_normalised, 1.25),
            Column {
                titled: true,
                ..col(&c.activity, 3.6)
            },
            col(peer_label, 1.7),
            col(&c.status, 0.8),
        ],
        // Made as the table is laid out: a large report's rows are never all in memory.
        rows: Rows::Made(Box::new(ActivityTableRows {
            rows,
            peer,
            words: CellWords::new(t),
        })),
    }
}

/// The rows of an activity table, made from the activities one at a time.
struct ActivityTableRows<'r> {
    rows: &'r [&'r Activity],
    peer: PeerColumn,
    words: CellWords,
}

/// The wording of the cells of an activity table: its partners, status and dates.
struct CellWords {
    all_partners: String,
    also: String,
    none_named: String,
    to_be_determined: String,
    planned: String,
    cancelled: String,
    lang: Lang,
}

impl CellWords {
    fn new(t: &ReportTemplate) -> Self {
        let c = &t.common;
        CellWords {
            all_partners: c.all_partners.clone(),
            also: c.also.clone(),
            none_named: c.none_named.clone(),
            to_be_determined: c.to_be_determined.clone(),
            planned: c.planned.clone(),
            cancelled: c.cancelled.clone(),
            lang: t.lang(),
        }
    }
}

impl RowSource for ActivityTableRows<'_> {
    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, index: usize, row: &mut TableRow) {
        let a = self.rows[index];
        row.cells.resize_with(5, String::new);
        let [written, normalised, activity, peer, status] = &mut row.cells[..] else {
            unreachable!("five cells");
        };
        // Words broken by line wrapping in the source ("Strasbour g") are joined again
        // here, as the legend says; the CSV keeps the date exactly as written.
        written.clear();
        written.push_str(&text::clean(&a.date.text).text);
        *normalised = match self.words.lang {
            Lang::En => a.date.display(SpanStyle::Range).to_string(),
            Lang::Fr => french::span(&a.date),
        };
        activity_cell(a, activity);
        match self.peer {
            PeerColumn::Partners => partners_cell(a, &self.words, peer),
            PeerColumn::Sector => {
                peer.clear();
                peer.push_str(a.sector.as_deref().unwrap_or(""));
            }
        }
        status.clear();
        status.push_str(match a.status {
            Status::Planned => &self.words.planned,
            Status::Cancelled => &self.words.cancelled,
        });
        row.mark = if a.status == Status::Cancelled {
            Mark::Cancelled
        } else if a.date.tentative {
            Mark::Tentative
        } else {
            Mark::None
        };
    }
}

/// The title on the first line (its own line breaks made spaces), then the description,
/// into `out`: the cell of a titled column (an empty first line when there is no title).
fn activity_cell(a: &Activity, out: &mut String) {
    out.clear();
    if let Some(t) = a.activity.as_deref() {
        out.extend(t.chars().map(|c| if c == '\n' { ' ' } else { c }));
    }
    if let Some(d) = a.description.as_deref().filter(|d| !d.is_empty()) {
        out.push('\n');
        out.push_str(d);
    }
}

/// Partners, "All partners", then other organisations and unmatched names as written,
/// into `out`; "to be determined" for a placeholder ("TBD"), "none named" for nothing.
fn partners_cell(a: &Activity, words: &CellWords, out: &mut String) {
    out.clear();
    if a.partners.is_empty()
        && !a.all_partners
        && a.other_organisations.is_empty()
        && a.unmatched.is_empty()
    {
        out.push_str(if a.participants_to_be_determined() {
            &words.to_be_determined
        } else {
            &words.none_named
        });
        return;
    }
    let all = a.all_partners.then_some(&*words.all_partners);
    for (i, name) in all
        .into_iter()
        .chain(a.partners.iter().map(|n| &**n))
        .enumerate()
    {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
    }
    let mut others = a.other_organisations.iter().chain(&a.unmatched).peekable();
    if others.peek().is_some() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&words.also);
        out.push(' ');
        for (i, name) in others.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn activity(title: Option<&str>, description: Option<&str>) -> Activity {
        let mut a = Activity::example("", "Data protection");
        a.activity = title.map(Arc::from);
        a.description = description.map(Arc::from);
        a.date.text = "March 2025 (tbc)".into();
        a.date.tentative = true;
        a
    }

    /// Each row as its own fresh `TableRow`, and all rows through one reused `TableRow`.
    fn rows_both_ways(source: &ActivityTableRows<'_>) -> (Vec<TableRow>, Vec<TableRow>) {
        let fresh = (0..source.len())
            .map(|i| {
                let mut row = TableRow::default();
                source.row(i, &mut row);
                row
            })
            .collect();
        let mut scratch = TableRow::default();
        let reused = (0..source.len())
            .map(|i| {
                source.row(i, &mut scratch);
                scratch.clone()
            })
            .collect();
        (fresh, reused)
    }

    #[test]
    fn activity_rows_are_made_alike_into_a_reused_row() {
        let mut full = activity(Some("Workshop"), Some("On AI and\nhuman rights"));
        full.partners = vec![Arc::from("Microsoft"), Arc::from("Google")].into();
        full.all_partners = true;
        full.unmatched = vec![Arc::from("Acme Ltd")].into();
        full.status = Status::Cancelled;
        let mut others_only = activity(None, Some("Study"));
        others_only.other_organisations = vec![Arc::from("UNESCO")].into();
        let bare = activity(Some("Meeting"), None);
        let mut tbd = activity(Some("Study\nin two lines"), Some("On AI"));
        tbd.notes = vec![Arc::from(crate::model::placeholder_note("TBD"))].into();
        tbd.date.text = "Four meetings in Strasbour g (Septemb er 2020)".into();
        let acts = [full, others_only, bare, tbd];
        let refs: Vec<&Activity> = acts.iter().collect();

        let words = || CellWords::new(&ReportTemplate::default());
        let partners = ActivityTableRows {
            rows: &refs,
            peer: PeerColumn::Partners,
            words: words(),
        };
        let (fresh, reused) = rows_both_ways(&partners);
        // A reused row keeps nothing of the row before it.
        assert_eq!(fresh, reused);
        fn cells(r: &TableRow) -> Vec<&str> {
            r.cells.iter().map(String::as_str).collect()
        }
        assert_eq!(
            cells(&fresh[0]),
            [
                "March 2025 (tbc)",
                "(not read)",
                "Workshop\nOn AI and\nhuman rights",
                "All partners, Microsoft, Google\nAlso: Acme Ltd",
                "cancelled"
            ]
        );
        assert_eq!(fresh[0].mark, Mark::Cancelled);
        // No title: the cell starts with its line break, so the description is not bold.
        assert_eq!(cells(&fresh[1])[2..4], ["\nStudy", "Also: UNESCO"]);
        assert_eq!(fresh[1].mark, Mark::Tentative);
        assert_eq!(cells(&fresh[2])[2..4], ["Meeting", "none named"]);
        // A placeholder ("TBD") is printed as such; the title is one line; the date's
        // line-wrap breaks are joined.
        assert_eq!(
            cells(&fresh[3])[..4],
            [
                "Four meetings in Strasbourg (September 2020)",
                "(not read)",
                "Study in two lines\nOn AI",
                "to be determined"
            ]
        );

        let sectors = ActivityTableRows {
            rows: &refs,
            peer: PeerColumn::Sector,
            words: words(),
        };
        let (fresh, reused) = rows_both_ways(&sectors);
        assert_eq!(fresh, reused);
        assert!(fresh.iter().all(|r| r.cells[3] == "Data protection"));
    }
}
