//! Two versions of one extension compared: what changed for the properties that use it.
//!
//! A property keeps what it saved when it upgrades: rule components point at
//! `<extension>::<type>::<name>` and keep settings the old settings schema accepted. So a
//! change is *breaking* ([`Breaking::Yes`]) when the new version drops something saved
//! settings point at (a feature, a shared module, the configuration) or rejects settings the
//! old schema accepted (see [`schema`]). Changes the tool cannot judge are
//! [`Breaking::Review`]; everything else that matters to users is listed as [`Breaking::No`].
//!
//! [`compare`] works on two parsed manifests and knows nothing of files; `extpack diff`
//! renders the result (`render/diff.rs`) and `check --against` turns it into findings
//! (`checks/against.rs`).

pub mod previous;
pub mod schema;

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::diag::text::compact;
use crate::manifest::{Manifest, pointer};
use crate::references::FEATURE_TYPES;
use crate::versions::VersionNumber;

/// Whether a change breaks properties that upgrade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Breaking {
    /// Saved rule components or settings stop working.
    Yes,
    /// The tool cannot decide: a person should look.
    Review,
    /// Compatible (added, relaxed, renamed for display).
    No,
}

impl Breaking {
    /// The word used in the JSON output: `breaking`, `review`, `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Breaking::Yes => "breaking",
            Breaking::Review => "review",
            Breaking::No => "compatible",
        }
    }
}

/// What a change is about. The order is the order of the output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// The extension as a whole (its version, its display name).
    Extension,
    /// The extension configuration.
    Configuration,
    /// A feature: its array's index in [`FEATURE_TYPES`], the array's name, and its `name`.
    Feature {
        order: usize,
        array: &'static str,
        name: String,
    },
    /// A shared module, by name.
    SharedModule { name: String },
}

impl Subject {
    /// `the action \`send-beacon\``, `the configuration`, …
    pub fn describe(&self) -> String {
        match self {
            Subject::Extension => "the extension".to_owned(),
            Subject::Configuration => "the configuration".to_owned(),
            Subject::Feature { array, name, .. } => format!("the {} `{name}`", noun(array)),
            Subject::SharedModule { name } => format!("the shared module `{name}`"),
        }
    }

    /// The kind of subject in the JSON output: `extension`, `configuration`, `event`,
    /// `condition`, `action`, `data-element`, `shared-module`.
    pub fn kind(&self) -> &'static str {
        match self {
            Subject::Extension => "extension",
            Subject::Configuration => "configuration",
            Subject::Feature { array, .. } => match *array {
                "events" => "event",
                "conditions" => "condition",
                "actions" => "action",
                _ => "data-element",
            },
            Subject::SharedModule { .. } => "shared-module",
        }
    }

    /// The subject's name, when it has one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Subject::Feature { name, .. } | Subject::SharedModule { name } => Some(name),
            _ => None,
        }
    }
}

/// `action`, `data element`, … for an array name.
pub fn noun(array: &str) -> &'static str {
    match array {
        "events" => "event",
        "conditions" => "condition",
        "actions" => "action",
        "dataElements" => "data element",
        _ => "feature",
    }
}

/// What kind of difference a change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Version,
    Removed,
    Added,
    DisplayName,
    Settings,
    TransformRemoved,
    TransformChanged,
    TransformAdded,
}

impl ChangeKind {
    /// The word used in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Version => "version",
            ChangeKind::Removed => "removed",
            ChangeKind::Added => "added",
            ChangeKind::DisplayName => "display-name",
            ChangeKind::Settings => "settings",
            ChangeKind::TransformRemoved => "transform-removed",
            ChangeKind::TransformChanged => "transform-changed",
            ChangeKind::TransformAdded => "transform-added",
        }
    }
}

/// One difference between the old and the new manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub subject: Subject,
    pub kind: ChangeKind,
    pub breaking: Breaking,
    /// The setting (for settings changes) or the transform's `propertyPath`; empty otherwise.
    pub setting: String,
    /// What changed, without the subject: "removed", "`minimum` raised from 0 to 10".
    pub what: String,
    /// Where it was in the old manifest (absent for additions).
    pub old_pointer: Option<String>,
    /// Where it is in the new manifest; for removals, the place it was removed from (the
    /// array, or the top level when the array is gone).
    pub new_pointer: Option<String>,
}

