//! The command line as the user typed it (clap derive). No I/O here: [`Cli::config`]
//! turns the arguments into the [`Config`] a command runs with (the binary adds what
//! the environment says, [`Config::with_environment`]).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, Lang, DEFAULT_OUTPUT, DEFAULT_PARTNER_LISTS, DEFAULT_REGISTRY};

/// Turn circulated partnership workplan tables (xlsx, xlsm, xlsb, xls, ods, csv, tsv)
/// into one canonical, traceable table.
///
/// Each command writes only its own files in the output folder (run: all of them;
/// report: the reports and index.csv; reconcile: its four files; check: none), one
/// command at a time, and all of them or none: a command that fails leaves the previous
/// outputs as they were.
///
/// Exit status: 0 clean run; 1 finished with warnings, rejected rows or unreadable
/// files; 2 could not run (unreadable registry, no input, none of the inputs readable,
/// output folder not writable or in use by another run).
#[derive(Debug, Parser)]
#[command(name = "workplan", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import every input, normalise it and write the canonical outputs and every report
    /// (the main job).
    ///
    /// Writes activities.json, activities.csv, rejects.csv, provenance.csv, review/*.csv,
    /// the reports (sectors/, partners/, `overview-<year>.pdf/.csv`), index.csv and the
    /// partner lists reconciliation (see `reconcile`) into the output folder, and a
    /// summary on stderr.
    Run(RunArgs),
    /// Import and normalise like `run`, print the summary and every warning, write nothing.
    Check(CommonArgs),
    /// (Re)build the reports from a canonical table (activities.json) without reading the
    /// workplans again, e.g. after editing templates/report.toml.
    ///
    /// Writes the reports and index.csv into the output folder; every other file there
    /// (activities.json, review/, the reconciliation) stays as it is.
    Report(ReportArgs),
    /// Reconcile the circulated partner lists with the registry and the activities.
    ///
    /// Reads the workplans like `run` (for who took part in what, and when) and the partner
    /// lists (--partner-lists), then writes reconciliation.csv (one row per name on every
    /// list: canonical name, status, note, suggestions), partners-by-year.csv,
    /// disagreements.csv (one row per disagreement) and reconciliation.pdf (year by year,
    /// a timeline per partner, every disagreement with its sources). `run` writes these too; every other file in the output folder stays
    /// as it is.
    Reconcile(RunArgs),
    /// Change the partner registry.
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// Accept warnings you reviewed: later runs list them apart, and they no longer make
    /// the exit status 1, until their cell changes.
    ///
    /// The warnings are those of the last `run` (summary.json in the output folder), named
    /// by the fingerprints warnings.csv and index.html show. They are kept, with their
    /// place and message, in accepted-warnings.toml beside the registry
    /// (input/accepted-warnings.toml): remove an entry there to see its warning again.
    Accept(AcceptArgs),
}

/// The subcommands of `registry`.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Write the decisions of a review file into the registry, keeping its comments,
    /// order and layout; print each change.
    ///
    /// FILE is review/unmatched-names.csv of the output folder with its `decision` column
    /// filled: `alias` (`canonical` names an existing partner), `non-partner`,
    /// `placeholder`, `partner` (a new partner; `canonical` is its name, `name` by
    /// default), `affiliate` (`canonical` names its partner) or `different` (`canonical`
    /// names the entry it must not be matched to). Rows without a decision are skipped.
    /// One row that cannot be applied (an unknown decision, a partner that does not
    /// exist, a spelling another entry holds) refuses the whole file: nothing changes.
    Apply(ApplyArgs),
}

/// Options of `registry apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The review file with its decisions (output/review/unmatched-names.csv).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The partner registry to change.
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = DEFAULT_REGISTRY
    )]
    pub registry: PathBuf,
}

