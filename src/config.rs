//! Resolved settings: [`crate::cli`] holds what the user typed; [`Config`] is what it
//! resolves to.

use std::fs;
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
    /// The folder holding `report.toml` (report wording); the shipped wording where absent.
    pub templates: PathBuf,
    /// The language of the printed reports; `None` leaves it to the template (English
    /// unless its `lang` key says otherwise).
    pub lang: Option<Lang>,
    /// Creation date written into PDFs, from `SOURCE_DATE_EPOCH`; `None` writes a fixed
    /// date, so reruns give byte-identical files.
    pub created: Option<i64>,
    /// Circulated partner lists to reconcile (see [`crate::reconcile::lists`]).
    pub partner_lists: Vec<PathBuf>,
    /// Whether the user named `partner_lists`: a missing one is then an error, while the
    /// default file may be absent.
    pub partner_lists_given: bool,
    /// Write the PDFs (the reports' and `reconciliation.pdf`); without them every other
    /// output is still written.
    pub pdf: bool,
}

/// A language the reports are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// The language named by its BCP 47 tag ("en", "fr"), case aside.
    pub fn parse(tag: &str) -> Option<Lang> {
        match tag.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// Its BCP 47 tag, as the PDF's /Lang says it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

/// The partner lists read when none is named on the command line.
pub const DEFAULT_PARTNER_LISTS: &str = "input/partner-lists.csv";

/// The output folder when none is named on the command line.
pub const DEFAULT_OUTPUT: &str = "output";

/// The partner registry every command reads unless `--registry` names another.
pub const DEFAULT_REGISTRY: &str = "input/partners.toml";

impl Config {
    /// Settings that read `inputs` against `registry` and do nothing else: no output
    /// folder, no progress bar, no partner lists, the shipped templates, CSV with a BOM
    /// and PDFs once an output folder is given.
    pub fn reading(inputs: Vec<PathBuf>, registry: PathBuf) -> Config {
        Config {
            inputs,
            output: None,
            registry,
            csv_bom: true,
            progress: false,
            templates: PathBuf::from("templates"),
            lang: None,
            created: None,
            partner_lists: Vec::new(),
            partner_lists_given: false,
            pdf: true,
        }
    }

    /// These settings with what the environment says: the PDFs' date from
    /// `SOURCE_DATE_EPOCH` (Unix seconds, the reproducible-builds convention for "the
    /// date to write instead of now"; unset or unreadable, a fixed date).
    pub fn with_environment(self) -> Config {
        let created = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse().ok());
        Config { created, ..self }
    }

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
