//! The output folder's rules, one test each: staging, ownership, the lock, all or
//! nothing at every step of a commit.

use std::collections::BTreeMap;

use super::*;

fn write_text(dir: &OutputDir, relative: &str, text: &str) -> Result<PathBuf, OutputError> {
    dir.write(relative, |w| w.write_all(text.as_bytes()))
}

/// A command owning `scope` that wrote each of `files` holding `text` into `root`,
/// then committed.
fn committed(root: &Path, scope: Scope, files: &[&str], text: &str) -> Committed {
    let dir = OutputDir::create(root, scope).unwrap();
    for file in files {
        write_text(&dir, file, text).unwrap();
    }
    dir.commit().unwrap()
}

/// A `run` (owning everything) that wrote `files`.
fn committed_run(root: &Path, files: &[&str], text: &str) {
    committed(root, Scope::EVERYTHING, files, text);
}

fn read(root: &Path, relative: &str) -> String {
    fs::read_to_string(root.join(relative)).unwrap()
}

/// Every entry under `dir`, as sorted relative paths with forward slashes.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
            if path.is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every file under `dir` with its text: what a user sees in the folder.
fn contents(dir: &Path) -> BTreeMap<String, String> {
    listing(dir)
        .into_iter()
        .filter(|f| dir.join(f).is_file())
        .map(|f| {
            let text = read(dir, &f);
            (f, text)
        })
        .collect()
}

/// [`contents`] without the commit's own files (lock, staging folder, journal): what a
/// user looking at the folder takes for the outputs.
fn visible(dir: &Path) -> BTreeMap<String, String> {
    let mut all = contents(dir);
    all.retain(|f, _| {
        !(f.starts_with(STAGING_DIR) || f.starts_with(JOURNAL_FILE) || f == LOCK_FILE)
    });
    all
}

const REPORTS: Scope = Scope::new(&["index.csv"], &["sectors/", "overview-"]);

#[test]
fn files_appear_only_at_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("out");
    let dir = OutputDir::create(&root, Scope::EVERYTHING).unwrap();
    let at = write_text(&dir, "review/a.csv", "new").unwrap();
    assert_eq!(at, root.join("review/a.csv"));
    assert!(!at.exists(), "visible before the commit");
    assert!(root.join(STAGING_DIR).join("review/a.csv").is_file());
    assert!(root.join(LOCK_FILE).is_file(), "the folder is locked");
    dir.commit().unwrap();
    assert_eq!(read(&root, "review/a.csv"), "new");
    assert_eq!(
        listing(&root),
        [MANIFEST_FILE, "review", "review/a.csv"],
        "the staging folder, journal and lock are gone"
    );
}

#[test]
fn a_run_that_fails_or_panics_leaves_the_previous_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    committed_run(root, &["a.csv", "b.csv"], "first");
    let before = listing(root);

    // A writer that fails half way.
    let dir = OutputDir::create(root, Scope::EVERYTHING).unwrap();
    write_text(&dir, "a.csv", "second").unwrap();
    let err = dir
        .write("b.csv", |w| {
            w.write_all(b"sec")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
    assert!(err.to_string().contains("b.csv"), "{err}");
    assert!(err.to_string().contains("disk full"), "{err}");
    // A failed file is forgotten: written again, it is no second write.
    write_text(&dir, "b.csv", "second").unwrap();
    drop(dir);
    assert_eq!(read(root, "a.csv"), "first");
    assert_eq!(read(root, "b.csv"), "first");
    assert_eq!(listing(root), before, "staging folder and lock removed");

    // A panic half way.
    let caught = std::panic::catch_unwind(|| {
        let dir = OutputDir::create(root, Scope::EVERYTHING).unwrap();
        write_text(&dir, "a.csv", "third").unwrap();
        panic!("a report failed");
    });
    assert!(caught.is_err());
    assert_eq!(read(root, "a.csv"), "first");
    assert_eq!(listing(root), before, "staging folder and lock removed");
}

#[test]
fn a_staging_folder_left_by_a_killed_run_is_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join(STAGING_DIR).join("review")).unwrap();
    fs::write(root.join(STAGING_DIR).join("review/old.csv"), "stale").unwrap();
    let dir = OutputDir::create(root, Scope::EVERYTHING).unwrap();
    assert!(listing(&root.join(STAGING_DIR)).is_empty());
    write_text(&dir, "a.csv", "x").unwrap();
    dir.commit().unwrap();
    assert_eq!(listing(root), [MANIFEST_FILE, "a.csv"]);
}

