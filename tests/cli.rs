//! The binary on the shipped sample inputs: outputs, accounting, errors, determinism.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::binary::{count, files_under, root, stderr, workplan};

fn run_into(out: &Path) -> std::process::Output {
    workplan()
        .args(["run", "--no-progress", "--output"])
        .arg(out)
        .output()
        .expect("runs")
}

#[test]
fn run_on_the_sample_inputs_writes_every_output_and_accounts_for_every_row() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run_into(tmp.path());
    let err = stderr(&o);
    assert!(o.status.success(), "exit {:?}\n{err}", o.status.code());
    for f in [
        "activities.json",
        "activities.csv",
        "rejects.csv",
        "provenance.csv",
        "review/unmatched-names.csv",
        "review/duplicates.csv",
        "review/contacts.csv",
    ] {
        assert!(tmp.path().join(f).is_file(), "{f} missing");
    }
    // Rows read = records + joined + headers + headings + blank + rejected.
    let parts: u64 = [
        "records", "joined", "headers", "headings", "blank", "rejected",
    ]
    .iter()
    .map(|l| count(&err, l))
    .sum();
    assert_eq!(count(&err, "rows read"), parts, "{err}");
    assert_eq!(count(&err, "rejected"), 0, "{err}");
    // 19 + 22 activities; the 2020+ CSV export duplicates the 22 of its workbook.
    assert_eq!(count(&err, "activities"), 41, "{err}");
    assert!(err.contains("(22 duplicate records merged)"), "{err}");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("activities.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 41);
}

#[test]
fn activities_json_has_exactly_the_documented_fields() {
    let tmp = tempfile::tempdir().unwrap();
    run_into(tmp.path());
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("activities.json")).unwrap()).unwrap();
    let first = json[0].as_object().unwrap();
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    let mut expected = vec![
        "id",
        "workplan",
        "category",
        "topic",
        "sector",
        "domain",
        "activity",
        "description",
        "status",
        "date",
        "partners",
        "all_partners",
        "other_organisations",
        "unmatched",
        "contacts",
        "extra",
        "source",
        "notes",
    ];
    let mut got = keys.clone();
    got.sort_unstable();
    expected.sort_unstable();
    assert_eq!(got, expected);
    let date: Vec<&String> = first["date"].as_object().unwrap().keys().collect();
    assert_eq!(date.len(), 5, "{date:?}");
    let source: Vec<&String> = first["source"].as_object().unwrap().keys().collect();
    assert_eq!(source.len(), 3, "{source:?}");
}

#[test]
fn two_runs_give_byte_identical_outputs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    run_into(a.path());
    run_into(b.path());
    let files_a = files_under(a.path());
    assert_eq!(files_a, files_under(b.path()));
    // Canonical outputs, review files, every CSV and PDF report, index.csv.
    assert!(files_a.len() > 100, "{}", files_a.len());
    assert!(files_a.iter().any(|f| f.ends_with(".pdf")));
    for f in &files_a {
        assert!(
            fs::read(a.path().join(f)).unwrap() == fs::read(b.path().join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn a_file_that_is_not_a_table_is_reported_and_the_others_still_processed() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("broken.xlsx");
    // A zip signature followed by garbage: not a readable workbook.
    fs::write(&bad, b"PK\x03\x04 this is not a workbook").unwrap();
    let out = tmp.path().join("out");
    let o = workplan()
        .args([
            "run",
            "--no-progress",
            "--input",
            "input/workplan-2017-2019.xlsx",
            "--input",
        ])
        .arg(&bad)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("broken.xlsx"), "{err}");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("activities.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 19);
}

#[test]
fn no_input_is_an_error_that_says_where_it_looked() {
    let tmp = tempfile::tempdir().unwrap();
    let o = workplan()
        .args(["run", "--no-progress", "--input"])
        .arg(tmp.path())
        .arg("--output")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no input files found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_malformed_registry_is_an_error_naming_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let reg = tmp.path().join("partners.toml");
    fs::write(
        &reg,
        "[[partner]]\nname = \"Google\"\nkind = \"company\"\naliases = [\"Google LLC\"\n",
    )
    .unwrap();
    let o = workplan()
        .args(["check", "--no-progress", "--registry"])
        .arg(&reg)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("partners.toml") && err.contains("line"),
        "{err}"
    );
}

#[test]
fn check_reads_everything_and_writes_nothing() {
    let listing = |dir: &Path| -> Vec<(PathBuf, Option<std::time::SystemTime>)> {
        let mut v: Vec<_> = fs::read_dir(dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| (e.path(), e.metadata().and_then(|m| m.modified()).ok()))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let before = listing(&root().join("output"));
    let o = workplan()
        .args(["check", "--no-progress"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count(&stderr(&o), "activities"), 41, "{}", stderr(&o));
    assert_eq!(listing(&root().join("output")), before);
}

#[test]
fn help_explains_every_option() {
    let o = workplan().args(["run", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    for opt in [
        "--input",
        "--output",
        "--registry",
        "--no-bom",
        "--no-progress",
        "--quiet",
    ] {
        assert!(help.contains(opt), "{opt} not in help:\n{help}");
    }
}

#[test]
fn a_run_that_fails_half_way_leaves_the_previous_outputs_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    assert!(run_into(out).status.success());
    fs::write(out.join("my-notes.txt"), "not an output").unwrap();
    let activities = |out: &Path| -> usize {
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join("activities.json")).unwrap()).unwrap();
        json.as_array().unwrap().len()
    };
    assert_eq!(activities(out), 41);
    // A folder where an output file goes: the second run cannot finish.
    fs::remove_file(out.join("review/contacts.csv")).unwrap();
    fs::create_dir(out.join("review/contacts.csv")).unwrap();
    let o = workplan()
        .args([
            "run",
            "--no-progress",
            "--input",
            "input/workplan-2017-2019.xlsx",
            "--output",
        ])
        .arg(out)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("contacts.csv"), "{err}");
    assert_eq!(
        activities(out),
        41,
        "the previous activities.json is intact"
    );
    assert!(!out.join(".workplan-staging").exists());
    // Once the obstacle is gone, the run replaces the outputs and nothing else.
    fs::remove_dir(out.join("review/contacts.csv")).unwrap();
    let o = workplan()
        .args([
            "run",
            "--no-progress",
            "--input",
            "input/workplan-2017-2019.xlsx",
            "--output",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(activities(out), 19);
    assert_eq!(
        fs::read_to_string(out.join("my-notes.txt")).unwrap(),
        "not an output"
    );
}
