//! An extension whose files are read from memory where it has them (an editor's unsaved
//! buffers, fixes applied but not written yet) and from another source everywhere else.

use std::collections::HashMap;

use super::{ExtensionSource, Lookup, SourceError};
use crate::diag::Diagnostic;

/// `base` with some files' contents replaced.
pub struct Overlay<'a> {
    base: &'a dyn ExtensionSource,
    files: HashMap<String, Vec<u8>>,
}

impl<'a> Overlay<'a> {
    pub fn new(base: &'a dyn ExtensionSource) -> Overlay<'a> {
        Overlay {
            base,
            files: HashMap::new(),
        }
    }

    /// Reads `relative` (a normalised path inside the extension) as `bytes` from now on.
    pub fn set(&mut self, relative: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(relative.into(), bytes);
    }

    /// The contents held for `relative`, if any.
    pub fn get(&self, relative: &str) -> Option<&[u8]> {
        self.files.get(relative).map(Vec::as_slice)
    }
}

impl ExtensionSource for Overlay<'_> {
    fn display_root(&self) -> &str {
        self.base.display_root()
    }

    fn display_path(&self, relative: &str) -> String {
        self.base.display_path(relative)
    }

    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError> {
        match self.files.get(relative) {
            Some(bytes) => Ok(bytes.clone()),
            None => self.base.read(relative),
        }
    }

    fn lookup(&self, relative: &str) -> Lookup {
        match self.base.lookup(relative) {
            Lookup::Missing { .. } if self.files.contains_key(relative) => Lookup::File,
            found => found,
        }
    }

    fn files_under(&self, dir: &str, skip_dirs: &[&str]) -> Vec<String> {
        self.base.files_under(dir, skip_dirs)
    }

    fn placeholders(&self, dir: &str) -> Vec<String> {
        self.base.placeholders(dir)
    }

    fn holds_a_file(&self, dir: &str) -> bool {
        self.base.holds_a_file(dir)
    }

    fn is_git_ignored(&self, relative: &str) -> bool {
        self.base.is_git_ignored(relative)
    }

    fn nested_manifests(&self) -> Vec<String> {
        self.base.nested_manifests()
    }

    fn findings(&self, manifest_paths: &[&str]) -> Vec<Diagnostic> {
        self.base.findings(manifest_paths)
    }

    fn refused(&self) -> bool {
        self.base.refused()
    }

    fn archive_entries(&self) -> Option<Vec<String>> {
        self.base.archive_entries()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{DirSource, MANIFEST_NAME};

    #[test]
    fn reads_from_memory_first() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_NAME), b"{}").unwrap();
        let base = DirSource::open(dir.path()).unwrap();
        let mut overlay = Overlay::new(&base);
        assert_eq!(overlay.read(MANIFEST_NAME).unwrap(), b"{}");
        overlay.set(MANIFEST_NAME, b"{\"a\": 1}".to_vec());
        assert_eq!(overlay.read(MANIFEST_NAME).unwrap(), b"{\"a\": 1}");
        assert_eq!(
            overlay.lookup("new.js"),
            Lookup::Missing { case_variant: None }
        );
        overlay.set("new.js", Vec::new());
        assert_eq!(overlay.lookup("new.js"), Lookup::File);
    }
}
