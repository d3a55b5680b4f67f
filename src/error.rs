//! Fatal errors: the tool could not do its job (exit code 2). Problems *in* an extension are
//! never fatal errors; they are [`crate::diag::Diagnostic`]s.

use std::path::PathBuf;

use crate::output::{ArchiveError, WriteError};
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

    #[error("`{}` is a folder, so the {what} cannot be written there", path.display())]
    #[diagnostic(help(
        "nothing was written: pass a file name (`-o name.zip`, `--report name.json`), or a folder with `-o` to receive the default name"
    ))]
    FolderInTheWay { path: PathBuf, what: &'static str },

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
        FatalError::Write { path, source }
    }
}