impl Change {
    fn sort_key(&self) -> (&Subject, Breaking, ChangeKind, &str, &str) {
        (
            &self.subject,
            self.breaking,
            self.kind,
            &self.setting,
            &self.what,
        )
    }

    /// The change in one line: "the action `a`: `delay`: `minimum` raised from 0 to 10".
    pub fn sentence(&self) -> String {
        if self.setting.is_empty() {
            format!("{}: {}", self.subject.describe(), self.what)
        } else {
            format!(
                "{}: `{}`: {}",
                self.subject.describe(),
                self.setting,
                self.what
            )
        }
    }
}

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Side {
    /// The extension as the user named it.
    pub path: String,
    pub name: String,
    pub platform: String,
    pub version: String,
}

impl Side {
    /// Whether both sides are the same extension: the same `name` and `platform`.
    pub fn is_same_extension(&self, other: &Side) -> bool {
        self.name == other.name && self.platform == other.platform
    }
}

/// Every difference between two versions of an extension, sorted by subject (the extension,
/// the configuration, features by type and name, shared modules), then breaking first.
#[derive(Clone, Debug)]
pub struct ManifestDiff {
    pub old: Side,
    pub new: Side,
    pub changes: Vec<Change>,
}

impl ManifestDiff {
    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.breaking == Breaking::Yes)
    }

    /// How the new version compares with the old one (semver precedence), when both parse.
    pub fn version_order(&self) -> Option<Ordering> {
        let old = VersionNumber::parse(&self.old.version).ok()?;
        let new = VersionNumber::parse(&self.new.version).ok()?;
        Some(new.precedence(&old))
    }

    /// Whether there are breaking changes although the new version is not a new major version
    /// (for `0.x`, a new minor version). False when a version does not parse.
    pub fn breaking_without_major_bump(&self) -> bool {
        self.breaking().next().is_some()
            && is_same_major(&self.old.version, &self.new.version) == Some(true)
    }
}

/// Whether two versions are in the same compatibility range: the same major version, or for
/// `0.x` the same minor version. `None` when either does not parse.
pub fn is_same_major(old: &str, new: &str) -> Option<bool> {
    let parse = |t: &str| semver::Version::parse(t.strip_prefix('v').unwrap_or(t)).ok();
    let (o, n) = (parse(old)?, parse(new)?);
    Some(if o.major == 0 && n.major == 0 {
        o.minor == n.minor
    } else {
        o.major == n.major
    })
}

/// A released extension to compare with: its parsed manifest and who it is.
#[derive(Debug)]
pub struct Release {
    pub side: Side,
    /// Its manifest; for a saved API response, the package mapped onto the manifest model,
    /// with the spans of the response's values (findings point into the response).
    pub manifest: Manifest,
    /// For a release read from another document than extension.json (a saved API response):
    /// where each pointer of the mapped manifest is in that document (`/displayName` →
    /// `/data/attributes/display_name`). Empty for an extension.json.
    pub file_pointers: HashMap<String, String>,
}

impl Release {
    /// A release read from its extension.json.
    pub fn from_manifest(side: Side, manifest: Manifest) -> Release {
        Release {
            side,
            manifest,
            file_pointers: HashMap::new(),
        }
    }

    /// The JSON Pointer in the release's file of a pointer of its manifest: the same pointer
    /// for an extension.json; in a saved API response, the place the value came from (for a
    /// pointer that names nothing there, its nearest ancestor's place and the rest unchanged).
    pub fn file_pointer(&self, manifest_pointer: &str) -> String {
        if self.file_pointers.is_empty() {
            return manifest_pointer.to_owned();
        }
        let mut ancestor = manifest_pointer;
        loop {
            if let Some(found) = self.file_pointers.get(ancestor) {
                return format!("{found}{}", &manifest_pointer[ancestor.len()..]);
            }
            match pointer::parent(ancestor) {
                Some(parent) => ancestor = parent,
                None => return manifest_pointer.to_owned(),
            }
        }
    }
}

