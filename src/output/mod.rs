//! The output folder, and the one place where output files are created.
//!
//! Every file a command writes goes through [`OutputDir`], which stages a run's files
//! in a hidden folder inside the output folder and moves them into place only when the
//! run has finished ([`OutputDir::commit`]), so a run that fails half way leaves the
//! previous outputs as they were.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// An error writing an output file, with its path.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {source}")]
pub struct OutputError {
    /// The file.
    pub path: String,
    /// The I/O error.
    #[source]
    pub source: io::Error,
}

impl OutputError {
    fn new(path: &Path, source: io::Error) -> Self {
        OutputError {
            path: path.display().to_string(),
            source,
        }
    }

    fn invalid(path: &Path, why: &str) -> Self {
        OutputError::new(path, io::Error::new(io::ErrorKind::InvalidInput, why))
    }
}

/// The folder, inside the output folder, where a run's files wait until it finishes.
pub const STAGING_DIR: &str = ".workplan-staging";

/// The list, inside the output folder, of the files the last finished run wrote: the
/// files a later run may replace or remove. Nothing else in the folder is touched.
pub const MANIFEST_FILE: &str = ".workplan-files";

/// The output folder of one run: files are staged, then committed together.
///
/// [`OutputDir::write`] puts each file under [`STAGING_DIR`]; [`OutputDir::commit`]
/// moves them all into place (each by a rename, the file it replaces set aside first and
/// removed after) and removes, among the files
/// the previous run listed in [`MANIFEST_FILE`], those this run did not write again.
/// Dropped without a commit (an error or a panic half way), it removes its staging
/// folder and the previous outputs stay as they were. `write` takes `&self`, so
/// reports may be rendered on several threads at once.
#[derive(Debug)]
pub struct OutputDir {
    root: PathBuf,
    staging: PathBuf,
    /// Relative paths staged so far (forward slashes).
    staged: Mutex<BTreeSet<String>>,
    committed: bool,
}

impl OutputDir {
    /// Opens (creating if needed) the output folder and an empty staging folder in it.
    ///
    /// A staging folder left by a run that was killed is removed first: it only ever
    /// holds files a run of this program wrote.
    pub fn create(root: &Path) -> Result<Self, OutputError> {
        fs::create_dir_all(root).map_err(|e| OutputError::new(root, e))?;
        let staging = root.join(STAGING_DIR);
        match fs::symlink_metadata(&staging) {
            Ok(meta) if meta.is_dir() => {
                fs::remove_dir_all(&staging).map_err(|e| OutputError::new(&staging, e))?
            }
            // Not a folder (a symbolic link, a file): remove the entry itself only.
            Ok(_) => fs::remove_file(&staging).map_err(|e| OutputError::new(&staging, e))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(OutputError::new(&staging, e)),
        }
        fs::create_dir(&staging).map_err(|e| OutputError::new(&staging, e))?;
        Ok(OutputDir {
            root: root.to_path_buf(),
            staging,
            staged: Mutex::new(BTreeSet::new()),
            committed: false,
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `relative` (a path made by the pipeline, e.g. `review/unmatched-names.csv`)
    /// through `write`, into the staging folder, and returns where the file will be once
    /// the run is committed.
    ///
    /// `relative` must be relative, made of plain names (no `..`, no `.`, no root or
    /// drive) with forward slashes, outside the staging folder and manifest, and not
    /// already written in this run: a path made from data that breaks these rules is
    /// refused rather than written somewhere unexpected or over another report.
    pub fn write<F>(&self, relative: &str, write: F) -> Result<PathBuf, OutputError>
    where
        F: FnOnce(&mut dyn Write) -> io::Result<()>,
    {
        self.write_file(relative, |w| write(w))
    }

    /// [`Self::write`], handing `write` the buffered file itself: for a writer that
    /// must go back over what it wrote (`provenance.csv`, when the rows of a file that
    /// turned out unreadable half way are taken back), or that writes large slices
    /// past the buffer (the CSV reports).
    pub fn write_file<F>(&self, relative: &str, write: F) -> Result<PathBuf, OutputError>
    where
        F: FnOnce(&mut BufWriter<File>) -> io::Result<()>,
    {
        let target = self.root.join(relative);
        check_relative(relative).map_err(|why| OutputError::invalid(&target, why))?;
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
            return Err(OutputError::new(&target, e));
        }
        Ok(target)
    }

    /// Moves every staged file into place, replacing the previous run's version, and
    /// removes the files the previous run wrote that this one did not.
    ///
    /// Every destination is checked before anything moves (its folder can be made, it
    /// is not a folder itself), so the usual failures leave the previous outputs whole.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let staged: Vec<String> = self
            .staged
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect();
        for relative in &staged {
            let target = self.root.join(relative);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| OutputError::new(&target, e))?;
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
                            OutputError::new(
                                &target,
                                io::Error::new(
                                    e.kind(),
                                    format!(
                                        "{e} (if it is open in another program, close it and run again)"
                                    ),
                                ),
                            )
                        })?;
                }
                _ => {}
            }
        }
        let manifest = self.root.join(MANIFEST_FILE);
        let previous = fs::read_to_string(&manifest).unwrap_or_default();
        // A previous file is set aside before its replacement is renamed into place:
        // renaming over it would have the file system write the new file out to disk
        // before the rename returns (ext4 does, for the replace-by-rename idiom), a
        // third of a second for a large run's outputs. No staged path can start with the
        // staging folder's name, so the files set aside cannot meet a staged one.
        let aside_dir = self.staging.join(STAGING_DIR);
        fs::create_dir(&aside_dir).map_err(|e| OutputError::new(&aside_dir, e))?;
        let mut set_aside = Vec::new();
        for (i, relative) in staged.iter().enumerate() {
            let target = self.root.join(relative);
            let aside = aside_dir.join(i.to_string());
            let moved = match fs::rename(&target, &aside) {
                Ok(()) => true,
                Err(e) if e.kind() == io::ErrorKind::NotFound => false,
                Err(e) => return Err(OutputError::new(&target, e)),
            };
            if let Err(e) = fs::rename(self.staging.join(relative), &target) {
                if moved {
                    // Put the previous file back: it would go with the staging folder.
                    let _ = fs::rename(&aside, &target);
                }
                return Err(OutputError::new(&target, e));
            }
            if moved {
                set_aside.push(aside);
            }
        }
        // Files of the previous run that this run did not write (a sector that is gone)
        // would otherwise be mistaken for current outputs. Only those files are removed,
        // and only when the manifest's entry is a plain relative path.
        let current: BTreeSet<&str> = staged.iter().map(String::as_str).collect();
        for old in previous.lines() {
            if check_relative(old).is_ok() && !current.contains(old) {
                let path = self.root.join(old);
                if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                    fs::remove_file(&path).map_err(|e| OutputError::new(&path, e))?;
                    remove_empty_parents(&self.root, &path);
                }
            }
        }
        let mut listing = String::new();
        for relative in &staged {
            listing.push_str(relative);
            listing.push('\n');
        }
        let tmp = self.staging.join(MANIFEST_FILE);
        fs::write(&tmp, listing)
            .and_then(|()| fs::rename(&tmp, &manifest))
            .map_err(|e| OutputError::new(&manifest, e))?;
        self.committed = true;
        remove_files(set_aside);
        fs::remove_dir_all(&self.staging).map_err(|e| OutputError::new(&self.staging, e))
    }
}

