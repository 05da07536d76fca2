//! `workplan run`: every input read and normalised, and every output written: the
//! canonical table, provenance, rejects and review files, the reports and the partner
//! lists reconciliation. It owns the whole output folder.

use crate::config::Config;
use crate::output::{OutputDir, Scope};
use crate::pipeline::{self, RunError};
use crate::registry::PartnerRegistry;
use crate::report::template::ReportTemplate;

use super::{output_folder, some_input_read, Done};

/// Runs `workplan run`.
pub fn run(config: &Config) -> Result<Done, RunError> {
    let registry = PartnerRegistry::load(&config.registry)?;
    let template = ReportTemplate::load(&config.templates, config.lang)?;
    let files = pipeline::input_files(config)?;
    let dir = OutputDir::create(&output_folder(config), Scope::EVERYTHING)?;
    let (data, mut summary) = pipeline::import_tracing(config, &registry, &files, &dir)?;
    some_input_read(&summary, &dir)?;
    summary.absorb(pipeline::write_all(
        config, &registry, &template, &data, &dir,
    )?);
    Done::commit(summary, dir, config, Some(&data))
}
