//! Whether git ignores a path, read from the `.gitignore` files (and `.git/info/exclude`) of
//! the repository with the `ignore` crate — no `git` binary needed. Used to tell build output
//! (a `dist/` views folder that is not built yet) from a folder that is really missing.

use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::GitignoreBuilder;

/// Whether `path` (absolute, canonical) is ignored by the git repository it is in. A path
/// outside any repository is not ignored.
pub fn is_ignored(path: &Path, is_dir: bool) -> bool {
    let Some(repo) = path.ancestors().skip(1).find(|d| d.join(".git").exists()) else {
        return false;
    };
    // From the repository root down to the path's folder: deeper files override higher ones.
    let mut folders: Vec<PathBuf> = path
        .ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(repo))
        .map(Path::to_owned)
        .collect();
    folders.reverse();
    let mut ignored = false;
    let mut sources: Vec<(PathBuf, PathBuf)> =
        vec![(repo.to_owned(), repo.join(".git/info/exclude"))];
    sources.extend(folders.into_iter().map(|d| {
        let file = d.join(".gitignore");
        (d, file)
    }));
    for (root, file) in sources {
        if !file.is_file() {
            continue;
        }
        let mut builder = GitignoreBuilder::new(&root);
        if builder.add(&file).is_some() {
            continue;
        }
        let Ok(matcher) = builder.build() else {
            continue;
        };
        match matcher.matched_path_or_any_parents(path, is_dir) {
            Match::Ignore(_) => ignored = true,
            Match::Whitelist(_) => ignored = false,
            Match::None => {}
        }
    }
    ignored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_repositorys_gitignore_files() {
        let dir = tempfile::tempdir().unwrap();
        let repo = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("ext/src")).unwrap();
        std::fs::write(repo.join(".gitignore"), "dist/\nnode_modules\n").unwrap();
        std::fs::write(repo.join("ext/.gitignore"), "!keep/\n").unwrap();
        assert!(is_ignored(&repo.join("ext/dist"), true));
        assert!(is_ignored(&repo.join("ext/node_modules/a/b.js"), false));
        assert!(!is_ignored(&repo.join("ext/src"), true));
        assert!(
            !is_ignored(&repo.join("ext/dist"), false),
            "dist/ only matches folders"
        );
    }

    #[test]
    fn outside_a_repository_nothing_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::write(root.join(".gitignore"), "dist/\n").unwrap();
        assert!(!is_ignored(&root.join("dist"), true));
    }
}
