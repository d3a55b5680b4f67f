//! The words of what the archive reader reports: the findings EP010–EP022, EP317 and EP318, one constructor
//! each, the reason a broken archive gives, and the phrases they are made of (counts, sizes,
//! bounded listings of names). The logic that decides when to report them is in index.rs and
//! inflate.rs.

use std::io;

use zip::CompressionMethod;

use super::MAX_RATIO;
use crate::diag::{Diagnostic, codes};

/// How many names a finding lists before it says "and N more".
const LISTED: usize = 10;

/// EP010: extension.json is inside one top-level `folder`, which is checked as the root.
pub(super) fn in_top_folder(location: String, folder: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::EP010,
        location,
        format!(
            "extension.json is inside the folder `{folder}/`, not at the root of the archive: the folder was zipped instead of its contents"
        ),
    )
    .help(format!(
        "zip the contents of the folder: `cd {folder} && zip -r ../package.zip .` (or `extpack pack {folder}`); the extension inside `{folder}/` was checked as it is"
    ))
}

/// EP011: no extension.json at the root of `archive`. `manifests` are the ones found deeper;
/// when there are none, `case_variant` is a root entry whose name differs only in case.
pub(super) fn no_manifest(
    location: String,
    archive: &str,
    manifests: &[&str],
    case_variant: Option<&str>,
) -> Diagnostic {
    let help = if manifests.is_empty() {
        match case_variant {
            Some(v) => format!(
                "the archive has `{v}`: the platform looks for `extension.json` exactly (names are case-sensitive)"
            ),
            None => "build the archive from the folder that holds extension.json, with extension.json at its root (`cd my-extension && zip -r ../package.zip .`)".to_owned(),
        }
    } else {
        format!(
            "the archive holds {}; extension.json must be at the root: zip the contents of the extension folder, not a folder above it",
            listing(
                &manifests
                    .iter()
                    .map(|m| (*m).to_owned())
                    .collect::<Vec<_>>()
            )
        )
    };
    Diagnostic::new(
        &codes::EP011,
        location,
        format!("the archive `{archive}` has no extension.json at its root"),
    )
    .help(help)
}

/// EP012: entries stored with `./`, `\` or empty segments.
pub(super) fn respelled(archive: &str, names: &[String]) -> Diagnostic {
    Diagnostic::new(
        &codes::EP012,
        archive,
        format!(
            "{} stored with a `./` prefix, `\\` separators or empty segments: {}",
            entries_phrase(names.len()),
            listing(names)
        ),
    )
    .help("the platform looks entries up by `/`-separated names without `./` (`src/lib/a.js`); rebuild the archive with a tool that stores such names (`cd my-extension && zip -r ../package.zip .`, or `extpack pack`). The checks below read these names as if they were stored correctly")
}

/// EP013: entries whose names would write outside the extraction folder.
pub(super) fn unsafe_names(archive: &str, names: &[String]) -> Diagnostic {
    Diagnostic::new(
        &codes::EP013,
        archive,
        format!(
            "{} a name that is absolute, climbs out with `..`, names a drive or holds a NUL byte: {}",
            count_phrase(names.len(), "entry has", "entries have"),
            listing(names)
        ),
    )
    .help("an extractor that trusts such names writes outside its folder (path traversal); the archive must hold only relative names inside it. Rebuild it from the extension folder; these entries were not checked")
}

/// EP014: names stored more than once, with different contents.
pub(super) fn duplicates(archive: &str, names: &[String]) -> Diagnostic {
    Diagnostic::new(
        &codes::EP014,
        archive,
        format!(
            "the archive holds several entries named {}, with different contents",
            listing(names)
        ),
    )
    .help("which copy an extractor keeps depends on the tool (extpack reads the last one); rebuild the archive so that every name appears once")
}

/// EP317: names stored more than once, every copy with the same bytes.
pub(super) fn same_duplicates(archive: &str, names: &[String]) -> Diagnostic {
    Diagnostic::new(
        &codes::EP317,
        archive,
        format!(
            "{} stored more than once, with the same bytes each time: {}",
            entries_phrase(names.len()),
            listing(names)
        ),
    )
    .help("Adobe's packager stores a file once per reference (an icon under `viewBasePath` that `iconPath` names too, a library file reached by two `require()` spellings); the platform accepts that, since every copy is the same. Rebuilding with `extpack pack` stores each file once")
}

