//! Fatal errors: the tool could not do its job (exit code 2). Problems *in* an extension are
//! never fatal errors; they are [`crate::diag::Diagnostic`]s.

use std::path::PathBuf;

/// Why extpack could not run to completion.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum FatalError {
    #[error("`{}` does not exist", path.display())]
    #[diagnostic(
        code(extpack::path_not_found),
        help("pass the folder that holds extension.json")
    )]
    PathNotFound { path: PathBuf },

    #[error("`{}` is not an extension folder", path.display())]
    #[diagnostic(
        code(extpack::not_a_directory),
        help("pass the folder that holds extension.json (or the extension.json file itself)")
    )]
    NotADirectory { path: PathBuf },

    /// A `.zip` that cannot be read as an archive: empty, not a zip, truncated, corrupt.
    #[error("`{}` is not a readable zip archive: {reason}", path.display())]
    #[diagnostic(
        code(extpack::broken_archive),
        help(
            "rebuild the archive (`cd my-extension && zip -r ../package.zip .`), or check the extension folder itself"
        )
    )]
    BrokenArchive { path: PathBuf, reason: String },

    #[error("cannot read `{}`: {source}", path.display())]
    #[diagnostic(code(extpack::io))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write `{}`: {source}", path.display())]
    #[diagnostic(code(extpack::io))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("unknown code `{code}`")]
    #[diagnostic(
        code(extpack::unknown_code),
        help("`extpack explain` lists every code")
    )]
    UnknownCode { code: String },
}
