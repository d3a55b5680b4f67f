//! Indexing the central directory when the archive is opened: every entry read, classified
//! (unsafe name, respelled name, symbolic link, encrypted, unsupported method, compressed like
//! a bomb), the guards applied, the extension's root found and the lookup tables built. The
//! words of the findings are in findings.rs.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use zip::{CompressionMethod, ZipArchive};

use super::duplicates::{Copy, same_bytes};
use super::findings::{self, broken, shown};
use super::io::Input;
use super::{ArchiveLimits, EntryMeta, MAX_RATIO, RATIO_FLOOR, ZipSource};
use crate::diag::Diagnostic;
use crate::source::MANIFEST_NAME;

/// The size of a local file header without its variable fields.
const LOCAL_HEADER_LEN: u64 = 30;

/// One entry of the central directory as read at open time.
pub(super) struct RawEntry {
    index: usize,
    /// The stored name's length in bytes, and whether it holds a NUL byte.
    raw_len: usize,
    raw_nul: bool,
    name: String,
    is_dir: bool,
    is_symlink: bool,
    encrypted: bool,
    method: CompressionMethod,
    size: u64,
    compressed: u64,
    header_start: u64,
    crc: u32,
}

/// Every entry of the central directory, from the crate's index (names as stored).
pub(super) fn read_entries(archive: &ZipArchive<Input>) -> Result<Vec<RawEntry>, String> {
    (0..archive.len())
        .map(|index| {
            let entry = archive.by_index_data(index).map_err(broken)?;
            let raw = entry.name_raw();
            let name = match entry.name() {
                Ok(name) => name.into_owned(),
                Err(_) => String::from_utf8_lossy(raw).into_owned(),
            };
            Ok(RawEntry {
                index,
                is_dir: entry.is_dir(),
                is_symlink: entry.is_symlink(),
                encrypted: entry.encrypted(),
                method: entry.compression(),
                size: entry.size(),
                compressed: entry.compressed_size(),
                header_start: entry.header_start(),
                crc: entry.crc32(),
                raw_len: raw.len(),
                raw_nul: raw.contains(&0),
                name,
            })
        })
        .collect()
}

/// What classifying the entries found: the entries with a problem, by kind, and the entries
/// kept for the lookup tables (named as the platform reads them).
#[derive(Default)]
struct Classified<'a> {
    unsafe_names: Vec<String>,
    respelled: Vec<String>,
    links: Vec<String>,
    encrypted: Vec<String>,
    unsupported: Vec<(String, CompressionMethod)>,
    /// `(name, size, compressed size)`.
    bombs: Vec<(String, u64, u64)>,
    /// The uncompressed bytes all entries declare together.
    total: u64,
    /// `(name, is a folder, entry)`.
    kept: Vec<(String, bool, &'a RawEntry)>,
}

/// Sorts every entry: unsafe, a link, encrypted or compressed with an unsupported method
/// (left out), respelled or compressed like a bomb (noted), and kept.
fn classify(entries: &[RawEntry]) -> Classified<'_> {
    let mut found = Classified::default();
    for entry in entries {
        found.total = found.total.saturating_add(entry.size);
        if entry.raw_nul || is_unsafe(&entry.name) {
            found.unsafe_names.push(shown(&entry.name));
            continue;
        }
        let normalized = normalize_entry_name(&entry.name);
        if normalized != entry.name.trim_end_matches(['/', '\\']) {
            found.respelled.push(entry.name.clone());
        }
        if entry.is_symlink {
            found.links.push(normalized);
            continue;
        }
        if entry.encrypted {
            found.encrypted.push(normalized);
            continue;
        }
        if !entry.is_dir
            && entry.method != CompressionMethod::Stored
            && entry.method != CompressionMethod::Deflated
        {
            found.unsupported.push((normalized, entry.method));
            continue;
        }
        if !entry.is_dir
            && entry.size > RATIO_FLOOR
            && entry.size > entry.compressed.saturating_mul(MAX_RATIO)
        {
            found
                .bombs
                .push((normalized.clone(), entry.size, entry.compressed));
        }
        if !normalized.is_empty() {
            found.kept.push((normalized, entry.is_dir, entry));
        }
    }
    found
}