#[test]
fn only_files_the_pipeline_wrote_are_replaced_or_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("notes.txt"), "mine").unwrap();
    fs::create_dir(root.join("sectors")).unwrap();
    fs::write(root.join("sectors/my-draft.pdf"), "mine too").unwrap();
    committed_run(
        root,
        &[
            "sectors/old-sector.pdf",
            "sectors/kept.pdf",
            "gone/only.csv",
        ],
        "1",
    );

    // The next run no longer has "old-sector" nor anything in "gone/".
    let done = committed(root, Scope::EVERYTHING, &["sectors/kept.pdf"], "2");
    assert_eq!(done.removed, ["gone/only.csv", "sectors/old-sector.pdf"]);
    assert_eq!(
        listing(root),
        [
            MANIFEST_FILE,
            "notes.txt",
            "sectors",
            "sectors/kept.pdf",
            "sectors/my-draft.pdf"
        ]
    );
    assert_eq!(read(root, "sectors/kept.pdf"), "2");
    assert_eq!(read(root, "notes.txt"), "mine");
    assert_eq!(read(root, MANIFEST_FILE), "sectors/kept.pdf\n");
}

#[test]
fn a_command_replaces_and_removes_only_what_it_owns() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let run = [
        "activities.json",
        "review/contacts.csv",
        "index.csv",
        "overview-2019.pdf",
        "overview-2020.pdf",
        "sectors/a.pdf",
        "reconciliation.csv",
    ];
    committed_run(root, &run, "run");

    // `report`: the reports and their index, no longer a 2019 overview.
    let done = committed(
        root,
        REPORTS,
        &["index.csv", "overview-2020.pdf", "sectors/a.pdf"],
        "report",
    );
    assert_eq!(done.removed, ["overview-2019.pdf"]);
    for kept in [
        "activities.json",
        "review/contacts.csv",
        "reconciliation.csv",
    ] {
        assert_eq!(read(root, kept), "run", "{kept} is not the report's");
    }
    assert_eq!(read(root, "overview-2020.pdf"), "report");
    assert!(!root.join("overview-2019.pdf").exists());
    assert_eq!(
        read(root, MANIFEST_FILE),
        "activities.json\nindex.csv\noverview-2020.pdf\nreconciliation.csv\n\
         review/contacts.csv\nsectors/a.pdf\n",
        "the manifest still lists what the run wrote"
    );

    // A second `report` in a row finds the same folder.
    let before = contents(root);
    committed(
        root,
        REPORTS,
        &["index.csv", "overview-2020.pdf", "sectors/a.pdf"],
        "report",
    );
    assert_eq!(contents(root), before);

    // A command may not write outside its scope.
    let dir = OutputDir::create(root, REPORTS).unwrap();
    let err = write_text(&dir, "activities.json", "x").unwrap_err();
    assert!(err.to_string().contains("not among the files"), "{err}");
    drop(dir);
    assert_eq!(read(root, "activities.json"), "run");
}

#[test]
fn a_tampered_manifest_cannot_remove_anything_outside() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("precious.txt");
    fs::write(&outside, "keep").unwrap();
    let root = tmp.path().join("out");
    fs::create_dir(&root).unwrap();
    fs::write(
        root.join(MANIFEST_FILE),
        format!("../precious.txt\n{}\n/etc/hostname\n", outside.display()),
    )
    .unwrap();
    committed_run(&root, &["a.csv"], "x");
    assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");
}

#[test]
fn paths_that_could_escape_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("out");
    let dir = OutputDir::create(&root, Scope::EVERYTHING).unwrap();
    for bad in [
        "",
        "../x.csv",
        "a/../../x.csv",
        "/etc/passwd",
        "./a.csv",
        "a//b.csv",
        "a/",
        "..",
        "a\\..\\..\\x.csv",
        "a\0b",
        "a\nb.csv",
        ".workplan-staging/x.csv",
        ".workplan-files",
        ".workplan-lock",
        ".workplan-journal",
    ] {
        let err = write_text(&dir, bad, "x").unwrap_err();
        let OutputError::File { source, .. } = &err else {
            panic!("{bad:?}: {err}");
        };
        assert_eq!(source.kind(), io::ErrorKind::InvalidInput, "{bad:?}");
    }
    dir.commit().unwrap();
    assert_eq!(listing(tmp.path()), ["out", "out/.workplan-files"]);
}

#[test]
fn a_file_written_twice_in_one_run_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = OutputDir::create(tmp.path(), Scope::EVERYTHING).unwrap();
    write_text(&dir, "sectors/a.pdf", "1").unwrap();
    let err = write_text(&dir, "sectors/a.pdf", "2").unwrap_err();
    assert!(err.to_string().contains("written twice"), "{err}");
    dir.commit().unwrap();
    assert_eq!(read(tmp.path(), "sectors/a.pdf"), "1");
}

