//! One benchmark per pipeline stage, on a generated workplan of a fixed size.
//!
//! ```text
//! cargo bench --bench stages                  # every stage
//! cargo bench --bench stages -- read          # the readers and calamine's floor
//! BENCH_ACTIVITIES=100000 cargo bench --bench stages -- read
//! ```
//!
//! The input is `workplan::synth`'s synthetic workplan (10,000 activities unless
//! `BENCH_ACTIVITIES` says otherwise), written once to a temporary folder as .xlsx and
//! .csv. Each stage is timed on its own, fed with the output of the stages before it
//! (computed once, outside the timing). `read_xlsx_calamine_floor` is calamine's own
//! streaming read of the same workbook, visiting every cell and keeping nothing: the
//! floor our reader is compared against. Throughput is given in activities (rows) or,
//! for PDF, in pages.

use std::io::{self, Cursor};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use calamine::{Reader, Xlsx};
use divan::counter::ItemsCount;
use divan::{black_box, Bencher};

use workplan::import;
use workplan::layout;
use workplan::model::Activity;
use workplan::model::{Field, RawRecord, RawSheet};
use workplan::normalise::{dates, names, DateContexts, FieldTrace, Normaliser};
use workplan::output::{OutputDir, Scope};
use workplan::registry::PartnerRegistry;
use workplan::report::canonical;
use workplan::report::printed::{self, PrintSettings};
use workplan::report::template::ReportTemplate;
use workplan::report::{self, plan, tables, ReportOptions, FONTS};
use workplan::synth::{self, Formats, Spec};

/// The binary's allocator (src/main.rs), so the stages are timed as the binary runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// Everything the stages read, made once.
struct Fixture {
    _dir: tempfile::TempDir,
    xlsx: PathBuf,
    csv: PathBuf,
    activities_in: usize,
    registry: PartnerRegistry,
    template: ReportTemplate,
    sheet: RawSheet,
    records: Vec<RawRecord>,
    activities: Vec<Activity>,
    traces: Vec<Vec<FieldTrace>>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let n = std::env::var("BENCH_ACTIVITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = dir.path().join(format!("workplan_{n}"));
    synth::write_files(&prefix, Spec::new(n), Formats::Both).expect("generate the workplan");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry =
        PartnerRegistry::load(&root.join("input/partners.toml")).expect("the shipped registry");
    let template = ReportTemplate::default();
    let xlsx = prefix.with_extension("xlsx");
    let csv = prefix.with_extension("csv");
    let mut raw = import::read(&xlsx, "workplan.xlsx").expect("read the workbook");
    let sheet = raw.sheets.remove(0);
    let records: Vec<RawRecord> = layout::tables(&sheet)
        .records
        .into_iter()
        .map(|r| *r)
        .collect();
    let mut normaliser = Normaliser::new(&registry);
    let (activities, traces) = records
        .iter()
        .map(|r| {
            let n = normaliser.activity(r, &DateContexts::default());
            (n.activity, n.trace)
        })
        .unzip();
    Fixture {
        _dir: dir,
        xlsx,
        csv,
        activities_in: n,
        registry,
        template,
        sheet,
        records,
        activities,
        traces,
    }
});

/// The PDF pages of every report of the fixture (rendered once, when a PDF bench runs).
static PAGES: LazyLock<usize> = LazyLock::new(|| render_pdfs(&FIXTURE));

fn rows() -> ItemsCount {
    ItemsCount::new(FIXTURE.activities_in)
}

// ---------------------------------------------------------------------------------
// Reading

/// The rows are returned, so divan frees them after timing: in a run they are not
/// freed here but moved into records (the floor below keeps nothing to free).
#[divan::bench(sample_count = 20)]
fn read_xlsx(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher
        .counter(rows())
        .bench(|| import::read(&f.xlsx, "workplan.xlsx").expect("read"));
}

/// [`read_xlsx`] with the rows freed inside the timing, as the benchmark measured
/// until the sixth round.
#[divan::bench(sample_count = 20)]
fn read_xlsx_and_free(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        let raw = import::read(&f.xlsx, "workplan.xlsx").expect("read");
        black_box(raw.sheets[0].rows.len())
    });
}

/// calamine alone: open the workbook, stream every cell of every sheet, keep nothing.
#[divan::bench(sample_count = 20)]
fn read_xlsx_calamine_floor(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        let bytes = std::fs::read(&f.xlsx).expect("read the file");
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("open");
        let mut cells = 0usize;
        for name in book.sheet_names() {
            let mut reader = book.worksheet_cells_reader(&name).expect("sheet");
            while let Some(cell) = reader.next_cell().expect("cell") {
                black_box(cell.get_value());
                cells += 1;
            }
        }
        cells
    });
}

#[divan::bench(sample_count = 20)]
fn read_csv(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        let raw = import::read(&f.csv, "workplan.csv").expect("read");
        black_box(raw.sheets[0].rows.len())
    });
}

