//! Files extpack writes (archives, reports, `--output` files), and the promises it keeps about
//! them:
//!
//! - **Checked before anything is written** ([`target`]): an output goes only where a regular
//!   file or nothing is, never over a file the run reads or packs, never where another output
//!   of the same run goes.
//! - **Atomic** ([`staged`]): each is written in full to a temporary file beside its place,
//!   synced, and renamed into place only when complete, so a failure or an interruption never
//!   leaves a half-written file, and an existing file at that place stays untouched until the
//!   new one is whole.
//! - **Nothing left behind** ([`staged::sweep`]): a temporary file is named after the run's
//!   process and locked while the run lives; a run killed before it could remove it (`kill
//!   -9`) leaves one that the next run writing into that folder recognises and removes.
//! - **One run's pair in place** ([`lock`]): the archive and its report are renamed under a
//!   lock beside each, so two runs writing the same archive at once leave the pair of one run.

pub mod lock;
pub mod staged;
pub mod target;

use std::io;
use std::path::{Path, PathBuf};

pub use lock::OutputLock;
pub use staged::{StagedFile, TempName};
pub use target::{Inputs, Output, OutputError, check_outputs};

/// A file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write `{}`: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// Why an archive could not be written. The archive's path is not part of these: the error
/// that carries one of them names it.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot read `{path}`: {source}")]
    Read { path: String, source: io::Error },
    #[error("{0}")]
    Write(#[source] io::Error),
    #[error("{0}")]
    Zip(#[source] zip::result::ZipError),
    #[error("interrupted; nothing was written")]
    Interrupted,
}

impl From<zip::result::ZipError> for ArchiveError {
    fn from(error: zip::result::ZipError) -> ArchiveError {
        match error {
            zip::result::ZipError::Io(e) => ArchiveError::Write(e),
            other => ArchiveError::Zip(other),
        }
    }
}

impl From<WriteError> for ArchiveError {
    fn from(WriteError { source, .. }: WriteError) -> ArchiveError {
        ArchiveError::Write(source)
    }
}

impl ArchiveError {
    /// The operating system's error behind a failure to write, if that is what this is.
    pub fn write_error(&self) -> Option<&io::Error> {
        match self {
            ArchiveError::Write(e) => Some(e),
            _ => None,
        }
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

/// Writes a file through a temporary file beside it, renamed into place when complete; the
/// folders it goes into are created as needed. The caller has checked the place
/// ([`check_outputs`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    StagedFile::write(path, bytes)?.persist()
}

/// The folder a file goes into (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Whether the open `file` is the one at `path` now (not a file removed or replaced since it
/// was opened). Without a way to tell (not Unix), it is taken to be.
fn is_at(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(open), Ok(there)) => open.dev() == there.dev() && open.ino() == there.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}
