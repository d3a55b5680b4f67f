//! An extension in a folder on disk.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{ExtensionSource, Lookup, MANIFEST_NAME, OpenError, SourceError, findings};
use crate::diag::Diagnostic;
use crate::paths::display as display_path;

/// An extension folder on disk. Folder listings are cached, so each folder is listed at most
/// once however many references point into it; existence is decided from the listed names, so
/// it is case-exact even on case-insensitive filesystems.
#[derive(Debug)]
pub struct DirSource {
    root: PathBuf,
    /// The canonical root, to tell whether a symbolic link leaves the extension.
    canonical_root: PathBuf,
    display: String,
    listings: Mutex<HashMap<String, Option<Arc<Listing>>>>,
    /// Problems of the folder found while walking it (links to an ancestor, names that
    /// cannot be stored in an archive), each recorded once.
    findings: Mutex<BTreeMap<(&'static str, String), Diagnostic>>,
}

/// The entries of one folder, sorted by name.
#[derive(Debug)]
struct Listing {
    entries: Vec<(String, EntryType)>,
    /// Names that are not valid UTF-8, as bytes with the others escaped (`bad\xff.html`):
    /// they are in no lookup, and the walk reports them.
    not_utf8: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntryType {
    File,
    Dir,
    Symlink,
    Other,
}

/// Which files whose name begins with `.` a walk takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DotFiles {
    Skip,
    Only,
    Include,
}

impl DotFiles {
    fn takes(self, dot: bool) -> bool {
        match self {
            DotFiles::Skip => !dot,
            DotFiles::Only => dot,
            DotFiles::Include => true,
        }
    }
}

impl Listing {
    fn exact(&self, name: &str) -> Option<EntryType> {
        self.entries
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, t)| *t)
    }

    fn ignoring_case(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name) || n.to_lowercase() == name.to_lowercase())
            .map(|(n, _)| n.as_str())
    }
}

