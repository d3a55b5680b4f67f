//! An extension in a zip archive, read in place: nothing is extracted, nothing is written, and
//! only the entries the checks need (the manifest, the library modules with what they
//! require, the icon and the HTML files `viewPath`s name, never the rest of the views) are
//! decompressed, each through a reader bounded by its declared size.
//!
//! The archive is indexed from its central directory when it is opened. Archives come from
//! CI jobs and pull requests, so the index is built defensively:
//!
//! - **Broken** (no central directory, truncated, an empty file, a file that is not a zip,
//!   corrupt compressed data found while reading): a [`OpenError`] (exit 2); nothing can be
//!   said about the extension.
//! - **Guards** — more entries than [`ArchiveLimits::max_entries`] (EP020), more declared
//!   uncompressed bytes than [`ArchiveLimits::max_bytes`] (EP019), an entry compressed more
//!   than [`MAX_RATIO`]:1 (EP021), entries whose data overlap (EP022): the archive is
//!   *refused*: those findings are reported and nothing inside it is read or checked.
//! - **Entry problems** — unsafe names (EP013), duplicate names (EP014 with different
//!   contents, EP317 with the same bytes: `duplicates.rs`), symbolic links
//!   (EP015), encrypted entries (EP016), compression methods other than stored and deflate
//!   (EP017), a size that differs from the declared one (EP018, found when the entry is
//!   read): reported, and the checks go on without that entry (a duplicate keeps the last
//!   copy, which is what most extractors leave on disk).
//! - **Layout** — `./` or `\` in entry names (EP012: reported, the names are read as the
//!   platform's `/`-separated ones so the other checks still mean something; a `./` name the
//!   manifest spells so is EP318, a warning, judged in [`ExtensionSource::findings`]), the extension
//!   inside one top-level folder (EP010: reported, and the extension in that folder is
//!   checked), no extension.json anywhere usable (EP011: reported; nothing else to check).
//!
//! The files of this module, one job each:
//!
//! - `mod.rs`: [`ZipSource`] (opening an archive, and what the checks ask of it),
//!   [`ArchiveLimits`], [`is_archive_path`];
//! - `end_record.rs`: the end of central directory record, read before anything else;
//! - `index.rs`: the central directory walked, its entries classified, the guards applied, the
//!   extension's root found and the lookup tables built;
//! - `duplicates.rs`: the copies of names stored more than once, compared byte for byte;
//! - `findings.rs`: the words: the findings EP010–EP022, EP317, EP318 and the phrases they are
//!   made of;
//! - `io.rs`: positioned reads over the archive's bytes, and the pool of readers;
//! - `inflate.rs`: reading an entry's data, inflated and checked against its declared size.

mod duplicates;
mod end_record;
mod findings;
mod index;
mod inflate;
mod io;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use zip::ZipArchive;

use self::duplicates::stored_more_than_once;
use self::end_record::{EndRecord, count_central_directory, end_record, with_entry_count};
use self::findings::broken;
pub(crate) use self::findings::listing;
use self::index::read_entries;
use self::io::{FileReader, Input, Readers};
use super::{ExtensionSource, Lookup, SourceError};
use super::{MANIFEST_NAME, OpenError};
use crate::diag::Diagnostic;
use crate::paths::display as display_path;

/// Guards against hostile archives. They are not platform rules: the platform publishes no
/// size or file-count limit. They bound what extpack is willing to index and read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// The most uncompressed bytes all entries together may declare (default 1 GiB).
    pub max_bytes: u64,
    /// The most entries the archive may hold (default 100,000).
    pub max_entries: u64,
}

impl ArchiveLimits {
    pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;
    pub const DEFAULT_MAX_ENTRIES: u64 = 100_000;
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_entries: Self::DEFAULT_MAX_ENTRIES,
        }
    }
}

/// The largest compression ratio (uncompressed : compressed) accepted for an entry larger
/// than [`RATIO_FLOOR`]. Text and JavaScript compress 3–15:1, minified bundles and source maps
/// up to ~30:1; deflate cannot exceed ~1,032:1, which only runs of one repeated byte reach.
pub const MAX_RATIO: u64 = 100;

