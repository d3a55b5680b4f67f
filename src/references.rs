//! The files a manifest points at, and what is at each of them.
//!
//! Shared by the checks (which report what is wrong) and, later, by packing (which takes what
//! is right), so both agree on every path.

use serde_json::Value;

use crate::manifest::pointer;
use crate::paths::{self, PathError};
use crate::source::{ExtensionSource, Lookup};

/// The feature arrays of a manifest, as named in it.
pub const FEATURE_TYPES: [&str; 4] = ["events", "conditions", "actions", "dataElements"];

/// What a reference is for: it decides whether a file or a folder is expected and where the
/// path is resolved from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReferenceKind {
    /// `viewBasePath`: a folder, from the root.
    ViewBase,
    /// `configuration.viewPath` and feature `viewPath`s: files under `viewBasePath`.
    View,
    /// Feature `libPath`, `main`, `sharedModules[].libPath`: library modules, whose
    /// `require()` calls are followed.
    Library,
    /// `hostedLibFiles[]`: served as they are, not scanned.
    Hosted,
    /// `iconPath`.
    Icon,
}

impl ReferenceKind {
    /// How a reference of this kind is named in messages.
    pub fn noun(self) -> &'static str {
        match self {
            ReferenceKind::ViewBase => "views folder",
            ReferenceKind::View => "view",
            ReferenceKind::Library => "library module",
            ReferenceKind::Hosted => "hosted library file",
            ReferenceKind::Icon => "icon",
        }
    }
}

/// One path in the manifest.
#[derive(Clone, Debug)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// Where the path is in extension.json.
    pub pointer: String,
    /// The path as written.
    pub raw: String,
    /// The path inside the extension, normalised (views resolved under `viewBasePath`).
    pub path: Result<String, PathError>,
}

/// What was found at a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The expected kind of entry is there.
    Found,
    Missing {
        case_variant: Option<String>,
    },
    /// A file where a folder is expected, or the reverse.
    WrongKind,
    /// The path leaves the extension (`..`, an absolute path, or a link to outside).
    Outside,
    /// A view whose `viewBasePath` is itself missing: reported once, on `viewBasePath`.
    BaseMissing,
    /// Not looked up: the views with `--no-views` or when they are unbuilt build output, and a
    /// library file (or hosted file, or icon) that is missing where git ignores it, when the
    /// views are not always checked (`--no-views`, `--skip-unbuilt`, the pre-commit hook).
    NotChecked(ViewsSkipped),
}

/// Whether the views, and build output that is not built yet, are looked up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Views {
    /// Always (`check`, `pack`).
    #[default]
    Check,
    /// Never (`--no-views`, `views = "skip"`): their schema rules still apply. Library files
    /// that are missing where git ignores them are not looked up either.
    Skip,
    /// Only when the views folder exists or git does not ignore it, and library files only
    /// when they exist or git does not ignore them (`--skip-unbuilt`, and the pre-commit hook
    /// in a repository whose build output is not built yet).
    SkipWhenUnbuilt,
}

/// Why something was not looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewsSkipped {
    /// `--no-views` or `views = "skip"`.
    Asked,
    /// It is missing and git ignores it: build output not built yet.
    Unbuilt,
}

/// Every path of the manifest, in manifest order. Values that are not strings are left to
/// the schema check.
pub fn collect(manifest: &Value) -> Vec<Reference> {
    let mut out = Vec::new();
    let base = manifest.get("viewBasePath").and_then(Value::as_str);
    let base_path = base.map(paths::normalize);
    let mut push = |kind: ReferenceKind, pointer: String, raw: &str| {
        let path = match kind {
            ReferenceKind::View => match &base_path {
                Some(Ok(base)) => paths::join(base, paths::strip_query_and_fragment(raw)),
                Some(Err(e)) => Err(*e),
                None => paths::normalize(paths::strip_query_and_fragment(raw)),
            },
            _ => paths::normalize(raw),
        };
        out.push(Reference {
            kind,
            pointer,
            raw: raw.to_owned(),
            path,
        });
    };
    let string_at = |p: &str| manifest.pointer(p).and_then(Value::as_str);
    if let Some(raw) = base {
        push(ReferenceKind::ViewBase, "/viewBasePath".to_owned(), raw);
    }
    if let Some(raw) = string_at("/iconPath") {
        push(ReferenceKind::Icon, "/iconPath".to_owned(), raw);
    }
    if let Some(raw) = string_at("/main") {
        push(ReferenceKind::Library, "/main".to_owned(), raw);
    }
    if let Some(raw) = string_at("/configuration/viewPath") {
        push(
            ReferenceKind::View,
            "/configuration/viewPath".to_owned(),
            raw,
        );
    }
    for (i, file) in array(manifest, "hostedLibFiles").iter().enumerate() {
        if let Some(raw) = file.as_str() {
            push(ReferenceKind::Hosted, format!("/hostedLibFiles/{i}"), raw);
        }
    }
    for feature_type in FEATURE_TYPES {
        for (i, feature) in array(manifest, feature_type).iter().enumerate() {
            let at = pointer::push(&pointer::push("", feature_type), &i.to_string());
            if let Some(raw) = feature.get("libPath").and_then(Value::as_str) {
                push(ReferenceKind::Library, format!("{at}/libPath"), raw);
            }
            if let Some(raw) = feature.get("viewPath").and_then(Value::as_str) {
                push(ReferenceKind::View, format!("{at}/viewPath"), raw);
            }
        }
    }
    for (i, module) in array(manifest, "sharedModules").iter().enumerate() {
        if let Some(raw) = module.get("libPath").and_then(Value::as_str) {
            push(
                ReferenceKind::Library,
                format!("/sharedModules/{i}/libPath"),
                raw,
            );
        }
    }
    out
}