impl DirSource {
    /// Opens the folder at `path`. A path to an `extension.json` file opens its folder.
    pub fn open(path: &Path) -> Result<DirSource, OpenError> {
        let metadata =
            std::fs::metadata(path).map_err(|source| OpenError::reading(path, source))?;
        let names_manifest = path.file_name().is_some_and(|n| n == MANIFEST_NAME);
        // A folder named extension.json without one inside is the manifest's place in its
        // parent, as `check parent` reads it (and fails to, alike).
        let extension_folder =
            metadata.is_dir() && (!names_manifest || path.join(MANIFEST_NAME).exists());
        let root = if extension_folder {
            path.to_owned()
        } else if names_manifest {
            match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
                _ => PathBuf::from("."),
            }
        } else {
            return Err(OpenError::NotADirectory {
                path: path.to_owned(),
            });
        };
        let canonical_root = std::fs::canonicalize(&root).map_err(|source| OpenError::Read {
            path: root.clone(),
            source,
        })?;
        let display = display_path(&root);
        Ok(DirSource {
            root,
            canonical_root,
            display,
            listings: Mutex::new(HashMap::new()),
            findings: Mutex::new(BTreeMap::new()),
        })
    }

    /// The extension folder, canonicalised (symbolic links and `..` resolved).
    pub fn canonical_root(&self) -> &Path {
        &self.canonical_root
    }

    /// The path on disk of a file inside the extension.
    pub fn path_of(&self, relative: &str) -> PathBuf {
        if relative.is_empty() {
            self.root.clone()
        } else {
            self.root.join(relative)
        }
    }

    /// The cached listing of a folder (`None` when it cannot be listed).
    fn listing(&self, relative_dir: &str) -> Option<Arc<Listing>> {
        if let Ok(cache) = self.listings.lock()
            && let Some(found) = cache.get(relative_dir)
        {
            return found.clone();
        }
        let listing = std::fs::read_dir(self.path_of(relative_dir))
            .ok()
            .map(|entries| {
                let mut listed = Listing {
                    entries: Vec::new(),
                    not_utf8: Vec::new(),
                };
                for e in entries.filter_map(Result::ok) {
                    let kind = match e.file_type() {
                        Ok(t) if t.is_symlink() => EntryType::Symlink,
                        Ok(t) if t.is_dir() => EntryType::Dir,
                        Ok(t) if t.is_file() => EntryType::File,
                        _ => EntryType::Other,
                    };
                    match e.file_name().into_string() {
                        Ok(name) => listed.entries.push((name, kind)),
                        Err(raw) => listed
                            .not_utf8
                            .push(raw.as_encoded_bytes().escape_ascii().to_string()),
                    }
                }
                listed.entries.sort_by(|a, b| a.0.cmp(&b.0));
                listed.not_utf8.sort();
                Arc::new(listed)
            });
        if let Ok(mut cache) = self.listings.lock() {
            cache.insert(relative_dir.to_owned(), listing.clone());
        }
        listing
    }

    /// Where a symbolic link inside the extension leads: its kind, or None when it leaves
    /// the extension (or is broken).
    fn follow_link(&self, relative: &str) -> Result<EntryType, Lookup> {
        let Ok(target) = std::fs::canonicalize(self.path_of(relative)) else {
            return Err(Lookup::Missing { case_variant: None });
        };
        if !target.starts_with(&self.canonical_root) {
            return Err(Lookup::LinkOutside);
        }
        match std::fs::metadata(&target) {
            Ok(m) if m.is_dir() => Ok(EntryType::Dir),
            Ok(m) if m.is_file() => Ok(EntryType::File),
            Ok(_) => Ok(EntryType::Other),
            Err(_) => Err(Lookup::Missing { case_variant: None }),
        }
    }

    /// What is at a path, links followed: the kind of the entry, or why there is none
    /// (missing, with the case variant when there is one; a link that leaves the extension).
    fn entry_kind(&self, relative: &str) -> Result<EntryType, Lookup> {
        let components: Vec<&str> = relative.split('/').filter(|c| !c.is_empty()).collect();
        let mut dir = String::new();
        let mut kind = EntryType::Dir;
        for (i, component) in components.iter().enumerate() {
            if kind != EntryType::Dir {
                return Err(Lookup::Missing { case_variant: None });
            }
            let Some(listing) = self.listing(&dir) else {
                return Err(Lookup::Missing { case_variant: None });
            };
            let path = if dir.is_empty() {
                (*component).to_owned()
            } else {
                format!("{dir}/{component}")
            };
            kind = match listing.exact(component) {
                Some(EntryType::Symlink) => self.follow_link(&path)?,
                Some(k) => k,
                None => {
                    return Err(Lookup::Missing {
                        case_variant: self
                            .case_variant(&components)
                            .filter(|v| i < components.len() && v.as_str() != relative),
                    });
                }
            };
            dir = path;
        }
        Ok(kind)
    }

    /// The files under `dir`, sorted, at most `limit` of them (the walk stops there): folders
    /// whose name begins with `.` or is in `skip_dirs` are not entered; files whose name begins
    /// with `.` are taken as `dot_files` says. A link to a folder is followed at most once per
    /// real folder it leads to, and a link to a folder that holds it (a loop) is reported
    /// (EP210), not followed, so the walk always ends; a name that cannot be stored in an
    /// archive is reported (EP211) and left out; links that leave the extension are left out.
    fn walk(
        &self,
        dir: &str,
        skip_dirs: &[&str],
        dot_files: DotFiles,
        limit: usize,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let Ok(real_start) = std::fs::canonicalize(self.path_of(dir)) else {
            return out;
        };
        // The real folders links have led to: each is followed once.
        let mut followed = BTreeSet::new();
        let mut pending = vec![(dir.to_owned(), real_start)];
        while let Some((current, real)) = pending.pop() {
            let Some(listing) = self.listing(&current) else {
                continue;
            };
            let join = |name: &str| {
                if current.is_empty() {
                    name.to_owned()
                } else {
                    format!("{current}/{name}")
                }
            };
            for raw in &listing.not_utf8 {
                let path = join(raw);
                self.record(
                    &path,
                    findings::unsafe_name(&self.display_path(&path), "is not valid UTF-8"),
                );
            }
            for (name, kind) in &listing.entries {
                let dot = name.starts_with('.');
                if dot && dot_files == DotFiles::Skip && *kind != EntryType::Dir {
                    continue;
                }
                let path = join(name);
                if let Some(why) = unsafe_name_reason(name) {
                    self.record(&path, findings::unsafe_name(&self.display_path(&path), why));
                    continue;
                }
                let (kind, real_child) = match kind {
                    EntryType::Symlink => match self.follow_link(&path) {
                        Ok(EntryType::Dir) => {
                            let Ok(target) = std::fs::canonicalize(self.path_of(&path)) else {
                                continue;
                            };
                            if real.starts_with(&target) {
                                self.record(
                                    &path,
                                    findings::link_to_ancestor(&self.display_path(&path)),
                                );
                                continue;
                            }
                            // A second link to a folder already followed is not.
                            if !followed.insert(target.clone()) {
                                continue;
                            }
                            (EntryType::Dir, target)
                        }
                        Ok(k) => (k, real.join(name)),
                        Err(_) => continue,
                    },
                    k => (*k, real.join(name)),
                };
                match kind {
                    EntryType::File if dot_files.takes(dot) => {
                        out.push(path);
                        if out.len() >= limit {
                            out.sort();
                            return out;
                        }
                    }
                    EntryType::Dir if !dot && !skip_dirs.contains(&name.as_str()) => {
                        pending.push((path, real_child));
                    }
                    _ => {}
                }
            }
        }
        out.sort();
        out
    }

    /// Records a problem of the folder (once per code and path).
    fn record(&self, path: &str, finding: Diagnostic) {
        if let Ok(mut findings) = self.findings.lock() {
            findings
                .entry((finding.rule.code, path.to_owned()))
                .or_insert(finding);
        }
    }

    /// A path that names an existing entry when letter case is ignored.
    fn case_variant(&self, components: &[&str]) -> Option<String> {
        let mut dir = String::new();
        for component in components {
            let listing = self.listing(&dir)?;
            let name = listing.ignoring_case(component)?;
            dir = if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            };
        }
        Some(dir)
    }
}