/// Entries up to this many uncompressed bytes (1 MiB) are never judged by their ratio: a small
/// file of spaces legitimately compresses more than [`MAX_RATIO`]:1 and costs nothing to read.
pub const RATIO_FLOOR: u64 = 1 << 20;

/// What the index knows about a readable file entry.
#[derive(Clone, Copy, Debug)]
struct EntryMeta {
    /// The entry's index in the crate's (de-duplicated) central directory.
    index: usize,
    /// The declared uncompressed size.
    size: u64,
    compressed: u64,
    /// Where the next entry's local header (or, for the last, the central directory) starts:
    /// the entry's data must end before it.
    next_header: u64,
}

/// An extension in a zip archive. See the module documentation for what is refused.
#[derive(Debug)]
pub struct ZipSource {
    /// The archive as the user named it (`dist/package.zip`).
    display: String,
    /// `folder/` when the extension is inside one top-level folder (EP010), else empty.
    prefix: String,
    archive: Option<Readers>,
    /// Readable file entries, relative to `prefix` (hashed: lookups are most of the work, and
    /// thousands of long names with shared prefixes make ordered maps slow to build).
    files: HashMap<String, EntryMeta>,
    /// Folders: explicit directory entries and the parents of every entry, relative to `prefix`.
    dirs: HashSet<String>,
    /// Lowercased path → the path as stored, for "did you mean" on a case mismatch; built on
    /// the first miss.
    lowercase: OnceLock<HashMap<String, String>>,
    findings: Mutex<Vec<Diagnostic>>,
    refused: AtomicBool,
    /// Entries stored with `./`, `\` or empty segments, as stored: EP012, or EP318 for a
    /// `./` name the manifest spells so (judged in [`ExtensionSource::findings`]).
    respelled: Vec<String>,
}

impl ZipSource {
    /// Opens the archive at `path` and indexes its central directory.
    pub fn open(path: &Path, limits: &ArchiveLimits) -> Result<ZipSource, OpenError> {
        let read_error = |source: std::io::Error| OpenError::reading(path, source);
        let file = File::open(path).map_err(read_error)?;
        let len = file.metadata().map_err(read_error)?.len();
        let input = Input::File(FileReader::new(file, len));
        Self::from_input(display_path(path), input, len, limits).map_err(|reason| {
            OpenError::BrokenArchive {
                path: path.to_owned(),
                reason,
            }
        })
    }

    /// Indexes an archive held in memory; `display` names it in findings.
    pub fn from_bytes(
        display: &str,
        bytes: Vec<u8>,
        limits: &ArchiveLimits,
    ) -> Result<ZipSource, OpenError> {
        let len = bytes.len() as u64;
        Self::from_input(
            display.to_owned(),
            Input::Memory(Cursor::new(Arc::from(bytes))),
            len,
            limits,
        )
        .map_err(|reason| OpenError::BrokenArchive {
            path: PathBuf::from(display),
            reason,
        })
    }