fn array<'a>(manifest: &'a Value, key: &str) -> &'a [Value] {
    manifest
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Looks up every reference; views are not looked up when `viewBasePath` is not a folder, or
/// when `views` says so.
pub fn resolve(
    source: &dyn ExtensionSource,
    references: &[Reference],
    views: Views,
) -> Vec<Resolution> {
    let base = references
        .iter()
        .find(|r| r.kind == ReferenceKind::ViewBase);
    let base_resolution = base.map(|r| resolve_one(source, r));
    let skipped = match views {
        Views::Check => None,
        Views::Skip => Some(ViewsSkipped::Asked),
        Views::SkipWhenUnbuilt => match (base, &base_resolution) {
            (Some(r), Some(Resolution::Missing { case_variant: None })) => r
                .path
                .as_ref()
                .ok()
                .filter(|p| source.is_git_ignored(p))
                .map(|_| ViewsSkipped::Unbuilt),
            _ => None,
        },
    };
    let base_is_dir = base_resolution
        .as_ref()
        .is_none_or(|r| *r == Resolution::Found);
    references
        .iter()
        .map(|r| match (r.kind, skipped) {
            (ReferenceKind::ViewBase | ReferenceKind::View, Some(why)) => {
                Resolution::NotChecked(why)
            }
            (ReferenceKind::ViewBase, None) => base_resolution.clone().unwrap_or(Resolution::Found),
            (ReferenceKind::View, None) if !base_is_dir => Resolution::BaseMissing,
            (ReferenceKind::View, None) => resolve_one(source, r),
            _ => match resolve_one(source, r) {
                Resolution::Missing { case_variant: None }
                    if views != Views::Check && is_unbuilt(source, r) =>
                {
                    Resolution::NotChecked(ViewsSkipped::Unbuilt)
                }
                found => found,
            },
        })
        .collect()
}

/// Whether a missing file is build output not built yet: git ignores it.
pub fn is_unbuilt(source: &dyn ExtensionSource, reference: &Reference) -> bool {
    reference
        .path
        .as_ref()
        .is_ok_and(|p| source.is_git_ignored(p))
}

fn resolve_one(source: &dyn ExtensionSource, reference: &Reference) -> Resolution {
    let Ok(path) = &reference.path else {
        return Resolution::Outside;
    };
    let want_dir = reference.kind == ReferenceKind::ViewBase;
    match source.lookup(path) {
        Lookup::File if !want_dir => Resolution::Found,
        Lookup::Dir if want_dir => Resolution::Found,
        Lookup::File | Lookup::Dir => Resolution::WrongKind,
        Lookup::Missing { case_variant } => Resolution::Missing { case_variant },
        Lookup::LinkOutside => Resolution::Outside,
    }
}

/// The placeholder packed for a views folder that holds no packable file (an extension
/// without views keeps `.gitkeep` or `.doNotRemoveThisFolder` there): the first of its
/// dot-named files by path that `excluded` lets through, macOS's `.DS_Store` only when there
/// is no other. Packing takes it, and an archive's check counts it as used.
pub fn views_placeholder(
    source: &dyn ExtensionSource,
    folder: &str,
    excluded: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let candidates: Vec<String> = source
        .placeholders(folder)
        .into_iter()
        .filter(|f| !excluded(f))
        .collect();
    let is_metadata = |f: &&String| paths::file_name(f) == ".DS_Store";
    candidates
        .iter()
        .find(|f| !is_metadata(f))
        .or(candidates.first())
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collects_every_path_with_its_pointer() {
        let manifest = json!({
            "viewBasePath": "./src/view/",
            "iconPath": "icon.svg",
            "main": "src/lib/main.js",
            "configuration": {"viewPath": "configuration.html?x#y"},
            "hostedLibFiles": ["a.js"],
            "actions": [{"libPath": "src//lib/a.js", "viewPath": "a.html"}],
            "sharedModules": [{"libPath": "src/lib/s.js"}]
        });
        let refs = collect(&manifest);
        let summary: Vec<(ReferenceKind, &str, String)> = refs
            .iter()
            .map(|r| {
                (
                    r.kind,
                    r.pointer.as_str(),
                    r.path.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    ReferenceKind::ViewBase,
                    "/viewBasePath",
                    "src/view".to_owned()
                ),
                (ReferenceKind::Icon, "/iconPath", "icon.svg".to_owned()),
                (
                    ReferenceKind::Library,
                    "/main",
                    "src/lib/main.js".to_owned()
                ),
                (
                    ReferenceKind::View,
                    "/configuration/viewPath",
                    "src/view/configuration.html".to_owned()
                ),
                (
                    ReferenceKind::Hosted,
                    "/hostedLibFiles/0",
                    "a.js".to_owned()
                ),
                (
                    ReferenceKind::Library,
                    "/actions/0/libPath",
                    "src/lib/a.js".to_owned()
                ),
                (
                    ReferenceKind::View,
                    "/actions/0/viewPath",
                    "src/view/a.html".to_owned()
                ),
                (
                    ReferenceKind::Library,
                    "/sharedModules/0/libPath",
                    "src/lib/s.js".to_owned()
                ),
            ]
        );
    }
}
