//! JavaScript files beside the library modules that nothing uses (with `--unused-files`).
//!
//! The folders looked at are those of the library modules (`libPath`, `main`, shared modules),
//! recursively (not the extension root itself), without `node_modules`, hidden entries, `__tests__` folders and test files
//! (`*.test.js`, `*.spec.js`). A file there that is neither a library module, nor reached by a
//! `require()`, nor a hosted library file is dead code: it is not uploaded, and it is often a
//! sign of a misspelled path or a forgotten `require`.

use std::collections::BTreeSet;

use super::{Check, Context};
use crate::diag::{Diagnostic, Rule, codes};
use crate::paths;
use crate::references::{ReferenceKind, Resolution};

/// Reports unused JavaScript files when asked to.
pub struct UnusedFilesCheck;

const SKIPPED_DIRS: [&str; 2] = ["node_modules", "__tests__"];

impl Check for UnusedFilesCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[&codes::EP311];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        if !cx.options.unused_files {
            return Vec::new();
        }
        let found: Vec<(&crate::references::Reference, &Resolution)> = cx
            .references
            .iter()
            .zip(cx.resolutions)
            .filter(|(_, res)| **res == Resolution::Found)
            .collect();
        let used: BTreeSet<&str> = found
            .iter()
            .filter_map(|(r, _)| r.path.as_deref().ok())
            .chain(cx.graph.files.iter().map(String::as_str))
            .collect();
        let folders: BTreeSet<&str> = found
            .iter()
            .filter(|(r, _)| r.kind == ReferenceKind::Library)
            .filter_map(|(r, _)| r.path.as_deref().ok())
            .map(paths::parent)
            .collect();
        // Walk each folder once: skip those inside another one of the set.
        let walk_roots = folders.iter().filter(|f| {
            !folders
                .iter()
                .any(|g| g != *f && !g.is_empty() && f.starts_with(&format!("{g}/")))
        });
        let mut unused = BTreeSet::new();
        for folder in walk_roots {
            if folder.is_empty() {
                // Library modules at the extension root: the root is the whole repository,
                // not a library folder, so it is not searched.
                continue;
            }
            for file in cx.source.files_under(folder, &SKIPPED_DIRS) {
                let is_test = file.ends_with(".test.js") || file.ends_with(".spec.js");
                if file.ends_with(".js") && !is_test && !used.contains(file.as_str()) {
                    unused.insert(file);
                }
            }
        }
        unused
            .into_iter()
            .map(|file| {
                Diagnostic::new(
                    &codes::EP311,
                    cx.source.display_path(&file),
                    format!("`{file}` is beside the library modules, but no manifest path or `require()` uses it"),
                )
                .help("delete it, or require it where it is needed; it is not packed")
            })
            .collect()
    }
}
