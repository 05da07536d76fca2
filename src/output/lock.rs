//! One writer per output folder: the lock file `.workplan-lock`.
//!
//! The lock is the operating system's file lock (`flock` on Unix, `LockFileEx` on
//! Windows) on `.workplan-lock`, so it goes with its process: a run killed with
//! `kill -9` holds nothing. The file also says who holds the lock (pid, host, start
//! time), for the message of a run that finds it taken, and for the note of a run that
//! finds it left behind by a process that is gone.
//!
//! The holder removes the file before letting go of the lock; a run that locked the
//! file while it was being removed checks, once it holds the lock, that the name still
//! leads to the file it locked, and starts again otherwise.
//!
//! A holder writes its name just after it takes the lock, so a second run can find the
//! file locked and still empty (or half written). That run looks again every few
//! milliseconds, for at most a second, until the file names its holder (or the holder
//! has let go), and only then says who holds the folder: "pid unknown" is left for a
//! file that never says (written by hand, or by a holder stopped at that instant). It
//! also looks again when the file names the run's own process: a lock can outlive its
//! holder for an instant, while a process that another thread is starting still has a
//! copy of the descriptor (the tests start processes from one process).

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The lock file, inside the output folder.
pub const LOCK_FILE: &str = ".workplan-lock";

/// How long a run that finds the lock taken waits for the holder to write its name.
const NAME_WAIT: Duration = Duration::from_secs(1);

/// How often it looks again meanwhile.
const NAME_POLL: Duration = Duration::from_millis(5);

/// Who holds (or held) a lock, as its lock file says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Holder {
    /// The process id.
    pub pid: Option<u32>,
    /// The machine's name.
    pub host: String,
    /// When it took the lock (UTC, `2025-01-31 09:30:00 UTC`).
    pub started: String,
}

impl Holder {
    /// This process, now.
    fn this_process() -> Holder {
        Holder {
            pid: Some(std::process::id()),
            host: host_name(),
            started: utc_now(),
        }
    }

    /// Reads the lock file's lines `pid N`, `host NAME`, `started TIME`; anything else
    /// is left out (a file cut short, or written by hand).
    fn parse(text: &str) -> Holder {
        let mut holder = Holder::default();
        for line in text.lines() {
            match line.split_once(' ') {
                Some(("pid", pid)) => holder.pid = pid.trim().parse().ok(),
                Some(("host", host)) => holder.host = host.trim().to_owned(),
                Some(("started", started)) => holder.started = started.trim().to_owned(),
                _ => {}
            }
        }
        holder
    }

    fn encode(&self) -> String {
        let pid = self.pid.map_or_else(String::new, |p| p.to_string());
        format!("pid {pid}\nhost {}\nstarted {}\n", self.host, self.started)
    }
}

/// `pid 1234 on HOST, started TIME`, leaving out what the file did not say.
impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pid {
            Some(pid) => write!(f, "pid {pid}")?,
            None => f.write_str("pid unknown")?,
        }
        if !self.host.is_empty() {
            write!(f, " on {}", self.host)?;
        }
        if !self.started.is_empty() {
            write!(f, ", started {}", self.started)?;
        }
        Ok(())
    }
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// Another live process holds it.
    Busy(Holder),
    /// The lock file could not be created or read.
    Io(io::Error),
}

/// The lock on one output folder, held until released or dropped.
#[derive(Debug)]
pub(crate) struct Lock {
    file: Option<File>,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock of the output folder `root`, or says who holds it. When the lock
    /// file was left by a process that is gone (killed), returns who that was.
    pub(crate) fn acquire(root: &Path) -> Result<(Lock, Option<Holder>), LockError> {
        let deadline = Instant::now() + NAME_WAIT;
        Lock::acquire_waiting(root, || {
            let waiting = Instant::now() < deadline;
            if waiting {
                std::thread::sleep(NAME_POLL);
            }
            waiting
        })
    }

