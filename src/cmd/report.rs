//! `workplan report`: the reports rebuilt from a canonical table written by `run`
//! (`activities.json`), without reading the workplans again. It owns the reports and
//! their index.

use crate::config::Config;
use crate::output::{OutputDir, Scope};
use crate::pipeline::{self, RunError, Summary};
use crate::registry::PartnerRegistry;
use crate::report::template::ReportTemplate;

use super::{output_folder, Done};

/// What `report` owns in the output folder: the reports and `index.csv`.
pub const REPORT_FILES: Scope = Scope::new(&["index.csv"], &["overview-", "sectors/", "partners/"]);

/// Runs `workplan report` on the canonical table `config.inputs[0]`.
pub fn report(config: &Config) -> Result<Done, RunError> {
    let registry = PartnerRegistry::load(&config.registry)?;
    let template = ReportTemplate::load(&config.templates, config.lang)?;
    let from = config
        .inputs
        .first()
        .ok_or_else(|| RunError::NoInput("(no canonical table given)".into()))?;
    // The folder is locked, and a stopped commit finished, before the table (by default
    // the folder's own) is read.
    let dir = OutputDir::create(&output_folder(config), REPORT_FILES)?;
    let activities = pipeline::read_canonical(from)?;
    let mut summary = Summary {
        activities: activities.len(),
        ..Summary::default()
    };
    summary.absorb(pipeline::write_reports(
        config,
        &registry,
        &template,
        &activities,
        &dir,
    )?);
    Done::commit(summary, dir, config, None)
}