#[test]
fn a_folder_or_file_in_the_way_stops_the_commit_before_anything_moves() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    committed_run(root, &["a.csv"], "first");
    fs::create_dir(root.join("z.csv")).unwrap();
    let dir = OutputDir::create(root, Scope::EVERYTHING).unwrap();
    write_text(&dir, "a.csv", "second").unwrap();
    write_text(&dir, "z.csv", "second").unwrap();
    let err = dir.commit().unwrap_err();
    assert!(err.to_string().contains("z.csv"), "{err}");
    assert!(err.to_string().contains("a folder is in the way"), "{err}");
    assert_eq!(read(root, "a.csv"), "first");
    assert!(!root.join(STAGING_DIR).exists());

    fs::write(root.join("sectors"), "a file of the user's").unwrap();
    let dir = OutputDir::create(root, Scope::EVERYTHING).unwrap();
    write_text(&dir, "a.csv", "second").unwrap();
    write_text(&dir, "sectors/s.pdf", "second").unwrap();
    let err = dir.commit().unwrap_err();
    assert!(err.to_string().contains("a file is in the way"), "{err}");
    assert_eq!(read(root, "a.csv"), "first");
    assert_eq!(read(root, "sectors"), "a file of the user's");
}

/// Guards against the mix the commit used to leave: a.csv new beside b.csv old.
#[test]
fn a_staged_file_gone_before_the_commit_leaves_every_previous_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    committed_run(root, &["a.csv", "b.csv"], "first");
    let dir = OutputDir::create(root, Scope::EVERYTHING).unwrap();
    write_text(&dir, "a.csv", "second").unwrap();
    write_text(&dir, "b.csv", "second").unwrap();
    // Gone from the staging folder before the commit (another program removed it).
    fs::remove_file(root.join(STAGING_DIR).join("b.csv")).unwrap();
    let err = dir.commit().unwrap_err();
    assert!(err.to_string().contains("b.csv"), "{err}");
    assert_eq!(read(root, "a.csv"), "first");
    assert_eq!(read(root, "b.csv"), "first");
    assert!(!root.join(STAGING_DIR).exists());
}

#[test]
fn a_second_command_on_a_locked_folder_is_refused_naming_the_pid_and_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("out");
    committed_run(&root, &["a.csv"], "first");
    let first = OutputDir::create(&root, Scope::EVERYTHING).unwrap();
    write_text(&first, "a.csv", "second").unwrap();
    let err = OutputDir::create(&root, REPORTS).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "another workplan run (pid {} on ",
            std::process::id()
        )),
        "{message}"
    );
    assert!(
        message.ends_with(&format!(
            "is writing to {} — try again when it ends",
            root.display()
        )),
        "{message}"
    );
    assert!(!message.contains(STAGING_DIR), "{message}");
    // The refused command touched nothing: the first one's files are still staged.
    first.commit().unwrap();
    assert_eq!(read(&root, "a.csv"), "second");
    let next = OutputDir::create(&root, REPORTS).unwrap();
    assert!(next.notes().is_empty(), "{:?}", next.notes());
}

#[test]
fn an_output_folder_that_is_a_file_or_not_writable_is_named_as_given() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("out.txt");
    fs::write(&file, "a file").unwrap();
    let err = OutputDir::create(&file, Scope::EVERYTHING).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "the output folder {} is a file: give --output a folder (it is made if missing)",
            file.display()
        )
    );
    assert_eq!(read(tmp.path(), "out.txt"), "a file");

    let folder = not_writable_folder(tmp.path());
    let err = OutputDir::create(&folder, Scope::EVERYTHING).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "cannot write to the output folder {}: ",
            folder.display()
        )),
        "{message}"
    );
    assert!(
        !message.contains(STAGING_DIR) && !message.contains(LOCK_FILE),
        "{message}"
    );
}

/// A folder this process cannot write to: a read-only one, or, for a process that
/// writes anyway (root), one of the kernel's.
fn not_writable_folder(tmp: &Path) -> PathBuf {
    let folder = tmp.join("read-only");
    fs::create_dir(&folder).unwrap();
    let mut perms = fs::metadata(&folder).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&folder, perms).unwrap();
    if fs::write(folder.join("probe"), "").is_err() {
        return folder;
    }
    let _ = fs::remove_file(folder.join("probe"));
    PathBuf::from("/sys/kernel")
}

