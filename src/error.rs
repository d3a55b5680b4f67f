//! Fatal errors: the tool could not do its job (exit code 2). Problems *in* an extension are
//! never fatal errors; they are [`crate::diag::Diagnostic`]s.

use std::path::PathBuf;

use crate::output::{ArchiveError, OutputError, WriteError};
use crate::source::{GitError, OpenError, SourceError};

/// Why extpack could not run to completion.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum FatalError {
    #[error("`{}` does not exist", path.display())]
    #[diagnostic(help("pass the folder that holds extension.json"))]
    PathNotFound { path: PathBuf },

    #[error("`{}` is not an extension folder", path.display())]
    #[diagnostic(help(
        "pass the folder that holds extension.json (or the extension.json file itself)"
    ))]
    NotADirectory { path: PathBuf },

    #[error("no extension.json below `{}`", path.display())]
    #[diagnostic(help(
        "`--all` searches every folder below the ones given, except node_modules, hidden folders and what .gitignore excludes"
    ))]
    NoExtensionFound { path: PathBuf },
    /// A `.zip` that cannot be read as an archive: empty, not a zip, truncated, corrupt.
    #[error("`{}` is not a readable zip archive: {reason}", path.display())]
    #[diagnostic(help(
        "rebuild the archive (`cd my-extension && zip -r ../package.zip .`), or check the extension folder itself"
    ))]
    BrokenArchive { path: PathBuf, reason: String },

    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write the archive `{}`: {source}", path.display())]
    #[diagnostic(help("nothing was written: an existing archive at that place is untouched"))]
    Pack {
        path: PathBuf,
        #[source]
        source: ArchiveError,
    },

    /// An output that cannot go where it was asked to: a folder, link, pipe or device in the
    /// way, a file where a folder must be, or a file the run reads or packs.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Output(#[from] OutputError),

    /// A write beyond the largest file this process may write (EFBIG: `ulimit -f`, or the file
    /// system's own limit).
    #[error("cannot write `{}`: {source}", path.display())]
    #[diagnostic(help(
        "nothing was written: the file would be larger than this process may write — the limit of `ulimit -f` or of the file system; raise it, or write to another file system"
    ))]
    FileTooLarge {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("interrupted: nothing was written")]
    Interrupted,

    #[error("git: {message}")]
    #[diagnostic(help(
        "run this inside a git repository, or pass the changed files: `extpack hook run FILE…`"
    ))]
    Git { message: String },

    #[error("a different pre-commit hook exists at `{}`", path.display())]
    #[diagnostic(help(
        "`extpack hook install --force` keeps it as pre-commit.legacy and runs it before extpack's; or call `extpack hook run` from your own hook"
    ))]
    HookExists { path: PathBuf },

    #[error("`{}` exists already, so the current pre-commit hook cannot be kept there", path.display())]
    #[diagnostic(help(
        "move or remove it first (a hook kept by an earlier `extpack hook install --force`?)"
    ))]
    LegacyHookExists { path: PathBuf },

    #[error("the pre-commit hook at `{}` is not extpack's; it was left as it is", path.display())]
    #[diagnostic(help("remove it by hand if it should go"))]
    HookNotOurs { path: PathBuf },

    #[error("unknown code `{code}`")]
    #[diagnostic(help("`extpack explain` lists every code and its name"))]
    UnknownCode { code: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    VersionsList(#[from] crate::versions::ListError),

    #[error(
        "`{}` and `{}` are different extensions: `{}` ({}) and `{}` ({})",
        old.path, new.path, old.name, old.platform, new.name, new.platform
    )]
    #[diagnostic(help(
        "compare two versions of one extension: the same `name` and `platform` in both extension.json files"
    ))]
    DifferentExtensions {
        old: Box<crate::diff::Side>,
        new: Box<crate::diff::Side>,
    },

    /// A saved API response given as a release that cannot be used (read by the versions
    /// lists' parser, named as a response).
    #[error(transparent)]
    #[diagnostic(transparent)]
    ApiResponse(crate::versions::ListError),

    #[error("no released package of `{name}` ({platform}) in {files}: {found}")]
    #[diagnostic(help(
        "the previous release is the highest `private` or `public` package of the extension whose status is `succeeded`: save `GET /extension_packages/{{id}}/versions` (every version, every page) to have it; before a first release there is nothing to compare with"
    ))]
    NoReleasedPackage {
        name: String,
        platform: String,
        /// The files as given, quoted.
        files: String,
        /// What the listing holds instead.
        found: String,
    },

    #[error(
        "`{}` is an extension, but several previous releases were given: only the pages of a saved listing go together", path.display()
    )]
    #[diagnostic(help(
        "give one previous release (a folder, its extension.json, a .zip or a saved API response), or every page of one saved listing"
    ))]
    SeveralReleases { path: PathBuf },

    #[error("`{}` is a saved listing, not one version of an extension", path.display())]
    #[diagnostic(help(
        "the new version is a folder, its extension.json, a .zip or a saved lookup of one package; to compare the release a listing holds with the current folder, name the folder last: `extpack diff page-1.json page-2.json .`"
    ))]
    NewIsListing { path: PathBuf },

    #[error("cannot compare `{path}`: {reason}")]
    #[diagnostic(help(
        "`extpack check` on it shows every problem; a release to compare with must have a valid extension.json with `name`, `platform` and `version`"
    ))]
    UnusableManifest { path: String, reason: String },
}

impl From<OpenError> for FatalError {
    fn from(error: OpenError) -> FatalError {
        match error {
            OpenError::NotFound { path } => FatalError::PathNotFound { path },
            OpenError::NotADirectory { path } => FatalError::NotADirectory { path },
            OpenError::Read { path, source } => FatalError::Read { path, source },
            OpenError::BrokenArchive { path, reason } => FatalError::BrokenArchive { path, reason },
        }
    }
}

/// A source's read failure: the extension could not be read.
impl From<SourceError> for FatalError {
    fn from(error: SourceError) -> FatalError {
        match error {
            SourceError::NotFound(p) => FatalError::PathNotFound { path: p.into() },
            SourceError::Io { path, source } => FatalError::Read {
                path: path.into(),
                source,
            },
            SourceError::Outside(p) => FatalError::Read {
                path: p.into(),
                source: std::io::Error::other("a link to a file outside the extension"),
            },
            SourceError::Unreadable(p) => FatalError::Read {
                path: p.into(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, "unreadable entry"),
            },
        }
    }
}

impl From<GitError> for FatalError {
    fn from(GitError { message }: GitError) -> FatalError {
        FatalError::Git { message }
    }
}

impl From<WriteError> for FatalError {
    fn from(WriteError { path, source }: WriteError) -> FatalError {
        FatalError::writing(path, source)
    }
}

impl FatalError {
    /// A failure to write `path`: a file too large for this process is said so.
    pub fn writing(path: PathBuf, source: std::io::Error) -> FatalError {
        if source.kind() == std::io::ErrorKind::FileTooLarge {
            FatalError::FileTooLarge { path, source }
        } else {
            FatalError::Write { path, source }
        }
    }

    /// A failure to write the archive at `path`.
    pub fn packing(path: PathBuf, source: ArchiveError) -> FatalError {
        match source {
            ArchiveError::Interrupted => FatalError::Interrupted,
            ArchiveError::Write(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
                FatalError::FileTooLarge { path, source: e }
            }
            source => FatalError::Pack { path, source },
        }
    }
}
