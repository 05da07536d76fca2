//! `reconciliation.pdf`: the reconciliation as a printable account.
//!
//! Year by year (who joined, who was renamed, who was only in discussion, which lists
//! speak for the year), a timeline per partner, then the disagreements, ranked in a
//! table of one line each and detailed after it with the places of the claims they rest
//! on, the counts the documents announce, the names to review and the lists read. Each
//! section follows the last on the same page; file paths are named once, rows kept short.
//! Built as a [`Document`] for the project's PDF engine.

use super::wording::{
    join_source, later_names, list_kind, rename_notes, rows_place_in, topic_title, Words,
};
use super::{format_suggestions, ActivityRef, Outcome, Reconciliation, YearAccount};
use crate::config::Lang;
use crate::pdf::{Align, Block, Column, Document, Mark, Table, TableRow, TextStyle};
use crate::registry::PartnerKind;
use crate::report::template::{fill, ReconciliationText, ReportTemplate};

/// The wording the sections print with: the template's and the language's.
struct Wording<'t> {
    /// Headings and fixed wording.
    t: &'t ReconciliationText,
    /// The whole template (partner kinds).
    template: &'t ReportTemplate,
    /// The language of the findings.
    lang: Lang,
}

impl Wording<'_> {
    fn words(&self) -> Words {
        Words::of(self.lang)
    }

    /// "company" or "association" in the report's language.
    fn kind(&self, kind: PartnerKind) -> &str {
        match kind {
            PartnerKind::Company => &self.template.partner.company,
            PartnerKind::Association => &self.template.partner.association,
        }
    }
}

fn heading(text: impl Into<String>, level: u8) -> Block<'static> {
    Block::Heading {
        text: text.into(),
        level,
        bookmark: true,
    }
}

fn para(text: impl Into<String>) -> Block<'static> {
    Block::Paragraph {
        text: text.into(),
        style: TextStyle::Normal,
    }
}

fn muted(text: impl Into<String>) -> Block<'static> {
    Block::Paragraph {
        text: text.into(),
        style: TextStyle::Muted,
    }
}

/// A table whose columns are labelled by `labels` and shaped by `shape` (width, align).
fn table(labels: &[String], shape: &[(f32, Align)], rows: Vec<Vec<String>>) -> Block<'static> {
    Block::Table(Table {
        columns: labels
            .iter()
            .zip(shape)
            .map(|(label, (width, align))| Column {
                label: label.clone(),
                width: *width,
                align: *align,
                titled: false,
            })
            .collect(),
        rows: rows
            .into_iter()
            .map(|cells| TableRow {
                cells,
                mark: Mark::None,
            })
            .collect::<Vec<_>>()
            .into(),
    })
}

/// An activity of a timeline: its title and date, then where it was read as a key into
/// `files` (the file and sheet, numbered in order of first use) and its rows: "[1] row 13".
fn activity_cell(a: &Option<ActivityRef>, files: &mut Vec<String>, lang: Lang) -> String {
    let Some(a) = a else {
        return String::new();
    };
    let key = match files.iter().position(|f| *f == a.file) {
        Some(i) => i + 1,
        None => {
            files.push(a.file.clone());
            files.len()
        }
    };
    format!("{}\n[{key}] {}", a.describe_in(lang), a.rows_in(lang))
}

/// The document for `rec`, worded by `template` in its language. `created` is the PDF
/// date (Unix seconds); `None` keeps reruns byte-identical.
pub fn document(
    rec: &Reconciliation,
    template: &ReportTemplate,
    created: Option<i64>,
) -> Document<'static> {
    let w = Wording {
        t: &template.reconciliation,
        template,
        lang: template.lang(),
    };
    let mut blocks = Vec::new();
    overview(rec, &w, &mut blocks);
    year_by_year(rec, &w, &mut blocks);
    timelines(rec, &w, &mut blocks);
    disagreements(rec, &w, &mut blocks);
    counts(rec, &w, &mut blocks);
    review(rec, &w, &mut blocks);
    lists_read(rec, &w, &mut blocks);
    Document {
        lang: w.lang.tag().to_owned(),
        attachments: Vec::new(),
        title: w.t.title.clone(),
        subtitle: subtitle(rec, w.t),
        blocks,
        footer_left: fill(&w.t.footer, &[("version", env!("CARGO_PKG_VERSION"))]),
        landscape: false,
        created,
    }
}

