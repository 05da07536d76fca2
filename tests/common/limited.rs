//! Runs the `workplan` binary in a child process under a time and a memory limit, for
//! the tests that feed it hostile input: a hang or a runaway allocation then fails the
//! one test that caused it instead of the whole test run.

// Each integration test binary uses only some of these.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, Instant};

/// The longest one run may take. The slowest input tested takes about half a second
/// (a 100 MB file, under three) in a debug build; the margin is for a busy machine. A
/// hang or a quadratic blow-up takes far longer.
pub(crate) const TIME_LIMIT: Duration = Duration::from_secs(10);

/// The most address space one run may map, in MiB (`prlimit --as`): a few hundred MB
/// of data plus the program, its libraries and the address space the allocator
/// (mimalloc) reserves ahead of use. The largest case, a 100 MB cell, peaks at about
/// 130 MB resident in a debug build and runs within 256 here.
pub(crate) const MEMORY_LIMIT_MIB: u64 = 512;

/// What a limited run did.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The exit code; `None` when killed by a signal (the time limit, or an abort when
    /// the memory limit refused an allocation).
    pub code: Option<i32>,
    /// Standard error, decoded lossily.
    pub stderr: String,
    /// How long it took.
    pub took: Duration,
}

impl Outcome {
    /// Problems with the run, each as a sentence naming `what`: killed, over time, an
    /// exit code other than 0, 1 or 2, or a panic message.
    pub(crate) fn problems(&self, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.took >= TIME_LIMIT {
            out.push(format!("{what}: over the time limit ({:?})", self.took));
        }
        match self.code {
            Some(0..=2) => {}
            Some(code) => out.push(format!("{what}: exit code {code}\n{}", self.stderr)),
            None => out.push(format!(
                "{what}: killed (time or memory limit, or a crash)\n{}",
                self.stderr
            )),
        }
        if self.stderr.contains("panicked") {
            out.push(format!("{what}: panicked\n{}", self.stderr));
        }
        out
    }
}

/// Runs `workplan ARGS` in `dir` under [`TIME_LIMIT`] and [`MEMORY_LIMIT_MIB`].
///
/// The memory limit needs `prlimit` (util-linux); without it the test fails rather than
/// silently running unlimited.
pub(crate) fn workplan<I, S>(dir: &Path, args: I) -> Outcome
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = super::tools::program("prlimit");
    cmd.arg(format!("--as={}", MEMORY_LIMIT_MIB << 20))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_workplan"))
        .args(args)
        .current_dir(dir)
        // The progress bar and colours are for terminals.
        .env("NO_COLOR", "1");
    let start = Instant::now();
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(TIME_LIMIT);
    let output = cmd
        .output()
        .expect("prlimit (util-linux) runs the binary under a memory limit");
    Outcome {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: start.elapsed(),
    }
}
