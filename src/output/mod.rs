//! The output folder: the one place where output files are created, and the
//! all-or-nothing commit that puts a command's files in place.
//!
//! The output folder is where users keep the year's work, beside files of their own. A
//! command that writes into it ([`OutputDir::create`]):
//!
//! 1. **takes the folder's lock** (`.workplan-lock`): one writer at a time; a
//!    second command is refused with a message naming the holder's pid, and a lock left
//!    by a process that is gone (killed) is taken over with a note;
//! 2. **finishes a commit that was stopped** half way, if the journal says there was one
//!    (`.workplan-journal`), before anything else;
//! 3. **stages** every file it writes in `.workplan-staging/` ([`OutputDir::write`]);
//! 4. **commits** ([`OutputDir::commit`]): writes the journal (every move and removal
//!    it will do), forces it to disk, then moves each staged file into place, removes
//!    the stale files and finally the journal. Dropped without a commit (an error, a
//!    panic, no readable input), it removes its staging folder and the previous outputs
//!    stay as they were.
//!
//! **All or nothing.** Until the journal is in place nothing visible has changed; once
//! it is, the commit is decided, and every step of it can be done again without harm.
//! So a command killed at any instant leaves either the previous outputs untouched, or
//! a journal that the next command on the folder applies first: the outputs that
//! command starts from are wholly the previous run's or wholly the new run's. The
//! alternative, swapping the whole folder in one rename (`RENAME_EXCHANGE`), would need
//! the outputs in a folder of their own: here they sit beside the user's files, which a
//! swap would carry away. The journal is forced to disk; the outputs are not (that
//! costs about a third of a 100,000-row run), so the guarantee covers the program
//! stopping, not the machine losing power before the system has written its cache.
//!
//! **Ownership.** Each command owns part of the folder, a [`Scope`]: `run` all of it,
//! `report` the reports and their index, `reconcile` its own files. A commit replaces
//! and removes files only within its scope, and only files the manifest
//! (`.workplan-files`) says `workplan` wrote: nothing else in the folder is touched.
//!
//! **Fault injection.** Debug builds (the tests) stop the process right after step `k`
//! of a commit, or of finishing one, when `WORKPLAN_INTERNAL_TEST_STOP_AFTER_STEP=k`
//! is set, exiting at once with status 99 as a `kill -9` would leave things. Release
//! builds do not read it.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::diagnostic::{Diagnostic, Kind};
use crate::model::Location;

mod journal;
mod lock;

pub use journal::JOURNAL_FILE;
pub use lock::{Holder, LOCK_FILE};

use journal::{Journal, PathError, Recovery};
use lock::{Lock, LockError};

/// Why a command could not write its outputs. Every message names the output folder
/// as the user gave it, never the staging folder.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output folder is a file.
    #[error(
        "the output folder {folder} is a file: give --output a folder (it is made if missing)"
    )]
    NotAFolder {
        /// The folder, as given.
        folder: String,
    },
    /// The output folder cannot be made or written to.
    #[error("cannot write to the output folder {folder}: {source}: give --output a folder you can write to")]
    NotWritable {
        /// The folder, as given.
        folder: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// Another command holds the folder's lock.
    #[error("another workplan run ({holder}) is writing to {folder} — try again when it ends")]
    Busy {
        /// The folder, as given.
        folder: String,
        /// Who holds the lock.
        holder: Holder,
    },
    /// One output file could not be written (or put in place before the commit was
    /// decided: the previous outputs are as they were).
    #[error("{path}: cannot write: {source}")]
    File {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The commit was decided but could not be finished.
    #[error(
        "{path}: cannot put the new outputs in place: {source}: once that is fixed, the next \
         workplan command on {folder} finishes putting them in place"
    )]
    Unfinished {
        /// The folder, as given.
        folder: String,
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
}

impl OutputError {
    fn file(path: &Path, source: io::Error) -> Self {
        OutputError::File {
            path: path.display().to_string(),
            source,
        }
    }

    fn invalid(path: &Path, why: &str) -> Self {
        OutputError::file(path, io::Error::new(io::ErrorKind::InvalidInput, why))
    }

    fn not_writable(folder: &Path, source: io::Error) -> Self {
        OutputError::NotWritable {
            folder: folder.display().to_string(),
            source,
        }
    }
}

