//! `workplan check`: every input read and normalised, and the partner lists reconciled,
//! as `run` does, to see every warning; nothing is written.

use crate::config::Config;
use crate::pipeline::{self, RunError, Summary};
use crate::registry::PartnerRegistry;
use crate::report::template::ReportTemplate;

use super::Done;

/// Runs `workplan check`.
pub fn check(config: &Config) -> Result<Done, RunError> {
    let registry = PartnerRegistry::load(&config.registry)?;
    let files = pipeline::input_files(config)?;
    let (data, mut summary) = pipeline::import(config, &registry, &files);
    let mut reconciled = Summary::default();
    // Nothing is written, so the wording does not matter.
    let template = ReportTemplate::default();
    pipeline::reconcile(config, &registry, &template, &data, None, &mut reconciled)?;
    summary.absorb(reconciled);
    super::set_accepted_apart(&mut summary, config)?;
    Ok(Done::nothing_written(summary, data.unmatched))
}