/// The names stored more than once — as stored, or once `./` and `\` are read as `/` —
/// with every copy, by the name the platform reads.
fn stored_copies(
    duplicates: Vec<(Vec<u8>, Vec<Copy>)>,
    kept: &[(String, bool, &RawEntry)],
) -> BTreeMap<String, Vec<Copy>> {
    let mut groups: BTreeMap<String, Vec<Copy>> = BTreeMap::new();
    for (raw, copies) in duplicates {
        let name = String::from_utf8_lossy(&raw);
        let key = if raw.contains(&0) || is_unsafe(&name) {
            shown(&name)
        } else {
            normalize_entry_name(&name)
        };
        groups.entry(key).or_default().extend(copies);
    }
    let mut files: BTreeMap<&str, Vec<Copy>> = BTreeMap::new();
    for (name, is_dir, entry) in kept {
        if !is_dir {
            files.entry(name).or_default().push(Copy {
                header_start: entry.header_start,
                method: method_number(entry.method),
                crc: entry.crc,
                compressed: entry.compressed,
                size: entry.size,
                comparable: !entry.encrypted,
            });
        }
    }
    for (name, copies) in files {
        if copies.len() > 1 {
            groups.entry(name.to_owned()).or_default().extend(copies);
        }
    }
    for copies in groups.values_mut() {
        copies.sort_by_key(|c| c.header_start);
        copies.dedup_by_key(|c| c.header_start);
    }
    groups.retain(|_, copies| copies.len() > 1);
    groups
}

/// The number of a compression method extpack reads (0 stored, 8 deflate); others never
/// compare equal.
fn method_number(method: CompressionMethod) -> u16 {
    match method {
        CompressionMethod::Stored => 0,
        CompressionMethod::Deflated => 8,
        _ => u16::MAX,
    }
}

/// The problems with single entries (EP013, EP014, EP317, EP015–EP017, in that order):
/// reported, and the checks go on without those entries. (EP012 and EP318 are judged with
/// the manifest, in `findings`.)
fn entry_findings(
    archive: &str,
    classified: &Classified<'_>,
    stored: BTreeMap<String, Vec<Copy>>,
    input: &Input,
    limits: &ArchiveLimits,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !classified.unsafe_names.is_empty() {
        found.push(findings::unsafe_names(archive, &classified.unsafe_names));
    }
    let mut budget = limits.max_bytes;
    let (mut same, mut different) = (Vec::new(), Vec::new());
    for (name, copies) in stored {
        if same_bytes(input, &copies, &mut budget) {
            same.push(name);
        } else {
            different.push(name);
        }
    }
    if !different.is_empty() {
        found.push(findings::duplicates(archive, &different));
    }
    if !same.is_empty() {
        found.push(findings::same_duplicates(archive, &same));
    }
    if !classified.links.is_empty() {
        found.push(findings::symlinks(archive, &classified.links));
    }
    if !classified.encrypted.is_empty() {
        found.push(findings::encrypted(archive, &classified.encrypted));
    }
    if !classified.unsupported.is_empty() {
        found.push(findings::unsupported_methods(
            archive,
            &classified.unsupported,
        ));
    }
    found
}

/// The guards (EP019, EP021, EP022, in that order): their findings are added to `found`;
/// true when one of them refuses the archive.
fn guard_findings(
    archive: &str,
    classified: &Classified<'_>,
    entries: &[RawEntry],
    limits: &ArchiveLimits,
    found: &mut Vec<Diagnostic>,
) -> bool {
    let mut refuse = false;
    if classified.total > limits.max_bytes {
        refuse = true;
        found.push(findings::too_many_bytes(
            archive,
            classified.total,
            limits.max_bytes,
        ));
    }
    if !classified.bombs.is_empty() {
        refuse = true;
        found.push(findings::bombs(archive, &classified.bombs));
    }
    if let Some((a, b)) = first_overlap(entries) {
        refuse = true;
        found.push(findings::overlapping_entries(archive, &a, &b));
    }
    refuse
}