/// EP318: entries stored with the `./` prefix the manifest spells their paths with.
pub(super) fn spelled_as_in_manifest(archive: &str, names: &[String]) -> Diagnostic {
    Diagnostic::new(
        &codes::EP318,
        archive,
        format!(
            "{} stored with a `./` prefix, as the manifest spells the path: {}",
            entries_phrase(names.len()),
            listing(names)
        ),
    )
    .help("Adobe's packager names an entry after the manifest's spelling, and the platform reads `./icon.svg` as `icon.svg`; other tools may not. Rebuilding with `extpack pack`, or writing the manifest's paths without `./`, stores plain names")
}

/// EP015: symbolic links.
pub(super) fn symlinks(archive: &str, names: &[String]) -> Diagnostic {
    Diagnostic::new(
        &codes::EP015,
        archive,
        format!(
            "{}: {}",
            count_phrase(names.len(), "entry is a symbolic link", "entries are symbolic links"),
            listing(names)
        ),
    )
    .help("the platform needs real files: a link in an archive can point anywhere on the machine that extracts it. Replace each link by the file it points at (`zip` without `--symlinks`); these entries were not checked")
}

/// EP016: encrypted entries.
pub(super) fn encrypted(archive: &str, names: &[String]) -> Diagnostic {
    Diagnostic::new(
        &codes::EP016,
        archive,
        format!("{} encrypted: {}", entries_phrase(names.len()), listing(names)),
    )
    .help("the platform cannot read password-protected entries; rebuild the archive without a password (no `zip -e`/`-P`); these entries were not checked")
}

/// EP017: entries compressed with a method other than stored and deflate.
pub(super) fn unsupported_methods(
    archive: &str,
    entries: &[(String, CompressionMethod)],
) -> Diagnostic {
    let names: Vec<String> = entries
        .iter()
        .map(|(name, method)| format!("{name} ({})", method_name(*method)))
        .collect();
    Diagnostic::new(
        &codes::EP017,
        archive,
        format!(
            "{} compressed with a method other than deflate or stored: {}",
            entries_phrase(names.len()),
            listing(&names)
        ),
    )
    .help("use plain deflate (the default of `zip`, `extpack pack` and most tools); Windows Explorer switches to Deflate64 for large files and 7-Zip can pick BZip2 or LZMA. These entries were not checked")
}

/// EP018: an entry whose data does not hold the size it declares (`actual` is a count or
/// "more").
pub(super) fn size_mismatch(location: String, declared: u64, actual: &str) -> Diagnostic {
    Diagnostic::new(
        &codes::EP018,
        location,
        format!(
            "the entry declares {declared} bytes but its data holds {actual}"
        ),
    )
    .help("the archive's headers do not describe its data: it was damaged or crafted. Rebuild it; this entry was not checked")
}

/// EP019: the entries declare more uncompressed bytes than the limit.
pub(super) fn too_many_bytes(archive: &str, total: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        &codes::EP019,
        archive,
        format!(
            "the entries declare {} uncompressed, more than the limit of {}",
            bytes_phrase(total),
            bytes_phrase(limit)
        ),
    )
    .help("this is extpack's guard against archives that expand without bound, not a platform rule; raise it with `--max-archive-bytes` if the archive is trusted and really that large. Nothing in the archive was checked")
}

/// EP020: more entries than the limit.
/// EP024: the end record declares another entry count than the central directory holds.
pub(super) fn entry_count_mismatch(archive: &str, declared: u64, found: u64) -> Diagnostic {
    Diagnostic::new(
        &codes::EP024,
        archive,
        format!(
            "the archive's end record declares {declared} entries, but its central directory holds {found}; every entry found was checked"
        ),
    )
    .help("extractors disagree about which count to trust, so an entry can be hidden from one tool and unpacked by another: rebuild the archive with `extpack pack` or `zip -r`")
}

