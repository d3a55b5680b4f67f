//! What goes into the upload archive (the platform's packaging rules, README "What goes in"): extension.json, every file
//! under `viewBasePath` except dot-names (or, when there is none, its placeholder such as
//! `.gitkeep`), the referenced library files, hosted files and icon, and the require()
//! closure — each once, sorted, nothing else.

use std::collections::BTreeSet;

use crate::references::{self, Reference, ReferenceKind, Resolution};
use crate::requires::RequireGraph;
use crate::source::ExtensionSource;
use crate::source::MANIFEST_NAME;

/// The entries of the archive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSet {
    /// Files, as normalised `/`-separated paths, sorted.
    pub files: Vec<String>,
    /// Explicit folder entries (`src/view/`), for a views folder with no packable file (its
    /// placeholder is among the files).
    pub folders: Vec<String>,
}

impl FileSet {
    /// The file set of a checked extension (whose references resolved and whose graph was
    /// built). `excluded` says which files under the views folder must not be packed (the
    /// configuration's `exclude` globs, and the archive being written when it is inside the
    /// extension).
    pub fn compute(
        source: &dyn ExtensionSource,
        references: &[Reference],
        resolutions: &[Resolution],
        graph: &RequireGraph,
        excluded: &dyn Fn(&str) -> bool,
    ) -> FileSet {
        let mut files: BTreeSet<String> = BTreeSet::new();
        files.insert(MANIFEST_NAME.to_owned());
        let mut folders = Vec::new();
        for (reference, resolution) in references.iter().zip(resolutions) {
            let (Ok(path), Resolution::Found) = (&reference.path, resolution) else {
                continue;
            };
            if reference.kind == ReferenceKind::ViewBase {
                let mut views: Vec<String> = source
                    .files_under(path, &[])
                    .into_iter()
                    .filter(|f| !excluded(f))
                    .collect();
                if views.is_empty() && !path.is_empty() {
                    // A folder without views keeps a placeholder (`.gitkeep`): it is packed,
                    // with the folder's entry, so that the folder holds a file however the
                    // archive is listed (Adobe's validator refuses an empty `viewBasePath`).
                    folders.push(format!("{path}/"));
                    views.extend(references::views_placeholder(source, path, excluded));
                }
                files.extend(views);
            } else {
                files.insert(path.clone());
            }
        }
        files.extend(graph.files.iter().cloned());
        FileSet {
            files: files.into_iter().collect(),
            folders,
        }
    }
}
