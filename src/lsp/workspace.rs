//! What the server knows: the open documents, the extensions they belong to (each folder that
//! holds an extension.json is its own extension, so a monorepo is several), and the last check
//! of each extension, from the open buffers and the disk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_types::Uri;

use super::position::path_to_uri;
use crate::analysis::analyze_folder_through;
use crate::checks::Options;
use crate::diag::Diagnostic;
use crate::error::FatalError;
use crate::references::Views;
use crate::source::{DirSource, MANIFEST_NAME, Overlay};

/// How the editor's checks run: as the pre-commit hook's, views that are unbuilt build output
/// (missing and git-ignored) are skipped with one note rather than reported missing on every
/// keystroke, and `extpack.toml` applies (its `views = "skip"` too).
fn editor_options() -> Options<'static> {
    Options {
        views: Views::SkipWhenUnbuilt,
        views_from_config: true,
        ..Options::default()
    }
}

/// A document the editor has open.
pub struct Document {
    /// The URI as the editor spelled it (answers use it as it is).
    pub uri: Uri,
    pub version: i32,
    pub text: String,
}

/// The last check of one extension.
#[derive(Default)]
pub struct Checked {
    /// Its findings, as the check reported them (spans into the texts it read).
    pub diagnostics: Vec<Diagnostic>,
    /// The files findings were published for, to clear them when they are gone.
    pub published: BTreeSet<PathBuf>,
}

#[derive(Default)]
pub struct Workspace {
    pub documents: BTreeMap<PathBuf, Document>,
    pub extensions: BTreeMap<PathBuf, Checked>,
}

impl Workspace {
    /// The extension a file belongs to: the nearest folder at or above it that holds an
    /// extension.json (on disk, or open in the editor).
    pub fn extension_of(&self, file: &Path) -> Option<PathBuf> {
        if file.file_name().is_some_and(|n| n == MANIFEST_NAME) {
            return file.parent().map(Path::to_owned);
        }
        file.ancestors().skip(1).find_map(|dir| {
            let manifest = dir.join(MANIFEST_NAME);
            (manifest.is_file() || self.documents.contains_key(&manifest)).then(|| dir.to_owned())
        })
    }

    /// The URI to publish a file's findings under: the open document's, else made from the
    /// path.
    pub fn uri_of(&self, path: &Path) -> Option<Uri> {
        match self.documents.get(path) {
            Some(doc) => Some(doc.uri.clone()),
            None => path_to_uri(path),
        }
    }

    /// The current text of a file: the editor's buffer when it is open, else the disk's
    /// (extension.json without its byte order mark, as the checks read it).
    pub fn text_of(&self, path: &Path) -> Option<String> {
        if let Some(doc) = self.documents.get(path) {
            return Some(doc.text.clone());
        }
        let bytes = std::fs::read(path).ok()?;
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) if path.file_name().is_some_and(|n| n == MANIFEST_NAME) => rest.to_vec(),
            _ => bytes,
        };
        String::from_utf8(bytes).ok()
    }

    /// Checks the extension at `root` with the open documents' unsaved texts and the rest
    /// from disk. Half-typed JSON is a finding like any other.
    pub fn check(&self, root: &Path) -> Result<Vec<Diagnostic>, FatalError> {
        let folder = DirSource::open(root)?;
        let mut overlay = Overlay::new(&folder);
        for (path, doc) in self.documents.range(root.to_owned()..) {
            let Ok(relative) = path.strip_prefix(root) else {
                break;
            };
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            overlay.set(relative.join("/"), doc.text.clone().into_bytes());
        }
        let checked = analyze_folder_through(&folder, &overlay, &editor_options())?;
        Ok(checked.analysis.report.diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbuilt_views_are_a_note_and_open_buffers_win_over_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".gitignore"), "dist/\n").unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fixes/EP101/after");
        let manifest = std::fs::read_to_string(fixture.join(MANIFEST_NAME))
            .unwrap()
            .replace("\"src/view/\"", "\"dist/\"");
        std::fs::write(root.join(MANIFEST_NAME), &manifest).unwrap();
        std::fs::create_dir_all(root.join("src/lib/actions")).unwrap();
        std::fs::copy(
            fixture.join("src/lib/actions/sendBeacon.js"),
            root.join("src/lib/actions/sendBeacon.js"),
        )
        .unwrap();
        let mut workspace = Workspace::default();
        let codes = |w: &Workspace| -> Vec<&'static str> {
            w.check(&root).unwrap().iter().map(|d| d.code()).collect()
        };
        assert_eq!(codes(&workspace), ["EP206"]);

        let path = root.join(MANIFEST_NAME);
        workspace.documents.insert(
            path.clone(),
            Document {
                uri: super::super::position::path_to_uri(&path).unwrap(),
                version: 1,
                text: manifest.replace("\"web\"", "\"Web\""),
            },
        );
        assert_eq!(codes(&workspace), ["EP101"]);
        assert_eq!(
            workspace.extension_of(&root.join("src/lib/actions/x.js")),
            Some(root.clone())
        );
        assert_eq!(workspace.extension_of(&path), Some(root.clone()));
    }
}
