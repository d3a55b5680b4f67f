//! Applying the findings' fixes to an extension folder (`check --fix`, `check --diff`).
//!
//! Fixes are applied in memory, round after round: the extension is checked through an
//! [`Overlay`] that holds the files fixed so far, the fixes of that check are applied (per file,
//! never two that overlap, back to front), and it is checked again, until nothing fixable is
//! left. A fix can reveal another (once the trailing comma is gone the manifest parses, and its
//! `"platform": "Web"` is found), and a second run then finds nothing to do. Each file's result
//! must still parse (strict JSON for `.json` files; a JavaScript file must keep every
//! `require()` call the scanner found), or the file is left as it was. Only then are the
//! changed files written, each atomically, with its byte order mark kept.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::analysis::{CheckedFolder, analyze_folder_through};
use crate::checks::Options;
use crate::diag::fix::apply_edits;
use crate::diag::{Diagnostic, Edit, ExtensionReport, Fix, Safety};
use crate::error::FatalError;
use crate::source::{DirSource, ExtensionSource, MANIFEST_NAME, Overlay};

/// At most this many rounds of fixing and checking again (each round fixes everything that
/// was fixable; a fix that reveals another needs one more).
const MAX_ROUNDS: usize = 8;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file the fixes change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedFile {
    /// Inside the extension (`extension.json`).
    pub relative: String,
    /// On disk.
    pub path: PathBuf,
    /// As shown to the user (`my-ext/extension.json`).
    pub display: String,
    pub before: Vec<u8>,
    pub after: Vec<u8>,
}

/// A file whose fixes were not applied, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub display: String,
    pub reason: String,
}

/// The outcome of fixing one extension in memory.
#[derive(Debug)]
pub struct FixRun {
    /// The report of the extension as it is after the fixes.
    pub report: ExtensionReport,
    /// The files that change, sorted by path.
    pub files: Vec<FixedFile>,
    /// How many findings were fixed.
    pub fixed: usize,
    pub refused: Vec<Refused>,
}

/// Checks the extension folder at `path` and applies, in memory, every fix up to `safety`.
/// Nothing is written: see [`write`].
pub fn fix_folder(
    path: &Path,
    options: &Options<'_>,
    safety: Safety,
) -> Result<FixRun, FatalError> {
    let folder = DirSource::open(path)?;
    let mut overlay = Overlay::new(&folder);
    let mut originals: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut refused: Vec<Refused> = Vec::new();
    let mut blocked: BTreeSet<String> = BTreeSet::new();
    let mut fixed = 0;
    let mut checked = analyze_folder_through(&folder, &overlay, options)?;
    for _ in 0..MAX_ROUNDS {
        let chosen = choose(&checked.analysis.report.diagnostics, safety, &blocked);
        if chosen.is_empty() {
            break;
        }
        let mut by_file: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
        for fix in &chosen {
            for edit in &fix.edits {
                by_file.entry(edit.file.as_str()).or_default().push(edit);
            }
        }
        let mut changed = false;
        for (relative, edits) in by_file {
            let before = match overlay.get(relative) {
                Some(bytes) => bytes.to_vec(),
                None => folder.read(relative)?,
            };
            match fixed_bytes(relative, &before, &edits) {
                Ok(after) => {
                    originals.entry(relative.to_owned()).or_insert(before);
                    overlay.set(relative, after);
                    changed = true;
                }
                Err(reason) => {
                    blocked.insert(relative.to_owned());
                    refused.push(Refused {
                        display: folder.display_path(relative),
                        reason,
                    });
                }
            }
        }
        // Fixes of a refused file are not counted (their file stays as it was).
        fixed += chosen
            .iter()
            .filter(|f| f.edits.iter().all(|e| !blocked.contains(&e.file)))
            .count();
        if !changed {
            break;
        }
        checked = analyze_folder_through(&folder, &overlay, options)?;
    }
    let CheckedFolder { analysis, .. } = checked;
    let files = originals
        .into_iter()
        .filter_map(|(relative, before)| {
            let after = overlay.get(&relative)?.to_vec();
            (after != before).then(|| FixedFile {
                path: folder.path_of(&relative),
                display: folder.display_path(&relative),
                relative,
                before,
                after,
            })
        })
        .collect();
    Ok(FixRun {
        report: analysis.report,
        files,
        fixed,
        refused,
    })
}

/// The fixes to apply now: those up to `safety`, in the findings' order, skipping any that
/// overlaps one chosen before it (it is found again in the next round) or touches a file whose
/// fixes were refused.
fn choose<'a>(
    diagnostics: &'a [Diagnostic],
    safety: Safety,
    blocked: &BTreeSet<String>,
) -> Vec<&'a Fix> {
    let mut chosen: Vec<&Fix> = Vec::new();
    for (code, fix) in diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d.rule.code, f)))
    {
        debug_assert!(
            crate::diag::fix::fixable(code).is_some(),
            "{code} has a fix but is not listed in diag::fix::FIXABLE"
        );
        if fix.applies_at(safety)
            && !fix.edits.is_empty()
            && fix.edits.iter().all(|e| !blocked.contains(&e.file))
            && !chosen.iter().any(|c| c.conflicts_with(fix))
        {
            chosen.push(fix);
        }
    }
    chosen
}