/// Options of `accept`.
#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The fingerprints of the warnings to accept (warnings.csv, index.html).
    #[arg(value_name = "FINGERPRINT")]
    pub fingerprints: Vec<String>,
    /// Accept every warning of the last run.
    #[arg(long, conflicts_with = "fingerprints")]
    pub all: bool,
    /// The output folder whose summary.json lists the last run's warnings.
    #[arg(short, long, value_name = "DIR", default_value = DEFAULT_OUTPUT)]
    pub output: PathBuf,
    /// The partner registry: the accepted warnings are kept beside it.
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = DEFAULT_REGISTRY
    )]
    pub registry: PathBuf,
}

/// Options shared by every subcommand.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// An input file or folder; repeat for more. Folders are searched (recursively) for
    /// .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt files.
    #[arg(short, long = "input", value_name = "PATH", default_value = "input")]
    pub inputs: Vec<PathBuf>,
    /// The partner registry (TOML): canonical names, aliases, joins, renames.
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = DEFAULT_REGISTRY
    )]
    pub registry: PathBuf,
    /// A table of circulated partner lists (CSV, xlsx, ods: one row per name as written,
    /// columns source, list, as_of, kind, name_as_written, announced, note); repeat for
    /// more. Default: input/partner-lists.csv when it exists. Never read as a workplan.
    #[arg(long = "partner-lists", value_name = "FILE")]
    pub partner_lists: Vec<PathBuf>,
    /// Do not show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Print the summary only, not every warning.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Inputs, registry, progress.
    #[command(flatten)]
    pub common: CommonArgs,
    /// The output folder (made if missing). Only files workplan wrote there are replaced
    /// or removed (.workplan-files lists them); your own files are left alone.
    #[arg(short, long, value_name = "DIR", default_value = DEFAULT_OUTPUT)]
    pub output: PathBuf,
    /// Write CSV files without the UTF-8 byte order mark (Excel needs it to show accents).
    #[arg(long)]
    pub no_bom: bool,
    /// Report options.
    #[command(flatten)]
    pub reports: ReportOptionsArgs,
}

/// Options of the report stage, shared by `run` and `report`.
#[derive(Debug, Args)]
pub struct ReportOptionsArgs {
    /// The folder holding report.toml, the wording of the reports (titles, intro texts,
    /// column labels); the shipped wording is used where it is absent. PDF dates come
    /// from SOURCE_DATE_EPOCH when it is set, else a fixed date (byte-identical reruns).
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub templates: PathBuf,
    /// The language of the printed reports: en or fr. French reads report.fr.toml from
    /// the templates folder over the shipped French wording, writes dates in French and
    /// "Page 1 sur 3". Default: the template's `lang` key, else English. The CSV files
    /// are the same in every language.
    #[arg(long, value_name = "LANG", value_parser = ["en", "fr"])]
    pub lang: Option<String>,
    /// Write no PDF (reports, reconciliation.pdf): every other output is still written,
    /// and index.csv lists the CSV reports only. PDFs an earlier run wrote are removed,
    /// so that none is left looking current; the summary says how many.
    #[arg(long)]
    pub no_pdf: bool,
}

/// Options of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The canonical table written by `run` [default: activities.json in the output
    /// folder].
    #[arg(short, long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// The partner registry (TOML), for the partner profiles.
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = DEFAULT_REGISTRY
    )]
    pub registry: PathBuf,
    /// The output folder (made if missing): the reports and index.csv are replaced, every
    /// other file is left alone.
    #[arg(short, long, value_name = "DIR", default_value = DEFAULT_OUTPUT)]
    pub output: PathBuf,
    /// Write CSV files without the UTF-8 byte order mark.
    #[arg(long)]
    pub no_bom: bool,
    /// Do not show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Print the summary only, not every warning.
    #[arg(short, long)]
    pub quiet: bool,
    /// Report options.
    #[command(flatten)]
    pub reports: ReportOptionsArgs,
}

