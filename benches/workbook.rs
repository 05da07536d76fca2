//! `activities.xlsx` against its floor: rust_xlsxwriter writing the same cells alone.
//!
//! ```text
//! cargo bench --bench workbook
//! BENCH_ACTIVITIES=100000 cargo bench --bench workbook
//! ```
//!
//! The activities are `workplan::synth`'s synthetic workplan (10,000 unless
//! `BENCH_ACTIVITIES` says otherwise), read and normalised once, outside the timing.
//! `write_workbook` is the workbook step of a run (the activities and the four small
//! sheets, styled, widths measured). `write_workbook_floor` writes the same cells of
//! the activities, composed beforehand, with rust_xlsxwriter alone: constant-memory
//! mode, no format, no width, no filter. Both zip into a sink, at the workbook's deflate
//! level.

use std::io;
use std::path::Path;
use std::sync::LazyLock;

use divan::counter::ItemsCount;
use divan::Bencher;
use rust_xlsxwriter::{ExcelDateTime, Workbook};

use workplan::model::Activity;
use workplan::normalise::{DateContexts, Normaliser};
use workplan::registry::PartnerRegistry;
use workplan::report::canonical::{write_activities_csv, ACTIVITY_COLUMNS};
use workplan::report::workbook::{self, WorkbookOptions};
use workplan::synth::{self, Formats, Spec};
use workplan::{import, layout};

/// The binary's allocator (src/main.rs), so the writer is timed as the binary runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// A cell of the floor: what the workbook writes, made beforehand.
enum Cell {
    Text(String),
    Date(ExcelDateTime),
}

struct Fixture {
    activities: Vec<Activity>,
    /// The activities' cells, as `activities.csv` holds them, dates as dates.
    cells: Vec<Vec<Cell>>,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let n = std::env::var("BENCH_ACTIVITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = dir.path().join(format!("workplan_{n}"));
    synth::write_files(&prefix, Spec::new(n), Formats::Xlsx).expect("generate the workplan");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry =
        PartnerRegistry::load(&root.join("input/partners.toml")).expect("the shipped registry");
    let mut raw = import::read(&prefix.with_extension("xlsx"), "workplan.xlsx").expect("read");
    let records = layout::tables(&raw.sheets.remove(0)).records;
    let mut normaliser = Normaliser::new(&registry);
    let activities: Vec<Activity> = records
        .iter()
        .map(|r| normaliser.activity(r, &DateContexts::default()).activity)
        .collect();
    let cells = floor_cells(&activities);
    Fixture { activities, cells }
});

/// The cells of `activities.csv` (read back from it), `date_start` and `date_end` as
/// dates.
fn floor_cells(activities: &[Activity]) -> Vec<Vec<Cell>> {
    let mut csv = Vec::new();
    write_activities_csv(&mut csv, activities, false).expect("csv");
    let dates = ["date_start", "date_end"].map(|d| {
        ACTIVITY_COLUMNS
            .iter()
            .position(|c| *c == d)
            .expect("a date column")
    });
    csv::Reader::from_reader(&csv[..])
        .records()
        .map(|row| {
            let row = row.expect("a row");
            row.iter()
                .enumerate()
                .map(
                    |(c, text)| match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                        Ok(d) if dates.contains(&c) => {
                            use chrono::Datelike;
                            let (y, m, d) = (d.year() as u16, d.month() as u8, d.day() as u8);
                            Cell::Date(ExcelDateTime::from_ymd(y, m, d).expect("an Excel date"))
                        }
                        _ => Cell::Text(text.to_owned()),
                    },
                )
                .collect()
        })
        .collect()
}

fn rows() -> ItemsCount {
    ItemsCount::new(FIXTURE.activities.len())
}

/// The workbook as `run` writes it: activities, then the four small sheets (empty
/// here: they hold hundreds of rows where the activities hold thousands).
#[divan::bench(sample_count = 10)]
fn write_workbook(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| {
        workbook::write(io::sink(), &f.activities, &[], &WorkbookOptions::default())
            .expect("the workbook")
    });
}

/// rust_xlsxwriter alone: the same cells, constant memory, no styling.
#[divan::bench(sample_count = 10)]
fn write_workbook_floor(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.counter(rows()).bench(|| floor(&f.cells));
}

/// The floor's body, a function of its own so that a profiler can count it alone
/// (`valgrind --tool=callgrind --toggle-collect='workbook::floor'`).
#[inline(never)]
fn floor(cells: &[Vec<Cell>]) {
    let mut book = Workbook::new();
    // The workbook's deflate level: the floor zips the same bytes the same way.
    book.set_zip_compression_level(workbook::ZIP_LEVEL);
    let sheet = book.add_worksheet_with_constant_memory().expect("sheet");
    for (c, name) in ACTIVITY_COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *name).expect("header");
    }
    for (r, row) in cells.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(text) => sheet.write_string(r, c, text.as_str()),
                Cell::Date(date) => sheet.write_datetime(r, c, date),
            }
            .expect("cell");
        }
    }
    book.save_to_writer(io::sink()).expect("zip")
}
