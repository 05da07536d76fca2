//! Normalising on every core: a chunk of records shared out among normalisers, one
//! per core, each on a thread of its own, the results put back in order.
//!
//! Each normaliser keeps its caches from chunk to chunk. The results are those of one
//! [`Normaliser`] taking the records in turn: what it gives for a record depends only on
//! the record and the registry.

use crate::model::RawRecord;
use crate::normalise::{DateContexts, Normalised, Normaliser};
use crate::registry::PartnerRegistry;

/// A normaliser for each core.
pub(super) struct Normalisers<'r> {
    each: Vec<Normaliser<'r>>,
    /// Below this many records a thread costs more than it saves.
    min_per_thread: usize,
}

impl<'r> Normalisers<'r> {
    /// `threads` normalisers (at least one) matching names against `registry`.
    pub(super) fn new(registry: &'r PartnerRegistry, threads: usize) -> Self {
        Normalisers {
            each: (0..threads.max(1))
                .map(|_| Normaliser::new(registry))
                .collect(),
            min_per_thread: 1_000,
        }
    }

    /// Normalises `records`, in order, their dates read in `dates`, with `then`
    /// applied to each result on the thread that normalised it.
    pub(super) fn normalise<T: Send>(
        &mut self,
        records: &[Box<RawRecord>],
        dates: &DateContexts,
        then: impl Fn(Normalised) -> T + Sync,
    ) -> Vec<T> {
        let parts = self.each.len().min(records.len() / self.min_per_thread);
        let parts = parts.max(1);
        let per_part = records.len().div_ceil(parts).max(1);
        let then = &then;
        std::thread::scope(|scope| {
            let threads: Vec<_> = self
                .each
                .iter_mut()
                .zip(records.chunks(per_part))
                .map(|(normaliser, part)| {
                    scope.spawn(move || {
                        let done: Vec<T> = part
                            .iter()
                            .map(|r| then(normaliser.activity(r, dates)))
                            .collect();
                        done
                    })
                })
                .collect();
            threads
                .into_iter()
                .flat_map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{self, Spec};

    #[test]
    fn normalising_on_several_threads_gives_the_results_of_one_normaliser() {
        let mut csv = Vec::new();
        synth::write_csv(&mut csv, Spec::new(2_500)).unwrap();
        let raw = crate::import::csv::read("workplan.csv", &csv).unwrap();
        let records = crate::layout::tables(&raw.sheets[0]).records;
        let registry = crate::registry::shipped();

        let mut one = Normaliser::new(&registry);
        let dates = DateContexts::default();
        let sequential: Vec<Normalised> = records.iter().map(|r| one.activity(r, &dates)).collect();
        let mut several = Normalisers::new(&registry, 3);
        // Three parts in each of two chunks, the second chunk met by normalisers whose
        // caches the first filled.
        several.min_per_thread = 100;
        let half = records.len() / 2;
        let mut parallel = several.normalise(&records[..half], &dates, |n| n);
        parallel.extend(several.normalise(&records[half..], &dates, |n| n));
        assert_eq!(parallel.len(), sequential.len());
        for (p, s) in parallel.iter().zip(&sequential) {
            assert_eq!(p.activity, s.activity);
            assert_eq!(p.trace, s.trace);
            assert_eq!(p.warnings, s.warnings);
            assert_eq!(p.review, s.review);
        }
    }
}
