//! A file written beside its place and renamed into place when complete, and the removal of
//! those a killed run left behind.
//!
//! The temporary file is `.extpack-<pid>-<random><suffix>` in the target's folder, created
//! private (0600) and locked (an advisory `flock`-style lock) for as long as the run holds it.
//! Dropping a [`StagedFile`] removes it; so does every way out of a run but `kill -9` (and a
//! power cut). For those, [`sweep`] runs before each new temporary file is created: it removes
//! the ones whose process is gone and whose lock is free. The PID tells a live run in this
//! process namespace; the lock, released by the kernel when a process dies however it dies,
//! tells one in another (two containers writing into one folder) and covers systems where the
//! PID cannot be asked about.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{WriteError, folder_of, is_at, lock};

/// The start of every temporary file's name.
const PREFIX: &str = ".extpack-";
/// The end of every temporary file's name.
const PART: &str = ".part";

/// How the temporary file of a staged output ends.
#[derive(Clone, Copy, Debug)]
pub struct TempName {
    pub suffix: &'static str,
}

impl TempName {
    /// `.extpack-<pid>-XXXXXX.part`, for reports and `--output` files.
    pub const PLAIN: TempName = TempName { suffix: PART };
    /// `.extpack-<pid>-XXXXXX.zip.part`, for archives.
    pub const ARCHIVE: TempName = TempName {
        suffix: ".zip.part",
    };
}

/// A file being written to a temporary file beside its path, not yet in place. Dropping it
/// removes the temporary file.
#[derive(Debug)]
pub struct StagedFile {
    file: File,
    /// The temporary file; `None` once renamed into place.
    temp: Option<PathBuf>,
    path: PathBuf,
    /// The folders created for it, deepest first: removed with the temporary file, when empty.
    created: Vec<PathBuf>,
}

impl StagedFile {
    /// Creates the (empty) temporary file beside `path`, creating the folders it goes into as
    /// needed, after removing what dead runs left in that folder.
    pub fn create(path: &Path, name: TempName) -> Result<StagedFile, WriteError> {
        let error = |source| WriteError {
            path: path.to_owned(),
            source,
        };
        let dir = folder_of(path);
        let created: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_owned)
            .collect();
        if let Err(e) = std::fs::create_dir_all(dir) {
            remove_empty(&created);
            return Err(error(e));
        }
        sweep(dir);
        let mut attempt = 0u32;
        loop {
            let temp = dir.join(format!(
                "{PREFIX}{}-{}{}",
                std::process::id(),
                random_tag(),
                name.suffix
            ));
            match create_private(&temp) {
                Ok(file) => {
                    // Without a lock (a file system that has none), the PID still tells.
                    let _ = file.lock();
                    return Ok(StagedFile {
                        file,
                        temp: Some(temp),
                        path: path.to_owned(),
                        created,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 64 => {
                    attempt += 1;
                }
                Err(e) => {
                    remove_empty(&created);
                    return Err(error(e));
                }
            }
        }
    }

    /// Writes `bytes` in full to a temporary file beside `path` and syncs it.
    pub fn write(path: &Path, bytes: &[u8]) -> Result<StagedFile, WriteError> {
        let mut staged = StagedFile::create(path, TempName::PLAIN)?;
        staged.file.write_all(bytes).map_err(|e| staged.error(e))?;
        staged.sync()?;
        Ok(staged)
    }

    /// Where the file goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary file, to write to.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// The temporary file opened anew, to read back what was written.
    pub fn reopen(&self) -> Result<File, WriteError> {
        match &self.temp {
            Some(temp) => File::open(temp).map_err(|e| self.error(e)),
            None => self.file.try_clone().map_err(|e| self.error(e)),
        }
    }

    /// Flushes the file to the disk.
    pub fn sync(&self) -> Result<(), WriteError> {
        self.file.sync_all().map_err(|e| self.error(e))
    }

    /// Makes the file readable by all (0644, as a file made by `zip` or an editor is) and
    /// renames it into place.
    pub fn persist(mut self) -> Result<(), WriteError> {
        readable_by_all(&self.file).map_err(|e| self.error(e))?;
        if let Some(temp) = &self.temp {
            std::fs::rename(temp, &self.path).map_err(|e| self.error(e))?;
            self.temp = None;
        }
        Ok(())
    }

    /// A failure to write this file.
    pub fn error(&self, source: io::Error) -> WriteError {
        WriteError {
            path: self.path.clone(),
            source,
        }
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let _ = std::fs::remove_file(temp);
            remove_empty(&self.created);
        }
    }
}

/// Removes the folders a staged file created (deepest first), as long as they are empty.
fn remove_empty(folders: &[PathBuf]) {
    for folder in folders {
        if std::fs::remove_dir(folder).is_err() {
            return;
        }
    }
}

/// Removes from `dir` the temporary files and lock files of runs that are gone. Anything else,
/// and anything that cannot be judged, is left alone.
pub fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let candidate = match part_pid(name) {
            Some(pid) => !process_alive(pid),
            None => lock::is_lock_name(name),
        };
        if candidate && entry.file_type().is_ok_and(|t| t.is_file()) {
            remove_if_unlocked(&entry.path());
        }
    }
}

