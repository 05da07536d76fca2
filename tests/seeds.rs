//! Every activity of both seed workplans, read from the shipped sample inputs, against
//! what the seed documents say (tests/common/seeds.rs, transcribed by hand).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use common::seeds::{ExpectedActivity, SEED_ACTIVITIES};

/// Letters and digits only, lower-cased: compares texts across wrap repairs.
fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn run(inputs: &[&str]) -> Vec<Value> {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("workplan").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "--no-progress"]);
    for i in inputs {
        cmd.args(["--input", i]);
    }
    let o = cmd.arg("--output").arg(tmp.path()).output().unwrap();
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: Value =
        serde_json::from_slice(&fs::read(tmp.path().join("activities.json")).unwrap()).unwrap();
    json.as_array().unwrap().clone()
}

fn str_list(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    out.sort();
    out
}

/// The activity an expectation describes. Two seed records may share workplan, sector,
/// title and date (PACE's two fact-finding visits): they are taken in sheet order.
fn find<'a>(acts: &'a [Value], e: &ExpectedActivity, used: &mut Vec<usize>) -> &'a Value {
    let found: Vec<usize> = acts
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a["workplan"].as_str() == Some(e.workplan)
                && loose(a["sector"].as_str().unwrap_or("")) == loose(e.sector)
                && loose(a["activity"].as_str().unwrap_or(""))
                    .starts_with(&loose(e.activity_starts))
                && a["date"]["text"].as_str().map(loose) == Some(loose(e.date_text))
        })
        .map(|(i, _)| i)
        .collect();
    let free: Vec<usize> = found
        .iter()
        .copied()
        .filter(|i| !used.contains(i))
        .collect();
    assert!(
        !free.is_empty(),
        "{} {:?} {:?}: found {} (all taken)",
        e.workplan,
        e.sector,
        e.activity_starts,
        found.len()
    );
    used.push(free[0]);
    &acts[free[0]]
}

/// Compares every expected activity with the one read.
fn check_all(acts: &[Value]) {
    let mut problems = Vec::new();
    let mut used = Vec::new();
    for e in SEED_ACTIVITIES {
        let a = find(acts, e, &mut used);
        let what = format!("{} / {} / {:?}", e.workplan, e.sector, e.activity_starts);
        let mut check = |field: &str, got: String, want: String| {
            if got != want {
                problems.push(format!("{what}: {field}: got {got}, want {want}"));
            }
        };
        check(
            "category",
            format!("{:?}", a["category"].as_str()),
            format!("{:?}", e.category),
        );
        check(
            "start",
            format!("{:?}", a["date"]["start"].as_str()),
            format!("{:?}", e.start),
        );
        check(
            "end",
            format!("{:?}", a["date"]["end"].as_str()),
            format!("{:?}", e.end),
        );
        check(
            "precision",
            format!("{:?}", a["date"]["precision"].as_str()),
            format!("{:?}", e.precision),
        );
        check(
            "tentative",
            a["date"]["tentative"].to_string(),
            e.tentative.to_string(),
        );
        check(
            "partners",
            format!("{:?}", str_list(&a["partners"])),
            format!("{:?}", sorted(e.partners)),
        );
        check(
            "all_partners",
            a["all_partners"].to_string(),
            e.all_partners.to_string(),
        );
        check(
            "other_organisations",
            format!("{:?}", str_list(&a["other_organisations"])),
            format!("{:?}", sorted(e.other_organisations)),
        );
        check(
            "status",
            a["status"].as_str().unwrap_or("").to_owned(),
            e.status.to_owned(),
        );
        check(
            "contacts",
            format!("{:?}", str_list(&a["contacts"])),
            format!("{:?}", sorted(e.contacts)),
        );
    }
    assert!(
        problems.is_empty(),
        "{} differences:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_seed_activity_has_the_dates_partners_status_and_contacts_the_seeds_give() {
    let acts = run(&["input"]);
    assert_eq!(
        acts.iter().filter(|a| a["workplan"] == "2017-2019").count(),
        19
    );
    assert_eq!(acts.iter().filter(|a| a["workplan"] == "2020+").count(), 22);
    assert_eq!(SEED_ACTIVITIES.len(), 41);
    check_all(&acts);
}

/// Copies laid out differently give the same canonical values.
#[test]
fn differently_laid_out_copies_give_the_same_canonical_values() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "fixtures missing in {}",
        fixtures.display()
    );
    let reference = run(&["input"]);
    let key = |a: &Value| {
        let mut a = a.clone();
        let obj = a.as_object_mut().unwrap();
        for volatile in ["source", "notes", "extra"] {
            obj.remove(volatile);
        }
        // A real date cell has no text as written; compare the span.
        obj["date"].as_object_mut().unwrap().remove("text");
        a
    };
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let acts = run(&[file.to_str().unwrap()]);
        assert!(!acts.is_empty(), "{name}: no activities");
        for a in &acts {
            let want = reference.iter().find(|r| r["id"] == a["id"]);
            let want = want.unwrap_or_else(|| {
                panic!("{name}: activity {:?} / {:?} differs from the sample inputs' (no activity with id {})", a["sector"], a["activity"], a["id"])
            });
            assert_eq!(key(a), key(want), "{name}");
        }
    }
}