    fn from_input(
        display: String,
        mut input: Input,
        len: u64,
        limits: &ArchiveLimits,
    ) -> Result<ZipSource, String> {
        let mut source = ZipSource {
            display,
            prefix: String::new(),
            archive: None,
            files: HashMap::new(),
            dirs: HashSet::new(),
            lowercase: OnceLock::new(),
            findings: Mutex::new(Vec::new()),
            refused: AtomicBool::new(false),
            respelled: Vec::new(),
        };
        if len == 0 {
            return Err("the file is empty".to_owned());
        }
        // Before the central directory is parsed (which costs memory per entry): the count
        // its end record declares, and the count of headers it really holds (a hostile end
        // record hides entries, or a count wrapped past 65,535).
        if let Some(end) = end_record(&mut input, len) {
            let found = count_central_directory(&mut input, &end, limits.max_entries)
                .unwrap_or(end.entries);
            let count = found.max(end.entries);
            if count > limits.max_entries {
                source.refuse(findings::too_many_entries(
                    &source.display,
                    count,
                    limits.max_entries,
                ));
                return Ok(source);
            }
            if found != end.entries {
                let mismatch = findings::entry_count_mismatch(&source.display, end.entries, found);
                match recounted(input, len, &end, found, limits) {
                    Some(patched) => {
                        source.record(mismatch);
                        input = patched;
                    }
                    None => {
                        source.refuse(mismatch);
                        return Ok(source);
                    }
                }
            }
        }
        // A second reader over the same bytes, for what the zip crate does not keep: the
        // copies of names stored more than once.
        let mut raw = input.clone();
        let archive = ZipArchive::new(input).map_err(broken)?;
        let duplicates = if archive.has_duplicate_names() {
            stored_more_than_once(&mut raw, len, limits.max_entries)
        } else {
            Vec::new()
        };
        if archive.len() as u64 > limits.max_entries {
            source.refuse(findings::too_many_entries(
                &source.display,
                archive.len() as u64,
                limits.max_entries,
            ));
            return Ok(source);
        }
        let entries = read_entries(&archive)?;
        source.index(
            entries,
            duplicates,
            &raw,
            archive.central_directory_start(),
            limits,
        );
        source.archive = Some(Readers {
            template: archive,
            idle: Mutex::new(Vec::new()),
        });
        Ok(source)
    }

    fn refuse(&self, finding: Diagnostic) {
        if let Ok(mut all) = self.findings.lock() {
            all.push(finding);
        }
        self.refused.store(true, Ordering::Relaxed);
    }

    fn record(&self, finding: Diagnostic) {
        if let Ok(mut all) = self.findings.lock() {
            all.push(finding);
        }
    }

    /// An entry as shown to the user: `package.zip!/src/lib/a.js`.
    fn display_entry(&self, stored: &str) -> String {
        format!("{}!/{stored}", self.display)
    }
}

impl ExtensionSource for ZipSource {
    fn display_root(&self) -> &str {
        &self.display
    }

    fn display_path(&self, relative: &str) -> String {
        if relative.is_empty() && self.prefix.is_empty() {
            self.display.clone()
        } else {
            format!("{}!/{}{relative}", self.display, self.prefix)
        }
    }

    fn read(&self, relative: &str) -> Result<Vec<u8>, SourceError> {
        let Some(meta) = self.files.get(relative) else {
            return Err(SourceError::NotFound(self.display_path(relative)));
        };
        // A refused archive (a guard, or overlapping data found by an earlier read) is not
        // read any further.
        let Some(archive) = self.archive.as_ref().filter(|_| !self.refused()) else {
            return Err(SourceError::Unreadable(self.display_path(relative)));
        };
        let mut reader = archive.take();
        let outcome = self.read_with(&mut reader, relative, meta);
        archive.put(reader);
        outcome
    }

    fn lookup(&self, relative: &str) -> Lookup {
        if relative.is_empty() || self.dirs.contains(relative) {
            return Lookup::Dir;
        }
        if self.files.contains_key(relative) {
            return Lookup::File;
        }
        Lookup::Missing {
            case_variant: self
                .lowercase
                .get_or_init(|| {
                    let mut map = HashMap::new();
                    for path in self.files.keys().chain(self.dirs.iter()) {
                        map.entry(path.to_lowercase())
                            .or_insert_with(|| path.clone());
                    }
                    map
                })
                .get(&relative.to_lowercase())
                .cloned(),
        }
    }

    fn files_under(&self, dir: &str, skip_dirs: &[&str]) -> Vec<String> {
        self.entries_under(dir, skip_dirs, Some(false))
    }

    fn placeholders(&self, dir: &str) -> Vec<String> {
        self.entries_under(dir, &[], Some(true))
    }

    fn holds_a_file(&self, dir: &str) -> bool {
        let start = under(dir);
        self.files
            .keys()
            .any(|path| path.starts_with(&start) && below_is_kept(&path[start.len()..], &[], None))
    }

