//! The reconciliation as a step of a run: reads the partner lists files named in its
//! [`Options`], reconciles them ([`reconcile`](super::reconcile)) and writes
//! `reconciliation.csv`, `partners-by-year.csv`, `disagreements.csv` and
//! `reconciliation.pdf` into the output folder. The command's settings are resolved into
//! [`Options`] by the caller.

use std::path::{Path, PathBuf};

use super::lists::{ListsError, PartnerLists};
use super::{pdf, reconcile, write, Disagreement, Inputs, NameStatus};
use crate::diagnostic::{Diagnostic, Kind};
use crate::model::{Activity, Location};
use crate::output::{OutputDir, OutputError};
use crate::pdf::{Attachment, PdfError};
use crate::registry::PartnerRegistry;
use crate::report::template::ReportTemplate;
use crate::report::workbook::TextSheet;

/// What the step reads and how it writes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The partner lists files to read.
    pub partner_lists: Vec<PathBuf>,
    /// Whether the user named them: a missing file is then an error, while a default
    /// file may be absent (a note says so).
    pub lists_named: bool,
    /// The registry file, as findings name it.
    pub registry: PathBuf,
    /// Start the CSV files with a UTF-8 byte order mark.
    pub csv_bom: bool,
    /// Write `reconciliation.pdf`.
    pub pdf: bool,
    /// The PDF's creation date (Unix seconds); `None` keeps reruns byte-identical.
    pub created: Option<i64>,
    /// The wording of `reconciliation.pdf`, in its language.
    pub template: ReportTemplate,
}

/// Why the reconciliation could not be done or written.
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    /// A lists file named on the command line does not exist.
    #[error("{0}: partner lists file not found")]
    Missing(String),
    /// A lists file could not be read.
    #[error(transparent)]
    Lists(#[from] ListsError),
    /// An output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The PDF could not be produced.
    #[error("reconciliation.pdf: {0}")]
    Pdf(#[from] PdfError),
}

/// What the reconciliation step did, for the run's summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Lists read.
    pub lists: usize,
    /// Names on them.
    pub names: usize,
    /// Names on lists that matched nothing.
    pub unmatched: usize,
    /// Disagreements found.
    pub disagreements: usize,
    /// Facts the registry settles (a known non-partner named), not disagreements.
    pub settled: usize,
}

/// The result of [`run`].
#[derive(Debug, Default)]
pub struct Step {
    /// Counts for the summary.
    pub counts: Counts,
    /// Problems with the lists, and information (encodings detected, no lists file).
    pub diagnostics: Vec<Diagnostic>,
    /// Files written.
    pub outputs: Vec<PathBuf>,
    /// The sheets the reconciliation adds to `activities.xlsx` ([`write::workbook_sheets`]).
    pub workbook_sheets: Vec<TextSheet>,
    /// The disagreements and the settled facts, for the pages that list them.
    pub findings: Findings,
}

/// The disagreements and the facts the registry settles, as the reconciliation found
/// them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Findings {
    /// Disagreements between sources, in a stable order.
    pub disagreements: Vec<Disagreement>,
    /// Facts the registry settles, listed apart, in the same order.
    pub settled: Vec<Disagreement>,
}

/// How a path is named in outputs: as given, with forward slashes.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Reads the partner lists of `options`, reconciles them with the registry and the
/// activities, and writes the outputs into `dir` (nothing when `None`).
///
/// A missing lists file is an error when the user named it, and a note when it is the
/// default one: the reconciliation then uses the registry and the activities only.
pub fn run(
    options: &Options,
    registry: &PartnerRegistry,
    activities: &[Activity],
    dir: Option<&OutputDir>,
) -> Result<Step, ReconcileError> {
    let mut step = Step::default();
    let mut lists = PartnerLists::default();
    for path in &options.partner_lists {
        let display = display_path(path);
        if !path.is_file() {
            if options.lists_named {
                return Err(ReconcileError::Missing(display));
            }
            step.diagnostics.push(Diagnostic::new(
                Location::file(&display),
                Kind::NoPartnerListsFile,
            ));
            continue;
        }
        lists.read(path, &display)?;
    }
    step.diagnostics.append(&mut lists.diagnostics);
    let registry_file = display_path(&options.registry);
    let rec = reconcile(&Inputs {
        registry,
        registry_file: &registry_file,
        lists: &lists,
        activities,
    });
    step.diagnostics.extend(rec.warnings.iter().cloned());
    step.workbook_sheets = write::workbook_sheets(&rec).into();
    step.counts = Counts {
        lists: rec.lists.iter().filter(|l| !l.names.is_empty()).count(),
        names: rec.names.len(),
        unmatched: rec
            .names
            .iter()
            .filter(|n| n.status == NameStatus::Unmatched)
            .count(),
        disagreements: rec.disagreements.len(),
        settled: rec.settled.len(),
    };
    step.findings = Findings {
        disagreements: rec.disagreements.clone(),
        settled: rec.settled.clone(),
    };
    if let Some(dir) = dir {
        let bom = options.csv_bom;
        // Made in memory first: the PDF carries both files as its data.
        let (mut names, mut years) = (Vec::new(), Vec::new());
        step.outputs.push(dir.write("reconciliation.csv", |w| {
            write::reconciliation_csv(&mut names, &rec, bom)?;
            w.write_all(&names)
        })?);
        step.outputs.push(dir.write("partners-by-year.csv", |w| {
            write::partners_by_year_csv(&mut years, &rec, bom)?;
            w.write_all(&years)
        })?);
        step.outputs.push(dir.write("disagreements.csv", |w| {
            write::disagreements_csv(w, &rec, bom)
        })?);
        if options.pdf {
            let mut doc = pdf::document(&rec, &options.template, options.created);
            doc.attachments = vec![
                Attachment {
                    name: "reconciliation.csv".into(),
                    description: options.template.reconciliation.attachment_names.clone(),
                    mime: "text/csv",
                    data: &names,
                },
                Attachment {
                    name: "partners-by-year.csv".into(),
                    description: options.template.reconciliation.attachment_years.clone(),
                    mime: "text/csv",
                    data: &years,
                },
            ];
            let rendered = crate::pdf::render(&doc, &crate::report::FONTS)?;
            step.diagnostics
                .extend(rendered.printed.missing_glyph_warning("reconciliation.pdf"));
            step.outputs
                .push(dir.write("reconciliation.pdf", |w| w.write_all(&rendered.bytes))?);
        }
    }
    Ok(step)
}