/// Compares two manifests of one extension. Identity is the caller's business
/// (`release::same_extension`); this only lists differences.
pub fn compare(old: &Release, new_side: Side, new: &Manifest) -> ManifestDiff {
    let mut changes = Vec::new();
    let o = &old.manifest;
    if old.side.version != new_side.version {
        changes.push(Change {
            subject: Subject::Extension,
            kind: ChangeKind::Version,
            breaking: Breaking::No,
            setting: String::new(),
            what: format!("version {} → {}", old.side.version, new_side.version),
            old_pointer: Some("/version".into()),
            new_pointer: Some("/version".into()),
        });
    }
    renamed(
        Subject::Extension,
        &o.value,
        &new.value,
        "",
        "",
        &mut changes,
    );
    configuration(o, new, &mut changes);
    for (order, array) in FEATURE_TYPES.iter().enumerate() {
        features(o, new, order, array, &mut changes);
    }
    shared_modules(o, new, &mut changes);
    changes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    changes.dedup();
    ManifestDiff {
        old: old.side.clone(),
        new: new_side,
        changes,
    }
}

/// Items of a named array (`actions`, `sharedModules`) by `name`, with their pointers. The
/// first of duplicate names wins (duplicates are EP304's business).
fn by_name<'a>(m: &'a Manifest, array: &str) -> Option<BTreeMap<&'a str, (String, &'a Value)>> {
    let items = m.value.get(array)?.as_array()?;
    let mut map = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(name) = item.get("name").and_then(Value::as_str) {
            map.entry(name)
                .or_insert_with(|| (format!("/{}/{i}", escape(array)), item));
        }
    }
    Some(map)
}

fn escape(token: &str) -> String {
    pointer::push("", token)[1..].to_owned()
}

/// Where a removal is shown in the new manifest: the array it was removed from, or the top
/// level when the array is gone.
fn removal_spot(new: &Manifest, array: &str) -> String {
    let at = format!("/{}", escape(array));
    if new.get(&at).is_some() {
        at
    } else {
        String::new()
    }
}

fn features(
    old: &Manifest,
    new: &Manifest,
    order: usize,
    array: &'static str,
    out: &mut Vec<Change>,
) {
    let olds = by_name(old, array).unwrap_or_default();
    let news = by_name(new, array).unwrap_or_default();
    let subject = |name: &str| Subject::Feature {
        order,
        array,
        name: name.to_owned(),
    };
    for (name, (op, _)) in &olds {
        if !news.contains_key(name) {
            out.push(removed(subject(name), op, removal_spot(new, array)));
        }
    }
    for (name, (np, nv)) in &news {
        let Some((op, ov)) = olds.get(name) else {
            out.push(added(subject(name), np));
            continue;
        };
        renamed(subject(name), ov, nv, op, np, out);
        settings(subject(name), ov, nv, op, np, out);
        transforms(subject(name), ov, nv, op, np, out);
    }
}

/// Something of the old release that the new one lacks (breaking): `new_pointer` is where it
/// was removed from in the new manifest.
fn removed(subject: Subject, old_pointer: &str, new_pointer: String) -> Change {
    Change {
        subject,
        kind: ChangeKind::Removed,
        breaking: Breaking::Yes,
        setting: String::new(),
        what: "removed".to_owned(),
        old_pointer: Some(old_pointer.to_owned()),
        new_pointer: Some(new_pointer),
    }
}

fn added(subject: Subject, new_pointer: &str) -> Change {
    Change {
        subject,
        kind: ChangeKind::Added,
        breaking: Breaking::No,
        setting: String::new(),
        what: "added".to_owned(),
        old_pointer: None,
        new_pointer: Some(new_pointer.to_owned()),
    }
}

