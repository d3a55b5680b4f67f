//! The lock under which a run puts its archive and report in place, so that two runs writing
//! the same files at once leave the pair of one run, never one file of each.
//!
//! Each output has a lock file beside it, `.<name>.extpack-lock`, held with an exclusive
//! advisory lock (`flock`) around the renames and removed before it is released, so the folder
//! keeps only the outputs. Removing a lock file others may wait on is safe because a waiter,
//! once it holds the lock, checks that the file it locked is still the one at that name, and
//! starts again if not. The locks of a run are taken in the order of their canonical paths, so
//! two runs never wait on each other in a circle. A lock file left by a run killed while
//! holding it is free (the kernel releases the lock of a dead process): the next run takes it,
//! or [`super::staged::sweep`] removes it.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::{WriteError, folder_of, is_at};

/// The end of every lock file's name.
const SUFFIX: &str = ".extpack-lock";

/// How many times a lock is taken again after the file it locked was removed meanwhile.
const ATTEMPTS: usize = 1000;

/// Exclusive locks beside output files, held until dropped (which removes the lock files).
#[derive(Debug)]
pub struct OutputLock {
    held: Vec<(PathBuf, File)>,
}

impl OutputLock {
    /// Takes the lock of each of `outputs` (whose folders exist), waiting for a run that holds
    /// one to release it.
    pub fn acquire(outputs: &[&Path]) -> Result<OutputLock, WriteError> {
        let mut paths: Vec<(PathBuf, &Path)> = outputs
            .iter()
            .map(|output| (lock_path(output), *output))
            .collect();
        paths.sort();
        paths.dedup_by(|a, b| a.0 == b.0);
        let mut lock = OutputLock { held: Vec::new() };
        for (path, output) in paths {
            let file = lock_file(&path).map_err(|source| WriteError {
                path: output.to_owned(),
                source,
            })?;
            lock.held.push((path, file));
        }
        Ok(lock)
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held; the lock goes with the file handle, last.
        for (path, file) in self.held.drain(..).rev() {
            let _ = std::fs::remove_file(&path);
            drop(file);
        }
    }
}

/// Whether a file name is that of a lock file.
pub(super) fn is_lock_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(SUFFIX) && name.len() > SUFFIX.len() + 1
}

/// The lock file of an output: `.<name>.extpack-lock` in its folder, canonicalised so that two
/// spellings of one place name one lock.
fn lock_path(output: &Path) -> PathBuf {
    let folder = folder_of(output);
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder.join(format!(".{name}{SUFFIX}"))
}

/// Opens (creating it if needed) and locks the lock file at `path`, until the file locked is
/// the one at that name.
fn lock_file(path: &Path) -> io::Result<File> {
    for _ in 0..ATTEMPTS {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            // A link planted at the lock's name is not followed.
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(nix::libc::O_NOFOLLOW);
        }
        let file = options.open(path)?;
        match file.lock() {
            Ok(()) => {}
            // A file system without locks: nothing to wait for.
            Err(e) if e.kind() == io::ErrorKind::Unsupported => return Ok(file),
            Err(e) => return Err(e),
        }
        if is_at(&file, path) {
            return Ok(file);
        }
    }
    Err(io::Error::other(format!(
        "the lock `{}` kept being replaced",
        path.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    #[test]
    fn a_second_run_waits_and_no_lock_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("x.zip");
        let report = dir.path().join("x.zip.report.json");
        let first = OutputLock::acquire(&[&archive, &report]).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".x.zip.extpack-lock", ".x.zip.report.json.extpack-lock"]
        );
        assert!(names.iter().all(|n| is_lock_name(n)));
        let second_has_it = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                // Another spelling of the same places.
                let spelled = dir.path().join(".").join("x.zip");
                let second = OutputLock::acquire(&[&report, &spelled]).unwrap();
                second_has_it.store(true, Ordering::SeqCst);
                drop(second);
            });
            std::thread::sleep(Duration::from_millis(200));
            assert!(!second_has_it.load(Ordering::SeqCst));
            drop(first);
        });
        assert!(second_has_it.load(Ordering::SeqCst));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
