//! What each command owns in the output folder and what it says (issue 19): `report`
//! and `reconcile` leave `run`'s other files alone, a run that can read nothing leaves
//! the folder as it was, `--no-pdf` says what it removes, `check` points at no file.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;

mod common;

use common::binary::{files_under, stderr, workplan};

/// Every file under `dir` (hidden ones included) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// What differs between two snapshots, for a failure message.
fn difference(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out: Vec<String> = a
        .iter()
        .filter(|(f, bytes)| b.get(*f) != Some(*bytes))
        .map(|(f, _)| format!("{f} differs or is gone"))
        .collect();
    out.extend(
        b.keys()
            .filter(|f| !a.contains_key(*f))
            .map(|f| format!("{f} is new")),
    );
    out
}

/// `workplan COMMAND --no-progress ARGS... --output OUT`.
fn command(command: &str, out: &Path, args: &[&str]) -> Output {
    workplan()
        .args([command, "--no-progress"])
        .args(args)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap()
}

/// A full run of the sample inputs into `out`, which must succeed.
fn full_run(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let o = command("run", out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    fs::write(out.join("my-notes.txt"), "the user's own file").unwrap();
    snapshot(out)
}

#[test]
fn report_twice_and_reconcile_after_run_leave_every_file_of_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let after_run = full_run(&out);
    assert!(after_run.len() > 130, "{}", after_run.len());
    for (i, cmd) in ["report", "report", "reconcile"].iter().enumerate() {
        // `report` reads the output folder's own activities.json.
        let o = command(cmd, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{cmd} ({i}): {}", stderr(&o));
        let now = snapshot(&out);
        assert!(
            now == after_run,
            "{cmd} ({i}) changed the folder: {:?}",
            difference(&after_run, &now)
        );
    }
}

#[test]
fn report_reads_the_table_of_the_folder_it_writes_to() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = command("run", &out, &["--input", "input/workplan-2017-2019.xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    fs::remove_dir_all(out.join("sectors")).unwrap();
    let o = command("report", &out, &["--no-pdf"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // 19 activities (the 2017-2019 workplan), not the 41 of the sample's output/.
    assert!(err.starts_with("activities            19\n"), "{err}");
    assert!(out.join("sectors").is_dir());

    let elsewhere = tmp.path().join("elsewhere");
    let o = command("report", &elsewhere, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: cannot read the canonical table",
            elsewhere.join("activities.json").display()
        )),
        "{err}"
    );
}

#[test]
fn a_run_that_can_read_none_of_its_inputs_leaves_the_previous_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let before = full_run(&out);
    let damaged = tmp.path().join("damaged.xlsx");
    fs::write(&damaged, b"PK\x03\x04 not a workbook").unwrap();
    // A picture saved under a workbook's name.
    let picture = tmp.path().join("picture.xlsx");
    fs::write(&picture, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    for command_name in ["run", "reconcile"] {
        let o = workplan()
            .args([command_name, "--no-progress", "--input"])
            .arg(&damaged)
            .arg("--input")
            .arg(&picture)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{command_name}: {err}");
        assert!(
            err.starts_with(&format!(
                "error: none of the input files could be read, so the outputs in {} are left \
                 as they were:\n",
                out.display()
            )),
            "{err}"
        );
        assert!(
            err.contains("damaged.xlsx: ") && err.contains("picture.xlsx: "),
            "{err}"
        );
        let now = snapshot(&out);
        assert!(
            now == before,
            "{command_name}: {:?}",
            difference(&before, &now)
        );
    }
}

#[test]
fn no_pdf_after_a_full_run_removes_the_pdfs_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let before = full_run(&out);
    let pdfs = before.keys().filter(|f| f.ends_with(".pdf")).count();
    assert!(pdfs > 60, "{pdfs}");
    let o = command("run", &out, &["--no-pdf"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "removed         {pdfs:>8}  PDF files of the previous run (--no-pdf writes none)\n"
        )),
        "{err}"
    );
    assert!(
        err.contains("disagreements          5  (see disagreements.csv)"),
        "{err}"
    );
    let now = snapshot(&out);
    assert!(!now.keys().any(|f| f.ends_with(".pdf")), "a PDF is left");
    let manifest = String::from_utf8(now[".workplan-files"].clone()).unwrap();
    assert!(!manifest.contains(".pdf"), "{manifest}");
    let index = String::from_utf8(now["index.csv"].clone()).unwrap();
    assert!(!index.contains(".pdf"), "{index}");
    assert_eq!(now["my-notes.txt"], b"the user's own file");
    // Every other file is what the full run wrote; the review files (index.html,
    // summary.json) list every file written and count PDF pages.
    let listing = [".workplan-files", "index.csv", "index.html", "summary.json"];
    for (f, bytes) in &now {
        if !listing.contains(&f.as_str()) {
            assert!(before.get(f) == Some(bytes), "{f} changed");
        }
    }
    // `report --no-pdf` on that folder has nothing more to remove.
    let o = command("report", &out, &["--no-pdf"]);
    assert!(!stderr(&o).contains("removed"), "{}", stderr(&o));
}

#[test]
fn check_writes_nothing_and_points_at_no_file() {
    let o = workplan()
        .args(["check", "--no-progress"])
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for pointer in [
        "rejects.csv",
        "reconciliation",
        "index.csv",
        "outputs in",
        "see ",
    ] {
        assert!(!err.contains(pointer), "{pointer}: {err}");
    }
    assert!(err.contains("disagreements          5\n"), "{err}");
}

#[test]
fn an_output_that_is_a_file_or_not_writable_is_named_as_given() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("out.txt");
    fs::write(&file, "a file").unwrap();
    let o = command("run", &file, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: the output folder {} is a file: give --output a folder (it is made if \
             missing)\n",
            file.display()
        )
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "a file");

    let folder = not_writable_folder(tmp.path());
    for cmd in ["run", "report", "reconcile"] {
        let o = command(cmd, &folder, &["--no-pdf"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.starts_with(&format!(
                "error: cannot write to the output folder {}: ",
                folder.display()
            )),
            "{cmd}: {err}"
        );
        assert!(
            err.ends_with(": give --output a folder you can write to\n"),
            "{err}"
        );
        assert!(!err.contains(".workplan"), "{cmd}: {err}");
    }
}

/// A folder this process cannot write to: a read-only one, or, for a process that
/// writes anyway (root), one of the kernel's.
fn not_writable_folder(tmp: &Path) -> std::path::PathBuf {
    let folder = tmp.join("read-only");
    fs::create_dir(&folder).unwrap();
    let mut perms = fs::metadata(&folder).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&folder, perms).unwrap();
    if fs::write(folder.join("probe"), "").is_err() {
        return folder;
    }
    let _ = fs::remove_file(folder.join("probe"));
    std::path::PathBuf::from("/sys/kernel")
}

#[test]
fn a_lock_left_by_a_killed_run_is_taken_over_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(
        out.join(".workplan-lock"),
        "pid 4242\nhost elsewhere\nstarted 2025-01-31 09:30:00 UTC\n",
    )
    .unwrap();
    let o = command(
        "run",
        &out,
        &["--input", "input/workplan-2017-2019.xlsx", "--no-pdf"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "note: {}: took over the lock left by an earlier workplan run (pid 4242 on \
             elsewhere, started 2025-01-31 09:30:00 UTC), which is no longer running\n",
            out.display()
        )),
        "{err}"
    );
    assert!(!out.join(".workplan-lock").exists());
}
