//! The `workplan` binary: parse the command line, run the command, tell what it did,
//! exit with its status.

use std::error::Error;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use workplan::cli::{Cli, Command};
use workplan::cmd;
use workplan::pipeline::EXIT_FAILED;

/// Normalising allocates and frees millions of small strings on two threads at once:
/// mimalloc does that in two thirds of the time of the system allocator, and holds less
/// at a million rows (more on small runs: it reserves ahead).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = cli.config().with_environment();
    let done = match &cli.command {
        Command::Run(_) => cmd::run(&config),
        Command::Check(_) => cmd::check(&config),
        Command::Report(_) => cmd::report(&config),
        Command::Reconcile(_) => cmd::reconcile(&config),
    };
    match done {
        Ok(done) => {
            // A closed standard error (a broken pipe) is not an error: the exit status
            // still tells.
            let _ = done.print(&mut io::stderr().lock(), cli.verbose_warnings());
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
