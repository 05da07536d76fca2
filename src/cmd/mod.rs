//! The commands, one file each: what a command reads, which stages it runs and in what
//! order, and what it owns in the output folder.
//!
//! A command is a function from resolved settings ([`Config`]) to what it did
//! ([`Done`]), or why it could not run ([`RunError`]). The stages do the work and the
//! [`pipeline`](crate::pipeline) runs them on several cores; a command opens the output
//! folder for its own [`Scope`](crate::output::Scope) before it reads anything there,
//! and commits it last, so that a command that fails leaves the previous outputs as they
//! were.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::accepted::{self, AcceptedWarnings};
use crate::diagnostic::Severity;
use crate::output::OutputDir;
use crate::pipeline::{Canonical, RunError, Summary};
use crate::report::canonical::UnmatchedName;

mod accept;
mod check;
mod reconcile;
mod registry;
mod report;
mod run;

pub use accept::{accept, AcceptError, Accepted};
pub use check::check;
pub use reconcile::{reconcile, RECONCILIATION_FILES};
pub use registry::{registry_apply, RegistryApplied};
pub use report::{report, REPORT_FILES};
pub use run::run;

/// What a command did, told on standard error, and the exit status it deserves.
pub trait Outcome {
    /// Tells what the command did (every warning too when `verbose`).
    fn tell(&self, out: &mut dyn Write, verbose: bool) -> io::Result<()>;

    /// The process exit status.
    fn exit_code(&self) -> u8;
}

impl Outcome for Done {
    fn tell(&self, out: &mut dyn Write, verbose: bool) -> io::Result<()> {
        self.print(out, verbose)
    }

    fn exit_code(&self) -> u8 {
        Done::exit_code(self)
    }
}

/// What a command did, for the message on stderr and the exit status.
#[derive(Debug)]
pub struct Done {
    /// Counts, warnings and notes, files written.
    pub summary: Summary,
    /// The output folder, as given; `None` for `check`.
    pub output: Option<PathBuf>,
    /// Files of an earlier run that this one does not write, removed (relative paths).
    pub removed: Vec<String>,
    /// Whether the command wrote PDFs (`--no-pdf` did not).
    pub pdf: bool,
    /// The names that matched nothing, listed by a command that writes no review file
    /// (`check`).
    pub unmatched: BTreeMap<String, UnmatchedName>,
}

impl Done {
    /// What a command that writes nothing did.
    fn nothing_written(summary: Summary, unmatched: BTreeMap<String, UnmatchedName>) -> Done {
        Done {
            summary,
            output: None,
            removed: Vec::new(),
            pdf: false,
            unmatched,
        }
    }

    /// Commits `dir`, and what the command did with it: the notes of opening the
    /// folder (a lock taken over, a stopped commit finished) come first.
    /// The accepted warnings are set apart first. With `review` (the data `run` read),
    /// the review files are written last, listing every other file: `summary.json`,
    /// `warnings.csv` and `index.html`.
    fn commit(
        mut summary: Summary,
        dir: OutputDir,
        config: &Config,
        review: Option<&Canonical>,
    ) -> Result<Done, RunError> {
        summary
            .diagnostics
            .splice(0..0, dir.notes().iter().cloned());
        set_accepted_apart(&mut summary, config)?;
        if let Some(data) = review {
            crate::review::write(&dir, "run", Some(data), &mut summary, config.csv_bom)?;
        }
        let output = dir.root().to_path_buf();
        let committed = dir.commit()?;
        Ok(Done {
            summary,
            output: Some(output),
            removed: committed.removed,
            pdf: config.pdf,
            unmatched: BTreeMap::new(),
        })
    }

    /// The process exit status the command deserves.
    pub fn exit_code(&self) -> u8 {
        self.summary.exit_code()
    }

    /// Writes the message: the files that could not be read, the warnings and notes
    /// (only how many warnings unless `verbose`), the summary, the files removed, where
    /// the outputs are.
    pub fn print(&self, out: &mut dyn Write, verbose: bool) -> io::Result<()> {
        let summary = &self.summary;
        let mut text = String::new();
        for failed in &summary.failed_files {
            text.push_str(&format!("error: {failed}\n"));
        }
        if verbose {
            // Notes first, then warnings, each in the order found.
            for severity in [Severity::Note, Severity::Warning] {
                for d in summary
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == severity)
                {
                    text.push_str(&format!("{}: {d}\n", severity.as_str()));
                }
            }
        } else if summary.warnings() > 0 {
            text.push_str(&format!(
                "{} warnings (run without --quiet to see them)\n",
                summary.warnings()
            ));
        }
        text.push_str(&summary.to_string());
        text.push_str(&unmatched_list(&self.unmatched));
        let pdfs = self.removed.iter().filter(|f| f.ends_with(".pdf")).count();
        let mut others = self.removed.len();
        if !self.pdf && pdfs > 0 {
            text.push_str(&format!(
                "removed         {pdfs:>8}  PDF files of the previous run (--no-pdf writes none)\n"
            ));
            others -= pdfs;
        }
        if others > 0 {
            text.push_str(&format!(
                "removed         {others:>8}  files of the previous run that this one does \
                 not write\n"
            ));
        }
        if let Some(output) = &self.output {
            text.push_str(&format!("outputs in {}\n", output.display()));
        }
        out.write_all(text.as_bytes())
    }
}

/// Each name that matched nothing, with the cell it was read from, its places and the
/// best suggestion; empty when there is none.
fn unmatched_list(names: &BTreeMap<String, UnmatchedName>) -> String {
    if names.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "unmatched names (`workplan run` writes them to review/unmatched-names.csv, where a \
         decision settles each):\n",
    );
    for (name, u) in names {
        text.push_str(&format!("  {name:?}"));
        if !u.cell.is_empty() && u.cell != *name {
            text.push_str(&format!(" in {:?}", u.cell));
        }
        text.push('\n');
        const PLACES: usize = 5;
        for place in u.places.iter().take(PLACES) {
            text.push_str(&format!("      at {place}\n"));
        }
        if u.places.len() > PLACES {
            text.push_str(&format!(
                "      and {} more places\n",
                u.places.len() - PLACES
            ));
        }
        let suggestion = u.suggestion();
        if !suggestion.is_empty() {
            text.push_str(&format!("      suggestion: {suggestion}\n"));
        }
    }
    text
}

/// Sets apart the warnings accepted in the file beside the registry: they are listed
/// apart and no longer make the exit status 1.
fn set_accepted_apart(summary: &mut Summary, config: &Config) -> Result<(), RunError> {
    let accepted = AcceptedWarnings::load(&accepted::beside(&config.registry))?;
    crate::review::set_apart(summary, &accepted);
    Ok(())
}

/// Refuses to go on when no input file could be read: the command stops before its
/// commit, so the outputs in `output` stay as they were.
fn some_input_read(summary: &Summary, output: &OutputDir) -> Result<(), RunError> {
    if summary.files > 0 && summary.failed_files.len() == summary.files {
        return Err(RunError::NothingRead {
            failed: summary.failed_files.clone(),
            output: output.root().display().to_string(),
        });
    }
    Ok(())
}

/// The output folder of a command that writes one.
fn output_folder(config: &Config) -> PathBuf {
    config
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::config::DEFAULT_OUTPUT))
}
