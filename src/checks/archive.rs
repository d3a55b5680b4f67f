//! Entries of an archive that nothing uses (EP023): they would be uploaded for nothing.
//!
//! Used are `extension.json`, every path of the manifest that was found, every file of the
//! require graph, and every file under `viewBasePath` whose path below it has no dot-name
//! (packers leave `.DS_Store` and the like out) — or, when there is none, the placeholder
//! that keeps the folder (`.gitkeep`). Everything else in the archive is reported
//! in one warning. A folder source has no such finding: its unrelated files are never packed.

use std::collections::HashSet;

use super::{Check, Context};
use crate::diag::{Diagnostic, Rule, codes};
use crate::references::{self, ReferenceKind, Resolution};
use crate::source::MANIFEST_NAME;
use crate::source::zip::listing;

/// Reports archive entries that nothing uses.
pub struct ArchiveEntriesCheck;

impl Check for ArchiveEntriesCheck {
    fn codes(&self) -> &'static [&'static Rule] {
        static CODES: &[&Rule] = &[&codes::EP023];
        CODES
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(entries) = cx.source.archive_entries() else {
            return Vec::new();
        };
        let found = || {
            cx.references
                .iter()
                .zip(cx.resolutions)
                .filter(|(_, res)| **res == Resolution::Found)
                .map(|(r, _)| r)
        };
        let view_base = found()
            .find(|r| r.kind == ReferenceKind::ViewBase)
            .and_then(|r| r.path.as_deref().ok());
        // A views folder without views keeps a placeholder, which packing takes.
        let placeholder = view_base
            .filter(|base| cx.source.files_under(base, &[]).is_empty())
            .and_then(|base| references::views_placeholder(cx.source, base, &|_| false));
        let used: HashSet<&str> = found()
            .filter(|r| r.kind != ReferenceKind::ViewBase)
            .filter_map(|r| r.path.as_deref().ok())
            .chain(cx.graph.files.iter().map(String::as_str))
            .chain(placeholder.as_deref())
            .chain([MANIFEST_NAME])
            .collect();
        let mut unused: Vec<String> = entries
            .into_iter()
            .filter(|entry| !used.contains(entry.as_str()))
            .filter(|entry| !view_base.is_some_and(|base| is_packed_view(entry, base)))
            .collect();
        unused.sort_unstable();
        if unused.is_empty() {
            return Vec::new();
        }
        let what = if unused.len() == 1 {
            "1 entry is".to_owned()
        } else {
            format!("{} entries are", unused.len())
        };
        vec![
            Diagnostic::new(
                &codes::EP023,
                cx.source.display_root(),
                format!(
                    "{what} not part of the package (no manifest path or `require()` uses them and they are not views) and would be uploaded for nothing: {}",
                    listing(&unused)
                ),
            )
            .help("build the archive with a packer that takes only what the package needs (`extpack pack`), or remove these entries; dot-files under `viewBasePath` (`.DS_Store`) are never needed"),
        ]
    }
}

/// Whether an entry is under the views folder without a dot-name below it.
fn is_packed_view(entry: &str, base: &str) -> bool {
    let below = if base.is_empty() {
        Some(entry)
    } else {
        entry
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('/'))
    };
    below.is_some_and(|below| !below.split('/').any(|segment| segment.starts_with('.')))
}

#[cfg(test)]
mod tests {
    use super::is_packed_view;

    #[test]
    fn views_are_taken_whole_except_dot_names() {
        assert!(is_packed_view("src/view/a.html", "src/view"));
        assert!(is_packed_view("src/view/css/a.css", "src/view"));
        assert!(!is_packed_view("src/view/.DS_Store", "src/view"));
        assert!(!is_packed_view("src/view/.git/config", "src/view"));
        assert!(!is_packed_view("src/viewer/a.html", "src/view"));
        assert!(is_packed_view("a.html", ""));
        assert!(!is_packed_view(".hidden", ""));
    }
}