impl ZipSource {
    /// Classifies every entry, applies the guards, finds the extension's root and builds the
    /// lookup tables.
    pub(super) fn index(
        &mut self,
        entries: Vec<RawEntry>,
        duplicates: Vec<(Vec<u8>, Vec<Copy>)>,
        input: &Input,
        directory_start: u64,
        limits: &ArchiveLimits,
    ) {
        let classified = classify(&entries);
        let stored = stored_copies(duplicates, &classified.kept);
        let mut found = entry_findings(&self.display, &classified, stored, input, limits);
        self.respelled = classified.respelled.clone();
        let refuse = guard_findings(&self.display, &classified, &entries, limits, &mut found);
        let next_headers = next_headers(&entries, directory_start);
        self.choose_root(&classified.kept, &mut found);
        self.build_tables(classified.kept, &next_headers);
        if let Ok(mut all) = self.findings.lock() {
            all.extend(found);
        }
        if refuse {
            self.refused.store(true, Ordering::Relaxed);
        }
    }

    /// Finds where extension.json is: at the root, or inside one top-level folder (EP010).
    /// Without either, the archive is refused with EP011.
    fn choose_root(&mut self, kept: &[(String, bool, &RawEntry)], found: &mut Vec<Diagnostic>) {
        let nested = format!("/{MANIFEST_NAME}");
        let manifests: Vec<&str> = kept
            .iter()
            .filter(|(name, is_dir, _)| {
                !is_dir && (name == MANIFEST_NAME || name.ends_with(&nested))
            })
            .map(|(name, _, _)| name.as_str())
            .collect();
        if manifests.contains(&MANIFEST_NAME) {
            return;
        }
        let in_top_folder: Vec<&str> = manifests
            .iter()
            .filter(|m| m.matches('/').count() == 1)
            .filter(|m| !m.starts_with("__MACOSX/") && !m.starts_with('.'))
            .copied()
            .collect();
        if let [only] = in_top_folder.as_slice() {
            let folder = crate::paths::parent(only).to_owned();
            found.push(findings::in_top_folder(self.display_entry(only), &folder));
            self.prefix = format!("{folder}/");
            return;
        }
        // A name that differs only in case, when no extension.json is anywhere.
        let case_variant = if manifests.is_empty() {
            kept.iter()
                .find(|(name, _, _)| name.eq_ignore_ascii_case(MANIFEST_NAME))
                .map(|(name, _, _)| name.as_str())
        } else {
            None
        };
        found.push(findings::no_manifest(
            self.display_entry(MANIFEST_NAME),
            &self.display,
            &manifests,
            case_variant,
        ));
        self.refused.store(true, Ordering::Relaxed);
    }

    /// Fills the lookup tables with the kept entries under the root: files, with where their
    /// data must end, and folders, explicit and implied by the entries below them.
    fn build_tables(&mut self, kept: Vec<(String, bool, &RawEntry)>, next_headers: &[u64]) {
        for (name, is_dir, entry) in kept {
            let relative = if self.prefix.is_empty() {
                name
            } else {
                match name.strip_prefix(&self.prefix) {
                    Some(relative) => relative.to_owned(),
                    None => continue,
                }
            };
            if relative.is_empty() {
                continue;
            }
            // Parents, deepest first: once one is known, so are those above it.
            for (i, _) in relative.rmatch_indices('/') {
                if self.dirs.contains(&relative[..i]) {
                    break;
                }
                self.dirs.insert(relative[..i].to_owned());
            }
            if is_dir {
                self.dirs.insert(relative);
            } else {
                let after = next_headers.partition_point(|&h| h <= entry.header_start);
                let next_header = next_headers.get(after).copied().unwrap_or(u64::MAX);
                self.files.insert(
                    relative,
                    EntryMeta {
                        index: entry.index,
                        size: entry.size,
                        compressed: entry.compressed,
                        next_header,
                    },
                );
            }
        }
        // A file and a folder of the same name: the file wins (it is what the manifest names).
        let files = &self.files;
        self.dirs.retain(|dir| !files.contains_key(dir));
    }
}