    /// [`Lock::acquire`], with `wait` called whenever the lock is taken but its file does
    /// not yet name another holder whole: it waits a moment and says whether to look
    /// again.
    fn acquire_waiting(
        root: &Path,
        mut wait: impl FnMut() -> bool,
    ) -> Result<(Lock, Option<Holder>), LockError> {
        let path = root.join(LOCK_FILE);
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(LockError::Io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    let (holder, named) = holder(&path);
                    if named == Named::Whole || !wait() {
                        return Err(LockError::Busy(holder));
                    }
                    continue;
                }
                // A file system without locks: the lock file still says who writes.
                Err(fs::TryLockError::Error(_)) => {}
            }
            if !same_file(&file, &path) {
                // Removed (and maybe made again) by its holder while this run waited.
                continue;
            }
            let mut left = String::new();
            file.read_to_string(&mut left).map_err(LockError::Io)?;
            let stale = (!left.trim().is_empty()).then(|| Holder::parse(&left));
            file.set_len(0).map_err(LockError::Io)?;
            file.rewind().map_err(LockError::Io)?;
            file.write_all(Holder::this_process().encode().as_bytes())
                .map_err(LockError::Io)?;
            let lock = Lock {
                file: Some(file),
                path,
            };
            return Ok((lock, stale));
        }
    }

    /// Removes the lock file, then lets go of the lock.
    pub(crate) fn release(mut self) {
        self.release_now();
    }

    /// Lets go of the lock and leaves the file, as a killed process does (for the
    /// tests that stop a commit half way).
    #[cfg(test)]
    pub(crate) fn abandon(mut self) {
        self.file = None;
    }

    fn release_now(&mut self) {
        if let Some(file) = self.file.take() {
            // Removed while locked, so that a run that opened it meanwhile sees it gone
            // once it holds the lock (see `same_file`). Windows cannot remove an open
            // file: there the lock is let go first.
            if cfg!(windows) {
                drop(file);
                let _ = fs::remove_file(&self.path);
            } else {
                let _ = fs::remove_file(&self.path);
                drop(file);
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.release_now();
    }
}

/// What a lock file says of its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// Another process, named whole (every line a holder writes, the last one ended).
    Whole,
    /// Nothing yet, or not all of it: a holder that has only just taken the lock.
    Partly,
    /// This very process, which does not hold it: a process being started by another
    /// thread still holds a copy of the descriptor until it runs its program.
    ThisProcess,
}

/// Who the lock file at `path` says holds it, and how much of it the file says.
fn holder(path: &Path) -> (Holder, Named) {
    let text = fs::read_to_string(path).unwrap_or_default();
    let holder = Holder::parse(&text);
    let named = if !(text.ends_with('\n') && holder.pid.is_some() && !holder.started.is_empty()) {
        Named::Partly
    } else if holder.pid == Some(std::process::id()) {
        Named::ThisProcess
    } else {
        Named::Whole
    };
    (holder, named)
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether `path` still names the open `file` (Windows cannot remove an open file).
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The machine's name, or `unknown host`.
fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown host".to_owned())
}

