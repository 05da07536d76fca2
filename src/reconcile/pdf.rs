//! `reconciliation.pdf`: the reconciliation as a printable account.
//!
//! Year by year (who joined, who was renamed, who was only in discussion, which lists
//! speak for the year), a timeline per partner, then the disagreements, ranked in a
//! table of one line each and detailed after it with the places of the claims they rest
//! on, the counts the documents announce, the names to review and the lists read. Each
//! section follows the last on the same page; file paths are named once, rows kept short.
//! Built as a [`Document`] for the project's PDF engine.

use super::{format_suggestions, ActivityRef, Reconciliation, YearAccount};
use crate::pdf::{Align, Block, Column, Document, Mark, Table, TableRow, TextStyle};

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

fn table(columns: &[(&str, f32, Align)], rows: Vec<Vec<String>>) -> Block<'static> {
    Block::Table(Table {
        columns: columns
            .iter()
            .map(|(label, width, align)| Column {
                label: (*label).to_owned(),
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
fn activity_cell(a: &Option<ActivityRef>, files: &mut Vec<String>) -> String {
    let Some(a) = a else {
        return String::new();
    };
    // `place` is "file [sheet] row 7" or "... rows 3-5" (see `wording::activity_place`).
    let Some((file, rows)) = a
        .place
        .rsplit_once(" rows ")
        .map(|(f, r)| (f, format!("rows {r}")))
        .or_else(|| {
            a.place
                .rsplit_once(" row ")
                .map(|(f, r)| (f, format!("row {r}")))
        })
    else {
        return format!("{}\n{}", a.describe(), a.place);
    };
    let key = match files.iter().position(|f| f == file) {
        Some(i) => i + 1,
        None => {
            files.push(file.to_owned());
            files.len()
        }
    };
    format!("{}\n[{key}] {rows}", a.describe())
}

/// The document for `rec`. `created` is the PDF date (Unix seconds); `None` keeps reruns
/// byte-identical.
pub fn document(rec: &Reconciliation, created: Option<i64>) -> Document<'static> {
    let mut blocks = Vec::new();
    overview(rec, &mut blocks);
    year_by_year(rec, &mut blocks);
    timelines(rec, &mut blocks);
    disagreements(rec, &mut blocks);
    counts(rec, &mut blocks);
    review(rec, &mut blocks);
    lists_read(rec, &mut blocks);
    Document {
        lang: String::new(),
        attachments: Vec::new(),
        title: "Digital Partnership – partner lists reconciled".to_owned(),
        subtitle: subtitle(rec),
        blocks,
        footer_left: format!("workplan {} – reconciliation", env!("CARGO_PKG_VERSION")),
        landscape: false,
        created,
    }
}

/// The sources read, the counts found, and the years in a table.
fn overview(rec: &Reconciliation, blocks: &mut Vec<Block<'static>>) {
    let (l, r) = (Align::Left, Align::Right);
    blocks.push(heading("Overview", 1));
    let mut kv = vec![("Registry".to_owned(), rec.registry_file.clone())];
    kv.push((
        "Partner lists".to_owned(),
        if rec.list_files.is_empty() {
            "none read".to_owned()
        } else {
            format!(
                "{} ({} lists, {} names)",
                rec.list_files.join(", "),
                rec.lists.iter().filter(|l| !l.names.is_empty()).count(),
                rec.names.len()
            )
        },
    ));
    kv.push((
        "Activities".to_owned(),
        format!("{} from {}", rec.activities, rec.activity_files.join(", ")),
    ));
    kv.push((
        "Disagreements".to_owned(),
        rec.disagreements.len().to_string(),
    ));
    kv.push(("Settled facts".to_owned(), rec.settled.len().to_string()));
    kv.push(("Names to review".to_owned(), rec.review.len().to_string()));
    blocks.push(Block::KeyValues(kv));
    for n in &rec.notes {
        blocks.push(muted(n.clone()));
    }
    blocks.push(table(
        &[
            ("Year", 0.6, l),
            ("Partners", 0.8, r),
            ("Companies", 0.9, r),
            ("Associations", 1.0, r),
            ("Joined", 2.6, l),
            ("Lists speaking for the year", 3.0, l),
        ],
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
                        .map(|(n, _, _)| n.as_str())
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
    blocks.push(muted(
        "Partners per year by the registry's join dates: a partner counts from the year it \
         joined.",
    ));
}

/// Year by year, then the renames the registry gives no date for.
fn year_by_year(rec: &Reconciliation, blocks: &mut Vec<Block<'static>>) {
    blocks.push(heading("Year by year", 1));
    for y in &rec.years {
        year(rec, y, blocks);
    }
    if !rec.undated_renames.is_empty() {
        blocks.push(heading("Renames without a date", 2));
        for r in &rec.undated_renames {
            blocks.push(para(r.clone()));
        }
    }
}

/// One year: partners, joins, renames, discussions and the lists speaking for it.
fn year(rec: &Reconciliation, y: &YearAccount, blocks: &mut Vec<Block<'static>>) {
    let l = Align::Left;
    blocks.push(heading(y.year.to_string(), 2));
    blocks.push(para(format!(
        "Partners: {} ({}).",
        y.members.companies + y.members.associations,
        y.members.describe()
    )));
    if y.joined.is_empty() {
        blocks.push(para("Joined: nobody, by the registry."));
    } else {
        blocks.push(para(format!(
            "Joined ({}), by the registry ({}):",
            y.joined.len(),
            rec.registry_file
        )));
        blocks.push(table(
            &[("Partner", 1.4, l), ("Date", 0.9, l), ("Source", 4.5, l)],
            y.joined
                .iter()
                .map(|(n, d, s)| vec![n.clone(), d.clone(), s.clone()])
                .collect(),
        ));
    }
    if !y.renamed.is_empty() {
        blocks.push(para(format!("Renamed: {}.", y.renamed.join("; "))));
    }
    if !y.discussions.is_empty() {
        let only: Vec<&str> = y
            .discussions
            .iter()
            .filter(|d| {
                !d.outcome
                    .strip_prefix("joined ")
                    .is_some_and(|date| date.starts_with(&y.year.to_string()))
            })
            .map(|d| d.name_as_written.as_str())
            .collect();
        blocks.push(para(format!(
            "In discussion ({}); only in discussion at the end of the year: {}.",
            y.discussions.len(),
            if only.is_empty() {
                "nobody".to_owned()
            } else {
                only.join(", ")
            }
        )));
        blocks.push(table(
            &[
                ("Name as written", 1.4, l),
                ("List", 2.2, l),
                ("Outcome", 1.3, l),
                ("Row", 2.0, l),
            ],
            y.discussions
                .iter()
                .map(|d| {
                    vec![
                        d.name_as_written.clone(),
                        d.list.clone(),
                        d.outcome.clone(),
                        d.place.clone(),
                    ]
                })
                .collect(),
        ));
    }
    if !y.lists.is_empty() {
        blocks.push(muted(format!(
            "Lists speaking for {}: {}.",
            y.year,
            y.lists
                .iter()
                .map(|&i| {
                    let list = &rec.lists[i];
                    format!(
                        "{} [{}, {} names; {}]",
                        list.describe(),
                        list.kind.as_str(),
                        list.names.len(),
                        list.place()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
}

/// A timeline per partner, in a table.
fn timelines(rec: &Reconciliation, blocks: &mut Vec<Block<'static>>) {
    let (l, r) = (Align::Left, Align::Right);
    blocks.push(heading("Partner timelines", 1));
    blocks.push(muted(
        "Joined and renamed by the registry; first and last activity among the dated \
         activities naming the partner.",
    ));
    let mut files = Vec::new();
    let rows = rec
        .timelines
        .iter()
        .map(|t| {
            vec![
                format!("{} ({})", t.name, t.kind.as_str()),
                t.joined.map(|d| d.to_string()).unwrap_or_default(),
                t.renames.join("; "),
                activity_cell(&t.first_activity, &mut files),
                activity_cell(&t.last_activity, &mut files),
                t.activities.to_string(),
                t.lists.to_string(),
            ]
        })
        .collect();
    blocks.push(table(
        &[
            ("Partner", 1.3, l),
            ("Joined", 1.0, l),
            ("Renamed", 0.9, l),
            ("First activity", 2.4, l),
            ("Last activity", 2.4, l),
            ("Activities", 0.9, r),
            ("Lists", 0.5, r),
        ],
        rows,
    ));
    if !files.is_empty() {
        let keys: Vec<String> = (1..)
            .zip(&files)
            .map(|(i, f)| format!("[{i}] {f}"))
            .collect();
        blocks.push(muted(format!("Activities read from {}.", keys.join("; "))));
    }
}

/// The disagreements ranked (by kind, the order of [`Topic`](super::Topic), then year),
/// one line each in a table, then each in full with the places of its claims; then the
/// settled facts.
fn disagreements(rec: &Reconciliation, blocks: &mut Vec<Block<'static>>) {
    let (l, r) = (Align::Left, Align::Right);
    blocks.push(heading("Disagreements", 1));
    if rec.disagreements.is_empty() {
        blocks.push(para("The sources agree."));
    }
    let mut ranked: Vec<_> = rec.disagreements.iter().collect();
    ranked.sort_by_key(|d| (d.topic, d.year.unwrap_or(i32::MAX)));
    if !ranked.is_empty() {
        blocks.push(table(
            &[
                ("No.", 0.4, r),
                ("Kind", 1.8, l),
                ("Year", 0.5, l),
                ("Concerning", 3.6, l),
            ],
            (1..)
                .zip(&ranked)
                .map(|(i, d)| {
                    vec![
                        i.to_string(),
                        d.topic.title().to_owned(),
                        d.year.map(|y| y.to_string()).unwrap_or_default(),
                        d.subject.clone(),
                    ]
                })
                .collect(),
        ));
        blocks.push(heading("Each disagreement", 2));
    }
    for (i, d) in (1..).zip(&ranked) {
        blocks.push(para(format!("{i}. [{}] {}", d.topic.title(), d.text)));
        blocks.push(muted(format!("Sources: {}", d.sources.join(" | "))));
    }
    if rec.settled.is_empty() {
        return;
    }
    blocks.push(heading("Settled facts", 2));
    blocks.push(muted(format!(
        "What the registry ({}) settles: known non-partners and candidates named, \
         candidates that never joined. Not disagreements.",
        rec.registry_file
    )));
    for d in &rec.settled {
        blocks.push(para(format!("[{}] {}", d.topic.title(), d.text)));
        blocks.push(muted(format!("Sources: {}", d.sources.join(" | "))));
    }
}

/// The counts announced, against the names listed and the registry.
fn counts(rec: &Reconciliation, blocks: &mut Vec<Block<'static>>) {
    let l = Align::Left;
    if !rec.counts.is_empty() {
        blocks.push(heading("Counts announced", 1));
        blocks.push(table(
            &[
                ("List", 2.2, l),
                ("Announced", 1.4, l),
                ("Named on the list", 1.4, l),
                ("Registry", 1.6, l),
                ("Claim", 2.2, l),
            ],
            rec.counts
                .iter()
                .map(|c| {
                    let verdict = |agrees: Option<bool>| match agrees {
                        Some(true) => "agrees: ",
                        Some(false) => "DISAGREES: ",
                        None => "",
                    };
                    vec![
                        c.list.clone(),
                        c.announced_text.clone(),
                        c.named.map_or_else(
                            || "(no names)".to_owned(),
                            |n| format!("{}{}", verdict(c.named_agrees), n.describe()),
                        ),
                        c.registry.map_or_else(
                            || "(not compared)".to_owned(),
                            |(certain, possible)| {
                                let more = if possible.total() > 0 {
                                    format!(", possibly {} more", possible.total())
                                } else {
                                    String::new()
                                };
                                format!(
                                    "{}{}{more}",
                                    verdict(c.registry_agrees),
                                    certain.describe()
                                )
                            },
                        ),
                        format!("{} {}", c.place, c.note),
                    ]
                })
                .collect(),
        ));
    }
}

/// The names that matched nothing, with where they were seen and suggestions.
fn review(rec: &Reconciliation, blocks: &mut Vec<Block<'static>>) {
    let l = Align::Left;
    blocks.push(heading("Names to review", 1));
    if rec.review.is_empty() {
        blocks.push(para("Every name matched the registry."));
    } else {
        blocks.push(muted(format!(
            "Names that match no registry entry. If one is a partner, add the spelling to its \
             aliases in {}; if it is not, add it as a [[non_partner]]; then run again.",
            rec.registry_file
        )));
        blocks.push(table(
            &[
                ("Name as written", 1.6, l),
                ("Where", 3.0, l),
                ("Suggestions", 2.0, l),
            ],
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
fn lists_read(rec: &Reconciliation, blocks: &mut Vec<Block<'static>>) {
    let (l, r) = (Align::Left, Align::Right);
    if !rec.lists.is_empty() {
        blocks.push(heading("Lists read", 1));
        blocks.push(table(
            &[
                ("Source", 1.3, l),
                ("List", 1.6, l),
                ("As of", 0.9, l),
                ("Kind", 0.9, l),
                ("Names", 0.6, r),
                ("Rows", 2.2, l),
            ],
            rec.lists
                .iter()
                .map(|list| {
                    vec![
                        list.source.clone(),
                        list.label.clone(),
                        list.as_of_text.clone(),
                        list.kind.as_str().to_owned(),
                        list.names.len().to_string(),
                        list.place(),
                    ]
                })
                .collect(),
        ));
    }
}

/// The subtitle lines: the registry, the lists files and the workplans read.
fn subtitle(rec: &Reconciliation) -> Vec<String> {
    let mut subtitle = vec![format!("Registry {}", rec.registry_file)];
    if !rec.list_files.is_empty() {
        subtitle.push(format!("Partner lists {}", rec.list_files.join(", ")));
    }
    subtitle.push(format!(
        "{} activities from {}",
        rec.activities,
        if rec.activity_files.is_empty() {
            "no workplan".to_owned()
        } else {
            rec.activity_files.join(", ")
        }
    ));
    subtitle
}
