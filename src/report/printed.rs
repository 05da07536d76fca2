//! Printable reports: a planned [`Report`] becomes a PDF [`Document`].
//!
//! Only wording and structure are decided here (title block, profile, summary tables,
//! chart, legend, one table per group); how it looks is the PDF engine's business.

use crate::model::{Activity, Status};

use super::pdf::{Align, Block, Column, Document, Mark, Table, TableRow, TextStyle};
use super::plan::{format_span, OverviewSummary, PeerColumn, Report};
use super::template::{fill, ReportTemplate};

/// How many sector columns a participation table holds before it is continued in
/// another table: beyond that, the columns get too narrow to read.
const PARTICIPATION_COLUMNS: usize = 10;

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
pub fn document(report: &Report<'_>, settings: PrintSettings<'_>) -> Document {
    let t = settings.template;
    let files = settings.files.to_string();
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
        title: report.title.clone(),
        subtitle,
        blocks,
        footer_left: fill(&t.common.footer, &[("files", &files)]),
        landscape: false,
        created: settings.created,
    }
}

fn summary_blocks(s: &OverviewSummary, t: &ReportTemplate, blocks: &mut Vec<Block>) {
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
    let number = |label: &str| Column {
        label: label.to_owned(),
        width: 0.9,
        align: Align::Right,
    };
    blocks.push(Block::Table(Table {
        columns: vec![
            Column {
                label: "No.".into(),
                width: 0.4,
                align: Align::Right,
            },
            Column {
                label: t.columns.sector.clone(),
                width: 4.0,
                align: Align::Left,
            },
            number(&o.activities_label),
            number(&o.cancelled_label),
            number(&o.tentative_label),
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
            .collect(),
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
            },
            number(&o.activities_label),
        ],
        rows: s
            .partners
            .iter()
            .map(|(p, n)| TableRow {
                cells: vec![p.clone(), n.to_string()],
                mark: Mark::None,
            })
            .collect(),
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
    let n_sectors = s.sectors.len();
    for first in (0..n_sectors).step_by(PARTICIPATION_COLUMNS) {
        let last = (first + PARTICIPATION_COLUMNS).min(n_sectors);
        let mut columns = vec![Column {
            label: t.columns.partners.clone(),
            width: 2.2,
            align: Align::Left,
        }];
        columns.extend((first..last).map(|i| Column {
            label: (i + 1).to_string(),
            width: 0.45,
            align: Align::Right,
        }));
        let rows = s
            .partners
            .iter()
            .zip(&s.participation)
            .filter(|(_, per)| per[first..last].iter().any(|&n| n > 0))
            .map(|((p, _), per)| {
                let mut cells = vec![p.clone()];
                cells.extend(per[first..last].iter().map(|&n| {
                    if n == 0 {
                        String::new()
                    } else {
                        n.to_string()
                    }
                }));
                TableRow {
                    cells,
                    mark: Mark::None,
                }
            })
            .collect();
        blocks.push(Block::Table(Table { columns, rows }));
    }
}

/// The activity table of one group.
fn activity_table(rows: &[&Activity], peer: PeerColumn, t: &ReportTemplate) -> Table {
    let c = &t.columns;
    let col = |label: &str, width: f32| Column {
        label: label.to_owned(),
        width,
        align: Align::Left,
    };
    let peer_label = match peer {
        PeerColumn::Partners => &c.partners,
        PeerColumn::Sector => &c.sector,
    };
    Table {
        columns: vec![
            col(&c.date_written, 1.15),
            col(&c.date_normalised, 1.25),
            col(&c.activity, 3.6),
            col(peer_label, 1.7),
            col(&c.status, 0.8),
        ],
        rows: rows
            .iter()
            .map(|a| TableRow {
                cells: vec![
                    a.date.text.clone(),
                    format_span(&a.date),
                    activity_cell(a),
                    match peer {
                        PeerColumn::Partners => partners_cell(a),
                        PeerColumn::Sector => a.sector.as_deref().unwrap_or("").to_owned(),
                    },
                    a.status.as_str().to_owned(),
                ],
                mark: if a.status == Status::Cancelled {
                    Mark::Cancelled
                } else if a.date.tentative {
                    Mark::Tentative
                } else {
                    Mark::None
                },
            })
            .collect(),
    }
}

/// Title, then the description on the next line.
fn activity_cell(a: &Activity) -> String {
    match (a.activity.as_deref(), a.description.as_deref()) {
        (Some(t), Some(d)) if !d.is_empty() => format!("{t}\n{d}"),
        (Some(t), _) => t.to_owned(),
        (None, Some(d)) => d.to_owned(),
        (None, None) => String::new(),
    }
}

/// Partners, "All partners", then other organisations and unmatched names as written.
fn partners_cell(a: &Activity) -> String {
    let mut names: Vec<&str> = a.partners.iter().map(|n| &**n).collect();
    if a.all_partners {
        names.insert(0, "All partners");
    }
    let mut out = names.join(", ");
    if a.partners.is_empty()
        && !a.all_partners
        && a.other_organisations.is_empty()
        && a.unmatched.is_empty()
    {
        // A placeholder ("TBD", "Companies working on ...") or an empty cell.
        return "none named".to_owned();
    }
    let others: Vec<&str> = a
        .other_organisations
        .iter()
        .chain(&a.unmatched)
        .map(|n| &**n)
        .collect();
    if !others.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("Also: {}", others.join(", ")));
    }
    out
}