// ---------------------------------------------------------------------------------
// Layout and normalisation

#[divan::bench(sample_count = 20)]
fn find_tables(bencher: Bencher) {
    let f = &*FIXTURE;
    // The sheet is consumed as `run` consumes it; its copy is made outside the timing.
    bencher
        .counter(rows())
        .with_inputs(|| f.sheet.clone())
        .bench_values(|sheet| black_box(layout::into_tables(sheet).records.len()));
}

/// Every Companies cell read against the registry, no cache: the worst case of the
/// name matcher (the pipeline reads each distinct cell once).
#[divan::bench(sample_count = 20)]
fn normalise_names(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        f.records
            .iter()
            .map(|r| {
                names::organisations(r.text(Field::Companies), &f.registry)
                    .partners
                    .len()
            })
            .sum::<usize>()
    });
}

/// Every Date text parsed, no cache.
#[divan::bench(sample_count = 20)]
fn parse_dates(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        f.records
            .iter()
            .filter(|r| dates::parse(r.text(Field::Date)).span.start.is_some())
            .count()
    });
}

/// The whole normaliser (text, dates, names, contacts, status, traces) with its caches,
/// as the pipeline runs it.
#[divan::bench(sample_count = 20)]
fn normalise_records(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        let mut normaliser = Normaliser::new(&f.registry);
        f.records
            .iter()
            .map(|r| normaliser.activity(r, &DateContexts::default()).trace.len())
            .sum::<usize>()
    });
}

// ---------------------------------------------------------------------------------
// Writing

/// activities.json, activities.csv and provenance.csv, into memory.
#[divan::bench(sample_count = 10)]
fn write_canonical(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        let mut out = io::sink();
        canonical::write_activities_json(&mut out, &f.activities).expect("json");
        canonical::write_activities_csv(&mut out, &f.activities, true).expect("csv");
        // As `run` writes it, an activity at a time.
        let mut w = canonical::provenance_writer(&mut out, true).expect("provenance");
        for (a, trace) in f.activities.iter().zip(&f.traces) {
            w.write_trace(&a.id, &a.source, trace).expect("provenance");
        }
        w.flush().expect("provenance");
    });
}

/// Every report (sector, partner, year overview) planned and written as CSV, one thread.
#[divan::bench(sample_count = 10)]
fn write_csv_reports(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        let reports = plan::plan(&f.activities, &f.registry, &f.template);
        for r in &reports {
            tables::write_report_csv(&mut io::BufWriter::new(io::sink()), r, true, None)
                .expect("csv");
        }
        reports.len()
    });
}

/// As [`write_csv_reports`], as `run` writes them: each activity's row encoded once
/// (on one thread here), then copied into every report that lists it.
#[divan::bench(sample_count = 10)]
fn write_csv_reports_from_encoded_rows(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        let reports = plan::plan(&f.activities, &f.registry, &f.template);
        let encoded = canonical::EncodedRows::encode(&f.activities, usize::MAX);
        for r in &reports {
            tables::write_report_csv(
                &mut io::BufWriter::new(io::sink()),
                r,
                true,
                encoded.as_ref(),
            )
            .expect("csv");
        }
        reports.len()
    });
}

fn print_settings(f: &Fixture) -> PrintSettings<'_> {
    PrintSettings {
        template: &f.template,
        files: 1,
        created: None,
    }
}

/// Renders every report as PDF on this thread, the bytes thrown away as written;
/// returns the pages.
fn render_pdfs(f: &Fixture) -> usize {
    let reports = plan::plan(&f.activities, &f.registry, &f.template);
    reports
        .iter()
        .map(|r| {
            let doc = printed::document(r, print_settings(f));
            workplan::pdf::write_pdf(&doc, &FONTS, &mut std::io::sink())
                .expect("render")
                .pages
        })
        .sum()
}

/// Every report rendered as PDF on one thread, not stored; throughput in pages.
#[divan::bench(sample_count = 3)]
fn write_pdf_reports(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher
        .counter(ItemsCount::new(*PAGES))
        .bench(|| render_pdfs(f));
}

/// The report stage: CSV and PDF of every report and index.csv, written to disk one
/// after the other (`run` writes as many at once as there are cores); throughput in PDF
/// pages.
#[divan::bench(sample_count = 3)]
fn write_reports(bencher: Bencher) {
    let f = &*FIXTURE;
    let out = tempfile::tempdir().expect("temp dir");
    bencher.counter(ItemsCount::new(*PAGES)).bench(|| {
        let dir = OutputDir::create(out.path(), Scope::EVERYTHING).expect("output dir");
        let options = ReportOptions {
            template: &f.template,
            csv_bom: true,
            created: None,
            pdf: true,
            rows: None,
            workbook: false,
        };
        report::write_reports(&dir, &f.activities, &f.registry, options)
            .expect("reports")
            .pages
    });
}
