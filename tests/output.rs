//! The output folder through the binary: all or nothing whatever stops a run (a stop
//! after every step of the commit, `kill -9` at random moments), one writer at a time.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::binary::{files_under, root, stderr};

/// The binary as a plain command (to start it and kill it), in the repository root.
fn binary() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("workplan"));
    cmd.current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove(STOP_VARIABLE)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// The debug builds' fault injection (see `src/output/mod.rs`).
const STOP_VARIABLE: &str = "WORKPLAN_INTERNAL_TEST_STOP_AFTER_STEP";
/// The exit status of a run it stopped.
const STOPPED: i32 = 99;

/// What a user sees in an output folder: every file and its bytes, without the
/// commit's own files (lock, staging folder, journal). The manifest is included.
fn visible(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .filter(|f| {
            !(f.starts_with(".workplan-staging/")
                || f.starts_with(".workplan-journal")
                || f == ".workplan-lock")
        })
        .map(|f| {
            let bytes = fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Which of the two runs `now` is wholly, if either.
fn which(
    now: &BTreeMap<String, Vec<u8>>,
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> Option<char> {
    if now == a {
        Some('A')
    } else if now == b {
        Some('B')
    } else {
        None
    }
}

/// What differs between `now` and the run it should be, for a failure message.
fn difference(now: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) -> String {
    let mut out = Vec::new();
    for (f, bytes) in now {
        match want.get(f) {
            None => out.push(format!("extra {f}")),
            Some(w) if w != bytes => out.push(format!("differs {f}")),
            _ => {}
        }
    }
    out.extend(
        want.keys()
            .filter(|f| !now.contains_key(*f))
            .map(|f| format!("missing {f}")),
    );
    out.join(", ")
}

/// Finishes a stopped commit in `out`, as the next command would, and says whether
/// the lock left by the stopped run was taken over.
fn recover(out: &Path) -> bool {
    let notes = workplan::output::recover(out).unwrap();
    notes
        .iter()
        .any(|n| n.kind.code() == "output-lock-taken-over")
}

/// Copies the folder `from` (every file, hidden ones included) to a new folder `to`.
fn copy_folder(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    for f in files_under(from) {
        let target = to.join(&f);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(from.join(&f), target).unwrap();
    }
}

/// Two small workplans (the second with one activity more, in another sector and
/// year), a registry of one partner and a partner list: runs of a few dozen files.
struct Small {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Small {
    fn new() -> Small {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        fs::write(
            dir.join("partners.toml"),
            "[[partner]]\nname = \"Google\"\nkind = \"company\"\njoined = \"2017-11-08\"\n",
        )
        .unwrap();
        fs::write(
            dir.join("lists.csv"),
            "source,list,as_of,kind,name_as_written\nleaflet,2019 list,2019,members,Google\n",
        )
        .unwrap();
        let header = "Sector,Activity,Date,Companies/associations,Description\n";
        let first = "CDPPE,Conference on data,03/05/2019,Google,First\n";
        fs::write(dir.join("a.csv"), format!("{header}{first}")).unwrap();
        fs::write(
            dir.join("b.csv"),
            format!("{header}{first}MSI-DIG,Study of platforms,2020,Google,Second\n"),
        )
        .unwrap();
        Small { _tmp: tmp, dir }
    }

    /// `workplan run` of workplan `input` ("a.csv", "b.csv") into `out`.
    fn run(&self, input: &str, out: &Path) -> Command {
        let mut cmd = binary();
        cmd.args(["run", "--no-progress", "--quiet", "--no-pdf", "--input"])
            .arg(self.dir.join(input))
            .arg("--registry")
            .arg(self.dir.join("partners.toml"))
            .arg("--partner-lists")
            .arg(self.dir.join("lists.csv"))
            .arg("--output")
            .arg(out);
        cmd
    }
}

#[test]
#[cfg(debug_assertions)]
fn a_run_stopped_after_any_step_of_its_commit_leaves_one_whole_run() {
    let small = Small::new();
    let refs = tempfile::tempdir().unwrap();
    let (ref_a, ref_b) = (refs.path().join("a"), refs.path().join("b"));
    for (input, out) in [("a.csv", &ref_a), ("b.csv", &ref_b)] {
        let o = small.run(input, out).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let (a, b) = (visible(&ref_a), visible(&ref_b));
    assert_ne!(a, b);
    let out = refs.path().join("out");
    let mut steps = None;
    for k in 1..500 {
        copy_folder(&ref_a, &out);
        let o = small
            .run("b.csv", &out)
            .env(STOP_VARIABLE, k.to_string())
            .output()
            .unwrap();
        if o.status.code() != Some(STOPPED) {
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            assert_eq!(visible(&out), b);
            steps = Some(k - 1);
            break;
        }
        let decided = out.join(".workplan-journal").exists();
        let now = visible(&out);
        if !decided {
            // Before the journal is in place nothing visible has changed; once it is
            // removed, everything has.
            let whole = if k < 2 { &a } else { &b };
            assert!(
                now == *whole,
                "stopped after step {k}: {}",
                difference(&now, whole)
            );
        }
        assert!(
            recover(&out),
            "stopped after step {k}: the lock left is taken over"
        );
        let now = visible(&out);
        let want = if k < 2 { &a } else { &b };
        assert!(
            now == *want,
            "stopped after step {k}, recovered: {}",
            difference(&now, want)
        );
        assert!(!out.join(".workplan-staging").exists() && !out.join(".workplan-lock").exists());
    }
    let steps = steps.expect("the commit ended");
    assert!(steps > 20, "only {steps} steps: every file is one or two");
}

/// A small random generator (xorshift), seeded by the clock: the seed is printed so a
/// failure can be replayed with `WORKPLAN_TEST_SEED`.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("WORKPLAN_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        println!("seed {seed}");
        Random(seed)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn runs_killed_at_random_moments_leave_one_whole_run() {
    let refs = tempfile::tempdir().unwrap();
    // A: one sample workplan; B: all of them (more files, others changed).
    let inputs = ["input/workplan-2017-2019.xlsx", "input"];
    let run = |input: &str, out: &Path| {
        let mut cmd = binary();
        cmd.args([
            "run",
            "--no-progress",
            "--quiet",
            "--no-pdf",
            "--input",
            input,
            "--output",
        ])
        .arg(out);
        cmd
    };
    let mut took = Duration::ZERO;
    let mut wholes = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let out = refs.path().join(i.to_string());
        let start = Instant::now();
        let o = run(input, &out).output().unwrap();
        took = took.max(start.elapsed());
        assert!(o.status.code() == Some(0), "{}", stderr(&o));
        wholes.push(visible(&out));
    }
    let (a, b) = (&wholes[0], &wholes[1]);
    let out = refs.path().join("out");
    copy_folder(&refs.path().join("0"), &out);
    let mut random = Random::new();
    let (mut in_commit, mut finished) = (0, 0);
    for i in 0..50 {
        let before = which(&visible(&out), a, b).expect("a whole run");
        let next = if before == 'A' { inputs[1] } else { inputs[0] };
        let mut child = run(next, &out).spawn().unwrap();
        let start = Instant::now();
        if i % 2 == 0 {
            // Anywhere in the run.
            let at = Duration::from_micros(random.below(took.as_micros() as u64 * 6 / 5));
            while start.elapsed() < at && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
        } else {
            // In its commit: once the journal is being written, after 0 to 2 ms.
            while !out.join(".workplan-journal.draft").exists()
                && !out.join(".workplan-journal").exists()
                && child.try_wait().unwrap().is_none()
                && start.elapsed() < took * 10
            {
                std::hint::spin_loop();
            }
            std::thread::sleep(Duration::from_micros(random.below(2000)));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        finished += usize::from(status.success());
        let decided = out.join(".workplan-journal").exists();
        in_commit += usize::from(decided);
        let now = visible(&out);
        if !decided {
            assert!(which(&now, a, b).is_some(), "kill {i}: not a whole run");
        }
        // A run killed between making the lock file and writing its name in it leaves
        // an empty one: nothing to tell.
        let locked = fs::read(out.join(".workplan-lock")).is_ok_and(|l| !l.is_empty());
        assert_eq!(
            recover(&out),
            locked,
            "kill {i}: the lock left is taken over"
        );
        let after = which(&visible(&out), a, b);
        assert!(after.is_some(), "kill {i}, recovered: a mix of two runs");
        if decided {
            assert_ne!(
                after,
                Some(before),
                "kill {i}: a decided commit is finished"
            );
        }
    }
    println!("50 kills: {in_commit} during a commit, {finished} runs finished first");
}

#[test]
fn a_second_run_into_a_folder_being_written_is_refused_naming_the_first() {
    let small = Small::new();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // A run that holds the folder long enough: the sample inputs, with PDFs.
    let mut first = binary();
    first
        .args(["run", "--no-progress", "--quiet", "--output"])
        .arg(&out);
    let mut first = first.spawn().unwrap();
    let start = Instant::now();
    while !out.join(".workplan-lock").exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(1));
    }
    let second = small.run("a.csv", &out).output().unwrap();
    let first_status = first.wait().unwrap();
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(2), "{err}");
    let pid = first.id();
    assert!(
        err.contains(&format!("another workplan run (pid {pid} on ")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "is writing to {} — try again when it ends",
            out.display()
        )),
        "{err}"
    );
    assert!(!err.contains(".workplan-staging"), "{err}");
    assert!(first_status.success());
    // The folder holds the first run's outputs, whole.
    let reference = tmp.path().join("reference");
    let o = binary()
        .args(["run", "--no-progress", "--quiet", "--output"])
        .arg(&reference)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(visible(&out) == visible(&reference));
}

#[test]
fn two_runs_started_together_end_with_one_whole_run() {
    let small = Small::new();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let refs: Vec<_> = ["a.csv", "b.csv"]
        .iter()
        .map(|input| {
            let r = tmp.path().join(input);
            assert!(small.run(input, &r).status().unwrap().success());
            visible(&r)
        })
        .collect();
    let a = small.run("a.csv", &out).spawn().unwrap();
    let b = small.run("b.csv", &out).spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for (o, other) in [(&a, &b), (&b, &a)] {
        match o.status.code() {
            Some(0) => {}
            Some(2) => {
                let err = stderr(o);
                assert!(err.contains("another workplan run (pid "), "{err}");
                assert!(err.contains("try again when it ends"), "{err}");
                assert!(
                    other.status.success(),
                    "one of them runs: {}",
                    stderr(other)
                );
            }
            code => panic!("exit {code:?}: {}", stderr(o)),
        }
    }
    let now = visible(&out);
    assert!(now == refs[0] || now == refs[1], "a mix of two runs");
}