/// Now, in UTC, to the second.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_a_folder_is_refused_naming_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let (lock, stale) = Lock::acquire(tmp.path()).unwrap();
        assert_eq!(stale, None);
        let Err(LockError::Busy(holder)) = Lock::acquire(tmp.path()) else {
            panic!("a second lock was given");
        };
        assert_eq!(holder.pid, Some(std::process::id()));
        assert!(!holder.host.is_empty());
        assert!(holder.started.ends_with(" UTC"), "{holder:?}");
        assert!(
            holder
                .to_string()
                .starts_with(&format!("pid {} on ", std::process::id())),
            "{holder}"
        );
        lock.release();
        assert!(
            !tmp.path().join(LOCK_FILE).exists(),
            "the lock file is removed"
        );
        let (again, stale) = Lock::acquire(tmp.path()).unwrap();
        assert_eq!(stale, None, "a released lock leaves nothing behind");
        drop(again);
        assert!(!tmp.path().join(LOCK_FILE).exists());
    }

    /// A lock file as a holder has it just after taking the lock: locked, nothing
    /// written yet.
    fn just_taken(root: &Path) -> File {
        let file = File::create(root.join(LOCK_FILE)).unwrap();
        file.try_lock().unwrap();
        file
    }

    #[test]
    fn a_holder_that_has_not_yet_written_its_name_is_waited_for() {
        let tmp = tempfile::tempdir().unwrap();
        let _holder = just_taken(tmp.path());
        let mut waits = 0;
        let taken = Lock::acquire_waiting(tmp.path(), || {
            waits += 1;
            // The holder writes its name while the second run waits.
            if waits == 2 {
                fs::write(
                    tmp.path().join(LOCK_FILE),
                    "pid 4242\nhost elsewhere\nstarted 2025-01-31 09:30:00 UTC\n",
                )
                .unwrap();
            }
            true
        });
        let Err(LockError::Busy(holder)) = taken else {
            panic!("a second lock was given");
        };
        assert_eq!(waits, 2);
        assert_eq!(
            holder.to_string(),
            "pid 4242 on elsewhere, started 2025-01-31 09:30:00 UTC"
        );
    }

    #[test]
    fn a_name_half_written_is_waited_for_too() {
        let tmp = tempfile::tempdir().unwrap();
        let _holder = just_taken(tmp.path());
        for part in ["pid 42", "pid 4242\nhost elsewhere\nstarted 2025-01-3"] {
            fs::write(tmp.path().join(LOCK_FILE), part).unwrap();
            let mut waits = 0;
            let taken = Lock::acquire_waiting(tmp.path(), || {
                waits += 1;
                waits < 3
            });
            let Err(LockError::Busy(holder)) = taken else {
                panic!("a second lock was given");
            };
            assert_eq!(waits, 3, "{part:?}: looked again until told to stop");
            // Told to stop: what the file says so far.
            assert!(holder.to_string().starts_with("pid 42"), "{holder}");
        }
    }

    #[test]
    fn a_name_never_written_is_unknown_once_the_wait_is_over() {
        let tmp = tempfile::tempdir().unwrap();
        let _holder = just_taken(tmp.path());
        let start = Instant::now();
        let Err(LockError::Busy(holder)) = Lock::acquire(tmp.path()) else {
            panic!("a second lock was given");
        };
        assert_eq!(holder.to_string(), "pid unknown");
        let waited = start.elapsed();
        assert!(waited >= NAME_WAIT, "{waited:?}");
        assert!(waited < NAME_WAIT * 10, "a bounded wait: {waited:?}");
    }

    #[test]
    fn a_holder_that_lets_go_while_waited_for_gives_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let mut holder = Some(just_taken(tmp.path()));
        let (lock, stale) = Lock::acquire_waiting(tmp.path(), || {
            // The holder ends: it removes its file and lets go.
            if let Some(file) = holder.take() {
                fs::remove_file(tmp.path().join(LOCK_FILE)).unwrap();
                drop(file);
            }
            true
        })
        .unwrap();
        assert_eq!(stale, None);
        let now = fs::read_to_string(tmp.path().join(LOCK_FILE)).unwrap();
        assert_eq!(Holder::parse(&now).pid, Some(std::process::id()));
        lock.release();
    }

    #[test]
    fn a_lock_that_outlives_its_holder_for_an_instant_is_waited_for() {
        // A process being started by another thread holds a copy of the holder's
        // descriptor, and with it the lock, until it runs its program.
        let tmp = tempfile::tempdir().unwrap();
        let (lock, _) = Lock::acquire(tmp.path()).unwrap();
        let mut copy = Some(lock.file.as_ref().unwrap().try_clone().unwrap());
        lock.abandon();
        let mut waits = 0;
        let (again, stale) = Lock::acquire_waiting(tmp.path(), || {
            waits += 1;
            copy = None;
            true
        })
        .expect("the lock is given once the copy is closed");
        assert_eq!(waits, 1);
        assert_eq!(stale.and_then(|h| h.pid), Some(std::process::id()));
        again.release();
    }

    #[test]
    fn a_lock_left_by_a_process_that_is_gone_is_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        // What a killed run leaves: the file, with nobody holding its lock.
        fs::write(
            tmp.path().join(LOCK_FILE),
            "pid 4242\nhost elsewhere\nstarted 2025-01-31 09:30:00 UTC\n",
        )
        .unwrap();
        let (lock, stale) = Lock::acquire(tmp.path()).unwrap();
        let stale = stale.expect("the lock left behind is reported");
        assert_eq!(stale.pid, Some(4242));
        assert_eq!(
            stale.to_string(),
            "pid 4242 on elsewhere, started 2025-01-31 09:30:00 UTC"
        );
        let now = fs::read_to_string(tmp.path().join(LOCK_FILE)).unwrap();
        assert_eq!(
            Holder::parse(&now).pid,
            Some(std::process::id()),
            "the file names the new holder only: {now}"
        );
        lock.release();
    }

    #[test]
    fn a_lock_file_removed_while_waiting_is_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(LOCK_FILE);
        let file = File::create(&path).unwrap();
        fs::remove_file(&path).unwrap();
        assert!(!same_file(&file, &path));
        let other = File::create(&path).unwrap();
        assert!(!same_file(&file, &path));
        assert!(same_file(&other, &path));
    }

    #[test]
    fn a_lock_file_cut_short_still_reads() {
        assert_eq!(
            Holder::parse("pid 12"),
            Holder {
                pid: Some(12),
                ..Holder::default()
            }
        );
        assert_eq!(Holder::parse("").to_string(), "pid unknown");
        assert_eq!(Holder::parse("garbage\npid x\n").pid, None);
    }
}
