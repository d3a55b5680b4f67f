//! Where an extension's files come from. Checks never touch the filesystem directly: they ask
//! an [`ExtensionSource`], so the same checks run on a folder and (later) on a zip archive.

mod dir;

pub use dir::DirSource;

/// What is at a path inside an extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    Missing,
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

    /// What is at a path.
    fn entry_kind(&self, relative: &str) -> EntryKind;

    /// The names of the immediate sub-folders that hold an `extension.json`, sorted: where the
    /// user probably meant to point when the root has none.
    fn nested_manifests(&self) -> Vec<String>;
}