pub(super) fn too_many_entries(archive: &str, count: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(
        &codes::EP020,
        archive,
        format!("the archive holds {count} entries, more than the limit of {limit}"),
    )
    .help("this is extpack's guard against hostile archives, not a platform rule; raise it with `--max-archive-entries` if the archive is trusted. Nothing in the archive was checked")
}

/// EP021: entries compressed more than [`MAX_RATIO`]:1, as `(name, size, compressed size)`.
pub(super) fn bombs(archive: &str, entries: &[(String, u64, u64)]) -> Diagnostic {
    let names: Vec<String> = entries
        .iter()
        .map(|(name, size, compressed)| {
            format!(
                "{name} ({} from {})",
                bytes_phrase(*size),
                bytes_phrase(*compressed)
            )
        })
        .collect();
    Diagnostic::new(
        &codes::EP021,
        archive,
        format!(
            "{} compressed more than {MAX_RATIO}:1, as zip bombs are: {}",
            entries_phrase(names.len()),
            listing(&names)
        ),
    )
    .help("real extension files compress far less; remove these entries. Nothing in the archive was checked")
}

/// EP022, found in the central directory: the data of entries `a` and `b` overlap.
pub(super) fn overlapping_entries(archive: &str, a: &str, b: &str) -> Diagnostic {
    overlap(
        archive,
        format!(
            "the data of the entries `{}` and `{}` overlap in the archive",
            shown(a),
            shown(b)
        ),
    )
}

/// EP022, found when the entry is read: its data runs past where the next entry (or the
/// central directory) starts. `prefix` is the top-level folder the extension is in, if any.
pub(super) fn data_runs_past(archive: &str, prefix: &str, relative: &str) -> Diagnostic {
    overlap(
        archive,
        format!(
            "the data of the entry `{prefix}{relative}` runs into the next entry or the central directory"
        ),
    )
}

fn overlap(archive: &str, message: String) -> Diagnostic {
    Diagnostic::new(&codes::EP022, archive, message)
        .help("overlapping entries are how zip bombs multiply one compressed block into many files; no packer writes them. Rebuild the archive; nothing in it was checked")
}

/// The reason a zip library error makes the archive unreadable, in one line.
pub(super) fn broken(error: zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match error {
        ZipError::InvalidArchive(msg) if msg.contains("EOCD") || msg.contains("end of central") => {
            "no zip central directory found: it is not a zip archive, or it is truncated".to_owned()
        }
        ZipError::InvalidArchive(msg) => format!("the archive is corrupt: {msg}"),
        ZipError::UnsupportedArchive(msg) => format!("unsupported archive: {msg}"),
        ZipError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            "the archive is truncated".to_owned()
        }
        ZipError::Io(e) => format!("the archive is truncated or corrupt: {e}"),
        other => format!("the archive is corrupt: {other}"),
    }
}

/// A name safe to print: control characters (NUL, …) written as `\u{0}`.
pub(super) fn shown(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// "1 entry is" / "3 entries are".
fn entries_phrase(n: usize) -> String {
    count_phrase(n, "entry is", "entries are")
}

/// `1 {one}` / `n {many}`.
fn count_phrase(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Backticked names, the first [`LISTED`] of them, then "and N more".
pub(crate) fn listing(names: &[String]) -> String {
    let mut text = names
        .iter()
        .take(LISTED)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        text.push_str(&format!(" and {} more", names.len() - LISTED));
    }
    text
}

fn bytes_phrase(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if n >= unit {
            return format!("{:.1} {name} ({n} bytes)", n as f64 / unit as f64);
        }
    }
    format!("{n} bytes")
}

fn method_name(method: CompressionMethod) -> String {
    match method.to_string().as_str() {
        "Unknown" => "an unknown method".to_owned(),
        name => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_are_bounded() {
        let names: Vec<String> = (0..25).map(|i| format!("f{i}")).collect();
        let text = listing(&names);
        assert!(text.ends_with("and 15 more"), "{text}");
        assert_eq!(text.matches('`').count(), 20);
    }

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(bytes_phrase(512), "512 bytes");
        assert_eq!(bytes_phrase(1 << 30), "1.0 GiB (1073741824 bytes)");
    }
}
