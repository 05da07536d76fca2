//! What the tests need beyond the Rust toolchain: the programs they call, which
//! `scripts/test.sh` installs. Run without it on a machine that lacks one, this test
//! fails naming the program and the script, before the tests that call it do.

mod common;

use common::binary::root;
use common::tools::{installed, missing_message, PACKAGES};

#[test]
fn the_programs_the_tests_call_are_installed() {
    let missing: Vec<String> = PACKAGES
        .iter()
        .filter(|(program, _)| !installed(program))
        .map(|(program, _)| missing_message(program))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_script_installs_every_program_the_tests_call() {
    let script = std::fs::read_to_string(root().join("scripts/test.sh")).expect("scripts/test.sh");
    for (program, package) in PACKAGES {
        assert!(
            script.contains(&format!("\"{program} {package}\"")),
            "scripts/test.sh does not install {package} for {program}"
        );
    }
}

#[test]
fn a_missing_program_is_named_with_its_package_and_the_script() {
    assert!(!installed("workplan-no-such-program"));
    assert!(installed("sh"), "sh is on every PATH the tests run with");
    let message = missing_message("pdftotext");
    assert!(
        message.starts_with("pdftotext is not installed (Debian package poppler-utils)"),
        "{message}"
    );
    assert!(message.contains("scripts/test.sh"), "{message}");
}
