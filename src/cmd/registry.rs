//! `workplan registry apply FILE`: the decisions a reviewer wrote in the review file
//! (`review/unmatched-names.csv`) written into the partner registry, keeping its
//! comments, order and layout ([`crate::registry::apply`]). It writes nothing in the
//! output folder.

use std::io::{self, Write};
use std::path::Path;

use crate::registry::apply::{self, Applied, ApplyError};

use super::Outcome;

/// Runs `workplan registry apply`: the decisions of `review` into `registry`.
pub fn registry_apply(review: &Path, registry: &Path) -> Result<RegistryApplied, ApplyError> {
    let applied = apply::apply(review, registry)?;
    Ok(RegistryApplied {
        applied,
        review: review.display().to_string(),
        registry: registry.display().to_string(),
    })
}

/// What `registry apply` did.
#[derive(Debug)]
pub struct RegistryApplied {
    /// The changes and the rows skipped.
    pub applied: Applied,
    /// The review file, as given.
    pub review: String,
    /// The registry, as given.
    pub registry: String,
}

impl Outcome for RegistryApplied {
    fn tell(&self, out: &mut dyn Write, _verbose: bool) -> io::Result<()> {
        let mut text = String::new();
        for change in &self.applied.changes {
            text.push_str(&format!("{}: {change}\n", self.review));
        }
        let n = self.applied.changes.len();
        text.push_str(&match n {
            0 => format!("{}: unchanged\n", self.registry),
            n => format!(
                "{}: {n} change{} written; run again to see the names resolved\n",
                self.registry,
                if n == 1 { "" } else { "s" }
            ),
        });
        if !self.applied.unchanged.is_empty() {
            let rows: Vec<String> = self.applied.unchanged.iter().map(u64::to_string).collect();
            text.push_str(&format!(
                "rows {} unchanged: the registry says so already\n",
                rows.join(", ")
            ));
        }
        if self.applied.skipped > 0 {
            text.push_str(&format!(
                "{} rows without a decision skipped\n",
                self.applied.skipped
            ));
        }
        out.write_all(text.as_bytes())
    }

    fn exit_code(&self) -> u8 {
        0
    }
}
