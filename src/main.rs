//! The `workplan` binary: parse the command line, run the command, tell what it did,
//! exit with its status.

use std::error::Error;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use workplan::cli::{Cli, Command, RegistryCommand};
use workplan::cmd::{self, Outcome};
use workplan::pipeline::EXIT_FAILED;

/// Normalising allocates and frees millions of small strings on two threads at once:
/// mimalloc does that in two thirds of the time of the system allocator, and holds less
/// at a million rows (more on small runs: it reserves ahead).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = cli.config().with_environment();
    let verbose = cli.verbose_warnings();
    match &cli.command {
        Command::Run(_) => finish(cmd::run(&config), verbose),
        Command::Check(_) => finish(cmd::check(&config), verbose),
        Command::Report(_) => finish(cmd::report(&config), verbose),
        Command::Reconcile(_) => finish(cmd::reconcile(&config), verbose),
        Command::Registry(RegistryCommand::Apply(a)) => {
            finish(cmd::registry_apply(&a.file, &a.registry), verbose)
        }
        Command::Accept(a) => finish(
            cmd::accept(&a.output, &a.registry, &a.fingerprints, a.all),
            verbose,
        ),
    }
}

/// Tells what the command did and exits with its status, or tells why it could not run.
fn finish<T: Outcome, E: Error + 'static>(outcome: Result<T, E>, verbose: bool) -> ExitCode {
    match outcome {
        Ok(done) => {
            // A closed standard error (a broken pipe) is not an error: the exit status
            // still tells.
            let _ = done.tell(&mut io::stderr().lock(), verbose);
            ExitCode::from(done.exit_code())
        }
        Err(e) => failed(&e),
    }
}

/// Tells why the command could not run, with every cause not already in the message,
/// and exits with status 2; a broken pipe is not worth telling, as in other command
/// line tools.
fn failed(error: &(dyn Error + 'static)) -> ExitCode {
    let mut message = String::new();
    let mut cause = Some(error);
    while let Some(e) = cause {
        let broken_pipe = e.downcast_ref::<io::Error>();
        if broken_pipe.is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) {
            return ExitCode::SUCCESS;
        }
        let text = e.to_string();
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
        cause = e.source();
    }
    let _ = writeln!(io::stderr(), "error: {message}");
    ExitCode::from(EXIT_FAILED)
}
