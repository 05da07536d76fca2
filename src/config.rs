//! Resolved settings, and the one place where output files are created.
//!
//! [`crate::cli`] holds what the user typed; [`Config`] is what it resolves to. Every
//! file the pipeline writes goes through [`OutputDir`], which names the path in every
//! error and replaces a file only once its new content is complete.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Settings of one run, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Config {
    /// Input files and folders.
    pub inputs: Vec<PathBuf>,
    /// Output folder; `None` for a check that writes nothing.
    pub output: Option<PathBuf>,
    /// The partner registry.
    pub registry: PathBuf,
    /// Start CSV outputs with a UTF-8 byte order mark, so Excel reads accents right.
    pub csv_bom: bool,
    /// Show a progress bar on stderr (only when it is a terminal).
    pub progress: bool,
    /// Circulated partner lists to reconcile (see [`crate::reconcile::lists`]).
    pub partner_lists: Vec<PathBuf>,
    /// Whether the user named `partner_lists`: a missing one is then an error, while the
    /// default file may be absent.
    pub partner_lists_given: bool,
    /// Write the canonical outputs (activities, provenance, review files).
    pub canonical_outputs: bool,
    /// Reconcile the partner lists (and write its outputs when there is an output folder).
    pub reconcile: bool,
}

/// The partner lists read when none is named on the command line.
pub const DEFAULT_PARTNER_LISTS: &str = "input/partner-lists.csv";

impl Config {
    /// The workplan files among `files`: the partner lists (those named and the default
    /// file, which may sit in the input folder while others are named) and the registry
    /// are reference files, never read as workplans.
    pub fn workplan_files(&self, files: Vec<PathBuf>) -> Vec<PathBuf> {
        let same = |a: &Path, b: &Path| match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        let default_lists = PathBuf::from(DEFAULT_PARTNER_LISTS);
        let reference: Vec<&PathBuf> = self
            .partner_lists
            .iter()
            .chain([&default_lists, &self.registry])
            .collect();
        files
            .into_iter()
            .filter(|f| !reference.iter().any(|r| same(f, r)))
            .collect()
    }
}

/// An error writing an output file, with its path.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {source}")]
pub struct OutputError {
    /// The file.
    pub path: String,
    /// The I/O error.
    #[source]
    pub source: io::Error,
}

/// The output folder: creates files inside it, never outside.
#[derive(Debug, Clone)]
pub struct OutputDir {
    root: PathBuf,
}

impl OutputDir {
    /// Opens (creating if needed) the output folder.
    pub fn create(root: &Path) -> Result<Self, OutputError> {
        fs::create_dir_all(root).map_err(|source| OutputError {
            path: root.display().to_string(),
            source,
        })?;
        Ok(OutputDir {
            root: root.to_path_buf(),
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `relative` (a path made by the pipeline, e.g. `review/unmatched-names.csv`)
    /// through `write`. The content goes to a temporary file first and replaces the old
    /// file only when complete, so a failed run leaves the previous output in place.
    pub fn write<F>(&self, relative: &str, write: F) -> Result<PathBuf, OutputError>
    where
        F: FnOnce(&mut dyn Write) -> io::Result<()>,
    {
        let path = self.root.join(relative);
        let err = |source| OutputError {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(err)?;
        }
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        let result = (|| {
            let mut out = BufWriter::new(File::create(&tmp)?);
            write(&mut out)?;
            out.flush()?;
            drop(out);
            fs::rename(&tmp, &path)
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(&tmp);
            return Err(err(e));
        }
        Ok(path)
    }
}
