//! The `workplan` binary: parse the command line, run the pipeline, report.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use workplan::cli::{Cli, Command};
use workplan::diagnostic::Severity;
use workplan::pipeline::{self, EXIT_FAILED};

/// Normalising allocates and frees millions of small strings on two threads at once:
/// mimalloc does that in two thirds of the time of the system allocator, and holds less
/// at a million rows (more on small runs: it reserves ahead).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = cli.config();
    let result = match cli.command {
        Command::Report(_) => pipeline::report(&config),
        _ => pipeline::run(&config),
    };
    match result {
        Ok(summary) => {
            let mut err = std::io::stderr().lock();
            let mut report = String::new();
            for failed in &summary.failed_files {
                report.push_str(&format!("error: {failed}\n"));
            }
            if cli.verbose_warnings() {
                // Notes first, then warnings, each in the order found.
                for severity in [Severity::Note, Severity::Warning] {
                    for d in summary
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == severity)
                    {
                        report.push_str(&format!("{}: {d}\n", severity.as_str()));
                    }
                }
            } else if summary.warnings() > 0 {
                report.push_str(&format!(
                    "{} warnings (run without --quiet to see them)\n",
                    summary.warnings()
                ));
            }
            report.push_str(&summary.to_string());
            if let Some(out) = &config.output {
                report.push_str(&format!("outputs in {}\n", out.display()));
            }
            // A closed stderr is not worth a panic.
            let _ = err.write_all(report.as_bytes());
            ExitCode::from(summary.exit_code())
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}
