//! An extension in a folder on disk.

use std::path::{Path, PathBuf};

use super::{EntryKind, ExtensionSource, SourceError};
use crate::error::FatalError;
use crate::manifest::MANIFEST_NAME;

/// An extension folder on disk.
#[derive(Debug)]
pub struct DirSource {
    root: PathBuf,
    display: String,
}

impl DirSource {
    /// Opens the folder at `path`. A path to an `extension.json` file opens its folder.
    pub fn open(path: &Path) -> Result<DirSource, FatalError> {
        let metadata = std::fs::metadata(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                FatalError::PathNotFound {
                    path: path.to_owned(),
                }
            } else {
                FatalError::Read {
                    path: path.to_owned(),
                    source,
                }
            }
        })?;
        let root = if metadata.is_dir() {
            path.to_owned()
        } else if path.file_name().is_some_and(|n| n == MANIFEST_NAME) {
            match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
                _ => PathBuf::from("."),
            }
        } else {
            return Err(FatalError::NotADirectory {
                path: path.to_owned(),
            });
        };
        let display = display_path(&root);
        Ok(DirSource { root, display })
    }

    fn full_path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }
}

/// Shows a path with `/` separators and without a trailing separator.
fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let trimmed = text.trim_end_matches('/');
    if trimmed.is_empty() {
        text
    } else {
        trimmed.to_owned()
    }
}

impl ExtensionSource for DirSource {
    fn display_root(&self) -> &str {
        &self.display
    }

    fn display_path(&self, relative: &str) -> String {
        if self.display == "." {
            relative.to_owned()
        } else {
            format!("{}/{}", self.display, relative)
        }
    }

    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError> {
        std::fs::read(self.full_path(relative)).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                SourceError::NotFound(self.display_path(relative))
            } else {
                SourceError::Io {
                    path: self.display_path(relative),
                    source,
                }
            }
        })
    }

    fn entry_kind(&self, relative: &str) -> EntryKind {
        match std::fs::metadata(self.full_path(relative)) {
            Ok(m) if m.is_dir() => EntryKind::Dir,
            Ok(_) => EntryKind::File,
            Err(_) => EntryKind::Missing,
        }
    }

    fn nested_manifests(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut found: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().join(MANIFEST_NAME).is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        found.sort();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_use_forward_slashes_without_trailing_separator() {
        assert_eq!(display_path(Path::new("a/b/")), "a/b");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("/")), "/");
    }
}
