//! The reports on several threads: the report stage writes one report at a time
//! ([`ReportSet::write`]); here as many are written at once as there are threads, the
//! largest first, and `index.csv` lists them in plan order, so the files are the same
//! whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use indicatif::ProgressBar;

use crate::model::Activity;
use crate::output::{OutputDir, OutputError};
use crate::registry::PartnerRegistry;
use crate::report::canonical::{self, EncodedPart, EncodedRows};
use crate::report::{ReportOptions, ReportOutcome, ReportSet};

/// Every activity's `activities.csv` row, encoded on `threads` threads, one run of
/// activities each, unless they would take more than
/// [`MAX_ENCODED_ROW_BYTES`](canonical::MAX_ENCODED_ROW_BYTES).
pub(super) fn encode_rows(activities: &[Activity], threads: usize) -> Option<EncodedRows<'_>> {
    if canonical::estimated_bytes(activities) > canonical::MAX_ENCODED_ROW_BYTES {
        return None;
    }
    let per_part = activities.len().div_ceil(threads.max(1)).max(1);
    let parts = std::thread::scope(|scope| {
        let encoding: Vec<_> = activities
            .chunks(per_part)
            .map(|run| scope.spawn(move || EncodedPart::encode(run)))
            .collect();
        encoding
            .into_iter()
            .map(|part| {
                part.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    Some(EncodedRows::from_parts(activities, parts))
}

/// Plans every report of `activities`, writes them on `threads` threads (counting them
/// on `bar`), then `index.csv`. Stops handing out reports at the first error, which is
/// returned.
pub(super) fn write_reports(
    dir: &OutputDir,
    activities: &[Activity],
    registry: &PartnerRegistry,
    options: ReportOptions<'_>,
    threads: usize,
    bar: &ProgressBar,
) -> Result<ReportOutcome, OutputError> {
    let set = ReportSet::plan(activities, registry, options);
    bar.set_length(set.reports.len() as u64);
    bar.set_position(0);
    // Largest first, so the threads finish together instead of one writing a large
    // overview alone at the end; results keep their places, so the order does not show.
    let written = largest_first(
        &set.reports,
        |report| report.rows(),
        threads,
        |report| {
            let written = set.write(dir, report);
            bar.inc(1);
            written
        },
    )?;
    set.finish(dir, written)
}

/// `work` done on every item on up to `threads` threads, the items of largest `size`
/// handed out first; the results in the items' order, or the first error (after which
/// no more work is handed out).
fn largest_first<T: Sync, R: Send, E: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    threads: usize,
    work: impl Fn(&T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&items[i])));
    let results: Mutex<Vec<Option<Result<R, E>>>> =
        Mutex::new(items.iter().map(|_| None).collect());
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                let result = work(&items[i]);
                let failed = result.is_err();
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                if failed {
                    next.store(order.len(), Ordering::Relaxed);
                }
            });
        }
    });
    // Items never handed out (after an error) have no result: the error is among them.
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::Arc;

    use chrono::NaiveDate;

    use super::*;
    use crate::model::Precision;
    use crate::output::Scope;
    use crate::report::template::ReportTemplate;

    /// Activities spread over sectors, partners and years, of unequal sizes.
    fn activities() -> Vec<Activity> {
        let sectors = ["Data protection", "Education, youth", "Cybercrime"];
        let partners = ["Google", "Microsoft", "Orange", "Kaspersky"];
        (0..29)
            .map(|i| {
                let mut a = Activity::example(&format!("t{i}"), sectors[i % sectors.len()]);
                let year = 2017 + (i % 4) as i32;
                a.date.start = NaiveDate::from_ymd_opt(year, 1 + (i % 12) as u32, 1);
                a.date.end = NaiveDate::from_ymd_opt(year + (i % 2) as i32, 12, 31);
                a.date.precision = Some(Precision::Day);
                a.partners = partners[..=(i % 4)].iter().map(|p| Arc::from(*p)).collect();
                a
            })
            .collect()
    }

    /// Every file under `root` but the output folder's own (its lock, its manifest), by
    /// its path inside it.
    fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut found = BTreeMap::new();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("listed") {
                let path = entry.expect("entry").path();
                let own = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(".workplan"));
                if path.is_dir() {
                    folders.push(path);
                } else if !own {
                    let name = path.strip_prefix(root).expect("inside");
                    found.insert(
                        name.display().to_string(),
                        std::fs::read(&path).expect("read"),
                    );
                }
            }
        }
        found
    }

    #[test]
    fn reports_written_on_three_threads_are_the_files_written_on_one() {
        let activities = activities();
        let registry = crate::registry::shipped();
        let template = ReportTemplate::default();
        let options = ReportOptions {
            template: &template,
            csv_bom: true,
            created: None,
            pdf: true,
            rows: None,
            workbook: false,
        };
        let (one, three) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let dir = OutputDir::create(one.path(), Scope::EVERYTHING).unwrap();
        let alone = crate::report::write_reports(&dir, &activities, &registry, options).unwrap();
        dir.commit().unwrap();
        let dir = OutputDir::create(three.path(), Scope::EVERYTHING).unwrap();
        let bar = ProgressBar::hidden();
        let shared = write_reports(&dir, &activities, &registry, options, 3, &bar).unwrap();
        dir.commit().unwrap();

        assert_eq!(alone.index, shared.index);
        assert_eq!(alone.pages, shared.pages);
        assert_eq!(bar.position(), bar.length().unwrap());
        let (one, three) = (files(one.path()), files(three.path()));
        assert!(one.len() > 20, "{} files", one.len());
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            three.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &one {
            assert!(three[name] == *bytes, "{name} differs");
        }
    }

    #[test]
    fn the_first_error_stops_the_work_and_results_keep_their_order() {
        let items: Vec<usize> = (0..40).collect();
        let done = largest_first(&items, |&n| n % 7, 3, |&n| Ok::<_, ()>(n * 2)).unwrap();
        assert_eq!(done, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        fn fail_on(
            bad: usize,
            started: &AtomicUsize,
        ) -> impl Fn(&usize) -> Result<usize, usize> + Sync + '_ {
            move |&n| {
                started.fetch_add(1, Ordering::Relaxed);
                if n == bad {
                    Err(n)
                } else {
                    Ok(n)
                }
            }
        }
        // One thread, the largest first: the failing item is the first and the last.
        let started = AtomicUsize::new(0);
        assert_eq!(
            largest_first(&items, |&n| n, 1, fail_on(39, &started)),
            Err(39)
        );
        assert_eq!(started.load(Ordering::Relaxed), 1);
        // Two threads: whichever finishes first, the error is what comes back.
        let started = AtomicUsize::new(0);
        assert_eq!(
            largest_first(&items, |&n| n, 2, fail_on(20, &started)),
            Err(20)
        );
    }
}