    fn nested_manifests(&self) -> Vec<String> {
        let nested = format!("/{MANIFEST_NAME}");
        let mut found: Vec<String> = self
            .files
            .keys()
            .filter_map(|path| path.strip_suffix(&nested))
            .filter(|folder| !folder.contains('/'))
            .map(str::to_owned)
            .collect();
        found.sort_unstable();
        found
    }

    fn findings(&self, manifest_paths: &[&str]) -> Vec<Diagnostic> {
        let mut found = self.findings.lock().map(|f| f.clone()).unwrap_or_default();
        // A `./` name written as the manifest spells the path (Adobe's packager does so):
        // a warning; any other respelling: an error.
        let (as_spelled, other): (Vec<String>, Vec<String>) =
            self.respelled.iter().cloned().partition(|name| {
                name.starts_with("./") && manifest_paths.contains(&name.as_str())
            });
        if !other.is_empty() {
            found.push(findings::respelled(&self.display, &other));
        }
        if !as_spelled.is_empty() {
            found.push(findings::spelled_as_in_manifest(&self.display, &as_spelled));
        }
        found
    }

    fn refused(&self) -> bool {
        self.refused.load(Ordering::Relaxed)
    }

    fn archive_entries(&self) -> Option<Vec<String>> {
        Some(self.files.keys().cloned().collect())
    }
}

impl ZipSource {
    /// The file entries under `dir`, sorted, outside folders whose name begins with `.` or is
    /// in `skip_dirs`; with `dot_name`, only those whose name does (`Some(true)`) or does not
    /// (`Some(false)`) begin with `.`.
    fn entries_under(&self, dir: &str, skip_dirs: &[&str], dot_name: Option<bool>) -> Vec<String> {
        let start = under(dir);
        let mut found: Vec<String> = self
            .files
            .keys()
            .filter(|path| {
                path.starts_with(&start) && below_is_kept(&path[start.len()..], skip_dirs, dot_name)
            })
            .cloned()
            .collect();
        found.sort_unstable();
        found
    }
}

/// `dir/`, or nothing for the root: the prefix of the paths below `dir`.
fn under(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// Whether a path below a folder is taken: no folder on the way begins with `.` or is in
/// `skip_dirs`, and its file name begins with `.` as `dot_name` asks (any, with `None`).
fn below_is_kept(below: &str, skip_dirs: &[&str], dot_name: Option<bool>) -> bool {
    let mut segments = below.split('/').peekable();
    while let Some(segment) = segments.next() {
        let dot = segment.starts_with('.');
        if segments.peek().is_some() {
            if dot || skip_dirs.contains(&segment) {
                return false;
            }
        } else if dot_name.is_some_and(|want| want != dot) {
            return false;
        }
    }
    true
}

/// Whether `path` should be read as an archive: its name ends in `.zip` (any case) and it is
/// a file.
pub fn is_archive_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        && path.is_file()
}