impl Cli {
    /// The resolved settings of the chosen subcommand.
    pub fn config(&self) -> Config {
        match &self.command {
            Command::Run(args) | Command::Reconcile(args) => Config {
                output: Some(args.output.clone()),
                csv_bom: !args.no_bom,
                templates: args.reports.templates.clone(),
                lang: args.reports.lang(),
                pdf: !args.reports.no_pdf,
                ..args.common.config()
            },
            Command::Check(common) => common.config(),
            // They read no workplan: only the registry matters.
            Command::Registry(RegistryCommand::Apply(ApplyArgs { registry, .. }))
            | Command::Accept(AcceptArgs { registry, .. }) => {
                Config::reading(Vec::new(), registry.clone())
            }
            Command::Report(args) => {
                let from =
                    (args.from.clone()).unwrap_or_else(|| args.output.join("activities.json"));
                Config {
                    output: Some(args.output.clone()),
                    csv_bom: !args.no_bom,
                    progress: !args.no_progress,
                    templates: args.reports.templates.clone(),
                    lang: args.reports.lang(),
                    pdf: !args.reports.no_pdf,
                    ..Config::reading(vec![from], args.registry.clone())
                }
            }
        }
    }

    /// Whether to print every warning.
    pub fn verbose_warnings(&self) -> bool {
        match &self.command {
            Command::Run(args) | Command::Reconcile(args) => !args.common.quiet,
            Command::Check(common) => !common.quiet,
            Command::Report(args) => !args.quiet,
            Command::Registry(_) | Command::Accept(_) => true,
        }
    }
}

impl ReportOptionsArgs {
    /// The language asked for (clap lets only known tags through).
    fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }
}

impl CommonArgs {
    /// Settings that read the inputs and the partner lists and write nothing; the
    /// subcommands that write add their output options to these.
    fn config(&self) -> Config {
        // The partner lists named, or the default file (which may be absent).
        let partner_lists = if self.partner_lists.is_empty() {
            vec![PathBuf::from(DEFAULT_PARTNER_LISTS)]
        } else {
            self.partner_lists.clone()
        };
        Config {
            progress: !self.no_progress,
            partner_lists,
            partner_lists_given: !self.partner_lists.is_empty(),
            ..Config::reading(self.inputs.clone(), self.registry.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn run_defaults_to_input_and_output_folders() {
        let cli = Cli::parse_from(["workplan", "run"]);
        let config = cli.config();
        assert_eq!(config.inputs, vec![PathBuf::from("input")]);
        assert_eq!(config.output, Some(PathBuf::from("output")));
        assert_eq!(config.registry, PathBuf::from("input/partners.toml"));
        assert!(config.csv_bom);
    }

    #[test]
    fn inputs_repeat() {
        let cli = Cli::parse_from([
            "workplan", "run", "--input", "a.xlsx", "-i", "dir", "--no-bom",
        ]);
        let config = cli.config();
        assert_eq!(
            config.inputs,
            vec![PathBuf::from("a.xlsx"), PathBuf::from("dir")]
        );
        assert!(!config.csv_bom);
    }

    #[test]
    fn report_reads_the_output_folders_table_unless_told_otherwise() {
        let config = Cli::parse_from(["workplan", "report", "--output", "out"]).config();
        assert_eq!(config.inputs, [PathBuf::from("out/activities.json")]);
        assert_eq!(config.output, Some(PathBuf::from("out")));
        let config = Cli::parse_from(["workplan", "report", "--from", "a.json"]).config();
        assert_eq!(config.inputs, [PathBuf::from("a.json")]);
        assert_eq!(config.output, Some(PathBuf::from("output")));
    }

    #[test]
    fn partner_lists_default_to_an_optional_file_and_repeat() {
        let config = Cli::parse_from(["workplan", "reconcile"]).config();
        assert_eq!(
            config.partner_lists,
            vec![PathBuf::from("input/partner-lists.csv")]
        );
        assert!(!config.partner_lists_given);
        let config = Cli::parse_from([
            "workplan",
            "run",
            "--partner-lists",
            "a.csv",
            "--partner-lists",
            "b.xlsx",
        ])
        .config();
        assert_eq!(
            config.partner_lists,
            vec![PathBuf::from("a.csv"), PathBuf::from("b.xlsx")]
        );
        assert!(config.partner_lists_given);
    }
}
