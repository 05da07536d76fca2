//! The pipeline: the stages run over the inputs and into the output folder, on several
//! cores, with progress and counts. The commands ([`crate::cmd`]) call it.
//!
//! One pass over the inputs. A file that cannot be read is reported and the others are
//! still processed; a row that cannot be placed goes to `rejects.csv`. The summary's row
//! counts add up to the rows read, which is how "nothing is lost" is checked.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Kind, Severity};
use crate::import::{self, ImportError};
use crate::model::{Activity, Location, RejectedRow, RowCounts};
use crate::output::{OutputDir, OutputError};
use crate::registry::{PartnerRegistry, RegistryError};
use crate::report::canonical::{self, Duplicate, EncodedRows, UnmatchedName};
use crate::report::template::{ReportTemplate, TemplateError};
use crate::report::workbook::{self, ActivitiesWorkbook, TextSheet, WorkbookOptions};
use crate::report::ReportOptions;

mod intake;
mod normalising;
mod progress;
mod reading;
mod reports;

use intake::{import_files, ProvenanceCsv};

/// Why a run could not be done at all.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The registry could not be read.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// An input path could not be listed.
    #[error("cannot read input: {0}: check the --input paths")]
    Input(std::io::Error),
    /// No input file was found.
    #[error(
        "no input files found in {0} (looked for .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt): \
         give --input a workplan file or a folder holding some"
    )]
    NoInput(String),
    /// An output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The report template could not be used.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The canonical table given to `report` could not be read.
    #[error("{path}: cannot read the canonical table: {reason} (write it with `workplan run`)")]
    Canonical {
        /// The file.
        path: String,
        /// What went wrong, with line and column where known.
        reason: String,
    },
    /// The partner lists could not be read, or the reconciliation not written.
    #[error(transparent)]
    Reconcile(#[from] crate::reconcile::ReconcileError),
    /// The accepted warnings could not be read.
    #[error(transparent)]
    Accepted(#[from] crate::diagnostic::accepted::AcceptedError),
    /// None of the input files could be read: nothing was written.
    #[error("{}", nothing_read(failed, output))]
    NothingRead {
        /// Each file, with why it could not be read.
        failed: Vec<Diagnostic>,
        /// The output folder, as given.
        output: String,
    },
}

/// The message of [`RunError::NothingRead`]: a line, then each file with its reason.
fn nothing_read(failed: &[Diagnostic], output: &str) -> String {
    let mut message = format!(
        "none of the input files could be read, so the outputs in {output} are left as they \
         were:"
    );
    for file in failed {
        message.push_str(&format!("\n  {file}"));
    }
    message
}

/// What a run did, for the summary on stderr and the exit status.
#[derive(Debug, Default)]
pub struct Summary {
    /// Files read (or tried).
    pub files: usize,
    /// Files that could not be read, with the reason.
    pub failed_files: Vec<Diagnostic>,
    /// Sheets read.
    pub sheets: usize,
    /// How every row was classified.
    pub counts: RowCounts,
    /// Activities written (after merging duplicates).
    pub activities: usize,
    /// Records merged because they were read twice.
    pub duplicates: usize,
    /// Pairs of activities of different workplans that may be the same, both kept.
    pub possible_duplicates: usize,
    /// Warnings, each naming its place, and notes: how files were read where it was
    /// detected (encodings), information only.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings a person accepted earlier: listed apart, they do not count.
    pub accepted: Vec<Diagnostic>,
    /// Distinct names that matched nothing.
    pub unmatched_names: usize,
    /// Contacts that could not be repaired with confidence.
    pub contacts_to_review: usize,
    /// Files written.
    pub outputs: Vec<PathBuf>,
    /// Report files written (CSV and PDF), as listed in `index.csv`.
    pub reports: usize,
    /// PDF pages written.
    pub pages: usize,
    /// What the partner lists reconciliation found, when it ran.
    pub reconciliation: Option<crate::reconcile::Counts>,
    /// Its disagreements and settled facts, when it ran.
    pub findings: crate::reconcile::Findings,
    /// The sheets of `activities.xlsx` holding the activities, when it was written.
    pub activity_sheets: Vec<String>,
}

/// Exit status: everything read and placed, nothing to warn about.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: finished, but with warnings, rejected rows or unreadable files.
pub const EXIT_WARNINGS: u8 = 1;
/// Exit status: could not run (unreadable registry, no input, output not writable).
pub const EXIT_FAILED: u8 = 2;

impl Summary {
    /// The process exit status this run deserves.
    pub fn exit_code(&self) -> u8 {
        if self.failed_files.is_empty() && self.warnings() == 0 && self.counts.rejected_rows == 0 {
            EXIT_CLEAN
        } else {
            EXIT_WARNINGS
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counts;
        if self.files == 0 {
            // `report`: nothing was imported, only the canonical table read.
            writeln!(f, "activities      {:>8}", self.activities)?;
            return self.fmt_reports(f);
        }
        writeln!(
            f,
            "files           {:>8}  ({} could not be read)",
            self.files,
            self.failed_files.len()
        )?;
        writeln!(f, "sheets          {:>8}", self.sheets)?;
        writeln!(f, "rows read       {:>8}", c.rows_read)?;
        writeln!(f, "  records       {:>8}", c.record_rows)?;
        writeln!(
            f,
            "  joined        {:>8}  (continuation rows)",
            c.joined_rows
        )?;
        writeln!(f, "  headers       {:>8}", c.header_rows)?;
        writeln!(
            f,
            "  headings      {:>8}  (titles, notes, category headings)",
            c.heading_rows
        )?;
        writeln!(f, "  blank         {:>8}", c.blank_rows)?;
        writeln!(
            f,
            "  rejected      {:>8}{}",
            c.rejected_rows,
            self.see("rejects.csv")
        )?;
        write!(
            f,
            "activities      {:>8}  ({} duplicate records merged",
            self.activities, self.duplicates
        )?;
        match self.possible_duplicates {
            0 => writeln!(f, ")")?,
            n => {
                let see = if self.see("duplicates.csv").is_empty() {
                    ""
                } else {
                    ", see review/duplicates.csv"
                };
                writeln!(f, "; {n} possible across workplans{see})")?
            }
        }
        if let [first, .., last] = &self.activity_sheets[..] {
            writeln!(
                f,
                "  in workbook   {:>8}  sheets, {first} to {last} (a sheet holds {} rows)",
                self.activity_sheets.len(),
                workbook::SHEET_ROWS - 1
            )?;
        }
        writeln!(f, "warnings        {:>8}", self.warnings())?;
        if !self.accepted.is_empty() {
            writeln!(
                f,
                "  accepted      {:>8}  (reviewed earlier, not counted)",
                self.accepted.len()
            )?;
        }
        writeln!(
            f,
            "to review       {:>8}  unmatched names, {} contacts",
            self.unmatched_names, self.contacts_to_review
        )?;
        if let Some(r) = &self.reconciliation {
            writeln!(
                f,
                "partner lists   {:>8}  ({} names, {} unmatched)",
                r.lists, r.names, r.unmatched
            )?;
            let see = match self.see("reconciliation.pdf") {
                see if see.is_empty() => self.see("disagreements.csv"),
                see => see,
            };
            writeln!(f, "disagreements   {:>8}{see}", r.disagreements)?;
            if r.settled > 0 {
                writeln!(
                    f,
                    "  settled       {:>8}  (known non-partners and candidates: not disagreements)",
                    r.settled
                )?;
            }
        }
        if !c.balanced() {
            writeln!(
                f,
                "row accounting does not balance: please report this as a bug"
            )?;
        }
        self.fmt_reports(f)
    }
}

impl Summary {
    /// How many warnings the run gave.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// `  (see FILE)` when this command wrote `FILE`, else nothing: a message points
    /// only at files its command wrote.
    fn see(&self, file: &str) -> String {
        let wrote = self
            .outputs
            .iter()
            .any(|o| o.file_name().is_some_and(|n| n == file));
        if wrote {
            format!("  (see {file})")
        } else {
            String::new()
        }
    }

    /// Adds what one part of the output stage did (files written, report counts,
    /// warnings, notes, the reconciliation).
    pub fn absorb(&mut self, part: Summary) {
        self.outputs.extend(part.outputs);
        self.reports += part.reports;
        self.pages += part.pages;
        self.diagnostics.extend(part.diagnostics);
        if part.reconciliation.is_some() {
            self.reconciliation = part.reconciliation;
            self.findings = part.findings;
        }
        if !part.activity_sheets.is_empty() {
            self.activity_sheets = part.activity_sheets;
        }
    }

    fn fmt_reports(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.reports > 0 && self.pages > 0 {
            writeln!(
                f,
                "reports         {:>8}  files ({} PDF pages; see index.csv)",
                self.reports, self.pages
            )?;
        } else if self.reports > 0 {
            // --no-pdf
            writeln!(
                f,
                "reports         {:>8}  files (see index.csv)",
                self.reports
            )?;
        }
        Ok(())
    }
}

/// Everything the normaliser produced, before writing.
#[derive(Debug, Default)]
pub struct Canonical {
    /// Activities, in input order, duplicates merged.
    pub activities: Vec<Activity>,
    /// Rejected rows.
    pub rejects: Vec<RejectedRow>,
    /// Unmatched names by name.
    pub unmatched: BTreeMap<String, UnmatchedName>,
    /// Names matched by a weaker rule, to be confirmed, by name.
    pub to_confirm: BTreeMap<String, UnmatchedName>,
    /// Duplicates merged.
    pub duplicates: Vec<Duplicate>,
    /// Contacts to review: (as written, place).
    pub contacts: Vec<(String, String)>,
}

/// Reads and normalises `files`. Writes nothing.
pub fn import(
    config: &Config,
    registry: &PartnerRegistry,
    files: &[PathBuf],
) -> (Canonical, Summary) {
    import_files(config, registry, files, None)
}

/// The workplan files the inputs name, or why there are none.
pub fn input_files(config: &Config) -> Result<Vec<PathBuf>, RunError> {
    let files =
        config.workplan_files(import::expand_inputs(&config.inputs).map_err(RunError::Input)?);
    if files.is_empty() {
        let names: Vec<String> = config
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(RunError::NoInput(names.join(", ")));
    }
    Ok(files)
}

/// Writes the canonical outputs into the output folder, but `provenance.csv`, which
/// [`import_tracing`] writes, and `activities.json`, which [`write_all`] writes beside these.
/// `activities.csv` is copied from `rows` when given.
pub fn write(
    config: &Config,
    dir: &OutputDir,
    data: &Canonical,
    rows: Option<&EncodedRows<'_>>,
    summary: &mut Summary,
) -> Result<(), RunError> {
    let bom = config.csv_bom;
    let a = &data.activities;
    summary
        .outputs
        .push(dir.write("activities.csv", |w| match rows {
            Some(rows) => rows.write_csv(w, bom),
            None => canonical::write_activities_csv(w, a, bom),
        })?);
    summary.outputs.push(dir.write("rejects.csv", |w| {
        canonical::write_rejects(w, &data.rejects, bom)
    })?);
    summary
        .outputs
        .push(dir.write("review/unmatched-names.csv", |w| {
            canonical::write_unmatched(w, &data.unmatched, &data.to_confirm, bom)
        })?);
    summary
        .outputs
        .push(dir.write("review/duplicates.csv", |w| {
            canonical::write_duplicates(w, &data.duplicates, bom)
        })?);
    summary.outputs.push(dir.write("review/contacts.csv", |w| {
        canonical::write_contacts(w, &data.contacts, bom)
    })?);
    Ok(())
}

/// Reads and normalises `files` like [`import()`], writing `provenance.csv` into `dir` as
/// the activities are normalised: the traces of a large run (several kilobytes per
/// activity) are not held until the end.
pub fn import_tracing(
    config: &Config,
    registry: &PartnerRegistry,
    files: &[PathBuf],
    dir: &OutputDir,
) -> Result<(Canonical, Summary), RunError> {
    let mut imported = None;
    let provenance = dir.write_file("provenance.csv", |w| {
        let mut csv = ProvenanceCsv::new(w, config.csv_bom)?;
        imported = Some(import_files(config, registry, files, Some(&mut csv)));
        csv.finish()
    })?;
    // `write_file` ran its closure, since it returned Ok.
    let (data, mut summary) = imported.unwrap_or_default();
    summary.outputs.push(provenance);
    Ok((data, summary))
}

/// Writes into `dir` everything a run writes from the canonical data but
/// `provenance.csv`: `activities.json`, the other canonical files, the reports and the
/// reconciliation. They read the same data and write different files: they are written
/// side by side, and what each did is told in this order, as if one after the other.
pub fn write_all(
    config: &Config,
    registry: &PartnerRegistry,
    template: &ReportTemplate,
    data: &Canonical,
    dir: &OutputDir,
) -> Result<Summary, RunError> {
    let rows = std::sync::OnceLock::new();
    let (json, written, reported, reconciled, book) = std::thread::scope(|scope| {
        let json = scope.spawn(|| {
            dir.write("activities.json", |w| {
                canonical::write_activities_json(w, &data.activities)
            })
        });
        // The workbook's sheets from the reconciliation, handed over as soon as it has
        // made them (none if it fails: the run fails with it).
        let (reconciled_sheets, sheets) = std::sync::mpsc::channel();
        let reconciled = scope.spawn(move || {
            let mut part = Summary::default();
            let sheets = reconcile(config, registry, template, data, Some(dir), &mut part)?;
            let _ = reconciled_sheets.send(sheets);
            Ok::<_, RunError>(part)
        });
        let book = scope.spawn(move || write_workbook(config, dir, data, sheets));
        // Encoded while those are written: activities.csv and the reports copy them.
        let rows = rows.get_or_init(|| encoded_rows(&data.activities)).as_ref();
        let written = scope.spawn(move || {
            let mut part = Summary::default();
            write(config, dir, data, rows, &mut part).map(|()| part)
        });
        let activities = &data.activities;
        let reported = reports(config, dir, activities, rows, registry, template, true);
        fn join<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> T {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }
        // The reports are written: what the other threads still write is waited for.
        let waiting = progress::waiting(
            "writing",
            "activities.json, activities.csv, activities.xlsx, rejects and review files",
            config.progress,
        );
        let (json, written, book) = (join(json), join(written), join(book));
        waiting.set_prefix("reconciliation");
        waiting.set_message("the partner lists against the registry and the activities");
        let reconciled = join(reconciled);
        waiting.finish_and_clear();
        (json, written, reported, reconciled, book)
    });
    let mut summary = written?;
    // activities.json is listed first: it is the first canonical output.
    summary.outputs.insert(0, json?);
    summary.absorb(book?);
    summary.absorb(reported?);
    summary.absorb(reconciled?);
    Ok(summary)
}

/// Writes `activities.xlsx`: the activities and the names to review, then the
/// reconciliation's two sheets once `reconciled` hands them over, then the rejects.
fn write_workbook(
    config: &Config,
    dir: &OutputDir,
    data: &Canonical,
    reconciled: std::sync::mpsc::Receiver<Vec<TextSheet>>,
) -> Result<Summary, RunError> {
    // The sheets' temporary files (a few GB at a million activities) go beside the
    // staged outputs, on their disk, rather than into a /tmp that may be memory.
    let staging = dir.root().join(crate::output::STAGING_DIR);
    let options = WorkbookOptions {
        created: config.created,
        temp_dir: Some(&staging),
        ..WorkbookOptions::default()
    };
    let mut written = None;
    let path = dir.write_file(workbook::WORKBOOK_FILE, |w| {
        let mut book = ActivitiesWorkbook::new(&options)?;
        book.add_activities(&data.activities)?;
        book.add_sheet(&workbook::to_review_sheet(
            &data.unmatched,
            &data.to_confirm,
        ))?;
        for sheet in reconciled.recv().unwrap_or_default() {
            book.add_sheet(&sheet)?;
        }
        book.add_sheet(&workbook::rejects_sheet(&data.rejects))?;
        written = Some(book.save(w)?);
        Ok(())
    })?;
    // `write_file` ran its closure, since it returned Ok.
    let written = written.unwrap_or_default();
    Ok(Summary {
        outputs: vec![path],
        diagnostics: written.warnings,
        activity_sheets: written.activity_sheets,
        ..Summary::default()
    })
}

/// Writes every report and `index.csv` of `activities` into `dir`, rendering on every
/// core, and tells what it wrote.
pub fn write_reports(
    config: &Config,
    registry: &PartnerRegistry,
    template: &ReportTemplate,
    activities: &[Activity],
    dir: &OutputDir,
) -> Result<Summary, RunError> {
    let rows = encoded_rows(activities);
    // The workbook a run left beside the reports.
    let workbook = dir.root().join(workbook::WORKBOOK_FILE).is_file();
    let rows = rows.as_ref();
    reports(config, dir, activities, rows, registry, template, workbook)
}

/// Reads an `activities.json` written by `run`.
pub fn read_canonical(path: &Path) -> Result<Vec<Activity>, RunError> {
    let err = |reason: String| RunError::Canonical {
        path: path.display().to_string(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| err(e.to_string()))
}

/// Every activity's `activities.csv` row, encoded on every core, unless they would
/// take too much memory.
fn encoded_rows(activities: &[Activity]) -> Option<EncodedRows<'_>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    reports::encode_rows(activities, threads)
}

/// Writes every report and `index.csv` (listing `activities.xlsx` first when
/// `workbook`), rendering on every core. The reports copy the activities' cells from
/// `rows` when given.
fn reports(
    config: &Config,
    dir: &OutputDir,
    activities: &[Activity],
    rows: Option<&EncodedRows<'_>>,
    registry: &PartnerRegistry,
    template: &ReportTemplate,
    workbook: bool,
) -> Result<Summary, RunError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let options = ReportOptions {
        template,
        csv_bom: config.csv_bom,
        created: config.created,
        pdf: config.pdf,
        rows,
        workbook,
    };
    let bar = progress::stage("reports", Some(0), "files", config.progress);
    let outcome = reports::write_reports(dir, activities, registry, options, threads, &bar)?;
    bar.finish_and_clear();
    let outputs = outcome.index.iter().map(|e| dir.root().join(&e.file));
    Ok(Summary {
        reports: outcome.index.len(),
        pages: outcome.pages,
        outputs: outputs.chain([dir.root().join("index.csv")]).collect(),
        diagnostics: outcome.warnings,
        ..Summary::default()
    })
}

/// Reconciles the partner lists with the registry and the activities, and writes its
/// outputs when there is an output folder (`reconciliation.pdf` worded by `template`);
/// returns the sheets it adds to `activities.xlsx`.
pub fn reconcile(
    config: &Config,
    registry: &PartnerRegistry,
    template: &ReportTemplate,
    data: &Canonical,
    dir: Option<&OutputDir>,
    summary: &mut Summary,
) -> Result<Vec<TextSheet>, RunError> {
    let options = crate::reconcile::Options {
        partner_lists: config.partner_lists.clone(),
        lists_named: config.partner_lists_given,
        registry: config.registry.clone(),
        csv_bom: config.csv_bom,
        pdf: config.pdf,
        created: config.created,
        template: template.clone(),
    };
    let step = crate::reconcile::run(&options, registry, &data.activities, dir)?;
    summary.diagnostics.extend(step.diagnostics);
    summary.outputs.extend(step.outputs);
    summary.reconciliation = Some(step.counts);
    summary.findings = step.findings;
    Ok(step.workbook_sheets)
}

/// A file that could not be read, as a diagnostic naming it.
fn refused_file(e: &ImportError) -> Diagnostic {
    let kind = Kind::FileRefused {
        reason: e.kind.to_string(),
    };
    Diagnostic::new(Location::file(&e.path), kind)
}

/// How a file is named in outputs: as given, with forward slashes, so outputs are the
/// same on every machine.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_when_the_activities_fill_several_sheets() {
        // A run's summary: files were read.
        let one = Summary {
            files: 1,
            activity_sheets: vec!["Activities".into()],
            ..Summary::default()
        };
        assert!(!one.to_string().contains("in workbook"), "{one}");
        let three = Summary {
            files: 1,
            activity_sheets: ["Activities", "Activities (2)", "Activities (3)"]
                .map(String::from)
                .into(),
            ..Summary::default()
        };
        let text = three.to_string();
        assert!(
            text.contains(
                "\n  in workbook          3  sheets, Activities to Activities (3) (a sheet \
                 holds 1048575 rows)\nwarnings"
            ),
            "{text}"
        );
    }
}