impl ExtensionSource for DirSource {
    fn display_root(&self) -> &str {
        &self.display
    }

    fn display_path(&self, relative: &str) -> String {
        crate::paths::shown_inside(&self.display, relative)
    }

    /// Reads a regular file inside the extension. A link that leaves the extension is never
    /// followed ([`SourceError::Outside`]), and a FIFO, socket or device is never opened for
    /// reading in a way that could block.
    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError> {
        let io = |source| SourceError::Io {
            path: self.display_path(relative),
            source,
        };
        match self.entry_kind(relative) {
            Ok(EntryType::File) => {}
            Ok(EntryType::Dir) => return Err(io(std::io::Error::other("it is a folder"))),
            Ok(_) => return Err(io(not_a_regular_file())),
            Err(Lookup::LinkOutside) => {
                return Err(SourceError::Outside(self.display_path(relative)));
            }
            Err(_) => return Err(SourceError::NotFound(self.display_path(relative))),
        }
        read_regular_file(&self.path_of(relative)).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                SourceError::NotFound(self.display_path(relative))
            } else {
                io(source)
            }
        })
    }

    fn lookup(&self, relative: &str) -> Lookup {
        match self.entry_kind(relative) {
            Ok(EntryType::Dir) => Lookup::Dir,
            Ok(EntryType::File) => Lookup::File,
            Ok(_) => Lookup::Missing { case_variant: None },
            Err(lookup) => lookup,
        }
    }

    fn files_under(&self, dir: &str, skip_dirs: &[&str]) -> Vec<String> {
        self.walk(dir, skip_dirs, DotFiles::Skip, usize::MAX)
    }

    fn placeholders(&self, dir: &str) -> Vec<String> {
        self.walk(dir, &[], DotFiles::Only, usize::MAX)
    }

    fn holds_a_file(&self, dir: &str) -> bool {
        !self.walk(dir, &[], DotFiles::Include, 1).is_empty()
    }

    fn findings(&self, _manifest_paths: &[&str]) -> Vec<Diagnostic> {
        self.findings
            .lock()
            .map(|f| f.values().cloned().collect())
            .unwrap_or_default()
    }

    fn children(&self, dir: &str) -> Vec<(String, bool)> {
        let Some(listing) = self.listing(dir) else {
            return Vec::new();
        };
        listing
            .entries
            .iter()
            .filter(|(name, _)| !name.starts_with('.'))
            .filter_map(|(name, kind)| {
                let path = if dir.is_empty() {
                    name.clone()
                } else {
                    format!("{dir}/{name}")
                };
                let kind = match kind {
                    EntryType::Symlink => self.follow_link(&path).ok()?,
                    k => *k,
                };
                match kind {
                    EntryType::File => Some((name.clone(), false)),
                    EntryType::Dir => Some((name.clone(), true)),
                    _ => None,
                }
            })
            .collect()
    }

    fn is_git_ignored(&self, relative: &str) -> bool {
        crate::gitignore::is_ignored(&self.canonical_root.join(relative), true)
    }

    fn nested_manifests(&self) -> Vec<String> {
        let Some(listing) = self.listing("") else {
            return Vec::new();
        };
        listing
            .entries
            .iter()
            .filter(|(_, t)| matches!(t, EntryType::Dir | EntryType::Symlink))
            .filter(|(name, _)| self.path_of(name).join(MANIFEST_NAME).is_file())
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// Why a file name cannot be stored safely in an archive: the platform's servers and the
/// tools that unpack archives read a backslash as a separator, and a control character
/// changes what a terminal shows.
fn unsafe_name_reason(name: &str) -> Option<&'static str> {
    if name.contains('\\') {
        Some("holds a backslash")
    } else if name.chars().any(char::is_control) {
        Some("holds a control character")
    } else {
        None
    }
}