/// Whether a stored name could make an extractor write outside its folder: absolute (`/x`,
/// `\x`), a drive (`C:`), a `..` segment, or a NUL byte.
fn is_unsafe(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.contains('\0')
        || name.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
        || name.split(['/', '\\']).any(|segment| segment == "..")
}

/// A stored name as the platform reads it: `/` separators, no `.` or empty segments, no
/// trailing `/`.
fn normalize_entry_name(name: &str) -> String {
    let trimmed = name.trim_end_matches('/');
    if !trimmed.contains('\\')
        && !trimmed.starts_with("./")
        && trimmed != "."
        && !trimmed.contains("//")
        && !trimmed.contains("/./")
        && !trimmed.ends_with("/.")
        && !trimmed.starts_with('/')
    {
        return trimmed.to_owned();
    }
    name.split(['/', '\\'])
        .filter(|segment| !segment.is_empty() && *segment != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// The first two entries whose bytes overlap, judged from the central directory alone: an
/// entry occupies at least its local header (30 bytes and its name) and its compressed data
/// from its header offset on. (The local name and extra field may be longer than the central
/// ones; that is checked when an entry is read.)
fn first_overlap(entries: &[RawEntry]) -> Option<(String, String)> {
    let mut spans: Vec<(u64, u64, &str)> = entries
        .iter()
        .map(|e| {
            let end = e
                .header_start
                .saturating_add(LOCAL_HEADER_LEN)
                .saturating_add(e.raw_len as u64)
                .saturating_add(e.compressed);
            (e.header_start, end, e.name.as_str())
        })
        .collect();
    spans.sort_unstable();
    spans
        .windows(2)
        .find(|w| w[1].0 < w[0].1)
        .map(|w| (w[0].2.to_owned(), w[1].2.to_owned()))
}

/// Every local header offset and the central directory's, sorted: the next one after an
/// entry's bounds its data.
fn next_headers(entries: &[RawEntry], directory_start: u64) -> Vec<u64> {
    let mut starts: Vec<u64> = entries.iter().map(|e| e.header_start).collect();
    starts.push(directory_start);
    starts.sort_unstable();
    starts.dedup();
    starts
}

#[cfg(test)]
mod tests {
    use super::super::tests::{archive, codes};
    use super::*;
    use crate::source::{ExtensionSource, Lookup};

    #[test]
    fn one_top_level_folder_becomes_the_root() {
        let source = archive(&[
            ("ext/", ""),
            ("ext/extension.json", "{}"),
            ("ext/src/a.js", "a"),
            ("__MACOSX/ext/._a.js", ""),
        ]);
        assert_eq!(codes(&source), ["EP010"]);
        assert!(!source.refused());
        assert_eq!(source.lookup("src/a.js"), Lookup::File);
        assert_eq!(source.read("src/a.js").unwrap(), b"a");
        assert_eq!(source.display_path("src/a.js"), "pkg.zip!/ext/src/a.js");
        let mut entries = source.archive_entries().unwrap();
        entries.sort();
        assert_eq!(entries, ["extension.json", "src/a.js"]);
    }

    #[test]
    fn no_manifest_refuses_the_archive() {
        let source = archive(&[("Extension.json", "{}")]);
        assert_eq!(codes(&source), ["EP011"]);
        assert!(source.refused());
        let help = source.findings(&[])[0].help.clone().unwrap();
        assert!(help.contains("`Extension.json`"), "{help}");
    }

    #[test]
    fn entry_names_are_judged_and_read_as_the_platform_reads_them() {
        assert!(is_unsafe("/abs"));
        assert!(is_unsafe("\\abs"));
        assert!(is_unsafe("C:/x"));
        assert!(is_unsafe("a/../../x"));
        assert!(is_unsafe("a\\..\\x"));
        assert!(is_unsafe("a\0b"));
        assert!(!is_unsafe("a..b/c"));
        assert!(!is_unsafe("./a"));
        assert_eq!(normalize_entry_name("./src\\lib//a.js"), "src/lib/a.js");
        assert_eq!(normalize_entry_name("src/view/"), "src/view");
        assert_eq!(shown("a\0b"), "a\\u{0}b");
    }
}
