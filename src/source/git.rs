//! An extension as the git index holds it: what `git commit` is about to record, not what the
//! working tree holds. The pre-commit hook checks this, so that a change staged with
//! `git add -p` is checked as staged, a file deleted in the index is missing, and an unstaged
//! edit (broken or not) plays no part.
//!
//! [`GitIndex`] lists the index once (`git ls-files --stage -z`, stage 0 entries) and reads
//! staged blobs through `git cat-file --batch` processes, started on the first read and kept
//! for the run (one per thread reading at the same time). [`IndexSource`] is one extension
//! folder of it. Paths the index does not hold are looked up in the working tree only where
//! git ignores them: build output (`dist/`) is never staged, and is read from where the build
//! wrote it, or found missing there as when checking the folder.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use super::{DirSource, ExtensionSource, Lookup, MANIFEST_NAME, SourceError};
use crate::paths;

/// `git` could not be run, or said no.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct GitError {
    pub message: String,
}

/// Runs git in `dir` and returns its standard output.
pub fn git_output(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|source| GitError {
            message: format!("cannot run git: {source}"),
        })?;
    if !output.status.success() {
        return Err(GitError {
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(output.stdout)
}

/// What an index entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A regular file (mode 100644 or 100755).
    File,
    /// A symbolic link (mode 120000): its blob is the link's target.
    Link,
    /// A submodule (mode 160000): a folder whose files are not in this index.
    Submodule,
}

#[derive(Clone, Debug)]
struct Entry {
    kind: Kind,
    oid: String,
}

/// The staged files of a repository, and the processes that read their contents.
#[derive(Debug)]
pub struct GitIndex {
    /// The top of the work tree, canonical.
    top: PathBuf,
    /// Stage-0 entries by repository-relative path.
    entries: HashMap<String, Entry>,
    /// Every folder that holds an entry, repository-relative (the root is `""`).
    dirs: HashSet<String>,
    /// Lowercased path → the path as staged, for "did you mean"; built on the first miss.
    lowercase: OnceLock<HashMap<String, String>>,
    has_links: bool,
    /// Idle `git cat-file --batch` processes.
    readers: Mutex<Vec<CatFile>>,
}

impl GitIndex {
    /// Lists the index of the repository whose work tree's top is `top`.
    pub fn read(top: &Path) -> Result<GitIndex, GitError> {
        let listing = git_output(top, &["ls-files", "--stage", "-z"])?;
        let top = std::fs::canonicalize(top).map_err(|e| GitError {
            message: format!("cannot read `{}`: {e}", top.display()),
        })?;
        Ok(Self::from_listing(top, &listing))
    }

    /// The index from the output of `git ls-files --stage -z`: `<mode> <oid> <stage>\t<path>`
    /// records. Unmerged entries (stages 1–3) are left out: git commits none of them.
    fn from_listing(top: PathBuf, listing: &[u8]) -> GitIndex {
        let mut entries = HashMap::new();
        let mut dirs = HashSet::from([String::new()]);
        let mut has_links = false;
        for record in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
            let text = String::from_utf8_lossy(record);
            let Some((meta, path)) = text.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split(' ');
            let (Some(mode), Some(oid), Some("0")) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let kind = match mode {
                "120000" => Kind::Link,
                "160000" => Kind::Submodule,
                _ => Kind::File,
            };
            has_links |= kind == Kind::Link;
            let mut parent = paths::parent(path);
            while dirs.insert(parent.to_owned()) {
                parent = paths::parent(parent);
            }
            if kind == Kind::Submodule {
                dirs.insert(path.to_owned());
            }
            entries.insert(
                path.to_owned(),
                Entry {
                    kind,
                    oid: oid.to_owned(),
                },
            );
        }
        GitIndex {
            top,
            entries,
            dirs,
            lowercase: OnceLock::new(),
            has_links,
            readers: Mutex::new(Vec::new()),
        }
    }

    /// The top of the work tree, canonical.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// Whether the index holds a regular file at a repository-relative path.
    pub fn has_file(&self, path: &str) -> bool {
        self.entries.get(path).is_some_and(|e| e.kind == Kind::File)
    }

    /// The extension folder `folder` (repository-relative, `""` for the top) as staged;
    /// `shown` is how it is named to the user.
    pub fn extension(self: &Arc<Self>, folder: &str, shown: &Path) -> IndexSource {
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        IndexSource {
            index: Arc::clone(self),
            root: self.top.join(folder),
            display: paths::display(shown),
            worktree: DirSource::open(&self.top.join(folder)).ok(),
            prefix,
        }
    }

    /// The contents of a staged blob.
    fn blob(&self, oid: &str) -> std::io::Result<Vec<u8>> {
        let idle = self.readers.lock().ok().and_then(|mut r| r.pop());
        let mut reader = match idle {
            Some(reader) => reader,
            None => CatFile::start(&self.top)?,
        };
        let bytes = reader.read(oid)?;
        if let Ok(mut readers) = self.readers.lock() {
            readers.push(reader);
        }
        Ok(bytes)
    }

    fn case_variant(&self, path: &str) -> Option<String> {
        self.lowercase
            .get_or_init(|| {
                let mut map = HashMap::new();
                for path in self.entries.keys().chain(self.dirs.iter()) {
                    map.entry(path.to_lowercase())
                        .or_insert_with(|| path.clone());
                }
                map
            })
            .get(&path.to_lowercase())
            .cloned()
    }
}

