//! Reports: canonical records become files.
//!
//! [`canonical`] writes the canonical table itself (`activities.json`, `activities.csv`),
//! the rows that could not be placed (`rejects.csv`), the per-field provenance
//! (`provenance.csv`) and the review files. The reports per sector, per partner and per
//! year are planned once ([`plan`]) and written as CSV ([`tables`]) and as PDF
//! ([`printed`], through the engine in [`crate::pdf`]), then listed in `index.csv`.
//!
//! The stage runs on one thread: [`ReportSet`] writes one report at a time, and the
//! pipeline decides how many it writes at once. [`write_reports`] writes them all in
//! turn.

use std::io::{self, Write};
use std::sync::LazyLock;

use crate::diagnostic::Diagnostic;
use crate::model::Activity;
use crate::output::{OutputDir, OutputError};
use crate::registry::PartnerRegistry;

pub mod canonical;
pub(crate) mod french;
pub mod plan;
pub mod printed;
pub mod slug;
pub mod tables;
pub mod template;
pub mod workbook;

use canonical::EncodedRows;
use plan::Report;
use printed::PrintSettings;
use template::ReportTemplate;

/// The shipped fonts (DejaVu Sans Condensed, under `templates/fonts/` with its licence),
/// compiled in so the binary prints the same wherever it runs.
pub static FONTS: LazyLock<crate::pdf::Fonts> = LazyLock::new(|| {
    crate::pdf::Fonts::from_bytes(
        include_bytes!("../../templates/fonts/DejaVuSansCondensed.ttf"),
        include_bytes!("../../templates/fonts/DejaVuSansCondensed-Bold.ttf"),
    )
    .expect("the shipped fonts parse")
});

/// Settings of the report stage.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions<'t> {
    /// The wording.
    pub template: &'t ReportTemplate,
    /// Start CSV files with a UTF-8 byte order mark.
    pub csv_bom: bool,
    /// Creation date written into PDFs (`SOURCE_DATE_EPOCH`); `None`: a fixed date.
    pub created: Option<i64>,
    /// Write each report as PDF too (`false`: CSV only, and `index.csv` lists no PDF).
    pub pdf: bool,
    /// The activities' rows encoded once, to be copied into the CSV reports; `None`:
    /// each report encodes them.
    pub rows: Option<&'t EncodedRows<'t>>,
    /// List `activities.xlsx` first in `index.csv`: `run` writes it beside the reports
    /// (`report` lists the one a run left in the folder).
    pub workbook: bool,
}

/// One line of `index.csv`: a file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// sector, partner or overview; table for `activities.xlsx`.
    pub kind: &'static str,
    /// The report's title.
    pub title: String,
    /// Path inside the output folder, with forward slashes.
    pub file: String,
    /// "csv", "pdf" or "xlsx".
    pub format: &'static str,
    /// Activity rows.
    pub rows: usize,
    /// Pages (PDF only).
    pub pages: Option<usize>,
}

/// What the report stage wrote and noticed.
#[derive(Debug, Default)]
pub struct ReportOutcome {
    /// Every file written, in report order (CSV before PDF).
    pub index: Vec<IndexEntry>,
    /// Characters the font could not print, per file.
    pub warnings: Vec<Diagnostic>,
    /// PDF pages written in all.
    pub pages: usize,
}

/// What writing one report gave: its files, and the characters its PDF could not print.
#[derive(Debug)]
pub struct Written {
    /// Its lines of `index.csv`: the CSV file, then the PDF.
    pub entries: Vec<IndexEntry>,
    /// The characters the fonts lack, if any.
    pub warning: Option<Diagnostic>,
}

/// Every report of a run, planned, with what they are printed with.
///
/// The reports are independent of each other: [`Self::write`] writes one, and may be
/// called for several at once; [`Self::finish`] then lists them, in plan order, in
/// `index.csv`. [`write_reports`] does all of it one report after the other.
#[derive(Debug)]
pub struct ReportSet<'a> {
    /// The reports, in the order of `index.csv`.
    pub reports: Vec<Report<'a>>,
    /// How many activities there are.
    activities: usize,
    options: ReportOptions<'a>,
    settings: PrintSettings<'a>,
}

impl<'a> ReportSet<'a> {
    /// Plans the reports of `activities` (per sector, per partner, per year).
    pub fn plan(
        activities: &'a [Activity],
        registry: &PartnerRegistry,
        options: ReportOptions<'a>,
    ) -> Self {
        let settings = PrintSettings {
            template: options.template,
            // Counted from the activities, so `run` and `report` print the same footer.
            files: activities
                .iter()
                .map(|a| &*a.source.file)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            created: options.created,
        };
        ReportSet {
            reports: plan::plan(activities, registry, options.template),
            activities: activities.len(),
            options,
            settings,
        }
    }