/// The folder as the previous run (`a`) left it, and the files of the next (`b`): a
/// changed file, a new one in a new folder, one gone, a file of the user's.
fn two_runs(root: &Path) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let a_files = ["a.csv", "sectors/x.pdf", "sectors/gone.pdf", "index.csv"];
    let b_files = ["a.csv", "sectors/x.pdf", "partners/new.pdf", "index.csv"];
    fs::create_dir_all(root).unwrap();
    fs::write(root.join("notes.txt"), "the user's").unwrap();
    committed_run(root, &b_files, "B");
    let b = contents(root);
    fs::remove_dir_all(root).unwrap();
    fs::create_dir_all(root).unwrap();
    fs::write(root.join("notes.txt"), "the user's").unwrap();
    committed_run(root, &a_files, "A");
    (contents(root), b)
}

/// Stages run `b` of [`two_runs`] into `root`.
fn stage_b(root: &Path) -> OutputDir {
    let dir = OutputDir::create(root, Scope::EVERYTHING).unwrap();
    for f in ["a.csv", "sectors/x.pdf", "partners/new.pdf", "index.csv"] {
        write_text(&dir, f, "B").unwrap();
    }
    dir
}

/// The state of `root`, finished by [`recover`]: must be `a` or `b` whole, with none of
/// the commit's own files left.
fn recovered(root: &Path, a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> bool {
    let notes = recover(root).unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.kind.code() == "output-lock-taken-over"),
        "a stopped commit leaves its lock behind: {notes:?}"
    );
    let now = contents(root);
    assert!(now == *a || now == *b, "a mix of two runs: {now:#?}");
    assert!(!root.join(STAGING_DIR).exists() && !root.join(JOURNAL_FILE).exists());
    assert!(!root.join(LOCK_FILE).exists());
    now == *b
}

#[test]
fn a_commit_stopped_after_any_step_leaves_one_whole_run_once_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("out");
    let (a, b) = two_runs(&root);
    let mut finished = false;
    for k in 1..100 {
        let _ = fs::remove_dir_all(&root);
        two_runs(&root);
        let dir = stage_b(&root);
        if dir.commit_with(&mut Steps::stopping_after(k)).is_ok() {
            finished = true;
            assert_eq!(contents(&root), b);
            // Journal, three files set aside and four moved in, the manifest, a removal...
            assert!(k > 12, "only {k} steps");
            break;
        }
        let decided = root.join(JOURNAL_FILE).exists();
        if !decided {
            // Before the journal, nothing visible has changed; after it, all has.
            let whole = if k < 2 { &a } else { &b };
            assert_eq!(visible(&root), *whole, "stopped after step {k}");
        }
        // Step 2 puts the journal in place: from then on the commit is decided.
        let is_b = recovered(&root, &a, &b);
        assert_eq!(is_b, k >= 2, "stopped after step {k}");
        // The next command starts from a clean folder.
        let next = OutputDir::create(&root, Scope::EVERYTHING).unwrap();
        assert!(next.notes().is_empty(), "{:?}", next.notes());
    }
    assert!(finished, "the commit has fewer than 100 steps");
}

#[test]
fn finishing_a_commit_is_itself_safe_to_stop_after_any_step() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("out");
    let (a, b) = two_runs(&root);
    // Stopped right after its journal was put in place: everything is left to finish.
    let setup = |root: &Path| {
        let _ = fs::remove_dir_all(root);
        two_runs(root);
        let dir = stage_b(root);
        assert!(dir.commit_with(&mut Steps::stopping_after(2)).is_err());
        assert!(root.join(JOURNAL_FILE).exists());
    };
    let mut finished = false;
    for k in 1..100 {
        setup(&root);
        match OutputDir::create_with(&root, Scope::EVERYTHING, &mut Steps::stopping_after(k)) {
            Ok(dir) => {
                drop(dir);
                finished = true;
                assert_eq!(contents(&root), b);
                break;
            }
            Err(_) => assert!(recovered(&root, &a, &b), "stopped after step {k}"),
        }
    }
    assert!(finished);
}

#[test]
fn a_journal_that_was_not_written_whole_is_removed_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    committed_run(root, &["a.csv"], "first");
    fs::write(root.join(JOURNAL_FILE), "workplan journal 1\nmove a.c").unwrap();
    let dir = OutputDir::create(root, Scope::EVERYTHING).unwrap();
    let codes: Vec<&str> = dir.notes().iter().map(|n| n.kind.code()).collect();
    assert_eq!(codes, ["output-journal-unreadable"]);
    assert!(!root.join(JOURNAL_FILE).exists());
    assert_eq!(read(root, "a.csv"), "first");
}