/// One `git cat-file --batch` process: an object id in, `<oid> <type> <size>`, the bytes and
/// a line feed out.
#[derive(Debug)]
struct CatFile {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl CatFile {
    fn start(top: &Path) -> std::io::Result<CatFile> {
        let mut child = Command::new("git")
            .current_dir(top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(std::io::Error::other("git cat-file has no pipes"));
        };
        Ok(CatFile {
            child,
            input,
            output: BufReader::new(output),
        })
    }

    fn read(&mut self, oid: &str) -> std::io::Result<Vec<u8>> {
        writeln!(self.input, "{oid}")?;
        self.input.flush()?;
        let mut header = String::new();
        self.output.read_line(&mut header)?;
        let size = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("git cat-file: {}", header.trim()),
                )
            })?;
        let mut bytes = vec![0; size + 1];
        self.output.read_exact(&mut bytes)?;
        bytes.pop();
        Ok(bytes)
    }
}

impl Drop for CatFile {
    fn drop(&mut self) {
        // The process holds nothing worth finishing: end it, and reap it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a path inside the extension is in the index, once symbolic links are followed.
enum Staged {
    File(String),
    Dir,
    /// Not in the index: untracked, deleted, or build output.
    Absent,
    /// Inside the index's view, but not something that can be read (a path through a file).
    Missing,
    LinkOutside,
}

/// One extension folder as staged. See the module documentation.
#[derive(Debug)]
pub struct IndexSource {
    index: Arc<GitIndex>,
    /// The folder, repository-relative, with a trailing `/` (empty for the top).
    prefix: String,
    /// The folder in the work tree.
    root: PathBuf,
    display: String,
    /// The folder in the work tree, for build output; `None` when it is not there.
    worktree: Option<DirSource>,
}

impl IndexSource {
    /// The staged files under `dir` (not submodules) whose path below it `keep` accepts, as
    /// paths of the extension, sorted.
    fn staged_under(&self, dir: &str, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let start = match dir {
            "" => self.prefix.clone(),
            dir => format!("{}{dir}/", self.prefix),
        };
        let mut found: Vec<String> = self
            .index
            .entries
            .iter()
            .filter(|(path, e)| e.kind != Kind::Submodule && path.starts_with(&start))
            .filter(|(path, _)| keep(&path[start.len()..]))
            .map(|(path, _)| path[self.prefix.len()..].to_owned())
            .collect();
        found.sort_unstable();
        found
    }

    /// The folder in the work tree (relative paths of the configuration resolve from it).
    pub fn worktree_root(&self) -> &Path {
        &self.root
    }

    /// Follows the path through the index, symbolic links included (up to 40 of them, as
    /// the kernel does), never leaving the extension.
    fn staged(&self, relative: &str) -> Staged {
        let mut path = relative.to_owned();
        for _ in 0..40 {
            let full = format!("{}{path}", self.prefix);
            let full = full.trim_end_matches('/');
            match self.index.entries.get(full) {
                Some(e) if e.kind == Kind::File => return Staged::File(e.oid.clone()),
                Some(e) if e.kind == Kind::Submodule => return Staged::Dir,
                Some(_) => {}
                None if self.index.dirs.contains(full) => return Staged::Dir,
                None if !self.index.has_links => return Staged::Absent,
                None => {}
            }
            // A link on the way: the first component that is one, replaced by its target.
            let components: Vec<&str> = path.split('/').collect();
            let mut so_far = String::new();
            let mut replaced = None;
            for (i, component) in components.iter().enumerate() {
                so_far = if so_far.is_empty() {
                    (*component).to_owned()
                } else {
                    format!("{so_far}/{component}")
                };
                match self.index.entries.get(&format!("{}{so_far}", self.prefix)) {
                    Some(e) if e.kind == Kind::Link => {
                        let Ok(target) = self.index.blob(&e.oid) else {
                            return Staged::Missing;
                        };
                        let target = String::from_utf8_lossy(&target).into_owned();
                        let Ok(resolved) = paths::resolve_from(&so_far, &target) else {
                            return Staged::LinkOutside;
                        };
                        let rest = components[i + 1..].join("/");
                        replaced = Some(if rest.is_empty() {
                            resolved
                        } else {
                            format!("{resolved}/{rest}")
                        });
                        break;
                    }
                    Some(_) if i + 1 < components.len() => return Staged::Missing,
                    _ => {}
                }
            }
            match replaced {
                Some(next) => path = next,
                None => return Staged::Absent,
            }
        }
        Staged::Missing
    }

    /// Whether a path the index does not hold is build output, to be found in the work tree.
    fn build_output(&self, relative: &str) -> Option<&DirSource> {
        self.worktree
            .as_ref()
            .filter(|_| !relative.is_empty() && self.is_git_ignored(relative))
    }
}

impl ExtensionSource for IndexSource {
    fn display_root(&self) -> &str {
        &self.display
    }

    fn display_path(&self, relative: &str) -> String {
        crate::paths::shown_inside(&self.display, relative)
    }

    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError> {
        match self.staged(relative) {
            Staged::File(oid) => self.index.blob(&oid).map_err(|source| SourceError::Io {
                path: self.display_path(relative),
                source,
            }),
            Staged::Absent => match self.build_output(relative) {
                Some(worktree) => worktree.read(relative),
                None => Err(SourceError::NotFound(self.display_path(relative))),
            },
            _ => Err(SourceError::NotFound(self.display_path(relative))),
        }
    }

    fn lookup(&self, relative: &str) -> Lookup {
        match self.staged(relative) {
            Staged::File(_) => Lookup::File,
            Staged::Dir => Lookup::Dir,
            Staged::LinkOutside => Lookup::LinkOutside,
            Staged::Missing => Lookup::Missing { case_variant: None },
            Staged::Absent => match self.build_output(relative) {
                Some(worktree) => worktree.lookup(relative),
                None => Lookup::Missing {
                    case_variant: self
                        .index
                        .case_variant(&format!("{}{relative}", self.prefix))
                        .and_then(|v| v.strip_prefix(&self.prefix).map(str::to_owned))
                        .filter(|v| v != relative),
                },
            },
        }
    }

    fn files_under(&self, dir: &str, skip_dirs: &[&str]) -> Vec<String> {
        if let Some(worktree) = self.build_output(dir) {
            return worktree.files_under(dir, skip_dirs);
        }
        self.staged_under(dir, |below| {
            let mut segments = below.split('/').peekable();
            while let Some(segment) = segments.next() {
                let is_folder = segments.peek().is_some();
                if segment.starts_with('.') || (is_folder && skip_dirs.contains(&segment)) {
                    return false;
                }
            }
            true
        })
        .into_iter()
        .filter(|path| self.lookup(path) == Lookup::File)
        .collect()
    }

    /// Staged files whose own name begins with `.` (a `.gitkeep` that keeps a views folder),
    /// outside folders whose name begins with `.`.
    fn placeholders(&self, dir: &str) -> Vec<String> {
        if let Some(worktree) = self.build_output(dir) {
            return worktree.placeholders(dir);
        }
        self.staged_under(dir, |below| {
            let (folders, name) = below.rsplit_once('/').unwrap_or(("", below));
            name.starts_with('.') && !folders.split('/').any(|f| f.starts_with('.'))
        })
    }

    fn is_git_ignored(&self, relative: &str) -> bool {
        crate::gitignore::is_ignored(&self.root.join(relative), true)
    }

    fn nested_manifests(&self) -> Vec<String> {
        let nested = format!("/{MANIFEST_NAME}");
        let mut found: Vec<String> = self
            .index
            .entries
            .keys()
            .filter_map(|path| path.strip_prefix(&self.prefix))
            .filter_map(|path| path.strip_suffix(&nested))
            .filter(|folder| !folder.contains('/'))
            .map(str::to_owned)
            .collect();
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(records: &[(&str, &str)]) -> Arc<GitIndex> {
        let mut listing = Vec::new();
        for (mode, path) in records {
            listing.extend_from_slice(format!("{mode} 0123abcd 0\t{path}\0").as_bytes());
        }
        listing.extend_from_slice(b"100644 ffff 2\tconflicted.js\0");
        Arc::new(GitIndex::from_listing(PathBuf::from("/nowhere"), &listing))
    }

    #[test]
    fn the_listing_gives_files_folders_and_case_variants() {
        let index = index(&[
            ("100644", "ext/extension.json"),
            ("100755", "ext/src/Lib/Action.js"),
            ("160000", "ext/vendor"),
            ("100644", "ext/nested/extension.json"),
        ]);
        assert!(index.has_file("ext/extension.json"));
        assert!(
            !index.has_file("conflicted.js"),
            "unmerged entries are left out"
        );
        let source = index.extension("ext", Path::new("ext"));
        assert_eq!(source.lookup("src/Lib/Action.js"), Lookup::File);
        assert_eq!(source.lookup("src/Lib"), Lookup::Dir);
        assert_eq!(source.lookup("vendor"), Lookup::Dir);
        assert_eq!(source.lookup(""), Lookup::Dir);
        assert_eq!(
            source.lookup("src/lib/action.js"),
            Lookup::Missing {
                case_variant: Some("src/Lib/Action.js".to_owned())
            }
        );
        assert_eq!(
            source.lookup("src/Lib/Action.js/x"),
            Lookup::Missing { case_variant: None }
        );
        assert_eq!(source.display_path("extension.json"), "ext/extension.json");
        assert_eq!(
            source.files_under("", &[]),
            [
                "extension.json",
                "nested/extension.json",
                "src/Lib/Action.js"
            ]
        );
        assert_eq!(source.files_under("src", &["Lib"]), Vec::<String>::new());
        assert_eq!(source.nested_manifests(), ["nested"]);
    }
}