/// A changed `displayName` (of a feature, or of the extension at the root).
fn renamed(subject: Subject, ov: &Value, nv: &Value, op: &str, np: &str, out: &mut Vec<Change>) {
    let (a, b) = (
        ov.get("displayName").and_then(Value::as_str),
        nv.get("displayName").and_then(Value::as_str),
    );
    if let (Some(a), Some(b)) = (a, b)
        && a != b
    {
        out.push(Change {
            subject,
            kind: ChangeKind::DisplayName,
            breaking: Breaking::No,
            setting: String::new(),
            what: format!("display name \"{a}\" → \"{b}\""),
            old_pointer: Some(format!("{op}/displayName")),
            new_pointer: Some(format!("{np}/displayName")),
        });
    }
}

/// The settings schemas of something present in both versions.
fn settings(subject: Subject, ov: &Value, nv: &Value, op: &str, np: &str, out: &mut Vec<Change>) {
    let (os, ns) = (ov.get("schema"), nv.get("schema"));
    let change = |breaking, setting: String, what: String, old_pointer, new_pointer| Change {
        subject: subject.clone(),
        kind: ChangeKind::Settings,
        breaking,
        setting,
        what,
        old_pointer: Some(old_pointer),
        new_pointer: Some(new_pointer),
    };
    match (os, ns) {
        (Some(a), Some(b)) => {
            for c in schema::compare(a, b, &format!("{op}/schema"), &format!("{np}/schema")) {
                out.push(change(
                    c.breaking,
                    c.setting,
                    c.what,
                    c.old_pointer,
                    c.new_pointer,
                ));
            }
        }
        (None, Some(_)) => out.push(change(
            Breaking::Review,
            String::new(),
            "a settings schema was added: settings saved without one must match it".to_owned(),
            op.to_owned(),
            format!("{np}/schema"),
        )),
        (Some(_), None) => out.push(change(
            Breaking::No,
            String::new(),
            "the settings schema was removed (any settings are accepted)".to_owned(),
            format!("{op}/schema"),
            np.to_owned(),
        )),
        (None, None) => {}
    }
}

/// The transforms of a feature present in both versions, by `propertyPath`.
fn transforms(subject: Subject, ov: &Value, nv: &Value, op: &str, np: &str, out: &mut Vec<Change>) {
    let by_path = |v: &'_ Value, at: &str| -> BTreeMap<String, (String, Value)> {
        let mut map = BTreeMap::new();
        if let Some(items) = v.get("transforms").and_then(Value::as_array) {
            for (i, t) in items.iter().enumerate() {
                if let Some(path) = t.get("propertyPath").and_then(Value::as_str) {
                    map.entry(path.to_owned())
                        .or_insert_with(|| (format!("{at}/transforms/{i}"), t.clone()));
                }
            }
        }
        map
    };
    let (olds, news) = (by_path(ov, op), by_path(nv, np));
    let kind_of = |t: &Value| {
        t.get("type")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned()
    };
    let transforms_spot = if nv.get("transforms").is_some() {
        format!("{np}/transforms")
    } else {
        np.to_owned()
    };
    for (path, (o_at, o_t)) in &olds {
        let (kind, breaking, what, new_pointer) = match news.get(path) {
            None => (
                ChangeKind::TransformRemoved,
                Breaking::Review,
                format!("the `{}` transform was removed", kind_of(o_t)),
                transforms_spot.clone(),
            ),
            Some((n_at, n_t)) if n_t != o_t => (
                ChangeKind::TransformChanged,
                Breaking::Review,
                format!("the transform changed: {}", transform_edits(o_t, n_t)),
                n_at.clone(),
            ),
            Some(_) => continue,
        };
        out.push(Change {
            subject: subject.clone(),
            kind,
            breaking,
            setting: path.clone(),
            what,
            old_pointer: Some(o_at.clone()),
            new_pointer: Some(new_pointer),
        });
    }
    for (path, (n_at, n_t)) in &news {
        if !olds.contains_key(path) {
            out.push(Change {
                subject: subject.clone(),
                kind: ChangeKind::TransformAdded,
                breaking: Breaking::No,
                setting: path.clone(),
                what: format!("a `{}` transform was added", kind_of(n_t)),
                old_pointer: None,
                new_pointer: Some(n_at.clone()),
            });
        }
    }
}

