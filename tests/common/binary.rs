//! Running the `workplan` binary from the integration tests, and reading the summary it
//! prints on standard error.

// Each integration test binary uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The repository root, where the sample inputs (`input/`) and templates live.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `workplan` binary, started in the repository root. `SOURCE_DATE_EPOCH` is taken
/// out of the environment so a developer's setting cannot change what tests see.
pub(crate) fn workplan() -> Command {
    let mut cmd = Command::cargo_bin("workplan").expect("binary built");
    cmd.current_dir(root()).env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// Standard error of a finished run, decoded lossily.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The number after a summary label, e.g. `rows read       101`.
pub(crate) fn count(summary: &str, label: &str) -> u64 {
    summary
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .and_then(|l| l.trim_start()[label.len()..].split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in summary:\n{summary}"))
}

/// `workplan run --no-progress --output OUT` plus `args`, which must exit 0.
pub(crate) fn run_ok(out: &Path, args: &[&str]) -> Output {
    subcommand_ok("run", out, args)
}

/// `workplan COMMAND --no-progress --output OUT` plus `args`, which must exit 0.
pub(crate) fn subcommand_ok(command: &str, out: &Path, args: &[&str]) -> Output {
    let o = workplan()
        .args([command, "--no-progress", "--output"])
        .arg(out)
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    o
}

/// Every file under `dir`, as sorted relative paths with `/` separators.
pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