/// The folder, inside the output folder, where a command's files wait for its commit.
pub const STAGING_DIR: &str = ".workplan-staging";

/// The list, inside the output folder, of the files `workplan` wrote there: the files
/// a later command may replace or remove. Nothing else in the folder is touched.
pub const MANIFEST_FILE: &str = ".workplan-files";

/// What a command owns in the output folder: the files its commit may replace or
/// remove. A file belongs to a scope when its relative path is one of `names` or starts
/// with one of `prefixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    names: &'static [&'static str],
    prefixes: &'static [&'static str],
}

impl Scope {
    /// Every file `workplan` writes (`run`).
    pub const EVERYTHING: Scope = Scope {
        names: &[],
        prefixes: &[""],
    };

    /// The files named `names` and those whose path starts with one of `prefixes`
    /// (`"sectors/"`, `"overview-"`).
    pub const fn new(names: &'static [&'static str], prefixes: &'static [&'static str]) -> Self {
        Scope { names, prefixes }
    }

    /// Whether `relative` (forward slashes) is in this scope.
    pub fn owns(&self, relative: &str) -> bool {
        self.names.contains(&relative) || self.prefixes.iter().any(|p| relative.starts_with(p))
    }
}

/// What a commit did beside putting the staged files in place.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Committed {
    /// Files of an earlier run, within the scope, that this one did not write and that
    /// were removed (relative paths, forward slashes).
    pub removed: Vec<String>,
}

/// Where a command's output folder stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Files are being staged; dropped now, the staging folder goes.
    Staging,
    /// The journal is in place: the staging folder is the commit's and stays.
    Decided,
    /// Committed, or stopped by a test as a kill would stop it.
    Done,
}

/// The output folder of one command: its lock, its staged files, its commit.
///
/// [`OutputDir::write`] puts each file under [`STAGING_DIR`]; [`OutputDir::commit`]
/// puts them all in place (see the module docs). `write` takes `&self`, so reports may
/// be rendered on several threads at once.
#[derive(Debug)]
pub struct OutputDir {
    root: PathBuf,
    staging: PathBuf,
    scope: Scope,
    /// Relative paths staged so far (forward slashes).
    staged: Mutex<BTreeSet<String>>,
    lock: Option<Lock>,
    notes: Vec<Diagnostic>,
    state: State,
}

impl OutputDir {
    /// Opens (making it if needed) the output folder `root` for a command that owns
    /// `scope`: takes its lock, finishes a commit that was stopped half way, and makes
    /// an empty staging folder (removing one left by a command that was killed).
    pub fn create(root: &Path, scope: Scope) -> Result<Self, OutputError> {
        Self::create_with(root, scope, &mut Steps::new())
    }

    fn create_with(root: &Path, scope: Scope, steps: &mut Steps) -> Result<Self, OutputError> {
        let (lock, notes) = open(root, steps)?;
        let staging = root.join(STAGING_DIR);
        remove_staging(&staging).map_err(|e| OutputError::not_writable(root, e))?;
        fs::create_dir(&staging).map_err(|e| OutputError::not_writable(root, e))?;
        Ok(OutputDir {
            root: root.to_path_buf(),
            staging,
            scope,
            staged: Mutex::new(BTreeSet::new()),
            lock: Some(lock),
            notes,
            state: State::Staging,
        })
    }

    /// The folder, as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What opening the folder found worth telling: a lock taken over from a process
    /// that is gone, a stopped commit finished.
    pub fn notes(&self) -> &[Diagnostic] {
        &self.notes
    }

    /// Writes `relative` (a path made by the pipeline, e.g. `review/unmatched-names.csv`)
    /// through `write`, into the staging folder, and returns where the file will be once
    /// the command commits.
    ///
    /// `relative` must be relative, made of plain names (no `..`, no `.`, no root or
    /// drive, no line break) with forward slashes, outside the staging folder and
    /// manifest, within the command's scope, and not already written by this command: a
    /// path made from data that breaks these rules is refused rather than written
    /// somewhere unexpected or over another report.
    pub fn write<F>(&self, relative: &str, write: F) -> Result<PathBuf, OutputError>
    where
        F: FnOnce(&mut dyn Write) -> io::Result<()>,
    {
        self.write_file(relative, |w| write(w))
    }