fn configuration(old: &Manifest, new: &Manifest, out: &mut Vec<Change>) {
    let (oc, nc) = (old.get("/configuration"), new.get("/configuration"));
    let subject = Subject::Configuration;
    match (oc, nc) {
        (Some(_), None) => out.push(Change {
            subject,
            kind: ChangeKind::Removed,
            breaking: Breaking::Yes,
            setting: String::new(),
            what: "removed".to_owned(),
            old_pointer: Some("/configuration".into()),
            new_pointer: Some(String::new()),
        }),
        (None, Some(c)) => {
            let required = c
                .pointer("/schema/required")
                .and_then(Value::as_array)
                .is_some_and(|r| !r.is_empty());
            let mut change = added(subject, "/configuration");
            if required {
                change.breaking = Breaking::Review;
                change.what =
                    "added with required settings: existing properties must configure the extension after the upgrade"
                        .to_owned();
            }
            out.push(change);
        }
        (Some(ov), Some(nv)) => {
            settings(subject, ov, nv, "/configuration", "/configuration", out);
        }
        (None, None) => {}
    }
}

fn shared_modules(old: &Manifest, new: &Manifest, out: &mut Vec<Change>) {
    let array = "sharedModules";
    let olds = by_name(old, array).unwrap_or_default();
    let news = by_name(new, array).unwrap_or_default();
    let subject = |name: &str| Subject::SharedModule {
        name: name.to_owned(),
    };
    for (name, (op, _)) in &olds {
        if !news.contains_key(name) {
            out.push(removed(subject(name), op, removal_spot(new, array)));
        }
    }
    for (name, (np, _)) in &news {
        if !olds.contains_key(name) {
            out.push(added(subject(name), np));
        }
    }
}

/// The keys in which two transforms differ: "`parameters` `["event"]` → `["event","settings"]`".
fn transform_edits(old: &Value, new: &Value) -> String {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return format!("`{}` → `{}`", compact(old), compact(new));
    };
    let keys: std::collections::BTreeSet<&String> = o.keys().chain(n.keys()).collect();
    let show =
        |v: Option<&Value>| v.map_or_else(|| "(none)".to_owned(), |v| format!("`{}`", compact(v)));
    keys.into_iter()
        .filter(|k| o.get(*k) != n.get(*k))
        .map(|k| format!("`{k}` {} → {}", show(o.get(k)), show(n.get(k))))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn major_range_is_the_minor_for_zero_versions() {
        assert_eq!(is_same_major("1.0.0", "1.9.0"), Some(true));
        assert_eq!(is_same_major("1.4.0", "2.0.0"), Some(false));
        assert_eq!(is_same_major("v0.2.5", "0.2.6"), Some(true));
        assert_eq!(is_same_major("0.2.5", "0.3.0"), Some(false));
        assert_eq!(is_same_major("1.0", "2.0.0"), None);
    }

    fn release(text: &str) -> Release {
        let m = crate::manifest::parse("e.json".into(), text.as_bytes())
            .manifest
            .unwrap_or_else(|| panic!("fixture must parse"));
        Release::from_manifest(
            Side {
                path: "x".into(),
                name: "n".into(),
                platform: "web".into(),
                version: m.top_level_str("version").unwrap_or("?").to_owned(),
            },
            m,
        )
    }

    #[test]
    fn removals_point_at_the_array_or_the_top_level() {
        let old = release(
            r#"{"version": "1.0.0", "actions": [{"name": "a"}, {"name": "b"}], "sharedModules": [{"name": "s"}]}"#,
        );
        let new = release(r#"{"version": "1.0.1", "actions": [{"name": "b"}]}"#);
        let d = compare(&old, new.side.clone(), &new.manifest);
        let removed: Vec<(&str, Option<&str>, Option<&str>)> = d
            .breaking()
            .map(|c| {
                (
                    c.subject.kind(),
                    c.old_pointer.as_deref(),
                    c.new_pointer.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            removed,
            [
                ("action", Some("/actions/0"), Some("/actions")),
                ("shared-module", Some("/sharedModules/0"), Some("")),
            ]
        );
        assert!(d.breaking_without_major_bump());
    }
}
