//! The programs the tests call (`pdftotext`, `qpdf`, ...), which `scripts/test.sh`
//! installs: a test that needs one that is missing fails saying which and how to get it.

// Each integration test binary uses only some of these.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Each program the tests call and the Debian package holding it (`scripts/test.sh`
/// lists the same; `tests/setup.rs` checks that it does).
pub(crate) const PACKAGES: &[(&str, &str)] = &[
    ("pdftotext", "poppler-utils"),
    ("qpdf", "qpdf"),
    ("chromium", "chromium"),
    ("prlimit", "util-linux"),
];

/// Whether `program` is an executable file on `PATH`.
pub(crate) fn installed(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| is_executable(&dir.join(program)))
    })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// A command running `program`; fails the test at once, naming the program, its
/// package and `scripts/test.sh`, when it is not installed.
pub(crate) fn program(program: &str) -> Command {
    assert!(installed(program), "{}", missing_message(program));
    Command::new(program)
}

/// What a test says when `program` is missing.
pub(crate) fn missing_message(program: &str) -> String {
    let package = PACKAGES
        .iter()
        .find(|(p, _)| *p == program)
        .map_or("?", |(_, package)| package);
    format!(
        "{program} is not installed (Debian package {package}): run the tests with \
         scripts/test.sh, which installs what they need"
    )
}