/// The sources read, the counts found, and the years in a table.
fn overview(rec: &Reconciliation, w: &Wording, blocks: &mut Vec<Block<'static>>) {
    let (t, l, r) = (w.t, Align::Left, Align::Right);
    blocks.push(heading(t.overview_heading.clone(), 1));
    let mut kv = vec![(t.registry.clone(), rec.registry_file.clone())];
    kv.push((
        t.partner_lists.clone(),
        if rec.list_files.is_empty() {
            t.none_read.clone()
        } else {
            fill(
                &t.lists_summary,
                &[
                    ("files", &rec.list_files.join(", ")),
                    (
                        "lists",
                        &rec.lists
                            .iter()
                            .filter(|l| !l.names.is_empty())
                            .count()
                            .to_string(),
                    ),
                    ("names", &rec.names.len().to_string()),
                ],
            )
        },
    ));
    kv.push((
        t.activities.clone(),
        fill(
            &t.activities_from,
            &[
                ("count", &rec.activities.to_string()),
                ("files", &rec.activity_files.join(", ")),
            ],
        ),
    ));
    kv.push((t.disagreements.clone(), rec.disagreements.len().to_string()));
    kv.push((t.settled.clone(), rec.settled.len().to_string()));
    kv.push((t.to_review.clone(), rec.review.len().to_string()));
    blocks.push(Block::KeyValues(kv));
    if rec.no_lists_read {
        blocks.push(muted(t.no_lists_read.clone()));
    }
    blocks.push(table(
        &t.years_columns,
        // The French labels are longer: the counts take from the joiners.
        &if w.lang == Lang::Fr {
            [(0.6, l), (1.0, r), (1.0, r), (1.0, r), (2.3, l), (3.0, l)]
        } else {
            [(0.6, l), (0.8, r), (0.9, r), (1.0, r), (2.6, l), (3.0, l)]
        },
        rec.years
            .iter()
            .map(|y| {
                vec![
                    y.year.to_string(),
                    (y.members.companies + y.members.associations).to_string(),
                    y.members.companies.to_string(),
                    y.members.associations.to_string(),
                    y.joined
                        .iter()
                        .map(|j| j.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    y.lists
                        .iter()
                        .map(|&i| format!("{} ({})", rec.lists[i].label, rec.lists[i].source))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect(),
    ));
    blocks.push(muted(t.years_note.clone()));
}

/// Year by year, then the renames the registry gives no date for.
fn year_by_year(rec: &Reconciliation, w: &Wording, blocks: &mut Vec<Block<'static>>) {
    blocks.push(heading(w.t.year_by_year_heading.clone(), 1));
    for y in &rec.years {
        year(rec, w, y, blocks);
    }
    if !rec.undated_renames.is_empty() {
        blocks.push(heading(w.t.undated_renames_heading.clone(), 2));
        for r in &rec.undated_renames {
            blocks.push(para(r.words(w.lang)));
        }
    }
}

/// One year: partners, joins, renames, discussions and the lists speaking for it.
fn year(rec: &Reconciliation, w: &Wording, y: &YearAccount, blocks: &mut Vec<Block<'static>>) {
    let (t, l) = (w.t, Align::Left);
    blocks.push(heading(y.year.to_string(), 2));
    blocks.push(para(fill(
        &t.year_partners,
        &[
            (
                "count",
                &(y.members.companies + y.members.associations).to_string(),
            ),
            ("kinds", &y.members.describe_in(w.lang)),
        ],
    )));
    if y.joined.is_empty() {
        blocks.push(para(t.year_joined_nobody.clone()));
    } else {
        blocks.push(para(fill(
            &t.year_joined,
            &[
                ("count", &y.joined.len().to_string()),
                ("registry", &rec.registry_file),
            ],
        )));
        blocks.push(table(
            &t.joined_columns,
            &[(1.4, l), (0.9, l), (4.5, l)],
            y.joined
                .iter()
                .map(|j| {
                    vec![
                        j.name.clone(),
                        w.words().date(Some(j.date)),
                        join_source(j, w.lang),
                    ]
                })
                .collect(),
        ));
    }
    if !y.renamed.is_empty() {
        blocks.push(para(fill(
            &t.year_renamed,
            &[("renames", &rename_notes(&y.renamed, w.lang))],
        )));
    }
    if !y.discussions.is_empty() {
        let only: Vec<&str> = y
            .discussions
            .iter()
            .filter(|d| !matches!(d.outcome, Outcome::Joined(j) if j.year == y.year))
            .map(|d| d.name_as_written.as_str())
            .collect();
        let names = if only.is_empty() {
            t.nobody.clone()
        } else {
            only.join(", ")
        };
        blocks.push(para(fill(
            &t.year_discussions,
            &[
                ("count", &y.discussions.len().to_string()),
                ("names", &names),
            ],
        )));
        blocks.push(table(
            &t.discussion_columns,
            &[(1.4, l), (2.2, l), (1.3, l), (2.0, l)],
            y.discussions
                .iter()
                .map(|d| {
                    vec![
                        d.name_as_written.clone(),
                        w.words().list(&d.list),
                        d.outcome.describe(w.lang),
                        rows_place_in(std::slice::from_ref(&d.place), w.lang),
                    ]
                })
                .collect(),
        ));
    }
    if !y.lists.is_empty() {
        let lists = y
            .lists
            .iter()
            .map(|&i| {
                let list = &rec.lists[i];
                let names = fill(&t.list_names, &[("count", &list.names.len().to_string())]);
                format!(
                    "{} [{}, {names}; {}]",
                    w.words().list(&list.cite()),
                    list_kind(list.kind, w.lang),
                    list.place_in(w.lang)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        blocks.push(muted(fill(
            &t.year_lists,
            &[("year", &y.year.to_string()), ("lists", &lists)],
        )));
    }
}

/// A timeline per partner, in a table.
fn timelines(rec: &Reconciliation, w: &Wording, blocks: &mut Vec<Block<'static>>) {
    let (t, l, r) = (w.t, Align::Left, Align::Right);
    blocks.push(heading(t.timelines_heading.clone(), 1));
    blocks.push(muted(t.timelines_note.clone()));
    let mut files = Vec::new();
    let rows = rec
        .timelines
        .iter()
        .map(|tl| {
            vec![
                format!("{} ({})", tl.name, w.kind(tl.kind)),
                w.words().date(tl.joined),
                later_names(&tl.renames, w.lang),
                activity_cell(&tl.first_activity, &mut files, w.lang),
                activity_cell(&tl.last_activity, &mut files, w.lang),
                tl.activities.to_string(),
                tl.lists.to_string(),
            ]
        })
        .collect();
    blocks.push(table(
        &t.timeline_columns,
        // The French labels are longer: the counts take from the activities.
        &[
            (1.3, l),
            (1.0, l),
            (0.9, l),
            (if w.lang == Lang::Fr { 2.3 } else { 2.4 }, l),
            (if w.lang == Lang::Fr { 2.3 } else { 2.4 }, l),
            (0.9, r),
            (if w.lang == Lang::Fr { 0.7 } else { 0.5 }, r),
        ],
        rows,
    ));
    if !files.is_empty() {
        let keys: Vec<String> = (1..)
            .zip(&files)
            .map(|(i, f)| format!("[{i}] {f}"))
            .collect();
        blocks.push(muted(fill(
            &t.activities_read_from,
            &[("keys", &keys.join("; "))],
        )));
    }
}

/// The disagreements ranked (by kind, the order of [`Topic`](super::Topic), then year),
/// one line each in a table, then each in full with the places of its claims; then the
/// settled facts.
fn disagreements(rec: &Reconciliation, w: &Wording, blocks: &mut Vec<Block<'static>>) {
    let (t, l, r) = (w.t, Align::Left, Align::Right);
    blocks.push(heading(t.disagreements_heading.clone(), 1));
    if rec.disagreements.is_empty() {
        blocks.push(para(t.sources_agree.clone()));
    }
    let mut ranked: Vec<_> = rec.disagreements.iter().collect();
    ranked.sort_by_key(|d| (d.topic, d.year.unwrap_or(i32::MAX)));
    if !ranked.is_empty() {
        blocks.push(table(
            &t.ranked_columns,
            &[(0.4, r), (1.8, l), (0.5, l), (3.6, l)],
            (1..)
                .zip(&ranked)
                .map(|(i, d)| {
                    vec![
                        i.to_string(),
                        topic_title(d.topic, w.lang).to_owned(),
                        d.year.map(|y| y.to_string()).unwrap_or_default(),
                        d.subject.clone(),
                    ]
                })
                .collect(),
        ));
        blocks.push(heading(t.each_disagreement.clone(), 2));
    }
    for (i, d) in (1..).zip(&ranked) {
        blocks.push(para(format!(
            "{i}. [{}] {}",
            topic_title(d.topic, w.lang),
            d.text_in(w.lang)
        )));
        blocks.push(muted(format!(
            "{} {}",
            t.sources,
            d.sources
                .iter()
                .map(|s| s.words(w.lang))
                .collect::<Vec<_>>()
                .join(" | ")
        )));
    }
    if rec.settled.is_empty() {
        return;
    }
    blocks.push(heading(t.settled_heading.clone(), 2));
    blocks.push(muted(fill(
        &t.settled_note,
        &[("registry", &rec.registry_file)],
    )));
    for d in &rec.settled {
        blocks.push(para(format!(
            "[{}] {}",
            topic_title(d.topic, w.lang),
            d.text_in(w.lang)
        )));
        blocks.push(muted(format!(
            "{} {}",
            t.sources,
            d.sources
                .iter()
                .map(|s| s.words(w.lang))
                .collect::<Vec<_>>()
                .join(" | ")
        )));
    }
}

/// The counts announced, against the names listed and the registry.
fn counts(rec: &Reconciliation, w: &Wording, blocks: &mut Vec<Block<'static>>) {
    let (t, l) = (w.t, Align::Left);
    if rec.counts.is_empty() {
        return;
    }
    let verdict = |agrees: Option<bool>| match agrees {
        Some(true) => t.agrees.as_str(),
        Some(false) => t.disagrees.as_str(),
        None => "",
    };
    blocks.push(heading(t.counts_heading.clone(), 1));
    blocks.push(table(
        &t.counts_columns,
        &[(2.2, l), (1.4, l), (1.4, l), (1.6, l), (2.2, l)],
        rec.counts
            .iter()
            .map(|c| {
                vec![
                    w.words().list(&c.list),
                    c.announced_text.clone(),
                    c.named.map_or_else(
                        || t.no_names.clone(),
                        |n| format!("{}{}", verdict(c.named_agrees), n.describe_in(w.lang)),
                    ),
                    c.registry.map_or_else(
                        || t.not_compared.clone(),
                        |(certain, possible)| {
                            let more = if possible.total() > 0 {
                                fill(
                                    &t.possibly_more,
                                    &[("count", &possible.total().to_string())],
                                )
                            } else {
                                String::new()
                            };
                            format!(
                                "{}{}{more}",
                                verdict(c.registry_agrees),
                                certain.describe_in(w.lang)
                            )
                        },
                    ),
                    format!(
                        "{} {}",
                        rows_place_in(std::slice::from_ref(&c.place), w.lang),
                        c.note
                    ),
                ]
            })
            .collect(),
    ));
}

/// The names that matched nothing, with where they were seen and suggestions.
fn review(rec: &Reconciliation, w: &Wording, blocks: &mut Vec<Block<'static>>) {
    let (t, l) = (w.t, Align::Left);
    blocks.push(heading(t.review_heading.clone(), 1));
    if rec.review.is_empty() {
        blocks.push(para(t.all_matched.clone()));
    } else {
        blocks.push(muted(fill(
            &t.review_note,
            &[("registry", &rec.registry_file)],
        )));
        blocks.push(table(
            &t.review_columns,
            &[(1.6, l), (3.0, l), (2.0, l)],
            rec.review
                .iter()
                .map(|n| {
                    vec![
                        n.name.clone(),
                        n.places.join("; "),
                        format_suggestions(&n.suggestions),
                    ]
                })
                .collect(),
        ));
    }
}

/// The lists read, with their kind, names and rows.
fn lists_read(rec: &Reconciliation, w: &Wording, blocks: &mut Vec<Block<'static>>) {
    let (t, l, r) = (w.t, Align::Left, Align::Right);
    if rec.lists.is_empty() {
        return;
    }
    blocks.push(heading(t.lists_heading.clone(), 1));
    blocks.push(table(
        &t.lists_columns,
        &[(1.3, l), (1.6, l), (0.9, l), (0.9, l), (0.6, r), (2.2, l)],
        rec.lists
            .iter()
            .map(|list| {
                vec![
                    list.source.clone(),
                    list.label.clone(),
                    list.as_of_text.clone(),
                    list_kind(list.kind, w.lang).to_owned(),
                    list.names.len().to_string(),
                    list.place_in(w.lang),
                ]
            })
            .collect(),
    ));
}

/// The subtitle lines: the registry, the lists files and the workplans read.
fn subtitle(rec: &Reconciliation, t: &ReconciliationText) -> Vec<String> {
    let mut subtitle = vec![fill(
        &t.subtitle_registry,
        &[("registry", &rec.registry_file)],
    )];
    if !rec.list_files.is_empty() {
        subtitle.push(fill(
            &t.subtitle_lists,
            &[("files", &rec.list_files.join(", "))],
        ));
    }
    let files = if rec.activity_files.is_empty() {
        t.no_workplan.clone()
    } else {
        rec.activity_files.join(", ")
    };
    subtitle.push(fill(
        &t.subtitle_activities,
        &[("count", &rec.activities.to_string()), ("files", &files)],
    ));
    subtitle
}