    /// [`Self::write`], handing `write` the buffered file itself: for a writer that
    /// must go back over what it wrote (`provenance.csv`, when the rows of a file that
    /// turned out unreadable half way are taken back).
    pub fn write_file<F>(&self, relative: &str, write: F) -> Result<PathBuf, OutputError>
    where
        F: FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    {
        let target = self.root.join(relative);
        check_relative(relative).map_err(|why| OutputError::invalid(&target, why))?;
        if !self.scope.owns(relative) {
            return Err(OutputError::invalid(
                &target,
                "not among the files this command writes",
            ));
        }
        {
            let mut staged = self.staged.lock().unwrap_or_else(PoisonError::into_inner);
            if !staged.insert(relative.to_owned()) {
                return Err(OutputError::invalid(
                    &target,
                    "written twice in one run (two reports with the same file name)",
                ));
            }
        }
        let path = self.staging.join(relative);
        let result = (|| {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            // Large writes: the kernel zeroes the rest of every page cache block a
            // small write starts, which cost half as much again as the copy itself.
            let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
            write(&mut out)?;
            out.flush()
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(&path);
            self.staged
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(relative);
            return Err(OutputError::file(&target, e));
        }
        Ok(target)
    }

    /// Puts every staged file in place, replacing the earlier version, and removes the
    /// files of the scope that an earlier command wrote and this one did not; then lets
    /// go of the folder.
    ///
    /// Every destination is checked before the commit is decided (no folder or file in
    /// the way, every staged file still there), so the usual failures leave the previous
    /// outputs as they were.
    pub fn commit(self) -> Result<Committed, OutputError> {
        match self.commit_with(&mut Steps::new()) {
            Ok(done) => Ok(done),
            Err(Halt::Failed(e)) => Err(e),
            Err(Halt::Stopped) => unreachable!("only tests stop a commit"),
        }
    }

    fn commit_with(mut self, steps: &mut Steps) -> Result<Committed, Halt<OutputError>> {
        let staged: Vec<String> = std::mem::take(
            self.staged
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner),
        )
        .into_iter()
        .collect();
        self.check_destinations(&staged).map_err(Halt::Failed)?;
        let journal = self.plan(staged).map_err(Halt::Failed)?;
        let result = journal.write(&self.root, steps).and_then(|()| {
            self.state = State::Decided;
            journal.apply(&self.root, steps)
        });
        let removed = match result {
            Ok(removed) => removed,
            Err(halt) => return Err(self.halt(halt)),
        };
        // The files set aside go with the staging folder.
        self.state = State::Done;
        let _ = fs::remove_dir_all(&self.staging);
        if let Err(halt) = steps.step::<PathError>() {
            return Err(self.halt(halt));
        }
        if let Some(lock) = self.lock.take() {
            lock.release();
        }
        Ok(Committed { removed })
    }

    /// The commit's journal: every staged file, then the manifest, moved into place;
    /// the scope's files from the earlier manifest that were not written again removed.
    /// Writes the new manifest into the staging folder.
    fn plan(&self, staged: Vec<String>) -> Result<Journal, OutputError> {
        let manifest = self.root.join(MANIFEST_FILE);
        let previous = fs::read_to_string(&manifest).unwrap_or_default();
        let current: BTreeSet<&str> = staged.iter().map(String::as_str).collect();
        let mut listed: BTreeSet<&str> = current.clone();
        let mut removals = Vec::new();
        // Only plain relative paths are trusted: the manifest is a file anyone can edit.
        for old in previous.lines().filter(|l| check_relative(l).is_ok()) {
            if !self.scope.owns(old) {
                listed.insert(old);
            } else if !current.contains(old) {
                removals.push(old.to_owned());
            }
        }
        let mut listing = String::new();
        for relative in &listed {
            listing.push_str(relative);
            listing.push('\n');
        }
        let draft = self.staging.join(MANIFEST_FILE);
        fs::write(&draft, listing).map_err(|e| OutputError::file(&manifest, e))?;
        let mut moves = staged;
        moves.push(MANIFEST_FILE.to_owned());
        Ok(Journal { moves, removals })
    }