    /// Writes `report` (one of [`Self::reports`]) as CSV and, unless the options say
    /// not to, as PDF.
    pub fn write(&self, dir: &OutputDir, report: &Report<'_>) -> Result<Written, OutputError> {
        let entry = |file: String, format, pages| IndexEntry {
            kind: report.kind.as_str(),
            title: report.title.clone(),
            file,
            format,
            rows: report.rows(),
            pages,
        };
        let csv_file = format!("{}.csv", report.stem);
        let (bom, rows, pdf) = (self.options.csv_bom, self.options.rows, self.options.pdf);
        // Kept in memory when a PDF follows: the PDF carries it as its data.
        let mut csv = Vec::new();
        dir.write(&csv_file, |w| {
            if !pdf {
                return tables::write_report_csv(w, report, bom, rows);
            }
            tables::write_report_csv(&mut csv, report, bom, rows)?;
            w.write_all(&csv)
        })?;
        let mut entries = vec![entry(csv_file.clone(), "csv", None)];
        if !pdf {
            return Ok(Written {
                entries,
                warning: None,
            });
        }
        let pdf_file = format!("{}.pdf", report.stem);
        let mut doc = printed::document(report, self.settings);
        doc.attachments.push(crate::pdf::Attachment {
            name: csv_file.rsplit('/').next().unwrap_or(&csv_file).to_owned(),
            description: self.settings.template.common.attachment_table.clone(),
            mime: "text/csv",
            data: &csv,
        });
        // Written page by page into the file: the largest reports run to tens of
        // thousands of pages.
        let mut printed = None;
        dir.write(&pdf_file, |w| {
            printed = Some(crate::pdf::write_pdf(&doc, &FONTS, w).map_err(|e| match e {
                crate::pdf::PdfError::Io(e) => e,
                e => io::Error::other(e.to_string()),
            })?);
            Ok(())
        })?;
        let printed = printed.unwrap_or_default();
        let warning = printed.missing_glyph_warning(&pdf_file);
        entries.push(entry(pdf_file, "pdf", Some(printed.pages)));
        Ok(Written { entries, warning })
    }

    /// Writes `index.csv` from what writing each report gave, in the order of
    /// [`Self::reports`], after the workbook when the options list it.
    pub fn finish(
        &self,
        dir: &OutputDir,
        written: impl IntoIterator<Item = Written>,
    ) -> Result<ReportOutcome, OutputError> {
        let mut outcome = ReportOutcome::default();
        for Written { entries, warning } in written {
            outcome.pages += entries.iter().filter_map(|e| e.pages).sum::<usize>();
            outcome.index.extend(entries);
            outcome.warnings.extend(warning);
        }
        let workbook = self.options.workbook.then(|| IndexEntry {
            kind: "table",
            title: "Canonical table (Excel workbook)".to_owned(),
            file: workbook::WORKBOOK_FILE.to_owned(),
            format: "xlsx",
            rows: self.activities,
            pages: None,
        });
        let listed = workbook.iter().chain(&outcome.index);
        let bom = self.options.csv_bom;
        dir.write("index.csv", |w| write_index(w, listed, bom))?;
        Ok(outcome)
    }
}

/// Plans every report, writes each as CSV and (unless `options.pdf` is false) PDF, one
/// after the other, then `index.csv`.
pub fn write_reports(
    dir: &OutputDir,
    activities: &[Activity],
    registry: &PartnerRegistry,
    options: ReportOptions<'_>,
) -> Result<ReportOutcome, OutputError> {
    let set = ReportSet::plan(activities, registry, options);
    let written = set
        .reports
        .iter()
        .map(|report| set.write(dir, report))
        .collect::<Result<Vec<_>, _>>()?;
    set.finish(dir, written)
}

/// Writes `index.csv`: kind, title, file, format, rows, pages.
pub fn write_index<'e>(
    out: &mut dyn Write,
    index: impl IntoIterator<Item = &'e IndexEntry>,
    bom: bool,
) -> io::Result<()> {
    let mut w = canonical::csv_writer(out, bom)?;
    w.write_record(["kind", "title", "file", "format", "rows", "pages"])?;
    for e in index {
        w.write_record([
            e.kind,
            &e.title,
            &e.file,
            e.format,
            &e.rows.to_string(),
            &e.pages.map(|p| p.to_string()).unwrap_or_default(),
        ])?;
    }
    w.flush()
}