/// Removes `files` on every core (freeing a large file's blocks takes a while); what
/// cannot be removed is left for the caller to find.
fn remove_files(files: Vec<PathBuf>) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = threads.min(files.len()).max(1);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let files = &files;
            scope.spawn(move || {
                for file in files.iter().skip(t).step_by(threads) {
                    let _ = fs::remove_file(file);
                }
            });
        }
    });
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: a leftover is removed by the next run anyway.
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Why a relative output path is refused, if it is.
fn check_relative(relative: &str) -> Result<(), &'static str> {
    if relative.is_empty() {
        return Err("an empty output file name");
    }
    if relative.contains('\\') || relative.contains('\0') {
        return Err("an output path may not hold a backslash or NUL");
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
    if first == STAGING_DIR || first == MANIFEST_FILE {
        return Err("an output path may not name the staging folder or the manifest");
    }
    Ok(())
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
mod tests {
    use super::*;

    fn write_text(dir: &OutputDir, relative: &str, text: &str) -> Result<PathBuf, OutputError> {
        dir.write(relative, |w| w.write_all(text.as_bytes()))
    }

    /// A run into `root` that wrote each of `files` holding `text`, then committed.
    fn committed_run(root: &Path, files: &[&str], text: &str) {
        let dir = OutputDir::create(root).unwrap();
        for file in files {
            write_text(&dir, file, text).unwrap();
        }
        dir.commit().unwrap();
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

    #[test]
    fn files_appear_only_at_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        let dir = OutputDir::create(&root).unwrap();
        let at = write_text(&dir, "review/a.csv", "new").unwrap();
        assert_eq!(at, root.join("review/a.csv"));
        assert!(!at.exists(), "visible before the commit");
        assert!(root.join(STAGING_DIR).join("review/a.csv").is_file());
        dir.commit().unwrap();
        assert_eq!(read(&root, "review/a.csv"), "new");
        assert_eq!(
            listing(&root),
            [MANIFEST_FILE, "review", "review/a.csv"],
            "the staging folder is gone"
        );
    }

    #[test]
    fn a_run_that_fails_or_panics_leaves_the_previous_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        committed_run(root, &["a.csv", "b.csv"], "first");
        let before = listing(root);

        // A writer that fails half way.
        let dir = OutputDir::create(root).unwrap();
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
        assert_eq!(listing(root), before, "staging folder removed");

        // A panic half way.
        let caught = std::panic::catch_unwind(|| {
            let dir = OutputDir::create(root).unwrap();
            write_text(&dir, "a.csv", "third").unwrap();
            panic!("a report failed");
        });
        assert!(caught.is_err());
        assert_eq!(read(root, "a.csv"), "first");
        assert_eq!(listing(root), before, "staging folder removed");
    }

    #[test]
    fn a_staging_folder_left_by_a_killed_run_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir_all(root.join(STAGING_DIR).join("review")).unwrap();
        fs::write(root.join(STAGING_DIR).join("review/old.csv"), "stale").unwrap();
        let dir = OutputDir::create(root).unwrap();
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
        let dir = OutputDir::create(root).unwrap();
        write_text(&dir, "sectors/old-sector.pdf", "1").unwrap();
        write_text(&dir, "sectors/kept.pdf", "1").unwrap();
        write_text(&dir, "gone/only.csv", "1").unwrap();
        dir.commit().unwrap();

        // The next run no longer has "old-sector" nor anything in "gone/".
        let dir = OutputDir::create(root).unwrap();
        write_text(&dir, "sectors/kept.pdf", "2").unwrap();
        dir.commit().unwrap();
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
        let dir = OutputDir::create(&root).unwrap();
        write_text(&dir, "a.csv", "x").unwrap();
        dir.commit().unwrap();
        assert_eq!(fs::read_to_string(&outside).unwrap(), "keep");
    }

    #[test]
    fn paths_that_could_escape_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        let dir = OutputDir::create(&root).unwrap();
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
            ".workplan-staging/x.csv",
            ".workplan-files",
        ] {
            let err = write_text(&dir, bad, "x").unwrap_err();
            assert_eq!(err.source.kind(), io::ErrorKind::InvalidInput, "{bad:?}");
        }
        dir.commit().unwrap();
        assert_eq!(listing(tmp.path()), ["out", "out/.workplan-files"]);
    }

    #[test]
    fn a_file_written_twice_in_one_run_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = OutputDir::create(tmp.path()).unwrap();
        write_text(&dir, "sectors/a.pdf", "1").unwrap();
        let err = write_text(&dir, "sectors/a.pdf", "2").unwrap_err();
        assert!(err.to_string().contains("written twice"), "{err}");
        dir.commit().unwrap();
        assert_eq!(read(tmp.path(), "sectors/a.pdf"), "1");
    }

    #[test]
    fn a_folder_in_the_way_stops_the_commit_before_anything_moves() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        committed_run(root, &["a.csv"], "first");
        fs::create_dir(root.join("z.csv")).unwrap();
        let dir = OutputDir::create(root).unwrap();
        write_text(&dir, "a.csv", "second").unwrap();
        write_text(&dir, "z.csv", "second").unwrap();
        let err = dir.commit().unwrap_err();
        assert!(err.to_string().contains("z.csv"), "{err}");
        assert_eq!(read(root, "a.csv"), "first");
        assert!(!root.join(STAGING_DIR).exists());
    }

    #[test]
    fn a_file_that_cannot_be_moved_into_place_leaves_the_previous_one() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        committed_run(root, &["a.csv", "b.csv"], "first");
        let dir = OutputDir::create(root).unwrap();
        write_text(&dir, "a.csv", "second").unwrap();
        write_text(&dir, "b.csv", "second").unwrap();
        // Gone from the staging folder before the commit (another program removed it).
        fs::remove_file(root.join(STAGING_DIR).join("b.csv")).unwrap();
        let err = dir.commit().unwrap_err();
        assert!(err.to_string().contains("b.csv"), "{err}");
        // The previous b.csv was set aside, then put back.
        assert_eq!(read(root, "a.csv"), "second");
        assert_eq!(read(root, "b.csv"), "first");
        assert!(!root.join(STAGING_DIR).exists());
    }

    #[test]
    fn files_can_be_written_from_several_threads() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = OutputDir::create(tmp.path()).unwrap();
        std::thread::scope(|s| {
            for t in 0..4 {
                let dir = &dir;
                s.spawn(move || {
                    for i in 0..10 {
                        write_text(dir, &format!("r/{t}-{i}.csv"), "x").unwrap();
                    }
                });
            }
        });
        dir.commit().unwrap();
        assert_eq!(fs::read_dir(tmp.path().join("r")).unwrap().count(), 40);
    }
}