    /// Checks, before the commit is decided, that every staged file can be put in
    /// place: it is still staged, and no folder (or, on its way, file) is in the way.
    fn check_destinations(&self, staged: &[String]) -> Result<(), OutputError> {
        for relative in staged {
            let target = self.root.join(relative);
            if fs::symlink_metadata(self.staging.join(relative)).is_err() {
                return Err(OutputError::file(
                    &target,
                    io::Error::new(
                        io::ErrorKind::NotFound,
                        "its new version is gone from the staging folder (removed by another program?)",
                    ),
                ));
            }
            let mut parent = Path::new(relative).parent();
            while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
                if fs::metadata(self.root.join(p)).is_ok_and(|m| !m.is_dir()) {
                    return Err(OutputError::invalid(
                        &self.root.join(p),
                        "a file is in the way of an output folder; move it and run again",
                    ));
                }
                parent = p.parent();
            }
            match fs::symlink_metadata(&target) {
                Ok(meta) if meta.is_dir() => {
                    return Err(OutputError::invalid(
                        &target,
                        "a folder is in the way of the output file; move it and run again",
                    ))
                }
                // On Windows a file open in a spreadsheet program cannot be replaced:
                // find out now, before anything has moved.
                Ok(meta) if meta.is_file() && cfg!(windows) => {
                    fs::OpenOptions::new()
                        .append(true)
                        .open(&target)
                        .map_err(|e| {
                            let why = format!(
                                "{e} (if it is open in another program, close it and run again)"
                            );
                            OutputError::file(&target, io::Error::new(e.kind(), why))
                        })?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Turns a halt of the commit into the caller's error. After a stop (tests only),
    /// leaves everything as a killed process would.
    fn halt(mut self, halt: Halt<PathError>) -> Halt<OutputError> {
        match halt {
            Halt::Stopped => {
                self.state = State::Done;
                #[cfg(test)]
                if let Some(lock) = self.lock.take() {
                    lock.abandon();
                }
                Halt::Stopped
            }
            Halt::Failed((path, source)) if self.state == State::Decided => {
                Halt::Failed(OutputError::Unfinished {
                    folder: self.root.display().to_string(),
                    path: path.display().to_string(),
                    source,
                })
            }
            // The journal could not be written: nothing has moved.
            Halt::Failed((_, source)) => {
                Halt::Failed(OutputError::not_writable(&self.root, source))
            }
        }
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if self.state == State::Staging {
            // Best effort: a leftover is removed by the next command anyway.
            let _ = fs::remove_dir_all(&self.staging);
        }
        // The lock, if still held, goes with its field.
    }
}

/// Finishes, in the output folder `root`, a commit that was stopped half way (and
/// removes a staging folder left by a command that was killed before its commit), as
/// any command writing into it does first. Returns what it found worth telling.
pub fn recover(root: &Path) -> Result<Vec<Diagnostic>, OutputError> {
    let mut steps = Steps::new();
    let (lock, notes) = open(root, &mut steps)?;
    remove_staging(&root.join(STAGING_DIR)).map_err(|e| OutputError::not_writable(root, e))?;
    lock.release();
    Ok(notes)
}

/// Makes the output folder if needed, takes its lock and finishes a stopped commit.
fn open(root: &Path, steps: &mut Steps) -> Result<(Lock, Vec<Diagnostic>), OutputError> {
    let folder = root.display().to_string();
    match fs::metadata(root) {
        Ok(meta) if !meta.is_dir() => return Err(OutputError::NotAFolder { folder }),
        Ok(_) => {}
        Err(_) => fs::create_dir_all(root).map_err(|e| OutputError::not_writable(root, e))?,
    }
    let (lock, stale) = Lock::acquire(root).map_err(|e| match e {
        LockError::Busy(holder) => OutputError::Busy {
            folder: folder.clone(),
            holder,
        },
        LockError::Io(e) => OutputError::not_writable(root, e),
    })?;
    let place = || Location::file(folder.clone());
    let mut notes = Vec::new();
    if let Some(holder) = stale {
        let holder = holder.to_string();
        notes.push(Diagnostic::new(
            place(),
            Kind::OutputLockTakenOver { holder },
        ));
    }
    match journal::recover(root, steps) {
        Ok(Recovery::Nothing) => {}
        Ok(Recovery::Finished) => notes.push(Diagnostic::new(place(), Kind::OutputCommitFinished)),
        Ok(Recovery::Unreadable) => {
            notes.push(Diagnostic::new(place(), Kind::OutputJournalUnreadable))
        }
        Err(Halt::Stopped) => {
            #[cfg(test)]
            lock.abandon();
            return Err(OutputError::invalid(root, "stopped by a test"));
        }
        Err(Halt::Failed((path, source))) => {
            return Err(OutputError::Unfinished {
                folder,
                path: path.display().to_string(),
                source,
            })
        }
    }
    Ok((lock, notes))
}

/// Removes a staging folder (or whatever has its name).
fn remove_staging(staging: &Path) -> io::Result<()> {
    match fs::symlink_metadata(staging) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(staging),
        // Not a folder (a symbolic link, a file): remove the entry itself only.
        Ok(_) => fs::remove_file(staging),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Why a commit stopped before its end.
#[derive(Debug)]
enum Halt<E> {
    /// An error.
    Failed(E),
    /// A test stopped it after a step, as a kill would (see [`Steps`]).
    Stopped,
}

/// The fault injection's environment variable (debug builds only; see the module docs).
#[cfg(debug_assertions)]
const STOP_VARIABLE: &str = "WORKPLAN_INTERNAL_TEST_STOP_AFTER_STEP";

/// The exit status of a process stopped by [`STOP_VARIABLE`].
#[cfg(debug_assertions)]
const STOPPED_STATUS: i32 = 99;

/// Counts the steps of a commit (or of finishing one) and, for the tests, stops after
/// step `k`: a unit test gets [`Halt::Stopped`] back; a debug build of the binary told
/// by [`STOP_VARIABLE`] exits there and then.
#[derive(Debug)]
struct Steps {
    done: usize,
    stop_after: Option<usize>,
}

impl Steps {
    fn new() -> Steps {
        #[cfg(debug_assertions)]
        let stop_after = std::env::var(STOP_VARIABLE)
            .ok()
            .and_then(|k| k.trim().parse().ok());
        #[cfg(not(debug_assertions))]
        let stop_after = None;
        Steps {
            done: 0,
            stop_after,
        }
    }

    #[cfg(test)]
    fn stopping_after(k: usize) -> Steps {
        Steps {
            done: 0,
            stop_after: Some(k),
        }
    }

    fn step<E>(&mut self) -> Result<(), Halt<E>> {
        self.done += 1;
        if self.stop_after != Some(self.done) {
            return Ok(());
        }
        if cfg!(test) {
            return Err(Halt::Stopped);
        }
        #[cfg(debug_assertions)]
        std::process::exit(STOPPED_STATUS);
        #[cfg(not(debug_assertions))]
        Ok(())
    }
}

/// Why a relative output path is refused, if it is.
fn check_relative(relative: &str) -> Result<(), &'static str> {
    if relative.is_empty() {
        return Err("an empty output file name");
    }
    if relative.contains(['\\', '\0', '\n', '\r']) {
        return Err("an output path may not hold a backslash, NUL or line break");
    }
    let path = Path::new(relative);
    if !path.components().all(|c| matches!(c, Component::Normal(_)))
        || relative
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err("an output path must be relative, without `..` or `.`");
    }
    let first = relative.split('/').next().unwrap_or_default();
    if [STAGING_DIR, MANIFEST_FILE, LOCK_FILE].contains(&first) || first.starts_with(JOURNAL_FILE) {
        return Err("an output path may not name the folder's own files");
    }
    Ok(())
}

/// Whether a journal may move `relative`: an output path, or the manifest.
fn check_entry(relative: &str) -> bool {
    relative == MANIFEST_FILE || check_relative(relative).is_ok()
}

/// Removes the folders between `path` and `root` that removing `path` left empty.
fn remove_empty_parents(root: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod concurrent_writes {
    use super::*;

    #[test]
    fn files_can_be_written_from_several_threads() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = OutputDir::create(tmp.path(), Scope::EVERYTHING).unwrap();
        std::thread::scope(|s| {
            for t in 0..4 {
                let dir = &dir;
                s.spawn(move || {
                    for i in 0..10 {
                        let relative = format!("r/{t}-{i}.csv");
                        dir.write(&relative, |w| w.write_all(b"x")).unwrap();
                    }
                });
            }
        });
        dir.commit().unwrap();
        assert_eq!(fs::read_dir(tmp.path().join("r")).unwrap().count(), 40);
    }
}