/// The archive in memory with its end record declaring the `found` entries of its central
/// directory, so that every one of them is indexed and checked. `None` when it cannot be done
/// (the archive is larger than the declared-bytes guard, or the count does not fit): the
/// caller refuses the archive.
fn recounted(
    mut input: Input,
    len: u64,
    end: &EndRecord,
    found: u64,
    limits: &ArchiveLimits,
) -> Option<Input> {
    if len > limits.max_bytes {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
    input.seek(SeekFrom::Start(0)).ok()?;
    input.read_to_end(&mut bytes).ok()?;
    let patched = with_entry_count(bytes, end, found)?;
    Some(Input::Memory(Cursor::new(Arc::from(patched))))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use zip::write::SimpleFileOptions;

    /// An archive of `(name, content)` entries; a name ending in `/` is a directory entry.
    pub(super) fn archive(entries: &[(&str, &str)]) -> ZipSource {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in entries {
            if let Some(dir) = name.strip_suffix('/') {
                writer
                    .add_directory(dir, SimpleFileOptions::default())
                    .unwrap();
            } else {
                writer
                    .start_file(*name, SimpleFileOptions::default())
                    .unwrap();
                writer.write_all(content.as_bytes()).unwrap();
            }
        }
        let bytes = writer.finish().unwrap().into_inner();
        ZipSource::from_bytes("pkg.zip", bytes, &ArchiveLimits::default()).unwrap()
    }

    pub(super) fn codes(source: &ZipSource) -> Vec<&'static str> {
        let mut codes: Vec<_> = source.findings(&[]).iter().map(|d| d.code()).collect();
        codes.sort_unstable();
        codes
    }

    #[test]
    fn lookups_are_case_exact_with_implied_and_explicit_folders() {
        let source = archive(&[
            ("extension.json", "{}"),
            ("src/Lib/Action.js", "x"),
            ("empty/", ""),
        ]);
        assert_eq!(source.lookup(""), Lookup::Dir);
        assert_eq!(source.lookup("src"), Lookup::Dir);
        assert_eq!(source.lookup("src/Lib"), Lookup::Dir);
        assert_eq!(source.lookup("empty"), Lookup::Dir);
        assert_eq!(source.lookup("src/Lib/Action.js"), Lookup::File);
        assert_eq!(
            source.lookup("src/lib/action.js"),
            Lookup::Missing {
                case_variant: Some("src/Lib/Action.js".to_owned())
            }
        );
        assert_eq!(
            source.lookup("src/lib"),
            Lookup::Missing {
                case_variant: Some("src/Lib".to_owned())
            }
        );
        assert_eq!(
            source.lookup("src/Lib/Action.js/x"),
            Lookup::Missing { case_variant: None }
        );
        assert_eq!(source.read("src/Lib/Action.js").unwrap(), b"x");
        assert!(matches!(
            source.read("src/lib/action.js"),
            Err(SourceError::NotFound(p)) if p == "pkg.zip!/src/lib/action.js"
        ));
        assert!(codes(&source).is_empty());
    }

    #[test]
    fn files_under_skips_dot_names_and_skipped_folders() {
        let source = archive(&[
            ("extension.json", "{}"),
            ("src/view/a.html", ""),
            ("src/view/.DS_Store", ""),
            ("src/view/.git/config", ""),
            ("src/view/css/b.css", ""),
            ("src/view/node_modules/x.js", ""),
            ("src/viewer/c.html", ""),
        ]);
        assert_eq!(
            source.files_under("src/view", &["node_modules"]),
            ["src/view/a.html", "src/view/css/b.css"]
        );
        assert_eq!(source.files_under("src/view", &[]).len(), 3);
        assert_eq!(
            source.files_under("", &[]),
            [
                "extension.json",
                "src/view/a.html",
                "src/view/css/b.css",
                "src/view/node_modules/x.js",
                "src/viewer/c.html"
            ]
        );
    }

    #[test]
    fn placeholders_count_as_files_but_are_not_listed_with_them() {
        let source = archive(&[
            ("extension.json", "{}"),
            ("src/view/", ""),
            ("src/view/.git/config", ""),
            ("src/empty/", ""),
        ]);
        assert!(!source.holds_a_file("src/view"));
        assert!(!source.holds_a_file("src/empty"));
        let source = archive(&[("extension.json", "{}"), ("src/view/sub/.gitkeep", "")]);
        assert!(source.holds_a_file("src/view"));
        assert!(source.files_under("src/view", &[]).is_empty());
        assert_eq!(source.placeholders("src/view"), ["src/view/sub/.gitkeep"]);
        assert!(source.holds_a_file(""));
    }

    #[test]
    fn display_paths_name_the_archive_and_the_entry() {
        let source = archive(&[("extension.json", "{}")]);
        assert_eq!(source.display_root(), "pkg.zip");
        assert_eq!(source.display_path(""), "pkg.zip");
        assert_eq!(source.display_path("src/a.js"), "pkg.zip!/src/a.js");
    }

    #[test]
    fn nested_manifests_are_one_level_down() {
        let source = archive(&[
            ("extension.json", "{}"),
            ("a/extension.json", "{}"),
            ("a/b/extension.json", "{}"),
        ]);
        assert_eq!(source.nested_manifests(), ["a"]);
    }
}
