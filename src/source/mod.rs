//! Where an extension's files come from. Checks never touch the filesystem directly: they ask
//! an [`ExtensionSource`], so the same checks run on a folder ([`DirSource`]) and on a zip
//! archive read in place ([`ZipSource`]), and on what the git index holds ([`IndexSource`]).

mod dir;
mod findings;
pub mod git;
mod nearest;
mod overlay;
pub mod zip;

pub use dir::{DirSource, read_regular_file};
pub use git::{GitError, GitIndex, IndexSource};
pub use nearest::nearest_file;
pub use overlay::Overlay;
pub use zip::{ArchiveLimits, ZipSource};

use std::path::PathBuf;

use crate::diag::{Diagnostic, Rule, codes};

/// The codes of a folder's own problems, reported by [`DirSource`] through
/// [`ExtensionSource::findings`] when it walks a folder.
pub static FOLDER_CODES: &[&Rule] = &[&codes::EP210, &codes::EP211];

/// The codes of an archive's own problems, reported by [`ZipSource`] through
/// [`ExtensionSource::findings`].
pub static ARCHIVE_CODES: &[&Rule] = &[
    &codes::EP010,
    &codes::EP011,
    &codes::EP012,
    &codes::EP013,
    &codes::EP014,
    &codes::EP015,
    &codes::EP016,
    &codes::EP017,
    &codes::EP018,
    &codes::EP019,
    &codes::EP020,
    &codes::EP021,
    &codes::EP022,
    &codes::EP024,
    &codes::EP317,
    &codes::EP318,
];

/// The name of the manifest at the root of every extension.
pub const MANIFEST_NAME: &str = "extension.json";

/// Why an extension (a folder or an archive) could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("`{}` does not exist", path.display())]
    NotFound { path: PathBuf },
    #[error("`{}` is not an extension folder", path.display())]
    NotADirectory { path: PathBuf },
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A `.zip` that cannot be read as an archive: empty, not a zip, truncated, corrupt.
    #[error("`{}` is not a readable zip archive: {reason}", path.display())]
    BrokenArchive { path: PathBuf, reason: String },
}

impl OpenError {
    /// A failure to read `path`: not found, or another I/O error.
    pub(crate) fn reading(path: &std::path::Path, source: std::io::Error) -> OpenError {
        if source.kind() == std::io::ErrorKind::NotFound {
            OpenError::NotFound {
                path: path.to_owned(),
            }
        } else {
            OpenError::Read {
                path: path.to_owned(),
                source,
            }
        }
    }
}

/// What is at a path inside an extension, looked up case-exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    File,
    Dir,
    /// Nothing at that exact path. `case_variant` is a path that differs only in letter case,
    /// when one exists: the platform's servers compare case-sensitively, so it would not be
    /// found there, even where the local filesystem finds it.
    Missing {
        case_variant: Option<String>,
    },
    /// The path goes through a symbolic link whose target is outside the extension folder.
    LinkOutside,
}

/// Why a file inside an extension could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("`{0}` does not exist")]
    NotFound(String),
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The file exists but its content cannot be trusted (an archive entry whose size differs
    /// from the one its header declares, …). The source has recorded a finding that says why
    /// ([`ExtensionSource::findings`]); callers go on without the file.
    #[error("`{0}` cannot be read")]
    Unreadable(String),
    /// The path is a symbolic link to a file outside the extension: never read.
    #[error("`{0}` is a link to a file outside the extension")]
    Outside(String),
}

/// The files of one extension. Paths are relative to the folder that holds extension.json,
/// `/`-separated, and compared case-sensitively.
pub trait ExtensionSource: Send + Sync {
    /// The extension as the user named it (`testdata/valid/web-minimal`).
    fn display_root(&self) -> &str;

    /// A file inside the extension as shown to the user (`my-ext/extension.json`).
    fn display_path(&self, relative: &str) -> String;

    /// The bytes of a file.
    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError>;

    /// What is at a normalised path (see [`crate::paths::normalize`]), case-exactly, on every
    /// operating system. Implementations cache what they list: looking up many paths in one
    /// folder lists it once.
    fn lookup(&self, relative: &str) -> Lookup;

    /// Every file under a folder, recursively, as sorted normalised paths. Entries whose name
    /// begins with `.` are left out (they are never part of an extension), and so are folders
    /// named in `skip_dirs` (such as `node_modules`). Symbolic links inside the extension are
    /// followed; links that leave it are left out.
    fn files_under(&self, dir: &str, skip_dirs: &[&str]) -> Vec<String>;

    /// The entries directly in a folder, sorted by name, each with whether it is a folder (for
    /// "did you mean"). By default they are derived from [`ExtensionSource::files_under`].
    fn children(&self, dir: &str) -> Vec<(String, bool)> {
        let start = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut found: Vec<(String, bool)> = self
            .files_under(dir, &[])
            .iter()
            .filter_map(|path| path.strip_prefix(&start))
            .map(|below| match below.split_once('/') {
                Some((folder, _)) => (folder.to_owned(), true),
                None => (below.to_owned(), false),
            })
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// The files under a folder, recursively, whose own name begins with `.` (placeholders
    /// such as `.gitkeep` that keep a folder without views), sorted; folders whose name
    /// begins with `.` are not entered. [`ExtensionSource::files_under`] leaves these out.
    fn placeholders(&self, _dir: &str) -> Vec<String> {
        Vec::new()
    }

    /// Whether a folder holds a file at any depth (outside folders whose name begins with
    /// `.`): one that is packed, or a placeholder. Implementations stop at the first one.
    fn holds_a_file(&self, dir: &str) -> bool {
        !self.files_under(dir, &[]).is_empty() || !self.placeholders(dir).is_empty()
    }

    /// Whether git ignores a folder of the extension (a build output folder such as `dist/`).
    /// Sources that are not in a repository (archives) answer false.
    fn is_git_ignored(&self, _relative: &str) -> bool {
        false
    }

    /// The names of the immediate sub-folders that hold an `extension.json`, sorted: where the
    /// user probably meant to point when the root has none.
    fn nested_manifests(&self) -> Vec<String>;

    /// Problems of the container itself (an archive's layout, hostile or broken entries),
    /// including those found while reading files. `manifest_paths` are the file paths of the
    /// manifest as it spells them (`./icon.svg`): an entry stored under such a `./` name, as
    /// Adobe's packager stores it, is a warning (EP318), any other `./` name an error (EP012).
    /// A folder has none.
    fn findings(&self, _manifest_paths: &[&str]) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Whether the container is unusable: its findings are reported and nothing else is
    /// checked (an archive beyond the guards, or with overlapping entries).
    fn refused(&self) -> bool {
        false
    }

    /// Every file entry of an archive (relative to the extension root, in no particular
    /// order), to tell which of them would be uploaded for nothing; `None` for a folder, whose unrelated files are
    /// never packed.
    fn archive_entries(&self) -> Option<Vec<String>> {
        None
    }
}

/// Opens the extension at `path`: a folder (or its extension.json), or a zip archive (a file
/// whose name ends in `.zip`, read in place with the default guards). The one place that picks
/// a source by the path's form.
pub fn open(path: &std::path::Path) -> Result<Box<dyn ExtensionSource>, OpenError> {
    if zip::is_archive_path(path) {
        Ok(Box::new(ZipSource::open(path, &ArchiveLimits::default())?))
    } else {
        Ok(Box::new(DirSource::open(path)?))
    }
}
