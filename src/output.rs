//! Files extpack writes (archives, reports, `--output` files): each is written in full to a
//! temporary file beside its place, synced, and renamed into place only when complete, so a
//! failure or an interruption never leaves a half-written file, and an existing file at that
//! place stays untouched until the new one is whole.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write `{}`: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// Why an archive could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot read `{path}`: {source}")]
    Read { path: String, source: io::Error },
    #[error("cannot write `{}`: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot write the archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("interrupted; nothing was written")]
    Interrupted,
}

impl From<WriteError> for ArchiveError {
    fn from(WriteError { path, source }: WriteError) -> ArchiveError {
        ArchiveError::Write { path, source }
    }
}

/// One entry of a written archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryRecord {
    /// The entry's name (`src/view/`, with a trailing `/`, for a folder).
    pub path: String,
    pub size: u64,
    pub compressed_size: u64,
    /// Hex SHA-256 of the entry's content.
    pub sha256: String,
}

/// What was written.
#[derive(Clone, Debug)]
pub struct ArchiveSummary {
    pub entries: Vec<EntryRecord>,
    /// Hex SHA-256 of the whole archive.
    pub sha256: String,
    /// The archive's size in bytes.
    pub size: u64,
}

/// How the temporary file of a staged output is named: a prefix and a suffix around random
/// characters.
#[derive(Clone, Copy, Debug)]
pub struct TempName {
    pub prefix: &'static str,
    pub suffix: &'static str,
}

impl TempName {
    /// `.tmpXXXXXX`, for reports and `--output` files.
    pub const PLAIN: TempName = TempName {
        prefix: ".tmp",
        suffix: "",
    };
    /// `.extpack-XXXXXX.zip.part`, for archives.
    pub const ARCHIVE: TempName = TempName {
        prefix: ".extpack-",
        suffix: ".zip.part",
    };
}

/// A file being written to a temporary file beside its path, not yet in place. Dropping it
/// removes the temporary file.
#[derive(Debug)]
pub struct StagedFile {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl StagedFile {
    /// Creates the (empty) temporary file beside `path`.
    pub fn create(path: &Path, name: TempName) -> Result<StagedFile, WriteError> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(name.prefix)
            .suffix(name.suffix)
            .tempfile_in(dir)
            .map_err(|source| WriteError {
                path: path.to_owned(),
                source,
            })?;
        Ok(StagedFile {
            temp,
            path: path.to_owned(),
        })
    }

    /// Writes `bytes` in full to a temporary file beside `path` and syncs it.
    pub fn write(path: &Path, bytes: &[u8]) -> Result<StagedFile, WriteError> {
        let mut staged = StagedFile::create(path, TempName::PLAIN)?;
        staged.temp.write_all(bytes).map_err(|e| staged.error(e))?;
        staged.sync()?;
        Ok(staged)
    }

    /// Where the file goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary file, to write to.
    pub fn file(&self) -> &File {
        self.temp.as_file()
    }

    /// The temporary file opened anew, to read back what was written.
    pub fn reopen(&self) -> Result<File, WriteError> {
        self.temp.reopen().map_err(|e| self.error(e))
    }

    /// Flushes the file to the disk.
    pub fn sync(&self) -> Result<(), WriteError> {
        self.temp.as_file().sync_all().map_err(|e| self.error(e))
    }

    /// Makes the file readable by all (as a file made by `zip` or an editor is) and renames
    /// it into place.
    pub fn persist(self) -> Result<(), WriteError> {
        readable_by_all(self.temp.path()).map_err(|e| self.error(e))?;
        let StagedFile { temp, path } = self;
        temp.persist(&path).map_err(|e| WriteError {
            path,
            source: e.error,
        })?;
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

/// Writes a file through a temporary file beside it, renamed into place when complete.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    StagedFile::write(path, bytes)?.persist()
}

/// Gives a file the permissions of one made with the default umask (0644): temporary files
/// are created private.
pub fn readable_by_all(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.json")]);
    }
}
