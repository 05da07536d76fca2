//! `workplan reconcile`: the circulated partner lists held against the registry and the
//! activities of the workplans, which are read (not written) for it. It owns the
//! reconciliation's files.

use crate::config::Config;
use crate::output::{OutputDir, Scope};
use crate::pipeline::{self, RunError, Summary};
use crate::registry::PartnerRegistry;
use crate::report::template::ReportTemplate;

use super::{output_folder, some_input_read, Done};

/// What `reconcile` owns in the output folder.
pub const RECONCILIATION_FILES: Scope = Scope::new(
    &[
        "reconciliation.csv",
        "reconciliation.pdf",
        "partners-by-year.csv",
        "disagreements.csv",
    ],
    &[],
);

/// Runs `workplan reconcile`.
pub fn reconcile(config: &Config) -> Result<Done, RunError> {
    let registry = PartnerRegistry::load(&config.registry)?;
    let template = ReportTemplate::load(&config.templates, config.lang)?;
    let files = pipeline::input_files(config)?;
    let dir = OutputDir::create(&output_folder(config), RECONCILIATION_FILES)?;
    let (data, mut summary) = pipeline::import(config, &registry, &files);
    some_input_read(&summary, &dir)?;
    let mut reconciled = Summary::default();
    pipeline::reconcile(
        config,
        &registry,
        &template,
        &data,
        Some(&dir),
        &mut reconciled,
    )?;
    summary.absorb(reconciled);
    Done::commit(summary, dir, config, None)
}