/// A file's bytes with `edits` applied, or why they cannot be. The edits' offsets are into the
/// text the checks read: for extension.json that is the text after a byte order mark, which
/// is kept.
pub fn fixed_bytes(relative: &str, before: &[u8], edits: &[&Edit]) -> Result<Vec<u8>, String> {
    let (mark, body) = match before.strip_prefix(BOM) {
        Some(body) if relative == MANIFEST_NAME => (BOM, body),
        _ => (&b""[..], before),
    };
    let text = std::str::from_utf8(body).map_err(|_| "it is not UTF-8 text".to_owned())?;
    let after = apply_edits(text, edits).map_err(|e| e.to_string())?;
    still_parses(relative, text, &after)?;
    let mut bytes = Vec::with_capacity(mark.len() + after.len());
    bytes.extend_from_slice(mark);
    bytes.extend_from_slice(after.as_bytes());
    Ok(bytes)
}

/// Whether a fixed text is still what its kind of file must be.
fn still_parses(relative: &str, before: &str, after: &str) -> Result<(), String> {
    if relative.ends_with(".json") {
        serde_json::from_str::<serde::de::IgnoredAny>(after)
            .map(|_| ())
            .map_err(|e| format!("the result would not be valid JSON ({e})"))
    } else if relative.ends_with(".js") {
        let (old, new) = (
            crate::js::scanner::scan(before).len(),
            crate::js::scanner::scan(after).len(),
        );
        if old == new {
            Ok(())
        } else {
            Err(format!(
                "the result would have {new} require() calls instead of {old}"
            ))
        }
    } else {
        Ok(())
    }
}

/// Writes the fixed files, each atomically and with its permissions kept. A file that changed
/// on disk since it was read is left alone and reported.
pub fn write(files: &[FixedFile]) -> Result<Vec<Refused>, FatalError> {
    let mut refused = Vec::new();
    for file in files {
        // Through a link inside the extension, the file it points to is what changes.
        let target = std::fs::canonicalize(&file.path).unwrap_or_else(|_| file.path.clone());
        let now = std::fs::read(&target).map_err(|source| FatalError::Read {
            path: target.clone(),
            source,
        })?;
        if now != file.before {
            refused.push(Refused {
                display: file.display.clone(),
                reason: "it changed on disk while extpack was fixing it".to_owned(),
            });
            continue;
        }
        let permissions = std::fs::metadata(&target).map(|m| m.permissions()).ok();
        crate::output::write_atomically(&target, &file.after)?;
        if let Some(permissions) = permissions {
            std::fs::set_permissions(&target, permissions).map_err(|source| FatalError::Write {
                path: target.clone(),
                source,
            })?;
        }
    }
    Ok(refused)
}

/// A unified diff of what fixing changes, file by file (`check --diff`).
pub fn unified_diff(files: &[FixedFile]) -> String {
    let mut out = String::new();
    for file in files {
        let before = String::from_utf8_lossy(&file.before);
        let after = String::from_utf8_lossy(&file.after);
        let diff = similar::TextDiff::from_lines(before.as_ref(), after.as_ref());
        // `a/` and `b/` before the path as shown, as git writes them (`a/tmp/x`, not `a//tmp/x`).
        let name = file.display.trim_start_matches('/');
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_order_mark_of_the_manifest_is_kept_and_offsets_skip_it() {
        let before = b"\xEF\xBB\xBF{\"a\": 1,}";
        let comma = Edit::new(MANIFEST_NAME, 7..8, "");
        let after = fixed_bytes(MANIFEST_NAME, before, &[&comma]).unwrap();
        assert_eq!(after, b"\xEF\xBB\xBF{\"a\": 1}");
    }

    #[test]
    fn a_file_that_changed_on_disk_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, before: &[u8], after: &[u8]| FixedFile {
            relative: name.to_owned(),
            path: dir.path().join(name),
            display: name.to_owned(),
            before: before.to_vec(),
            after: after.to_vec(),
        };
        std::fs::write(dir.path().join("a.json"), b"{}").unwrap();
        std::fs::write(dir.path().join("b.json"), b"{\"x\": 1}").unwrap();
        let refused = write(&[
            file("a.json", b"{}", b"[]"),
            file("b.json", b"{\"x\": 0}", b"{}"),
        ])
        .unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.json")).unwrap(), b"[]");
        assert_eq!(
            std::fs::read(dir.path().join("b.json")).unwrap(),
            b"{\"x\": 1}"
        );
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].display, "b.json");
    }

    #[test]
    fn a_result_that_does_not_parse_is_refused() {
        let broken = Edit::new(MANIFEST_NAME, 0..1, "");
        assert!(fixed_bytes(MANIFEST_NAME, b"{}", &[&broken]).is_err());
        let js = "require('./a'); require('./b');";
        let merge = Edit::new("x.js", 14..24, "");
        assert!(fixed_bytes("x.js", js.as_bytes(), &[&merge]).is_err());
        let respell = Edit::new("x.js", 9..12, "./A");
        assert_eq!(
            fixed_bytes("x.js", js.as_bytes(), &[&respell]).unwrap(),
            b"require('./A'); require('./b');"
        );
    }
}