fn not_a_regular_file() -> std::io::Error {
    std::io::Error::other("it is not a regular file (a FIFO, socket or device)")
}

/// Reads a file that must be a regular file: opened without blocking (a FIFO would wait for a
/// writer forever), then refused unless it is a regular file.
pub fn read_regular_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_a_regular_file());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_count_as_files_but_are_not_listed_with_them() {
        let dir = tempfile::tempdir().unwrap();
        let views = dir.path().join("src/view");
        std::fs::create_dir_all(views.join(".git")).unwrap();
        std::fs::create_dir_all(views.join("sub")).unwrap();
        std::fs::write(views.join(".git/config"), "").unwrap();
        let source = DirSource::open(dir.path()).unwrap();
        assert!(!source.holds_a_file("src/view"));
        std::fs::write(views.join("sub/.gitkeep"), "").unwrap();
        let source = DirSource::open(dir.path()).unwrap();
        assert!(source.holds_a_file("src/view"));
        assert!(source.files_under("src/view", &[]).is_empty());
        assert_eq!(source.placeholders("src/view"), ["src/view/sub/.gitkeep"]);
        std::fs::write(views.join("a.html"), "").unwrap();
        let source = DirSource::open(dir.path()).unwrap();
        assert_eq!(source.files_under("src/view", &[]), ["src/view/a.html"]);
        assert!(source.holds_a_file("src/view"));
    }

    #[test]
    fn lookups_are_case_exact_and_suggest_the_real_case() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src/Lib")).unwrap();
        std::fs::write(dir.path().join("src/Lib/Action.js"), "").unwrap();
        let source = DirSource::open(dir.path()).unwrap();
        assert_eq!(source.lookup("src/Lib/Action.js"), Lookup::File);
        assert_eq!(source.lookup("src/Lib"), Lookup::Dir);
        assert_eq!(source.lookup(""), Lookup::Dir);
        assert_eq!(
            source.lookup("src/lib/action.js"),
            Lookup::Missing {
                case_variant: Some("src/Lib/Action.js".to_owned())
            }
        );
        assert_eq!(
            source.lookup("src/lib/other.js"),
            Lookup::Missing { case_variant: None }
        );
        assert_eq!(
            source.lookup("src/Lib/Action.js/x"),
            Lookup::Missing { case_variant: None }
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_are_followed_and_links_outside_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.js"), "").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("real.js"), "").unwrap();
        std::os::unix::fs::symlink(dir.path().join("real.js"), dir.path().join("inside.js"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.js"), dir.path().join("out.js"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("outdir")).unwrap();
        let source = DirSource::open(dir.path()).unwrap();
        assert_eq!(source.lookup("inside.js"), Lookup::File);
        assert_eq!(source.lookup("out.js"), Lookup::LinkOutside);
        assert_eq!(source.lookup("outdir/secret.js"), Lookup::LinkOutside);
    }
}
