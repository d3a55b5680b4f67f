//! Finding extensions in a repository: every folder below a root that holds an
//! `extension.json` (for `check --all`), and the extensions that changed files belong to (for
//! the pre-commit hook).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::source::MANIFEST_NAME;

/// Folders never searched: dependencies and version control.
const SKIPPED: [&str; 2] = ["node_modules", ".git"];

/// Every folder below `root` (itself included) that holds an `extension.json`, sorted.
/// Hidden folders, `node_modules` and what `.gitignore` files exclude are not searched (read
/// with the `ignore` crate, no `git` needed).
pub fn extensions_below(root: &Path) -> Vec<PathBuf> {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .filter_entry(|e| !SKIPPED.iter().any(|s| e.file_name() == *s))
        .build();
    let mut found: Vec<PathBuf> = walker
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == MANIFEST_NAME && e.file_type().is_some_and(|t| t.is_file()))
        .filter_map(|e| e.path().parent().map(Path::to_owned))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The extensions the given files belong to: for each file, the nearest folder at or above it
/// (up to `root`) that holds an `extension.json` in the working tree. Files outside every
/// extension, and files in `node_modules` or `.git`, are ignored.
pub fn extensions_of(root: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
    extensions_of_with(root, files, &|dir| dir.join(MANIFEST_NAME).is_file())
}

/// [`extensions_of`], where `has_manifest` tells whether a folder holds an `extension.json`
/// (in the working tree, or in the git index for the pre-commit hook).
pub fn extensions_of_with(
    root: &Path,
    files: &[PathBuf],
    has_manifest: &dyn Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    let mut found = BTreeSet::new();
    for file in files {
        if file
            .components()
            .any(|c| SKIPPED.iter().any(|s| c.as_os_str() == *s))
        {
            continue;
        }
        let start = if file.is_absolute() {
            file.clone()
        } else {
            root.join(file)
        };
        let mut dir = start.parent();
        while let Some(d) = dir {
            if has_manifest(d) {
                found.insert(d.to_owned());
                break;
            }
            if d == root || !d.starts_with(root) {
                break;
            }
            dir = d.parent();
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "{}").unwrap();
    }

    #[test]
    fn finds_extensions_but_not_in_ignored_or_dependency_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("a/extension.json"));
        touch(&root.join("packages/b/extension.json"));
        touch(&root.join("node_modules/c/extension.json"));
        touch(&root.join(".hidden/d/extension.json"));
        touch(&root.join("build/e/extension.json"));
        std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
        let found: Vec<PathBuf> = extensions_below(root)
            .into_iter()
            .map(|p| p.strip_prefix(root).unwrap().to_owned())
            .collect();
        assert_eq!(found, [PathBuf::from("a"), PathBuf::from("packages/b")]);
    }

    #[test]
    fn maps_files_to_their_extension() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("a/extension.json"));
        touch(&root.join("a/src/lib/x.js"));
        touch(&root.join("b/extension.json"));
        let files = [
            PathBuf::from("a/src/lib/x.js"),
            PathBuf::from("a/extension.json"),
            PathBuf::from("b/README.md"),
            PathBuf::from("docs/other.md"),
            PathBuf::from("a/node_modules/p/extension.json"),
        ];
        assert_eq!(
            extensions_of(root, &files),
            [root.join("a"), root.join("b")]
        );
    }
}
