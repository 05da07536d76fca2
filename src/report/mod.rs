//! Reports: canonical records become files.
//!
//! [`canonical`] writes the canonical table itself (`activities.json`, `activities.csv`),
//! the rows that could not be placed (`rejects.csv`), the per-field provenance
//! (`provenance.csv`) and the review files. The reports per sector, per partner and per
//! year are planned once ([`plan`]) and written as CSV ([`tables`]) and as PDF
//! ([`printed`], through the engine in [`crate::pdf`]); [`write_reports`] renders them on every
//! core and lists them in `index.csv`.

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use indicatif::ProgressBar;

use crate::diagnostic::Diagnostic;
use crate::model::Activity;
use crate::output::{OutputDir, OutputError};
use crate::registry::PartnerRegistry;

pub mod canonical;
pub mod plan;
pub mod printed;
pub mod slug;
pub mod tables;
pub mod template;
pub mod workbook;

use canonical::ActivityRows;
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
    /// Threads to render with (at least 1).
    pub threads: usize,
    /// Write each report as PDF too (`false`: CSV only, and `index.csv` lists no PDF).
    pub pdf: bool,
    /// The activities' rows encoded once, to be copied into the CSV reports; `None`:
    /// each report encodes them.
    pub rows: Option<&'t ActivityRows<'t>>,
}

/// One line of `index.csv`: a file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// sector, partner or overview.
    pub kind: &'static str,
    /// The report's title.
    pub title: String,
    /// Path inside the output folder, with forward slashes.
    pub file: String,
    /// "csv" or "pdf".
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

/// Plans every report, renders them on `options.threads` threads, writes each as CSV and
/// (unless `options.pdf` is false) PDF, then `index.csv`. The output is the same whatever the number of threads.
pub fn write_reports(
    dir: &OutputDir,
    activities: &[Activity],
    registry: &PartnerRegistry,
    options: ReportOptions<'_>,
    bar: &ProgressBar,
) -> Result<ReportOutcome, OutputError> {
    let reports = plan::plan(activities, registry, options.template);
    bar.set_length(reports.len() as u64);
    bar.set_position(0);
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
    type Written = Result<(Vec<IndexEntry>, Option<Diagnostic>), OutputError>;
    let results: Mutex<Vec<Option<Written>>> =
        Mutex::new((0..reports.len()).map(|_| None).collect());
    // Largest first, so the threads finish together instead of one rendering a large
    // overview alone at the end; results keep their places, so the order does not show.
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(reports[i].rows()));
    let next = AtomicUsize::new(0);
    let threads = options.threads.clamp(1, reports.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                let report = &reports[i];
                let written = write_one(dir, report, settings, &options);
                bar.inc(1);
                let failed = written.is_err();
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(written);
                if failed {
                    // Stop handing out work; the first error is reported.
                    next.store(reports.len(), Ordering::Relaxed);
                }
            });
        }
    });
    let mut outcome = ReportOutcome::default();
    for written in results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
    {
        let (entries, warning) = written?;
        outcome.pages += entries.iter().filter_map(|e| e.pages).sum::<usize>();
        outcome.index.extend(entries);
        outcome.warnings.extend(warning);
    }
    let bom = options.csv_bom;
    dir.write("index.csv", |w| write_index(w, &outcome.index, bom))?;
    Ok(outcome)
}

fn write_one(
    dir: &OutputDir,
    report: &Report<'_>,
    settings: PrintSettings<'_>,
    options: &ReportOptions<'_>,
) -> Result<(Vec<IndexEntry>, Option<Diagnostic>), OutputError> {
    let (bom, pdf) = (options.csv_bom, options.pdf);
    let entry = |file: String, format, pages| IndexEntry {
        kind: report.kind.as_str(),
        title: report.title.clone(),
        file,
        format,
        rows: report.rows(),
        pages,
    };
    let csv_file = format!("{}.csv", report.stem);
    // Kept in memory when a PDF follows: the PDF carries it as its data.
    let mut csv = Vec::new();
    dir.write_file(&csv_file, |w| {
        if !pdf {
            return tables::write_report_csv(w, report, bom, options.rows);
        }
        let mut buf = io::BufWriter::new(&mut csv);
        tables::write_report_csv(&mut buf, report, bom, options.rows)?;
        buf.flush()?;
        drop(buf);
        w.write_all(&csv)
    })?;
    let mut entries = vec![entry(csv_file.clone(), "csv", None)];
    if !pdf {
        return Ok((entries, None));
    }
    let pdf_file = format!("{}.pdf", report.stem);
    let mut doc = printed::document(report, settings);
    doc.attachments.push(crate::pdf::Attachment {
        name: csv_file.rsplit('/').next().unwrap_or(&csv_file).to_owned(),
        description: "The report's table".to_owned(),
        mime: "text/csv",
        data: &csv,
    });
    // Written page by page into the file: the largest reports run to tens of thousands
    // of pages.
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
    Ok((entries, warning))
}

/// Writes `index.csv`: kind, title, file, format, rows, pages.
pub fn write_index(out: &mut dyn Write, index: &[IndexEntry], bom: bool) -> io::Result<()> {
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