/// The PID in the name of a temporary file (`.extpack-<pid>-…part`).
pub(super) fn part_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?;
    if !rest.ends_with(PART) {
        return None;
    }
    let (pid, _) = rest.split_once('-')?;
    pid.parse().ok().filter(|p| *p > 0)
}

/// Removes the file at `path` if no process holds its lock, taking the lock while doing so.
fn remove_if_unlocked(path: &Path) {
    let Ok(file) = File::open(path) else { return };
    if file.try_lock().is_ok() && is_at(&file, path) {
        let _ = std::fs::remove_file(path);
    }
}

/// Whether the process `pid` may still be running (this one always is).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        use nix::errno::Errno;
        use nix::sys::signal::kill;
        use nix::unistd::Pid;
        let Ok(raw) = i32::try_from(pid) else {
            return false;
        };
        // Signal 0 only asks whether the process exists; EPERM: it does, as another user's.
        !matches!(kill(Pid::from_raw(raw), None), Err(Errno::ESRCH))
    }
    #[cfg(not(unix))]
    {
        // No PID to ask about: the lock alone decides.
        false
    }
}

/// A new file readable and writable by its owner only, failing if the name exists.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Six hexadecimal digits, different on each call (the standard library's randomly keyed
/// hasher over the time).
fn random_tag() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    format!("{:06x}", hasher.finish() & 0x00ff_ffff)
}

/// Gives a file the permissions of one made with the default umask (0644): temporary files
/// are created private.
fn readable_by_all(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_staged_file_appears_only_when_persisted_and_dropping_it_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        let staged = StagedFile::write(&path, b"{}").unwrap();
        assert!(!path.exists());
        staged.persist().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");

        let other = dir.path().join("other.json");
        drop(StagedFile::write(&other, b"x").unwrap());
        assert_eq!(names_in(dir.path()), ["out.json"]);
    }

    #[test]
    fn the_temporary_name_carries_the_pid_and_is_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let staged = StagedFile::create(&dir.path().join("x.zip"), TempName::ARCHIVE).unwrap();
        let names = names_in(dir.path());
        assert_eq!(names.len(), 1);
        assert!(names[0].ends_with(".zip.part"), "{names:?}");
        assert_eq!(part_pid(&names[0]), Some(std::process::id()));
        drop(staged);
        assert_eq!(part_pid(".extpack-12-abc.part"), Some(12));
        assert_eq!(part_pid(".extpack-0-abc.part"), None);
        assert_eq!(part_pid(".extpack-x-abc.part"), None);
        assert_eq!(part_pid(".extpack-12-abc.zip"), None);
        assert_eq!(part_pid("extpack-12-abc.part"), None);
    }

    /// The PID of a process that has ended.
    #[cfg(unix)]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[cfg(unix)]
    #[test]
    fn the_sweep_removes_what_dead_runs_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let dead = format!(".extpack-{}-a1b2c3.zip.part", dead_pid());
        std::fs::write(dir.path().join(&dead), "half an archive").unwrap();
        // A live run's file: this process's PID, locked.
        let live = format!(".extpack-{}-d4e5f6.part", std::process::id());
        std::fs::write(dir.path().join(&live), "").unwrap();
        let held = File::open(dir.path().join(&live)).unwrap();
        held.lock().unwrap();
        // A dead PID but a held lock: a live run in another PID namespace.
        let elsewhere = format!(".extpack-{}-777777.part", dead_pid());
        std::fs::write(dir.path().join(&elsewhere), "").unwrap();
        let elsewhere_held = File::open(dir.path().join(&elsewhere)).unwrap();
        elsewhere_held.lock().unwrap();
        // Files of the user that look alike.
        for name in [".extpack-notes.part", "extpack-1-x.part", "keep.zip"] {
            std::fs::write(dir.path().join(name), "mine").unwrap();
        }
        // A folder with a matching name is not a file of a run.
        std::fs::create_dir(dir.path().join(".extpack-1-folder.part")).unwrap();
        sweep(dir.path());
        let mut expected = vec![
            ".extpack-1-folder.part".to_owned(),
            ".extpack-notes.part".to_owned(),
            elsewhere.clone(),
            live.clone(),
            "extpack-1-x.part".to_owned(),
            "keep.zip".to_owned(),
        ];
        expected.sort();
        assert_eq!(names_in(dir.path()), expected);
        drop(elsewhere_held);
        sweep(dir.path());
        assert!(!names_in(dir.path()).contains(&elsewhere));
    }

    #[test]
    fn the_folder_is_created_as_needed_and_removed_when_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        drop(StagedFile::write(&dir.path().join("a/b/c/out.json"), b"{}").unwrap());
        assert_eq!(names_in(dir.path()), ["a"]);
        assert!(names_in(&dir.path().join("a")).is_empty());
        let path = dir.path().join("a/b/out.json");
        StagedFile::write(&path, b"{}").unwrap().persist().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
    }
}
